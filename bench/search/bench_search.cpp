/// @file bench-search: the search benchmark's C++ side (see bench/README.md, "bench/search").
///
///   bench-search export  --index DIR --out FILE.tsv
///   bench-search queries --export FILE.tsv --claims queries.jsonl --out FILE [--seed N]
///   bench-search urls    --queries FILE --out FILE [--facets]
///   bench-search library --index DIR --queries FILE [--passes N] [--threads N] [--every N]
///                        [--tsv FILE] [--slowest FILE] [--answers FILE]
///   bench-search profile --index DIR --queries FILE [--shape S] [--facets] [--seconds N]

#include "peerscope/schema/version.hpp"
#include "peerscope/schema/work_data.hpp"
#include "peerscope/search/error.hpp"
#include "peerscope/search/service.hpp"
#include "query_set.hpp"
#include "stats.hpp"

#include <xapian.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace peerscope::bench {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::uint64_t kDefaultSeed = 20240611;
constexpr std::size_t kPerPage = 10;
constexpr int kDefaultPasses = 3;
constexpr std::size_t kSlowest = 25;

constexpr const char* kUsage = R"(Usage:
  bench-search export  --index DIR --out FILE.tsv
      every work of the index as id, title, abstract, year, venue id, topic ids (TSV)
  bench-search queries --export FILE.tsv --claims QUERIES.jsonl --out FILE [--seed N]
      the query set: SciFact claims plus title-drawn shapes (see query_set.hpp)
  bench-search urls --queries FILE --out FILE [--facets]
      one /v1/works request path a line (per_page=10; --facets adds the three group_by keys)
  bench-search library --index DIR --queries FILE [--passes N] [--threads N] [--every N]
                       [--tsv FILE] [--slowest FILE] [--answers FILE]
      warm-up pass, then N timed passes (default 3) of top-10 and top-10 + facets on one thread,
      then N throughput runs on --threads threads (default 2; 1 skips them); medians of the passes.
      --slowest: the slowest queries; --answers: count and a hash of the ids and facet buckets
      each query answered (diff two builds' files to check a speed change keeps the answers)
  bench-search profile --index DIR --queries FILE [--shape S] [--facets] [--seconds N]
      repeats the queries of one shape for N seconds (default 20): a target for perf record
)";

/// A command-line mistake (exit status 2).
struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// --name value options after the subcommand.
class Options final {
  public:
    Options(int argc, char** argv, std::vector<std::string> flags) {
        for (int i = 2; i < argc; ++i) {
            std::string name = argv[i];
            if (std::find(flags.begin(), flags.end(), name) != flags.end()) {
                values_[name] = "1";
                continue;
            }
            if (name.rfind("--", 0) != 0 || i + 1 >= argc) {
                throw UsageError("unexpected argument '" + name + "'");
            }
            values_[name] = argv[++i];
        }
    }
    [[nodiscard]] std::string text(const std::string& name) const {
        auto it = values_.find(name);
        if (it == values_.end()) {
            throw UsageError(name + " is required");
        }
        return it->second;
    }
    [[nodiscard]] std::string text_or(const std::string& name, std::string fallback) const {
        auto it = values_.find(name);
        return it == values_.end() ? fallback : it->second;
    }
    [[nodiscard]] bool flag(const std::string& name) const { return values_.count(name) != 0; }
    [[nodiscard]] std::uint64_t number(const std::string& name, std::uint64_t fallback) const {
        auto it = values_.find(name);
        if (it == values_.end()) {
            return fallback;
        }
        try {
            std::size_t used = 0;
            std::uint64_t n = std::stoull(it->second, &used);
            if (used == it->second.size() && n > 0) {
                return n;
            }
        } catch (const std::logic_error&) {
        }
        throw UsageError(name + " takes a positive whole number, not '" + it->second + "'");
    }
    void allow(const std::vector<std::string>& known) const {
        for (const auto& [name, value] : values_) {
            if (std::find(known.begin(), known.end(), name) == known.end()) {
                throw UsageError("unknown option " + name);
            }
        }
    }

