/// @file Value encoders shared by the indexer (writes) and the search library (reads).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace peerscope::schema {

/// Dense facet codes of one work, stored in WorkSlot::Facets. Entity ids are "A<n>", "S<n>",
/// "T<n>"; their codes are the numbers n. 0 means "none".
struct FacetCodes {
    std::uint32_t source = 0;          ///< venue (primary location source) code
    std::uint16_t year = 0;            ///< publication year, 0 when unknown
    std::uint8_t type = 0;             ///< index into kWorkTypes + 1, 0 when unknown
    std::vector<std::uint32_t> topics; ///< topic codes (assigned topics only, not ancestors)
    std::vector<std::uint32_t> authors;///< author codes in authorship order
    std::uint32_t cited_by = 0;        ///< citations within the index
};

/// Encodes codes compactly (varints). Thread-safe.
[[nodiscard]] std::string encode_facets(const FacetCodes& codes);
/// Decodes; nullopt when @p value is malformed. Thread-safe.
[[nodiscard]] std::optional<FacetCodes> decode_facets(std::string_view value);

/// OpenAlex work types we know, in code order (code = index + 1).
inline constexpr std::string_view kWorkTypes[] = {
    "article", "preprint", "book-chapter", "book", "dataset", "dissertation", "editorial",
    "erratum", "letter", "paratext", "peer-review", "report", "review", "standard", "other",
    "proceedings-article", "libguides", "reference-entry", "retraction", "supplementary-materials",
};
/// Code of a work type (0 when unknown).
[[nodiscard]] std::uint8_t type_code(std::string_view type) noexcept;
/// Type for a code; empty for 0 or out of range.
[[nodiscard]] std::string_view type_name(std::uint8_t code) noexcept;

/// Entity kinds and their id letters.
enum class EntityKind : char { Author = 'A', Source = 'S', Topic = 'T' };
/// "A" + n.
[[nodiscard]] std::string entity_id(EntityKind kind, std::uint32_t code);
/// Parses "A123" (or a URL ending in it) into its kind and code; nullopt when malformed.
struct EntityRef {
    EntityKind kind;
    std::uint32_t code;
};
[[nodiscard]] std::optional<EntityRef> parse_entity_id(std::string_view id);

/// Sortable encoding of a number for value slots (Xapian::sortable_serialise).
[[nodiscard]] std::string encode_number(double value);
[[nodiscard]] double decode_number(std::string_view value);

} // namespace peerscope::schema
