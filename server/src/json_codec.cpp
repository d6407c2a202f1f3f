#include "peerscope/server/json_codec.hpp"

#include "peerscope/server/errors.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <unordered_map>
#include <utility>

namespace peerscope::server {
namespace {

constexpr std::array<std::string_view, 21> kWorkFields = {
    "id",
    "doi",
    "title",
    "display_name",
    "relevance_score",
    "publication_year",
    "publication_date",
    "ids",
    "language",
    "primary_location",
    "type",
    "authorships",
    "cited_by_count",
    "primary_topic",
    "topics",
    "locations_count",
    "locations",
    "referenced_works_count",
    "referenced_works",
    "abstract_inverted_index",
    "highlight",
};

constexpr std::array<std::string_view, 9> kSourceFields = {
    "id",
    "display_name",
    "relevance_score",
    "type",
    "works_count",
    "cited_by_count",
    "alternate_titles",
    "counts_by_year",
    "topics",
};

constexpr std::string_view kDoiPrefix = "https://doi.org/";
constexpr std::string_view kOpenAlexPrefix = "https://openalex.org/";
constexpr std::string_view kOrcidPrefix = "https://orcid.org/";
constexpr std::string_view kArxivPrefix = "https://arxiv.org/abs/";

/// An empty object with room for @p members: ordered_json keeps members in a vector of
/// pair<const string, json>, which copies (not moves) every member, deeply, each time it grows.
Json object_with_room(std::size_t members) {
    Json json = Json::object();
    json.get_ref<Json::object_t&>().reserve(members);
    return json;
}

/// A string, or null when empty.
Json text_or_null(const std::string& text) {
    return text.empty() ? Json(nullptr) : Json(text);
}

/// Prefixes @p value unless it already is a URL; null when empty.
Json url_or_null(std::string_view prefix, const std::string& value) {
    if (value.empty()) {
        return nullptr;
    }
    if (value.rfind("http://", 0) == 0 || value.rfind("https://", 0) == 0) {
        return value;
    }
    return std::string(prefix) + value;
}

Json source_ref_json(const schema::SourceData& source) {
    if (source.id.empty() && source.display_name.empty()) {
        return nullptr;
    }
    Json json = object_with_room(3);
    json["id"] = text_or_null(source.id);
    json["display_name"] = text_or_null(source.display_name);
    json["type"] = text_or_null(source.type);
    return json;
}

Json location_json(const schema::LocationData& location) {
    Json json = object_with_room(5);
    json["is_primary"] = location.is_primary;
    json["landing_page_url"] = text_or_null(location.landing_page_url);
    json["pdf_url"] = text_or_null(location.pdf_url);
    json["source"] = source_ref_json(location.source);
    json["version"] = text_or_null(location.version);
    return json;
}

Json primary_location_json(const schema::WorkData& work) {
    auto primary = std::find_if(work.locations.begin(),
                                work.locations.end(),
                                [](const auto& location) { return location.is_primary; });
    if (primary != work.locations.end()) {
        return location_json(*primary);
    }
    if (!work.locations.empty()) {
        return location_json(work.locations.front());
    }
    Json source = source_ref_json(work.primary_source);
    if (source.is_null()) {
        return nullptr;
    }
    Json json;
    json["is_primary"] = true;
    json["landing_page_url"] = work.urls.empty() ? Json(nullptr) : Json(work.urls.front());
    json["pdf_url"] = nullptr;
    json["source"] = std::move(source);
    json["version"] = nullptr;
    return json;
}

Json authorship_json(const schema::AuthorshipData& authorship,
                     std::size_t index,
                     std::size_t count) {
    Json json = object_with_room(4);
    json["author_position"] = index == 0 ? "first" : (index + 1 == count ? "last" : "middle");
    Json author = object_with_room(3);
    author["id"] = text_or_null(authorship.author_id);
    author["display_name"] = authorship.display_name;
    author["orcid"] = url_or_null(kOrcidPrefix, authorship.orcid);
    json["author"] = std::move(author);
    Json institutions = Json::array();
    for (const std::string& institution : authorship.institutions) {
        institutions.push_back(Json{{"display_name", institution}});
    }
    json["institutions"] = std::move(institutions);
    json["raw_author_name"] =
        authorship.raw_name.empty() ? authorship.display_name : authorship.raw_name;
    return json;
}

Json topic_json(const schema::TopicData& topic) {
    Json json = object_with_room(4);
    json["id"] = topic.id;
    json["display_name"] = topic.display_name;
    json["score"] = topic.score;
    json["reason"] = text_or_null(topic.reason);
    return json;
}

Json group_json(const search::GroupBucket& bucket) {
    Json json = object_with_room(3);
    json["key"] = bucket.key;
    json["key_display_name"] = bucket.key_display_name;
    json["count"] = bucket.count;
    return json;
}

Json groups_json(const search::GroupResult& group) {
    Json groups = Json::array();
    for (const search::GroupBucket& bucket : group.buckets) {
        groups.push_back(group_json(bucket));
    }
    return groups;
}

long rounded_ms(double ms) {
    return std::lround(std::max(ms, 0.0));
}

std::string joined(std::span<const std::string_view> items) {
    std::string out;
    for (std::string_view item : items) {
        if (!out.empty()) {
            out += ", ";
        }
        out += item;
    }
    return out;
}

} // namespace

std::span<const std::string_view> work_fields() noexcept {
    return kWorkFields;
}

std::span<const std::string_view> source_fields() noexcept {
    return kSourceFields;
}

void validate_select(const std::vector<std::string>& select,
                     std::span<const std::string_view> valid) {
    for (const std::string& field : select) {
        if (std::find(valid.begin(), valid.end(), field) == valid.end()) {
            throw HttpError(ErrorKind::InvalidParameter,
                            "select: " + quoted_value(field)
                                + " is not a valid select field (only top-level fields can be "
                                  "selected). Valid fields for select are: "
                                + joined(valid) + ".");
        }
    }
}

void apply_select(Json& object, const std::vector<std::string>& select) {
    if (select.empty() || !object.is_object()) {
        return;
    }
    Json kept = object_with_room(select.size());
    for (auto& [key, value] : object.items()) {
        if (std::find(select.begin(), select.end(), key) != select.end()) {
            kept[key] = std::move(value);
        }
    }
    object = std::move(kept);
}

Json abstract_inverted_index(std::string_view abstract) {
    // Words in order of first appearance, each with its positions; the map finds a word's slot.
    std::vector<std::pair<std::string_view, std::vector<std::size_t>>> words;
    std::unordered_map<std::string_view, std::size_t> slot_of;
    auto is_space = [](char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
    };
    std::size_t position = 0;
    std::size_t i = 0;
    while (i < abstract.size()) {
        while (i < abstract.size() && is_space(abstract[i])) {
            ++i;
        }
        std::size_t start = i;
        while (i < abstract.size() && !is_space(abstract[i])) {
            ++i;
        }
        if (i == start) {
            continue;
        }
        std::string_view word = abstract.substr(start, i - start);
        auto [slot, inserted] = slot_of.try_emplace(word, words.size());
        if (inserted) {
            words.emplace_back(word, std::vector<std::size_t>{});
        }
        words[slot->second].second.push_back(position++);
    }
    if (words.empty()) {
        return nullptr;
    }
    // Appended to the object's underlying vector directly: the words are already unique, and
    // ordered_json's emplace would search the keys linearly for each insertion.
    Json index = Json::object();
    auto& entries = index.get_ref<Json::object_t&>();
    entries.reserve(words.size());
    for (auto& [word, positions] : words) {
        entries.Container::emplace_back(std::string(word), Json(std::move(positions)));
    }
    return index;
}

Json work_json(const schema::WorkData& work,
               std::optional<double> relevance,
               const std::optional<search::Highlight>& highlight) {
    Json json = object_with_room(24);
    json["id"] = work.id;
    json["doi"] = url_or_null(kDoiPrefix, work.doi);
    json["title"] = text_or_null(work.title);
    json["display_name"] = text_or_null(work.title);
    if (relevance) {
        json["relevance_score"] = *relevance;
    }
    json["publication_year"] =
        work.publication_year == 0 ? Json(nullptr) : Json(work.publication_year);
    json["publication_date"] = text_or_null(work.publication_date);
    Json ids = Json::object();
    if (!work.openalex_id.empty()) {
        ids["openalex"] = url_or_null(kOpenAlexPrefix, work.openalex_id);
    }
    if (!work.doi.empty()) {
        ids["doi"] = url_or_null(kDoiPrefix, work.doi);
    }
    if (!work.arxiv_id.empty()) {
        ids["arxiv"] = url_or_null(kArxivPrefix, work.arxiv_id);
    }
    json["ids"] = std::move(ids);
    json["language"] = text_or_null(work.language);
    json["primary_location"] = primary_location_json(work);
    json["type"] = text_or_null(work.type);
    Json authorships = Json::array();
    for (std::size_t i = 0; i < work.authorships.size(); ++i) {
        authorships.push_back(authorship_json(work.authorships[i], i, work.authorships.size()));
    }
    json["authorships"] = std::move(authorships);
    json["cited_by_count"] = work.cited_by_count;
    json["primary_topic"] = work.topics.empty() ? Json(nullptr) : topic_json(work.topics.front());
    Json topics = Json::array();
    for (const schema::TopicData& topic : work.topics) {
        topics.push_back(topic_json(topic));
    }
    json["topics"] = std::move(topics);
    json["locations_count"] = work.locations.size();
    Json locations = Json::array();
    for (const schema::LocationData& location : work.locations) {
        locations.push_back(location_json(location));
    }
    json["locations"] = std::move(locations);
    json["referenced_works_count"] = work.referenced_works.size();
    json["referenced_works"] = work.referenced_works;
    json["abstract_inverted_index"] = abstract_inverted_index(work.abstract);
    if (highlight) {
        Json marked;
        marked["title"] = highlight->title;
        marked["abstract"] = text_or_null(highlight->abstract_snippet);
        json["highlight"] = std::move(marked);
    }
    return json;
}

Json works_page_json(const search::WorksPage& page, const WorksPageOptions& options) {
    Json meta = object_with_room(8);
    meta["count"] = page.count;
    meta["db_response_time_ms"] = rounded_ms(page.elapsed_ms);
    meta["page"] = page.cursor_used || page.page == 0 ? Json(nullptr) : Json(page.page);
    meta["per_page"] = page.per_page;
    if (page.cursor_used) {
        meta["next_cursor"] = page.next_cursor ? Json(*page.next_cursor) : Json(nullptr);
    }
    bool single_group = !options.plural_groups && page.groups.size() == 1;
    meta["groups_count"] = single_group ? Json(page.groups.front().groups_count) : Json(nullptr);
    if (!page.warnings.empty()) {
        meta["warnings"] = page.warnings;
    }
    if (page.suggestion) {
        meta["suggestion"] = *page.suggestion;
    }

    Json results = Json::array();
    for (const search::WorkHit& hit : page.results) {
        Json work = work_json(hit.work, hit.relevance_score, hit.highlight);
        apply_select(work, options.select);
        results.push_back(std::move(work));
    }

    Json json = object_with_room(4);
    json["meta"] = std::move(meta);
    json["results"] = std::move(results);
    json["group_by"] = single_group ? groups_json(page.groups.front()) : Json::array();
    if (options.plural_groups) {
        Json group_bys = Json::array();
        for (const search::GroupResult& group : page.groups) {
            Json entry;
            entry["group_by_key"] = group.key;
            entry["groups_count"] = group.groups_count;
            entry["groups"] = groups_json(group);
            group_bys.push_back(std::move(entry));
        }
        json["group_bys"] = std::move(group_bys);
    }
    return json;
}

Json source_json(const schema::SourceEntityData& source, std::optional<double> relevance) {
    Json json;
    json["id"] = source.id;
    json["display_name"] = source.display_name;
    if (relevance) {
        json["relevance_score"] = *relevance;
    }
    json["type"] = text_or_null(source.type);
    json["works_count"] = source.works_count;
    json["cited_by_count"] = source.cited_by_count;
    json["alternate_titles"] = source.alternate_names;
    Json years = Json::array();
    for (const schema::YearCount& year : source.counts_by_year) {
        years.push_back(Json{{"year", year.year},
                             {"works_count", year.works_count},
                             {"cited_by_count", year.cited_by_count}});
    }
    json["counts_by_year"] = std::move(years);
    Json topics = Json::array();
    for (const schema::CountedRef& topic : source.topics) {
        topics.push_back(
            Json{{"id", topic.id}, {"display_name", topic.display_name}, {"count", topic.count}});
    }
    json["topics"] = std::move(topics);
    return json;
}

Json sources_page_json(const search::SourcesPage& page, const std::vector<std::string>& select) {
    Json meta;
    meta["count"] = page.count;
    meta["db_response_time_ms"] = rounded_ms(page.elapsed_ms);
    meta["page"] = page.page;
    meta["per_page"] = page.per_page;
    meta["groups_count"] = nullptr;
    Json results = Json::array();
    for (std::size_t i = 0; i < page.results.size(); ++i) {
        std::optional<double> relevance;
        if (i < page.relevance_scores.size()) {
            relevance = page.relevance_scores[i];
        }
        Json source = source_json(page.results[i], relevance);
        apply_select(source, select);
        results.push_back(std::move(source));
    }
    Json json;
    json["meta"] = std::move(meta);
    json["results"] = std::move(results);
    json["group_by"] = Json::array();
    return json;
}

Json completions_json(const std::vector<search::WorkCompletion>& completions, double elapsed_ms) {
    constexpr int kAutocompletePageSize = 10;
    Json meta;
    meta["count"] = completions.size();
    meta["db_response_time_ms"] = rounded_ms(elapsed_ms);
    meta["page"] = 1;
    meta["per_page"] = kAutocompletePageSize;
    Json results = Json::array();
    for (const search::WorkCompletion& completion : completions) {
        Json json;
        json["id"] = completion.id;
        json["short_id"] = "works/" + completion.id;
        json["display_name"] = completion.display_name;
        json["hint"] = text_or_null(completion.hint);
        json["cited_by_count"] = completion.cited_by_count;
        json["works_count"] = nullptr;
        json["entity_type"] = "work";
        json["external_id"] = nullptr;
        results.push_back(std::move(json));
    }
    Json json;
    json["meta"] = std::move(meta);
    json["results"] = std::move(results);
    return json;
}

Json health_json(const search::Health& health) {
    Json json;
    json["status"] = health.ok ? "ok" : "unavailable";
    json["works_count"] = health.works;
    json["index_revision"] = health.revision;
    json["schema_version"] = health.schema_version;
    if (!health.ok) {
        json["message"] = health.message;
    }
    return json;
}

std::string dump(const Json& json) {
    return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace peerscope::server
