// Related works (GET /v1/works/{id}/related) and recommendations from several seeds
// (POST /v1/related).
//
// 1. Seeds are resolved (any id form a work answers to); the candidates are the works passing the
//    filter, minus the seeds, their versions (same version key or DOI) and the negative seeds.
// 2. Text: the seeds are a relevance set; its expand set picks their distinctive words (negative
//    seeds' words subtracted); those words rank candidates under BM25. Text similarity is the
//    BM25 weight divided by the seeds' own weight for the same query, so it is comparable across
//    seeds and with the links below.
// 3. Links: references of the seeds, works citing them, works cited together with them,
//    works sharing their references, works by their authors, works on their topics.
// 4. Each piece of evidence adds a weighted, bounded contribution; negatives subtract their text
//    similarity and shared authors. The best are taken in order, deferring a work whose author or
//    venue already fills its share of the page, and each comes back with its reasons.
#include "evaluator.hpp"
#include "filter.hpp"
#include "peerscope/schema/codec.hpp"
#include "peerscope/schema/prefixes.hpp"
#include "peerscope/schema/terms.hpp"
#include "peerscope/search/error.hpp"
#include "related_evidence.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace peerscope::search {
namespace {

namespace prefix = schema::prefix;

/// Most words of the text query.
constexpr std::size_t kMaxQueryWords = 20;
/// Text candidates ranked (at least; more for large pages).
constexpr std::size_t kTextCandidates = 100;
/// Link-only candidates whose text similarity is measured too.
constexpr std::size_t kLinkCandidates = 400;
/// Works whose words join the seeds' in the text query (relevance feedback), at most.
constexpr std::size_t kFeedbackWorks = 3;
/// Citation evidence a work needs to be used as feedback.
constexpr double kFeedbackMinCitation = 0.5;
/// Longest id accepted as a seed.
constexpr std::size_t kMaxIdLength = 1000;
/// Words shown in a text reason.
constexpr std::size_t kReasonWords = 6;
/// Ids shown in a reason.
constexpr std::size_t kReasonIds = 10;

/// Weights of the evidence (each contribution is bounded by its weight, per seed on average).
struct Weights {
    double text = 1.0;      ///< text similarity (0..1, relative to the seeds' own)
    double reference = 0.7; ///< the seed cites the work
    double citer = 0.25;    ///< the work cites the seed
    double co_cited = 1.5;  ///< cited together with the seed (saturating in the co-citers)
    double coupling = 0.6;  ///< shares the seed's references (share of their weight)
    double authors = 0.5;   ///< shares authors (each weighted by rarity)
    double topics = 0.1;    ///< shares the seed's topics (share of them)
    double negative_text = 0.6;
    double negative_author = 0.2;
};
constexpr Weights kWeights{};

using schema::term;

bool looks_like_doi(std::string_view id) {
    for (std::string_view p :
         {"https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "doi:", "DOI:"}) {
        if (id.substr(0, p.size()) == p) {
            return true;
        }
    }
    return id.substr(0, 3) == "10." && id.find('/') != std::string_view::npos;
}

SeedWork resolve_seed(Searcher::Impl& impl,
                      Evaluator& eval,
                      const std::string& id,
                      const std::string& where) {
    if (id.empty()) {
        throw Error(Errc::InvalidParameter,
                    where + " is empty; give a work id such as W1001 or a DOI");
    }
    if (id.size() > kMaxIdLength) {
        throw Error(Errc::InvalidParameter,
                    where + " is longer than " + std::to_string(kMaxIdLength)
                        + " characters; give a work id");
    }
    FilterClause clause{looks_like_doi(id) ? "doi" : "openalex_id", {FilterValue{false, id}}};
    DocSet found = eval.filter({clause});
    Xapian::docid did = found.next_from(1);
    if (did == 0) {
        std::string shown = id.size() > 200 ? id.substr(0, 200) + "..." : id;
        throw Error(Errc::NotFound,
                    "no work has the id '" + shown + "' (" + where
                        + "); a work id is its key (e.g. W1001), an OpenAlex URL, or a DOI");
    }
    SeedWork seed;
    seed.did = did;
    try {
        seed.work = schema::decode_work(impl.works.get_document(did).get_data());
    } catch (const std::runtime_error& e) {
        throw Error(Errc::IndexUnavailable,
                    std::string("a stored work could not be read: ") + e.what());
    }
    return seed;
}

std::vector<SeedWork> resolve_seeds(Searcher::Impl& impl,
                                    Evaluator& eval,
                                    const std::vector<std::string>& ids,
                                    const std::string& role) {
    std::vector<SeedWork> out;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        SeedWork seed = resolve_seed(impl, eval, ids[i], role + "[" + std::to_string(i) + "]");
        bool repeated = std::any_of(
            out.begin(), out.end(), [&](const SeedWork& s) { return s.did == seed.did; });
        if (!repeated) {
            out.push_back(std::move(seed));
        }
    }
    return out;
}

/// Removes @p seed and its other versions (same version key or DOI) from @p set.
void exclude_versions(Searcher::Impl& impl, const SeedWork& seed, DocSet& set) {
    std::vector<std::string> terms;
    auto it = impl.works.termlist_begin(seed.did);
    it.skip_to(std::string(prefix::kVersionKey));
    if (it != impl.works.termlist_end(seed.did)) {
        std::string t = *it;
        if (t.compare(0, prefix::kVersionKey.size(), prefix::kVersionKey) == 0) {
            terms.push_back(t);
        }
    }
    if (!seed.work.doi.empty()) {
        terms.push_back(term(prefix::kDoi, seed.work.doi));
    }
    DocSet versions(set.limit());
    versions.insert(seed.did);
    for (const std::string& t : terms) {
        for (auto p = impl.works.postlist_begin(t); p != impl.works.postlist_end(t); ++p) {
            versions.insert(*p);
        }
    }
    set.subtract(versions);
}

/// One candidate: its evidence and the contribution of each kind.
struct Candidate {
    Xapian::docid did = 0;
    double text = 0.0; ///< similarity 0..1
    double negative_text = 0.0;
    Links links;
    double score = 0.0;
    std::vector<std::pair<std::string, double>> parts; ///< reason type -> contribution
};

double saturate(double x) {
    return x / (x + 1.0);
}

/// Contributions of the links of @p c (averaged over the positive seeds).
void score_links(Candidate& c,
                 std::size_t seeds,
                 Xapian::Database& works,
                 const std::vector<std::size_t>& seed_topic_counts) {
    const double p = static_cast<double>(std::max<std::size_t>(1, seeds));
    const double log_n = std::log(std::max(2.0, static_cast<double>(works.get_doccount())));
    const Links& l = c.links;
    auto add = [&c](const std::string& type, double value) {
        if (value > 0.0) {
            c.parts.emplace_back(type, value);
        }
    };
    add("cited_by", kWeights.reference * static_cast<double>(l.cited_by_seed.size()) / p);
    add("cites", kWeights.citer * static_cast<double>(l.cites_seed.size()) / p);
    double co = 0.0;
    for (const auto& [seed, citers] : l.co_citers) {
        co += saturate(static_cast<double>(citers.size()));
    }
    add("co_cited", kWeights.co_cited * co / p);
    double coupling = 0.0;
    for (const auto& [seed, share] : l.coupling) {
        coupling += std::sqrt(std::min(1.0, share));
    }
    add("shared_references", kWeights.coupling * coupling / p);
    double authors = 0.0;
    for (const auto& [id, with] : l.authors) {
        double df =
            std::max(1.0, static_cast<double>(works.get_termfreq(term(prefix::kAuthorId, id))));
        double rarity = std::max(0.1, 1.0 - std::log(df) / log_n);
        authors += rarity * static_cast<double>(with.size()) / p;
    }
    add("authors", kWeights.authors * std::min(1.5, authors));
    double topics = 0.0;
    std::vector<std::size_t> shared(seed_topic_counts.size(), 0);
    for (const auto& [code, with] : l.topics) {
        for (std::size_t s : with) {
            ++shared[s];
        }
    }
    for (std::size_t s = 0; s < shared.size(); ++s) {
        if (seed_topic_counts[s] > 0) {
            topics += static_cast<double>(shared[s]) / static_cast<double>(seed_topic_counts[s]);
        }
    }
    add("topic", kWeights.topics * topics / p);
}

double links_score(Candidate& c,
                   std::size_t seeds,
                   Xapian::Database& works,
                   const std::vector<std::size_t>& seed_topic_counts) {
    c.parts.clear();
    score_links(c, seeds, works, seed_topic_counts);
    double total = 0.0;
    for (const auto& [type, value] : c.parts) {
        total += value;
    }
    return total;
}

/// The part of a scored candidate's score that comes from citations.
double citation_score(const Candidate& c) {
    double total = 0.0;
    for (const auto& [type, value] : c.parts) {
        if (type == "cited_by" || type == "cites" || type == "co_cited"
            || type == "shared_references") {
            total += value;
        }
    }
    return total;
}

/// BM25 weights of works for a text query, and the best weight the seeds themselves reach.
struct Measured {
    double self = 0.0;                                 ///< the seeds' best weight
    std::unordered_map<Xapian::docid, double> weights; ///< every other work's weight
    /// Text similarity: a weight relative to the seeds' own (1 = as similar as a seed).
    [[nodiscard]] double similarity(double weight) const {
        return self > 0.0 ? std::min(1.0, weight / self) : 0.0;
    }
};

/// Weighs the works of @p within and the @p seeds with @p query in one pass.
Measured measure_text(Searcher::Impl& impl,
                      const TextQuery& query,
                      DocSet within,
                      const std::vector<SeedWork>& seeds) {
    for (const SeedWork& s : seeds) {
        within.insert(s.did);
    }
    Measured out;
    for (const TextMatch& m : rank_text(impl, query, within, within.count())) {
        bool seed = std::any_of(
            seeds.begin(), seeds.end(), [&](const SeedWork& s) { return s.did == m.did; });
        if (seed) {
            out.self = std::max(out.self, m.weight);
        } else {
            out.weights[m.did] = m.weight;
        }
    }
    return out;
}

std::string join_names(const std::vector<std::string>& names) {
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i > 0) {
            out += i + 1 == names.size() ? " and " : ", ";
        }
        out += names[i];
    }
    return out;
}

