/// @file The rules applied to word segments, shared by the ICU and the ASCII word breakers
/// (private to the library): possessive "'s", symbolic words, hyphen chains, term length,
/// positions.
#pragma once

#include "peerscope/analyzers/token.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace peerscope::analyzers::detail {

/// Receives the word segments of one text in order, each already folded, and appends the tokens
/// they give to the output vector. Both word breakers feed the same assembler, so the rules cannot
/// differ between them. Not thread-safe; reused across texts through reset().
class TokenAssembler final {
  public:
    /// Starts a text: tokens go to @p out (appended), the first word gets @p first_position.
    /// @p text and @p out must outlive the calls up to finish().
    void reset(std::string_view text, std::vector<Token>& out, std::uint32_t first_position);

    /// One word segment [begin, end) of the text, @p term its folded form (may be modified),
    /// @p kind Word, Number or Ideograph. Segments must come in text order.
    void add(std::uint32_t begin, std::uint32_t end, std::string& term, TokenKind kind);

    /// Ends the text (emits a pending joined form); returns the position after the last word.
    std::uint32_t finish();

  private:
    [[nodiscard]] std::string_view symbolic_suffix(std::uint32_t end) const;
    [[nodiscard]] bool hyphen_between(std::uint32_t end, std::uint32_t begin) const noexcept;
    void flush_chain();

    std::string_view text_;
    std::vector<Token>* out_ = nullptr;
    std::uint32_t position_ = 0;
    std::size_t chain_first_ = 0; ///< index in *out_ of the first part of the current chain
    std::size_t chain_parts_ = 0; ///< parts in the current chain (0: none)
    bool chain_has_letters_ = false;
    std::string joined_;
};

} // namespace peerscope::analyzers::detail
