#include "evaluator.hpp"
#include "highlight.hpp"
#include "internal.hpp"
#include "peerscope/schema/codec.hpp"
#include "peerscope/schema/prefixes.hpp"
#include "peerscope/schema/slots.hpp"
#include "peerscope/schema/terms.hpp"
#include "peerscope/schema/version.hpp"
#include "peerscope/search/error.hpp"
#include "scorer.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <random>
#include <unordered_map>

namespace peerscope::search {
namespace {

namespace prefix = schema::prefix;

constexpr std::size_t kMaxPerPage = 200;
constexpr std::size_t kMaxPagedResults = 10'000;
constexpr std::size_t kMaxGroups = 200;
constexpr std::size_t kMaxSample = 10'000;
constexpr std::size_t kSnippetWords = 40;
/// Pseudo-relevance feedback re-ranks this many of the first positions (bench/relevance measures
/// to depth 100; bench/README.md has the cost).
constexpr std::size_t kFeedbackDepth = 100;

using schema::term;

enum class SortKey { Relevance, Year, CitedBy, Date };

struct SortSpec {
    SortKey key = SortKey::Year;
    bool descending = true;
    bool explicit_sort = false;
};

SortSpec parse_sort(const std::string& sort, bool has_text) {
    SortSpec spec;
    if (sort.empty()) {
        spec.key = has_text ? SortKey::Relevance : SortKey::Year;
        return spec;
    }
    spec.explicit_sort = true;
    std::string field = sort;
    std::string direction;
    if (auto colon = sort.find(':'); colon != std::string::npos) {
        field = sort.substr(0, colon);
        direction = sort.substr(colon + 1);
    }
    if (field == "relevance_score") {
        spec.key = SortKey::Relevance;
    } else if (field == "publication_year") {
        spec.key = SortKey::Year;
    } else if (field == "cited_by_count") {
        spec.key = SortKey::CitedBy;
    } else if (field == "publication_date") {
        spec.key = SortKey::Date;
    } else {
        throw Error(Errc::InvalidParameter,
                    "sort: '" + field
                        + "' cannot be sorted on; use relevance_score, publication_year, "
                          "publication_date or cited_by_count, optionally with :desc or :asc");
    }
    if (direction.empty()) {
        spec.descending = spec.key == SortKey::Relevance;
    } else if (direction == "desc") {
        spec.descending = true;
    } else if (direction == "asc") {
        spec.descending = false;
    } else {
        throw Error(Errc::InvalidParameter,
                    "sort: direction '" + direction + "' must be desc or asc");
    }
    if (spec.key == SortKey::Relevance && !has_text) {
        throw Error(Errc::InvalidParameter,
                    "sort: relevance_score needs a search; add search= or sort by another field");
    }
    if (spec.key == SortKey::Relevance && !spec.descending) {
        throw Error(Errc::InvalidParameter, "sort: relevance_score can only be sorted :desc");
    }
    return spec;
}

// ---- cursors --------------------------------------------------------------------------------

constexpr std::string_view kB64 =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string b64_encode(std::string_view in) {
    std::string out;
    std::uint32_t buf = 0;
    int bits = 0;
    for (unsigned char c : in) {
        buf = (buf << 8U) | c;
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out += kB64[(buf >> static_cast<unsigned>(bits)) & 0x3FU];
        }
    }
    if (bits > 0) {
        out += kB64[(buf << static_cast<unsigned>(6 - bits)) & 0x3FU];
    }
    return out;
}

std::optional<std::string> b64_decode(std::string_view in) {
    std::string out;
    std::uint32_t buf = 0;
    int bits = 0;
    for (char c : in) {
        auto pos = kB64.find(c);
        if (pos == std::string_view::npos) {
            return std::nullopt;
        }
        buf = (buf << 6U) | static_cast<std::uint32_t>(pos);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((buf >> static_cast<unsigned>(bits)) & 0xFFU);
        }
    }
    return out;
}

std::string fingerprint(const WorksQuery& q) {
    std::string key = q.search + '\x1f' + q.filter + '\x1f' + q.sort + '\x1f'
                      + (q.sample ? std::to_string(*q.sample) : "") + '\x1f'
                      + (q.seed ? std::to_string(*q.seed) : "");
    std::uint64_t h = 1469598103934665603ULL;
    for (unsigned char c : key) {
        h = (h ^ c) * 1099511628211ULL;
    }
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
    return hex;
}

std::string make_cursor(std::size_t offset, const WorksQuery& q) {
    return b64_encode("c1:" + std::to_string(offset) + ":" + fingerprint(q));
}

