/// @file Cleaning raw metadata text before analysis and display.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace peerscope::analyzers {

/// How to treat bytes that are not valid UTF-8.
enum class InvalidUtf8 {
    Replace,      ///< each invalid sequence becomes U+FFFD
    Windows1252,  ///< each invalid byte is decoded as Windows-1252 (mixed-encoding sources like AAN)
};

/// Returns @p raw as valid UTF-8. @p repaired (when not null) receives the number of invalid
/// sequences that were replaced or re-decoded; 0 means the input was valid. Never throws on bad input.
/// Thread-safe (pure function).
[[nodiscard]] std::string to_valid_utf8(std::string_view raw,
                                        InvalidUtf8 mode = InvalidUtf8::Replace,
                                        std::size_t* repaired = nullptr);

/// Removes markup found in real metadata and returns plain text with whitespace collapsed:
/// HTML and MathML tags (MathML keeps its text content), HTML entities (named and numeric),
/// LaTeX accent commands in names and titles (`Gr{\"u}n` → `Grün`, `\'e` → `é`), simple LaTeX
/// formatting (`{\bf A}` → `A`, `$...$` kept as its text), and `<ETX ...>` markers.
/// Input must be valid UTF-8. Thread-safe (pure function).
[[nodiscard]] std::string clean_markup(std::string_view utf8);

} // namespace peerscope::analyzers
