/// @file The trust score of an author, from the evidence the index holds (docs/trust.md).
#pragma once

#include "peerscope/schema/entity_data.hpp"
#include "peerscope/search/authors.hpp"

#include <array>

namespace peerscope::search {

/// One rule of the score: points per counted item, and a cap. docs/trust.md lists them.
struct TrustRule {
    const char* kind;
    int points_each;
    int max_points;
};

/// The rules, in the order the evidence lists them.
inline constexpr TrustRule kTrustWorks{"works", 2, 20};
inline constexpr TrustRule kTrustYears{"years_active", 1, 10};
inline constexpr TrustRule kTrustPeerReviewed{"peer_reviewed_works", 1, 10};
inline constexpr TrustRule kTrustVenues{"peer_reviewed_venues", 1, 5};
inline constexpr TrustRule kTrustCollaborators{"repeat_collaborators", 1, 5};
inline constexpr TrustRule kTrustDois{"dois", 1, 5};
inline constexpr TrustRule kTrustCitations{"citations", 1, 10};
inline constexpr TrustRule kTrustCorroboration{"cross_source_works", 5, 5};
inline constexpr TrustRule kTrustOrcid{"orcid", 15, 15};
inline constexpr TrustRule kTrustClaimed{"claimed", 15, 15};

/// Shared works that make a co-author a repeat collaborator.
inline constexpr long kRepeatCollaboration = 2;

/// Tier names and the lowest score of each, lowest tier first.
struct TrustTier {
    int from;
    const char* name;
};
inline constexpr std::array<TrustTier, 5> kTrustTiers = {
    {{0, "New"}, {10, "Emerging"}, {35, "Established"}, {60, "Strong"}, {80, "Exemplary"}}};

/// The trust snapshot of @p author: the sum of the rules' points, each evidence item naming the
/// works or identifiers behind its points, the tier and the verification level. Pure function;
/// thread-safe.
[[nodiscard]] Trust compute_trust(const schema::AuthorData& author);

} // namespace peerscope::search
