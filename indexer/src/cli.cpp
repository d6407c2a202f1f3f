#include "peerscope/indexer/error.hpp"
#include "peerscope/indexer/indexer.hpp"

#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <unistd.h>
#include <vector>

namespace peerscope::indexer {
namespace {

constexpr const char* kUsage =
    R"(Usage: peerscope-index --index DIR [options] INPUT...
       peerscope-index --index DIR --delete ID [--delete ID...]
       peerscope-index --index DIR --stats

Reads scholarly metadata and writes a Peerscope index (works, authors, venues, topics) to DIR.
Re-running the same input changes nothing; records are upserted by id.

INPUT is a file, a folder (read recursively), a .gz file, or - for standard input.

Options:
  --index DIR        the index directory (created when missing)
  --format NAME      input format: openalex, mlanthology, arxiv, beir, smart, aan
                     (default: detected per file from its name and first bytes)
  --taxonomy FILE    assign topics with this taxonomy instead of the built-in ML/CS one
  --strict           stop at the first record that cannot be read; write nothing
  --delete ID        delete the work with this id (work id or version id); repeatable
  --threads N        worker threads (default: one per core)
  --batch N          works per commit when updating an existing index (default 5000)
  --stats            print one JSON object describing the index and exit
  --quiet            no progress bar and no summary line
  --timings          print the seconds spent in each phase at the end
  --help             this help
  --version          the version

Exit status: 0 all records landed; 1 some records were rejected (the others are committed);
2 usage error or fatal error (nothing changed).
Rejected records are reported on standard error as FILE:LINE: reason.
)";

struct Arguments {
    IndexOptions options;
    bool stats = false;
    bool quiet = false;
    bool timings = false;
};


std::string phase_name(Phase phase) {
    switch (phase) {
    case Phase::Reading:
        return "reading";
    case Phase::Resolving:
        return "resolving";
    case Phase::Indexing:
        return "indexing";
    case Phase::Compacting:
        return "compacting";
    case Phase::Entities:
        return "entities";
    case Phase::Committing:
        return "committing";
    }
    return "working";
}

/// Seconds per phase, from the moments the progress callback first reports each phase.
class PhaseClock {
public:
    void mark(Phase phase) {
        auto now = std::chrono::steady_clock::now();
        if (!phases_.empty() && phases_.back().first == phase) {
            return;
        }
        close(now);
        phases_.emplace_back(phase, 0.0);
        started_ = now;
    }
    std::string report() {
        close(std::chrono::steady_clock::now());
        std::string out = "peerscope-index: phases:";
        for (const auto& [phase, seconds] : phases_) {
            char buffer[64];
            std::snprintf(buffer, sizeof buffer, " %s %.1f s", phase_name(phase).c_str(), seconds);
            out += buffer;
        }
        return out;
    }

private:
    void close(std::chrono::steady_clock::time_point now) {
        if (!phases_.empty()) {
            phases_.back().second += std::chrono::duration<double>(now - started_).count();
            started_ = now;
        }
    }
    std::vector<std::pair<Phase, double>> phases_;
    std::chrono::steady_clock::time_point started_;
};

std::string with_commas(std::size_t n) {
    std::string digits = std::to_string(n);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i != 0 && (digits.size() - i) % 3 == 0) {
            out += ',';
        }
        out += digits[i];
    }
    return out;
}

/// Progress on a terminal: one line rewritten in place; nothing when stderr is not a terminal.
class ProgressBar {
public:
    explicit ProgressBar(bool enabled) : enabled_(enabled), started_(std::chrono::steady_clock::now()) {}
    void update(Phase phase, std::size_t done, std::size_t total) {
        if (!enabled_) {
            return;
        }
        auto now = std::chrono::steady_clock::now();
        if (phase != phase_) {
            phase_ = phase;
            phase_started_ = now;
        } else if (done != total && now - last_ < std::chrono::milliseconds(100)) {
            return;
        }
        last_ = now;
        double elapsed = std::chrono::duration<double>(now - phase_started_).count();
        std::string line = "\r" + phase_name(phase);
        if (total > 1 || phase == Phase::Indexing) {
            line += " " + with_commas(done) + "/" + with_commas(total);
            constexpr int kWidth = 24;
            int filled = total == 0 ? 0 : static_cast<int>(kWidth * done / total);
            line += " [" + std::string(static_cast<std::size_t>(filled), '#')
                + std::string(static_cast<std::size_t>(kWidth - filled), '.') + "]";
            if (phase == Phase::Indexing && elapsed > 0.2 && done > 0) {
                double rate = static_cast<double>(done) / elapsed;
                line += " " + with_commas(static_cast<std::size_t>(rate)) + " works/s";
                if (done < total) {
                    line += " ETA " + std::to_string(static_cast<int>((total - done) / rate) + 1) + "s";
                }
            }
        } else {
            line += done == total ? " done" : " ...";
        }
        line += "\x1b[K";
        std::fputs(line.c_str(), stderr);
        std::fflush(stderr);
    }
    void finish() {
        if (enabled_) {
            std::fputs("\r\x1b[K", stderr);
        }
    }

private:
    bool enabled_;
    Phase phase_ = Phase::Reading;
    std::chrono::steady_clock::time_point started_;
    std::chrono::steady_clock::time_point phase_started_ = started_;
    std::chrono::steady_clock::time_point last_{};
};

