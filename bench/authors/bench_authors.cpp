// bench-authors: speed of the author endpoints in the search library (one thread), and the request
// paths bench/authors/run replays over HTTP with wrk. See bench/README.md, "bench/authors".
//
//   bench-authors --index DIR [--names FILE] [--passes N] [--urls DIR] [--slowest N]
//                 [--only entities|search|autocomplete]

#include "peerscope/search/error.hpp"
#include "peerscope/search/service.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <numeric>
#include <string>
#include <vector>

namespace {

namespace ps = peerscope::search;
using Clock = std::chrono::steady_clock;

struct Options {
    std::string index;
    std::string names = "bench/authors/names.txt";
    std::string urls;
    int passes = 5;
    std::size_t slowest = 0; ///< print this many slowest names and prefixes
    std::string only; ///< "entities" (card, author, graph), "search" or "autocomplete"; "" = all
};

/// Nearest-rank percentile of ascending @p sorted.
double percentile(const std::vector<double>& sorted, double p) {
    if (sorted.empty()) {
        return 0;
    }
    auto rank = static_cast<std::ptrdiff_t>(std::ceil(p * static_cast<double>(sorted.size()))) - 1;
    rank = std::clamp<std::ptrdiff_t>(rank, 0, static_cast<std::ptrdiff_t>(sorted.size()) - 1);
    return sorted[static_cast<std::size_t>(rank)];
}

void report(const std::string& name, std::vector<double> ms) {
    std::sort(ms.begin(), ms.end());
    double mean = ms.empty()
                      ? 0
                      : std::accumulate(ms.begin(), ms.end(), 0.0) / static_cast<double>(ms.size());
    std::printf("%-34s %7zu %9.3f %9.3f %9.3f %9.3f\n",
                name.c_str(),
                ms.size(),
                mean,
                percentile(ms, 0.5),
                percentile(ms, 0.99),
                ms.empty() ? 0 : ms.back());
}

/// Runs @p call for every item, @p passes times after one warm-up pass; milliseconds per call.
/// With @p slowest, prints the items whose median time is largest (to see what to speed up).
template <typename Item>
std::vector<double> time_calls(const std::vector<Item>& items,
                               int passes,
                               const std::function<void(const Item&)>& call,
                               std::size_t slowest = 0) {
    for (const Item& item : items) {
        call(item);
    }
    std::vector<double> ms;
    std::vector<std::vector<double>> per_item(items.size());
    for (int p = 0; p < passes; ++p) {
        for (std::size_t i = 0; i < items.size(); ++i) {
            auto started = Clock::now();
            call(items[i]);
            double t = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
            ms.push_back(t);
            per_item[i].push_back(t);
        }
    }
    if (slowest > 0) {
        std::vector<std::pair<double, std::size_t>> medians;
        for (std::size_t i = 0; i < items.size(); ++i) {
            std::sort(per_item[i].begin(), per_item[i].end());
            medians.emplace_back(per_item[i][per_item[i].size() / 2], i);
        }
        std::sort(medians.rbegin(), medians.rend());
        for (std::size_t k = 0; k < slowest && k < medians.size(); ++k) {
            std::cout << "    slow: " << medians[k].first << " ms  " << items[medians[k].second]
                      << "\n";
        }
    }
    return ms;
}

std::vector<std::string> read_names(const std::string& path) {
    std::ifstream in(path);
    if (!in) {
        throw std::runtime_error("cannot read " + path);
    }
    std::vector<std::string> names;
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.front() != '#') {
            names.push_back(line);
        }
    }
    return names;
}

/// Every prefix of @p name from its third code point (what a search box sends while typing).
std::vector<std::string> typed_prefixes(const std::string& name) {
    std::vector<std::string> out;
    std::size_t letters = 0;
    for (std::size_t i = 0; i < name.size(); ++i) {
        if ((static_cast<unsigned char>(name[i]) & 0xC0U) == 0x80U) {
            continue;
        }
        ++letters;
        std::size_t end = i + 1;
        while (end < name.size() && (static_cast<unsigned char>(name[end]) & 0xC0U) == 0x80U) {
            ++end;
        }
        if (letters >= 3) {
            out.push_back(name.substr(0, end));
        }
    }
    return out;
}

std::string url_encode(const std::string& text) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4U];
            out += hex[c & 15U];
        }
    }
    return out;
}

void write_lines(const std::string& path, const std::vector<std::string>& lines) {
    std::ofstream out(path);
    for (const auto& line : lines) {
        out << line << '\n';
    }
    if (!out) {
        throw std::runtime_error("cannot write " + path);
    }
}

/// The author with the median works_count (the first one listed with that count).
ps::AuthorCard median_author(ps::Searcher& searcher) {
    ps::EntityQuery q;
    q.per_page = 1;
    q.group_by = {"works_count"};
    ps::AuthorsPage page = searcher.search_authors(q);
    std::vector<std::pair<long, long>> buckets; // works_count, authors
    for (const auto& b : page.groups.front().buckets) {
        buckets.emplace_back(std::stol(b.key), b.count);
    }
    std::sort(buckets.begin(), buckets.end());
    long seen = 0;
    long median = 1;
    for (const auto& [works, n] : buckets) {
        seen += n;
        if (seen * 2 >= page.count) {
            median = works;
            break;
        }
    }
    q.group_by.clear();
    q.filter = "works_count:" + std::to_string(median);
    q.sort = "display_name:asc";
    ps::AuthorsPage one = searcher.search_authors(q);
    return *searcher.author_card(one.results.front().id);
}