  private:
    std::map<std::string, std::string> values_;
};

/// What a query is run with: top-10 alone, or with exact facet counts over all matches.
struct Variant {
    std::string name;
    std::vector<std::string> group_by;
};

const std::vector<Variant>& variants() {
    static const std::vector<Variant> all = {
        {"top10", {}}, {"facets", {"publication_year", "primary_location.source.id", "topics.id"}}};
    return all;
}

std::string tsv_field(std::string text) {
    std::replace_if(
        text.begin(), text.end(), [](char c) { return c == '\t' || c == '\n' || c == '\r'; }, ' ');
    return text;
}

// ---- export ------------------------------------------------------------------------------

int run_export(const Options& opts) {
    opts.allow({"--index", "--out"});
    std::filesystem::path dir = opts.text("--index");
    std::string out_path = opts.text("--out");
    Xapian::Database works((dir / schema::kWorksDir).string());
    std::ofstream out(out_path);
    if (!out) {
        throw std::runtime_error("cannot write " + out_path);
    }
    std::size_t n = 0;
    for (auto it = works.postlist_begin(""); it != works.postlist_end(""); ++it) {
        schema::WorkData w = schema::decode_work(works.get_document(*it).get_data());
        std::string topics;
        for (const auto& t : w.topics) {
            topics += (topics.empty() ? "" : ",") + t.id;
        }
        out << tsv_field(w.id) << '\t' << tsv_field(w.title) << '\t' << tsv_field(w.abstract)
            << '\t' << (w.publication_year > 0 ? std::to_string(w.publication_year) : std::string())
            << '\t' << tsv_field(w.primary_source.id) << '\t' << topics << '\n';
        ++n;
    }
    if (!out.flush()) {
        throw std::runtime_error("cannot write " + out_path);
    }
    std::cerr << "bench-search export: " << n << " works -> " << out_path << '\n';
    return 0;
}

// ---- queries and urls ----------------------------------------------------------------------

int run_queries(const Options& opts) {
    opts.allow({"--export", "--claims", "--out", "--seed"});
    std::uint64_t seed = opts.number("--seed", kDefaultSeed);
    std::vector<std::string> claims = read_beir_queries(opts.text("--claims"));
    std::vector<ExportedWork> works = read_export(opts.text("--export"));
    std::vector<QueryCase> queries = generate_queries(claims, works, seed, QueryMix{});
    write_queries(opts.text("--out"),
                  queries,
                  "bench-search queries --seed " + std::to_string(seed) + " ("
                      + std::to_string(claims.size()) + " claims, titles of "
                      + std::to_string(works.size()) + " works)");
    std::cerr << "bench-search queries: " << queries.size() << " queries (seed " << seed << ") -> "
              << opts.text("--out") << '\n';
    return 0;
}

int run_urls(const Options& opts) {
    opts.allow({"--queries", "--out", "--facets"});
    const Variant& variant = variants()[opts.flag("--facets") ? 1 : 0];
    std::ofstream out(opts.text("--out"));
    for (const auto& q : read_queries(opts.text("--queries"))) {
        std::string path = "/v1/works?per_page=" + std::to_string(kPerPage);
        if (!q.search.empty()) {
            path += "&search=" + url_encode(q.search);
        }
        if (!q.filter.empty()) {
            path += "&filter=" + url_encode(q.filter);
        }
        std::string groups;
        for (const auto& g : variant.group_by) {
            groups += (groups.empty() ? "" : ",") + g;
        }
        if (!groups.empty()) {
            path += "&group_by=" + url_encode(groups);
        }
        out << path << '\n';
    }
    if (!out.flush()) {
        throw std::runtime_error("cannot write " + opts.text("--out"));
    }
    return 0;
}

// ---- library ---------------------------------------------------------------------------------

