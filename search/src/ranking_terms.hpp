/// @file How one query word becomes BM25 clauses (bench/relevance tunes the weights).
///
/// The index stores, per field, every word as typed (S... in titles, unprefixed in abstracts) and,
/// where the English stem differs from the word, the stem (ZS..., Z...). A word's stem class in a
/// field is the stem term plus the word-spelled-like-its-stem term: the two never count the same
/// token twice. A query word makes up to three clauses, each an OP_SYNONYM ranked by Xapian's
/// BM25Weight:
///   - text: the stem classes of title and abstract together (the whole text, as a single-field
///     BM25 sees it), weight 1;
///   - title: the title stem class alone, weight title_boost (a title match counts more);
///   - exact: the word as typed (when it differs from its stem), with its own, higher, idf; weight
///     exact_weight ("computing" then ranks "computing" above "computer").
///
/// Each clause's weight is also multiplied by idf_correction(): Xapian estimates a synonym's
/// document frequency as if its terms were independent, which overestimates it badly (a title word
/// is nearly always in the abstract too), and its idf floor flattens common words; the correction
/// turns Xapian's idf of that estimate into Lucene's idf of the exact frequency, so common domain
/// words ("boundary layer") keep the weight a long query needs, at no cost to the matcher.
#pragma once

#include "peerscope/schema/term_builder.hpp"
#include "peerscope/search/service.hpp"
#include "query_parser.hpp"

#include <xapian.h>

#include <string>
#include <vector>

namespace peerscope::search {

/// The terms of one query word for ranking. Plain value type.
struct RankingTerms {
    std::vector<std::string> title_class;    ///< stem class in the title (when searched)
    std::vector<std::string> abstract_class; ///< stem class in the abstract (when searched)
    std::vector<std::string> exact;          ///< the word as typed, when it differs from its stem
};

/// One clause: an OP_SYNONYM of its terms and its weight in the query. Plain value type.
struct ClauseSpec {
    std::vector<std::string> terms;
    double weight = 1.0;
};

/// The ranking terms of @p word (folded) searched in @p field (Default, Title or Abstract; other
/// fields give no terms). Not thread-safe (uses @p terms' stem cache).
[[nodiscard]] RankingTerms ranking_terms(QueryField field,
                                         const std::string& word,
                                         bool stemmable,
                                         schema::TermBuilder& terms);

/// The clauses of @p t under @p options (see the file comment); clauses of weight 0 are left out.
/// Pure function.
[[nodiscard]] std::vector<ClauseSpec> ranking_clauses(const RankingTerms& t,
                                                      const RankingOptions& options);

/// Lucene's BM25 idf: log(1 + (N - n + 0.5) / (n + 0.5)), positive for every n <= N. Pure.
[[nodiscard]] double lucene_idf(Xapian::doccount documents, double termfreq);

/// The idf Xapian 1.4's BM25Weight gives a term (or synonym) of estimated frequency @p termfreq:
/// log(t) with t = (N - n + 0.5) / (n + 0.5), raised to t / 2 + 1 when below 2. Pure.
[[nodiscard]] double xapian_idf(Xapian::doccount documents, double termfreq);

/// Xapian's estimate of an OP_SYNONYM's document frequency from its terms' frequencies @p freqs,
/// which assumes they are independent, computed as Xapian 1.4 does: pairwise, least frequent
/// first, each join l + r - l r / N rounded to a whole number. Pure.
[[nodiscard]] double synonym_termfreq_estimate(Xapian::doccount documents,
                                               const std::vector<Xapian::doccount>& freqs);

/// The factor that turns Xapian's idf of @p estimated into Lucene's idf of @p exact (1 when no
/// document has the terms). Pure.
[[nodiscard]] double idf_correction(Xapian::doccount documents, double estimated, double exact);

} // namespace peerscope::search
