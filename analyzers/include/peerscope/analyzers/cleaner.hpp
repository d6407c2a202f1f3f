/// @file Cleaning raw metadata text before analysis and display.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace peerscope::analyzers {

/// How to treat bytes that are not valid UTF-8.
enum class InvalidUtf8 {
    Replace,     ///< each invalid sequence becomes U+FFFD
    Windows1252, ///< each invalid byte is decoded as Windows-1252 (mixed-encoding sources like
                 ///< AAN); a truncated UTF-8 sequence (lead byte plus some of its continuation
                 ///< bytes) is damaged UTF-8, not Windows-1252, and becomes U+FFFD
};

/// Returns @p raw as valid UTF-8. @p repaired (when not null) receives the number of invalid
/// sequences that were replaced or re-decoded; 0 means the input was valid. Never throws on bad
/// input. Thread-safe (pure function).
[[nodiscard]] std::string to_valid_utf8(std::string_view raw,
                                        InvalidUtf8 mode = InvalidUtf8::Replace,
                                        std::size_t* repaired = nullptr);

/// True when @p text is well-formed UTF-8: no stray continuation bytes, no truncated sequences,
/// no overlong forms, no surrogates (U+D800..U+DFFF) and nothing above U+10FFFF. Fast for ASCII.
/// Thread-safe (pure function).
[[nodiscard]] bool is_valid_utf8(std::string_view text) noexcept;

/// Removes markup found in real metadata and returns plain text with whitespace collapsed:
/// HTML and MathML tags (MathML keeps its text content), HTML entities (named and numeric),
/// LaTeX accent commands in names and titles (`Gr{\"u}n` → `Grün`, `\'e` → `é`), simple LaTeX
/// formatting (`{\bf A}` → `A`, `$...$` kept as its text), and `<ETX ...>` markers.
/// Input must be valid UTF-8. Thread-safe (pure function).
[[nodiscard]] std::string clean_markup(std::string_view utf8);

/// to_valid_utf8() followed by clean_markup(), the cleaning every reader applies to titles,
/// abstracts, names and venue names. Takes @p raw by value so that the common case (valid UTF-8
/// without markup or stray whitespace) returns the same storage without copying: pass an rvalue.
/// @p repaired as in to_valid_utf8(). Thread-safe (pure function).
[[nodiscard]] std::string clean_text(std::string raw,
                                     InvalidUtf8 mode = InvalidUtf8::Replace,
                                     std::size_t* repaired = nullptr);

} // namespace peerscope::analyzers
