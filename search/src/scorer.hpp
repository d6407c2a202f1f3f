/// @file BM25 over in-memory posting arrays, for ranking queries made of word clauses only.
///
/// Xapian's matcher scores a long OR query (a pasted claim) one document at a time and prunes only
/// when the weight threshold rises above what the common words can add; with a dozen words, some
/// of them common, it ends up scoring nearly every match through a tree of posting lists. This
/// scorer computes the same BM25 term by term instead: each clause's posting arrays (cached in the
/// snapshot for frequent terms) add their wdf into a per-document counter, the clause's BM25 part
/// is added to a per-document score, and the best documents of each tier are picked at the end.
/// The weight of a clause is Xapian's BM25Weight of an OP_SYNONYM of its terms (wdf summed, idf of
/// the clause's document frequency, document length from the index), scaled.
#pragma once

#include "doc_set.hpp"
#include "peerscope/search/service.hpp"
#include "snapshot.hpp"

#include <xapian.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace peerscope::search {

/// One clause: the summed wdf of @p terms, weighted by BM25 with the idf of @p termfreq documents,
/// times @p scale; only in the works of @p only when set (a phrase's word counts where the phrase
/// occurs). Plain value type.
struct ScoreClause {
    std::vector<std::string> terms;
    double scale = 1.0;
    double termfreq = 0.0;
    std::shared_ptr<const DocSet> only;
};

/// A scored document. Plain value type.
struct Scored {
    Xapian::docid did;
    double weight;
};

/// Reusable per-document buffers (a searcher keeps one; kept zeroed between uses). Not
/// thread-safe.
struct ScoreBuffers {
    std::vector<double> score;
    std::vector<std::uint32_t> wdf;     ///< 1 + a clause's summed wdf, 0 = not in the clause
    std::vector<std::uint8_t> seen;     ///< 1 = in scored
    std::vector<Xapian::docid> scored;  ///< documents with a score, in first-scored order
    std::vector<Xapian::docid> touched; ///< documents of the current clause
};

/// Scores one query's clauses over one snapshot. Holds @p buffers until destroyed (then clears
/// what it used). Not thread-safe.
class Scorer final {
  public:
    Scorer(const Snapshot& snap,
           Xapian::Database& works,
           const RankingOptions& params,
           ScoreBuffers& buffers);
    ~Scorer();
    Scorer(const Scorer&) = delete;
    Scorer& operator=(const Scorer&) = delete;

    /// Adds the BM25 weight of every clause to the documents it matches. Throws Xapian errors.
    void add(const std::vector<ScoreClause>& clauses);

    /// The documents of @p within that some clause matched, by weight (ties by docid), positions
    /// [offset, offset + count).
    [[nodiscard]] std::vector<Scored>
    top(const DocSet& within, std::size_t offset, std::size_t count) const;

  private:
    const Snapshot& snap_;
    Xapian::Database& works_;
    RankingOptions params_;
    ScoreBuffers& buf_;
};

/// The weight @p clauses give each of @p docs (0 where none matches), as Scorer::add would add
/// it, found by binary search in the posting arrays: for re-ranking a few documents. Thread-safe
/// when @p works is this thread's. Throws Xapian errors.
[[nodiscard]] std::vector<double> weigh(const Snapshot& snap,
                                        Xapian::Database& works,
                                        const RankingOptions& params,
                                        const std::vector<ScoreClause>& clauses,
                                        const std::vector<Xapian::docid>& docs);

} // namespace peerscope::search