std::vector<std::string> seed_ids(const std::set<std::size_t>& which,
                                  const std::vector<SeedWork>& seeds) {
    std::vector<std::string> out;
    for (std::size_t s : which) {
        out.push_back(seeds[s].work.id);
    }
    return out;
}

template <typename Map> std::set<std::size_t> keys_of(const Map& map) {
    std::set<std::size_t> out;
    for (const auto& entry : map) {
        out.insert(entry.first);
    }
    return out;
}

void cap(std::vector<std::string>& ids) {
    if (ids.size() > kReasonIds) {
        ids.resize(kReasonIds);
    }
}

/// The reasons of a chosen candidate, strongest first.
std::vector<RelatedReason> reasons_of(const Candidate& c,
                                      const std::vector<std::string>& words,
                                      const std::set<std::string>& seed_words,
                                      const schema::WorkData& work,
                                      const std::vector<SeedWork>& seeds,
                                      const Snapshot& snap) {
    std::vector<RelatedReason> out;
    const Links& l = c.links;
    for (const auto& [type, weight] : c.parts) {
        RelatedReason r;
        r.type = type;
        r.weight = weight;
        if (type == "text") {
            std::vector<std::string> linked_words;
            for (const std::string& word : words) {
                auto& into = seed_words.count(word) != 0 ? r.terms : linked_words;
                if (into.size() < kReasonWords) {
                    into.push_back(word);
                }
            }
            for (const SeedWork& s : seeds) {
                r.seeds.push_back(s.work.id);
            }
            r.detail = r.terms.empty() ? std::string()
                                       : "shares the distinctive words " + join_names(r.terms);
            if (!linked_words.empty()) {
                r.detail += (r.detail.empty() ? "uses" : "; also uses")
                            + std::string(" words of works that citations link to ")
                            + join_names(r.seeds) + ": " + join_names(linked_words);
            }
        } else if (type == "cited_by") {
            r.seeds = seed_ids(l.cited_by_seed, seeds);
            r.ids = r.seeds;
            r.detail = "cited by " + join_names(r.seeds);
        } else if (type == "cites") {
            r.seeds = seed_ids(l.cites_seed, seeds);
            r.ids = r.seeds;
            r.detail = "cites " + join_names(r.seeds);
        } else if (type == "co_cited") {
            r.seeds = seed_ids(keys_of(l.co_citers), seeds);
            std::size_t count = 0;
            for (const auto& [s, citers] : l.co_citers) {
                for (const auto& id : citers) {
                    if (std::find(r.ids.begin(), r.ids.end(), id) == r.ids.end()) {
                        r.ids.push_back(id);
                        ++count;
                    }
                }
            }
            cap(r.ids);
            r.detail = "cited together with " + join_names(r.seeds) + " by " + std::to_string(count)
                       + (count == 1 ? " work" : " works");
        } else if (type == "shared_references") {
            r.seeds = seed_ids(keys_of(l.shared_refs), seeds);
            for (const auto& [s, refs] : l.shared_refs) {
                for (const auto& id : refs) {
                    if (std::find(r.ids.begin(), r.ids.end(), id) == r.ids.end()) {
                        r.ids.push_back(id);
                    }
                }
            }
            std::size_t count = r.ids.size();
            cap(r.ids);
            r.detail = "cites " + std::to_string(count) + (count == 1 ? " work" : " works")
                       + " that " + join_names(r.seeds)
                       + (r.seeds.size() == 1 ? " also cites" : " also cite");
        } else if (type == "authors") {
            std::set<std::size_t> with;
            std::vector<std::string> names;
            for (const auto& [id, seeds_with] : l.authors) {
                r.ids.push_back(id);
                with.insert(seeds_with.begin(), seeds_with.end());
                for (const auto& a : work.authorships) {
                    if (a.author_id == id) {
                        names.push_back(a.display_name);
                        break;
                    }
                }
            }
            r.seeds = seed_ids(with, seeds);
            r.detail = "also by " + join_names(names);
        } else if (type == "topic") {
            std::set<std::size_t> with;
            std::vector<std::string> names;
            for (const auto& [code, seeds_with] : l.topics) {
                std::string id = schema::entity_id(schema::EntityKind::Topic, code);
                r.ids.push_back(id);
                with.insert(seeds_with.begin(), seeds_with.end());
                std::string name = snap.name_of('T', code);
                for (const auto& t : work.topics) {
                    if (name.empty() && t.id == id) {
                        name = t.display_name;
                    }
                }
                names.push_back(name.empty() ? id : name);
            }
            r.seeds = seed_ids(with, seeds);
            r.detail = "also on " + join_names(names);
        }
        out.push_back(std::move(r));
    }
    std::stable_sort(
        out.begin(), out.end(), [](const auto& a, const auto& b) { return a.weight > b.weight; });
    return out;
}

