/// @file The test collections of bench/relevance (SciFact train, CACM, Cranfield) read straight
/// from the data mirror's files, with the bench's own readers (nothing from the project's indexer),
/// so the documents the peers index and the judgments are independent of what is measured.
#pragma once

#include "metrics.hpp"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace peerscope::bench::relevance {

/// One document as the peers index it: title and abstract.
struct Document {
    std::string id;
    std::string title;
    std::string abstract;
};

/// One query: its id in the judgments and its text as written.
struct Query {
    std::string id;
    std::string text;
};

/// A collection: what to index, what to ask, and the judgments (every query has an entry in
/// `judgments`, empty when the collection judged nothing for it). Plain value type.
struct Collection {
    std::string name;        ///< "scifact", "cacm" or "cranfield"
    std::string index_input; ///< the file peerscope-index reads (relative to the mirror)
    std::vector<Document> documents;
    std::vector<Query> queries;
    Judgments judgments;
};

/// The collection names the bench knows, in the order it reports them.
[[nodiscard]] const std::vector<std::string>& collection_names();

/// Reads collection @p name from the mirror folder @p mirror (holding scifact/, cacm/,
/// cranfield/ as in the data README). Throws std::runtime_error naming the file and line of
/// anything malformed (an unknown grade, a judgment for an unknown query, a query count that does
/// not match the judgments). Gains: SciFact and CACM judgments are 1 (binary); Cranfield grade g in
/// 1..4 (1 = complete answer) has gain 5 - g, and its -1 lines (one per query: not relevant)
/// load as gain 0. Cranfield queries are numbered by position (1..225), as cranqrel numbers
/// them, not by cran.qry's printed numbers.
[[nodiscard]] Collection load_collection(const std::string& name,
                                         const std::filesystem::path& mirror);

/// @p text made into plain words for Peerscope's query language, the way the parser's documented
/// plain-text fallback reads it: quotes and parentheses become spaces, a leading - or + of a word
/// is dropped, AND/OR/NOT are lower-cased (so they are words, not operators), && and || are
/// dropped, a trailing * is dropped, and the colon after a field name (title:, author:, year:,
/// ...) becomes a space. Everything else is kept. Pure function.
[[nodiscard]] std::string plain_query_text(std::string_view text);

} // namespace peerscope::bench::relevance
