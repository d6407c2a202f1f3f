/// @file Requests and answers for topics: browsing the taxonomy.
#pragma once

#include "peerscope/schema/entity_data.hpp"
#include "peerscope/search/works.hpp"

#include <optional>
#include <string>
#include <vector>

namespace peerscope::search {

/// A page of topics (GET /v1/topics).
struct TopicsPage {
    long count = 0;
    std::vector<schema::TopicEntityData> results;
    std::vector<double> relevance_scores;
    std::size_t page = 1;
    std::size_t per_page = 25;
    double elapsed_ms = 0.0;
};

/// A topic page (GET /v1/topics/{id}).
struct TopicDetail {
    schema::TopicEntityData topic;
    std::vector<schema::CountedRef> path;      ///< root first, the topic last
    std::vector<schema::CountedRef> children;  ///< count = works_count
    bool rising = false;                       ///< share of works over the last three years vs before
    double recent_share = 0.0;
    double earlier_share = 0.0;
};

} // namespace peerscope::search
