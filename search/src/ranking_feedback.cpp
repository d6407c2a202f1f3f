#include "ranking_feedback.hpp"

#include "query_parser.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace peerscope::search {
namespace {

/// Accepts unprefixed abstract words (term prefixes are upper-case ASCII) that are not stopwords,
/// not numbers, longer than one letter, and not a form of a query word.
class WordDecider final : public Xapian::ExpandDecider {
  public:
    WordDecider(const std::set<std::string>& query_stems, schema::TermBuilder& terms)
        : query_stems_(query_stems), terms_(terms) {}

    bool operator()(const std::string& term) const override {
        if (term.size() < 2 || (term[0] >= 'A' && term[0] <= 'Z')) {
            return false;
        }
        const bool has_digit =
            std::any_of(term.begin(), term.end(), [](char c) { return c >= '0' && c <= '9'; });
        if (has_digit || is_stopword(term)) {
            return false;
        }
        return query_stems_.count(terms_.stem(term)) == 0;
    }

  private:
    const std::set<std::string>& query_stems_;
    schema::TermBuilder& terms_;
};

} // namespace

bool feedback_applies(std::size_t distinct_words, const RankingOptions& options) {
    return options.feedback_docs > 0 && options.feedback_terms > 0 && options.feedback_weight > 0.0
           && distinct_words >= options.feedback_min_words;
}

Xapian::termcount CollectionFreqs::get(const Xapian::Database& works,
                                       Xapian::rev revision,
                                       const std::string& uuid,
                                       const std::string& term) {
    if (revision != revision_ || uuid != uuid_ || freqs_.size() >= kMaxEntries) {
        freqs_.clear();
        revision_ = revision;
        uuid_ = uuid;
    }
    auto [it, inserted] = freqs_.try_emplace(term, 0);
    if (inserted) {
        it->second = works.get_collection_freq(term);
    }
    return it->second;
}

std::vector<FeedbackWord> feedback_words(const Xapian::Database& works,
                                         const std::vector<Xapian::docid>& top,
                                         const RankingOptions& options,
                                         const std::set<std::string>& query_stems,
                                         schema::TermBuilder& terms,
                                         CollectionFreqs& freqs) {
    std::vector<FeedbackWord> out;
    const std::size_t used = std::min(top.size(), options.feedback_docs);
    if (used == 0) {
        return out;
    }
    // The words of the top documents: in how many of them each occurs, and how often in all.
    struct Seen {
        Xapian::doccount docs = 0;
        Xapian::termcount wdf = 0;
    };
    std::unordered_map<std::string, Seen> seen;
    for (std::size_t i = 0; i < used; ++i) {
        for (auto t = works.termlist_begin(top[i]); t != works.termlist_end(top[i]); ++t) {
            const std::string& term = *t;
            if (term.empty() || (term[0] >= 'A' && term[0] <= 'Z')) {
                continue; // prefixed: not an abstract word
            }
            Seen& s = seen[term];
            ++s.docs;
            s.wdf += t.get_wdf();
        }
    }
    // Bo1 (Amati's Bose-Einstein model, Terrier's default for query expansion) over the words in
    // at least two of the top documents (one document's quirks are not evidence), so only those
    // need a collection-frequency lookup.
    const WordDecider decider(query_stems, terms);
    const auto documents = static_cast<double>(works.get_doccount());
    const Xapian::doccount min_docs = used > 1 ? 2 : 1;
    const Xapian::rev revision = works.get_revision();
    const std::string uuid = works.get_uuid();
    std::vector<FeedbackWord> scored;
    for (const auto& [term, s] : seen) {
        if (s.docs < min_docs || !decider(term)) {
            continue;
        }
        const double mean = static_cast<double>(freqs.get(works, revision, uuid, term)) / documents;
        if (mean <= 0.0) {
            continue;
        }
        const double weight =
            static_cast<double>(s.wdf) * std::log2((1.0 + mean) / mean) + std::log2(1.0 + mean);
        scored.push_back({term, weight});
    }
    const std::size_t keep = std::min(scored.size(), options.feedback_terms);
    std::partial_sort(scored.begin(),
                      scored.begin() + static_cast<std::ptrdiff_t>(keep),
                      scored.end(),
                      [](const FeedbackWord& a, const FeedbackWord& b) {
                          return a.weight != b.weight ? a.weight > b.weight : a.word < b.word;
                      });
    scored.resize(keep);
    if (scored.empty() || scored.front().weight <= 0.0) {
        return out;
    }
    const double best = scored.front().weight;
    for (FeedbackWord& w : scored) {
        out.push_back({std::move(w.word), w.weight / best});
    }
    return out;
}

} // namespace peerscope::search
