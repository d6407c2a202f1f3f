// JSON shapes of topics (GET /v1/topics, /v1/topics/{id}) and related works
// (GET /v1/works/{id}/related, POST /v1/related).
#include "peerscope/server/json_codec.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace peerscope::server {
namespace {

constexpr std::array<std::string_view, 23> kTopicFields = {
    "id",
    "display_name",
    "relevance_score",
    "description",
    "level",
    "origin",
    "ids",
    "parent",
    "domain",
    "field",
    "subfield",
    "path",
    "children_count",
    "children",
    "works_count",
    "cited_by_count",
    "works_api_url",
    "counts_by_year",
    "top_venues",
    "top_authors",
    "related_topics",
    "trend",
    "rules",
};

/// The work fields (json_codec.cpp's list) plus `reasons`, built once.
const std::vector<std::string_view>& related_field_list() {
    static const std::vector<std::string_view> fields = [] {
        std::span<const std::string_view> work = work_fields();
        std::vector<std::string_view> out(work.begin(), work.end());
        out.emplace_back("reasons");
        return out;
    }();
    return fields;
}

long rounded_ms(double ms) {
    return std::lround(std::max(ms, 0.0));
}

Json node_json(const search::TopicNode& node) {
    Json json;
    json["id"] = node.id;
    json["display_name"] = node.display_name;
    json["level"] = node.level.empty() ? Json(nullptr) : Json(node.level);
    json["works_count"] = node.works_count;
    return json;
}

Json nodes_json(const std::vector<search::TopicNode>& nodes) {
    Json out = Json::array();
    for (const search::TopicNode& node : nodes) {
        out.push_back(node_json(node));
    }
    return out;
}

Json ref_json(const search::TopicNode& node) {
    return Json{{"id", node.id}, {"display_name", node.display_name}};
}

/// The ancestor of @p topic at @p level as {id, display_name}, or null.
Json ancestor_at(const search::TopicDetail& topic, std::string_view level) {
    for (const search::TopicNode& node : topic.path) {
        if (node.level == level && node.id != topic.topic.id) {
            return ref_json(node);
        }
    }
    return nullptr;
}

Json counted_json(const std::vector<schema::CountedRef>& refs) {
    Json out = Json::array();
    for (const schema::CountedRef& ref : refs) {
        out.push_back(
            Json{{"id", ref.id}, {"display_name", ref.display_name}, {"count", ref.count}});
    }
    return out;
}

Json trend_json(const search::TopicTrend& trend) {
    Json json;
    json["rising"] = trend.rising;
    json["recent_years"] = trend.recent_to == 0
                               ? Json(nullptr)
                               : Json{{"from", trend.recent_from}, {"to", trend.recent_to}};
    json["recent_works"] = trend.recent_works;
    json["earlier_works"] = trend.earlier_works;
    json["recent_share"] = trend.recent_share;
    json["earlier_share"] = trend.earlier_share;
    json["growth"] = trend.earlier_works == 0 ? Json(nullptr) : Json(trend.growth);
    return json;
}

Json reason_json(const search::RelatedReason& reason) {
    Json json;
    json["type"] = reason.type;
    if (!reason.terms.empty()) {
        json["terms"] = reason.terms;
    }
    if (!reason.ids.empty()) {
        json["ids"] = reason.ids;
    }
    json["seeds"] = reason.seeds;
    json["detail"] = reason.detail;
    json["weight"] = reason.weight;
    return json;
}

} // namespace

std::span<const std::string_view> topic_fields() noexcept {
    return kTopicFields;
}