/// Parses argv; throws Error(Usage) naming what is wrong.
Arguments parse(int argc, char** argv) {
    Arguments args;
    std::vector<std::string> a(argv + 1, argv + argc);
    auto value = [&](std::size_t& i, const std::string& option) {
        if (i + 1 >= a.size()) {
            throw Error(Errc::Usage, option + " needs a value");
        }
        return a[++i];
    };
    auto number = [](const std::string& option, const std::string& text) {
        std::size_t used = 0;
        unsigned long n = 0;
        try {
            n = std::stoul(text, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used != text.size() || text.empty() || n == 0 || n > 1'000'000) {
            throw Error(Errc::Usage, option + " takes a whole number from 1 to 1000000, not '" + text + "'");
        }
        return n;
    };
    bool inputs_only = false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const std::string& arg = a[i];
        if (inputs_only || arg == "-" || arg.empty() || arg[0] != '-') {
            args.options.inputs.push_back(arg);
        } else if (arg == "--") {
            inputs_only = true;
        } else if (arg == "--index") {
            args.options.index_dir = value(i, arg);
        } else if (arg == "--format") {
            std::string name = value(i, arg);
            args.options.format = parse_format(name);
            if (!args.options.format) {
                throw Error(Errc::Usage, "unknown --format '" + name
                                             + "': use openalex, mlanthology, arxiv, beir, smart or aan");
            }
        } else if (arg == "--taxonomy") {
            args.options.taxonomy_path = value(i, arg);
        } else if (arg == "--strict") {
            args.options.strict = true;
        } else if (arg == "--delete") {
            args.options.delete_ids.push_back(value(i, arg));
        } else if (arg == "--threads") {
            args.options.threads = static_cast<unsigned>(number(arg, value(i, arg)));
        } else if (arg == "--batch") {
            args.options.batch_size = number(arg, value(i, arg));
        } else if (arg == "--stats") {
            args.stats = true;
        } else if (arg == "--quiet") {
            args.quiet = true;
        } else if (arg == "--timings") {
            args.timings = true;
        } else {
            throw Error(Errc::Usage, "unknown option '" + arg + "' (see --help)");
        }
    }
    if (args.options.index_dir.empty()) {
        throw Error(Errc::Usage, "--index DIR is required (see --help)");
    }
    if (!args.stats && args.options.inputs.empty() && args.options.delete_ids.empty()) {
        throw Error(Errc::Usage, "no INPUT given: name files or folders to index, or use --delete or --stats");
    }
    if (args.stats && (!args.options.inputs.empty() || !args.options.delete_ids.empty())) {
        throw Error(Errc::Usage, "--stats takes no INPUT and no --delete");
    }
    return args;
}

} // namespace

int cli_main(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg == "--help" || arg == "-h") {
            std::fputs(kUsage, stdout);
            return 0;
        }
        if (arg == "--version") {
            std::puts("peerscope-index 0.1.0");
            return 0;
        }
    }
    Arguments args;
    try {
        args = parse(argc, argv);
    } catch (const Error& e) {
        std::cerr << "peerscope-index: " << e.what() << "\n";
        return 2;
    }
    try {
        if (args.stats) {
            std::cout << index_stats_json(args.options.index_dir) << "\n";
            return 0;
        }
        ProgressBar bar(!args.quiet && ::isatty(STDERR_FILENO) != 0);
        IndexObserver observer;
        observer.on_problem = [&bar](const std::string& origin, const std::string& reason) {
            bar.finish();
            std::cerr << origin << ": " << reason << "\n";
        };
        observer.on_repair = [&bar](const std::string& origin, std::size_t count) {
            bar.finish();
            std::cerr << origin << ": warning: " << count
                      << " invalid UTF-8 sequence(s) replaced\n";
        };
        PhaseClock clock;
        observer.on_progress = [&bar, &clock](Phase phase, std::size_t done, std::size_t total) {
            clock.mark(phase);
            bar.update(phase, done, total);
        };
        IndexSummary s = run_indexer(args.options, observer);
        bar.finish();
        if (s.stopped) {
            std::cerr << "peerscope-index: stopped at the first bad record (--strict); nothing was written\n";
            return 1;
        }
        if (!args.quiet) {
            double rate = s.seconds > 0 ? static_cast<double>(s.records_read) / s.seconds : 0.0;
            std::cerr << "peerscope-index: " << with_commas(s.records_read) << " records read, "
                      << with_commas(s.records_rejected) << " rejected, " << with_commas(s.works_written)
                      << " works written (" << with_commas(s.versions_merged) << " versions merged), "
                      << with_commas(s.works_unchanged) << " unchanged, " << with_commas(s.works_deleted)
                      << " deleted; " << with_commas(s.authors_written) << " authors, "
                      << with_commas(s.sources_written) << " venues, " << with_commas(s.topics_written)
                      << " topics updated" << (s.bulk ? " (bulk build)" : "") << " in "
                      << static_cast<double>(static_cast<long>(s.seconds * 10)) / 10 << " s ("
                      << with_commas(static_cast<std::size_t>(rate)) << " records/s), revision "
                      << s.revision << "\n";
        }
        if (args.timings) {
            std::cerr << clock.report() << "\n";
        }
        return s.records_rejected > 0 ? 1 : 0;
    } catch (const Error& e) {
        std::cerr << "peerscope-index: " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "peerscope-index: unexpected failure: " << e.what() << "\n";
        return 2;
    }
}

} // namespace peerscope::indexer
