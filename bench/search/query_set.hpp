/// @file The query set of the search benchmarks: one query a line, tagged with its shape.
///
/// File format (UTF-8, TAB-separated, one query a line, '#' lines are comments):
///   shape<TAB>search<TAB>filter
/// `search` is the search-box text in Peerscope's syntax ("..." phrases, AND/OR/NOT, prefix*),
/// `filter` an OpenAlex filter ("publication_year:2018-2021", "primary_location.source.id:S3")
/// or empty. Both peers (the library, HTTP, Lucene) read the same file, so every figure of a run
/// is over the same queries.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace peerscope::bench {

/// One benchmark query. Plain value type.
struct QueryCase {
    std::string shape;  ///< "claim", "words", "phrase", "and", "or", "not", "year", "venue", ...
    std::string search; ///< the search box text
    std::string filter; ///< OpenAlex filter or empty
};

/// One work as the export writes it (the records both engines index).
struct ExportedWork {
    std::string id;
    std::string title;
    std::string abstract;
    int year = 0;                    ///< 0 = unknown
    std::string venue;               ///< source id ("S3") or empty
    std::vector<std::string> topics; ///< topic ids ("T12")
};

/// Reads a query file; throws std::runtime_error naming the file and line when malformed.
[[nodiscard]] std::vector<QueryCase> read_queries(const std::string& path);

/// Writes a query file (with a header comment saying how it was made).
void write_queries(const std::string& path,
                   const std::vector<QueryCase>& queries,
                   const std::string& header);

/// Reads the export TSV (id, title, abstract, year, venue, topics joined by ',').
[[nodiscard]] std::vector<ExportedWork> read_export(const std::string& path);

/// How many queries of each generated shape to draw (the SciFact claims are all taken).
struct QueryMix {
    std::size_t words = 300;
    std::size_t phrase = 200;
    std::size_t and_ = 150;
    std::size_t or_ = 150;
    std::size_t not_ = 150;
    std::size_t year = 150;
    std::size_t venue = 150;
    std::size_t wildcard = 150;
};

/// The query set: every SciFact claim (made syntax-free: quotes, parentheses, colons, asterisks
/// and leading +/- become spaces, operator words are lower-cased) as shape "claim", then the
/// shapes of @p mix drawn from @p works' titles with a generator seeded by @p seed. The same
/// inputs and seed always give the same list (the draw uses only std::mt19937_64's raw output).
[[nodiscard]] std::vector<QueryCase> generate_queries(const std::vector<std::string>& claims,
                                                      const std::vector<ExportedWork>& works,
                                                      std::uint64_t seed,
                                                      const QueryMix& mix);

/// The "text" of every line of a BEIR queries.jsonl file.
[[nodiscard]] std::vector<std::string> read_beir_queries(const std::string& path);

/// @p text percent-encoded for a URL query value (unreserved characters kept).
[[nodiscard]] std::string url_encode(const std::string& text);

} // namespace peerscope::bench
