/// @file Query evaluation: exact match sets as bitmaps, and the Xapian query that ranks them.
#pragma once

#include "doc_set.hpp"
#include "filter.hpp"
#include "internal.hpp"
#include "query_parser.hpp"
#include "ranking_terms.hpp"
#include "scorer.hpp"

#include <xapian.h>

#include <set>
#include <string>
#include <vector>

namespace peerscope::search {

/// Evaluates parsed queries and filters against one searcher's view. Not thread-safe.
class Evaluator final {
  public:
    Evaluator(Searcher::Impl& impl, const RankingParams& params);

    /// Exact set of works matching @p node.
    [[nodiscard]] DocSet match(const QueryNode& node);
    /// Works matching every positive word of every loose group (the first ranking tier).
    [[nodiscard]] DocSet match_all_words(const QueryNode& node);
    /// The BM25 query over the positive text of @p node (empty Query when it has none). Also
    /// decides whether the query is long enough for feedback (feedback_wanted()).
    [[nodiscard]] Xapian::Query ranking_query(const QueryNode& node);
    /// The clauses of the last ranking_query(), for the in-memory scorer (scorer.hpp): they weigh
    /// what the query weighs.
    [[nodiscard]] const std::vector<ScoreClause>& score_clauses() const noexcept {
        return score_clauses_;
    }
    /// True when the last ranking_query() is natural-language text long enough for
    /// pseudo-relevance feedback (RankingOptions::feedback_min_words, feedback on).
    [[nodiscard]] bool feedback_wanted() const noexcept { return !feedback_stems_.empty(); }
    /// The feedback clauses for the last ranking_query(), given the first pass's best works
    /// @p top (best first): the words that best mark them (ranking_feedback.hpp), each a BM25
    /// clause scaled by its feedback weight. Their weight is to be added to the first pass's;
    /// empty Query when feedback is not wanted or finds no word. @p scored, when given, receives
    /// the same clauses for the in-memory scorer.
    [[nodiscard]] Xapian::Query feedback_query(const std::vector<Xapian::docid>& top,
                                               std::vector<ScoreClause>* scored = nullptr);
    /// Exact set of works passing @p clauses (AND of clauses).
    [[nodiscard]] DocSet filter(const std::vector<FilterClause>& clauses);

    /// Terms (words and stems, with field prefixes) the query matches on, for highlighting.
    [[nodiscard]] const std::set<std::string>& highlight_words() const noexcept {
        return highlight_words_;
    }
    [[nodiscard]] const std::set<std::string>& highlight_stems() const noexcept {
        return highlight_stems_;
    }
    [[nodiscard]] const std::vector<std::string>& warnings() const noexcept { return warnings_; }

    /// Union of the postlists of @p terms.
    [[nodiscard]] DocSet union_of(const std::vector<std::string>& terms);
    /// Works whose term @p term exists.
    [[nodiscard]] DocSet term_set(const std::string& term);

  private:
    struct Forms {
        std::vector<std::string> title;
        std::vector<std::string> abstract;
        std::vector<std::string> author;
    };
    Forms forms(QueryField field, const std::string& word, bool stemmable);
    DocSet phrase_set(const QueryNode& node);
    std::vector<std::string> wildcard_terms(QueryField field, const std::string& prefix);
    DocSet entity_set(const QueryNode& node);
    DocSet years(int from, int to);
    void collect_ranking(const QueryNode& node, std::vector<Xapian::Query>& out);
    /// Appends the BM25 clauses of one word (ranking_terms.hpp), scaled by @p factor, to @p out.
    /// @p exact_df: the text clause's document frequency from the term bitmaps (query words, whose
    /// bitmaps the match has loaded); otherwise the largest of the terms' frequencies and the text
    /// clause only (feedback words). @p scored, when given, receives the same clauses for the
    /// in-memory scorer.
    void word_clauses(const RankingTerms& t,
                      double factor,
                      bool exact_df,
                      std::vector<Xapian::Query>& out,
                      std::vector<ScoreClause>* scored = nullptr);
    /// Appends a scorer clause of @p terms (an OP_SYNONYM's weight, idf of Xapian's estimate of
    /// the synonym's frequency) scaled by @p scale, counted only in @p only when given.
    void score_clause(std::vector<std::string> terms,
                      double scale,
                      std::shared_ptr<const DocSet> only = nullptr);
    /// Every work @p query matches (boolean).
    DocSet query_docs(const Xapian::Query& query);
    /// The phrase of @p words in the field of prefix @p pfx.
    static Xapian::Query phrase_query(std::string_view pfx, const std::vector<std::string>& words);
    /// The works where that phrase occurs (evaluated once per query: match and ranking share it).
    std::shared_ptr<const DocSet> phrase_docs(std::string_view pfx,
                                              const std::vector<std::string>& words);
    void text_filter(const std::string& text, QueryField field, DocSet& out);

    Searcher::Impl& impl_;
    const Snapshot& snap_;
    RankingParams params_;
    std::set<std::string> highlight_words_;
    std::set<std::string> highlight_stems_;
    std::vector<std::string> warnings_;
    std::map<std::string, std::size_t> word_counts_;
    std::vector<ScoreClause> score_clauses_;
    std::map<std::string, std::shared_ptr<const DocSet>> phrase_docs_;
    std::set<std::string> feedback_stems_; ///< stems of the query's words, when feedback applies
};

/// Maximum number of terms a trailing wildcard expands to (the most frequent ones).
inline constexpr std::size_t kMaxWildcardTerms = 200;

} // namespace peerscope::search