Json topic_json(const search::TopicDetail& detail) {
    const schema::TopicEntityData& topic = detail.topic;
    Json json;
    json["id"] = topic.id;
    json["display_name"] = topic.display_name;
    if (detail.relevance_score) {
        json["relevance_score"] = *detail.relevance_score;
    }
    json["description"] = topic.description.empty() ? Json(nullptr) : Json(topic.description);
    json["level"] = topic.level;
    json["origin"] = topic.origin;
    Json ids = Json::object();
    if (!topic.source_key.empty() && !topic.origin.empty()) {
        ids[topic.origin] = topic.source_key;
    }
    json["ids"] = std::move(ids);
    json["parent"] = nullptr;
    if (!topic.parent_id.empty()) {
        auto parent = std::find_if(detail.path.begin(), detail.path.end(), [&](const auto& node) {
            return node.id == topic.parent_id;
        });
        json["parent"] = parent == detail.path.end()
                             ? Json{{"id", topic.parent_id}, {"display_name", nullptr}}
                             : ref_json(*parent);
    }
    json["domain"] = ancestor_at(detail, "domain");
    json["field"] = ancestor_at(detail, "field");
    json["subfield"] = ancestor_at(detail, "subfield");
    json["path"] = nodes_json(detail.path);
    json["children_count"] = detail.children.size();
    json["children"] = nodes_json(detail.children);
    json["works_count"] = topic.works_count;
    json["cited_by_count"] = topic.cited_by_count;
    json["works_api_url"] = "/v1/works?filter=topics.id:" + topic.id;
    Json years = Json::array();
    for (const schema::YearCount& year : topic.counts_by_year) {
        years.push_back(Json{{"year", year.year},
                             {"works_count", year.works_count},
                             {"cited_by_count", year.cited_by_count}});
    }
    json["counts_by_year"] = std::move(years);
    json["top_venues"] = counted_json(topic.sources);
    json["top_authors"] = counted_json(topic.authors);
    Json related = Json::array();
    for (const search::RelatedTopic& r : detail.related) {
        related.push_back(Json{{"id", r.id},
                               {"display_name", r.display_name},
                               {"works_count", r.works_count},
                               {"shared_works", r.shared_works},
                               {"score", r.score}});
    }
    json["related_topics"] = std::move(related);
    json["trend"] = trend_json(detail.trend);
    json["rules"] = topic.rules;
    return json;
}

Json topics_page_json(const search::TopicsPage& page, const std::vector<std::string>& select) {
    Json meta;
    meta["count"] = page.count;
    meta["db_response_time_ms"] = rounded_ms(page.elapsed_ms);
    meta["page"] = page.page;
    meta["per_page"] = page.per_page;
    meta["groups_count"] = nullptr;
    Json results = Json::array();
    for (const search::TopicDetail& topic : page.results) {
        Json json = topic_json(topic);
        apply_select(json, select);
        results.push_back(std::move(json));
    }
    Json json;
    json["meta"] = std::move(meta);
    json["results"] = std::move(results);
    json["group_by"] = Json::array();
    return json;
}

std::span<const std::string_view> related_fields() noexcept {
    return related_field_list();
}

Json related_page_json(const search::RelatedPage& page, const std::vector<std::string>& select) {
    Json meta;
    meta["count"] = page.results.size();
    meta["db_response_time_ms"] = rounded_ms(page.elapsed_ms);
    meta["per_page"] = page.per_page;
    meta["seeds"] = page.seeds;
    meta["negative_seeds"] = page.negative_seeds;
    Json terms = Json::array();
    for (const search::RelatedTerm& term : page.query_terms) {
        terms.push_back(Json{{"term", term.term}, {"weight", term.weight}});
    }
    meta["query_terms"] = std::move(terms);
    meta["feedback_works"] = page.feedback_works;
    meta["evidence"] = page.evidence;
    Json results = Json::array();
    for (const search::RelatedHit& hit : page.results) {
        Json work = work_json(hit.work, hit.score);
        Json reasons = Json::array();
        for (const search::RelatedReason& reason : hit.reasons) {
            reasons.push_back(reason_json(reason));
        }
        work["reasons"] = std::move(reasons);
        apply_select(work, select);
        results.push_back(std::move(work));
    }
    Json json;
    json["meta"] = std::move(meta);
    json["results"] = std::move(results);
    return json;
}

} // namespace peerscope::server
