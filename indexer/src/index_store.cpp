#include "index_store.hpp"

#include "peerscope/indexer/error.hpp"
#include "peerscope/schema/author_names.hpp"
#include "peerscope/schema/codec.hpp"
#include "peerscope/schema/prefixes.hpp"
#include "peerscope/schema/slots.hpp"
#include "peerscope/schema/terms.hpp"
#include "peerscope/schema/version.hpp"

#include <xapian.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace peerscope::indexer {
namespace {

namespace prefix = schema::prefix;

using schema::term;

std::string max_code_key(schema::EntityKind kind) {
    return std::string(schema::kMaxCodeKeyPrefix) + static_cast<char>(kind);
}

std::uint32_t code_in(const Xapian::Database& db, schema::EntityKind kind) {
    std::string value = db.get_metadata(max_code_key(kind));
    return value.empty() ? 0 : static_cast<std::uint32_t>(std::stoul(value));
}

Xapian::WritableDatabase open_database(const std::filesystem::path& path) {
    try {
        Xapian::WritableDatabase db(path.string(), Xapian::DB_CREATE_OR_OPEN);
        std::string stored = db.get_metadata(std::string(schema::kSchemaVersionKey));
        if (stored.empty()) {
            if (db.get_doccount() != 0) {
                throw Error(Errc::SchemaMismatch,
                            path.string() + " is a Xapian database without a Peerscope schema version: "
                                "index into a new directory");
            }
            stamp_schema(db);
            db.commit();
        } else if (stored != std::to_string(schema::kSchemaVersion)) {
            throw Error(Errc::SchemaMismatch,
                        path.string() + " was written with schema version " + stored
                            + " but this peerscope-index writes version "
                            + std::to_string(schema::kSchemaVersion) + ": reindex into a new directory");
        }
        return db;
    } catch (const Xapian::DatabaseLockError& e) {
        throw Error(Errc::IndexLocked, path.string() + " is locked by another writer");
    } catch (const Xapian::Error& e) {
        throw Error(Errc::Index, "cannot open " + path.string() + ": " + e.get_description());
    }
}

template <typename T, typename Decode>
std::vector<T> decode_postlist(Xapian::Database& db, const std::string& t, Decode decode) {
    std::vector<T> out;
    for (auto it = db.postlist_begin(t); it != db.postlist_end(t); ++it) {
        out.push_back(decode(db.get_document(*it).get_data()));
    }
    return out;
}

} // namespace

WriterLock::WriterLock(const std::filesystem::path& dir) {
    std::string path = (dir / "write.lock").string();
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) {
        throw Error(Errc::Io, "cannot create " + path + ": " + std::strerror(errno));
    }
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        ::close(fd_);
        fd_ = -1;
        throw Error(Errc::IndexLocked,
                    "another peerscope-index is writing " + dir.string() + " (lock " + path + ")");
    }
}

WriterLock::~WriterLock() {
    if (fd_ >= 0) {
        ::flock(fd_, LOCK_UN);
        ::close(fd_);
    }
}

void stamp_schema(Xapian::WritableDatabase& db) {
    db.set_metadata(std::string(schema::kSchemaVersionKey), std::to_string(schema::kSchemaVersion));
}

IndexStore::IndexStore(const std::filesystem::path& dir)
    : dir_(dir), works_(open_database(dir / schema::kWorksDir)),
      entities_(open_database(dir / schema::kEntitiesDir)) {}

bool IndexStore::empty() const { return works_.get_doccount() == 0; }

std::vector<schema::WorkData> IndexStore::works_by_version_key(const std::string& key) {
    return works_with_term(term(prefix::kVersionKey, key));
}

std::vector<schema::WorkData> IndexStore::works_with_term(const std::string& t) {
    return decode_postlist<schema::WorkData>(works_, t, schema::decode_work);
}

Xapian::doccount IndexStore::term_count(const std::string& t) { return works_.get_termfreq(t); }

Xapian::docid IndexStore::find_work(const std::string& id) {
    for (const std::string& t : {term(prefix::kWorkId, id), term(prefix::kAltId, id)}) {
        auto it = works_.postlist_begin(t);
        if (it != works_.postlist_end(t)) {
            return *it;
        }
    }
    return 0;
}

std::optional<schema::WorkData> IndexStore::work_by_id(const std::string& id) {
    Xapian::docid did = find_work(id);
    if (did == 0) {
        return std::nullopt;
    }
    return schema::decode_work(works_.get_document(did).get_data());
}

std::vector<schema::AuthorData> IndexStore::authors_by_family_key(const std::string& key) {
    return decode_postlist<schema::AuthorData>(entities_, term(prefix::kAuthorKey, key), schema::decode_author);
}

std::optional<schema::SourceEntityData> IndexStore::source_by_key(const std::string& key) {
    auto found = decode_postlist<schema::SourceEntityData>(entities_, term(prefix::kEntityKey, "venue:" + key),
                                                           schema::decode_source);
    if (found.empty()) {
        return std::nullopt;
    }
    return std::move(found.front());
}

std::optional<schema::TopicEntityData> IndexStore::topic_by_key(const std::string& key) {
    auto found = decode_postlist<schema::TopicEntityData>(entities_, term(prefix::kEntityKey, key),
                                                          schema::decode_topic);
    if (found.empty()) {
        return std::nullopt;
    }
    return std::move(found.front());
}

std::uint32_t IndexStore::max_code(schema::EntityKind kind) {
    // Works are committed before their entities: codes recorded with the works count too.
    return std::max(code_in(entities_, kind), code_in(works_, kind));
}

