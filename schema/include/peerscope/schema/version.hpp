/// @file The schema version stored in the index; bump it on any change to a prefix, slot or codec.
#pragma once

#include <string_view>

namespace peerscope::schema {

/// Stored as metadata kSchemaVersionKey in both databases. Readers refuse another version.
inline constexpr int kSchemaVersion = 1;
inline constexpr std::string_view kSchemaVersionKey = "peerscope.schema_version";

/// Works metadata set while entity aggregates lag behind committed works (a run died before its
/// entities were written); the next run rebuilds every entity when it finds it.
inline constexpr std::string_view kEntitiesPendingKey = "peerscope.entities_pending";
/// Metadata prefix of the highest entity code in use, + 'A', 'S' or 'T' (kept in both databases).
inline constexpr std::string_view kMaxCodeKeyPrefix = "peerscope.max_code.";

/// Layout of an index directory DIR: two Xapian glass databases.
inline constexpr std::string_view kWorksDir = "works";
inline constexpr std::string_view kEntitiesDir = "entities";

} // namespace peerscope::schema
