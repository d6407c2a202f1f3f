/// @file Related works and recommendations, each with its reasons.
#pragma once

#include "peerscope/schema/work_data.hpp"

#include <optional>
#include <string>
#include <vector>

namespace peerscope::search {

/// Why a work is related to the seed(s).
struct RelatedReason {
    std::string type;                    ///< "text", "authors", "topic", "cites", "cited_by", "co_cited", "shared_references"
    std::vector<std::string> terms;      ///< text: the distinctive shared terms
    std::vector<std::string> ids;        ///< authors/topics/works behind the reason
    std::string detail;                  ///< human-readable sentence
    double weight = 0.0;
};

/// One related work.
struct RelatedHit {
    schema::WorkData work;
    double score = 0.0;
    std::vector<RelatedReason> reasons;
};

/// GET /v1/works/{id}/related and POST /v1/related.
struct RelatedQuery {
    std::vector<std::string> positive;   ///< seed work ids (1..100)
    std::vector<std::string> negative;   ///< works to steer away from
    std::string filter;                  ///< OpenAlex filter narrowing the candidates
    std::size_t per_page = 25;
};

/// The answer.
struct RelatedPage {
    std::vector<RelatedHit> results;
    std::size_t per_page = 25;
    double elapsed_ms = 0.0;
};

} // namespace peerscope::search