/// Takes the best candidates in order, deferring one whose venue or an author already fills its
/// share of the page; deferred ones fill what is left.
std::vector<const Candidate*>
diversify(const std::vector<Candidate>& ranked, std::size_t per_page, const Snapshot& snap) {
    const std::size_t author_cap = std::max<std::size_t>(2, per_page / 5);
    const std::size_t venue_cap = std::max<std::size_t>(3, (2 * per_page + 4) / 5);
    std::unordered_map<std::uint32_t, std::size_t> per_author;
    std::unordered_map<std::uint32_t, std::size_t> per_venue;
    std::vector<const Candidate*> chosen;
    std::vector<const Candidate*> deferred;
    for (const Candidate& c : ranked) {
        if (chosen.size() >= per_page) {
            break;
        }
        Xapian::docid d = c.did;
        bool full = false;
        std::uint32_t venue = d < snap.source.size() ? snap.source[d] : 0;
        if (venue != 0 && per_venue[venue] >= venue_cap) {
            full = true;
        }
        std::uint32_t a_begin = d + 1 < snap.author_begin.size() ? snap.author_begin[d] : 0;
        std::uint32_t a_end = d + 1 < snap.author_begin.size() ? snap.author_begin[d + 1] : 0;
        for (std::uint32_t k = a_begin; k < a_end && !full; ++k) {
            full = per_author[snap.author_codes[k]] >= author_cap;
        }
        if (full) {
            deferred.push_back(&c);
            continue;
        }
        chosen.push_back(&c);
        if (venue != 0) {
            ++per_venue[venue];
        }
        for (std::uint32_t k = a_begin; k < a_end; ++k) {
            ++per_author[snap.author_codes[k]];
        }
    }
    for (const Candidate* c : deferred) {
        if (chosen.size() >= per_page) {
            break;
        }
        chosen.push_back(c);
    }
    return chosen;
}

