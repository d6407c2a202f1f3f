/// @file peerscope-bench-relevance: relevance of Peerscope's search library on SciFact (training
/// queries), CACM and Cranfield, beside its peers' runs.
///
///   export  COLLECTION OUT_DIR     documents and plain-text queries as TSV for the peers
///   ours    COLLECTION INDEX RUN   the queries through peerscope::search, the run written to RUN
///   tune    INDEX_ROOT             coordinate search of the ranking options on the tuning queries
///   report  RUNS_DIR               the table of nDCG@10 / MAP / R@100 of every system's runs
///
/// See usage() and bench/README.md.

#include "collections.hpp"
#include "metrics.hpp"
#include "peerscope/search/error.hpp"
#include "peerscope/search/service.hpp"
#include "run_file.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace peerscope::bench::relevance {
namespace {

namespace fs = std::filesystem;
namespace search = peerscope::search;

constexpr std::size_t kDepth = 100;

/// The systems of the table, in column order, with the run file names' stems.
const std::vector<std::pair<std::string, std::string>>& systems() {
    static const std::vector<std::pair<std::string, std::string>> list = {
        {"peerscope", "Peerscope"}, {"lucene", "Lucene"}, {"xapian-plain", "plain Xapian"}};
    return list;
}

/// A tunable member of search::RankingOptions: its option name, how to read and set it, the values
/// the tuner tries, and what it does.
struct RankingParam {
    const char* name;
    double (*get)(const search::RankingOptions&);
    void (*set)(search::RankingOptions&, double);
    std::vector<double> candidates;
    const char* description;
};

const std::vector<RankingParam>& ranking_params() {
    using O = search::RankingOptions;
    static const std::vector<RankingParam> params = {
        {"k1",
         [](const O& o) { return o.k1; },
         [](O& o, double v) { o.k1 = v; },
         {0.9, 1.2, 1.5},
         "BM25 term-frequency saturation"},
        {"b",
         [](const O& o) { return o.b; },
         [](O& o, double v) { o.b = v; },
         {0.5, 0.6, 0.75, 0.9},
         "BM25 document-length normalisation"},
        {"title-boost",
         [](const O& o) { return o.title_boost; },
         [](O& o, double v) { o.title_boost = v; },
         {0.0, 0.15, 0.3, 0.6},
         "weight of the title-only clause"},
        {"exact-weight",
         [](const O& o) { return o.exact_weight; },
         [](O& o, double v) { o.exact_weight = v; },
         {0.0, 0.1, 0.25, 0.5},
         "weight of the exact-form clause"},
        {"k3",
         [](const O& o) { return o.k3; },
         [](O& o, double v) { o.k3 = v; },
         {0.5, 1.0, 2.0, 8.0},
         "saturation of repeated query words"},
        {"feedback-docs",
         [](const O& o) { return static_cast<double>(o.feedback_docs); },
         [](O& o, double v) { o.feedback_docs = static_cast<std::size_t>(v); },
         {0, 5, 10, 20},
         "first-pass documents taken as relevant (0: no feedback)"},
        {"feedback-terms",
         [](const O& o) { return static_cast<double>(o.feedback_terms); },
         [](O& o, double v) { o.feedback_terms = static_cast<std::size_t>(v); },
         {5, 10, 20, 30},
         "words feedback adds"},
        {"feedback-weight",
         [](const O& o) { return o.feedback_weight; },
         [](O& o, double v) { o.feedback_weight = v; },
         {0.1, 0.2, 0.3, 0.5},
         "weight of the best feedback word"},
        {"feedback-min-words",
         [](const O& o) { return static_cast<double>(o.feedback_min_words); },
         [](O& o, double v) { o.feedback_min_words = static_cast<std::size_t>(v); },
         {3, 5, 8, 12},
         "feedback only for queries of this many distinct words or more"},
    };
    return params;
}

struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

void print_usage(std::ostream& out) {
    out << "Usage: peerscope-bench-relevance [--mirror DIR] MODE ...\n"
           "\n"
           "  export COLLECTION OUT_DIR\n"
           "      writes OUT_DIR/COLLECTION.docs.tsv (id, title, abstract, year, venue: what the\n"
           "      peers index) and OUT_DIR/COLLECTION.queries.tsv (id, query as plain text)\n"
           "  ours COLLECTION INDEX_DIR RUN_FILE [--passes N] [RANKING OPTIONS]\n"
           "      runs the queries through peerscope::search (per_page 100, relevance order),\n"
           "      writes the run, and prints the per-query time over N timed passes (default 2)\n"
           "      after one untimed pass\n"
           "  tune INDEX_ROOT [--rounds N] [--fixed NAME,...] [RANKING OPTIONS]\n"
           "      coordinate search of the ranking options, starting from the defaults (or the\n"
           "      options given), on the tuning queries only (SciFact train, odd-numbered CACM "
           "and\n"
           "      Cranfield queries); INDEX_ROOT/COLLECTION is each collection's index; --fixed\n"
           "      names options the search leaves alone\n"
           "  latency INDEX_DIR QUERIES.tsv [--passes N] [--slowest N] [RANKING OPTIONS]\n"
           "      per-query time of search_works (per_page 25) by query shape over a query file "
           "of\n"
           "      shape<TAB>search<TAB>filter lines (bench/search's queries.tsv), N timed passes\n"
           "      (default 2) after one untimed; --slowest N lists the N slowest queries\n"
           "  report RUNS_DIR\n"
           "      the table of every RUNS_DIR/SYSTEM.COLLECTION.run (SYSTEM: peerscope, lucene,\n"
           "      xapian-plain) as Markdown\n"
           "\n"
           "COLLECTION is scifact, cacm or cranfield. --mirror is the data folder holding "
           "scifact/,\n"
           "cacm/ and cranfield/ (default: $PEERSCOPE_DATA_MIRROR, else ../shared/data).\n"
           "RANKING OPTIONS (search::RankingOptions):";
    for (const auto& p : ranking_params()) {
        out << "\n  --" << p.name << " X   " << p.description;
    }
    out << '\n';
}

/// Command-line arguments after the mode, split into positionals and --name value options.
struct Args {
    std::vector<std::string> positional;
    std::map<std::string, std::string> options;
};

Args parse_args(const std::vector<std::string>& raw, std::size_t from) {
    Args args;
    for (std::size_t i = from; i < raw.size(); ++i) {
        if (raw[i].rfind("--", 0) == 0) {
            if (i + 1 >= raw.size()) {
                throw UsageError(raw[i] + " needs a value");
            }
            args.options[raw[i].substr(2)] = raw[i + 1];
            ++i;
        } else {
            args.positional.push_back(raw[i]);
        }
    }
    return args;
}

double parse_number(const std::string& name, const std::string& text) {
    std::size_t used = 0;
    double value = 0;
    try {
        value = std::stod(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != text.size() || text.empty()) {
        throw UsageError("--" + name + " needs a number, not '" + text + "'");
    }
    return value;
}

/// Takes the count option --@p name from @p args (@p fallback when absent).
std::size_t take_count(Args& args, const std::string& name, std::size_t fallback) {
    auto found = args.options.find(name);
    if (found == args.options.end()) {
        return fallback;
    }
    const double value = parse_number(name, found->second);
    if (value < 0 || value != std::floor(value)) {
        throw UsageError("--" + name + " needs a whole number, not '" + found->second + "'");
    }
    args.options.erase(found);
    return static_cast<std::size_t>(value);
}

/// Ranking options from the defaults and the --name value options (consumed from @p args).
search::RankingOptions ranking_from(Args& args) {
    search::RankingOptions ranking;
    for (const auto& p : ranking_params()) {
        auto found = args.options.find(std::string(p.name));
        if (found != args.options.end()) {
            p.set(ranking, parse_number(found->first, found->second));
            args.options.erase(found);
        }
    }
    return ranking;
}

std::string describe(const search::RankingOptions& ranking) {
    std::ostringstream out;
    for (const auto& p : ranking_params()) {
        out << (out.tellp() > 0 ? " " : "") << p.name << '=' << p.get(ranking);
    }
    return out.str();
}

void reject_leftovers(const Args& args, std::size_t positionals) {
    if (!args.options.empty()) {
        throw UsageError("unknown option --" + args.options.begin()->first);
    }
    if (args.positional.size() != positionals) {
        throw UsageError("expected " + std::to_string(positionals) + " arguments after the mode");
    }
}

// ---- export -----------------------------------------------------------------------------------

/// @p text with TAB, CR and LF as spaces (one TSV field).
std::string one_field(std::string text) {
    for (char& c : text) {
        if (c == '\t' || c == '\n' || c == '\r') {
            c = ' ';
        }
    }
    return text;
}

int run_export(const fs::path& mirror, Args args) {
    reject_leftovers(args, 2);
    const Collection c = load_collection(args.positional[0], mirror);
    const fs::path out_dir = args.positional[1];
    fs::create_directories(out_dir);
    const fs::path docs_path = out_dir / (c.name + ".docs.tsv");
    const fs::path queries_path = out_dir / (c.name + ".queries.tsv");
    std::ofstream docs(docs_path);
    for (const Document& d : c.documents) {
        docs << one_field(d.id) << '\t' << one_field(d.title) << '\t' << one_field(d.abstract)
             << "\t\t\n";
    }
    std::ofstream queries(queries_path);
    for (const Query& q : c.queries) {
        queries << q.id << '\t' << one_field(plain_query_text(q.text)) << '\n';
    }
    if (!docs.flush() || !queries.flush()) {
        throw std::runtime_error("error writing to " + out_dir.string());
    }
    std::printf("%s: %zu documents -> %s, %zu queries -> %s\n",
                c.name.c_str(),
                c.documents.size(),
                docs_path.c_str(),
                c.queries.size(),
                queries_path.c_str());
    return 0;
}

// ---- ours -------------------------------------------------------------------------------------

/// Per-query wall times in milliseconds.
struct Timing {
    std::vector<double> ms;

    [[nodiscard]] double percentile(double p) const {
        if (ms.empty()) {
            return 0.0;
        }
        std::vector<double> sorted = ms;
        std::sort(sorted.begin(), sorted.end());
        const auto index =
            static_cast<std::size_t>(std::ceil(p * static_cast<double>(sorted.size()))) - 1;
        return sorted[std::min(sorted.size() - 1, index)];
    }
    [[nodiscard]] double mean() const {
        double total = 0;
        for (double m : ms) {
            total += m;
        }
        return ms.empty() ? 0.0 : total / static_cast<double>(ms.size());
    }
};

/// The ids a hit stands for: the work, then its other versions (records grouped into it), so a
/// grouped record is found where its work is ranked.
void append_ids(const search::WorkHit& hit, Ranking& out, std::set<std::string>& seen) {
    if (seen.insert(hit.work.id).second) {
        out.push_back(hit.work.id);
    }
    for (const auto& location : hit.work.locations) {
        if (!location.record_id.empty() && seen.insert(location.record_id).second) {
            out.push_back(location.record_id);
        }
    }
}

/// Runs every query of @p c (selected by @p select, all when empty) through @p service.
Run search_collection(search::SearchService& service,
                      const Collection& c,
                      const QueryFilter& select,
                      Timing* timing) {
    Run run;
    auto lease = service.lease();
    for (const Query& q : c.queries) {
        if (select && !select(q.id)) {
            continue;
        }
        search::WorksQuery request;
        request.search = plain_query_text(q.text);
        request.per_page = kDepth;
        const auto start = std::chrono::steady_clock::now();
        const search::WorksPage page = lease->search_works(request);
        if (timing != nullptr) {
            timing->ms.push_back(
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                    .count());
        }
        Ranking& ranking = run[q.id];
        std::set<std::string> seen;
        for (const search::WorkHit& hit : page.results) {
            append_ids(hit, ranking, seen);
        }
        if (ranking.size() > kDepth) {
            ranking.resize(kDepth);
        }
    }
    return run;
}

void print_summary(const std::string& label, const Summary& s) {
    std::printf("  %-22s %4zu queries  nDCG@10 %.3f  MAP %.3f  R@100 %.3f\n",
                label.c_str(),
                s.queries,
                s.ndcg10,
                s.map,
                s.recall100);
}

int run_ours(const fs::path& mirror, Args args) {
    const std::size_t passes = take_count(args, "passes", 2);
    search::ServiceOptions options;
    options.ranking = ranking_from(args);
    reject_leftovers(args, 3);
    const Collection c = load_collection(args.positional[0], mirror);
    search::SearchService service(args.positional[1], options);
    const Run run = search_collection(service, c, {}, nullptr);
    write_run(args.positional[2], run);
    Timing timing;
    for (std::size_t i = 0; i < passes; ++i) {
        (void)search_collection(service, c, {}, &timing);
    }
    std::printf(
        "%s (%s): %zu queries; per query mean %.2f ms, p50 %.2f ms, p95 %.2f ms, max %.2f ms "
        "(%zu timed passes after one untimed)\n",
        c.name.c_str(),
        describe(options.ranking).c_str(),
        c.queries.size(),
        timing.mean(),
        timing.percentile(0.50),
        timing.percentile(0.95),
        timing.percentile(1.0),
        passes);
    const QueryFilter tuning = [&](const std::string& id) { return is_tuning_query(c.name, id); };
    const QueryFilter held_out = [&](const std::string& id) {
        return !is_tuning_query(c.name, id);
    };
    print_summary("all", evaluate(run, c.judgments));
    print_summary("tuning", evaluate(run, c.judgments, tuning));
    if (c.name != "scifact") {
        print_summary("held out", evaluate(run, c.judgments, held_out));
    }
    return 0;
}

// ---- tune -------------------------------------------------------------------------------------

/// The tuning objective: per collection the mean of nDCG@10 and MAP on its tuning queries, averaged
/// over the collections.
struct Tuner {
    std::vector<Collection> collections;
    fs::path index_root;

    [[nodiscard]] double objective(const search::RankingOptions& ranking, bool verbose) const {
        search::ServiceOptions options;
        options.ranking = ranking;
        double total = 0;
        std::ostringstream line;
        for (const Collection& c : collections) {
            search::SearchService service((index_root / c.name).string(), options);
            const QueryFilter tuning = [&](const std::string& id) {
                return is_tuning_query(c.name, id);
            };
            const Summary s =
                evaluate(search_collection(service, c, tuning, nullptr), c.judgments, tuning);
            const double score = (s.ndcg10 + s.map) / 2;
            total += score;
            char buf[128];
            std::snprintf(buf,
                          sizeof buf,
                          "  %s %.4f/%.4f/%.4f",
                          c.name.c_str(),
                          s.ndcg10,
                          s.map,
                          s.recall100);
            line << buf;
        }
        const double result = total / static_cast<double>(collections.size());
        if (verbose) {
            std::printf("%.4f  %s |%s\n", result, describe(ranking).c_str(), line.str().c_str());
            std::fflush(stdout);
        }
        return result;
    }
};

int run_tune(const fs::path& mirror, Args args) {
    const std::size_t rounds = take_count(args, "rounds", 2);
    std::set<std::string> fixed;
    if (auto found = args.options.find("fixed"); found != args.options.end()) {
        std::istringstream list(found->second);
        std::string name;
        while (std::getline(list, name, ',')) {
            if (std::none_of(ranking_params().begin(),
                             ranking_params().end(),
                             [&](const RankingParam& p) { return name == p.name; })) {
                throw UsageError("--fixed: unknown ranking option '" + name + "'");
            }
            fixed.insert(name);
        }
        args.options.erase(found);
    }
    search::RankingOptions best = ranking_from(args);
    reject_leftovers(args, 1);
    Tuner tuner;
    tuner.index_root = args.positional[0];
    for (const std::string& name : collection_names()) {
        tuner.collections.push_back(load_collection(name, mirror));
    }
    std::printf("objective = mean over collections of (nDCG@10 + MAP) / 2 on the tuning queries; "
                "per collection nDCG@10/MAP/R@100\n");
    double best_score = tuner.objective(best, true);
    for (std::size_t round = 0; round < rounds; ++round) {
        bool improved = false;
        for (const auto& p : ranking_params()) {
            if (fixed.count(p.name) != 0) {
                continue;
            }
            for (double value : p.candidates) {
                search::RankingOptions trial = best;
                if (p.get(trial) == value) {
                    continue;
                }
                p.set(trial, value);
                const double score = tuner.objective(trial, true);
                if (score > best_score + 1e-6) {
                    best_score = score;
                    best = trial;
                    improved = true;
                }
            }
        }
        std::printf(
            "round %zu: best %.4f with %s\n", round + 1, best_score, describe(best).c_str());
        if (!improved) {
            break;
        }
    }
    return 0;
}

// ---- latency ----------------------------------------------------------------------------------

struct LatencyQuery {
    std::string shape;
    search::WorksQuery request;
};

std::vector<LatencyQuery> read_latency_queries(const fs::path& path) {
    std::ifstream in(path);
    if (!in) {
        throw std::runtime_error("cannot open " + path.string());
    }
    std::vector<LatencyQuery> out;
    std::string line;
    std::size_t line_no = 0;
    while (std::getline(in, line)) {
        ++line_no;
        if (line.empty() || line[0] == '#') {
            continue;
        }
        const std::size_t tab1 = line.find('\t');
        const std::size_t tab2 = tab1 == std::string::npos ? tab1 : line.find('\t', tab1 + 1);
        if (tab2 == std::string::npos) {
            throw std::runtime_error(path.string() + ":" + std::to_string(line_no)
                                     + ": expected shape<TAB>search<TAB>filter");
        }
        LatencyQuery q;
        q.shape = line.substr(0, tab1);
        q.request.search = line.substr(tab1 + 1, tab2 - tab1 - 1);
        q.request.filter = line.substr(tab2 + 1);
        out.push_back(std::move(q));
    }
    return out;
}

int run_latency(Args args) {
    const std::size_t passes = take_count(args, "passes", 2);
    const std::size_t slowest = take_count(args, "slowest", 0);
    search::ServiceOptions options;
    options.ranking = ranking_from(args);
    reject_leftovers(args, 2);
    const std::vector<LatencyQuery> queries = read_latency_queries(args.positional[1]);
    search::SearchService service(args.positional[0], options);
    auto lease = service.lease();
    std::map<std::string, Timing> by_shape;
    Timing all;
    std::vector<double> best(queries.size(), 1e300);
    for (std::size_t pass = 0; pass <= passes; ++pass) {
        for (std::size_t qi = 0; qi < queries.size(); ++qi) {
            const LatencyQuery& q = queries[qi];
            const auto start = std::chrono::steady_clock::now();
            (void)lease->search_works(q.request);
            const double ms =
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                    .count();
            if (pass > 0) {
                by_shape[q.shape].ms.push_back(ms);
                all.ms.push_back(ms);
                best[qi] = std::min(best[qi], ms);
            }
        }
    }
    std::printf("%zu queries x %zu timed passes (after one untimed), %s\n",
                queries.size(),
                passes,
                describe(options.ranking).c_str());
    by_shape["all"] = all;
    // Each query's best time over the passes, averaged: less sensitive to other work on the
    // machine.
    std::map<std::string, Timing> best_by_shape;
    for (std::size_t qi = 0; qi < queries.size(); ++qi) {
        best_by_shape[queries[qi].shape].ms.push_back(best[qi]);
        best_by_shape["all"].ms.push_back(best[qi]);
    }
    for (const auto& [shape, t] : by_shape) {
        std::printf("  %-10s mean %7.2f ms  p50 %7.2f ms  p95 %7.2f ms  max %7.2f ms  (best of "
                    "passes: mean %7.2f ms, p95 %7.2f ms)\n",
                    shape.c_str(),
                    t.mean(),
                    t.percentile(0.50),
                    t.percentile(0.95),
                    t.percentile(1.0),
                    best_by_shape[shape].mean(),
                    best_by_shape[shape].percentile(0.95));
    }
    // The slowest queries by their best time over the passes (robust to a busy machine).
    std::vector<std::size_t> order(queries.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
        order[i] = i;
    }
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return best[a] > best[b];
    });
    for (std::size_t i = 0; i < slowest && i < order.size(); ++i) {
        const LatencyQuery& q = queries[order[i]];
        std::printf("  %7.2f ms  %s  %s  %s\n",
                    best[order[i]],
                    q.shape.c_str(),
                    q.request.search.c_str(),
                    q.request.filter.c_str());
    }
    return 0;
}

