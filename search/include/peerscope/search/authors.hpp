/// @file Requests and answers for authors: search, profile cards, research graphs, completion.
#pragma once

#include "peerscope/schema/entity_data.hpp"
#include "peerscope/search/works.hpp"

#include <optional>
#include <string>
#include <vector>

namespace peerscope::search {

/// A page of authors (GET /v1/authors).
struct AuthorsPage {
    long count = 0;
    std::vector<schema::AuthorData> results;
    std::vector<double> relevance_scores; ///< parallel to results when searching, else empty
    std::vector<GroupResult> groups;
    std::size_t page = 1;
    std::size_t per_page = 25;
    double elapsed_ms = 0.0;
};

/// One piece of evidence behind a trust score: every point is traceable to one of these.
struct TrustEvidence {
    std::string kind;                    ///< e.g. "peer_reviewed_works", "orcid", "years_active"
    int points = 0;                      ///< contribution to the score
    std::string detail;                  ///< human-readable sentence
    std::vector<std::string> work_ids;   ///< works behind it, when any
    std::vector<std::string> identifiers;///< identifiers behind it (ORCID, DOIs), when any
};

/// The trust snapshot of a card (docs/trust.md defines it).
struct Trust {
    int score = 0;                       ///< 0-100
    std::string tier;
    std::string verification_level;
    bool claimed = false;
    std::vector<TrustEvidence> evidence;
};

/// The researcher profile card (GET /v1/authors/{id}/card).
struct AuthorCard {
    schema::AuthorData author;           ///< the entity, for id, names and counts
    std::string affiliation;             ///< last known institution, or "not imported"
    std::vector<schema::CountedRef> topics; ///< top topics; count = works
    std::vector<double> topic_shares;    ///< parallel to topics: share of the author's works
    std::vector<schema::CollaboratorData> close_collaborators;
    std::vector<schema::WorkData> recent_works;
    std::vector<schema::CountedRef> venues;
    int first_year = 0;
    int last_year = 0;
    Trust trust;
};

/// A node of a research graph.
struct GraphNode {
    std::string id;                      ///< entity or work id
    std::string kind;                    ///< "author", "work", "topic", "source", "institution"
    std::string label;
    double weight = 0.0;
};

/// A weighted edge.
struct GraphEdge {
    std::string source;
    std::string target;
    std::string kind;                    ///< "coauthor", "authored", "about", "published_in", "affiliated"
    double weight = 0.0;
    int first_year = 0;
    int last_year = 0;
};

/// The research graph around a person (GET /v1/authors/{id}/graph).
struct ResearchGraph {
    std::vector<GraphNode> nodes;
    std::vector<GraphEdge> edges;
    bool truncated = false;              ///< true when limit cut nodes
};

/// An author completion for the search box.
struct AuthorCompletion {
    std::string id;
    std::string display_name;
    std::string hint;                    ///< "554 works · CVPR 2024"
    long works_count = 0;
};

} // namespace peerscope::search
