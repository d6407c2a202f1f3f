/// @file Entity aggregates (authors, venues, topics) computed from their works.
#pragma once

#include "peerscope/schema/entity_data.hpp"
#include "peerscope/schema/work_data.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

namespace peerscope::indexer {

/// Topic parents and names, to walk a topic up to its domain. Plain value type.
struct TopicTree {
    std::unordered_map<std::string, std::string> parent_of; ///< topic id -> parent id ("" at a root)
    std::unordered_map<std::string, std::string> name_of;   ///< topic id -> display name
    /// @p id and its ancestors, @p id first.
    [[nodiscard]] std::vector<std::string> lineage(const std::string& id) const;
};

/// Caps that keep entity documents small.
inline constexpr std::size_t kMaxCollaborators = 60;
inline constexpr std::size_t kMaxCountedRefs = 20;

/// Fills the aggregate fields of @p author (counts, h-index, topics, venues, collaborators, years,
/// affiliations, work ids) from @p works, the works that name them. Identity fields are kept.
void aggregate_author(schema::AuthorData& author, const std::vector<const schema::WorkData*>& works);

/// Fills the aggregate fields of a venue from the works whose primary source it is.
void aggregate_source(schema::SourceEntityData& source,
                      const std::vector<const schema::WorkData*>& works);

/// Fills the aggregate fields of a topic from the works that have it or a descendant.
void aggregate_topic(schema::TopicEntityData& topic,
                     const std::vector<const schema::WorkData*>& works,
                     const TopicTree& tree);

} // namespace peerscope::indexer