// ---- report -----------------------------------------------------------------------------------

struct Row {
    std::string label;
    std::string collection;
    QueryFilter select;
};

int run_report(const fs::path& mirror, Args args) {
    reject_leftovers(args, 1);
    const fs::path runs_dir = args.positional[0];
    std::vector<Collection> collections;
    for (const std::string& name : collection_names()) {
        collections.push_back(load_collection(name, mirror));
    }
    auto odd = [](const std::string& id) { return is_tuning_query("cacm", id); };
    auto even = [](const std::string& id) { return !is_tuning_query("cacm", id); };
    const std::vector<Row> rows = {
        {"SciFact train (tuned on)", "scifact", {}},
        {"CACM all", "cacm", {}},
        {"CACM odd (tuned on)", "cacm", odd},
        {"CACM even (held out)", "cacm", even},
        {"Cranfield all", "cranfield", {}},
        {"Cranfield odd (tuned on)", "cranfield", odd},
        {"Cranfield even (held out)", "cranfield", even},
    };
    std::map<std::string, std::map<std::string, std::optional<Run>>> runs;
    for (const Collection& c : collections) {
        for (const auto& [system, label] : systems()) {
            const fs::path path = runs_dir / (system + "." + c.name + ".run");
            if (fs::exists(path)) {
                runs[c.name][system] = read_run(path);
            } else {
                runs[c.name][system] = std::nullopt;
            }
        }
    }
    std::printf(
        "| queries | n | nDCG@10 Peerscope / Lucene / Xapian | MAP Peerscope / Lucene / Xapian | "
        "R@100 Peerscope / Lucene / Xapian |\n|---|--:|---|---|---|\n");
    for (const Row& row : rows) {
        const Collection& c =
            *std::find_if(collections.begin(), collections.end(), [&](const Collection& x) {
                return x.name == row.collection;
            });
        std::vector<std::optional<Summary>> sums;
        std::size_t n = 0;
        for (const auto& [system, label] : systems()) {
            const auto& run = runs[c.name][system];
            if (run) {
                sums.push_back(evaluate(*run, c.judgments, row.select));
                n = sums.back()->queries;
            } else {
                sums.emplace_back();
            }
        }
        auto cell = [&](double Summary::*metric) {
            std::string out;
            double best = -1;
            for (const auto& s : sums) {
                if (s) {
                    best = std::max(best, (*s).*metric);
                }
            }
            for (const auto& s : sums) {
                char buf[32];
                if (!s) {
                    std::snprintf(buf, sizeof buf, "n/a");
                } else if ((*s).*metric == best) {
                    std::snprintf(buf, sizeof buf, "**%.3f**", (*s).*metric);
                } else {
                    std::snprintf(buf, sizeof buf, "%.3f", (*s).*metric);
                }
                out += (out.empty() ? "" : " / ") + std::string(buf);
            }
            return out;
        };
        std::printf("| %s | %zu | %s | %s | %s |\n",
                    row.label.c_str(),
                    n,
                    cell(&Summary::ndcg10).c_str(),
                    cell(&Summary::map).c_str(),
                    cell(&Summary::recall100).c_str());
    }
    return 0;
}

