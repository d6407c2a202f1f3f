/// @file Running the indexer: inputs -> resolution -> documents -> the index directory.
#pragma once

#include "peerscope/indexer/reader.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace peerscope::indexer {

/// What one run does.
struct IndexOptions {
    std::string index_dir;                 ///< DIR: created when missing
    std::vector<std::string> inputs;       ///< files, folders, .gz files or "-"
    std::optional<Format> format;          ///< nullopt: detect per file
    std::string taxonomy_path;             ///< empty: the built-in ML/CS taxonomy
    std::vector<std::string> delete_ids;   ///< works to delete (work ids or version ids)
    bool strict = false;                   ///< stop at the first bad record; write nothing
    unsigned threads = 0;                  ///< 0: one per core
    std::size_t batch_size = 5000;         ///< works per commit when updating an existing index
};

/// Phases reported to the progress callback.
enum class Phase { Reading, Resolving, Indexing, Compacting, Entities, Committing };

/// Receives what happens during a run. Callbacks may be called from worker threads, one at a time
/// (the library serialises them).
struct IndexObserver {
    /// A record that was rejected ("FILE:LINE", reason).
    std::function<void(const std::string& origin, const std::string& reason)> on_problem;
    /// Text repaired while reading (invalid UTF-8): origin and number of sequences.
    std::function<void(const std::string& origin, std::size_t repaired)> on_repair;
    /// Progress: phase, units done, units in total (0 when unknown).
    std::function<void(Phase phase, std::size_t done, std::size_t total)> on_progress;
};

/// What a run did.
struct IndexSummary {
    std::size_t records_read = 0;
    std::size_t records_rejected = 0;
    std::size_t records_repaired = 0;  ///< records whose text needed UTF-8 repair
    std::size_t works_written = 0;     ///< new or changed works
    std::size_t works_unchanged = 0;
    std::size_t works_deleted = 0;
    std::size_t versions_merged = 0;   ///< records grouped into another record's work
    std::size_t authors_written = 0;
    std::size_t sources_written = 0;
    std::size_t topics_written = 0;
    bool bulk = false;                 ///< built from scratch (parallel shards + compaction)
    bool stopped = false;              ///< --strict stopped at a bad record; nothing was written
    std::uint64_t revision = 0;        ///< works database revision after the run
    double seconds = 0.0;
};

/// Runs the indexer. Throws indexer::Error for fatal problems (unreadable input path, locked or
/// incompatible index, write failure); in that case nothing was committed by this run except
/// batches already committed when updating an existing index. Not reentrant on the same DIR
/// (a lock file makes a second writer fail with Errc::IndexLocked).
IndexSummary run_indexer(const IndexOptions& options, const IndexObserver& observer);

/// Statistics of an index as one JSON object: works, authors, venues, topics, revision,
/// schema_version, and the database paths. Throws indexer::Error when DIR is not an index.
[[nodiscard]] std::string index_stats_json(const std::string& index_dir);

/// The command-line program peerscope-index (argv as given to main). Returns the exit status:
/// 0 all records landed, 1 some were rejected (the rest are committed), 2 usage or fatal error.
int cli_main(int argc, char** argv);

} // namespace peerscope::indexer
