/// @file The relevance evaluator of bench/relevance: nDCG@k, average precision and recall@k of
/// ranked runs against graded judgments, and their means over a query set.
///
/// Conventions (they match trec_eval/pytrec_eval where those are defined; the exceptions are said):
/// - A judgment's gain is a number; gain > 0 means relevant, gain <= 0 means judged not relevant
///   (Cranfield's -1 lines load as gain 0). The collection loader maps grades to gains.
/// - nDCG@k: DCG = sum over ranks i = 1..k of gain(d_i) / log2(i + 1) (linear gain, as trec_eval's
///   ndcg_cut and BEIR), divided by the DCG of the ideal ordering of all judged gains.
/// - Average precision: the sum of precision@i over the ranks i of relevant documents retrieved,
///   divided by the number of relevant judged documents R (relevant documents not retrieved add 0).
///   It is computed over the run as given, which the bench cuts at 100 results.
/// - recall@k: relevant documents among the first k, divided by R.
/// - The run's order is the ranking: documents with tied scores keep the order the system returned
///   them in (trec_eval would re-sort ties by document id; a system's own tie order is what a user
///   sees). A document listed twice counts at its first rank only; later copies are skipped and do
///   not take a rank.
/// - Queries with no relevant judged document (R = 0) are left out of the means and counted apart
///   (trec_eval and BEIR do the same); a query with judgments but an empty run scores 0.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace peerscope::bench::relevance {

/// Judgments of one query: document id -> gain.
using QueryJudgments = std::map<std::string, double>;
/// Judgments of a collection: query id -> its judgments.
using Judgments = std::map<std::string, QueryJudgments>;
/// A ranked list of document ids, best first.
using Ranking = std::vector<std::string>;
/// A run: query id -> ranking.
using Run = std::map<std::string, Ranking>;

/// nDCG at cut-off @p k (0 when no judged document has a positive gain). Pure function.
[[nodiscard]] double ndcg_at(const Ranking& ranking, const QueryJudgments& judged, std::size_t k);
/// Average precision over the whole @p ranking (0 when nothing is relevant). Pure function.
[[nodiscard]] double average_precision(const Ranking& ranking, const QueryJudgments& judged);
/// Recall at cut-off @p k (0 when nothing is relevant). Pure function.
[[nodiscard]] double recall_at(const Ranking& ranking, const QueryJudgments& judged, std::size_t k);
/// Number of judged documents with a positive gain. Pure function.
[[nodiscard]] std::size_t relevant_count(const QueryJudgments& judged);

/// The three figures of one query.
struct QueryScores {
    double ndcg10 = 0.0;
    double ap = 0.0;
    double recall100 = 0.0;
};

/// Scores one query (nDCG@10, AP, recall@100). Pure function.
[[nodiscard]] QueryScores score_query(const Ranking& ranking, const QueryJudgments& judged);

/// Means over a query set.
struct Summary {
    std::size_t queries = 0;          ///< queries in the means (R > 0)
    std::size_t without_relevant = 0; ///< selected queries left out because R = 0
    double ndcg10 = 0.0;
    double map = 0.0;
    double recall100 = 0.0;
};

/// Which queries to evaluate (by id); an empty function selects every query.
using QueryFilter = std::function<bool(const std::string& query_id)>;

/// Means of score_query over the judged queries that @p select accepts. Queries of @p judgments
/// missing from @p run score 0 (an empty ranking). Pure function.
[[nodiscard]] Summary
evaluate(const Run& run, const Judgments& judgments, const QueryFilter& select = {});

} // namespace peerscope::bench::relevance
