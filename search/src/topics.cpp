// Topics: GET /v1/topics (search, filter, sort, paging) and GET /v1/topics/{id} (the topic page).
//
// Topic entities are few (hundreds to a few thousand), so every topic of one entities revision is
// decoded once into a TopicCatalog shared by all searchers (cached by database uuid and
// revision); lists filter and sort it in memory and pages read their path, children and related
// topics from it. Trends divide a topic's works per year (the indexer's aggregate) by the works
// per year of the whole index (the frequencies of the year terms).
#include "filter.hpp"
#include "internal.hpp"
#include "peerscope/schema/codec.hpp"
#include "peerscope/schema/prefixes.hpp"
#include "peerscope/search/error.hpp"
#include "query_parser.hpp"

#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <map>
#include <mutex>
#include <unordered_map>

namespace peerscope::search {
namespace {

namespace prefix = schema::prefix;

constexpr std::size_t kMaxTopicsPerPage = 200;
constexpr std::size_t kMaxTopicsPaged = 10'000;
constexpr std::size_t kMaxRelatedTopics = 10;
constexpr std::size_t kCachedCatalogs = 4;
constexpr int kRecentYears = 3;

/// Every topic of one entities revision, decoded, with the tree around it. Immutable once built.
struct TopicCatalog {
    std::string uuid;
    Xapian::rev revision = 0;
    std::vector<schema::TopicEntityData> topics;
    std::unordered_map<std::string, std::size_t> by_id;
    std::unordered_map<std::string, std::vector<std::size_t>> children; ///< parent id -> topics
    std::vector<std::vector<std::string>> name_words; ///< folded words of each display name
    std::vector<std::vector<std::string>> text_words; ///< folded words of name and description

