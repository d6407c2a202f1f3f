/// @file The HTTP handlers: thin verb_noun functions over the search library (internal).
#pragma once

#include "exchange.hpp"
#include "peerscope/search/service.hpp"

namespace peerscope::server {

/// The handlers of every route. Each takes a searcher lease for the duration of the request.
/// Thread-safe: one instance is shared by all worker threads (it holds only a service reference).
class Handlers final {
  public:
    /// @p service must outlive this object.
    explicit Handlers(search::SearchService& service) : service_(service) {}

    Reply get_works(RequestContext& request);
    Reply get_random_work(RequestContext& request);
    Reply get_work(RequestContext& request);
    Reply get_sources(RequestContext& request);
    Reply get_source(RequestContext& request);
    Reply get_autocomplete_works(RequestContext& request);
    Reply get_health(RequestContext& request);
    /// Any path no route has: 404 envelope listing the endpoints.
    Reply get_unknown_route(RequestContext& request);
    /// A known path with a method other than GET: 405 envelope with Allow: GET.
    Reply reject_method(RequestContext& request);

  private:
    search::SearchService& service_;
};

} // namespace peerscope::server
