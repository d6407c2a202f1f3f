#include "ascii_breaker.hpp"

#include "folder.hpp"

#include <array>

namespace peerscope::analyzers::detail {
namespace {

// Word_Break classes of ASCII characters in ICU's root rules. CR, LF, spaces and all other
// characters break on both sides of a word, so they share kOther.
enum AsciiClass : std::uint8_t {
    kOther,
    kLetter,     // ALetter: A-Z a-z
    kAt,         // ALetter by ICU's tailoring, but not a letter for the token kind
    kDigit,      // Numeric
    kUnderscore, // ExtendNumLet
    kMidNumLet,  // MidNumLet and Single_Quote: '.' and '\'' join letters and digits
    kMidNum,     // MidNum: ',' and ';' join digits only
};

constexpr std::array<std::uint8_t, 256> kClasses = [] {
    std::array<std::uint8_t, 256> table{};
    for (std::size_t c = 'a'; c <= 'z'; ++c) {
        table[c] = kLetter;
        table[c - 'a' + 'A'] = kLetter;
    }
    for (std::size_t c = '0'; c <= '9'; ++c) {
        table[c] = kDigit;
    }
    table['@'] = kAt;
    table['_'] = kUnderscore;
    table['.'] = kMidNumLet;
    table['\''] = kMidNumLet;
    table[','] = kMidNum;
    table[';'] = kMidNum;
    return table;
}();

[[nodiscard]] constexpr bool is_word_class(std::uint8_t c) noexcept {
    return c == kLetter || c == kAt || c == kDigit || c == kUnderscore;
}

[[nodiscard]] constexpr bool is_aletter(std::uint8_t c) noexcept {
    return c == kLetter || c == kAt;
}

} // namespace

void break_ascii_words(std::string_view text,
                       std::uint32_t from,
                       std::uint32_t to,
                       TokenAssembler& sink,
                       std::string& term) {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    auto class_at = [s, to](std::uint32_t i) -> std::uint8_t {
        return i < to ? kClasses[s[i]] : static_cast<std::uint8_t>(kOther);
    };
    std::uint32_t i = from;
    while (i < to) {
        std::uint8_t previous = kClasses[s[i]];
        if (!is_word_class(previous)) {
            // A word never starts with a separator: WB6/WB7 and WB11/WB12 need a letter or digit
            // before it, and that would have been part of the previous word.
            ++i;
            continue;
        }
        bool letter = previous == kLetter;
        bool digit = previous == kDigit;
        std::uint32_t j = i + 1;
        while (j < to) {
            const std::uint8_t current = kClasses[s[j]];
            if (is_word_class(current)) {
                // WB5, WB8, WB9, WB10, WB13a, WB13b: letters, digits and '_' in any order.
                letter = letter || current == kLetter;
                digit = digit || current == kDigit;
                previous = current;
                ++j;
                continue;
            }
            if (current == kMidNumLet || current == kMidNum) {
                const std::uint8_t next = class_at(j + 1);
                if (current == kMidNumLet && is_aletter(previous) && is_aletter(next)) {
                    // WB6, WB7: "don't", "e.g", "a.b"
                    letter = letter || next == kLetter;
                    previous = next;
                    j += 2;
                    continue;
                }
                if (previous == kDigit && next == kDigit) {
                    // WB11, WB12: "1.5", "1,000"
                    previous = next;
                    j += 2;
                    continue;
                }
            }
            break;
        }
        if (letter || digit) {
            term.assign(text.data() + i, j - i);
            ascii_lower(term);
            sink.add(i, j, term, letter ? TokenKind::Word : TokenKind::Number);
        }
        i = j;
    }
}

} // namespace peerscope::analyzers::detail
