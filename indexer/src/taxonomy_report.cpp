/// @file peerscope-taxonomy-report: how a taxonomy covers a corpus, how fast it matches, and a
/// reproducible random sample of works with their topics and explanations, for judging precision.
#include "peerscope/indexer/error.hpp"
#include "peerscope/indexer/reader.hpp"
#include "peerscope/schema/term_builder.hpp"
#include "taxonomy.hpp"

#include <algorithm>
#include <cstdint>
#include <ctime>
#include <exception>
#include <iomanip>
#include <iostream>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace {

namespace indexer = peerscope::indexer;
namespace schema = peerscope::schema;

constexpr const char* kUsage =
    R"(Usage: peerscope-taxonomy-report [OPTIONS] INPUT...

Reads works (any format peerscope-index reads; folders are walked), assigns topics with the
taxonomy and prints the share of works with a topic, topics per work and the CPU time of
Taxonomy::assign per work.

Options:
  --taxonomy FILE   use this taxonomy instead of the built-in ML/CS one
  --topics          also print the number of works per topic, largest first
  --sample N        also print N works drawn at random (reservoir sampling over the works in
                    input order), with their topics, scores and explanations
  --seed S          seed of the sample (default 42)
  --help            this text
)";

struct Options {
    bool help = false;
    std::string taxonomy_path;
    bool topics = false;
    std::size_t sample = 0;
    std::uint64_t seed = 42;
    std::vector<std::string> inputs;
};

struct SampledWork {
    std::string title;
    std::string abstract;
    std::string origin;
    std::vector<indexer::TopicAssignment> topics;
};

double thread_cpu_seconds() {
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

std::uint64_t number(const std::string& option, const std::string& text) {
    std::size_t used = 0;
    try {
        const std::uint64_t n = std::stoull(text, &used);
        if (used == text.size()) {
            return n;
        }
    } catch (const std::exception&) {
    }
    throw indexer::Error(indexer::Errc::Usage,
                         option + " needs a whole number, not '" + text + "'");
}

Options parse_arguments(int argc, char** argv) {
    Options options;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const auto value = [&]() -> std::string {
            if (i + 1 >= argc) {
                throw indexer::Error(indexer::Errc::Usage, arg + " needs a value");
            }
            return argv[++i];
        };
        if (arg == "--help") {
            options.help = true;
            return options;
        } else if (arg == "--taxonomy") {
            options.taxonomy_path = value();
        } else if (arg == "--topics") {
            options.topics = true;
        } else if (arg == "--sample") {
            options.sample = number(arg, value());
        } else if (arg == "--seed") {
            options.seed = number(arg, value());
        } else if (!arg.empty() && arg.front() == '-' && arg != "-") {
            throw indexer::Error(indexer::Errc::Usage, "unknown option " + arg);
        } else {
            options.inputs.push_back(arg);
        }
    }
    if (options.inputs.empty()) {
        throw indexer::Error(indexer::Errc::Usage, "no INPUT given (see --help)");
    }
    return options;
}

} // namespace

int main(int argc, char** argv) try {
    const Options options = parse_arguments(argc, argv);
    if (options.help) {
        std::cout << kUsage;
        return 0;
    }
    schema::TermBuilder builder;
    const indexer::Taxonomy taxonomy =
        options.taxonomy_path.empty() ? indexer::Taxonomy::builtin(builder)
                                      : indexer::Taxonomy::load(options.taxonomy_path, builder);
    const auto& nodes = taxonomy.nodes();

    std::size_t works = 0;
    std::size_t covered = 0;
    std::size_t assignments = 0;
    double cpu_seconds = 0;
    std::vector<std::size_t> per_node(nodes.size(), 0);
    std::vector<SampledWork> sample;
    std::mt19937_64 random(options.seed);
    std::vector<peerscope::analyzers::Token> title;
    std::vector<peerscope::analyzers::Token> abstract;

    indexer::ReadSink sink;
    sink.on_record = [&](indexer::WorkRecord&& record) {
        title.clear();
        abstract.clear();
        builder.analyzer().analyze(record.title, title);
        builder.analyzer().analyze(record.abstract, abstract);
        const double start = thread_cpu_seconds();
        std::vector<indexer::TopicAssignment> topics = taxonomy.assign(title, abstract, builder);
        cpu_seconds += thread_cpu_seconds() - start;
        covered += topics.empty() ? 0 : 1;
        assignments += topics.size();
        for (const auto& topic : topics) {
            ++per_node[topic.node];
        }
        // Reservoir sampling (Algorithm R) keeps a uniform sample of the works seen so far.
        if (options.sample > 0) {
            SampledWork work{record.title, record.abstract, record.origin, std::move(topics)};
            if (sample.size() < options.sample) {
                sample.push_back(std::move(work));
            } else {
                const std::uint64_t slot = random() % (works + 1);
                if (slot < options.sample) {
                    sample[slot] = std::move(work);
                }
            }
        }
        ++works;
        return true;
    };
    sink.on_problem = [](const indexer::ReadProblem& problem) {
        std::cerr << problem.origin << ": " << problem.reason << "\n";
        return true;
    };
    for (const std::string& input : indexer::expand_inputs(options.inputs)) {
        indexer::read_input(input, std::nullopt, sink);
    }
    if (works == 0) {
        std::cout << "no works read\n";
        return 1;
    }

    const auto share = [&](std::size_t n) {
        return 100.0 * static_cast<double>(n) / static_cast<double>(works);
    };
    std::cout << std::fixed << std::setprecision(2) << "works: " << works
              << "\nwith a topic: " << covered << " (" << share(covered) << "%)\ntopics per work: "
              << static_cast<double>(assignments) / static_cast<double>(works)
              << "\nassign() CPU time per work: " << cpu_seconds * 1e6 / static_cast<double>(works)
              << " us\n";

    if (options.topics) {
        std::vector<std::size_t> order;
        for (std::size_t i = 0; i < nodes.size(); ++i) {
            if (nodes[i].level == "topic") {
                order.push_back(i);
            }
        }
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            return per_node[a] > per_node[b];
        });
        std::cout << "\nworks per topic:\n";
        for (const std::size_t i : order) {
            std::cout << std::setw(8) << per_node[i] << "  T" << nodes[i].code << "  "
                      << nodes[i].key << "  " << nodes[i].display_name << "\n";
        }
    }

    for (std::size_t i = 0; i < sample.size(); ++i) {
        const SampledWork& work = sample[i];
        std::cout << "\n#" << i + 1 << " " << work.origin << "\n  title: " << work.title
                  << "\n  abstract: " << work.abstract.substr(0, 400)
                  << (work.abstract.size() > 400 ? "..." : "") << "\n";
        if (work.topics.empty()) {
            std::cout << "  (no topic)\n";
        }
        for (const auto& topic : work.topics) {
            std::cout << "  -> " << nodes[topic.node].key << " (" << nodes[topic.node].display_name
                      << ") score " << std::setprecision(2) << topic.score << "\n     "
                      << topic.explanation << "\n";
        }
    }
    return 0;
} catch (const peerscope::indexer::Error& e) {
    std::cerr << "peerscope-taxonomy-report: " << e.what() << "\n";
    return e.code() == peerscope::indexer::Errc::Usage ? 2 : 1;
} catch (const std::exception& e) {
    std::cerr << "peerscope-taxonomy-report: " << e.what() << "\n";
    return 1;
}