RelatedPage related_impl(Searcher::Impl& impl, const RelatedQuery& q) {
    auto started = std::chrono::steady_clock::now();

    if (q.positive.empty()) {
        throw Error(Errc::InvalidParameter,
                    "positive: give at least one work id to find related works for");
    }
    if (q.positive.size() > kMaxRelatedSeeds) {
        throw Error(Errc::InvalidParameter,
                    "positive: " + std::to_string(q.positive.size()) + " ids given; at most "
                        + std::to_string(kMaxRelatedSeeds) + " are allowed");
    }
    if (q.negative.size() > kMaxRelatedSeeds) {
        throw Error(Errc::InvalidParameter,
                    "negative: " + std::to_string(q.negative.size()) + " ids given; at most "
                        + std::to_string(kMaxRelatedSeeds) + " are allowed");
    }
    if (q.per_page < 1 || q.per_page > kMaxRelatedPerPage) {
        throw Error(Errc::InvalidParameter,
                    "per_page: " + std::to_string(q.per_page) + " is out of range; use 1 to "
                        + std::to_string(kMaxRelatedPerPage));
    }
    const Snapshot& snap = *impl.snapshot;
    Evaluator eval(impl, impl.service.ranking);
    DocSet allowed = eval.filter(parse_filter(q.filter, work_filter_keys()));
    std::vector<SeedWork> positives = resolve_seeds(impl, eval, q.positive, "positive");
    std::vector<SeedWork> negatives = resolve_seeds(impl, eval, q.negative, "negative");
    for (const SeedWork& n : negatives) {
        for (const SeedWork& p : positives) {
            if (p.did == n.did) {
                throw Error(Errc::InvalidParameter,
                            "negative: " + n.work.id
                                + " is also a positive seed; name each work once");
            }
        }
    }
    for (const SeedWork& s : positives) {
        exclude_versions(impl, s, allowed);
    }
    for (const SeedWork& s : negatives) {
        exclude_versions(impl, s, allowed);
    }

    RelatedPage page;
    page.per_page = q.per_page;
    for (const SeedWork& s : positives) {
        page.seeds.push_back(s.work.id);
    }
    for (const SeedWork& s : negatives) {
        page.negative_seeds.push_back(s.work.id);
    }

    // Link evidence (citations, authors), scored without text for now.
    std::unordered_map<Xapian::docid, Links> links;
    collect_links(impl, positives, negatives, allowed, links);
    std::vector<std::size_t> seed_topic_counts;
    for (const SeedWork& s : positives) {
        seed_topic_counts.push_back(s.did + 1 < snap.topic_begin.size()
                                        ? snap.topic_begin[s.did + 1] - snap.topic_begin[s.did]
                                        : 0);
    }
    std::vector<Candidate> linked;
    linked.reserve(links.size());
    for (auto& [did, l] : links) {
        Candidate c;
        c.did = did;
        c.links = std::move(l);
        c.score = links_score(c, positives.size(), impl.works, seed_topic_counts);
        linked.push_back(std::move(c));
    }
    auto by_score = [](const Candidate& a, const Candidate& b) {
        return a.score != b.score ? a.score > b.score : a.did < b.did;
    };
    std::sort(linked.begin(), linked.end(), by_score);

    // The query is chosen from the evidence: the seeds' distinctive words, and those of the works
    // their citations single out most (relevance feedback), minus the negatives' words.
    std::vector<Xapian::docid> feedback;
    for (const Candidate& c : linked) {
        if (feedback.size() >= kFeedbackWorks) {
            break;
        }
        if (citation_score(c) >= kFeedbackMinCitation) {
            feedback.push_back(c.did);
        }
    }
    TextQuery text = text_query(impl, positives, negatives, feedback, kMaxQueryWords);
    for (Xapian::docid did : feedback) {
        page.feedback_works.push_back(work_id_of(impl.works, did));
    }
    std::set<std::string> seed_words;
    for (const SeedWork& s : positives) {
        for (std::string& word : matched_words(impl, text, s.did)) {
            seed_words.insert(std::move(word));
        }
    }
    for (const QueryWord& w : text.words) {
        page.query_terms.push_back({w.word, w.weight});
    }
    std::unordered_map<Xapian::docid, double> weights; // raw BM25 weight of each candidate
    std::unordered_map<Xapian::docid, Candidate> pool;
    for (const TextMatch& m :
         rank_text(impl, text, allowed, std::max(kTextCandidates, 4 * q.per_page))) {
        pool[m.did].did = m.did;
        weights[m.did] = m.weight;
    }

    // The best linked works join the pool. Their text weights are measured in one pass with the
    // seeds' own: the seeds' best weight is what text similarity 1 means.
    DocSet measure(snap.limit);
    std::size_t measured = 0;
    for (Candidate& c : linked) {
        auto it = pool.find(c.did);
        if (it != pool.end()) {
            it->second.links = std::move(c.links);
            continue;
        }
        if (measured >= kLinkCandidates) {
            continue;
        }
        ++measured;
        measure.insert(c.did);
        Xapian::docid did = c.did;
        pool.emplace(did, std::move(c));
    }
    Measured measured_text = measure_text(impl, text, std::move(measure), positives);
    weights.insert(measured_text.weights.begin(), measured_text.weights.end());
    for (const auto& [did, weight] : weights) {
        pool[did].text = measured_text.similarity(weight);
    }

    // Topics shared with the seeds, for every candidate.
    {
        std::unordered_map<Xapian::docid, Links> topic_links;
        for (const auto& [did, c] : pool) {
            topic_links[did];
        }
        collect_topics(snap, positives, topic_links);
        for (auto& [did, l] : topic_links) {
            pool[did].links.topics = std::move(l.topics);
        }
    }

    // Negative seeds: text similarity to them.
    if (!negatives.empty()) {
        TextQuery away = text_query(impl, negatives, {}, {}, kMaxQueryWords);
        DocSet all(snap.limit);
        for (const auto& [did, c] : pool) {
            all.insert(did);
        }
        Measured measured_away = measure_text(impl, away, std::move(all), negatives);
        for (const auto& [did, weight] : measured_away.weights) {
            pool[did].negative_text = measured_away.similarity(weight);
        }
    }
    std::vector<Candidate> ranked;
    ranked.reserve(pool.size());
    std::set<std::string> evidence;
    for (auto& [did, c] : pool) {
        double total = links_score(c, positives.size(), impl.works, seed_topic_counts);
        if (c.text > 0.0) {
            c.parts.emplace_back("text", kWeights.text * c.text);
            total += kWeights.text * c.text;
        }
        for (const auto& [type, value] : c.parts) {
            evidence.insert(type);
        }
        total -= kWeights.negative_text * c.negative_text;
        if (c.links.negative_author) {
            total -= kWeights.negative_author;
        }
        c.score = total;
        ranked.push_back(std::move(c));
    }
    page.evidence.assign(evidence.begin(), evidence.end());
    std::sort(ranked.begin(), ranked.end(), by_score);
    // Candidates with nothing in common with the seeds (only pushed away) are not related.
    ranked.erase(std::remove_if(ranked.begin(),
                                ranked.end(),
                                [](const Candidate& c) { return c.parts.empty(); }),
                 ranked.end());

    for (const Candidate* c : diversify(ranked, q.per_page, snap)) {
        RelatedHit hit;
        try {
            hit.work = schema::decode_work(impl.works.get_document(c->did).get_data());
        } catch (const std::runtime_error& e) {
            throw Error(Errc::IndexUnavailable,
                        std::string("a stored work could not be read: ") + e.what());
        }
        hit.score = c->score;
        hit.reasons = reasons_of(
            *c, matched_words(impl, text, c->did), seed_words, hit.work, positives, snap);
        page.results.push_back(std::move(hit));
    }
    page.elapsed_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count();
    return page;
}

} // namespace

RelatedPage Searcher::related_works(const RelatedQuery& query) {
    return guarded(*impl_, [&] { return related_impl(*impl_, query); });
}

} // namespace peerscope::search
