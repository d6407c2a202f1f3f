/// @file Readers: one per input format, each producing WorkRecords.
#pragma once

#include "peerscope/indexer/work.hpp"

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace peerscope::indexer {

/// Input formats peerscope-index reads.
enum class Format { OpenAlex, MlAnthology, Arxiv, Beir, Smart, Aan };

/// "openalex", "mlanthology", ... ; parse_format returns nullopt for an unknown name.
[[nodiscard]] std::string_view format_name(Format format);
[[nodiscard]] std::optional<Format> parse_format(std::string_view name);

/// A record that could not be read. `origin` is "FILE:LINE"; `reason` says what was wrong.
struct ReadProblem {
    std::string origin;
    std::string reason;
};

/// Receives what a reader finds. Return false from either callback to stop reading (--strict).
struct ReadSink {
    std::function<bool(WorkRecord&&)> on_record;
    std::function<bool(const ReadProblem&)> on_problem;
    /// Text repaired while reading (invalid UTF-8 replaced or re-decoded): origin and count.
    std::function<void(const std::string& origin, std::size_t repaired)> on_repair;
};

/// Reads one input. @p path is a file (plain or .gz); "-" means standard input (then @p
/// display_name is used in messages). When @p format is nullopt the format is detected from the
/// name and the first bytes. Throws indexer::Error (Errc::Io or Errc::UnknownFormat) when the input
/// cannot be opened or its format cannot be told; a bad record is a ReadProblem, never an
/// exception. Thread-safe: independent calls may run concurrently.
void read_input(const std::string& path, std::optional<Format> format, const ReadSink& sink);

/// As above, naming the input @p display_name in origins and messages (for "-", standard input;
/// the three-argument form calls it "stdin").
void read_input(const std::string& path,
                std::optional<Format> format,
                const ReadSink& sink,
                const std::string& display_name);

/// Detects the format of a file from its name and first bytes; nullopt when it cannot tell.
[[nodiscard]] std::optional<Format> detect_format(const std::string& path, std::string_view head);

/// Expands INPUT arguments: files stay, folders are walked recursively (sorted, hidden files and
/// non-data files such as README skipped), "-" stays. Throws indexer::Error (Errc::Io) for a
/// missing path.
[[nodiscard]] std::vector<std::string> expand_inputs(const std::vector<std::string>& inputs);

/// True when @p path names a file that belongs to a dataset but holds no works: queries, relevance
/// judgments, citation edges, stop words, licences and read-me files (by name). detect_format()
/// refuses these, and expand_inputs() leaves them out of folders.
[[nodiscard]] bool is_non_work_file(const std::string& path);

/// One citation: the work @p citing cites the work @p cited (ids as in WorkRecord::id).
struct CitationEdge {
    std::string citing;
    std::string cited;
};

/// Reads a citation edge file, one edge a line: "CITING ==> CITED" or "CITING , CITED" (AAN's
/// citations.upto2010.txt); blank lines and lines starting with '#' are skipped. A line that is not
/// an edge goes to @p on_problem ("FILE:LINE", reason) and is skipped; reading stops early when it
/// returns false. Plain or gzip; "-" is standard input. Throws indexer::Error(Errc::Io) when the
/// file cannot be opened. Thread-safe: independent calls may run concurrently.
[[nodiscard]] std::vector<CitationEdge>
read_citation_edges(const std::string& path,
                    const std::function<bool(const ReadProblem&)>& on_problem = {});

} // namespace peerscope::indexer
