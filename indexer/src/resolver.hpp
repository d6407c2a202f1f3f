/// @file Resolution: input records -> works (versions grouped), persons, venues and source topics.
#pragma once

#include "peerscope/analyzers/analyzer.hpp"
#include "peerscope/indexer/work.hpp"
#include "peerscope/schema/codec.hpp"
#include "peerscope/schema/entity_data.hpp"
#include "peerscope/schema/work_data.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace peerscope::indexer {

/// Read access to what the index already holds, for resolving new records against it.
/// Implemented over Xapian by the writer; an empty index answers nothing.
class ExistingIndex {
  public:
    virtual ~ExistingIndex() = default;
    ExistingIndex() = default;
    ExistingIndex(const ExistingIndex&) = delete;
    ExistingIndex& operator=(const ExistingIndex&) = delete;
    ExistingIndex(ExistingIndex&&) = delete;
    ExistingIndex& operator=(ExistingIndex&&) = delete;

    /// True when the index holds no works.
    [[nodiscard]] virtual bool empty() const = 0;
    /// Works whose version key is @p key.
    [[nodiscard]] virtual std::vector<schema::WorkData>
    works_by_version_key(const std::string& key) = 0;
    /// The work named by @p id: its work id or any alternative (version) id.
    [[nodiscard]] virtual std::optional<schema::WorkData> work_by_id(const std::string& id) = 0;
    /// Persons with @p key among their family-name keys.
    [[nodiscard]] virtual std::vector<schema::AuthorData>
    authors_by_family_key(const std::string& key) = 0;
    /// The venue with identity key @p key.
    [[nodiscard]] virtual std::optional<schema::SourceEntityData>
    source_by_key(const std::string& key) = 0;
    /// The topic with source key @p key ("arxiv:cs.LG", "taxonomy:ml.rl").
    [[nodiscard]] virtual std::optional<schema::TopicEntityData>
    topic_by_key(const std::string& key) = 0;
    /// Highest entity code in use for @p kind (0 when none).
    [[nodiscard]] virtual std::uint32_t max_code(schema::EntityKind kind) = 0;
};

/// A work ready to be written (taxonomy topics are added later, during document building).
struct ResolvedWork {
    schema::WorkData data;
    std::string version_key;
    std::vector<std::string> replaces; ///< ids of works in the index this work supersedes
    bool has_source_topics = false;
};

/// What resolution produced. Entity data holds identity fields only; the aggregator fills counts.
struct Resolution {
    std::vector<ResolvedWork> works;
    std::map<std::uint32_t, schema::AuthorData> authors;       ///< touched persons by code
    std::map<std::uint32_t, schema::SourceEntityData> sources; ///< touched venues by code
    std::map<std::uint32_t, schema::TopicEntityData> topics;   ///< touched source topics by code
    std::size_t versions_merged = 0; ///< records grouped into a work with another version
    /// New records dropped because a later record of another input file has the same id and
    /// another title (two collections numbered 1..N): ("FILE:LINE" of the dropped record, reason).
    std::vector<std::pair<std::string, std::string>> id_clashes;
};

/// Folded, alphanumeric-only title used to find versions of one work.
[[nodiscard]] std::string version_key(std::string_view title, analyzers::Analyzer& analyzer);

/// Normalised identity key of a venue and its display name and type ("neurips" -> NeurIPS).
struct VenueIdentity {
    std::string key;
    std::string display_name;
    std::string type;
};
[[nodiscard]] VenueIdentity venue_identity(const VenueRef& venue, analyzers::Analyzer& analyzer);

/// Groups versions, resolves persons, venues and source topics, and maps references to work ids.
/// Consumes @p records. Deterministic for a given input order and index state. Single-threaded.
[[nodiscard]] Resolution
resolve(std::vector<WorkRecord>&& records, ExistingIndex& existing, analyzers::Analyzer& analyzer);

} // namespace peerscope::indexer