search::WorksQuery works_query(const QueryCase& q, const Variant& v) {
    search::WorksQuery w;
    w.search = q.search;
    w.filter = q.filter;
    w.per_page = kPerPage;
    w.group_by = v.group_by;
    return w;
}

/// What a query answered: the match count (-1 on a search::Error, reported once per shape) and a
/// hash of the result ids and facet buckets (to check that a change keeps the answers).
struct Outcome {
    long count = -1;
    std::uint64_t hash = 0;
};

/// FNV-1a over @p text, continuing from @p h.
std::uint64_t fnv(std::uint64_t h, const std::string& text) {
    for (unsigned char c : text) {
        h = (h ^ c) * 1099511628211ULL;
    }
    return (h ^ 0xFFU) * 1099511628211ULL;
}

Outcome run_one(search::SearchService& service,
                const QueryCase& q,
                const Variant& v,
                std::map<std::string, std::string>& errors) {
    try {
        auto searcher = service.lease();
        search::WorksPage page = searcher->search_works(works_query(q, v));
        Outcome out{page.count, 1469598103934665603ULL};
        for (const auto& hit : page.results) {
            out.hash = fnv(out.hash, hit.work.id);
        }
        for (const auto& group : page.groups) {
            for (const auto& b : group.buckets) {
                out.hash = fnv(out.hash, b.key + ":" + std::to_string(b.count));
            }
        }
        return out;
    } catch (const search::Error& e) {
        errors.emplace(q.shape, q.search + " | " + q.filter + ": " + e.what());
        return {};
    }
}

/// CPU time used by the calling thread, in milliseconds.
double thread_cpu_ms() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

/// One pass: latency (ms) and match count of every query, and the wall time.
struct Pass {
    std::vector<double> millis;
    std::vector<double> cpu_millis; ///< CPU time of the calling thread (less sensitive to load)
    std::vector<Outcome> outcomes;
    double seconds = 0;
};

Pass run_pass(search::SearchService& service,
              const std::vector<QueryCase>& queries,
              const Variant& v,
              std::map<std::string, std::string>& errors) {
    Pass pass;
    pass.millis.reserve(queries.size());
    auto begin = Clock::now();
    for (const auto& q : queries) {
        double cpu_start = thread_cpu_ms();
        auto start = Clock::now();
        pass.outcomes.push_back(run_one(service, q, v, errors));
        pass.millis.push_back(
            std::chrono::duration<double, std::milli>(Clock::now() - start).count());
        pass.cpu_millis.push_back(thread_cpu_ms() - cpu_start);
    }
    pass.seconds = std::chrono::duration<double>(Clock::now() - begin).count();
    return pass;
}

/// Queries per second of @p threads threads sharing one pass over @p queries.
double run_parallel(search::SearchService& service,
                    const std::vector<QueryCase>& queries,
                    const Variant& v,
                    unsigned threads) {
    std::atomic<std::size_t> next{0};
    std::vector<std::map<std::string, std::string>> errors(threads);
    auto begin = Clock::now();
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) {
        pool.emplace_back([&, t] {
            for (std::size_t i = next++; i < queries.size(); i = next++) {
                (void)run_one(service, queries[i], v, errors[t]);
            }
        });
    }
    for (auto& th : pool) {
        th.join();
    }
    return static_cast<double>(queries.size())
           / std::chrono::duration<double>(Clock::now() - begin).count();
}

/// The shapes in @p queries: the generated ones in their usual order, then any others.
std::vector<std::string> shapes_of(const std::vector<QueryCase>& queries) {
    std::vector<std::string> order = {
        "claim", "words", "phrase", "and", "or", "not", "year", "venue", "wildcard"};
    std::vector<std::string> out;
    for (const auto& s : order) {
        if (std::any_of(
                queries.begin(), queries.end(), [&](const QueryCase& q) { return q.shape == s; })) {
            out.push_back(s);
        }
    }
    for (const auto& q : queries) {
        if (std::find(out.begin(), out.end(), q.shape) == out.end()) {
            out.push_back(q.shape);
        }
    }
    out.emplace_back("all");
    return out;
}