std::size_t read_cursor(const std::string& cursor, const WorksQuery& q) {
    if (cursor == "*") {
        return 0;
    }
    auto bad = [] {
        return Error(
            Errc::InvalidParameter,
            "cursor: malformed cursor; start a walk with cursor=* and pass back meta.next_cursor");
    };
    auto decoded = b64_decode(cursor);
    if (!decoded || decoded->rfind("c1:", 0) != 0) {
        throw bad();
    }
    std::string rest = decoded->substr(3);
    auto colon = rest.find(':');
    if (colon == std::string::npos || colon == 0) {
        throw bad();
    }
    std::size_t offset = 0;
    for (char c : rest.substr(0, colon)) {
        if (c < '0' || c > '9' || offset > 100'000'000) {
            throw bad();
        }
        offset = offset * 10 + static_cast<std::size_t>(c - '0');
    }
    if (rest.substr(colon + 1) != fingerprint(q)) {
        throw Error(Errc::InvalidParameter,
                    "cursor: this cursor belongs to another query (search, filter, sort or sample "
                    "differ); start again with cursor=*");
    }
    return offset;
}

// ---- facets ---------------------------------------------------------------------------------

struct GroupSpec {
    std::string key;
    bool include_unknown = false;
};

const std::vector<std::string>& group_keys() {
    static const std::vector<std::string> keys = {"publication_year",
                                                  "type",
                                                  "primary_location.source.id",
                                                  "topics.id",
                                                  "authorships.author.id"};
    return keys;
}

std::vector<GroupSpec> parse_groups(const std::vector<std::string>& raw) {
    std::vector<GroupSpec> out;
    for (const auto& item : raw) {
        GroupSpec spec;
        spec.key = item;
        constexpr std::string_view kUnknown = ":include_unknown";
        if (spec.key.size() > kUnknown.size()
            && spec.key.compare(spec.key.size() - kUnknown.size(), kUnknown.size(), kUnknown)
                   == 0) {
            spec.key.resize(spec.key.size() - kUnknown.size());
            spec.include_unknown = true;
        }
        const auto& keys = group_keys();
        if (std::find(keys.begin(), keys.end(), spec.key) == keys.end()) {
            std::string list;
            for (const auto& k : keys) {
                list += (list.empty() ? "" : ", ") + k;
            }
            throw Error(Errc::InvalidParameter,
                        "group_by: '" + spec.key + "' cannot be grouped by; valid keys are: " + list
                            + " (add :include_unknown to count works without a value)");
        }
        out.push_back(std::move(spec));
    }
    return out;
}

GroupResult count_group(const GroupSpec& spec, const DocSet& set, const Snapshot& snap) {
    GroupResult result;
    result.key = spec.key;
    std::unordered_map<std::uint32_t, long> counts;
    std::vector<long> dense;
    long unknown = 0;
    char kind = 0;
    if (spec.key == "publication_year") {
        dense.assign(10000, 0);
        set.for_each([&](Xapian::docid d) {
            if (snap.year[d] == 0) {
                ++unknown;
            } else {
                ++dense[snap.year[d]];
            }
        });
    } else if (spec.key == "type") {
        dense.assign(256, 0);
        set.for_each([&](Xapian::docid d) {
            if (snap.type[d] == 0) {
                ++unknown;
            } else {
                ++dense[snap.type[d]];
            }
        });
    } else if (spec.key == "primary_location.source.id") {
        // Dense counters indexed by code: a hash map per match cost 12-15% of a faceted query.
        kind = 'S';
        dense.assign(snap.source_limit, 0);
        set.for_each([&](Xapian::docid d) {
            if (snap.source[d] == 0) {
                ++unknown;
            } else {
                ++dense[snap.source[d]];
            }
        });
    } else {
        bool topics = spec.key == "topics.id";
        kind = topics ? 'T' : 'A';
        const auto& begin = topics ? snap.topic_begin : snap.author_begin;
        const auto& codes = topics ? snap.topic_slots : snap.author_codes;
        dense.assign(topics ? snap.topic_list.size() : snap.author_names.size() + 1, 0);
        set.for_each([&](Xapian::docid d) {
            std::uint32_t b = begin[d];
            std::uint32_t e = begin[d + 1];
            if (b == e) {
                ++unknown;
            }
            for (std::uint32_t i = b; i < e; ++i) {
                // A work lists a person once; guard against repeated codes anyway.
                bool repeated = false;
                for (std::uint32_t j = b; j < i; ++j) {
                    repeated = repeated || codes[j] == codes[i];
                }
                if (repeated) {
                    continue;
                }
                if (codes[i] < dense.size()) {
                    ++dense[codes[i]];
                } else {
                    ++counts[codes[i]];
                }
            }
        });
    }
    std::vector<GroupBucket> buckets;
    for (std::size_t code = 0; code < dense.size(); ++code) {
        if (dense[code] == 0) {
            continue;
        }
        GroupBucket b;
        b.count = dense[code];
        if (spec.key == "publication_year") {
            b.key = std::to_string(code);
            b.key_display_name = b.key;
        } else if (spec.key == "type") {
            b.key = std::string(schema::type_name(static_cast<std::uint8_t>(code)));
            b.key_display_name = b.key;
        } else {
            auto entity = kind == 'T' ? snap.topic_list[code] : static_cast<std::uint32_t>(code);
            b.key = std::string(1, kind) + std::to_string(entity);
            b.key_display_name = snap.name_of(kind, entity);
        }
        buckets.push_back(std::move(b));
    }
    for (const auto& [code, count] : counts) {
        GroupBucket b;
        b.count = count;
        b.key = std::string(1, kind) + std::to_string(code);
        b.key_display_name = snap.name_of(kind, code);
        buckets.push_back(std::move(b));
    }
    if (spec.include_unknown && unknown > 0) {
        buckets.push_back({"unknown", "unknown", unknown});
    }
    std::sort(buckets.begin(), buckets.end(), [](const GroupBucket& a, const GroupBucket& b) {
        return a.count != b.count ? a.count > b.count : a.key < b.key;
    });
    result.groups_count = static_cast<long>(buckets.size());
    if (buckets.size() > kMaxGroups) {
        buckets.resize(kMaxGroups);
    }
    result.buckets = std::move(buckets);
    return result;
}

