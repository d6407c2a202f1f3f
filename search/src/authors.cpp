// The author endpoints of the search library: GET /v1/authors, /v1/authors/{id}, the profile card
// and completion (the research graph is in authors_graph.cpp, the trust score in
// authors_trust.cpp).

#include "authors_common.hpp"
#include "authors_graph.hpp"
#include "authors_query.hpp"
#include "authors_trust.hpp"
#include "filter.hpp"
#include "peerscope/schema/codec.hpp"
#include "peerscope/schema/prefixes.hpp"
#include "peerscope/schema/slots.hpp"
#include "peerscope/schema/terms.hpp"
#include "peerscope/search/error.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>

namespace peerscope::search {
namespace {

namespace prefix = schema::prefix;

constexpr std::size_t kMaxPerPage = 200;
constexpr std::size_t kMaxPagedResults = 10'000;
constexpr std::size_t kMaxGroups = 200;
constexpr std::size_t kMaxIdsInFilter = 100;
constexpr std::size_t kShownText = 200;

using schema::term;

std::string shown(std::string_view text) {
    std::string out(text.substr(0, kShownText));
    return text.size() > kShownText ? out + "..." : out;
}

const std::vector<std::string>& author_filter_keys() {
    static const std::vector<std::string> keys = {"works_count",
                                                  "cited_by_count",
                                                  "has_orcid",
                                                  "orcid",
                                                  "display_name.search",
                                                  "default.search",
                                                  "id",
                                                  "openalex",
                                                  "ids.openalex"};
    return keys;
}

const std::vector<std::string>& author_group_keys() {
    static const std::vector<std::string> keys = {"has_orcid", "works_count", "cited_by_count"};
    return keys;
}

std::string bare_orcid(std::string_view value) {
    for (std::string_view p : {"https://orcid.org/", "http://orcid.org/", "orcid.org/"}) {
        if (value.substr(0, p.size()) == p) {
            value.remove_prefix(p.size());
            break;
        }
    }
    std::string out(value);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
        return static_cast<char>(std::toupper(c));
    });
    return out;
}

bool parse_flag(const std::string& key, const std::string& value) {
    if (value == "true") {
        return true;
    }
    if (value == "false") {
        return false;
    }
    throw Error(Errc::InvalidParameter,
                "filter: " + key + ":" + shown(value) + " must be true or false");
}

Xapian::Query value_range(schema::EntitySlot slot, const NumberRange& range) {
    constexpr long kLowest = 0;
    constexpr long kHighest = 1'000'000'000;
    auto number = [](long n) { return schema::encode_number(static_cast<double>(n)); };
    Xapian::valueno s = schema::slot(slot);
    if (range.from > range.to) {
        return Xapian::Query::MatchNothing;
    }
    if (range.to >= kHighest) {
        return Xapian::Query(Xapian::Query::OP_VALUE_GE, s, number(std::max(range.from, kLowest)));
    }
    if (range.from <= kLowest) {
        return Xapian::Query(Xapian::Query::OP_VALUE_LE, s, number(range.to));
    }
    return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, s, number(range.from), number(range.to));
}

