/// @file Related works and recommendations, each with its reasons.
#pragma once

#include "peerscope/schema/work_data.hpp"

#include <optional>
#include <string>
#include <vector>

namespace peerscope::search {

/// Why a work is related to the seed(s). Plain value type.
struct RelatedReason {
    /// "text", "authors", "topic", "cites", "cited_by", "co_cited", "shared_references"
    std::string type;
    /// text: distinctive words of the seeds the work also has, strongest first
    std::vector<std::string> terms;
    /// authors: shared author ids; topic: shared topic ids; cites / cited_by: the seeds;
    /// co_cited: the works citing both; shared_references: the references both cite
    std::vector<std::string> ids;
    std::vector<std::string> seeds; ///< the seed works this reason relates the work to
    std::string detail;             ///< human-readable sentence
    double weight = 0.0;            ///< contribution to the score
};

/// One related work. Plain value type.
struct RelatedHit {
    schema::WorkData work;
    double score = 0.0;
    std::vector<RelatedReason> reasons; ///< strongest first
};

/// Most seeds (positive + negative each) one request may name.
inline constexpr std::size_t kMaxRelatedSeeds = 100;
/// Largest per_page of related works.
inline constexpr std::size_t kMaxRelatedPerPage = 200;

/// GET /v1/works/{id}/related and POST /v1/related. Plain value type.
struct RelatedQuery {
    std::vector<std::string> positive; ///< seed work ids (1..kMaxRelatedSeeds), any id form
    std::vector<std::string> negative; ///< works to steer away from (0..kMaxRelatedSeeds)
    std::string filter;                ///< OpenAlex works filter narrowing the candidates
    std::size_t per_page = 25;         ///< 1..kMaxRelatedPerPage
};

/// A distinctive term of the query built from the seeds. Plain value type.
struct RelatedTerm {
    std::string term;    ///< the word
    double weight = 0.0; ///< expansion weight (negative seeds subtracted)
};

/// The answer. Plain value type.
struct RelatedPage {
    std::vector<RelatedHit> results;
    std::size_t per_page = 25;
    std::vector<std::string> seeds;          ///< the positive seeds' work ids, as resolved
    std::vector<std::string> negative_seeds; ///< the negative seeds' work ids
    std::vector<RelatedTerm> query_terms;    ///< the text query chosen from the evidence
    /// Works the seeds' citations single out, whose words joined the query (relevance feedback)
    std::vector<std::string> feedback_works;
    std::vector<std::string> evidence; ///< reason types that found candidates
    double elapsed_ms = 0.0;
};

} // namespace peerscope::search
