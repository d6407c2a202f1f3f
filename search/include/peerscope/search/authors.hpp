/// @file Requests and answers for authors: search, profile cards, research graphs, completion.
#pragma once

#include "peerscope/schema/entity_data.hpp"
#include "peerscope/schema/work_data.hpp"
#include "peerscope/search/works.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace peerscope::search {

/// A page of authors (GET /v1/authors). Plain value type.
struct AuthorsPage {
    long count = 0; ///< exact number of matching authors
    std::vector<schema::AuthorData> results;
    std::vector<double>
        relevance_scores;            ///< parallel to results when searching by name, else empty
    std::vector<GroupResult> groups; ///< one per EntityQuery::group_by key, in request order
    std::size_t page = 1;
    std::size_t per_page = 25;
    double elapsed_ms = 0.0;
};

/// Filter keys GET /v1/authors accepts (EntityQuery::filter).
inline constexpr const char* kAuthorFilterKeys =
    "works_count, cited_by_count, has_orcid, orcid, display_name.search, default.search, id, "
    "openalex, ids.openalex";

/// One piece of evidence behind a trust score (docs/trust.md): every point of the score comes
/// from one of these, and each names the works or identifiers behind its points. Plain value type.
struct TrustEvidence {
    std::string kind;                  ///< "works", "peer_reviewed_works", "orcid", ...
    int points = 0;                    ///< contribution to the score
    int max_points = 0;                ///< the most this kind can contribute
    std::string detail;                ///< one sentence saying what was counted and how
    std::vector<std::string> work_ids; ///< the works behind the points, when any
    std::vector<std::string>
        identifiers; ///< identifiers behind them (ORCID, DOIs, venue or author ids)
};

/// The trust snapshot of a card (docs/trust.md defines every rule). Plain value type.
struct Trust {
    int score = 0;                  ///< 0-100: the sum of the evidence points
    std::string tier;               ///< "New", "Emerging", "Established", "Strong", "Exemplary"
    std::string verification_level; ///< "L0".."L4"
    std::string verification;       ///< what the level means for this author, in words
    bool claimed = false;           ///< always false: the index holds no claims
    std::vector<TrustEvidence> evidence;
};

/// A topic of the card with its share of the author's works. Plain value type.
struct TopicShare {
    std::string id;
    std::string display_name;
    long works_count = 0; ///< the author's works with this topic
    double share = 0.0;   ///< works_count / the author's works_count
};

/// A close collaborator of the card, with the names of the topics both work on. Plain value type.
struct CloseCollaborator {
    schema::CollaboratorData collaborator;
    std::vector<schema::CountedRef> shared_topics; ///< id and name (count unused)
};

/// The researcher profile card (GET /v1/authors/{id}/card). Plain value type.
struct AuthorCard {
    schema::AuthorData author;      ///< the entity, for id, names, counts and identifiers
    std::string affiliation;        ///< last known institution, or "not imported"
    long topics_count = 0;          ///< distinct topics over all works
    long collaborators_count = 0;   ///< distinct co-authors
    std::vector<TopicShare> topics; ///< top topics, most works first
    std::vector<CloseCollaborator> close_collaborators; ///< most shared works first
    std::vector<schema::WorkData> recent_works;         ///< newest first
    std::vector<schema::CountedRef> venues;             ///< count = works, most first
    int first_year = 0; ///< years active (0 when no work has a year)
    int last_year = 0;
    Trust trust;
};

/// How many topics, collaborators, recent works and venues a card lists.
inline constexpr std::size_t kCardTopics = 5;
inline constexpr std::size_t kCardCollaborators = 10;
inline constexpr std::size_t kCardRecentWorks = 5;
inline constexpr std::size_t kCardVenues = 5;

/// A node of a research graph. Plain value type.
struct GraphNode {
    std::string id;      ///< entity or work id; institutions are "institution:" + name
    std::string kind;    ///< "author", "work", "topic", "source", "institution"
    std::string label;   ///< display name or title
    double weight = 0.0; ///< works of the centre author this node stands for (1 for a work)
    int ring = 0;        ///< 0 the author, 1 direct neighbours, 2 neighbours of co-authors
    int year = 0;        ///< works: publication year
};

/// A weighted edge. Plain value type.
struct GraphEdge {
    std::string source;
    std::string target;
    std::string kind; ///< "coauthor", "authored", "about", "published_in", "affiliated",
                      ///< "works_on", "publishes_in"
    double weight = 0.0; ///< shared works (coauthor), works (works_on, publishes_in), 1 otherwise
    int first_year = 0;  ///< first and last year of the shared works (0 when unknown)
    int last_year = 0;
};

/// The research graph around a person (GET /v1/authors/{id}/graph). Plain value type.
struct ResearchGraph {
    std::string center; ///< the author's id
    int depth = 1;
    std::size_t limit = 0;
    std::vector<GraphNode> nodes; ///< the author first, then by ring and weight
    std::vector<GraphEdge> edges; ///< only between listed nodes
    bool truncated = false;       ///< true when the limit left out nodes
};

/// group_by keys GET /v1/authors accepts (EntityQuery::group_by).
inline constexpr const char* kAuthorGroupKeys = "has_orcid, works_count, cited_by_count";

/// Bounds of the graph: depth 1..2, limit (nodes) 1..kMaxGraphLimit.
inline constexpr std::size_t kDefaultGraphLimit = 60;
inline constexpr std::size_t kMaxGraphLimit = 300;

/// An author completion for the search box. Plain value type.
struct AuthorCompletion {
    std::string id;
    std::string display_name;
    std::string hint; ///< "554 works · CVPR 2024": works count, venue and year of the newest work
    long works_count = 0;
    long cited_by_count = 0;
    std::string orcid; ///< bare ORCID or empty
};

/// Most completions returned.
inline constexpr std::size_t kMaxAuthorCompletions = 10;

} // namespace peerscope::search
