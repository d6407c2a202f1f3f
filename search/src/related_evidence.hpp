/// @file Evidence behind related works (internal): the text query chosen by relevance feedback
/// (Xapian RSet and ESet) and the citation, author and topic links of the seeds.
#pragma once

#include "doc_set.hpp"
#include "internal.hpp"
#include "peerscope/schema/work_data.hpp"

#include <xapian.h>

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace peerscope::search {

/// A seed work: its document and its stored data.
struct SeedWork {
    Xapian::docid did = 0;
    schema::WorkData work;
};

/// A word of the text query and its weight.
struct QueryWord {
    std::string word;
    double weight = 0.0;
};

/// The text query chosen from the seeds. Plain value type.
struct TextQuery {
    std::vector<QueryWord> words;                              ///< strongest first
    Xapian::Query query;                                       ///< empty when there are no words
    std::unordered_map<std::string, std::string> word_of_term; ///< index term -> query word
};

/// Weight of the feedback works' words relative to the seeds' own.
inline constexpr double kFeedbackWeight = 0.5;

/// The distinctive words of @p positive (the expand set of their relevance set), plus those of
/// @p feedback (works the links single out) at kFeedbackWeight, minus those of @p negative; at
/// most @p max_words, as a weighted BM25 query over the words in titles (weighted as search
/// weights titles) and abstracts. Not thread-safe (one searcher's handles).
[[nodiscard]] TextQuery text_query(Searcher::Impl& impl,
                                   const std::vector<SeedWork>& positive,
                                   const std::vector<SeedWork>& negative,
                                   const std::vector<Xapian::docid>& feedback,
                                   std::size_t max_words);

/// A work matched by a text query.
struct TextMatch {
    Xapian::docid did = 0;
    double weight = 0.0;
};

/// The @p count works of @p within that score best for @p query (BM25), best first.
[[nodiscard]] std::vector<TextMatch>
rank_text(Searcher::Impl& impl, const TextQuery& query, const DocSet& within, std::size_t count);

/// The query words work @p did contains (in any of their forms), strongest first.
[[nodiscard]] std::vector<std::string>
matched_words(Searcher::Impl& impl, const TextQuery& query, Xapian::docid did);

/// What links one candidate to the seeds (indices into the positive seeds).
struct Links {
    std::set<std::size_t> cited_by_seed;                         ///< seeds that cite it
    std::set<std::size_t> cites_seed;                            ///< seeds it cites
    std::map<std::size_t, std::vector<std::string>> co_citers;   ///< seed -> works citing both
    std::map<std::size_t, std::vector<std::string>> shared_refs; ///< seed -> references both cite
    std::map<std::size_t, double> coupling;                ///< seed -> shared reference weight
    std::map<std::string, std::set<std::size_t>> authors;  ///< shared author id -> seeds
    std::map<std::uint32_t, std::set<std::size_t>> topics; ///< shared topic code -> seeds
    bool negative_author = false;                          ///< shares an author with a negative
};

/// Collects the citation and author links of @p seeds to works of @p within (co-citation and
/// shared references need the index's references; works without them give no such links).
/// Per-seed work is capped so that a very cited seed stays fast.
void collect_links(Searcher::Impl& impl,
                   const std::vector<SeedWork>& seeds,
                   const std::vector<SeedWork>& negatives,
                   const DocSet& within,
                   std::unordered_map<Xapian::docid, Links>& out);

/// Adds the topics each candidate shares with the seeds (assigned topics, from the snapshot).
void collect_topics(const Snapshot& snap,
                    const std::vector<SeedWork>& seeds,
                    std::unordered_map<Xapian::docid, Links>& out);

/// The work id of document @p did (from its unique-id term); empty when it has none.
[[nodiscard]] std::string work_id_of(Xapian::Database& works, Xapian::docid did);

/// The docid of the work whose id (work id or version id) is @p id; 0 when none.
[[nodiscard]] Xapian::docid docid_of(Xapian::Database& works, const std::string& id);

} // namespace peerscope::search
