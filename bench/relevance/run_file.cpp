#include "run_file.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <stdexcept>
#include <string_view>
#include <utility>

namespace peerscope::bench::relevance {

Run read_run(const std::filesystem::path& path) {
    std::ifstream in(path);
    if (!in) {
        throw std::runtime_error("cannot open run file " + path.string());
    }
    std::map<std::string, std::vector<std::pair<long, std::string>>> ranked;
    std::string line;
    std::size_t line_no = 0;
    while (std::getline(in, line)) {
        ++line_no;
        if (line.empty()) {
            continue;
        }
        const std::string where = path.string() + ":" + std::to_string(line_no);
        const std::size_t tab1 = line.find('\t');
        const std::size_t tab2 = tab1 == std::string::npos ? tab1 : line.find('\t', tab1 + 1);
        if (tab2 == std::string::npos) {
            throw std::runtime_error(where + ": expected query<TAB>document<TAB>rank");
        }
        const std::size_t end = std::min(line.find('\t', tab2 + 1), line.size());
        long rank = 0;
        const std::string_view rank_text = std::string_view(line).substr(tab2 + 1, end - tab2 - 1);
        const auto [ptr, ec] =
            std::from_chars(rank_text.data(), rank_text.data() + rank_text.size(), rank);
        if (ec != std::errc() || ptr != rank_text.data() + rank_text.size() || rank < 1) {
            throw std::runtime_error(where + ": rank '" + std::string(rank_text)
                                     + "' is not a positive number");
        }
        ranked[line.substr(0, tab1)].emplace_back(rank, line.substr(tab1 + 1, tab2 - tab1 - 1));
    }
    Run run;
    for (auto& [query, docs] : ranked) {
        std::stable_sort(docs.begin(), docs.end(), [](const auto& a, const auto& b) {
            return a.first < b.first;
        });
        Ranking& ranking = run[query];
        for (auto& doc : docs) {
            ranking.push_back(std::move(doc.second));
        }
    }
    return run;
}

void write_run(const std::filesystem::path& path, const Run& run) {
    std::ofstream out(path);
    if (!out) {
        throw std::runtime_error("cannot write run file " + path.string());
    }
    for (const auto& [query, ranking] : run) {
        std::size_t rank = 0;
        for (const std::string& doc : ranking) {
            out << query << '\t' << doc << '\t' << ++rank << '\n';
        }
    }
    if (!out.flush()) {
        throw std::runtime_error("error writing run file " + path.string());
    }
}

bool is_tuning_query(const std::string& collection, const std::string& query_id) {
    if (collection == "scifact") {
        return true;
    }
    const char last = query_id.empty() ? '0' : query_id.back();
    return last == '1' || last == '3' || last == '5' || last == '7' || last == '9';
}

} // namespace peerscope::bench::relevance
