/// @file Pseudo-relevance feedback for long queries: words taken from the best documents of a
/// first BM25 pass, added to the ranking query with a small weight. It changes the order of the
/// matching works only, never which works match.
#pragma once

#include "peerscope/schema/term_builder.hpp"
#include "peerscope/search/service.hpp"

#include <xapian.h>

#include <set>
#include <string>
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

/// Runs @p first_pass over @p works (BM25 with @p options' k1 and b), takes the best
/// options.feedback_docs documents as relevant and returns up to options.feedback_terms abstract
/// words, found in at least two of them, that best mark them against the collection (Bo1 weight:
/// tf log2((1 + m) / m) + log2(1 + m), tf the word's frequency in those documents, m its mean
/// frequency per document in the collection). Words whose stem is in @p query_stems, stopwords,
/// numbers and one-letter words are skipped. Empty when the first pass finds nothing. Not
/// thread-safe (uses @p terms' stem cache); throws Xapian errors.
[[nodiscard]] std::vector<FeedbackWord> feedback_words(const Xapian::Database& works,
                                                       const Xapian::Query& first_pass,
                                                       const RankingOptions& options,
                                                       const std::set<std::string>& query_stems,
                                                       schema::TermBuilder& terms);

} // namespace peerscope::search