int run(const Options& options) {
    ps::SearchService service(options.index);
    auto lease = service.lease();
    ps::Searcher& searcher = *lease;
    ps::EntityQuery top;
    top.per_page = 1;
    std::string prolific = searcher.search_authors(top).results.front().id;
    ps::AuthorCard prolific_card = *searcher.author_card(prolific);
    ps::AuthorCard median = median_author(searcher);
    std::vector<std::string> names = read_names(options.names);
    std::vector<std::string> prefixes;
    for (const auto& name : names) {
        auto p = typed_prefixes(name);
        prefixes.insert(prefixes.end(), p.begin(), p.end());
    }
    std::printf(
        "index %s: most prolific %s %s (%ld works), median %s %s (%ld works); %zu names, %zu "
        "prefixes, %d passes\n",
        options.index.c_str(),
        prolific.c_str(),
        prolific_card.author.display_name.c_str(),
        prolific_card.author.works_count,
        median.author.id.c_str(),
        median.author.display_name.c_str(),
        median.author.works_count,
        names.size(),
        prefixes.size(),
        options.passes);
    std::printf(
        "%-34s %7s %9s %9s %9s %9s\n", "case (ms per call)", "calls", "mean", "p50", "p99", "max");
    const int card_passes = options.passes * 40;
    std::vector<std::string> one_prolific{prolific};
    std::vector<std::string> one_median{median.author.id};
    auto card = [&](const std::string& id) { (void)searcher.author_card(id); };
    auto author = [&](const std::string& id) { (void)searcher.get_author(id); };
    auto graph1 = [&](const std::string& id) {
        (void)searcher.author_graph(id, 1, ps::kDefaultGraphLimit);
    };
    auto graph2 = [&](const std::string& id) {
        (void)searcher.author_graph(id, 2, ps::kMaxGraphLimit);
    };
    bool entities = options.only.empty() || options.only == "entities";
    bool search = options.only.empty() || options.only == "search";
    bool complete = options.only.empty() || options.only == "autocomplete";
    if (entities) {
        report("card, most prolific", time_calls<std::string>(one_prolific, card_passes, card));
        report("card, median", time_calls<std::string>(one_median, card_passes, card));
        report("author page, most prolific",
               time_calls<std::string>(one_prolific, card_passes, author));
        report("author page, median", time_calls<std::string>(one_median, card_passes, author));
        report("graph depth 1 limit 60, prolific",
               time_calls<std::string>(one_prolific, card_passes, graph1));
        report("graph depth 1 limit 60, median",
               time_calls<std::string>(one_median, card_passes, graph1));
        report("graph depth 2 limit 300, prolific",
               time_calls<std::string>(one_prolific, card_passes / 4, graph2));
        report("graph depth 2 limit 300, median",
               time_calls<std::string>(one_median, card_passes, graph2));
    }
    if (search) {
        report("search (names, top 25)",
               time_calls<std::string>(
                   names,
                   options.passes,
                   [&](const std::string& name) {
                       ps::EntityQuery q;
                       q.search = name;
                       (void)searcher.search_authors(q);
                   },
                   options.slowest));
    }
    if (complete) {
        report("autocomplete (typed prefixes)",
               time_calls<std::string>(
                   prefixes,
                   options.passes,
                   [&](const std::string& p) { (void)searcher.autocomplete_authors(p); },
                   options.slowest));
    }

    if (!options.urls.empty()) {
        std::vector<std::string> search_urls;
        std::vector<std::string> complete_urls;
        for (const auto& name : names) {
            search_urls.push_back("/v1/authors?search=" + url_encode(name));
        }
        for (const auto& p : prefixes) {
            complete_urls.push_back("/v1/autocomplete/authors?q=" + url_encode(p));
        }
        write_lines(options.urls + "/search.urls", search_urls);
        write_lines(options.urls + "/autocomplete.urls", complete_urls);
        write_lines(
            options.urls + "/card.urls",
            {"/v1/authors/" + prolific + "/card", "/v1/authors/" + median.author.id + "/card"});
        write_lines(options.urls + "/author.urls",
                    {"/v1/authors/" + prolific, "/v1/authors/" + median.author.id});
        write_lines(
            options.urls + "/graph.urls",
            {"/v1/authors/" + prolific + "/graph", "/v1/authors/" + median.author.id + "/graph"});
        write_lines(options.urls + "/card-prolific.urls", {"/v1/authors/" + prolific + "/card"});
    }
    return 0;
}

} // namespace

int main(int argc, char** argv) try {
    Options options;
    std::vector<std::string> args(argv + 1, argv + argc);
    for (std::size_t i = 0; i < args.size(); ++i) {
        auto value = [&]() -> std::string {
            if (i + 1 >= args.size()) {
                throw std::invalid_argument(args[i] + " needs a value");
            }
            return args[++i];
        };
        if (args[i] == "--index") {
            options.index = value();
        } else if (args[i] == "--names") {
            options.names = value();
        } else if (args[i] == "--passes") {
            options.passes = std::stoi(value());
        } else if (args[i] == "--slowest") {
            options.slowest = static_cast<std::size_t>(std::stoul(value()));
        } else if (args[i] == "--only") {
            options.only = value();
        } else if (args[i] == "--urls") {
            options.urls = value();
        } else if (args[i] == "-h" || args[i] == "--help") {
            std::cout << "usage: bench-authors --index DIR [--names FILE] [--passes N] [--urls "
                         "DIR] [--slowest N]\n";
            return 0;
        } else {
            throw std::invalid_argument("unknown option " + args[i]);
        }
    }
    if (options.index.empty()) {
        throw std::invalid_argument("--index DIR is required");
    }
    return run(options);
} catch (const std::invalid_argument& e) {
    std::cerr << "bench-authors: " << e.what() << " (see --help)\n";
    return 2;
} catch (const std::exception& e) {
    std::cerr << "bench-authors: " << e.what() << "\n";
    return 1;
}
