/// @file The only place that names Xapian value slots. Numbers are never reused.
#pragma once

#include <xapian.h>

namespace peerscope::schema {

/// Value slots of the works database.
enum class WorkSlot : Xapian::valueno {
    Year = 0,          ///< sortable_serialise(publication year)
    Date = 1,          ///< "YYYY-MM-DD" (sorts as a string)
    CitedBy = 2,       ///< sortable_serialise(cited_by_count within the index)
    Facets = 3,        ///< packed facet codes (codec.hpp: FacetCodes)
    TitleKey = 4,      ///< folded title for sorting and autocomplete
};

/// Value slots of the entities database.
enum class EntitySlot : Xapian::valueno {
    WorksCount = 0,    ///< sortable_serialise(works_count)
    CitedBy = 1,       ///< sortable_serialise(cited_by_count)
    Kind = 2,          ///< "author" / "source" / "topic"
    Id = 3,            ///< the entity id ("A12"), so id -> name maps load from value streams
    DisplayName = 4,   ///< the display name
};

/// The slot number for Xapian calls.
[[nodiscard]] constexpr Xapian::valueno slot(WorkSlot s) noexcept {
    return static_cast<Xapian::valueno>(s);
}
[[nodiscard]] constexpr Xapian::valueno slot(EntitySlot s) noexcept {
    return static_cast<Xapian::valueno>(s);
}

} // namespace peerscope::schema
