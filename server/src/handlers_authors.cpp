// The author handlers: GET /v1/authors, /v1/authors/{id}, /card, /graph and
// /v1/autocomplete/authors (declared in handlers.hpp).

#include "handlers.hpp"
#include "json_authors.hpp"
#include "peerscope/server/json_codec.hpp"

#include <chrono>

namespace peerscope::server {
namespace {

/// Ids in messages are cut after this many bytes.
constexpr std::size_t kShownId = 200;

[[noreturn]] void unknown_author(const std::string& id) {
    throw HttpError(ErrorKind::NotFound,
                    "no author has the id " + quoted_value(id, kShownId)
                        + "; find author ids with /v1/authors?search=<name>");
}

void require_id(const RequestContext& request, const char* path) {
    if (request.id.empty()) {
        throw HttpError(ErrorKind::NotFound, std::string("no author id given; use ") + path);
    }
}

} // namespace

Reply Handlers::get_authors(RequestContext& request) {
    AuthorsRequest parsed = parse_authors_request(request.query);
    validate_select(parsed.select, author_fields());
    auto searcher = service_.lease();
    search::AuthorsPage page = searcher->search_authors(parsed.query);
    return json_reply(dump(authors_page_json(page, parsed.select, parsed.plural_groups)));
}

Reply Handlers::get_author(RequestContext& request) {
    SingleRequest parsed = parse_single_request(request.query, false);
    validate_select(parsed.select, author_fields());
    require_id(request, "/v1/authors/{id}");
    auto searcher = service_.lease();
    std::optional<schema::AuthorData> author = searcher->get_author(request.id);
    if (!author) {
        unknown_author(request.id);
    }
    Json json = author_json(*author);
    apply_select(json, parsed.select);
    return json_reply(dump(json));
}

Reply Handlers::get_author_card(RequestContext& request) {
    request.query.reject_unknown("none");
    require_id(request, "/v1/authors/{id}/card");
    auto searcher = service_.lease();
    std::optional<search::AuthorCard> card = searcher->author_card(request.id);
    if (!card) {
        unknown_author(request.id);
    }
    return json_reply(dump(author_card_json(*card)));
}

Reply Handlers::get_author_graph(RequestContext& request) {
    GraphRequest parsed = parse_graph_request(request.query);
    require_id(request, "/v1/authors/{id}/graph");
    auto searcher = service_.lease();
    std::optional<search::ResearchGraph> graph =
        searcher->author_graph(request.id, parsed.depth, parsed.limit);
    if (!graph) {
        unknown_author(request.id);
    }
    return json_reply(dump(research_graph_json(*graph)));
}

Reply Handlers::get_autocomplete_authors(RequestContext& request) {
    std::string q = parse_autocomplete_request(request.query);
    auto started = std::chrono::steady_clock::now();
    std::vector<search::AuthorCompletion> completions;
    if (!q.empty()) {
        auto searcher = service_.lease();
        completions = searcher->autocomplete_authors(q);
    }
    double elapsed =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count();
    return json_reply(dump(author_completions_json(completions, elapsed)));
}

} // namespace peerscope::server
