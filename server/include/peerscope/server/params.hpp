/// @file Query parameters: percent-decoding, aliases, numbers, and the requests built from them.
#pragma once

#include "peerscope/search/entities.hpp"
#include "peerscope/search/works.hpp"

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace peerscope::server {

/// Largest per_page / per-page.
inline constexpr std::size_t kMaxPerPage = 200;
/// Largest page * per_page for basic paging; deeper results need cursor paging.
inline constexpr std::size_t kMaxPagedResults = 10'000;
/// Largest number of OR'ed alternatives in one request (filter values joined by '|', plus the
/// operands of OR in the search text).
inline constexpr std::size_t kMaxOrTerms = 1'000;

/// Decodes %XX escapes (and '+' as a space when @p plus_as_space, as in query strings; paths keep
/// '+'). Throws HttpError(InvalidParameter) naming @p what for a malformed escape, a NUL byte or
/// text that is not valid UTF-8. Thread-safe.
[[nodiscard]] std::string
percent_decode(std::string_view text, bool plus_as_space, std::string_view what);

/// The offset of the first byte that is not part of well-formed UTF-8 (no overlongs, no
/// surrogates, at most U+10FFFF), or nullopt when @p text is valid. Thread-safe.
[[nodiscard]] std::optional<std::size_t> invalid_utf8_offset(std::string_view text) noexcept;

/// The query parameters of one request, decoded. Each parameter is taken once by name (with its
/// aliases); what is left over is an unknown parameter. Not thread-safe; one per request.
class QueryParams final {
  public:
    /// Decodes raw (still percent-encoded) names and values. Throws HttpError(InvalidParameter).
    static QueryParams decode(const std::vector<std::pair<std::string, std::string>>& raw);

    /// The value of the parameter known under @p names (the first is the canonical name, the others
    /// aliases such as "per-page"). Throws HttpError(InvalidParameter) when two of them are given
    /// with different values.
    [[nodiscard]] std::optional<std::string> take(std::initializer_list<std::string_view> names);

    /// Throws HttpError(InvalidParameter) naming the first parameter nobody took and listing
    /// @p valid. Parameters clients send for OpenAlex's sake (mailto, api_key, email) are ignored.
    void reject_unknown(std::string_view valid) const;

    /// Every decoded (name, value) pair, in the order Pistache kept them.
    [[nodiscard]] const std::vector<std::pair<std::string, std::string>>& all() const noexcept {
        return params_;
    }

  private:
    std::vector<std::pair<std::string, std::string>> params_;
    std::vector<bool> taken_;
};

/// Parses a whole number parameter: decimal digits only, at most @p max. Throws
/// HttpError(InvalidParameter) naming @p name. Thread-safe.
[[nodiscard]] std::uint64_t
parse_whole_number(std::string_view name, std::string_view text, std::uint64_t max);

/// Parses "true" or "false". Throws HttpError(InvalidParameter) naming @p name. Thread-safe.
[[nodiscard]] bool parse_bool(std::string_view name, std::string_view text);

/// Splits a comma list, trimming blanks and dropping empty items. Thread-safe.
[[nodiscard]] std::vector<std::string> split_list(std::string_view text);

/// GET /v1/works after parsing.
struct WorksRequest {
    search::WorksQuery query;
    std::vector<std::string> select; ///< empty: every field
    bool plural_groups = false; ///< answer with OpenAlex's `group_bys` (several keys or group_bys=)
};

/// GET /v1/sources after parsing.
struct SourcesRequest {
    search::EntityQuery query;
    std::vector<std::string> select;
};

/// GET /v1/works/{id}, /v1/works/random, /v1/sources/{id} after parsing.
struct SingleRequest {
    std::vector<std::string> select;
    std::optional<std::uint64_t> seed; ///< /v1/works/random only
};

/// The valid parameter names of each endpoint, for error messages.
inline constexpr std::string_view kWorksParams =
    "search, filter, sort, per_page (per-page), page, cursor, group_by (group-by), group_bys, "
    "select, highlight, sample, seed";
inline constexpr std::string_view kSourcesParams =
    "search, filter, sort, per_page (per-page), page, select";

/// Builds a works request; checks paging limits and the OR'ed-terms limit, the search library
/// validates the rest. Throws HttpError(InvalidParameter). Thread-safe.
[[nodiscard]] WorksRequest parse_works_request(QueryParams& params);
/// Builds a sources request. Throws HttpError(InvalidParameter). Thread-safe.
[[nodiscard]] SourcesRequest parse_sources_request(QueryParams& params);
/// Parameters of a single-entity endpoint; @p allow_seed for /works/random. Throws HttpError.
[[nodiscard]] SingleRequest parse_single_request(QueryParams& params, bool allow_seed);
/// The q of /v1/autocomplete/works ("" when absent). Throws HttpError(InvalidParameter).
[[nodiscard]] std::string parse_autocomplete_request(QueryParams& params);

} // namespace peerscope::server
