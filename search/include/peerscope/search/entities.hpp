/// @file Requests and answers for entity lists (sources now; authors and topics later).
#pragma once

#include "peerscope/schema/entity_data.hpp"

#include <string>
#include <vector>

namespace peerscope::search {

/// A /v1/sources (or other entity list) request after URL decoding.
struct EntityQuery {
    std::string search;              ///< name search ("" = all)
    std::string filter;              ///< entity filter (OpenAlex syntax; keys depend on the entity)
    std::string sort;                ///< "works_count:desc" (default), "relevance_score:desc", "display_name:asc"
    std::size_t per_page = 25;
    std::size_t page = 1;
    std::vector<std::string> group_by; ///< group_by keys (authors: has_orcid, works_count, cited_by_count)
};

/// A page of sources.
struct SourcesPage {
    long count = 0;
    std::vector<schema::SourceEntityData> results;
    std::vector<double> relevance_scores; ///< parallel to results when searching, else empty
    std::size_t page = 1;
    std::size_t per_page = 25;
    double elapsed_ms = 0.0;
};

} // namespace peerscope::search
