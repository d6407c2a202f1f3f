/// @file UTF-8 decoding with byte offsets, and UTF-16 to UTF-8 encoding (private to the library).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace peerscope::analyzers::detail {

/// The replacement character that stands for invalid UTF-8.
inline constexpr char32_t kReplacement = 0xFFFD;

/// UTF-16 code units of a range of UTF-8 text, with the byte offset where each unit's code point
/// starts (both units of a surrogate pair get the same offset). offsets has one more element than
/// units: the offset one past the range. Plain value type; reuse it to avoid allocations.
struct Utf16Text {
    std::vector<char16_t> units;
    std::vector<std::uint32_t> offsets;
};

/// Decodes @p bytes into @p out (replacing its content); offsets start at @p base. Each maximal
/// invalid subsequence (Unicode's "maximal subpart" practice, as ICU does) becomes one U+FFFD.
/// Never throws except std::bad_alloc. Thread-safe.
void decode_utf8(std::string_view bytes, std::uint32_t base, Utf16Text& out);

/// Decodes the code point starting at byte @p at of @p text (at < text.size()); stores its byte
/// length in @p length. Invalid sequences give U+FFFD with the length of the maximal subpart.
[[nodiscard]] char32_t decode_utf8_at(std::string_view text, std::size_t at, std::size_t& length);

/// Appends the UTF-8 form of @p count UTF-16 units to @p out; an unpaired surrogate becomes U+FFFD.
void append_utf8(const char16_t* units, std::size_t count, std::string& out);

/// Index of the first byte >= 0x80 in @p text at or after @p from, or text.size().
[[nodiscard]] std::size_t find_non_ascii(std::string_view text, std::size_t from) noexcept;

} // namespace peerscope::analyzers::detail
