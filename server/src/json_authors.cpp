#include "json_authors.hpp"

#include "peerscope/server/errors.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace peerscope::server {
namespace {

constexpr std::array<std::string_view, 14> kAuthorFields = {
    "id",
    "display_name",
    "display_name_alternatives",
    "relevance_score",
    "orcid",
    "ids",
    "works_count",
    "cited_by_count",
    "summary_stats",
    "affiliations",
    "last_known_institutions",
    "topics",
    "counts_by_year",
    "works_api_url",
};

constexpr std::string_view kOrcidPrefix = "https://orcid.org/";
constexpr std::string_view kDoiPrefix = "https://doi.org/";

Json text_or_null(const std::string& text) {
    return text.empty() ? Json(nullptr) : Json(text);
}

Json prefixed_or_null(std::string_view prefix, const std::string& value) {
    if (value.empty()) {
        return nullptr;
    }
    if (value.rfind("http://", 0) == 0 || value.rfind("https://", 0) == 0) {
        return value;
    }
    return std::string(prefix) + value;
}

Json year_or_null(int year) {
    return year == 0 ? Json(nullptr) : Json(year);
}

long rounded_ms(double ms) {
    return std::lround(std::max(ms, 0.0));
}

/// The institution with the newest year (most years on ties), or null.
const schema::AffiliationData* last_known(const schema::AuthorData& author) {
    const schema::AffiliationData* best = nullptr;
    int best_year = -1;
    for (const auto& a : author.affiliations) {
        int year = a.years.empty() ? 0 : *std::max_element(a.years.begin(), a.years.end());
        if (year > best_year
            || (year == best_year && best != nullptr && a.years.size() > best->years.size())) {
            best = &a;
            best_year = year;
        }
    }
    return best;
}

Json counted_refs_json(const std::vector<schema::CountedRef>& refs, const char* count_name) {
    Json out = Json::array();
    for (const auto& ref : refs) {
        out.push_back(
            Json{{"id", ref.id}, {"display_name", ref.display_name}, {count_name, ref.count}});
    }
    return out;
}

Json groups_json(const search::GroupResult& group) {
    Json out = Json::array();
    for (const auto& bucket : group.buckets) {
        out.push_back(Json{{"key", bucket.key},
                           {"key_display_name", bucket.key_display_name},
                           {"count", bucket.count}});
    }
    return out;
}

/// A work as the card lists it: what the profile page shows of a published item.
Json card_work_json(const schema::WorkData& work) {
    bool reviewed = std::any_of(work.locations.begin(), work.locations.end(), [](const auto& l) {
        return l.version == "publishedVersion";
    });
    Json json;
    json["id"] = work.id;
    json["display_name"] = work.title;
    json["publication_year"] = year_or_null(work.publication_year);
    json["type"] = text_or_null(work.type);
    json["status"] = reviewed ? "published" : "preprint";
    if (work.primary_source.id.empty() && work.primary_source.display_name.empty()) {
        json["venue"] = nullptr;
    } else {
        json["venue"] = Json{{"id", text_or_null(work.primary_source.id)},
                             {"display_name", text_or_null(work.primary_source.display_name)},
                             {"type", text_or_null(work.primary_source.type)}};
    }
    json["doi"] = prefixed_or_null(kDoiPrefix, work.doi);
    json["cited_by_count"] = work.cited_by_count;
    json["versions_count"] = work.locations.size();
    json["abstract"] = text_or_null(work.abstract);
    return json;
}

Json evidence_json(const search::TrustEvidence& e) {
    Json json;
    json["kind"] = e.kind;
    json["points"] = e.points;
    json["max_points"] = e.max_points;
    json["detail"] = e.detail;
    json["works"] = e.work_ids;
    json["identifiers"] = e.identifiers;
    return json;
}

[[noreturn]] void invalid(const std::string& message) {
    throw HttpError(ErrorKind::InvalidParameter, message);
}

} // namespace

std::span<const std::string_view> author_fields() noexcept {
    return kAuthorFields;
}

Json author_json(const schema::AuthorData& author, std::optional<double> relevance) {
    Json json;
    json["id"] = author.id;
    json["display_name"] = author.display_name;
    json["display_name_alternatives"] = author.display_name_alternatives;
    if (relevance) {
        json["relevance_score"] = *relevance;
    }
    json["orcid"] = prefixed_or_null(kOrcidPrefix, author.orcid);
    Json ids = Json::object();
    if (!author.orcid.empty()) {
        ids["orcid"] = prefixed_or_null(kOrcidPrefix, author.orcid);
    }
    ids["inputs"] = author.source_ids;
    json["ids"] = std::move(ids);
    json["works_count"] = author.works_count;
    json["cited_by_count"] = author.cited_by_count;
    json["summary_stats"] =
        Json{{"h_index", author.citations_known ? Json(author.h_index) : Json(nullptr)},
             {"i10_index", author.citations_known ? Json(author.i10_index) : Json(nullptr)}};
    Json affiliations = Json::array();
    for (const auto& a : author.affiliations) {
        affiliations.push_back(
            Json{{"institution", Json{{"display_name", a.institution}}}, {"years", a.years}});
    }
    json["affiliations"] = std::move(affiliations);
    Json last = Json::array();
    if (const schema::AffiliationData* a = last_known(author)) {
        last.push_back(Json{{"display_name", a->institution}});
    }
    json["last_known_institutions"] = std::move(last);
    json["topics"] = counted_refs_json(author.topics, "count");
    Json years = Json::array();
    for (const auto& y : author.counts_by_year) {
        years.push_back(Json{{"year", y.year},
                             {"works_count", y.works_count},
                             {"cited_by_count", y.cited_by_count}});
    }
    json["counts_by_year"] = std::move(years);
    json["works_api_url"] = "/v1/works?filter=authorships.author.id:" + author.id;
    return json;
}

