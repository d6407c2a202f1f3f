/// @file JSON shapes of the HTTP API (OpenAlex's, plus documented extensions).
#pragma once

#include "peerscope/schema/entity_data.hpp"
#include "peerscope/schema/work_data.hpp"
#include "peerscope/search/service.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace peerscope::server {

/// Objects keep their keys in insertion order, as OpenAlex's responses do.
using Json = nlohmann::ordered_json;

/// The top-level fields of a work, in response order (the valid `select` fields).
[[nodiscard]] std::span<const std::string_view> work_fields() noexcept;
/// The top-level fields of a source (the valid `select` fields on /sources).
[[nodiscard]] std::span<const std::string_view> source_fields() noexcept;

/// Throws HttpError(InvalidParameter) naming the first of @p select that is not in @p valid, and
/// listing the valid ones. Thread-safe.
void validate_select(const std::vector<std::string>& select,
                     std::span<const std::string_view> valid);

/// Keeps only the keys named in @p select (all when empty). Thread-safe.
void apply_select(Json& object, const std::vector<std::string>& select);

/// OpenAlex's abstract_inverted_index: every whitespace-separated word of @p abstract mapped to
/// its positions, words in order of first appearance; null when there is no abstract.
[[nodiscard]] Json abstract_inverted_index(std::string_view abstract);

/// A work in OpenAlex's shape. @p relevance and @p highlight are added when present.
[[nodiscard]] Json work_json(const schema::WorkData& work,
                             std::optional<double> relevance = std::nullopt,
                             const std::optional<search::Highlight>& highlight = std::nullopt);

/// How a works page is written.
struct WorksPageOptions {
    std::vector<std::string> select; ///< fields of each result (empty = all)
    bool plural_groups = false;      ///< write `group_bys` instead of `group_by`
};

/// The /v1/works answer: meta, results, group_by (or group_bys).
[[nodiscard]] Json works_page_json(const search::WorksPage& page, const WorksPageOptions& options);

/// A source in OpenAlex's shape.
[[nodiscard]] Json source_json(const schema::SourceEntityData& source,
                               std::optional<double> relevance = std::nullopt);

/// The /v1/sources answer.
[[nodiscard]] Json sources_page_json(const search::SourcesPage& page,
                                     const std::vector<std::string>& select);

/// The /v1/autocomplete/works answer, in OpenAlex's autocomplete shape.
[[nodiscard]] Json completions_json(const std::vector<search::WorkCompletion>& completions,
                                    double elapsed_ms);

/// The /healthz answer.
[[nodiscard]] Json health_json(const search::Health& health);

// ---- topics and related works (server/src/json_topics_related.cpp) ----

/// The top-level fields of a topic, in response order (the valid `select` fields on /topics).
[[nodiscard]] std::span<const std::string_view> topic_fields() noexcept;

/// A topic with its path, children, aggregates, related topics and trend. Thread-safe.
[[nodiscard]] Json topic_json(const search::TopicDetail& topic);

/// The /v1/topics answer: meta, results (each @p select-ed), group_by. Thread-safe.
[[nodiscard]] Json topics_page_json(const search::TopicsPage& page,
                                    const std::vector<std::string>& select);

/// The fields of a related work (a work's fields plus `reasons`), the valid `select` fields.
[[nodiscard]] std::span<const std::string_view> related_fields() noexcept;

/// The answer of GET /v1/works/{id}/related and POST /v1/related: meta (seeds, the chosen query
/// terms, the evidence found) and results (works with relevance_score and reasons). Thread-safe.
[[nodiscard]] Json related_page_json(const search::RelatedPage& page,
                                     const std::vector<std::string>& select);

/// Compact JSON text; invalid UTF-8 in stored data is replaced, never thrown on.
[[nodiscard]] std::string dump(const Json& json);

} // namespace peerscope::server
