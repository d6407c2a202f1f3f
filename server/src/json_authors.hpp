/// @file JSON shapes and request parsing of the author endpoints (internal to the server).
#pragma once

#include "peerscope/schema/entity_data.hpp"
#include "peerscope/search/authors.hpp"
#include "peerscope/search/entities.hpp"
#include "peerscope/server/json_codec.hpp"
#include "peerscope/server/params.hpp"

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace peerscope::server {

/// The top-level fields of an author, in response order (the valid `select` fields).
[[nodiscard]] std::span<const std::string_view> author_fields() noexcept;

/// An author in OpenAlex's shape (docs/api.md, "The author object"). Thread-safe.
[[nodiscard]] Json author_json(const schema::AuthorData& author,
                               std::optional<double> relevance = std::nullopt);

/// The /v1/authors answer: meta, results, group_by (or group_bys).
[[nodiscard]] Json authors_page_json(const search::AuthorsPage& page,
                                     const std::vector<std::string>& select,
                                     bool plural_groups);

/// The /v1/authors/{id}/card answer. Thread-safe.
[[nodiscard]] Json author_card_json(const search::AuthorCard& card);

/// The /v1/authors/{id}/graph answer. Thread-safe.
[[nodiscard]] Json research_graph_json(const search::ResearchGraph& graph);

/// The /v1/autocomplete/authors answer, in OpenAlex's autocomplete shape. Thread-safe.
[[nodiscard]] Json author_completions_json(const std::vector<search::AuthorCompletion>& completions,
                                           double elapsed_ms);

/// GET /v1/authors after parsing.
struct AuthorsRequest {
    search::EntityQuery query;
    std::vector<std::string> select;
    bool plural_groups = false; ///< answer with `group_bys` (several keys, or group_bys=)
};

/// GET /v1/authors/{id}/graph after parsing.
struct GraphRequest {
    int depth = 1;
    std::size_t limit = search::kDefaultGraphLimit;
};

/// The valid parameter names of the author endpoints, for error messages.
inline constexpr std::string_view kAuthorsParams =
    "search, filter, sort, per_page (per-page), page, group_by (group-by), group_bys, select";
inline constexpr std::string_view kGraphParams = "depth, limit";

/// Builds an authors request; checks paging and OR'ed-term limits, the search library validates the
/// rest. Throws HttpError(InvalidParameter). Thread-safe.
[[nodiscard]] AuthorsRequest parse_authors_request(QueryParams& params);
/// depth (1..2, default 1) and limit (1..kMaxGraphLimit, default kDefaultGraphLimit). Throws
/// HttpError(InvalidParameter) naming the parameter. Thread-safe.
[[nodiscard]] GraphRequest parse_graph_request(QueryParams& params);

} // namespace peerscope::server
