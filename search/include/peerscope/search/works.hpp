/// @file Requests and answers for works: search, filters, facets, paging.
#pragma once

#include "peerscope/schema/work_data.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace peerscope::search {

/// A /v1/works request after URL decoding. Parameter syntax follows OpenAlex; the search library
/// validates everything and throws Error(InvalidParameter, "<param>: what is wrong") on bad input.
struct WorksQuery {
    std::string search;              ///< the query box ("" = no text query)
    std::string filter;              ///< OpenAlex filter, e.g. "publication_year:2019-2022,type:article"
    std::string sort;                ///< "relevance_score:desc" (default with search), "publication_year:desc",
                                     ///< "publication_year:asc", "cited_by_count:desc", "" = default
    std::size_t per_page = 25;       ///< 1..200
    std::size_t page = 1;            ///< 1-based; page * per_page <= 10,000
    std::optional<std::string> cursor; ///< "*" to start a cursor walk, or a next_cursor value
    std::vector<std::string> group_by; ///< "publication_year", "topics.id:include_unknown", ...
    bool highlight = false;          ///< add <mark> snippets of title and abstract
    std::optional<std::size_t> sample; ///< a random sample of this many matching works
    std::optional<std::uint64_t> seed; ///< seed for sample (deterministic)
};

/// Highlighted text: HTML-escaped, matched words wrapped in <mark>...</mark>.
struct Highlight {
    std::string title;
    std::string abstract_snippet;   ///< the best window of the abstract (or empty)
};

/// One result.
struct WorkHit {
    schema::WorkData work;
    std::optional<double> relevance_score; ///< present when ranked by relevance
    std::optional<Highlight> highlight;
};

/// One facet bucket.
struct GroupBucket {
    std::string key;                ///< "2021", "S3", "T45", "A12", "article", or "unknown"
    std::string key_display_name;
    long count = 0;
};

/// The facet of one group_by key.
struct GroupResult {
    std::string key;                ///< the group_by key as requested (without :include_unknown)
    std::vector<GroupBucket> buckets; ///< count descending, then key; at most 200
    long groups_count = 0;          ///< number of distinct buckets (before the 200 cap)
};

/// The answer to a WorksQuery.
struct WorksPage {
    long count = 0;                 ///< exact number of matching works
    std::vector<WorkHit> results;
    std::vector<GroupResult> groups;
    std::size_t page = 1;           ///< 0 when paging by cursor
    std::size_t per_page = 25;
    std::optional<std::string> next_cursor; ///< set when a cursor walk has more
    bool cursor_used = false;       ///< true when the request used a cursor (next_cursor may be null)
    std::vector<std::string> warnings; ///< e.g. "unbalanced quote: the query was read as plain text"
    std::optional<std::string> suggestion; ///< a spelling suggestion when the query finds little
    double elapsed_ms = 0.0;        ///< time spent in the library
};

/// A title completion for the search box.
struct WorkCompletion {
    std::string id;
    std::string display_name;       ///< the title
    std::string hint;               ///< "2022 · ICML"
    long cited_by_count = 0;
};

} // namespace peerscope::search
