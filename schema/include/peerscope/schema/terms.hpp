/// @file Whole-string terms (ids, DOIs, keys): the one function that joins a prefix and a value,
/// used by the indexer when it writes a term and by the search library when it looks one up, so
/// both produce the same term even for a value longer than Xapian allows.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace peerscope::schema {

/// Longest term Xapian's glass backend accepts, in bytes (longer terms make add_document throw).
inline constexpr std::size_t kMaxTermBytes = 245;

/// @p prefix followed by @p value. When that would exceed kMaxTermBytes, the value is cut at a
/// UTF-8 character boundary and "#" plus 16 hex digits of a 64-bit FNV-1a hash of the whole value
/// is appended, so the term fits and two long values that share their start stay distinct.
/// Deterministic across runs and platforms. Thread safety: pure function.
[[nodiscard]] std::string term(std::string_view prefix, std::string_view value);

} // namespace peerscope::schema
