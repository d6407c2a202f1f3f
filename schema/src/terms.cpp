#include "peerscope/schema/terms.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

namespace peerscope::schema {
namespace {

/// "#" and 16 hex digits.
constexpr std::size_t kHashSuffixBytes = 17;

std::uint64_t fnv1a(std::string_view text) {
    std::uint64_t hash = 14695981039346656037ULL;
    for (char c : text) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 1099511628211ULL;
    }
    return hash;
}

bool utf8_continuation(char c) {
    return (static_cast<unsigned char>(c) & 0xC0U) == 0x80U;
}

} // namespace

std::string term(std::string_view prefix, std::string_view value) {
    std::string t;
    if (prefix.size() + value.size() <= kMaxTermBytes) {
        t.reserve(prefix.size() + value.size());
        t.append(prefix).append(value);
        return t;
    }
    std::size_t keep = kMaxTermBytes - kHashSuffixBytes
                       - std::min(prefix.size(), kMaxTermBytes - kHashSuffixBytes);
    while (keep > 0 && keep < value.size() && utf8_continuation(value[keep])) {
        --keep;
    }
    static constexpr std::array<char, 16> kHex = {
        '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};
    std::uint64_t hash = fnv1a(value);
    t.reserve(kMaxTermBytes);
    t.append(prefix).append(value.substr(0, keep)).push_back('#');
    for (int shift = 60; shift >= 0; shift -= 4) {
        t.push_back(kHex[(hash >> static_cast<unsigned>(shift)) & 0xFU]);
    }
    return t;
}

} // namespace peerscope::schema