/// The query of one filter value (without its negation).
Xapian::Query filter_value_query(const std::string& key,
                                 const std::string& value,
                                 analyzers::Analyzer& analyzer) {
    if (key == "works_count" || key == "cited_by_count") {
        NumberRange range = parse_range(key, value, 0, 1'000'000'000);
        return value_range(key == "works_count" ? schema::EntitySlot::WorksCount
                                                : schema::EntitySlot::CitedBy,
                           range);
    }
    if (key == "has_orcid") {
        Xapian::Query has(term(prefix::kHas, "orcid"));
        if (parse_flag(key, value)) {
            return has;
        }
        return Xapian::Query(
            Xapian::Query::OP_AND_NOT, Xapian::Query(term(prefix::kEntityType, "author")), has);
    }
    if (key == "orcid") {
        return Xapian::Query(term(prefix::kOrcid, bare_orcid(value)));
    }
    if (key == "display_name.search" || key == "default.search") {
        NameQuery name = author_name_query(value, analyzer, false);
        if (name.query.empty()) {
            throw Error(Errc::InvalidParameter,
                        "filter: " + key + ":" + shown(value) + " has no name words");
        }
        return name.query;
    }
    // id, openalex, ids.openalex
    auto ref = schema::parse_entity_id(value);
    if (!ref || ref->kind != schema::EntityKind::Author) {
        throw Error(Errc::InvalidParameter,
                    "filter: " + key + ":" + shown(value)
                        + " is not an author id; author ids look like A12");
    }
    return Xapian::Query(term(prefix::kEntityId, schema::entity_id(ref->kind, ref->code)));
}

/// Every clause ANDed; a clause's alternatives ORed; negated alternatives subtracted.
Xapian::Query filters_query(const std::string& filter, analyzers::Analyzer& analyzer) {
    std::vector<Xapian::Query> required;
    std::vector<Xapian::Query> excluded;
    std::size_t ids = 0;
    for (const FilterClause& clause : parse_filter(filter, author_filter_keys())) {
        std::vector<Xapian::Query> any;
        for (const FilterValue& v : clause.values) {
            if (clause.key == "id" || clause.key == "openalex" || clause.key == "ids.openalex") {
                if (++ids > kMaxIdsInFilter) {
                    throw Error(Errc::InvalidParameter,
                                "filter: at most " + std::to_string(kMaxIdsInFilter)
                                    + " author ids may be ORed");
                }
            }
            Xapian::Query q = filter_value_query(clause.key, v.value, analyzer);
            (v.negate ? excluded : any).push_back(std::move(q));
        }
        if (!any.empty()) {
            required.emplace_back(Xapian::Query::OP_OR, any.begin(), any.end());
        }
    }
    Xapian::Query all(term(prefix::kEntityType, "author"));
    for (auto& q : required) {
        all = Xapian::Query(Xapian::Query::OP_FILTER, all, q);
    }
    for (auto& q : excluded) {
        all = Xapian::Query(Xapian::Query::OP_AND_NOT, all, q);
    }
    return all;
}

enum class AuthorSort { Relevance, WorksCount, CitedBy, DisplayName };

struct AuthorSortSpec {
    AuthorSort key = AuthorSort::WorksCount;
    bool descending = true;
};

AuthorSortSpec parse_author_sort(const std::string& sort, bool has_text) {
    AuthorSortSpec spec;
    if (sort.empty()) {
        spec.key = has_text ? AuthorSort::Relevance : AuthorSort::WorksCount;
        return spec;
    }
    std::string field = sort;
    std::string direction;
    if (auto colon = sort.find(':'); colon != std::string::npos) {
        field = sort.substr(0, colon);
        direction = sort.substr(colon + 1);
    }
    if (field == "relevance_score") {
        spec.key = AuthorSort::Relevance;
    } else if (field == "works_count") {
        spec.key = AuthorSort::WorksCount;
    } else if (field == "cited_by_count") {
        spec.key = AuthorSort::CitedBy;
    } else if (field == "display_name") {
        spec.key = AuthorSort::DisplayName;
        spec.descending = false;
    } else {
        throw Error(
            Errc::InvalidParameter,
            "sort: '" + shown(field)
                + "' cannot be sorted on; use relevance_score, works_count, cited_by_count or "
                  "display_name, optionally with :desc or :asc");
    }
    if (direction == "desc") {
        spec.descending = true;
    } else if (direction == "asc") {
        spec.descending = false;
    } else if (!direction.empty()) {
        throw Error(Errc::InvalidParameter,
                    "sort: direction '" + shown(direction) + "' must be desc or asc");
    }
    if (spec.key == AuthorSort::Relevance && !has_text) {
        throw Error(Errc::InvalidParameter,
                    "sort: relevance_score needs a search; add search= or sort by works_count");
    }
    if (spec.key == AuthorSort::Relevance && !spec.descending) {
        throw Error(Errc::InvalidParameter, "sort: relevance_score can only be sorted :desc");
    }
    return spec;
}

std::vector<std::string> checked_group_keys(const std::vector<std::string>& raw) {
    for (const std::string& key : raw) {
        const auto& keys = author_group_keys();
        if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
            throw Error(Errc::InvalidParameter,
                        "group_by: '" + shown(key)
                            + "' cannot be grouped by for authors; valid keys are: "
                            + kAuthorGroupKeys);
        }
    }
    return raw;
}

