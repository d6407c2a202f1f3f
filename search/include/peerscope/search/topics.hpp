/// @file Requests and answers for topics: browsing the taxonomy (domain > field > subfield >
/// topic).
#pragma once

#include "peerscope/schema/entity_data.hpp"
#include "peerscope/search/works.hpp"

#include <optional>
#include <string>
#include <vector>

namespace peerscope::search {

/// A topic as a node of the tree: id, name, level and works (path entries and children).
/// Plain value type.
struct TopicNode {
    std::string id;           ///< "T11"
    std::string display_name; ///< "Machine Learning"
    std::string level;        ///< "domain", "field", "subfield", "topic"
    long works_count = 0;     ///< works with this topic or a descendant
};

/// A related topic: co-occurs with the topic in works. Plain value type.
struct RelatedTopic {
    std::string id;
    std::string display_name;
    long works_count = 0;  ///< works of the related topic
    long shared_works = 0; ///< works that have both (as stored by the indexer)
    double score = 0.0;    ///< association: shared / sqrt(works of one * works of the other)
};

/// Whether a topic is rising: its share of the index's works in the last three years of the
/// index against its share in the years before. Plain value type.
struct TopicTrend {
    int recent_from = 0;        ///< first of the last three years (0 when the index has no years)
    int recent_to = 0;          ///< the newest publication year in the index
    long recent_works = 0;      ///< works of the topic in [recent_from, recent_to]
    long earlier_works = 0;     ///< works of the topic before recent_from
    double recent_share = 0.0;  ///< recent_works / all works of those years
    double earlier_share = 0.0; ///< earlier_works / all works of the earlier years
    /// recent_share / earlier_share; 0 when the topic had no earlier works.
    double growth = 0.0;
    /// growth >= kRisingGrowth (or new: no earlier works) with at least kRisingMinWorks recent
    /// works.
    bool rising = false;
};

/// Growth of the share that makes a topic rising.
inline constexpr double kRisingGrowth = 1.25;
/// Recent works a topic needs before it can be called rising (fewer is noise).
inline constexpr long kRisingMinWorks = 5;

/// A topic page (GET /v1/topics/{id}) and each result of GET /v1/topics. Plain value type.
struct TopicDetail {
    schema::TopicEntityData topic;     ///< the entity with the indexer's aggregates
    std::vector<TopicNode> path;       ///< root first, the topic last
    std::vector<TopicNode> children;   ///< most works first
    std::vector<RelatedTopic> related; ///< strongest association first (at most 10)
    TopicTrend trend;
    std::optional<double> relevance_score; ///< when listed by a name search
};

/// A page of topics (GET /v1/topics). Plain value type.
struct TopicsPage {
    long count = 0;
    std::vector<TopicDetail> results;
    std::size_t page = 1;
    std::size_t per_page = 25;
    double elapsed_ms = 0.0;
};

} // namespace peerscope::search
