/// @file Private state shared by the service and its searchers.
#pragma once

#include "peerscope/schema/term_builder.hpp"
#include "peerscope/search/error.hpp"
#include "peerscope/search/service.hpp"
#include "ranking_feedback.hpp"
#include "scorer.hpp"
#include "snapshot.hpp"

#include <xapian.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace peerscope::search {

/// Identity of a database's on-disk state: changes on every commit and when the directory is
/// swapped by a full rebuild.
struct FileStamp {
    std::uint64_t inode = 0;
    std::int64_t mtime_ns = 0;
    bool operator==(const FileStamp&) const = default;
};
[[nodiscard]] FileStamp stamp_of(const std::filesystem::path& db_dir);

/// Ranking parameters (public as RankingOptions).
using RankingParams = RankingOptions;

struct SearchService::Impl {
    std::string dir;
    ServiceOptions options;
    std::mutex mutex;
    std::vector<std::unique_ptr<Searcher>> idle;
    std::shared_ptr<const Snapshot> latest;
    std::mutex build_mutex;
    RankingParams ranking;

    /// The snapshot for the revision @p works / @p entities are at (built once per revision).
    std::shared_ptr<const Snapshot> snapshot_for(Xapian::Database& works,
                                                 Xapian::Database& entities);
};

struct Searcher::Impl {
    SearchService::Impl& service;
    Xapian::Database works;
    Xapian::Database entities;
    std::shared_ptr<const Snapshot> snapshot;
    schema::TermBuilder terms;
    CollectionFreqs collection_freqs; ///< for pseudo-relevance feedback
    ScoreBuffers score_buffers;       ///< for the in-memory scorer
    FileStamp works_stamp;
    FileStamp entities_stamp;
    std::chrono::steady_clock::time_point last_check{};

    explicit Impl(SearchService::Impl& s);
    /// Opens both databases afresh (first use, or after a rebuild swapped them).
    void open();
    /// Moves to the newest commit when the refresh interval has passed.
    void refresh(bool force);
};

/// Translates Xapian failures into search::Error; runs @p fn once more after reopening when the
/// revision it read was overwritten (DatabaseModifiedError).
template <typename Fn> auto guarded(Searcher::Impl& impl, Fn fn) -> decltype(fn()) {
    for (int attempt = 0;; ++attempt) {
        try {
            return fn();
        } catch (const Xapian::DatabaseModifiedError&) {
            if (attempt > 0) {
                throw Error(Errc::IndexUnavailable,
                            "the index is changing too fast to read; retry");
            }
            impl.refresh(true);
        } catch (const Xapian::DatabaseOpeningError& e) {
            throw Error(Errc::IndexUnavailable, "the index cannot be opened: " + e.get_msg());
        } catch (const Xapian::DatabaseCorruptError& e) {
            throw Error(Errc::IndexUnavailable, "the index is damaged: " + e.get_msg());
        } catch (const Xapian::DatabaseError& e) {
            throw Error(Errc::IndexUnavailable, "the index cannot be read: " + e.get_msg());
        } catch (const Xapian::Error& e) {
            throw Error(Errc::Internal, "search engine error: " + e.get_description());
        }
    }
}

} // namespace peerscope::search