/// Per-shape figures of one variant: medians over passes of each pass's mean, p50 and p99.
struct ShapeRow {
    std::string shape;
    std::size_t n = 0;
    double mean = 0;
    double p50 = 0;
    double p99 = 0;
    double cold_mean = 0; ///< the warm-up pass (term bitmaps not cached yet)
    double cold_p99 = 0;
    double cpu_mean = 0; ///< thread CPU time: medians over passes of the mean and p99
    double cpu_p99 = 0;
    double matches = 0; ///< mean match count
    std::size_t errors = 0;
};

ShapeRow shape_row(const std::string& shape,
                   const std::vector<QueryCase>& queries,
                   const std::vector<Pass>& passes,
                   const Pass& warm) {
    ShapeRow row;
    row.shape = shape;
    auto pick = [&](const Pass& p, bool cpu = false) {
        std::vector<double> out;
        for (std::size_t i = 0; i < queries.size(); ++i) {
            if (shape == "all" || queries[i].shape == shape) {
                out.push_back(cpu ? p.cpu_millis[i] : p.millis[i]);
            }
        }
        return out;
    };
    std::vector<double> means;
    std::vector<double> p50s;
    std::vector<double> p99s;
    std::vector<double> cpu_means;
    std::vector<double> cpu_p99s;
    for (const auto& p : passes) {
        Summary s = summarize(pick(p));
        row.n = s.n;
        means.push_back(s.mean);
        p50s.push_back(s.p50);
        p99s.push_back(s.p99);
        Summary cpu = summarize(pick(p, true));
        cpu_means.push_back(cpu.mean);
        cpu_p99s.push_back(cpu.p99);
    }
    row.mean = median(means);
    row.p50 = median(p50s);
    row.p99 = median(p99s);
    row.cpu_mean = median(cpu_means);
    row.cpu_p99 = median(cpu_p99s);
    Summary cold = summarize(pick(warm));
    row.cold_mean = cold.mean;
    row.cold_p99 = cold.p99;
    double total = 0;
    for (std::size_t i = 0; i < queries.size(); ++i) {
        if (shape == "all" || queries[i].shape == shape) {
            row.errors += warm.outcomes[i].count < 0 ? 1 : 0;
            total += static_cast<double>(std::max(0L, warm.outcomes[i].count));
        }
    }
    row.matches = row.n == 0 ? 0 : total / static_cast<double>(row.n);
    return row;
}