    [[nodiscard]] const schema::TopicEntityData* find(const std::string& id) const {
        auto it = by_id.find(id);
        return it == by_id.end() ? nullptr : &topics[it->second];
    }
};

std::vector<std::string> words_of(analyzers::Analyzer& analyzer, std::string_view text) {
    std::vector<std::string> out;
    for (const auto& token : analyzer.analyze(text)) {
        if (!token.joined) {
            out.push_back(token.term);
        }
    }
    return out;
}

std::shared_ptr<const TopicCatalog> build_catalog(Searcher::Impl& impl) {
    auto catalog = std::make_shared<TopicCatalog>();
    catalog->uuid = impl.entities.get_uuid();
    catalog->revision = impl.entities.get_revision();
    std::string type_term = std::string(prefix::kEntityType) + "topic";
    for (auto it = impl.entities.postlist_begin(type_term);
         it != impl.entities.postlist_end(type_term);
         ++it) {
        try {
            catalog->topics.push_back(
                schema::decode_topic(impl.entities.get_document(*it).get_data()));
        } catch (const std::runtime_error& e) {
            throw Error(Errc::IndexUnavailable,
                        std::string("a stored topic could not be read: ") + e.what());
        }
    }
    std::sort(catalog->topics.begin(), catalog->topics.end(), [](const auto& a, const auto& b) {
        auto ca = schema::parse_entity_id(a.id);
        auto cb = schema::parse_entity_id(b.id);
        return (ca ? ca->code : 0) < (cb ? cb->code : 0);
    });
    analyzers::Analyzer& analyzer = impl.terms.analyzer();
    for (std::size_t i = 0; i < catalog->topics.size(); ++i) {
        schema::TopicEntityData& topic = catalog->topics[i];
        if (topic.path_ids.empty()) {
            topic.path_ids.push_back(topic.id);
        }
        catalog->by_id.emplace(topic.id, i);
        catalog->name_words.push_back(words_of(analyzer, topic.display_name));
        catalog->text_words.push_back(
            words_of(analyzer, topic.display_name + " " + topic.description));
    }
    for (std::size_t i = 0; i < catalog->topics.size(); ++i) {
        const schema::TopicEntityData& topic = catalog->topics[i];
        if (!topic.parent_id.empty()) {
            catalog->children[topic.parent_id].push_back(i);
        }
    }
    for (auto& [parent, kids] : catalog->children) {
        std::sort(kids.begin(), kids.end(), [&](std::size_t a, std::size_t b) {
            const auto& x = catalog->topics[a];
            const auto& y = catalog->topics[b];
            return x.works_count != y.works_count ? x.works_count > y.works_count
                                                  : x.display_name < y.display_name;
        });
    }
    return catalog;
}

/// The catalog of the revision @p impl reads. Catalogs are shared by every searcher of the
/// process (keyed by database uuid and revision, so indexes never mix); a few are kept.
std::shared_ptr<const TopicCatalog> catalog_for(Searcher::Impl& impl) {
    static std::mutex mutex;
    static std::vector<std::shared_ptr<const TopicCatalog>> cached;
    const std::string uuid = impl.entities.get_uuid();
    const Xapian::rev revision = impl.entities.get_revision();
    std::lock_guard lock(mutex);
    for (const auto& c : cached) {
        if (c->uuid == uuid && c->revision == revision) {
            return c;
        }
    }
    auto built = build_catalog(impl);
    cached.erase(std::remove_if(
                     cached.begin(), cached.end(), [&](const auto& c) { return c->uuid == uuid; }),
                 cached.end());
    if (cached.size() >= kCachedCatalogs) {
        cached.erase(cached.begin());
    }
    cached.push_back(built);
    return built;
}

/// Works per publication year in the whole index (from the year terms' frequencies).
std::map<int, long> works_per_year(Xapian::Database& works) {
    std::map<int, long> out;
    const std::string start(prefix::kYear);
    for (auto it = works.allterms_begin(start); it != works.allterms_end(start); ++it) {
        std::string t = *it;
        std::string digits = t.substr(start.size());
        if (digits.empty() || digits.size() > 4
            || !std::all_of(
                digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
            continue;
        }
        out[std::stoi(digits)] = static_cast<long>(it.get_termfreq());
    }
    return out;
}

TopicTrend trend_of(const schema::TopicEntityData& topic, const std::map<int, long>& totals) {
    TopicTrend trend;
    if (totals.empty()) {
        return trend;
    }
    trend.recent_to = totals.rbegin()->first;
    trend.recent_from = trend.recent_to - (kRecentYears - 1);
    long all_recent = 0;
    long all_earlier = 0;
    for (const auto& [year, count] : totals) {
        (year >= trend.recent_from ? all_recent : all_earlier) += count;
    }
    for (const schema::YearCount& y : topic.counts_by_year) {
        if (y.year == 0) {
            continue;
        }
        (y.year >= trend.recent_from ? trend.recent_works : trend.earlier_works) += y.works_count;
    }
    trend.recent_share =
        all_recent > 0 ? static_cast<double>(trend.recent_works) / static_cast<double>(all_recent)
                       : 0.0;
    trend.earlier_share = all_earlier > 0 ? static_cast<double>(trend.earlier_works)
                                                / static_cast<double>(all_earlier)
                                          : 0.0;
    trend.growth = trend.earlier_share > 0.0 ? trend.recent_share / trend.earlier_share : 0.0;
    bool enough = trend.recent_works >= kRisingMinWorks;
    bool new_topic = trend.earlier_works == 0 && all_earlier > 0;
    trend.rising = enough && (new_topic || trend.growth >= kRisingGrowth);
    return trend;
}

TopicNode node_of(const schema::TopicEntityData& topic) {
    return TopicNode{topic.id, topic.display_name, topic.level, topic.works_count};
}

TopicDetail detail_of(const TopicCatalog& catalog,
                      const schema::TopicEntityData& topic,
                      const std::map<int, long>& totals) {
    TopicDetail detail;
    detail.topic = topic;
    for (const auto& id : topic.path_ids) {
        if (const auto* t = catalog.find(id)) {
            detail.path.push_back(node_of(*t));
        } else {
            detail.path.push_back(TopicNode{id, {}, {}, 0});
        }
    }
    if (auto kids = catalog.children.find(topic.id); kids != catalog.children.end()) {
        for (std::size_t i : kids->second) {
            detail.children.push_back(node_of(catalog.topics[i]));
        }
    }
    for (const schema::CountedRef& ref : topic.related_topics) {
        RelatedTopic r;
        r.id = ref.id;
        r.display_name = ref.display_name;
        r.shared_works = ref.count;
        if (const auto* other = catalog.find(ref.id)) {
            r.works_count = other->works_count;
            if (r.display_name.empty()) {
                r.display_name = other->display_name;
            }
        }
        double denominator = std::sqrt(static_cast<double>(std::max(1L, topic.works_count))
                                       * static_cast<double>(std::max(1L, r.works_count)));
        r.score = static_cast<double>(r.shared_works) / denominator;
        detail.related.push_back(std::move(r));
    }
    std::stable_sort(detail.related.begin(),
                     detail.related.end(),
                     [](const auto& a, const auto& b) { return a.score > b.score; });
    if (detail.related.size() > kMaxRelatedTopics) {
        detail.related.resize(kMaxRelatedTopics);
    }
    detail.trend = trend_of(topic, totals);
    return detail;
}

// ---- lists ------------------------------------------------------------------------------------

const std::vector<std::string>& topic_filter_keys() {
    static const std::vector<std::string> keys = {"parent.id",
                                                  "parent",
                                                  "domain.id",
                                                  "field.id",
                                                  "subfield.id",
                                                  "level",
                                                  "origin",
                                                  "works_count",
                                                  "cited_by_count",
                                                  "display_name.search",
                                                  "id"};
    return keys;
}

/// The canonical topic id of a filter value ("T11", a URL ending in it); throws for other forms.
std::string topic_id_value(const std::string& key, const std::string& value) {
    auto ref = schema::parse_entity_id(value);
    if (!ref || ref->kind != schema::EntityKind::Topic) {
        throw Error(Errc::InvalidParameter,
                    "filter: " + key + ":" + value
                        + " is not a topic id; expected an id like T11 (or a URL ending in one)");
    }
    return schema::entity_id(ref->kind, ref->code);
}

bool all_words_prefix(const std::vector<std::string>& words, const std::vector<std::string>& in) {
    return std::all_of(words.begin(), words.end(), [&](const std::string& w) {
        return std::any_of(
            in.begin(), in.end(), [&](const std::string& t) { return t.rfind(w, 0) == 0; });
    });
}

/// Whether topic @p i passes one value of a clause.
bool passes(const TopicCatalog& catalog,
            std::size_t i,
            const std::string& key,
            const std::string& value,
            analyzers::Analyzer& analyzer) {
    const schema::TopicEntityData& topic = catalog.topics[i];
    if (key == "parent.id" || key == "parent") {
        if (value == "null" || value == "none") {
            return topic.parent_id.empty();
        }
        return topic.parent_id == topic_id_value(key, value);
    }
    if (key == "domain.id" || key == "field.id" || key == "subfield.id") {
        std::string id = topic_id_value(key, value);
        std::string want = key.substr(0, key.find('.'));
        if (const auto* anchor = catalog.find(id); anchor != nullptr && anchor->level != want) {
            throw Error(Errc::InvalidParameter,
                        "filter: " + key + ":" + id + " names a " + anchor->level + ", not a "
                            + want + "; use " + anchor->level + ".id:" + id);
        }
        // Topics below the anchor (the anchor itself is not "in" its own domain or field).
        return topic.id != id
               && std::find(topic.path_ids.begin(), topic.path_ids.end(), id)
                      != topic.path_ids.end();
    }
    if (key == "level") {
        static const std::vector<std::string> levels = {"domain", "field", "subfield", "topic"};
        if (std::find(levels.begin(), levels.end(), value) == levels.end()) {
            throw Error(Errc::InvalidParameter,
                        "filter: level:" + value
                            + " is not a level; use domain, field, subfield or topic");
        }
        return topic.level == value;
    }
    if (key == "origin") {
        return topic.origin == value;
    }
    if (key == "works_count" || key == "cited_by_count") {
        NumberRange r = parse_range(key, value, 0, std::numeric_limits<long>::max());
        long n = key == "works_count" ? topic.works_count : topic.cited_by_count;
        return n >= r.from && n <= r.to;
    }
    if (key == "display_name.search") {
        std::vector<std::string> words = words_of(analyzer, value);
        return !words.empty() && all_words_prefix(words, catalog.name_words[i]);
    }
    // key == "id"
    return topic.id == topic_id_value(key, value);
}

enum class TopicSort { WorksCount, CitedBy, DisplayName, Relevance };

struct TopicSortSpec {
    TopicSort key = TopicSort::WorksCount;
    bool descending = true;
};

TopicSortSpec parse_topic_sort(const std::string& sort, bool searching) {
    TopicSortSpec spec;
    if (sort.empty()) {
        spec.key = searching ? TopicSort::Relevance : TopicSort::WorksCount;
        return spec;
    }
    std::string field = sort.substr(0, sort.find(':'));
    std::string direction =
        sort.find(':') == std::string::npos ? std::string() : sort.substr(sort.find(':') + 1);
    if (field == "works_count") {
        spec.key = TopicSort::WorksCount;
    } else if (field == "cited_by_count") {
        spec.key = TopicSort::CitedBy;
    } else if (field == "display_name") {
        spec.key = TopicSort::DisplayName;
        spec.descending = false;
    } else if (field == "relevance_score") {
        spec.key = TopicSort::Relevance;
    } else {
        throw Error(Errc::InvalidParameter,
                    "sort: '" + field
                        + "' cannot be sorted on; use works_count, cited_by_count, "
                          "display_name or relevance_score, optionally with :desc or :asc");
    }
    if (direction == "desc") {
        spec.descending = true;
    } else if (direction == "asc") {
        spec.descending = false;
    } else if (!direction.empty()) {
        throw Error(Errc::InvalidParameter,
                    "sort: direction '" + direction + "' must be desc or asc");
    }
    if (spec.key == TopicSort::Relevance && (!searching || !spec.descending)) {
        throw Error(Errc::InvalidParameter,
                    "sort: relevance_score needs a search and sorts :desc only");
    }
    return spec;
}

/// Relevance of a topic to the search words: name matches beat description matches, whole
/// names beat partial ones; 0 when not every word is found.
double
relevance(const TopicCatalog& catalog, std::size_t i, const std::vector<std::string>& words) {
    if (all_words_prefix(words, catalog.name_words[i])) {
        double score = 2.0;
        if (catalog.name_words[i].size() == words.size()) {
            score += 1.0;
        }
        return score;
    }
    return all_words_prefix(words, catalog.text_words[i]) ? 1.0 : 0.0;
}

TopicsPage topics_impl(Searcher::Impl& impl, const EntityQuery& q) {
    auto started = std::chrono::steady_clock::now();
    if (q.per_page < 1 || q.per_page > kMaxTopicsPerPage) {
        throw Error(Errc::InvalidParameter,
                    "per_page: " + std::to_string(q.per_page) + " is out of range; use 1 to "
                        + std::to_string(kMaxTopicsPerPage));
    }
    if (q.page < 1 || q.page * q.per_page > kMaxTopicsPaged) {
        throw Error(Errc::InvalidParameter,
                    "page: pages start at 1 and page * per_page may not exceed "
                        + std::to_string(kMaxTopicsPaged));
    }
    std::shared_ptr<const TopicCatalog> catalog = catalog_for(impl);
    analyzers::Analyzer& analyzer = impl.terms.analyzer();
    std::vector<FilterClause> clauses = parse_filter(q.filter, topic_filter_keys());
    std::vector<std::string> words = words_of(analyzer, q.search);
    bool searching = !words.empty();
    TopicSortSpec sort = parse_topic_sort(q.sort, searching);

    std::vector<std::pair<double, std::size_t>> kept;
    for (std::size_t i = 0; i < catalog->topics.size(); ++i) {
        bool ok = true;
        for (const FilterClause& clause : clauses) {
            bool any_positive = false;
            bool positive_hit = false;
            bool negative_hit = false;
            for (const FilterValue& v : clause.values) {
                bool hit = passes(*catalog, i, clause.key, v.value, analyzer);
                if (v.negate) {
                    negative_hit = negative_hit || hit;
                } else {
                    any_positive = true;
                    positive_hit = positive_hit || hit;
                }
            }
            if ((any_positive && !positive_hit) || negative_hit) {
                ok = false;
                break;
            }
        }
        if (!ok) {
            continue;
        }
        double score = searching ? relevance(*catalog, i, words) : 0.0;
        if (searching && score == 0.0) {
            continue;
        }
        kept.emplace_back(score, i);
    }
    const auto& topics = catalog->topics;
    auto key_less = [&](const std::pair<double, std::size_t>& a,
                        const std::pair<double, std::size_t>& b) {
        const auto& x = topics[a.second];
        const auto& y = topics[b.second];
        int order = 0;
        switch (sort.key) {
        case TopicSort::WorksCount:
            order = x.works_count == y.works_count ? 0 : (x.works_count < y.works_count ? -1 : 1);
            break;
        case TopicSort::CitedBy:
            order = x.cited_by_count == y.cited_by_count
                        ? 0
                        : (x.cited_by_count < y.cited_by_count ? -1 : 1);
            break;
        case TopicSort::DisplayName:
            order = x.display_name.compare(y.display_name);
            break;
        case TopicSort::Relevance:
            order = a.first == b.first ? 0 : (a.first < b.first ? -1 : 1);
            if (order == 0) {
                order =
                    x.works_count == y.works_count ? 0 : (x.works_count < y.works_count ? -1 : 1);
            }
            break;
        }
        if (order != 0) {
            return sort.descending ? order > 0 : order < 0;
        }
        return a.second < b.second;
    };
    std::sort(kept.begin(), kept.end(), key_less);

    TopicsPage page;
    page.count = static_cast<long>(kept.size());
    page.page = q.page;
    page.per_page = q.per_page;
    std::map<int, long> totals = works_per_year(impl.works);
    std::size_t offset = (q.page - 1) * q.per_page;
    for (std::size_t k = offset; k < kept.size() && k < offset + q.per_page; ++k) {
        TopicDetail detail = detail_of(*catalog, topics[kept[k].second], totals);
        if (searching) {
            detail.relevance_score = kept[k].first;
        }
        page.results.push_back(std::move(detail));
    }
    page.elapsed_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count();
    return page;
}

} // namespace

TopicsPage Searcher::search_topics(const EntityQuery& query) {
    return guarded(*impl_, [&] { return topics_impl(*impl_, query); });
}

std::optional<TopicDetail> Searcher::get_topic(std::string_view id) {
    return guarded(*impl_, [&]() -> std::optional<TopicDetail> {
        auto ref = schema::parse_entity_id(id);
        if (!ref || ref->kind != schema::EntityKind::Topic) {
            return std::nullopt;
        }
        std::shared_ptr<const TopicCatalog> catalog = catalog_for(*impl_);
        const schema::TopicEntityData* topic =
            catalog->find(schema::entity_id(ref->kind, ref->code));
        if (topic == nullptr) {
            return std::nullopt;
        }
        return detail_of(*catalog, *topic, works_per_year(impl_->works));
    });
}

} // namespace peerscope::search