long exact_count(Xapian::Database& entities, const Xapian::Query& query) {
    Xapian::Enquire enquire(entities);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    Xapian::MSet counted = enquire.get_mset(0, 0, entities.get_doccount());
    return static_cast<long>(counted.get_matches_estimated());
}

GroupResult group_authors(Xapian::Database& entities,
                          const Xapian::Query& matched,
                          const std::string& key,
                          long total) {
    GroupResult result;
    result.key = key;
    if (key == "has_orcid") {
        long with = exact_count(entities,
                                Xapian::Query(Xapian::Query::OP_FILTER,
                                              matched,
                                              Xapian::Query(term(prefix::kHas, "orcid"))));
        for (auto [k, n] : {std::pair<const char*, long>{"true", with}, {"false", total - with}}) {
            if (n > 0) {
                result.buckets.push_back({k, k, n});
            }
        }
    } else {
        auto slot =
            key == "works_count" ? schema::EntitySlot::WorksCount : schema::EntitySlot::CitedBy;
        Xapian::ValueCountMatchSpy spy(schema::slot(slot));
        Xapian::Enquire enquire(entities);
        enquire.set_query(matched);
        enquire.set_weighting_scheme(Xapian::BoolWeight());
        enquire.add_matchspy(&spy);
        (void)enquire.get_mset(0, 0, entities.get_doccount());
        for (auto it = spy.values_begin(); it != spy.values_end(); ++it) {
            auto n = static_cast<long>(std::llround(schema::decode_number(*it)));
            result.buckets.push_back(
                {std::to_string(n), std::to_string(n), static_cast<long>(it.get_termfreq())});
        }
    }
    std::sort(result.buckets.begin(),
              result.buckets.end(),
              [](const GroupBucket& a, const GroupBucket& b) {
                  if (a.count != b.count) {
                      return a.count > b.count;
                  }
                  // Numeric keys in numeric order.
                  return a.key.size() != b.key.size() ? a.key.size() < b.key.size() : a.key < b.key;
              });
    result.groups_count = static_cast<long>(result.buckets.size());
    if (result.buckets.size() > kMaxGroups) {
        result.buckets.resize(kMaxGroups);
    }
    return result;
}