void IndexStore::set_max_code(schema::EntityKind kind, std::uint32_t code) {
    if (code > code_in(works_, kind)) {
        works_.set_metadata(max_code_key(kind), std::to_string(code));
    }
    if (code > code_in(entities_, kind)) {
        entities_.set_metadata(max_code_key(kind), std::to_string(code));
    }
}

bool IndexStore::entities_pending() const {
    return works_.get_metadata(std::string(schema::kEntitiesPendingKey)) == "1";
}

void IndexStore::set_entities_pending(bool pending) {
    works_.set_metadata(std::string(schema::kEntitiesPendingKey), pending ? "1" : "");
}

void IndexStore::close() {
    works_.close();
    entities_.close();
}

std::string entity_id_term(const std::string& id) { return term(prefix::kEntityId, id); }

namespace {

Xapian::Document entity_base(const std::string& id,
                             std::string_view kind,
                             const std::string& name,
                             const std::vector<std::string>& alternatives,
                             long works_count,
                             long cited_by,
                             schema::TermBuilder& terms) {
    Xapian::Document doc;
    doc.add_boolean_term(entity_id_term(id));
    doc.add_boolean_term(term(prefix::kEntityType, kind));
    std::uint32_t position = 1;
    position = terms.index_text(doc, schema::TextField::EntityName, name, position) + 4;
    for (const auto& alt : alternatives) {
        position = terms.index_text(doc, schema::TextField::EntityName, alt, position) + 4;
    }
    doc.add_value(schema::slot(schema::EntitySlot::WorksCount), schema::encode_number(static_cast<double>(works_count)));
    doc.add_value(schema::slot(schema::EntitySlot::CitedBy), schema::encode_number(static_cast<double>(cited_by)));
    doc.add_value(schema::slot(schema::EntitySlot::Kind), std::string(kind));
    doc.add_value(schema::slot(schema::EntitySlot::Id), id);
    doc.add_value(schema::slot(schema::EntitySlot::DisplayName), name);
    return doc;
}

} // namespace

namespace {

/// The name terms author search needs beyond the XN words (docs/schema.md): Latin readings,
/// initials and whole-name keys of every spelling, from schema/author_names.hpp.
void add_author_name_terms(Xapian::Document& doc,
                           const schema::AuthorData& author,
                           analyzers::Analyzer& analyzer) {
    std::vector<std::string> spellings{author.display_name};
    spellings.insert(spellings.end(),
                     author.display_name_alternatives.begin(),
                     author.display_name_alternatives.end());
    for (const std::string& spelling : spellings) {
        std::string natural = schema::natural_name_order(spelling);
        std::vector<std::string> words = schema::name_words(natural, analyzer);
        std::vector<std::vector<std::string>> readings{words};
        for (auto& reading : schema::latin_readings(natural, words, analyzer)) {
            for (const std::string& word : reading) {
                if (std::find(words.begin(), words.end(), word) == words.end()) {
                    doc.add_boolean_term(term(prefix::kEntityNameLatin, word));
                }
            }
            readings.push_back(std::move(reading));
        }
        for (const auto& reading : readings) {
            for (const std::string& word : reading) {
                if (schema::has_latin_initial(word)) {
                    doc.add_boolean_term(term(prefix::kEntityInitial, word.substr(0, 1)));
                }
            }
            if (std::string key = schema::name_key(reading); !key.empty()) {
                doc.add_boolean_term(term(prefix::kEntityNameKey, key));
            }
            for (const std::string& key : schema::abbreviated_name_keys(reading)) {
                doc.add_boolean_term(term(prefix::kEntityInitialsKey, key));
            }
        }
    }
}

} // namespace

Xapian::Document author_document(const schema::AuthorData& author, schema::TermBuilder& terms) {
    Xapian::Document doc = entity_base(author.id,
                                       "author",
                                       author.display_name,
                                       author.display_name_alternatives,
                                       author.works_count,
                                       author.cited_by_count,
                                       terms);
    add_author_name_terms(doc, author, terms.analyzer());
    std::string_view keys = author.family_key;
    while (!keys.empty()) {
        std::size_t space = keys.find(' ');
        std::string_view key = keys.substr(0, space);
        if (!key.empty()) {
            doc.add_boolean_term(term(prefix::kAuthorKey, key));
        }
        keys = space == std::string_view::npos ? std::string_view() : keys.substr(space + 1);
    }
    if (!author.orcid.empty()) {
        doc.add_boolean_term(term(prefix::kOrcid, author.orcid));
        doc.add_boolean_term(term(prefix::kHas, "orcid"));
    }
    for (const auto& id : author.source_ids) {
        doc.add_boolean_term(term(prefix::kSourceAltId, id));
    }
    doc.set_data(schema::encode_author(author));
    return doc;
}

Xapian::Document source_document(const schema::SourceEntityData& source, schema::TermBuilder& terms) {
    Xapian::Document doc = entity_base(source.id, "source", source.display_name, source.alternate_names,
                                       source.works_count, source.cited_by_count, terms);
    doc.add_boolean_term(term(prefix::kEntityKey, "venue:" + source.key));
    doc.set_data(schema::encode_source(source));
    return doc;
}

Xapian::Document topic_document(const schema::TopicEntityData& topic, schema::TermBuilder& terms) {
    Xapian::Document doc = entity_base(topic.id, "topic", topic.display_name, {}, topic.works_count,
                                       topic.cited_by_count, terms);
    doc.add_boolean_term(term(prefix::kEntityKey, topic.origin + ":" + topic.source_key));
    if (!topic.parent_id.empty()) {
        doc.add_boolean_term(term(prefix::kParent, topic.parent_id));
    }
    doc.set_data(schema::encode_topic(topic));
    return doc;
}

} // namespace peerscope::indexer