// ---- ordering -------------------------------------------------------------------------------

std::vector<Xapian::docid> sorted_by_key(const DocSet& set,
                                         const Snapshot& snap,
                                         Xapian::Database& works,
                                         const SortSpec& sort,
                                         std::size_t upto) {
    struct Item {
        std::int64_t key;
        std::string date;
        Xapian::docid did;
    };
    std::vector<Item> items;
    items.reserve(set.count());
    bool by_date = sort.key == SortKey::Date;
    set.for_each([&](Xapian::docid d) {
        Item item{0, {}, d};
        if (sort.key == SortKey::CitedBy) {
            item.key = snap.cited_by[d];
        } else {
            item.key = snap.year[d];
        }
        items.push_back(std::move(item));
    });
    if (by_date) {
        for (auto& item : items) {
            item.date =
                works.get_document(item.did).get_value(schema::slot(schema::WorkSlot::Date));
            if (item.date.empty()) {
                item.date = std::to_string(snap.year[item.did]);
            }
        }
    }
    auto less = [&](const Item& a, const Item& b) {
        if (by_date ? a.date != b.date : a.key != b.key) {
            bool a_first = by_date ? a.date > b.date : a.key > b.key;
            return sort.descending ? a_first : !a_first;
        }
        return a.did < b.did;
    };
    std::size_t n = std::min(upto, items.size());
    std::partial_sort(
        items.begin(), items.begin() + static_cast<std::ptrdiff_t>(n), items.end(), less);
    std::vector<Xapian::docid> out;
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        out.push_back(items[i].did);
    }
    return out;
}

/// True when Evaluator::match_all_words(node) equals Evaluator::match(node): a word, phrase,
/// wildcard or restriction, an AND/OR of such, or a loose group of at most one optional member.
bool all_words_is_match(const QueryNode& node) {
    using K = QueryNode::Kind;
    auto all = [](const std::vector<QueryNode>& nodes) {
        return std::all_of(
            nodes.begin(), nodes.end(), [](const QueryNode& n) { return all_words_is_match(n); });
    };
    switch (node.kind) {
    case K::And:
    case K::Or:
        return node.required.empty() && all(node.children);
    case K::Loose:
        return node.children.size() <= 1 && all(node.children) && all(node.required);
    default:
        return true;
    }
}

struct Ranked {
    Xapian::docid did;
    double weight;
};

/// The works of @p within that @p query matches, by BM25 weight (ties by docid), positions
/// [offset, offset + count), by Xapian's matcher.
std::vector<Ranked> rank(Xapian::Database& works,
                         const Xapian::Query& query,
                         const DocSet& within,
                         const RankingParams& params,
                         std::size_t offset,
                         std::size_t count) {
    std::vector<Ranked> out;
    if (count == 0 || within.empty() || query.empty()) {
        return out;
    }
    DocSetSource source(within);
    Xapian::Enquire enquire(works);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query(&source)));
    enquire.set_weighting_scheme(Xapian::BM25Weight(params.k1, 0, 1, params.b, 0.5));
    enquire.set_docid_order(Xapian::Enquire::ASCENDING);
    Xapian::MSet mset = enquire.get_mset(static_cast<Xapian::doccount>(offset),
                                         static_cast<Xapian::doccount>(count));
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        out.push_back({*it, it.get_weight()});
    }
    return out;
}

/// Adds @p added[i] (feedback clauses' weight) to each of @p head's works, then sorts
/// [0, tier_end) and [tier_end, size) apart by the new weight (ties by docid): the first tier
/// stays first.
void rerank(const std::vector<double>& added, std::size_t tier_end, std::vector<Ranked>& head) {
    for (std::size_t i = 0; i < head.size() && i < added.size(); ++i) {
        head[i].weight += added[i];
    }
    auto by_weight = [](const Ranked& a, const Ranked& b) {
        return a.weight != b.weight ? a.weight > b.weight : a.did < b.did;
    };
    const auto split = head.begin() + static_cast<std::ptrdiff_t>(std::min(tier_end, head.size()));
    std::sort(head.begin(), split, by_weight);
    std::sort(split, head.end(), by_weight);
}