Json authors_page_json(const search::AuthorsPage& page,
                       const std::vector<std::string>& select,
                       bool plural_groups) {
    Json meta;
    meta["count"] = page.count;
    meta["db_response_time_ms"] = rounded_ms(page.elapsed_ms);
    meta["page"] = page.page;
    meta["per_page"] = page.per_page;
    bool single_group = !plural_groups && page.groups.size() == 1;
    meta["groups_count"] = single_group ? Json(page.groups.front().groups_count) : Json(nullptr);
    Json results = Json::array();
    for (std::size_t i = 0; i < page.results.size(); ++i) {
        std::optional<double> relevance;
        if (i < page.relevance_scores.size()) {
            relevance = page.relevance_scores[i];
        }
        Json author = author_json(page.results[i], relevance);
        apply_select(author, select);
        results.push_back(std::move(author));
    }
    Json json;
    json["meta"] = std::move(meta);
    json["results"] = std::move(results);
    json["group_by"] = single_group ? groups_json(page.groups.front()) : Json::array();
    if (plural_groups) {
        Json group_bys = Json::array();
        for (const auto& group : page.groups) {
            group_bys.push_back(Json{{"group_by_key", group.key},
                                     {"groups_count", group.groups_count},
                                     {"groups", groups_json(group)}});
        }
        json["group_bys"] = std::move(group_bys);
    }
    return json;
}

Json author_card_json(const search::AuthorCard& card) {
    const schema::AuthorData& a = card.author;
    Json json;
    json["author"] = Json{{"id", a.id},
                          {"display_name", a.display_name},
                          {"affiliation", card.affiliation},
                          {"orcid", prefixed_or_null(kOrcidPrefix, a.orcid)}};
    json["works_count"] = a.works_count;
    json["topics_count"] = card.topics_count;
    json["collaborators_count"] = card.collaborators_count;
    Json topics = Json::array();
    for (const auto& t : card.topics) {
        topics.push_back(Json{{"id", t.id},
                              {"display_name", t.display_name},
                              {"works_count", t.works_count},
                              {"share", t.share}});
    }
    json["topics"] = std::move(topics);
    Json collaborators = Json::array();
    for (const auto& c : card.close_collaborators) {
        Json shared = Json::array();
        for (const auto& t : c.shared_topics) {
            shared.push_back(Json{{"id", t.id}, {"display_name", t.display_name}});
        }
        collaborators.push_back(
            Json{{"author",
                  Json{{"id", c.collaborator.id}, {"display_name", c.collaborator.display_name}}},
                 {"shared_works", c.collaborator.shared_works},
                 {"first_year", year_or_null(c.collaborator.first_year)},
                 {"last_year", year_or_null(c.collaborator.last_year)},
                 {"shared_topics", std::move(shared)}});
    }
    json["close_collaborators"] = std::move(collaborators);
    Json works = Json::array();
    for (const auto& w : card.recent_works) {
        works.push_back(card_work_json(w));
    }
    json["recent_works"] = std::move(works);
    json["venues"] = counted_refs_json(card.venues, "works_count");
    json["years_active"] =
        Json{{"first", year_or_null(card.first_year)}, {"last", year_or_null(card.last_year)}};
    Json evidence = Json::array();
    for (const auto& e : card.trust.evidence) {
        evidence.push_back(evidence_json(e));
    }
    json["trust"] = Json{{"score", card.trust.score},
                         {"tier", card.trust.tier},
                         {"verification_level", card.trust.verification_level},
                         {"verification", card.trust.verification},
                         {"claimed", card.trust.claimed},
                         {"evidence", std::move(evidence)}};
    json["works_api_url"] = "/v1/works?filter=authorships.author.id:" + a.id;
    return json;
}

Json research_graph_json(const search::ResearchGraph& graph) {
    Json nodes = Json::array();
    for (const auto& n : graph.nodes) {
        Json node{{"id", n.id},
                  {"kind", n.kind},
                  {"label", n.label},
                  {"weight", n.weight},
                  {"ring", n.ring}};
        if (n.year != 0) {
            node["year"] = n.year;
        }
        nodes.push_back(std::move(node));
    }
    Json edges = Json::array();
    for (const auto& e : graph.edges) {
        edges.push_back(Json{{"source", e.source},
                             {"target", e.target},
                             {"kind", e.kind},
                             {"weight", e.weight},
                             {"first_year", year_or_null(e.first_year)},
                             {"last_year", year_or_null(e.last_year)}});
    }
    Json json;
    json["meta"] = Json{{"center", graph.center},
                        {"depth", graph.depth},
                        {"limit", graph.limit},
                        {"nodes_count", graph.nodes.size()},
                        {"edges_count", graph.edges.size()},
                        {"truncated", graph.truncated}};
    json["nodes"] = std::move(nodes);
    json["edges"] = std::move(edges);
    return json;
}