int run_library(const Options& opts) {
    opts.allow({"--index",
                "--queries",
                "--passes",
                "--threads",
                "--every",
                "--tsv",
                "--slowest",
                "--answers"});
    auto passes = static_cast<int>(opts.number("--passes", kDefaultPasses));
    auto threads = static_cast<unsigned>(opts.number("--threads", 2));
    std::size_t every = opts.number("--every", 1);
    std::vector<QueryCase> all = read_queries(opts.text("--queries"));
    std::vector<QueryCase> queries;
    for (std::size_t i = 0; i < all.size(); i += every) {
        queries.push_back(all[i]);
    }

    auto open_start = Clock::now();
    search::SearchService service(opts.text("--index"));
    { (void)service.lease(); } // opens the databases and builds the facet arrays
    double open_ms = std::chrono::duration<double, std::milli>(Clock::now() - open_start).count();
    std::printf(
        "bench-search library: %zu queries, 1 warm-up + %d timed passes per variant, one thread; "
        "then %d throughput runs on %u threads; index opened in %.0f ms\n",
        queries.size(),
        passes,
        passes,
        threads,
        open_ms);

    std::map<std::string, std::string> errors;
    std::map<std::string, Pass> warm;
    std::map<std::string, std::vector<Pass>> timed;
    std::vector<double> loads{load_average()};
    for (const auto& v : variants()) {
        warm[v.name] = run_pass(service, queries, v, errors);
    }
    for (int p = 0; p < passes; ++p) {
        for (const auto& v : variants()) {
            timed[v.name].push_back(run_pass(service, queries, v, errors));
        }
        loads.push_back(load_average());
    }
    std::map<std::string, double> parallel_qps;
    for (const auto& v : variants()) {
        std::vector<double> qps;
        for (int p = 0; p < passes && threads > 1; ++p) {
            qps.push_back(run_parallel(service, queries, v, threads));
        }
        parallel_qps[v.name] = median(qps);
    }
    loads.push_back(load_average());

    std::ofstream tsv;
    if (opts.flag("--tsv")) {
        tsv.open(opts.text("--tsv"));
        tsv << "variant\tshape\tn\tmean_ms\tp50_ms\tp99_ms\tcold_mean_ms\tcold_p99_"
               "ms\tmatches\terrors\tcpu_mean_ms\tcpu_p99_ms\n";
    }
    std::vector<std::string> shapes = shapes_of(queries);
    for (const auto& v : variants()) {
        std::printf("\n%s%s\n  %-9s %5s %8s %8s %8s   %9s %9s %8s %8s %10s %6s\n",
                    v.name.c_str(),
                    v.group_by.empty() ? " (top-10 by BM25)"
                                       : " (top-10 + exact counts by year, venue, topic)",
                    "shape",
                    "n",
                    "mean ms",
                    "p50 ms",
                    "p99 ms",
                    "cold mean",
                    "cold p99",
                    "cpu mean",
                    "cpu p99",
                    "matches",
                    "errors");
        for (const auto& shape : shapes) {
            ShapeRow r = shape_row(shape, queries, timed[v.name], warm[v.name]);
            std::printf("  %-9s %5zu %8.2f %8.2f %8.2f   %9.2f %9.2f %8.2f %8.2f %10.0f %6zu\n",
                        r.shape.c_str(),
                        r.n,
                        r.mean,
                        r.p50,
                        r.p99,
                        r.cold_mean,
                        r.cold_p99,
                        r.cpu_mean,
                        r.cpu_p99,
                        r.matches,
                        r.errors);
            if (tsv.is_open()) {
                tsv << v.name << '\t' << r.shape << '\t' << r.n << '\t' << r.mean << '\t' << r.p50
                    << '\t' << r.p99 << '\t' << r.cold_mean << '\t' << r.cold_p99 << '\t'
                    << r.matches << '\t' << r.errors << '\t' << r.cpu_mean << '\t' << r.cpu_p99
                    << '\n';
            }
        }
        std::vector<double> qps;
        for (const auto& p : timed[v.name]) {
            qps.push_back(static_cast<double>(queries.size()) / p.seconds);
        }
        std::printf("  throughput: %.1f queries/s on 1 thread, %.1f queries/s on %u threads\n",
                    median(qps),
                    parallel_qps[v.name],
                    threads);
        if (tsv.is_open()) {
            tsv << v.name << "\tqps_1\t" << queries.size() << '\t' << median(qps)
                << "\t\t\t\t\t\t\n";
            tsv << v.name << "\tqps_" << threads << '\t' << queries.size() << '\t'
                << parallel_qps[v.name] << "\t\t\t\t\t\t\n";
        }
    }
    std::printf("\nload average (1 min) during the run:");
    for (double l : loads) {
        std::printf(" %.2f", l);
    }
    std::printf("\n");
    if (tsv.is_open()) {
        tsv << "load\t" << median(loads) << "\n";
    }
    for (const auto& [shape, message] : errors) {
        std::fprintf(stderr,
                     "bench-search: error in shape %s (first of its kind): %s\n",
                     shape.c_str(),
                     message.c_str());
    }

    if (opts.flag("--answers")) {
        // One line per query and variant: what it answered (compare two builds with diff).
        std::ofstream answers(opts.text("--answers"));
        for (const auto& v : variants()) {
            for (std::size_t i = 0; i < queries.size(); ++i) {
                const Outcome& o = warm[v.name].outcomes[i];
                answers << v.name << '\t' << o.count << '\t' << std::hex << o.hash << std::dec
                        << '\t' << queries[i].shape << '\t' << queries[i].search << '\t'
                        << queries[i].filter << '\n';
            }
        }
    }
    if (opts.flag("--slowest")) {
        std::ofstream slow(opts.text("--slowest"));
        slow << "variant\tmedian_ms\tmatches\tshape\tsearch\tfilter\n";
        for (const auto& v : variants()) {
            std::vector<std::pair<double, std::size_t>> per_query;
            for (std::size_t i = 0; i < queries.size(); ++i) {
                std::vector<double> ms;
                for (const auto& p : timed[v.name]) {
                    ms.push_back(p.millis[i]);
                }
                per_query.emplace_back(median(ms), i);
            }
            std::sort(per_query.rbegin(), per_query.rend());
            for (std::size_t k = 0; k < std::min(kSlowest, per_query.size()); ++k) {
                const QueryCase& q = queries[per_query[k].second];
                slow << v.name << '\t' << per_query[k].first << '\t'
                     << warm[v.name].outcomes[per_query[k].second].count << '\t' << q.shape << '\t'
                     << q.search << '\t' << q.filter << '\n';
            }
        }
    }
    return errors.empty() ? 0 : 1;
}