/// The weight Xapian's matcher gives each of @p docs for @p extra (0 where it does not match).
std::vector<double> xapian_weights(Xapian::Database& works,
                                   const Xapian::Query& extra,
                                   const RankingParams& params,
                                   Xapian::docid limit,
                                   const std::vector<Xapian::docid>& docs) {
    std::vector<double> out(docs.size(), 0.0);
    if (docs.empty() || extra.empty()) {
        return out;
    }
    DocSet set(limit);
    for (const Xapian::docid d : docs) {
        set.insert(d);
    }
    std::unordered_map<Xapian::docid, double> weights;
    for (const Ranked& r : rank(works, extra, set, params, 0, docs.size())) {
        weights.emplace(r.did, r.weight);
    }
    for (std::size_t i = 0; i < docs.size(); ++i) {
        if (auto it = weights.find(docs[i]); it != weights.end()) {
            out[i] = it->second;
        }
    }
    return out;
}

// ---- spelling -------------------------------------------------------------------------------

std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit) {
    std::vector<std::size_t> prev(b.size() + 1);
    std::vector<std::size_t> cur(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) {
        prev[j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        std::size_t best = cur[0];
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
            best = std::min(best, cur[j]);
        }
        if (best > limit) {
            return limit + 1;
        }
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

void collect_words(const QueryNode& node, std::vector<const QueryNode*>& out) {
    if (node.kind == QueryNode::Kind::Word && node.field == QueryField::Default) {
        out.push_back(&node);
    }
    for (const auto& c : node.children) {
        collect_words(c, out);
    }
    for (const auto& c : node.required) {
        collect_words(c, out);
    }
}

std::optional<std::string> suggest(Xapian::Database& works, const QueryNode& root) {
    std::vector<const QueryNode*> words;
    collect_words(root, words);
    bool changed = false;
    std::string out;
    for (const QueryNode* w : words) {
        const std::string& word = w->words.front();
        std::string chosen = word;
        Xapian::doccount freq =
            works.get_termfreq(word) + works.get_termfreq(term(prefix::kTitle, word));
        if (freq < 2 && word.size() >= 3) {
            std::size_t limit = word.size() <= 4 ? 1 : 2;
            Xapian::doccount best = freq;
            std::string start = word.substr(0, 1);
            std::size_t scanned = 0;
            for (auto it = works.allterms_begin(start);
                 it != works.allterms_end(start) && scanned < 200'000;
                 ++it, ++scanned) {
                std::string candidate = *it;
                if (candidate.size() + limit < word.size()
                    || candidate.size() > word.size() + limit) {
                    continue;
                }
                Xapian::doccount f = it.get_termfreq();
                if (f <= best || f < 3) {
                    continue;
                }
                if (edit_distance(word, candidate, limit) <= limit) {
                    best = f;
                    chosen = candidate;
                }
            }
        }
        changed = changed || chosen != word;
        out += (out.empty() ? "" : " ") + chosen;
    }
    if (!changed) {
        return std::nullopt;
    }
    return out;
}

std::string normalise_work_id(std::string_view id) {
    std::string s(id);
    for (std::string_view p :
         {"https://openalex.org/", "http://openalex.org/", "https://api.openalex.org/works/"}) {
        if (s.rfind(p, 0) == 0) {
            return s.substr(p.size());
        }
    }
    return s;
}

std::optional<std::string> as_doi(std::string_view id) {
    std::string s(id);
    for (std::string_view p :
         {"https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "doi:", "DOI:"}) {
        if (s.rfind(p, 0) == 0) {
            s = s.substr(p.size());
            std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) {
                return static_cast<char>(std::tolower(c));
            });
            return s;
        }
    }
    if (s.rfind("10.", 0) == 0 && s.find('/') != std::string::npos) {
        std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) {
            return static_cast<char>(std::tolower(c));
        });
        return s;
    }
    return std::nullopt;
}

Xapian::docid find_work(Xapian::Database& works, std::string_view raw_id) {
    std::vector<std::string> terms;
    if (auto doi = as_doi(raw_id)) {
        terms.push_back(term(prefix::kDoi, *doi));
    }
    std::string id = normalise_work_id(raw_id);
    terms.push_back(term(prefix::kWorkId, id));
    terms.push_back(term(prefix::kAltId, id));
    terms.push_back(term(prefix::kOpenAlex, id));
    for (const auto& t : terms) {
        auto it = works.postlist_begin(t);
        if (it != works.postlist_end(t)) {
            return *it;
        }
    }
    return 0;
}

