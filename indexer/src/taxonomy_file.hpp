/// @file The taxonomy file format: `[id]` blocks of `key: value` lines (see docs/taxonomy.md),
/// read and checked into nodes ordered parents before children.
#pragma once

#include "taxonomy.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace peerscope::indexer::taxonomy_detail {

/// A node as read from the file, with the lines its parts came from (for error messages).
struct FileNode {
    TaxonomyNode node;
    std::size_t line = 0;                ///< line of the `[id]` header
    std::vector<std::size_t> rule_lines; ///< line of each `rule:` (parallel to node.rules)
};

/// Reads a taxonomy file and checks its structure: known keys, required keys, unique ids and
/// codes, known parents, no cycles, levels in the order domain > field > subfield > topic, rules
/// on topics and on topics only. Rules are not parsed here. Returns the nodes in depth-first
/// order (each parent before its children, siblings in file order).
/// Throws indexer::Error(Errc::BadTaxonomy, "ORIGIN:LINE: what is wrong"). Thread-safe.
[[nodiscard]] std::vector<FileNode> read_taxonomy_file(std::string_view text,
                                                       const std::string& origin);

/// "ORIGIN:LINE: what": the form of every taxonomy error message.
[[nodiscard]] std::string
located(const std::string& origin, std::size_t line, const std::string& what);

} // namespace peerscope::indexer::taxonomy_detail