AuthorsPage search_authors_impl(Searcher::Impl& impl, const EntityQuery& q) {
    auto started = std::chrono::steady_clock::now();
    if (q.per_page < 1 || q.per_page > kMaxPerPage) {
        throw Error(Errc::InvalidParameter,
                    "per_page: " + std::to_string(q.per_page) + " is out of range; use 1 to "
                        + std::to_string(kMaxPerPage));
    }
    if (q.page < 1) {
        throw Error(Errc::InvalidParameter, "page: pages start at 1");
    }
    if (q.page * q.per_page > kMaxPagedResults) {
        throw Error(Errc::InvalidParameter,
                    "page: page * per_page may not exceed " + std::to_string(kMaxPagedResults));
    }
    std::vector<std::string> groups = checked_group_keys(q.group_by);
    analyzers::Analyzer& analyzer = impl.terms.analyzer();
    Xapian::Query filtered = filters_query(q.filter, analyzer);
    bool blank = visible_letters(q.search) == 0;
    NameQuery name;
    if (!blank) {
        name = author_name_query(q.search, analyzer, false);
        if (name.query.empty()) {
            throw Error(Errc::InvalidQuery,
                        "search: '" + shown(q.search) + "' has no words to search names by");
        }
    }
    bool has_text = !name.query.empty();
    AuthorSortSpec sort = parse_author_sort(q.sort, has_text);
    Xapian::Query matched =
        has_text ? Xapian::Query(Xapian::Query::OP_FILTER, name.query, filtered) : filtered;

    AuthorsPage page;
    page.page = q.page;
    page.per_page = q.per_page;
    Xapian::Enquire enquire(impl.entities);
    enquire.set_docid_order(Xapian::Enquire::ASCENDING);
    // Most works first among equals: a value-weight source makes works_count the weight, so Xapian
    // can stop early; sorting on the value would read every match.
    Xapian::ValueWeightPostingSource by_works(schema::slot(schema::EntitySlot::WorksCount));
    Xapian::ValueWeightPostingSource by_citations(schema::slot(schema::EntitySlot::CitedBy));
    switch (sort.key) {
    case AuthorSort::Relevance:
        enquire.set_query(matched);
        enquire.set_weighting_scheme(Xapian::CoordWeight());
        enquire.set_sort_by_relevance_then_value(schema::slot(schema::EntitySlot::WorksCount),
                                                 true);
        break;
    case AuthorSort::WorksCount:
    case AuthorSort::CitedBy:
        if (sort.descending) {
            Xapian::PostingSource* source =
                sort.key == AuthorSort::WorksCount ? &by_works : &by_citations;
            enquire.set_query(
                Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(source), matched));
        } else {
            enquire.set_query(matched);
            enquire.set_weighting_scheme(Xapian::BoolWeight());
            enquire.set_sort_by_value(schema::slot(sort.key == AuthorSort::WorksCount
                                                       ? schema::EntitySlot::WorksCount
                                                       : schema::EntitySlot::CitedBy),
                                      false);
        }
        break;
    case AuthorSort::DisplayName:
        enquire.set_query(matched);
        enquire.set_weighting_scheme(Xapian::BoolWeight());
        enquire.set_sort_by_value(schema::slot(schema::EntitySlot::DisplayName), sort.descending);
        break;
    }
    std::size_t offset = (q.page - 1) * q.per_page;
    bool plain_listing = !has_text && q.filter.empty();
    Xapian::doccount check = plain_listing ? 0 : impl.entities.get_doccount();
    Xapian::MSet mset = enquire.get_mset(
        static_cast<Xapian::doccount>(offset), static_cast<Xapian::doccount>(q.per_page), check);
    page.count =
        plain_listing
            ? static_cast<long>(impl.entities.get_termfreq(term(prefix::kEntityType, "author")))
            : static_cast<long>(mset.get_matches_estimated());
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        page.results.push_back(load_author(impl.entities, *it));
        if (sort.key == AuthorSort::Relevance) {
            page.relevance_scores.push_back(it.get_weight());
        }
    }
    for (const std::string& key : groups) {
        page.groups.push_back(group_authors(impl.entities, matched, key, page.count));
    }
    page.elapsed_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count();
    return page;
}

// ---- the card ------------------------------------------------------------------------------

std::string last_known_institution(const schema::AuthorData& author) {
    const schema::AffiliationData* best = nullptr;
    int best_year = -1;
    for (const auto& affiliation : author.affiliations) {
        int year = affiliation.years.empty()
                       ? 0
                       : *std::max_element(affiliation.years.begin(), affiliation.years.end());
        if (year > best_year
            || (year == best_year && best != nullptr
                && affiliation.years.size() > best->years.size())) {
            best = &affiliation;
            best_year = year;
        }
    }
    return best == nullptr ? std::string() : best->institution;
}

/// A topic's name: from the author's own topics (which carry the names their works gave), else
/// from the snapshot's topic entities.
std::string
topic_name(const Snapshot& snap, const schema::AuthorData& author, const std::string& id) {
    for (const auto& t : author.topics) {
        if (t.id == id && !t.display_name.empty()) {
            return t.display_name;
        }
    }
    auto ref = schema::parse_entity_id(id);
    return ref ? snap.name_of('T', ref->code) : std::string();
}