schema::WorkData load_work(Xapian::Database& works, Xapian::docid did) {
    try {
        return schema::decode_work(works.get_document(did).get_data());
    } catch (const std::runtime_error& e) {
        throw Error(Errc::IndexUnavailable,
                    std::string("a stored work could not be read: ") + e.what());
    }
}

std::vector<schema::SourceEntityData> all_sources(Xapian::Database& entities) {
    std::vector<schema::SourceEntityData> out;
    std::string t = term(prefix::kEntityType, "source");
    for (auto it = entities.postlist_begin(t); it != entities.postlist_end(t); ++it) {
        out.push_back(schema::decode_source(entities.get_document(*it).get_data()));
    }
    return out;
}

void check_paging(std::size_t per_page, std::size_t page) {
    if (per_page < 1 || per_page > kMaxPerPage) {
        throw Error(Errc::InvalidParameter,
                    "per_page: " + std::to_string(per_page) + " is out of range; use 1 to "
                        + std::to_string(kMaxPerPage));
    }
    if (page < 1) {
        throw Error(Errc::InvalidParameter, "page: pages start at 1");
    }
}

WorksPage search_works_impl(Searcher::Impl& impl, const WorksQuery& q) {
    auto started = std::chrono::steady_clock::now();
    const Snapshot& snap = *impl.snapshot;
    check_paging(q.per_page, q.page);
    if (!q.cursor && q.page * q.per_page > kMaxPagedResults) {
        throw Error(Errc::InvalidParameter,
                    "page: page * per_page may not exceed " + std::to_string(kMaxPagedResults)
                        + "; use cursor=* to page deeper");
    }
    if (q.sample && (*q.sample < 1 || *q.sample > kMaxSample)) {
        throw Error(Errc::InvalidParameter, "sample: use 1 to " + std::to_string(kMaxSample));
    }
    if (q.sample && q.cursor) {
        throw Error(Errc::InvalidParameter,
                    "sample: cannot be combined with cursor paging; use page");
    }
    std::vector<GroupSpec> groups = parse_groups(q.group_by);
    WorksPage page;
    page.per_page = q.per_page;

    Evaluator eval(impl, impl.service.ranking);
    std::vector<FilterClause> clauses = parse_filter(q.filter, work_filter_keys());
    DocSet matches = eval.filter(clauses);

    std::optional<ParsedQuery> parsed;
    Xapian::Query ranking;
    std::string search = q.search;
    bool blank = std::all_of(
        search.begin(), search.end(), [](unsigned char c) { return std::isspace(c) != 0; });
    if (!blank) {
        parsed = parse_query(search, impl.terms.analyzer());
        page.warnings = parsed->warnings;
        if (parsed->root.kind == QueryNode::Kind::Nothing) {
            matches = DocSet(snap.limit);
            page.warnings.push_back("the search has no searchable words");
        } else {
            matches.intersect(eval.match(parsed->root));
            ranking = eval.ranking_query(parsed->root);
        }
        page.warnings.insert(page.warnings.end(), eval.warnings().begin(), eval.warnings().end());
    }
    bool has_text = !ranking.empty();
    // A search whose words are all unknown to the index still is a search: relevance sorting is
    // valid (and finds nothing); only a request without search= cannot sort by relevance.
    SortSpec sort = parse_sort(q.sort, !blank);
    if (sort.key == SortKey::Relevance && !has_text) {
        sort.key = SortKey::Year;
        sort.descending = true;
    }

    if (q.sample) {
        std::vector<Xapian::docid> ids;
        matches.for_each([&](Xapian::docid d) { ids.push_back(d); });
        std::mt19937_64 rng(q.seed.value_or(std::random_device{}()));
        std::size_t n = std::min(*q.sample, ids.size());
        for (std::size_t i = 0; i < n; ++i) {
            std::uniform_int_distribution<std::size_t> pick(i, ids.size() - 1);
            std::swap(ids[i], ids[pick(rng)]);
        }
        ids.resize(n);
        matches = DocSet(snap.limit);
        for (auto d : ids) {
            matches.insert(d);
        }
        if (!q.sort.empty() && sort.key == SortKey::Relevance) {
            sort.key = SortKey::Year;
        }
    }

    page.count = static_cast<long>(matches.count());
    for (const auto& g : groups) {
        page.groups.push_back(count_group(g, matches, snap));
    }

    std::size_t offset = 0;
    if (q.cursor) {
        offset = read_cursor(*q.cursor, q);
        page.cursor_used = true;
        page.page = 0;
    } else {
        offset = (q.page - 1) * q.per_page;
        page.page = q.page;
    }
    std::size_t want = q.per_page;
    std::vector<std::pair<Xapian::docid, std::optional<double>>> chosen;
    if (offset < matches.count()) {
        if (sort.key == SortKey::Relevance && has_text && !q.sample) {
            // The first tier is the match set itself when every match has all the words; then
            // evaluating it again (a phrase's positions, a wildcard's terms) is pure cost.
            DocSet tier1 = matches;
            if (!all_words_is_match(parsed->root)) {
                tier1.intersect(eval.match_all_words(parsed->root));
            }
            const std::size_t n1 = tier1.count();
            DocSet tier2 = matches;
            tier2.subtract(tier1);
            // Scored in memory (the same BM25 weights as Xapian's matcher gives).
            std::optional<Scorer> scorer;
            if (impl.service.ranking.in_memory_scorer) {
                scorer.emplace(snap, impl.works, impl.service.ranking, impl.score_buffers);
                scorer->add(eval.score_clauses());
            }
            auto rank_tier = [&](const DocSet& tier, std::size_t from, std::size_t n) {
                if (scorer) {
                    std::vector<Ranked> out;
                    for (const Scored& s : scorer->top(tier, from, n)) {
                        out.push_back({s.did, s.weight});
                    }
                    return out;
                }
                return rank(impl.works, ranking, tier, impl.service.ranking, from, n);
            };
            // Positions [from, from + n) of the order without feedback: the first tier, then the
            // rest, each by BM25.
            auto first_pass = [&](std::size_t from, std::size_t n) {
                std::vector<Ranked> out;
                if (from < n1) {
                    out = rank_tier(tier1, from, std::min(n, n1 - from));
                }
                if (from + n > n1) {
                    const std::size_t off2 = from > n1 ? from - n1 : 0;
                    for (const Ranked& r : rank_tier(tier2, off2, n - out.size())) {
                        out.push_back(r);
                    }
                }
                return out;
            };
            std::vector<Ranked> ranked;
            if (eval.feedback_wanted() && offset < kFeedbackDepth) {
                // Pseudo-relevance feedback re-ranks the first kFeedbackDepth positions (a fixed
                // depth, so that pages and cursors see one order); deeper ones keep the first
                // pass's order.
                ranked = first_pass(0, std::max(offset + want, kFeedbackDepth));
                std::vector<Xapian::docid> top;
                for (std::size_t i = 0; i < ranked.size() && i < impl.service.ranking.feedback_docs;
                     ++i) {
                    top.push_back(ranked[i].did);
                }
                std::vector<Ranked> tail;
                if (ranked.size() > kFeedbackDepth) {
                    tail.assign(ranked.begin() + static_cast<std::ptrdiff_t>(kFeedbackDepth),
                                ranked.end());
                    ranked.resize(kFeedbackDepth);
                }
                std::vector<Xapian::docid> head;
                for (const Ranked& r : ranked) {
                    head.push_back(r.did);
                }
                std::vector<ScoreClause> feedback_clauses;
                const Xapian::Query extra = eval.feedback_query(top, &feedback_clauses);
                rerank(
                    scorer
                        ? weigh(snap, impl.works, impl.service.ranking, feedback_clauses, head)
                        : xapian_weights(impl.works, extra, impl.service.ranking, snap.limit, head),
                    n1,
                    ranked);
                ranked.insert(ranked.end(), tail.begin(), tail.end());
                ranked.erase(ranked.begin(),
                             ranked.begin()
                                 + static_cast<std::ptrdiff_t>(std::min(offset, ranked.size())));
                ranked.resize(std::min(ranked.size(), want));
            } else {
                ranked = first_pass(offset, want);
            }
            for (const Ranked& r : ranked) {
                chosen.emplace_back(r.did, r.weight);
            }
        } else {
            if (sort.key == SortKey::Relevance) {
                sort.key = SortKey::Year;
                sort.descending = true;
            }
            std::vector<Xapian::docid> ordered =
                sorted_by_key(matches, snap, impl.works, sort, offset + want);
            for (std::size_t i = offset; i < ordered.size(); ++i) {
                chosen.emplace_back(ordered[i], std::nullopt);
            }
        }
    }
    if (q.cursor && offset + want < matches.count()) {
        page.next_cursor = make_cursor(offset + want, q);
    }
    for (const auto& [did, weight] : chosen) {
        WorkHit hit;
        hit.work = load_work(impl.works, did);
        hit.relevance_score = weight;
        if (q.highlight && parsed) {
            Highlight h;
            h.title = highlight_text(
                hit.work.title, eval.highlight_words(), eval.highlight_stems(), impl.terms, 0);
            if (!hit.work.abstract.empty()) {
                h.abstract_snippet = highlight_text(hit.work.abstract,
                                                    eval.highlight_words(),
                                                    eval.highlight_stems(),
                                                    impl.terms,
                                                    kSnippetWords);
            }
            hit.highlight = std::move(h);
        }
        page.results.push_back(std::move(hit));
    }
    if (parsed && page.count < 5) {
        page.suggestion = suggest(impl.works, parsed->root);
    }
    page.elapsed_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count();
    return page;
}