// ---- profile ---------------------------------------------------------------------------------

int run_profile(const Options& opts) {
    opts.allow({"--index", "--queries", "--shape", "--facets", "--seconds"});
    std::string shape = opts.text_or("--shape", "all");
    const Variant& v = variants()[opts.flag("--facets") ? 1 : 0];
    double seconds = static_cast<double>(opts.number("--seconds", 20));
    std::vector<QueryCase> queries;
    for (auto& q : read_queries(opts.text("--queries"))) {
        if (shape == "all" || q.shape == shape) {
            queries.push_back(std::move(q));
        }
    }
    if (queries.empty()) {
        throw UsageError("no query has shape '" + shape + "'");
    }
    search::SearchService service(opts.text("--index"));
    std::map<std::string, std::string> errors;
    (void)run_pass(service, queries, v, errors); // warm-up
    std::vector<double> millis;
    auto begin = Clock::now();
    while (std::chrono::duration<double>(Clock::now() - begin).count() < seconds) {
        Pass p = run_pass(service, queries, v, errors);
        millis.insert(millis.end(), p.millis.begin(), p.millis.end());
    }
    Summary s = summarize(millis);
    std::printf("profile %s %s: %zu runs, mean %.2f ms, p50 %.2f ms, p99 %.2f ms\n",
                shape.c_str(),
                v.name.c_str(),
                s.n,
                s.mean,
                s.p50,
                s.p99);
    return 0;
}

int run(int argc, char** argv) {
    std::string command = argc > 1 ? argv[1] : "";
    if (command == "--help" || command == "-h") {
        std::cout << kUsage;
        return 0;
    }
    if (command == "export") {
        return run_export(Options(argc, argv, {}));
    }
    if (command == "queries") {
        return run_queries(Options(argc, argv, {}));
    }
    if (command == "urls") {
        return run_urls(Options(argc, argv, {"--facets"}));
    }
    if (command == "library") {
        return run_library(Options(argc, argv, {}));
    }
    if (command == "profile") {
        return run_profile(Options(argc, argv, {"--facets"}));
    }
    throw UsageError(command.empty() ? "name a command" : "unknown command '" + command + "'");
}

} // namespace
} // namespace peerscope::bench

int main(int argc, char** argv) {
    try {
        return peerscope::bench::run(argc, argv);
    } catch (const peerscope::bench::UsageError& e) {
        std::cerr << "bench-search: " << e.what() << "\n" << peerscope::bench::kUsage;
        return 2;
    } catch (const Xapian::Error& e) {
        std::cerr << "bench-search: " << e.get_description() << '\n';
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "bench-search: " << e.what() << '\n';
        return 1;
    }
}
