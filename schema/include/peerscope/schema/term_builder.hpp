/// @file The shared term builder: the one place where analysed text becomes Xapian terms, called by
/// the indexer for documents and by the search library for queries, so the two cannot diverge.
#pragma once

#include "peerscope/analyzers/analyzer.hpp"
#include "peerscope/analyzers/token.hpp"

#include <xapian.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace peerscope::schema {

/// Free-text fields and the prefixes their words and stems get.
enum class TextField {
    Title,      ///< S / ZS
    Abstract,   ///< (none) / Z
    AuthorName, ///< A (no stems)
    EntityName, ///< XN (no stems): names of authors, sources, topics in the entities database
};

/// Prefix of the unstemmed words of @p field.
[[nodiscard]] std::string_view word_prefix(TextField field) noexcept;
/// Prefix of the stems of @p field, or an empty view when the field has no stems.
[[nodiscard]] std::string_view stem_prefix(TextField field) noexcept;
/// True when @p field stores stems.
[[nodiscard]] bool has_stems(TextField field) noexcept;

/// The terms one token yields in a field.
struct TokenTerms {
    std::string word;  ///< prefix + folded word (always)
    std::string stem;  ///< stem prefix + stem, only when the field has stems and stem != word
};

/// Analyses text and turns tokens into terms. Owns an Analyzer and a stemmer.
/// Thread safety: not thread-safe; one instance per thread (the indexer has one per worker, the
/// search library one per searcher).
class TermBuilder final {
public:
    TermBuilder();

    /// The analyzer this builder uses (shared analysis for documents and queries).
    [[nodiscard]] analyzers::Analyzer& analyzer() noexcept { return analyzer_; }

    /// English Snowball stem of a folded word ("models" -> "model"); memoised.
    [[nodiscard]] const std::string& stem(const std::string& word);

    /// The terms of one token in @p field.
    [[nodiscard]] TokenTerms terms_for(TextField field, const analyzers::Token& token);

    /// Analyses @p text and adds its terms to @p doc: words with positions (positions start at
    /// @p first_position), stems without positions. Returns the next free position.
    std::uint32_t index_text(Xapian::Document& doc,
                             TextField field,
                             std::string_view text,
                             std::uint32_t first_position = 1);

    /// Adds already analysed tokens (positions taken from the tokens, shifted by @p position_offset).
    void index_tokens(Xapian::Document& doc,
                      TextField field,
                      const std::vector<analyzers::Token>& tokens,
                      std::uint32_t position_offset = 1);

private:
    analyzers::Analyzer analyzer_;
    Xapian::Stem stemmer_;
    std::unordered_map<std::string, std::string> stem_cache_;
    std::vector<analyzers::Token> scratch_;
};

} // namespace peerscope::schema