std::vector<WorkCompletion> autocomplete_impl(Searcher::Impl& impl, std::string_view q) {
    std::vector<WorkCompletion> out;
    std::string text(q);
    std::size_t visible = 0;
    for (unsigned char c : text) {
        visible += (c & 0xC0U) != 0x80U && std::isspace(c) == 0 ? 1 : 0;
    }
    if (visible < 2) {
        return out;
    }
    bool trailing_space = std::isspace(static_cast<unsigned char>(text.back())) != 0;
    std::vector<analyzers::Token> tokens = impl.terms.analyzer().analyze(text);
    tokens.erase(
        std::remove_if(tokens.begin(), tokens.end(), [](const auto& t) { return t.joined; }),
        tokens.end());
    if (tokens.empty()) {
        return out;
    }
    std::vector<Xapian::Query> parts;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const auto& t = tokens[i];
        bool last = i + 1 == tokens.size();
        if (last && !trailing_space) {
            std::vector<std::pair<Xapian::doccount, std::string>> found;
            std::string start = term(prefix::kTitle, t.term);
            for (auto it = impl.works.allterms_begin(start); it != impl.works.allterms_end(start);
                 ++it) {
                found.emplace_back(it.get_termfreq(), *it);
            }
            constexpr std::size_t kMax = 40;
            if (found.size() > kMax) {
                std::partial_sort(found.begin(),
                                  found.begin() + kMax,
                                  found.end(),
                                  [](const auto& a, const auto& b) { return a.first > b.first; });
                found.resize(kMax);
            }
            if (found.empty()) {
                return out;
            }
            std::vector<std::string> terms;
            for (auto& f : found) {
                terms.push_back(std::move(f.second));
            }
            parts.emplace_back(Xapian::Query::OP_SYNONYM, terms.begin(), terms.end());
        } else {
            std::vector<std::string> forms{term(prefix::kTitle, t.term)};
            if (t.stemmable()) {
                const std::string& stem = impl.terms.stem(t.term);
                forms.push_back(term(prefix::kTitleStem, stem));
                if (stem != t.term) {
                    forms.push_back(term(prefix::kTitle, stem));
                }
            }
            parts.emplace_back(Xapian::Query::OP_SYNONYM, forms.begin(), forms.end());
        }
    }
    Xapian::Enquire enquire(impl.works);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end()));
    enquire.set_weighting_scheme(
        Xapian::BM25Weight(impl.service.ranking.k1, 0, 1, impl.service.ranking.b, 0.5));
    enquire.set_docid_order(Xapian::Enquire::ASCENDING);
    Xapian::MSet mset = enquire.get_mset(0, 10);
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        schema::WorkData w = load_work(impl.works, *it);
        WorkCompletion c;
        c.id = w.id;
        c.display_name = w.title;
        std::string hint =
            w.publication_year != 0 ? std::to_string(w.publication_year) : std::string();
        if (!w.primary_source.display_name.empty()) {
            hint += (hint.empty() ? "" : " \xC2\xB7 ") + w.primary_source.display_name;
        }
        c.hint = hint;
        c.cited_by_count = w.cited_by_count;
        out.push_back(std::move(c));
    }
    return out;
}

