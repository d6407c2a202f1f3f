/// @file Pseudo-relevance feedback for long queries: words taken from the best documents of a
/// first BM25 pass, whose weight is added to the first pass's best works (searcher.cpp re-ranks
/// them). It changes the order of the matching works only, never which works match.
#pragma once

#include "peerscope/schema/term_builder.hpp"
#include "peerscope/search/service.hpp"

#include <xapian.h>

#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace peerscope::search {

/// A word chosen by feedback and its weight relative to the best one (0..1].
struct FeedbackWord {
    std::string word; ///< folded abstract word (unprefixed term)
    double weight = 0.0;
};

/// True when feedback applies to a query of @p distinct_words distinct positive words under
/// @p options (feedback is on, and the query is at least feedback_min_words long). Pure function.
[[nodiscard]] bool feedback_applies(std::size_t distinct_words, const RankingOptions& options);

/// Collection frequencies of words, remembered for one revision of the works database (the same
/// common words come back in query after query). Bounded: forgets everything past kMaxEntries.
/// Not thread-safe: one per searcher.
class CollectionFreqs {
  public:
    static constexpr std::size_t kMaxEntries = 1U << 18U;

    /// Frequency of @p term in @p works at @p revision of the database @p uuid (forgets what was
    /// remembered for any other). Throws Xapian errors.
    [[nodiscard]] Xapian::termcount get(const Xapian::Database& works,
                                        Xapian::rev revision,
                                        const std::string& uuid,
                                        const std::string& term);

  private:
    Xapian::rev revision_ = 0;
    std::string uuid_;
    std::unordered_map<std::string, Xapian::termcount> freqs_;
};

/// Takes @p top (the best documents of a first pass, best first; at most options.feedback_docs of
/// them are used) as relevant and returns up to options.feedback_terms abstract words, found in at
/// least two of them, that best mark them against the collection (Bo1 weight:
/// tf log2((1 + m) / m) + log2(1 + m), tf the word's frequency in those documents, m its mean
/// frequency per document in the collection, from @p freqs). Words whose stem is in
/// @p query_stems, stopwords, numbers and one-letter words are skipped. Empty when @p top is.
/// Not thread-safe (uses @p terms' stem cache and @p freqs); throws Xapian errors.
[[nodiscard]] std::vector<FeedbackWord> feedback_words(const Xapian::Database& works,
                                                       const std::vector<Xapian::docid>& top,
                                                       const RankingOptions& options,
                                                       const std::set<std::string>& query_stems,
                                                       schema::TermBuilder& terms,
                                                       CollectionFreqs& freqs);

} // namespace peerscope::search
