/// @file The one guard every route goes through (internal): limits, request ids, error mapping,
/// exactly one response, the access log and the count of requests in flight.
#pragma once

#include "exchange.hpp"
#include "peerscope/server/server.hpp"

#include <pistache/http.h>
#include <pistache/router.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace peerscope::server {

/// State shared by the guard on every worker thread and by Server::stop(). Thread-safe.
class ServerState final {
  public:
    explicit ServerState(const ServerOptions& options);

    /// The options (limits, log sink, hook). Immutable after construction.
    [[nodiscard]] const ServerOptions& options() const noexcept { return options_; }
    /// Writes one log line (stderr unless options().log is set).
    void log(std::string_view line) const;
    /// A fresh request id, unique within this process.
    [[nodiscard]] std::string new_request_id();

    /// Counts a request in flight; returns false when the server is draining (the request is still
    /// counted and must be finished with request_done()).
    bool request_started() noexcept;
    /// Ends a request counted by request_started(): its handler is done and its response was
    /// handed to Pistache.
    void request_done() noexcept;
    /// Counts a response handed to Pistache until write_done() (called when Pistache reports it
    /// written or failed). Pistache drops the writes of a peer that disconnected without reporting
    /// them, so this count may stay above zero: wait for it only with a short bound.
    void write_started() noexcept;
    /// Ends a write counted by write_started().
    void write_done() noexcept;
    /// Refuses new requests from now on.
    void start_draining() noexcept;
    /// Waits until no request is in flight or @p timeout passes; returns the requests left.
    std::size_t wait_idle(std::chrono::milliseconds timeout);
    /// Waits until every counted response is written or @p timeout passes; returns those left.
    std::size_t wait_flushed(std::chrono::milliseconds timeout);
    /// Requests in flight.
    [[nodiscard]] std::size_t in_flight() const noexcept { return in_flight_.load(); }

  private:
    ServerOptions options_;
    std::atomic<bool> draining_{false};
    std::atomic<std::size_t> in_flight_{0};
    std::atomic<std::size_t> unflushed_{0};
    std::mutex mutex_;
    std::condition_variable idle_;
    std::atomic<std::uint64_t> next_request_{1};
    std::string id_prefix_;
};

/// Where a handler's {id} comes from.
enum class IdSource {
    None,     ///< no id
    Param,    ///< the ":id" path segment
    Remainder ///< everything after the given prefix of the raw path (ids containing '/')
};

/// A handler over a decoded request.
using HandlerFunction = std::function<Reply(RequestContext&)>;

/// Wraps @p handler into a Pistache route handler that checks limits, decodes the request, runs
/// the handler, maps every exception (search::Error, HttpError, std::exception, ...) to an
/// envelope, sends exactly one response, and writes one access-log line. Never throws.
[[nodiscard]] Pistache::Rest::Route::Handler guard(std::shared_ptr<ServerState> state,
                                                   HandlerFunction handler,
                                                   IdSource id_source = IdSource::None,
                                                   std::string id_prefix = {});

/// Sends @p reply on @p writer for a request that did not go through the router (timeouts, a
/// router failure): JSON, request id header, access-log line. Never throws.
void send_outside_router(const std::shared_ptr<ServerState>& state,
                         const Pistache::Http::Request& request,
                         Pistache::Http::ResponseWriter& writer,
                         const Reply& reply);

} // namespace peerscope::server