SourcesPage sources_impl(Searcher::Impl& impl, const EntityQuery& q) {
    auto started = std::chrono::steady_clock::now();
    check_paging(q.per_page, q.page);
    if (q.page * q.per_page > kMaxPagedResults) {
        throw Error(Errc::InvalidParameter,
                    "page: page * per_page may not exceed " + std::to_string(kMaxPagedResults));
    }
    std::vector<schema::SourceEntityData> sources = all_sources(impl.entities);
    std::vector<std::string> filter_types;
    for (const auto& clause : parse_filter(q.filter, {"type", "display_name.search"})) {
        for (const auto& v : clause.values) {
            if (clause.key == "type") {
                filter_types.push_back(v.value);
            }
        }
    }
    analyzers::Analyzer& analyzer = impl.terms.analyzer();
    std::vector<std::string> words;
    for (const auto& t : analyzer.analyze(q.search)) {
        if (!t.joined) {
            words.push_back(t.term);
        }
    }
    std::vector<std::pair<double, schema::SourceEntityData>> kept;
    for (auto& s : sources) {
        if (!filter_types.empty()
            && std::find(filter_types.begin(), filter_types.end(), s.type) == filter_types.end()) {
            continue;
        }
        double score = 0;
        if (!words.empty()) {
            std::vector<std::string> names{s.display_name};
            names.insert(names.end(), s.alternate_names.begin(), s.alternate_names.end());
            for (const auto& name : names) {
                std::vector<analyzers::Token> name_tokens = analyzer.analyze(name);
                std::size_t found = 0;
                for (const auto& w : words) {
                    bool hit = std::any_of(name_tokens.begin(),
                                           name_tokens.end(),
                                           [&](const auto& t) { return t.term.rfind(w, 0) == 0; });
                    found += hit ? 1 : 0;
                }
                if (found == words.size()) {
                    double s_score = name == s.display_name ? 2.0 : 1.0;
                    score =
                        std::max(score, s_score + (name_tokens.size() == words.size() ? 1.0 : 0.0));
                }
            }
            if (score == 0) {
                continue;
            }
        }
        kept.emplace_back(score, std::move(s));
    }
    std::string sort =
        q.sort.empty() ? (words.empty() ? "works_count:desc" : "relevance_score:desc") : q.sort;
    std::function<bool(const std::pair<double, schema::SourceEntityData>&,
                       const std::pair<double, schema::SourceEntityData>&)>
        less;
    if (sort == "works_count:desc" || sort == "works_count") {
        less = [](const auto& a, const auto& b) {
            return a.second.works_count != b.second.works_count
                       ? a.second.works_count > b.second.works_count
                       : a.second.id < b.second.id;
        };
    } else if (sort == "relevance_score:desc" || sort == "relevance_score") {
        if (words.empty()) {
            throw Error(Errc::InvalidParameter, "sort: relevance_score needs a search");
        }
        less = [](const auto& a, const auto& b) {
            if (a.first != b.first) {
                return a.first > b.first;
            }
            return a.second.works_count > b.second.works_count;
        };
    } else if (sort == "display_name:asc" || sort == "display_name") {
        less = [](const auto& a, const auto& b) {
            return a.second.display_name < b.second.display_name;
        };
    } else if (sort == "cited_by_count:desc") {
        less = [](const auto& a, const auto& b) {
            return a.second.cited_by_count > b.second.cited_by_count;
        };
    } else {
        throw Error(Errc::InvalidParameter,
                    "sort: '" + sort
                        + "' is not supported here; use works_count:desc, cited_by_count:desc, "
                          "display_name:asc or relevance_score:desc");
    }
    std::stable_sort(kept.begin(), kept.end(), less);
    SourcesPage page;
    page.count = static_cast<long>(kept.size());
    page.page = q.page;
    page.per_page = q.per_page;
    std::size_t offset = (q.page - 1) * q.per_page;
    for (std::size_t i = offset; i < kept.size() && i < offset + q.per_page; ++i) {
        if (!words.empty()) {
            page.relevance_scores.push_back(kept[i].first);
        }
        page.results.push_back(std::move(kept[i].second));
    }
    page.elapsed_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count();
    return page;
}

} // namespace

