/// @file The research graph around an author: co-authors, works, topics, venues, institutions.
#pragma once

#include "internal.hpp"
#include "peerscope/schema/entity_data.hpp"
#include "peerscope/search/authors.hpp"

#include <cstddef>

namespace peerscope::search {

/// Throws Error(InvalidParameter) naming the parameter when @p depth is not 1 or 2 or @p limit is
/// not in 1..kMaxGraphLimit.
void check_graph_bounds(int depth, std::size_t limit);

/// The graph of @p author: at most @p limit nodes (the author included), shared among co-authors,
/// works, topics, venues and institutions in fixed proportions (what one kind leaves unused goes to
/// the others); depth 2 adds co-authors of the listed co-authors and the edges among them. Built
/// from the snapshot's facet codes and the works postlists; only listed works are decoded (for
/// their titles). Not thread-safe (uses @p impl's databases).
[[nodiscard]] ResearchGraph
build_graph(Searcher::Impl& impl, const schema::AuthorData& author, int depth, std::size_t limit);

} // namespace peerscope::search