AuthorCard build_card(Searcher::Impl& impl, schema::AuthorData author) {
    AuthorCard card;
    const Snapshot& snap = *impl.snapshot;
    card.affiliation = last_known_institution(author);
    if (card.affiliation.empty()) {
        card.affiliation = "not imported";
    }
    card.topics_count = author.distinct_topics != 0 ? author.distinct_topics
                                                    : static_cast<long>(author.topics.size());
    card.collaborators_count = author.distinct_collaborators;
    for (std::size_t i = 0; i < author.topics.size() && i < kCardTopics; ++i) {
        const auto& t = author.topics[i];
        double share = author.works_count > 0
                           ? static_cast<double>(t.count) / static_cast<double>(author.works_count)
                           : 0.0;
        card.topics.push_back({t.id, t.display_name, t.count, share});
    }
    for (std::size_t i = 0; i < author.collaborators.size() && i < kCardCollaborators; ++i) {
        CloseCollaborator c;
        c.collaborator = author.collaborators[i];
        for (const auto& id : c.collaborator.shared_topics) {
            c.shared_topics.push_back({id, topic_name(snap, author, id), 0});
        }
        card.close_collaborators.push_back(std::move(c));
    }
    for (std::size_t i = 0;
         i < author.work_ids.size() && card.recent_works.size() < kCardRecentWorks;
         ++i) {
        if (Xapian::docid did = find_work_docid(impl.works, author.work_ids[i])) {
            card.recent_works.push_back(load_work_data(impl.works, did));
        }
    }
    card.venues.assign(
        author.sources.begin(),
        author.sources.begin()
            + static_cast<std::ptrdiff_t>(std::min(kCardVenues, author.sources.size())));
    card.first_year = author.first_year;
    card.last_year = author.last_year;
    card.trust = compute_trust(author);
    card.author = std::move(author);
    return card;
}

// ---- completion ----------------------------------------------------------------------------

std::string completion_hint(Searcher::Impl& impl, const std::string& id, long works_count) {
    const Snapshot& snap = *impl.snapshot;
    Xapian::docid newest = 0;
    for (Xapian::docid did : works_of_author(impl.works, id)) {
        if (did < snap.limit && (newest == 0 || snap.year[did] > snap.year[newest])) {
            newest = did;
        }
    }
    std::string hint = std::to_string(works_count) + (works_count == 1 ? " work" : " works");
    if (newest == 0) {
        return hint;
    }
    std::string venue =
        snap.source[newest] != 0 ? snap.name_of('S', snap.source[newest]) : std::string();
    std::string year = snap.year[newest] != 0 ? std::to_string(snap.year[newest]) : std::string();
    std::string last = venue + (!venue.empty() && !year.empty() ? " " : "") + year;
    return last.empty() ? hint : hint + " \xC2\xB7 " + last;
}

std::vector<AuthorCompletion> autocomplete_impl(Searcher::Impl& impl, std::string_view q) {
    std::vector<AuthorCompletion> out;
    if (visible_letters(q) < 2) {
        return out;
    }
    NameQuery name = author_name_query(q, impl.terms.analyzer(), true);
    if (name.query.empty() || name.only_initials) {
        return out; // initials alone ("L. ") name too many people to complete
    }
    Xapian::Enquire enquire(impl.entities);
    enquire.set_query(name.query);
    enquire.set_weighting_scheme(Xapian::CoordWeight());
    enquire.set_sort_by_relevance_then_value(schema::slot(schema::EntitySlot::WorksCount), true);
    enquire.set_docid_order(Xapian::Enquire::ASCENDING);
    Xapian::MSet mset = enquire.get_mset(0, kMaxAuthorCompletions);
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        Xapian::Document doc = it.get_document();
        AuthorCompletion c;
        c.id = doc.get_value(schema::slot(schema::EntitySlot::Id));
        c.display_name = doc.get_value(schema::slot(schema::EntitySlot::DisplayName));
        c.works_count = std::lround(
            schema::decode_number(doc.get_value(schema::slot(schema::EntitySlot::WorksCount))));
        c.cited_by_count = std::lround(
            schema::decode_number(doc.get_value(schema::slot(schema::EntitySlot::CitedBy))));
        auto orcid = doc.termlist_begin();
        orcid.skip_to(std::string(prefix::kOrcid));
        if (orcid != doc.termlist_end() && (*orcid).rfind(prefix::kOrcid, 0) == 0) {
            c.orcid = (*orcid).substr(prefix::kOrcid.size());
        }
        c.hint = completion_hint(impl, c.id, c.works_count);
        out.push_back(std::move(c));
    }
    return out;
}

} // namespace