WorksPage Searcher::search_works(const WorksQuery& query) {
    return guarded(*impl_, [&] { return search_works_impl(*impl_, query); });
}

std::optional<schema::WorkData> Searcher::get_work(std::string_view id) {
    return guarded(*impl_, [&]() -> std::optional<schema::WorkData> {
        if (id.empty() || id.size() > 1000) {
            return std::nullopt;
        }
        Xapian::docid did = find_work(impl_->works, id);
        if (did == 0) {
            return std::nullopt;
        }
        return load_work(impl_->works, did);
    });
}

std::optional<schema::WorkData> Searcher::random_work(std::optional<std::uint64_t> seed) {
    return guarded(*impl_, [&]() -> std::optional<schema::WorkData> {
        const Snapshot& snap = *impl_->snapshot;
        std::size_t n = snap.all.count();
        if (n == 0) {
            return std::nullopt;
        }
        std::mt19937_64 rng(seed.value_or(std::random_device{}()));
        std::size_t k = std::uniform_int_distribution<std::size_t>(0, n - 1)(rng);
        Xapian::docid chosen = 0;
        std::size_t i = 0;
        snap.all.for_each([&](Xapian::docid d) {
            if (i++ == k) {
                chosen = d;
            }
        });
        return load_work(impl_->works, chosen);
    });
}

std::vector<WorkCompletion> Searcher::autocomplete_works(std::string_view q) {
    return guarded(*impl_, [&] { return autocomplete_impl(*impl_, q); });
}

SourcesPage Searcher::search_sources(const EntityQuery& query) {
    return guarded(*impl_, [&] { return sources_impl(*impl_, query); });
}

std::optional<schema::SourceEntityData> Searcher::get_source(std::string_view id) {
    return guarded(*impl_, [&]() -> std::optional<schema::SourceEntityData> {
        auto ref = schema::parse_entity_id(id);
        if (!ref || ref->kind != schema::EntityKind::Source) {
            return std::nullopt;
        }
        std::string t = term(prefix::kEntityId, schema::entity_id(ref->kind, ref->code));
        auto it = impl_->entities.postlist_begin(t);
        if (it == impl_->entities.postlist_end(t)) {
            return std::nullopt;
        }
        return schema::decode_source(impl_->entities.get_document(*it).get_data());
    });
}

Health Searcher::health() {
    try {
        return guarded(*impl_, [&] {
            Health h;
            h.ok = true;
            h.works = static_cast<long>(impl_->works.get_doccount());
            h.revision = impl_->works.get_revision();
            h.schema_version = schema::kSchemaVersion;
            return h;
        });
    } catch (const Error& e) {
        Health h;
        h.message = e.what();
        return h;
    }
}

} // namespace peerscope::search