Json author_completions_json(const std::vector<search::AuthorCompletion>& completions,
                             double elapsed_ms) {
    Json meta;
    meta["count"] = completions.size();
    meta["db_response_time_ms"] = rounded_ms(elapsed_ms);
    meta["page"] = 1;
    meta["per_page"] = search::kMaxAuthorCompletions;
    Json results = Json::array();
    for (const auto& c : completions) {
        Json json;
        json["id"] = c.id;
        json["short_id"] = "authors/" + c.id;
        json["display_name"] = c.display_name;
        json["hint"] = text_or_null(c.hint);
        json["cited_by_count"] = c.cited_by_count;
        json["works_count"] = c.works_count;
        json["entity_type"] = "author";
        json["external_id"] = prefixed_or_null(kOrcidPrefix, c.orcid);
        results.push_back(std::move(json));
    }
    Json json;
    json["meta"] = std::move(meta);
    json["results"] = std::move(results);
    return json;
}

AuthorsRequest parse_authors_request(QueryParams& params) {
    AuthorsRequest request;
    search::EntityQuery& q = request.query;
    q.search = params.take({"search"}).value_or("");
    q.filter = params.take({"filter"}).value_or("");
    q.sort = params.take({"sort"}).value_or("");
    if (std::optional<std::string> text = params.take({"per_page", "per-page"})) {
        q.per_page = static_cast<std::size_t>(parse_whole_number("per_page", *text, 1'000'000'000));
    }
    if (q.per_page < 1 || q.per_page > kMaxPerPage) {
        invalid("per_page: " + std::to_string(q.per_page)
                + " is out of range; use a number from 1 to " + std::to_string(kMaxPerPage));
    }
    if (std::optional<std::string> text = params.take({"page"})) {
        q.page = static_cast<std::size_t>(parse_whole_number("page", *text, 1'000'000'000));
        if (q.page < 1) {
            invalid("page: pages are numbered from 1");
        }
    }
    if (q.page * q.per_page > kMaxPagedResults) {
        invalid("page: page " + std::to_string(q.page) + " with per_page "
                + std::to_string(q.per_page) + " reaches past result "
                + std::to_string(kMaxPagedResults) + "; narrow the search or filter");
    }
    std::optional<std::string> group_by = params.take({"group_by", "group-by"});
    std::optional<std::string> group_bys = params.take({"group_bys", "group-bys"});
    if (group_by && group_bys) {
        invalid("group_bys: use either group_by (one key) or group_bys (a comma list), not both");
    }
    if (group_by || group_bys) {
        q.group_by = split_list(group_by ? *group_by : *group_bys);
        request.plural_groups = group_bys.has_value() || q.group_by.size() > 1;
        if (q.group_by.empty()) {
            invalid("group_by: name a key to group by, e.g. group_by=has_orcid");
        }
    }
    if (std::optional<std::string> select = params.take({"select"})) {
        request.select = split_list(*select);
        if (request.select.empty()) {
            invalid("select: name at least one field, e.g. select=id,display_name");
        }
    }
    params.reject_unknown(kAuthorsParams);
    std::size_t alternatives = 0;
    for (const std::string& clause : split_list(q.filter)) {
        auto bars = static_cast<std::size_t>(std::count(clause.begin(), clause.end(), '|'));
        alternatives += bars > 0 ? bars + 1 : 0;
    }
    if (alternatives > kMaxOrTerms) {
        invalid("filter: " + std::to_string(alternatives) + " OR'ed values; at most "
                + std::to_string(kMaxOrTerms) + " are allowed in one request");
    }
    return request;
}

GraphRequest parse_graph_request(QueryParams& params) {
    GraphRequest request;
    if (std::optional<std::string> depth = params.take({"depth"})) {
        std::uint64_t d = parse_whole_number("depth", *depth, 1'000'000);
        if (d < 1 || d > 2) {
            invalid("depth: " + std::to_string(d) + " is out of range; use 1 or 2");
        }
        request.depth = static_cast<int>(d);
    }
    if (std::optional<std::string> limit = params.take({"limit"})) {
        std::uint64_t n = parse_whole_number("limit", *limit, 1'000'000'000);
        if (n < 1 || n > search::kMaxGraphLimit) {
            invalid("limit: " + std::to_string(n) + " is out of range; use 1 to "
                    + std::to_string(search::kMaxGraphLimit) + " nodes");
        }
        request.limit = static_cast<std::size_t>(n);
    }
    params.reject_unknown(kGraphParams);
    return request;
}

} // namespace peerscope::server
