/// @file The index directory: its two Xapian databases, the writer lock, and lookups for resolution.
#pragma once

#include "resolver.hpp"

#include "peerscope/schema/entity_data.hpp"
#include "peerscope/schema/term_builder.hpp"

#include <xapian.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace peerscope::indexer {

/// An exclusive advisory lock on DIR/write.lock, held for the object's lifetime.
class WriterLock final {
public:
    /// Throws Error(IndexLocked) when another writer holds it, Error(Io) when it cannot be made.
    explicit WriterLock(const std::filesystem::path& dir);
    ~WriterLock();
    WriterLock(const WriterLock&) = delete;
    WriterLock& operator=(const WriterLock&) = delete;
    WriterLock(WriterLock&&) = delete;
    WriterLock& operator=(WriterLock&&) = delete;

private:
    int fd_ = -1;
};

/// The works and entities databases of DIR opened for writing. Not thread-safe.
class IndexStore final : public ExistingIndex {
public:
    /// Opens DIR (creating it and both databases when missing) and checks the schema version.
    /// Throws Error(SchemaMismatch) for another version, Error(Index) for Xapian failures.
    explicit IndexStore(const std::filesystem::path& dir);

    [[nodiscard]] bool empty() const override;
    [[nodiscard]] std::vector<schema::WorkData> works_by_version_key(const std::string& key) override;
    [[nodiscard]] std::optional<schema::WorkData> work_by_id(const std::string& id) override;
    [[nodiscard]] std::vector<schema::AuthorData> authors_by_family_key(const std::string& key) override;
    [[nodiscard]] std::optional<schema::SourceEntityData> source_by_key(const std::string& key) override;
    [[nodiscard]] std::optional<schema::TopicEntityData> topic_by_key(const std::string& key) override;
    [[nodiscard]] std::uint32_t max_code(schema::EntityKind kind) override;

    /// The docid of the work named by @p id (work id or version id), 0 when absent.
    [[nodiscard]] Xapian::docid find_work(const std::string& id);
    /// Works whose documents carry @p term.
    [[nodiscard]] std::vector<schema::WorkData> works_with_term(const std::string& term);
    /// Number of works carrying @p term (pending changes included).
    [[nodiscard]] Xapian::doccount term_count(const std::string& term);

    [[nodiscard]] Xapian::WritableDatabase& works() noexcept { return works_; }
    [[nodiscard]] Xapian::WritableDatabase& entities() noexcept { return entities_; }
    /// Closes both databases (before their directories are swapped).
    void close();

    /// Records the highest entity code in use (metadata of both databases, committed with them).
    void set_max_code(schema::EntityKind kind, std::uint32_t code);

    /// True when a run committed works but died before their entities were written.
    [[nodiscard]] bool entities_pending() const;
    /// Marks (in the works metadata, committed with the next works commit) that entities lag.
    void set_entities_pending(bool pending);

private:
    std::filesystem::path dir_;
    Xapian::WritableDatabase works_;
    Xapian::WritableDatabase entities_;
};

/// Entity documents.
[[nodiscard]] Xapian::Document author_document(const schema::AuthorData& author, schema::TermBuilder& terms);
[[nodiscard]] Xapian::Document source_document(const schema::SourceEntityData& source, schema::TermBuilder& terms);
[[nodiscard]] Xapian::Document topic_document(const schema::TopicEntityData& topic, schema::TermBuilder& terms);
/// The unique-id term of an entity ("QA12").
[[nodiscard]] std::string entity_id_term(const std::string& id);

/// Writes the schema version into a database's metadata.
void stamp_schema(Xapian::WritableDatabase& db);

} // namespace peerscope::indexer
