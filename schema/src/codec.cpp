#include "peerscope/schema/codec.hpp"

#include <xapian.h>

#include <algorithm>
#include <charconv>
#include <iterator>

namespace peerscope::schema {
namespace {

void put_varint(std::string& out, std::uint64_t value) {
    while (value >= 0x80) {
        out.push_back(static_cast<char>((value & 0x7f) | 0x80));
        value >>= 7;
    }
    out.push_back(static_cast<char>(value));
}

bool get_varint(std::string_view& in, std::uint64_t& value) {
    value = 0;
    int shift = 0;
    while (!in.empty() && shift < 64) {
        auto byte = static_cast<unsigned char>(in.front());
        in.remove_prefix(1);
        value |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
        if ((byte & 0x80) == 0) {
            return true;
        }
        shift += 7;
    }
    return false;
}

bool get_list(std::string_view& in, std::vector<std::uint32_t>& out) {
    std::uint64_t count = 0;
    if (!get_varint(in, count) || count > in.size()) {
        return false;
    }
    out.clear();
    out.reserve(count);
    for (std::uint64_t i = 0; i < count; ++i) {
        std::uint64_t value = 0;
        if (!get_varint(in, value) || value > UINT32_MAX) {
            return false;
        }
        out.push_back(static_cast<std::uint32_t>(value));
    }
    return true;
}

} // namespace

std::string encode_facets(const FacetCodes& codes) {
    std::string out;
    out.reserve(8 + 3 * (codes.topics.size() + codes.authors.size()));
    put_varint(out, codes.source);
    put_varint(out, codes.year);
    put_varint(out, codes.type);
    put_varint(out, codes.cited_by);
    put_varint(out, codes.topics.size());
    for (std::uint32_t code : codes.topics) {
        put_varint(out, code);
    }
    put_varint(out, codes.authors.size());
    for (std::uint32_t code : codes.authors) {
        put_varint(out, code);
    }
    return out;
}

std::optional<FacetCodes> decode_facets(std::string_view value) {
    FacetCodes codes;
    std::uint64_t source = 0;
    std::uint64_t year = 0;
    std::uint64_t type = 0;
    std::uint64_t cited_by = 0;
    if (!get_varint(value, source) || !get_varint(value, year) || !get_varint(value, type)
        || !get_varint(value, cited_by) || source > UINT32_MAX || year > UINT16_MAX
        || type > UINT8_MAX || cited_by > UINT32_MAX) {
        return std::nullopt;
    }
    codes.source = static_cast<std::uint32_t>(source);
    codes.year = static_cast<std::uint16_t>(year);
    codes.type = static_cast<std::uint8_t>(type);
    codes.cited_by = static_cast<std::uint32_t>(cited_by);
    if (!get_list(value, codes.topics) || !get_list(value, codes.authors) || !value.empty()) {
        return std::nullopt;
    }
    return codes;
}

std::uint8_t type_code(std::string_view type) noexcept {
    const auto* found = std::find(std::begin(kWorkTypes), std::end(kWorkTypes), type);
    if (found == std::end(kWorkTypes)) {
        return 0;
    }
    return static_cast<std::uint8_t>(found - std::begin(kWorkTypes) + 1);
}

std::string_view type_name(std::uint8_t code) noexcept {
    if (code == 0 || code > std::size(kWorkTypes)) {
        return {};
    }
    return kWorkTypes[code - 1];
}

std::string entity_id(EntityKind kind, std::uint32_t code) {
    return std::string(1, static_cast<char>(kind)) + std::to_string(code);
}

std::optional<EntityRef> parse_entity_id(std::string_view id) {
    auto slash = id.rfind('/');
    if (slash != std::string_view::npos) {
        id.remove_prefix(slash + 1);
    }
    if (id.size() < 2 || id.size() > 11) {
        return std::nullopt;
    }
    char letter = id.front();
    if (letter >= 'a' && letter <= 'z') {
        letter = static_cast<char>(letter - 'a' + 'A');
    }
    EntityKind kind{};
    switch (letter) {
    case 'A':
        kind = EntityKind::Author;
        break;
    case 'S':
        kind = EntityKind::Source;
        break;
    case 'T':
        kind = EntityKind::Topic;
        break;
    default:
        return std::nullopt;
    }
    std::string_view digits = id.substr(1);
    if (digits.front() == '0' && digits.size() > 1) {
        return std::nullopt;
    }
    std::uint32_t code = 0;
    auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), code);
    if (error != std::errc() || end != digits.data() + digits.size() || code == 0) {
        return std::nullopt;
    }
    return EntityRef{kind, code};
}

std::string encode_number(double value) { return Xapian::sortable_serialise(value); }

double decode_number(std::string_view value) {
    return Xapian::sortable_unserialise(std::string(value));
}

} // namespace peerscope::schema
