/// @file The search-box language: words, "phrases", AND OR NOT, -word, +word, parentheses,
/// fields (title: abstract: author: venue: topic: year:), trailing wildcards.
#pragma once

#include "peerscope/analyzers/analyzer.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace peerscope::search {

/// Where a text node looks.
enum class QueryField { Default, Title, Abstract, Author, Venue, Topic };

/// A node of a parsed query. Plain value type.
struct QueryNode {
    enum class Kind {
        Word,     ///< one folded word (words[0])
        Phrase,   ///< consecutive words (words)
        Wildcard, ///< words starting with prefix
        Loose,    ///< juxtaposed terms: matches any of `children` (or all of `required`), ranks
                  ///< works with every word first
        And,      ///< all children
        Or,       ///< any child
        Not,      ///< every work except children[0] (only inside And/Loose as an exclusion)
        Years,    ///< publication year in [year_from, year_to]
        Entity,   ///< venue:/topic: names resolved to entity ids at evaluation
        Nothing,  ///< matches nothing (e.g. a word that analysis removes entirely)
    };
    Kind kind = Kind::Nothing;
    QueryField field = QueryField::Default;
    std::vector<std::string> words;
    std::vector<bool> stemmable; ///< parallel to words
    std::string prefix;          ///< Wildcard
    std::string text;            ///< Entity: the name as typed
    int year_from = 0;
    int year_to = 0;
    std::vector<QueryNode> children; ///< optional members (Loose), operands (And, Or, Not)
    std::vector<QueryNode> required; ///< Loose: +terms
    std::vector<QueryNode> excluded; ///< Loose and And: -terms / NOT terms
};

/// A parsed query and what the parser had to say about it.
struct ParsedQuery {
    QueryNode root;
    std::vector<std::string> warnings;
    std::size_t leaf_count = 0;
};

/// Maximum number of word/phrase/wildcard leaves in one query.
inline constexpr std::size_t kMaxQueryLeaves = 1024;

/// Parses @p text with @p analyzer (the same analysis as the indexer). Broken syntax (an
/// unbalanced quote or parenthesis, an operator with nothing after it) is read as plain text with
/// a warning. Throws search::Error(InvalidParameter) when the query has more than kMaxQueryLeaves
/// terms. Not thread-safe (uses the analyzer).
[[nodiscard]] ParsedQuery parse_query(std::string_view text, analyzers::Analyzer& analyzer);

/// True for the English stopwords dropped from loose groups ("the", "of", ...).
[[nodiscard]] bool is_stopword(std::string_view folded_word);

/// True for an English function word (the stopwords plus pronouns, auxiliaries, prepositions and
/// other words that never make a text distinctive: "from", "we", "which", "has"). Used where
/// words are chosen to describe a text, not where a query is matched.
[[nodiscard]] bool is_function_word(std::string_view folded_word);

} // namespace peerscope::search
