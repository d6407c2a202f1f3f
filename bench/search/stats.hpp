/// @file Latency summaries shared by the benchmarks: mean and nearest-rank percentiles.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <fstream>
#include <numeric>
#include <string>
#include <vector>

namespace peerscope::bench {

/// Mean and percentiles of one set of latencies, in milliseconds. Plain value type.
struct Summary {
    std::size_t n = 0;
    double mean = 0;
    double p50 = 0;
    double p99 = 0;
    double max = 0;
};

/// The nearest-rank percentile @p p (0..1) of ascending @p sorted (0 when empty); the same
/// definition as the Lucene peers use.
[[nodiscard]] inline double percentile(const std::vector<double>& sorted, double p) {
    if (sorted.empty()) {
        return 0;
    }
    auto rank = static_cast<std::ptrdiff_t>(std::ceil(p * static_cast<double>(sorted.size()))) - 1;
    rank = std::clamp<std::ptrdiff_t>(rank, 0, static_cast<std::ptrdiff_t>(sorted.size()) - 1);
    return sorted[static_cast<std::size_t>(rank)];
}

/// Summary of @p millis (taken by value: it is sorted).
[[nodiscard]] inline Summary summarize(std::vector<double> millis) {
    Summary s;
    s.n = millis.size();
    if (millis.empty()) {
        return s;
    }
    std::sort(millis.begin(), millis.end());
    s.mean =
        std::accumulate(millis.begin(), millis.end(), 0.0) / static_cast<double>(millis.size());
    s.p50 = percentile(millis, 0.50);
    s.p99 = percentile(millis, 0.99);
    s.max = millis.back();
    return s;
}

/// The median of @p values (the mean of the middle two for an even count; 0 when empty).
[[nodiscard]] inline double median(std::vector<double> values) {
    if (values.empty()) {
        return 0;
    }
    std::sort(values.begin(), values.end());
    std::size_t mid = values.size() / 2;
    return values.size() % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

/// The 1-minute load average (from /proc/loadavg; -1 when unreadable).
[[nodiscard]] inline double load_average() {
    std::ifstream in("/proc/loadavg");
    double load = -1;
    in >> load;
    return in ? load : -1;
}

} // namespace peerscope::bench
