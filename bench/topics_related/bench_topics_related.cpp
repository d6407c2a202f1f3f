// bench-topics-related: latency of related works and topic pages on a built index, through the
// search library (what a server worker runs per request, without HTTP).
//
//   bench-topics-related --index DIR [--requests N] [--seed S]
//
// Workloads, each after an untimed warm-up pass of a tenth of its requests, one thread:
//  - related: GET /v1/works/{id}/related (per_page 25) for N works drawn at random;
//  - related x5: POST /v1/related with 5 random positive seeds and 1 negative;
//  - topic page: GET /v1/topics/{id} for N topics drawn at random from every topic;
//  - topic list: GET /v1/topics pages (the default sort, a domain's topics, a name search).
#include "peerscope/search/service.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <random>
#include <string>
#include <vector>

namespace {

namespace ps = peerscope::search;
using Clock = std::chrono::steady_clock;

/// CPU time of the calling thread in milliseconds (not counting time spent waiting for a core).
double thread_cpu_ms() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

struct Stats {
    std::string name;
    std::vector<double> ms;
    std::vector<double> cpu_ms;

    [[nodiscard]] static double quantile_of(const std::vector<double>& values, double q) {
        std::vector<double> sorted = values;
        std::sort(sorted.begin(), sorted.end());
        if (sorted.empty()) {
            return 0;
        }
        auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(sorted.size())));
        return sorted[std::min(sorted.size() - 1, rank == 0 ? 0 : rank - 1)];
    }
    [[nodiscard]] double quantile(double q) const { return quantile_of(ms, q); }
    [[nodiscard]] double cpu_quantile(double q) const { return quantile_of(cpu_ms, q); }
    [[nodiscard]] double mean() const {
        double total = 0;
        for (double m : ms) {
            total += m;
        }
        return ms.empty() ? 0 : total / static_cast<double>(ms.size());
    }
};

template <typename Fn> Stats measure(const std::string& name, std::size_t n, Fn fn) {
    Stats stats{name, {}, {}};
    for (std::size_t i = 0; i < n / 10; ++i) {
        fn(i);
    }
    for (std::size_t i = 0; i < n; ++i) {
        auto started = Clock::now();
        double cpu = thread_cpu_ms();
        fn(i);
        stats.cpu_ms.push_back(thread_cpu_ms() - cpu);
        stats.ms.push_back(
            std::chrono::duration<double, std::milli>(Clock::now() - started).count());
    }
    return stats;
}

} // namespace

int main(int argc, char** argv) try {
    std::string index;
    std::size_t requests = 2000;
    std::uint64_t seed = 42;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg == "--index" && i + 1 < argc) {
            index = argv[++i];
        } else if (arg == "--requests" && i + 1 < argc) {
            requests = std::stoul(argv[++i]);
        } else if (arg == "--seed" && i + 1 < argc) {
            seed = std::stoull(argv[++i]);
        } else {
            std::fprintf(stderr,
                         "usage: bench-topics-related --index DIR [--requests N] [--seed S]\n");
            return 2;
        }
    }
    if (index.empty()) {
        std::fprintf(stderr, "usage: bench-topics-related --index DIR [--requests N] [--seed S]\n");
        return 2;
    }
    ps::SearchService service(index);
    auto searcher = service.lease();
    const ps::Health health = searcher->health();

    std::vector<std::string> works;
    for (std::size_t i = 0; i < requests + requests / 10; ++i) {
        if (auto w = searcher->random_work(seed + i)) {
            works.push_back(w->id);
        }
    }
    std::vector<std::string> topics;
    std::vector<std::string> domains;
    ps::EntityQuery all;
    all.per_page = 200;
    for (all.page = 1;; ++all.page) {
        ps::TopicsPage page = searcher->search_topics(all);
        for (const auto& t : page.results) {
            topics.push_back(t.topic.id);
            if (t.topic.level == "domain") {
                domains.push_back(t.topic.id);
            }
        }
        if (page.results.size() < all.per_page) {
            break;
        }
    }
    if (works.empty() || topics.empty()) {
        std::fprintf(stderr, "bench-topics-related: the index has no works or no topics\n");
        return 1;
    }
    std::mt19937_64 rng(seed);
    std::vector<std::string> topic_draws;
    for (std::size_t i = 0; i < requests + requests / 10; ++i) {
        topic_draws.push_back(
            topics[std::uniform_int_distribution<std::size_t>(0, topics.size() - 1)(rng)]);
    }

    std::vector<Stats> results;
    std::size_t related_count = 0;
    results.push_back(measure("related (1 seed, per_page 25)", requests, [&](std::size_t i) {
        ps::RelatedQuery q;
        q.positive = {works[i % works.size()]};
        related_count += searcher->related_works(q).results.size();
    }));
    results.push_back(measure("related (5 seeds + 1 negative)", requests / 4, [&](std::size_t i) {
        ps::RelatedQuery q;
        for (std::size_t k = 0; k < 5; ++k) {
            q.positive.push_back(works[(i * 7 + k) % works.size()]);
        }
        q.negative = {works[(i * 7 + 5) % works.size()]};
        (void)searcher->related_works(q);
    }));
    results.push_back(measure("topic page", requests, [&](std::size_t i) {
        (void)searcher->get_topic(topic_draws[i % topic_draws.size()]);
    }));
    const std::vector<std::string> searches = {
        "learning", "reinforcement", "vision", "graph neural", "speech"};
    results.push_back(measure(
        "topic list (default, domain filter, name search)", requests / 4, [&](std::size_t i) {
            ps::EntityQuery q;
            switch (i % 3) {
            case 0:
                break;
            case 1:
                q.filter = "domain.id:" + domains[i % domains.size()];
                break;
            default:
                q.search = searches[i % searches.size()];
                break;
            }
            (void)searcher->search_topics(q);
        }));

    std::printf("index %s: %ld works, %zu topics\n\n", index.c_str(), health.works, topics.size());
    std::printf(
        "| workload | requests | mean ms | p50 ms | p90 ms | p99 ms | max ms | CPU p50 ms | "
        "CPU p99 ms |\n|---|---|---|---|---|---|---|---|---|\n");
    for (const Stats& s : results) {
        std::printf("| %s | %zu | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |\n",
                    s.name.c_str(),
                    s.ms.size(),
                    s.mean(),
                    s.quantile(0.5),
                    s.quantile(0.9),
                    s.quantile(0.99),
                    s.quantile(1.0),
                    s.cpu_quantile(0.5),
                    s.cpu_quantile(0.99));
    }
    std::printf("\n(ms: wall clock; CPU: the thread's CPU time, which waiting for a busy core does "
                "not inflate)\n");
    std::printf("\nrelated works returned per request: %.1f on average\n",
                static_cast<double>(related_count) / static_cast<double>(requests + requests / 10));
    return 0;
} catch (const std::exception& e) {
    std::fprintf(stderr, "bench-topics-related: %s\n", e.what());
    return 1;
}