fs::path default_mirror() {
    if (const char* env = std::getenv("PEERSCOPE_DATA_MIRROR"); env != nullptr && *env != '\0') {
        return env;
    }
    return "../shared/data";
}

int run(const std::vector<std::string>& raw) {
    if (raw.empty() || raw[0] == "--help" || raw[0] == "-h") {
        print_usage(raw.empty() ? std::cerr : std::cout);
        return raw.empty() ? 2 : 0;
    }
    std::size_t at = 0;
    fs::path mirror = default_mirror();
    if (raw[0] == "--mirror") {
        if (raw.size() < 3) {
            throw UsageError("--mirror needs a folder and a mode after it");
        }
        mirror = raw[1];
        at = 2;
    }
    const std::string& mode = raw[at];
    Args args = parse_args(raw, at + 1);
    if (mode == "export") {
        return run_export(mirror, std::move(args));
    }
    if (mode == "ours") {
        return run_ours(mirror, std::move(args));
    }
    if (mode == "tune") {
        return run_tune(mirror, std::move(args));
    }
    if (mode == "latency") {
        return run_latency(std::move(args));
    }
    if (mode == "report") {
        return run_report(mirror, std::move(args));
    }
    throw UsageError("unknown mode '" + mode + "'");
}

} // namespace
} // namespace peerscope::bench::relevance

int main(int argc, char** argv) try {
    return peerscope::bench::relevance::run(std::vector<std::string>(argv + 1, argv + argc));
} catch (const peerscope::bench::relevance::UsageError& e) {
    std::cerr << "peerscope-bench-relevance: " << e.what() << " (try --help)\n";
    return 2;
} catch (const peerscope::search::Error& e) {
    std::cerr << "peerscope-bench-relevance: " << e.what() << '\n';
    return 1;
} catch (const std::exception& e) {
    std::cerr << "peerscope-bench-relevance: " << e.what() << '\n';
    return 1;
}
