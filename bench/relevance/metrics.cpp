#include "metrics.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <string_view>

namespace peerscope::bench::relevance {
namespace {

/// Calls @p fn(rank, gain) for the first @p k distinct documents of @p ranking (rank from 1);
/// a document listed again is skipped without taking a rank.
template <typename Fn>
void for_each_ranked(const Ranking& ranking, const QueryJudgments& judged, std::size_t k, Fn fn) {
    std::set<std::string_view> seen;
    std::size_t rank = 0;
    for (const std::string& doc : ranking) {
        if (rank == k) {
            return;
        }
        if (!seen.insert(doc).second) {
            continue;
        }
        ++rank;
        const auto found = judged.find(doc);
        fn(rank, found == judged.end() ? 0.0 : found->second);
    }
}

[[nodiscard]] double discount(std::size_t rank) {
    return 1.0 / std::log2(static_cast<double>(rank) + 1.0);
}

} // namespace

std::size_t relevant_count(const QueryJudgments& judged) {
    return static_cast<std::size_t>(
        std::count_if(judged.begin(), judged.end(), [](const auto& j) { return j.second > 0.0; }));
}

double ndcg_at(const Ranking& ranking, const QueryJudgments& judged, std::size_t k) {
    std::vector<double> ideal;
    for (const auto& [doc, gain] : judged) {
        if (gain > 0.0) {
            ideal.push_back(gain);
        }
    }
    std::sort(ideal.begin(), ideal.end(), std::greater<>());
    double ideal_dcg = 0.0;
    for (std::size_t i = 0; i < ideal.size() && i < k; ++i) {
        ideal_dcg += ideal[i] * discount(i + 1);
    }
    if (ideal_dcg <= 0.0) {
        return 0.0;
    }
    double dcg = 0.0;
    for_each_ranked(ranking, judged, k, [&](std::size_t rank, double gain) {
        if (gain > 0.0) {
            dcg += gain * discount(rank);
        }
    });
    return dcg / ideal_dcg;
}

double average_precision(const Ranking& ranking, const QueryJudgments& judged) {
    const std::size_t relevant = relevant_count(judged);
    if (relevant == 0) {
        return 0.0;
    }
    double sum = 0.0;
    std::size_t found = 0;
    for_each_ranked(ranking, judged, ranking.size(), [&](std::size_t rank, double gain) {
        if (gain > 0.0) {
            ++found;
            sum += static_cast<double>(found) / static_cast<double>(rank);
        }
    });
    return sum / static_cast<double>(relevant);
}

double recall_at(const Ranking& ranking, const QueryJudgments& judged, std::size_t k) {
    const std::size_t relevant = relevant_count(judged);
    if (relevant == 0) {
        return 0.0;
    }
    std::size_t found = 0;
    for_each_ranked(ranking, judged, k, [&](std::size_t, double gain) {
        if (gain > 0.0) {
            ++found;
        }
    });
    return static_cast<double>(found) / static_cast<double>(relevant);
}

QueryScores score_query(const Ranking& ranking, const QueryJudgments& judged) {
    constexpr std::size_t kNdcgCut = 10;
    constexpr std::size_t kRecallCut = 100;
    return {ndcg_at(ranking, judged, kNdcgCut),
            average_precision(ranking, judged),
            recall_at(ranking, judged, kRecallCut)};
}

Summary evaluate(const Run& run, const Judgments& judgments, const QueryFilter& select) {
    Summary summary;
    const Ranking empty;
    for (const auto& [query, judged] : judgments) {
        if (select && !select(query)) {
            continue;
        }
        if (relevant_count(judged) == 0) {
            ++summary.without_relevant;
            continue;
        }
        const auto found = run.find(query);
        const QueryScores scores = score_query(found == run.end() ? empty : found->second, judged);
        summary.ndcg10 += scores.ndcg10;
        summary.map += scores.ap;
        summary.recall100 += scores.recall100;
        ++summary.queries;
    }
    if (summary.queries > 0) {
        const auto n = static_cast<double>(summary.queries);
        summary.ndcg10 /= n;
        summary.map /= n;
        summary.recall100 /= n;
    }
    return summary;
}

} // namespace peerscope::bench::relevance
