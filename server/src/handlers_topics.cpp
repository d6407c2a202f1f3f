// Handlers of GET /v1/topics and GET /v1/topics/{id}.
#include "handlers.hpp"
#include "peerscope/server/json_codec.hpp"

namespace peerscope::server {
namespace {

/// Ids in messages are cut after this many bytes.
constexpr std::size_t kShownId = 200;

} // namespace

Reply Handlers::get_topics(RequestContext& request) {
    // Topics take the same parameters as sources: search, filter, sort, per_page, page, select.
    SourcesRequest parsed = parse_sources_request(request.query);
    validate_select(parsed.select, topic_fields());
    auto searcher = service_.lease();
    search::TopicsPage page = searcher->search_topics(parsed.query);
    return json_reply(dump(topics_page_json(page, parsed.select)));
}

Reply Handlers::get_topic(RequestContext& request) {
    SingleRequest parsed = parse_single_request(request.query, false);
    validate_select(parsed.select, topic_fields());
    if (request.id.empty()) {
        throw HttpError(ErrorKind::NotFound, "no topic id given; use /v1/topics/{id}");
    }
    auto searcher = service_.lease();
    std::optional<search::TopicDetail> topic = searcher->get_topic(request.id);
    if (!topic) {
        throw HttpError(ErrorKind::NotFound,
                        "no topic has the id " + quoted_value(request.id, kShownId)
                            + "; a topic id looks like T11 (browse them with /v1/topics, or "
                              "/v1/topics?filter=level:domain for the roots)");
    }
    Json json = topic_json(*topic);
    apply_select(json, parsed.select);
    return json_reply(dump(json));
}

} // namespace peerscope::server
