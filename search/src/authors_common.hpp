/// @file Helpers shared by the author endpoints (search, card, graph, completion).
#pragma once

#include "internal.hpp"
#include "peerscope/schema/entity_data.hpp"
#include "peerscope/schema/work_data.hpp"

#include <xapian.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace peerscope::search {

/// The canonical id ("A12") of an author id as a client wrote it ("A12", "a12",
/// "https://openalex.org/A12"). Throws Error(InvalidParameter) naming @p id when it is not an
/// author id.
[[nodiscard]] std::string canonical_author_id(std::string_view id);

/// The entities docid of author @p canonical_id, 0 when the index has none.
[[nodiscard]] Xapian::docid find_author(Xapian::Database& entities,
                                        const std::string& canonical_id);

/// Decodes the author stored in @p did; Error(IndexUnavailable) when the data is damaged.
[[nodiscard]] schema::AuthorData load_author(Xapian::Database& entities, Xapian::docid did);

/// The author named by @p id (any form canonical_author_id accepts), nullopt when unknown.
[[nodiscard]] std::optional<schema::AuthorData> author_by_id(Searcher::Impl& impl,
                                                             std::string_view id);

/// The works docids of author @p canonical_id (postlist of its XAU term), in docid order.
[[nodiscard]] std::vector<Xapian::docid> works_of_author(Xapian::Database& works,
                                                         const std::string& canonical_id);

/// The works docid of work @p id (its work id), 0 when absent.
[[nodiscard]] Xapian::docid find_work_docid(Xapian::Database& works, const std::string& id);

/// Decodes the work stored in @p did; Error(IndexUnavailable) when the data is damaged.
[[nodiscard]] schema::WorkData load_work_data(Xapian::Database& works, Xapian::docid did);

/// "A" + code and friends, from a snapshot's facet codes.
[[nodiscard]] std::string author_code_id(std::uint32_t code);
[[nodiscard]] std::string source_code_id(std::uint32_t code);
[[nodiscard]] std::string topic_code_id(std::uint32_t code);

} // namespace peerscope::search
