// Citation edge files: "CITING ==> CITED" or "CITING , CITED" per line (AAN's
// citations.upto2010.txt uses " , "). Not works: the related-work bench and the indexer read them.
#include "input_stream.hpp"
#include "peerscope/indexer/reader.hpp"
#include "read_state.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace peerscope::indexer {

std::vector<CitationEdge>
read_citation_edges(const std::string& path,
                    const std::function<bool(const ReadProblem&)>& on_problem) {
    const std::string name = path == "-" ? std::string("stdin") : path;
    detail::InputStream in(path, name);
    std::vector<CitationEdge> edges;
    const auto report = [&](std::string reason) {
        return !on_problem
               || on_problem(
                   ReadProblem{name + ":" + std::to_string(in.line_number()), std::move(reason)});
    };
    std::string_view line;
    while (in.next_line(line)) {
        const std::string_view t = detail::trim(line);
        if (t.empty() || t.front() == '#') {
            continue;
        }
        std::size_t sep = t.find("==>");
        std::size_t sep_len = 3;
        if (sep == std::string_view::npos) {
            sep = t.find(',');
            sep_len = 1;
        }
        if (sep == std::string_view::npos) {
            if (!report(
                    "not a citation edge: expected \"CITING ==> CITED\" or \"CITING , CITED\"")) {
                return edges;
            }
            continue;
        }
        const std::string_view citing = detail::trim(t.substr(0, sep));
        const std::string_view cited = detail::trim(t.substr(sep + sep_len));
        if (citing.empty() || cited.empty() || cited.find(',') != std::string_view::npos) {
            if (!report("not a citation edge: a side is empty or holds a further separator")) {
                return edges;
            }
            continue;
        }
        edges.push_back(CitationEdge{std::string(citing), std::string(cited)});
    }
    if (!in.error().empty()) {
        report(in.error());
    }
    return edges;
}

} // namespace peerscope::indexer
