/// @file The shipped taxonomy file (indexer/taxonomy/ml-cs.taxonomy), embedded at build time.
#pragma once

#include <string_view>

namespace peerscope::indexer::taxonomy_detail {

/// The text of indexer/taxonomy/ml-cs.taxonomy as it was when the binary was built. The bytes
/// live in static storage; the view stays valid for the whole program. Thread-safe.
[[nodiscard]] std::string_view builtin_taxonomy_text() noexcept;

} // namespace peerscope::indexer::taxonomy_detail
