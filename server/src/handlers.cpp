#include "handlers.hpp"

#include "peerscope/server/json_codec.hpp"
#include "routes.hpp"

#include <chrono>

namespace peerscope::server {
namespace {

/// Ids and paths in messages are cut after this many bytes.
constexpr std::size_t kShownId = 200;

} // namespace

Reply Handlers::get_works(RequestContext& request) {
    WorksRequest parsed = parse_works_request(request.query);
    validate_select(parsed.select, work_fields());
    auto searcher = service_.lease();
    search::WorksPage page = searcher->search_works(parsed.query);
    return json_reply(dump(works_page_json(page, {parsed.select, parsed.plural_groups})));
}

Reply Handlers::get_random_work(RequestContext& request) {
    SingleRequest parsed = parse_single_request(request.query, true);
    validate_select(parsed.select, work_fields());
    auto searcher = service_.lease();
    std::optional<schema::WorkData> work = searcher->random_work(parsed.seed);
    if (!work) {
        throw HttpError(ErrorKind::NotFound,
                        "the index holds no works yet; index some with peerscope-index");
    }
    Json json = work_json(*work);
    apply_select(json, parsed.select);
    return json_reply(dump(json));
}

Reply Handlers::get_work(RequestContext& request) {
    SingleRequest parsed = parse_single_request(request.query, false);
    validate_select(parsed.select, work_fields());
    if (request.id.empty()) {
        throw HttpError(ErrorKind::NotFound, "no work id given; use /v1/works/{id}");
    }
    auto searcher = service_.lease();
    std::optional<schema::WorkData> work = searcher->get_work(request.id);
    if (!work) {
        throw HttpError(ErrorKind::NotFound,
                        "no work has the id " + quoted_value(request.id, kShownId)
                            + "; a work id is its key (e.g. W1001), an OpenAlex URL, or a DOI "
                              "(10.1234/x, doi:10.1234/x or https://doi.org/10.1234/x)");
    }
    Json json = work_json(*work);
    apply_select(json, parsed.select);
    return json_reply(dump(json));
}

Reply Handlers::get_sources(RequestContext& request) {
    SourcesRequest parsed = parse_sources_request(request.query);
    validate_select(parsed.select, source_fields());
    auto searcher = service_.lease();
    search::SourcesPage page = searcher->search_sources(parsed.query);
    return json_reply(dump(sources_page_json(page, parsed.select)));
}

Reply Handlers::get_source(RequestContext& request) {
    SingleRequest parsed = parse_single_request(request.query, false);
    validate_select(parsed.select, source_fields());
    if (request.id.empty()) {
        throw HttpError(ErrorKind::NotFound, "no source id given; use /v1/sources/{id}");
    }
    auto searcher = service_.lease();
    std::optional<schema::SourceEntityData> source = searcher->get_source(request.id);
    if (!source) {
        throw HttpError(ErrorKind::NotFound,
                        "no source has the id " + quoted_value(request.id, kShownId)
                            + "; a source id looks like S3 (find ids with /v1/sources?search=...)");
    }
    Json json = source_json(*source);
    apply_select(json, parsed.select);
    return json_reply(dump(json));
}

Reply Handlers::get_autocomplete_works(RequestContext& request) {
    std::string q = parse_autocomplete_request(request.query);
    auto started = std::chrono::steady_clock::now();
    std::vector<search::WorkCompletion> completions;
    if (!q.empty()) {
        auto searcher = service_.lease();
        completions = searcher->autocomplete_works(q);
    }
    double elapsed =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count();
    return json_reply(dump(completions_json(completions, elapsed)));
}

Reply Handlers::get_health(RequestContext& request) {
    request.query.reject_unknown("none");
    auto searcher = service_.lease();
    search::Health health = searcher->health();
    if (!health.ok) {
        throw HttpError(ErrorKind::IndexUnavailable, "the index is not healthy: " + health.message);
    }
    return json_reply(dump(health_json(health)));
}

Reply Handlers::get_unknown_route(RequestContext& request) {
    throw HttpError(ErrorKind::RouteNotFound,
                    "no endpoint at " + request.method + " " + quoted_value(request.path, kShownId)
                        + ". Endpoints: " + endpoint_summary() + ".");
}

Reply Handlers::reject_method(RequestContext& request) {
    Reply reply =
        error_reply(ErrorKind::MethodNotAllowed,
                    request.method + " is not allowed on " + quoted_value(request.path, kShownId)
                        + "; this API is read-only: use GET");
    reply.headers.emplace_back("Allow", "GET");
    return reply;
}

} // namespace peerscope::server
