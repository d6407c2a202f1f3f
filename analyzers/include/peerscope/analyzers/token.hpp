/// @file The token: one unit of analysed text.
#pragma once

#include <cstdint>
#include <string>

namespace peerscope::analyzers {

/// What kind of characters a token is made of.
enum class TokenKind : std::uint8_t {
    Word,      ///< letters (possibly with digits): stemmable when it has no digits
    Number,    ///< digits only (with internal separators such as 1.5 or 1,000)
    Ideograph, ///< a CJK word from ICU's dictionary segmentation (Han, Kana, Hangul, Thai...)
    Symbolic,  ///< a word whose symbols are part of it: "c++", "c#", "f#"
};

/// One token. Plain value type.
struct Token {
    std::string term;            ///< folded form: NFKC, full case folding, accents removed
    std::uint32_t position = 0;  ///< word position; a joined form shares its first part's position
    std::uint32_t begin = 0;     ///< byte offset of the token's first byte in the analysed text
    std::uint32_t end = 0;       ///< byte offset one past its last byte
    TokenKind kind = TokenKind::Word;
    bool joined = false;         ///< a hyphen-joined form ("gpt3" for "GPT-3"), emitted after its parts
    /// True when an English stemmer may be applied (alphabetic words, not joined forms of digits).
    [[nodiscard]] bool stemmable() const noexcept { return kind == TokenKind::Word; }
};

} // namespace peerscope::analyzers
