/// @file The taxonomy rule language: words, "phrases", AND, OR, NOT, parentheses and field
/// restrictions, parsed into a small syntax tree before analysis (see docs/taxonomy.md).
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace peerscope::indexer::taxonomy_detail {

/// Where a term may match.
enum class RuleField : std::uint8_t {
    Any,      ///< title or abstract
    Title,    ///< title only (`title:`)
    Abstract, ///< abstract only (`abstract:` or `abstract>=N:`)
};

/// One node of a parsed rule. Plain value type.
struct RuleExpr {
    enum class Kind : std::uint8_t { Term, And, Or, Not };
    Kind kind = Kind::Term;
    std::vector<RuleExpr> children; ///< And/Or: two or more; Not: exactly one
    std::string text;               ///< Term: the word or the phrase as written (no quotes)
    bool quoted = false;            ///< Term: written as a "phrase"
    bool exact = false;             ///< Term: `=word`, matched on the folded word, not the stem
    RuleField field = RuleField::Any;
    /// `abstract>=N:`: the term or group needs N occurrences in the abstract (a group counts the
    /// occurrences of its words together: summed under OR, the smallest under AND).
    std::uint32_t min_abstract = 0;
};

/// A syntax error in a rule; column() is the 1-based byte column in the rule text.
class RuleSyntaxError final : public std::runtime_error {
  public:
    RuleSyntaxError(std::size_t column, const std::string& what)
        : std::runtime_error(what), column_(column) {}
    [[nodiscard]] std::size_t column() const noexcept { return column_; }

  private:
    std::size_t column_;
};

/// Parses one rule. Throws RuleSyntaxError for an empty rule, unbalanced parentheses or quotes,
/// a dangling operator, an unknown field prefix, a conflicting nested field, or a rule that could
/// match without any positive word (e.g. `NOT survey`). Pure function; thread-safe.
[[nodiscard]] RuleExpr parse_rule(std::string_view text);

/// True when the expression can only match if one of its positive terms occurs (not under NOT).
[[nodiscard]] bool is_positive(const RuleExpr& expr) noexcept;

} // namespace peerscope::indexer::taxonomy_detail