// ---- shared helpers (authors_common.hpp) -----------------------------------------------------

std::string canonical_author_id(std::string_view id) {
    auto ref = schema::parse_entity_id(id);
    if (!ref || ref->kind != schema::EntityKind::Author) {
        throw Error(Errc::InvalidParameter,
                    "id: '" + shown(id)
                        + "' is not an author id; author ids look like A12 (or "
                          "https://openalex.org/A12); find them with /v1/authors?search=");
    }
    return schema::entity_id(ref->kind, ref->code);
}

Xapian::docid find_author(Xapian::Database& entities, const std::string& canonical_id) {
    std::string t = term(prefix::kEntityId, canonical_id);
    auto it = entities.postlist_begin(t);
    return it == entities.postlist_end(t) ? 0 : *it;
}

schema::AuthorData load_author(Xapian::Database& entities, Xapian::docid did) {
    try {
        return schema::decode_author(entities.get_document(did).get_data());
    } catch (const std::runtime_error& e) {
        throw Error(Errc::IndexUnavailable,
                    std::string("a stored author could not be read: ") + e.what());
    }
}

std::optional<schema::AuthorData> author_by_id(Searcher::Impl& impl, std::string_view id) {
    std::string canonical = canonical_author_id(id);
    Xapian::docid did = find_author(impl.entities, canonical);
    if (did == 0) {
        return std::nullopt;
    }
    return load_author(impl.entities, did);
}

std::vector<Xapian::docid> works_of_author(Xapian::Database& works,
                                           const std::string& canonical_id) {
    std::vector<Xapian::docid> out;
    std::string t = term(prefix::kAuthorId, canonical_id);
    for (auto it = works.postlist_begin(t); it != works.postlist_end(t); ++it) {
        out.push_back(*it);
    }
    return out;
}

Xapian::docid find_work_docid(Xapian::Database& works, const std::string& id) {
    std::string t = term(prefix::kWorkId, id);
    auto it = works.postlist_begin(t);
    return it == works.postlist_end(t) ? 0 : *it;
}

schema::WorkData load_work_data(Xapian::Database& works, Xapian::docid did) {
    try {
        return schema::decode_work(works.get_document(did).get_data());
    } catch (const std::runtime_error& e) {
        throw Error(Errc::IndexUnavailable,
                    std::string("a stored work could not be read: ") + e.what());
    }
}

std::string author_code_id(std::uint32_t code) {
    return schema::entity_id(schema::EntityKind::Author, code);
}
std::string source_code_id(std::uint32_t code) {
    return schema::entity_id(schema::EntityKind::Source, code);
}
std::string topic_code_id(std::uint32_t code) {
    return schema::entity_id(schema::EntityKind::Topic, code);
}

// ---- Searcher methods ----------------------------------------------------------------------

AuthorsPage Searcher::search_authors(const EntityQuery& query) {
    return guarded(*impl_, [&] { return search_authors_impl(*impl_, query); });
}

std::optional<schema::AuthorData> Searcher::get_author(std::string_view id) {
    return guarded(*impl_, [&] { return author_by_id(*impl_, id); });
}

std::optional<AuthorCard> Searcher::author_card(std::string_view id) {
    return guarded(*impl_, [&]() -> std::optional<AuthorCard> {
        std::optional<schema::AuthorData> author = author_by_id(*impl_, id);
        if (!author) {
            return std::nullopt;
        }
        return build_card(*impl_, std::move(*author));
    });
}

std::optional<ResearchGraph>
Searcher::author_graph(std::string_view id, int depth, std::size_t limit) {
    return guarded(*impl_, [&]() -> std::optional<ResearchGraph> {
        check_graph_bounds(depth, limit);
        std::optional<schema::AuthorData> author = author_by_id(*impl_, id);
        if (!author) {
            return std::nullopt;
        }
        return build_graph(*impl_, *author, depth, limit);
    });
}

std::vector<AuthorCompletion> Searcher::autocomplete_authors(std::string_view q) {
    return guarded(*impl_, [&] { return autocomplete_impl(*impl_, q); });
}

} // namespace peerscope::search
