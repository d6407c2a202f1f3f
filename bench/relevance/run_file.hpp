/// @file Run files shared by the bench and its peers: one line per retrieved document,
/// "query<TAB>document<TAB>rank" (rank from 1, best first; further columns are ignored).
#pragma once

#include "metrics.hpp"

#include <filesystem>
#include <string>

namespace peerscope::bench::relevance {

/// Reads a run file. Lines of one query are ordered by their rank column. Throws
/// std::runtime_error naming the file and line of a malformed line.
[[nodiscard]] Run read_run(const std::filesystem::path& path);

/// Writes @p run (queries in id order, documents in ranking order). Throws std::runtime_error when
/// the file cannot be written.
void write_run(const std::filesystem::path& path, const Run& run);

/// True when @p query_id of collection @p name is a tuning query: every SciFact training query,
/// the odd-numbered CACM and Cranfield queries. The even-numbered CACM and Cranfield queries are
/// the held-out ones. Pure function.
[[nodiscard]] bool is_tuning_query(const std::string& collection, const std::string& query_id);

} // namespace peerscope::bench::relevance
