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

    /// GET /v1/works: search, filter, sort, page, group (params.hpp parses, the library validates).
    Reply get_works(RequestContext& request);
    /// GET /v1/works/random (seed=, select=).
    Reply get_random_work(RequestContext& request);
    /// GET /v1/works/{id}: any id form the library resolves; 404 when unknown.
    Reply get_work(RequestContext& request);
    /// GET /v1/sources.
    Reply get_sources(RequestContext& request);
    /// GET /v1/sources/{id}; 404 when unknown.
    Reply get_source(RequestContext& request);
    /// GET /v1/autocomplete/works?q=; an empty q completes nothing.
    Reply get_autocomplete_works(RequestContext& request);
    /// GET /healthz: 200 with status, works count and revision, or the 503 envelope.
    Reply get_health(RequestContext& request);
    /// Any path no route has: 404 envelope listing the endpoints.
    Reply get_unknown_route(RequestContext& request);
    /// A known path with a method other than GET: 405 envelope with Allow: GET.
    Reply reject_method(RequestContext& request);

    // ---- topics (handlers_topics.cpp) and related works (handlers_related.cpp) ----
    /// GET /v1/topics: search, filter, sort, per_page, page, select.
    Reply get_topics(RequestContext& request);
    /// GET /v1/topics/{id}: the topic page; 404 when unknown.
    Reply get_topic(RequestContext& request);
    /// GET /v1/works/{id}/related (per_page, filter, select); 404 when the work is unknown.
    Reply get_related_works(RequestContext& request);
    /// POST /v1/related: the JSON body {"positive": [ids], "negative": [ids], "filter": "...",
    /// "per_page": n}; 400 for a malformed body, 404 naming an unknown seed.
    Reply post_related(RequestContext& request, const std::string& body);
    /// A method other than POST on /v1/related: 405 envelope with Allow: POST.
    Reply reject_method_except_post(RequestContext& request);

    // ---- authors (handlers_authors.cpp) ----
    /// GET /v1/authors: name search, filter, sort, page, group_by, select.
    Reply get_authors(RequestContext& request);
    /// GET /v1/authors/{id} (select=); 400 for a malformed id, 404 when unknown.
    Reply get_author(RequestContext& request);
    /// GET /v1/authors/{id}/card: the researcher profile card; 400 / 404 as for the author.
    Reply get_author_card(RequestContext& request);
    /// GET /v1/authors/{id}/graph (depth=1|2, limit=); 400 for bounds, 404 when unknown.
    Reply get_author_graph(RequestContext& request);
    /// GET /v1/autocomplete/authors?q=; an empty or one-letter q completes nothing.
    Reply get_autocomplete_authors(RequestContext& request);

  private:
    search::SearchService& service_;
};

} // namespace peerscope::server
