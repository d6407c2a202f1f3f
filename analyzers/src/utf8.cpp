#include "utf8.hpp"

#include <cstring>

namespace peerscope::analyzers::detail {
namespace {

// Byte range allowed as the second byte after lead byte @p lead (Unicode Table 3-7).
struct SecondByteRange {
    unsigned char low;
    unsigned char high;
};

[[nodiscard]] SecondByteRange second_byte_range(unsigned char lead) noexcept {
    switch (lead) {
    case 0xE0:
        return {0xA0, 0xBF};
    case 0xED:
        return {0x80, 0x9F};
    case 0xF0:
        return {0x90, 0xBF};
    case 0xF4:
        return {0x80, 0x8F};
    default:
        return {0x80, 0xBF};
    }
}

// Number of continuation bytes a lead byte announces; 0 for bytes that cannot start a sequence
// (ASCII is handled by the callers).
[[nodiscard]] std::size_t continuation_count(unsigned char lead) noexcept {
    if (lead >= 0xC2 && lead <= 0xDF) {
        return 1;
    }
    if (lead >= 0xE0 && lead <= 0xEF) {
        return 2;
    }
    if (lead >= 0xF0 && lead <= 0xF4) {
        return 3;
    }
    return 0;
}

[[nodiscard]] char32_t decode_multibyte(const unsigned char* s,
                                        std::size_t size,
                                        std::size_t at,
                                        std::size_t& length) noexcept {
    const unsigned char lead = s[at];
    const std::size_t more = continuation_count(lead);
    if (more == 0) {
        length = 1;
        return kReplacement;
    }
    char32_t c = lead & (0x3FU >> more);
    const SecondByteRange second = second_byte_range(lead);
    for (std::size_t k = 1; k <= more; ++k) {
        if (at + k >= size) {
            length = k;
            return kReplacement;
        }
        const unsigned char b = s[at + k];
        const unsigned char low = k == 1 ? second.low : 0x80;
        const unsigned char high = k == 1 ? second.high : 0xBF;
        if (b < low || b > high) {
            length = k;
            return kReplacement;
        }
        c = (c << 6U) | (b & 0x3FU);
    }
    length = more + 1;
    return c;
}

} // namespace

void decode_utf8(std::string_view bytes, std::uint32_t base, Utf16Text& out) {
    out.units.resize(bytes.size());
    out.offsets.resize(bytes.size() + 1);
    const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
    const std::size_t size = bytes.size();
    std::size_t n = 0;
    std::size_t i = 0;
    while (i < size) {
        const auto offset = static_cast<std::uint32_t>(base + i);
        if (s[i] < 0x80) {
            out.units[n] = s[i];
            out.offsets[n++] = offset;
            ++i;
            continue;
        }
        std::size_t length = 0;
        const char32_t c = decode_multibyte(s, size, i, length);
        i += length;
        if (c < 0x10000) {
            out.units[n] = static_cast<char16_t>(c);
            out.offsets[n++] = offset;
        } else {
            // A four-byte sequence gives two units, never more units than bytes.
            out.units[n] = static_cast<char16_t>(0xD7C0 + (c >> 10U));
            out.offsets[n++] = offset;
            out.units[n] = static_cast<char16_t>(0xDC00 | (c & 0x3FFU));
            out.offsets[n++] = offset;
        }
    }
    out.units.resize(n);
    out.offsets.resize(n + 1);
    out.offsets[n] = static_cast<std::uint32_t>(base + size);
}

char32_t decode_utf8_at(std::string_view text, std::size_t at, std::size_t& length) {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    if (s[at] < 0x80) {
        length = 1;
        return s[at];
    }
    return decode_multibyte(s, text.size(), at, length);
}

namespace {

// Writes the UTF-8 form of @p c at @p out; returns the position after it.
char* write_utf8(char32_t c, char* out) noexcept {
    if (c < 0x80) {
        *out++ = static_cast<char>(c);
    } else if (c < 0x800) {
        *out++ = static_cast<char>(0xC0 | (c >> 6U));
        *out++ = static_cast<char>(0x80 | (c & 0x3FU));
    } else if (c < 0x10000) {
        *out++ = static_cast<char>(0xE0 | (c >> 12U));
        *out++ = static_cast<char>(0x80 | ((c >> 6U) & 0x3FU));
        *out++ = static_cast<char>(0x80 | (c & 0x3FU));
    } else {
        *out++ = static_cast<char>(0xF0 | (c >> 18U));
        *out++ = static_cast<char>(0x80 | ((c >> 12U) & 0x3FU));
        *out++ = static_cast<char>(0x80 | ((c >> 6U) & 0x3FU));
        *out++ = static_cast<char>(0x80 | (c & 0x3FU));
    }
    return out;
}

} // namespace

void append_utf8(const char16_t* units, std::size_t count, std::string& out) {
    // A unit gives at most three bytes (a surrogate pair gives four for two units).
    const std::size_t start = out.size();
    out.resize(start + 3 * count);
    char* const begin = out.data() + start;
    char* p = begin;
    for (std::size_t i = 0; i < count; ++i) {
        char32_t c = units[i];
        if (c < 0x80) {
            *p++ = static_cast<char>(c);
            continue;
        }
        if (c >= 0xD800 && c <= 0xDFFF) {
            const bool paired =
                c <= 0xDBFF && i + 1 < count && units[i + 1] >= 0xDC00 && units[i + 1] <= 0xDFFF;
            if (paired) {
                c = 0x10000 + ((c - 0xD800) << 10U) + (units[i + 1] - 0xDC00U);
                ++i;
            } else {
                c = kReplacement;
            }
        }
        p = write_utf8(c, p);
    }
    out.resize(start + static_cast<std::size_t>(p - begin));
}

std::size_t find_non_ascii(std::string_view text, std::size_t from) noexcept {
    const char* data = text.data();
    const std::size_t size = text.size();
    std::size_t i = from;
    constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;
    for (; i + 8 <= size; i += 8) {
        std::uint64_t word = 0;
        std::memcpy(&word, data + i, sizeof word);
        if ((word & kHighBits) != 0) {
            break;
        }
    }
    for (; i < size; ++i) {
        if ((static_cast<unsigned char>(data[i]) & 0x80U) != 0) {
            return i;
        }
    }
    return size;
}

} // namespace peerscope::analyzers::detail
