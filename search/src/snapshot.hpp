/// @file Per-revision, in-memory facet arrays and entity names shared by all searchers.
#pragma once

#include "doc_set.hpp"

#include <xapian.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace peerscope::search {

/// One term's posting list in memory: docids ascending and their wdf. Plain value type.
struct Postings {
    std::vector<Xapian::docid> docs;
    std::vector<std::uint32_t> wdfs;
};

/// Values by term, shared, within a byte budget: once full, new values are returned uncached.
/// Thread-safe.
template <typename T> class TermCache {
  public:
    /// The cached value of @p term, or null.
    [[nodiscard]] std::shared_ptr<const T> find(const std::string& term) const {
        std::lock_guard lock(mutex_);
        auto it = values_.find(term);
        return it == values_.end() ? nullptr : it->second;
    }
    /// Caches @p value for @p term when @p bytes fit in @p budget; returns the value cached for
    /// @p term (another thread's if it got there first), else @p value.
    std::shared_ptr<const T> remember(const std::string& term,
                                      std::shared_ptr<const T> value,
                                      std::size_t bytes,
                                      std::size_t budget) {
        std::lock_guard lock(mutex_);
        if (used_ + bytes > budget) {
            return value;
        }
        auto [it, inserted] = values_.emplace(term, std::move(value));
        if (inserted) {
            used_ += bytes;
        }
        return it->second;
    }
    /// Bytes held.
    [[nodiscard]] std::size_t bytes() const {
        std::lock_guard lock(mutex_);
        return used_;
    }

  private:
    mutable std::mutex mutex_;
    std::unordered_map<std::string, std::shared_ptr<const T>> values_;
    std::size_t used_ = 0;
};

/// Facet codes of every work, indexed by docid, and what entity codes are called. Built once per
/// works revision from the Facets value stream (fast, sequential). Immutable once built, except
/// for the term-bitmap cache, which is internally synchronised. Thread-safe to share.
class Snapshot final {
  public:
    /// Loads from the two databases (each thread's own handles; they are only read here).
    Snapshot(Xapian::Database& works, Xapian::Database& entities);

    std::string works_uuid;
    Xapian::rev works_revision = 0;
    std::string entities_uuid;
    Xapian::rev entities_revision = 0;
    Xapian::docid limit = 1; ///< one past the last docid
    std::size_t works = 0;

    std::vector<std::uint16_t> year;   ///< 0 = unknown
    std::vector<std::uint32_t> source; ///< source code, 0 = none
    std::vector<std::uint8_t> type;    ///< type code, 0 = unknown
    std::vector<std::uint32_t> cited_by;
    std::vector<std::uint32_t> topic_begin; ///< CSR offsets, size limit + 1
    std::vector<std::uint32_t> topic_codes;
    std::vector<std::uint32_t> author_begin; ///< CSR offsets, size limit + 1
    std::vector<std::uint32_t> author_codes;
    std::uint32_t source_limit = 1;         ///< one past the largest source code (facet array size)
    std::vector<std::uint32_t> topic_list;  ///< distinct topic codes, ascending (codes are sparse)
    std::vector<std::uint32_t> topic_slots; ///< parallel to topic_codes: index into topic_list
    DocSet all;                             ///< every work
    std::vector<std::uint32_t> doc_length;  ///< Xapian's document length (sum of wdf), by docid
    double average_length = 1.0;            ///< Xapian's average document length

    std::unordered_map<std::uint32_t, std::string> source_names;
    std::unordered_map<std::uint32_t, std::string> topic_names;
    std::vector<std::string> author_names; ///< by author code

    /// Name of an entity by kind letter and code ("" when unknown).
    [[nodiscard]] std::string name_of(char kind, std::uint32_t code) const;

    /// The docs whose postlist in @p db holds @p term, cached when the term is frequent.
    /// Thread-safe. @p db must be at this snapshot's revision.
    [[nodiscard]] std::shared_ptr<const DocSet> term_docs(Xapian::Database& db,
                                                          const std::string& term) const;

    /// The postings of @p term in @p db (docids ascending, with their wdf), cached when the term is
    /// frequent. Thread-safe. @p db must be at this snapshot's revision.
    [[nodiscard]] std::shared_ptr<const Postings> term_postings(Xapian::Database& db,
                                                                const std::string& term) const;

    /// Bytes held by cached term bitmaps.
    [[nodiscard]] std::size_t cache_bytes() const;
    /// Bytes held by cached posting arrays.
    [[nodiscard]] std::size_t postings_cache_bytes() const;
    /// Budget of each cache: term bitmaps, and posting arrays.
    void set_cache_budget(std::size_t bytes) { cache_budget_ = bytes; }

  private:
    mutable TermCache<DocSet> bitmaps_;
    mutable TermCache<Postings> postings_;
    std::size_t cache_budget_ = 256U << 20U;
};

/// Terms with at least this many postings are cached as bitmaps.
inline constexpr Xapian::doccount kCacheMinTermFreq = 2000;
/// Terms with at least this many postings have their posting arrays cached (within the budget).
inline constexpr std::size_t kPostingsCacheMinTermFreq = 16;
/// Bytes a cached posting array costs beyond its entries and its term (map node, control block).
inline constexpr std::size_t kPostingsEntryOverhead = 128;

} // namespace peerscope::search
