/// @file The route table (internal).
#pragma once

#include "guard.hpp"
#include "handlers.hpp"

#include <pistache/router.h>

#include <memory>
#include <string>

namespace peerscope::server {

/// Registers every route of the API on @p router, each wrapped in the guard: the GET routes under
/// /v1 and without prefix, a 405 handler for every other method on the same paths, catch-all
/// routes for ids containing '/', and the JSON 404. @p handlers must outlive the router.
void register_routes(Pistache::Rest::Router& router,
                     Handlers& handlers,
                     const std::shared_ptr<ServerState>& state);

/// Every endpoint of the route table in one line, for the 404 message. Thread-safe (pure).
std::string endpoint_summary();

} // namespace peerscope::server
