#include "document_builder.hpp"
#include "entities.hpp"
#include "index_store.hpp"
#include "names.hpp"
#include "peerscope/indexer/error.hpp"
#include "peerscope/indexer/indexer.hpp"
#include "peerscope/schema/codec.hpp"
#include "peerscope/schema/prefixes.hpp"
#include "peerscope/schema/slots.hpp"
#include "peerscope/schema/terms.hpp"
#include "peerscope/schema/version.hpp"
#include "resolver.hpp"
#include "taxonomy.hpp"

#include <nlohmann/json.hpp>
#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <unistd.h>
#include <unordered_map>

namespace peerscope::indexer {
namespace {

namespace fs = std::filesystem;
namespace prefix = schema::prefix;

/// Works per shard in a bulk build (shards are built in parallel, then compacted into one).
/// 5,000 measured the same add_document time as 20,000 and a slower compaction.
constexpr std::size_t kShardSize = 20'000;
/// Documents Xapian buffers before flushing to a shard. Its inverter keeps a std::map per term
/// keyed by docid, so lookups grow with the buffer. add_document time per unit of analysis time
/// on the full ML Anthology (2026-11-27; flushes of 100 to 20,000 documents): 20,000: 5.9,
/// 5,000: 4.4, 2,000: 3.7, 1,000: 3.5, 500: 3.1, 250: 3.0, 100: 3.2; the whole build went from
/// about 155 s (2,000) to 125 s (250). The user's XAPIAN_FLUSH_THRESHOLD wins when set.
constexpr const char* kFlushThreshold = "250";

using schema::term;

unsigned thread_count(unsigned requested) {
    if (requested != 0) {
        return requested;
    }
    unsigned cores = std::thread::hardware_concurrency();
    return cores == 0 ? 1 : cores;
}

/// Serialises observer callbacks coming from several threads.
class Reporter {
  public:
    explicit Reporter(const IndexObserver& observer) : observer_(observer) {}
    void problem(const std::string& origin, const std::string& reason) {
        std::lock_guard lock(mutex_);
        if (observer_.on_problem) {
            observer_.on_problem(origin, reason);
        }
    }
    void repair(const std::string& origin, std::size_t count) {
        std::lock_guard lock(mutex_);
        if (observer_.on_repair) {
            observer_.on_repair(origin, count);
        }
    }
    void progress(Phase phase, std::size_t done, std::size_t total) {
        std::lock_guard lock(mutex_);
        if (observer_.on_progress) {
            observer_.on_progress(phase, done, total);
        }
    }

  private:
    const IndexObserver& observer_;
    std::mutex mutex_;
};

/// Runs fn(i) for i in [0, n) on @p threads threads; the first exception is rethrown.
template <typename Fn> void parallel_for(std::size_t n, unsigned threads, Fn fn) {
    std::atomic<std::size_t> next{0};
    std::exception_ptr failure;
    std::mutex failure_mutex;
    auto work = [&](unsigned thread) {
        try {
            for (std::size_t i = next++; i < n; i = next++) {
                fn(i, thread);
            }
        } catch (...) {
            std::lock_guard lock(failure_mutex);
            if (!failure) {
                failure = std::current_exception();
            }
            next = n;
        }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) {
        pool.emplace_back(work, t);
    }
    work(0);
    for (auto& thread : pool) {
        thread.join();
    }
    if (failure) {
        std::rethrow_exception(failure);
    }
}

struct ReadResult {
    std::vector<WorkRecord> records;
    std::size_t rejected = 0;
    std::size_t repaired = 0;
    bool stopped = false;
};

ReadResult read_all(const IndexOptions& options, unsigned threads, Reporter& reporter) {
    std::vector<std::string> files = expand_inputs(options.inputs);
    std::vector<std::vector<WorkRecord>> per_file(files.size());
    std::atomic<std::size_t> rejected{0};
    std::atomic<std::size_t> repaired{0};
    std::atomic<bool> stop{false};
    std::atomic<std::size_t> files_done{0};
    parallel_for(files.size(),
                 std::min<unsigned>(threads, static_cast<unsigned>(files.size())),
                 [&](std::size_t i, unsigned) {
                     if (stop) {
                         return;
                     }
                     ReadSink sink;
                     sink.on_record = [&](WorkRecord&& record) {
                         per_file[i].push_back(std::move(record));
                         return !stop.load();
                     };
                     sink.on_problem = [&](const ReadProblem& problem) {
                         ++rejected;
                         reporter.problem(problem.origin, problem.reason);
                         if (options.strict) {
                             stop = true;
                             return false;
                         }
                         return true;
                     };
                     sink.on_repair = [&](const std::string& origin, std::size_t count) {
                         ++repaired;
                         reporter.repair(origin, count);
                     };
                     read_input(files[i], options.format, sink);
                     reporter.progress(Phase::Reading, ++files_done, files.size());
                 });
    ReadResult result;
    result.rejected = rejected;
    result.repaired = repaired;
    result.stopped = stop;
    std::size_t total = 0;
    for (const auto& records : per_file) {
        total += records.size();
    }
    result.records.reserve(total);
    for (auto& records : per_file) {
        std::move(records.begin(), records.end(), std::back_inserter(result.records));
    }
    return result;
}

/// Taxonomy topics as entities, and the parent links of every topic.
struct TopicSetup {
    std::map<std::uint32_t, schema::TopicEntityData> taxonomy_topics;
    TopicTree tree;
};

TopicSetup topic_setup(const Taxonomy* taxonomy, const Resolution& resolution) {
    TopicSetup setup;
    if (taxonomy != nullptr) {
        std::unordered_map<std::string, const TaxonomyNode*> by_key;
        for (const TaxonomyNode& node : taxonomy->nodes()) {
            by_key.emplace(node.key, &node);
        }
        for (const TaxonomyNode& node : taxonomy->nodes()) {
            schema::TopicEntityData topic;
            topic.id = taxonomy_topic_id(node);
            topic.display_name = node.display_name;
            topic.description = node.description;
            topic.level = node.level;
            topic.origin = "taxonomy";
            topic.source_key = node.key;
            topic.rules = node.rules;
            auto parent = by_key.find(node.parent_key);
            if (!node.parent_key.empty() && parent != by_key.end()) {
                topic.parent_id = taxonomy_topic_id(*parent->second);
            }
            setup.tree.parent_of[topic.id] = topic.parent_id;
            setup.tree.name_of[topic.id] = topic.display_name;
            setup.taxonomy_topics.emplace(node.code, std::move(topic));
        }
        for (auto& [code, topic] : setup.taxonomy_topics) {
            std::vector<std::string> lineage = setup.tree.lineage(topic.id);
            topic.path_ids.assign(lineage.rbegin(), lineage.rend());
        }
    }
    for (const auto& [code, topic] : resolution.topics) {
        setup.tree.parent_of[topic.id] = topic.parent_id;
        setup.tree.name_of[topic.id] = topic.display_name;
    }
    return setup;
}

/// Entities for a whole build, from works in memory.
struct EntityBuild {
    std::vector<schema::AuthorData> authors;
    std::vector<schema::SourceEntityData> sources;
    std::vector<schema::TopicEntityData> topics;
};

/// Entities of a whole index from its works: identity fields from @p authors, @p sources and
/// @p topics (every entity the works name must be there), aggregates computed here.
EntityBuild aggregate_all(const std::vector<const schema::WorkData*>& all_works,
                          std::map<std::uint32_t, schema::AuthorData>& authors,
                          std::map<std::uint32_t, schema::SourceEntityData>& sources,
                          std::map<std::uint32_t, schema::TopicEntityData>& source_topics,
                          TopicSetup& topics,
                          unsigned threads) {
    std::unordered_map<std::string, std::vector<const schema::WorkData*>> by_author;
    std::unordered_map<std::string, std::vector<const schema::WorkData*>> by_source;
    std::unordered_map<std::string, std::vector<const schema::WorkData*>> by_topic;
    for (const schema::WorkData* work_ptr : all_works) {
        const schema::WorkData& work = *work_ptr;
        std::set<std::string> seen;
        for (const auto& a : work.authorships) {
            if (!a.author_id.empty() && seen.insert(a.author_id).second) {
                by_author[a.author_id].push_back(&work);
            }
        }
        if (!work.primary_source.id.empty()) {
            by_source[work.primary_source.id].push_back(&work);
        }
        std::set<std::string> lineage;
        for (const auto& topic : work.topics) {
            for (const auto& id : topics.tree.lineage(topic.id)) {
                lineage.insert(id);
            }
        }
        for (const auto& id : lineage) {
            by_topic[id].push_back(&work);
        }
    }
    EntityBuild build;
    const std::vector<const schema::WorkData*> none;
    auto works_of = [&none](auto& map,
                            const std::string& id) -> const std::vector<const schema::WorkData*>& {
        auto it = map.find(id);
        return it == map.end() ? none : it->second;
    };
    // Authors are most of the work and independent of each other: aggregate them in parallel,
    // keeping the order of @p authors.
    std::vector<std::pair<schema::AuthorData*, const std::vector<const schema::WorkData*>*>> named;
    named.reserve(authors.size());
    for (auto& [code, author] : authors) {
        const auto& works = works_of(by_author, author.id);
        if (!works.empty()) {
            named.emplace_back(&author, &works);
        }
    }
    constexpr std::size_t kChunk = 512;
    parallel_for(
        (named.size() + kChunk - 1) / kChunk, threads, [&named](std::size_t chunk, unsigned) {
            std::size_t end = std::min(named.size(), (chunk + 1) * kChunk);
            for (std::size_t i = chunk * kChunk; i < end; ++i) {
                aggregate_author(*named[i].first, *named[i].second);
            }
        });
    build.authors.reserve(named.size());
    for (const auto& [author, works] : named) {
        build.authors.push_back(*author);
    }
    for (auto& [code, source] : sources) {
        const auto& works = works_of(by_source, source.id);
        if (!works.empty()) {
            aggregate_source(source, works);
            build.sources.push_back(source);
        }
    }
    for (auto& [code, topic] : topics.taxonomy_topics) {
        aggregate_topic(topic, works_of(by_topic, topic.id), topics.tree);
        build.topics.push_back(topic);
    }
    for (auto& [code, topic] : source_topics) {
        aggregate_topic(topic, works_of(by_topic, topic.id), topics.tree);
        build.topics.push_back(topic);
    }
    return build;
}

/// Compacts the shard databases at @p shards, in order, into a new database at @p out, then
/// deletes the shards.
void compact_shards(const std::vector<fs::path>& shards, const fs::path& out) {
    {
        Xapian::Database all;
        for (const auto& path : shards) {
            all.add_database(Xapian::Database(path.string()));
        }
        all.compact(out.string());
    }
    for (const auto& path : shards) {
        fs::remove_all(path);
    }
}

/// Writes the entities of @p build into a new database at @p out: authors split over @p threads
/// shard databases built in parallel (one DocumentBuilder's terms per thread), then compacted.
/// Every entity is new here, so documents are added, not replaced.
void write_entities_bulk(const fs::path& out,
                         const fs::path& scratch,
                         const EntityBuild& build,
                         std::vector<std::unique_ptr<DocumentBuilder>>& builders,
                         unsigned threads) {
    const std::size_t shards = std::max(1U, threads);
    const std::size_t n = build.authors.size();
    std::vector<fs::path> paths(shards);
    parallel_for(shards, threads, [&](std::size_t s, unsigned thread) {
        paths[s] = scratch / ("entity-shard-" + std::to_string(s));
        Xapian::WritableDatabase db(paths[s].string(),
                                    Xapian::DB_CREATE | Xapian::DB_NO_SYNC | Xapian::DB_DANGEROUS);
        schema::TermBuilder& terms = builders[thread]->terms();
        for (std::size_t i = s * n / shards; i < (s + 1) * n / shards; ++i) {
            db.add_document(author_document(build.authors[i], terms));
        }
        if (s == 0) {
            for (const auto& source : build.sources) {
                db.add_document(source_document(source, terms));
            }
            for (const auto& topic : build.topics) {
                db.add_document(topic_document(topic, terms));
            }
        }
        db.commit();
    });
    compact_shards(paths, out);
}

void write_entities(Xapian::WritableDatabase& db,
                    const EntityBuild& build,
                    schema::TermBuilder& terms) {
    for (const auto& author : build.authors) {
        db.replace_document(entity_id_term(author.id), author_document(author, terms));
    }
    for (const auto& source : build.sources) {
        db.replace_document(entity_id_term(source.id), source_document(source, terms));
    }
    for (const auto& topic : build.topics) {
        db.replace_document(entity_id_term(topic.id), topic_document(topic, terms));
    }
}

/// Highest entity codes a resolution uses.
struct MaxCodes {
    std::uint32_t author = 0;
    std::uint32_t source = 0;
    std::uint32_t topic = 0;
};

MaxCodes max_codes(const Resolution& resolution, const TopicSetup& topics) {
    MaxCodes m;
    if (!resolution.authors.empty()) {
        m.author = resolution.authors.rbegin()->first;
    }
    if (!resolution.sources.empty()) {
        m.source = resolution.sources.rbegin()->first;
    }
    if (!resolution.topics.empty()) {
        m.topic = resolution.topics.rbegin()->first;
    }
    if (!topics.taxonomy_topics.empty()) {
        m.topic = std::max(m.topic, topics.taxonomy_topics.rbegin()->first);
    }
    return m;
}

/// Records @p codes in @p db's metadata where they exceed what it holds (committed with @p db).
void write_max_codes(Xapian::WritableDatabase& db, const MaxCodes& codes) {
    auto update = [&db](schema::EntityKind kind, std::uint32_t code) {
        std::string key = std::string(schema::kMaxCodeKeyPrefix) + static_cast<char>(kind);
        std::string old = db.get_metadata(key);
        if (code != 0 && (old.empty() || std::stoul(old) < code)) {
            db.set_metadata(key, std::to_string(code));
        }
    };
    update(schema::EntityKind::Author, codes.author);
    update(schema::EntityKind::Source, codes.source);
    update(schema::EntityKind::Topic, codes.topic);
}

/// Atomically exchanges two directories (Linux renameat2 RENAME_EXCHANGE).
void exchange_dirs(const fs::path& a, const fs::path& b) {
    if (::renameat2(AT_FDCWD, a.c_str(), AT_FDCWD, b.c_str(), RENAME_EXCHANGE) != 0) {
        throw Error(Errc::Io,
                    "cannot swap " + a.string() + " and " + b.string() + ": "
                        + std::strerror(errno));
    }
}

void compute_cited_by_in_memory(Resolution& resolution) {
    std::unordered_map<std::string, long> counts;
    for (const ResolvedWork& w : resolution.works) {
        for (const auto& ref : w.data.referenced_works) {
            ++counts[ref];
        }
    }
    for (ResolvedWork& w : resolution.works) {
        auto it = counts.find(w.data.id);
        w.data.cited_by_count = it == counts.end() ? 0 : it->second;
    }
}

/// "work ID (\"start of the title\")" for error messages.
std::string describe_work(const schema::WorkData& work) {
    constexpr std::size_t kShownTitle = 80;
    std::string title = work.title.substr(0, kShownTitle);
    while (!title.empty() && title.size() < work.title.size()
           && (static_cast<unsigned char>(work.title[title.size()]) & 0xC0U) == 0x80U) {
        title.pop_back();
    }
    return "work " + work.id + " (\"" + title
           + (title.size() < work.title.size() ? "...\")" : "\")");
}

/// Why adding @p doc failed with @p error: the same document is added to a scratch database under
/// @p dir without DB_DANGEROUS (where Xapian reports the real cause); @p error's own description
/// when the failure does not repeat there.
std::string
add_failure_reason(const Xapian::Document& doc, const fs::path& dir, const Xapian::Error& error) {
    fs::path probe =
        dir / ("probe-" + std::to_string(std::hash<std::thread::id>{}(std::this_thread::get_id())));
    std::string reason = error.get_description();
    try {
        Xapian::WritableDatabase db(probe.string(),
                                    Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_NO_SYNC);
        db.add_document(doc);
    } catch (const Xapian::Error& original) {
        reason = original.get_description();
    }
    std::error_code ignored;
    fs::remove_all(probe, ignored);
    return reason;
}

/// Builds the whole index from scratch: shards in parallel, compaction, then an atomic swap.
void bulk_build(const fs::path& dir,
                IndexStore& store,
                Resolution& resolution,
                const Taxonomy* taxonomy,
                TopicSetup& topics,
                unsigned threads,
                Reporter& reporter,
                IndexSummary& summary) {
    compute_cited_by_in_memory(resolution);
    ::setenv("XAPIAN_FLUSH_THRESHOLD", kFlushThreshold, 0);
    fs::path build = dir / (".build-" + std::to_string(::getpid()));
    fs::remove_all(build);
    fs::create_directories(build);
    const std::size_t n = resolution.works.size();
    const std::size_t shards = std::max<std::size_t>(1, (n + kShardSize - 1) / kShardSize);
    std::vector<fs::path> shard_paths(shards);
    std::atomic<std::size_t> done{0};
    std::vector<std::unique_ptr<DocumentBuilder>> builders;
    for (unsigned t = 0; t < threads; ++t) {
        builders.push_back(std::make_unique<DocumentBuilder>(taxonomy, topics.tree));
    }
    try {
        parallel_for(shards, threads, [&](std::size_t s, unsigned thread) {
            shard_paths[s] = build / ("shard-" + std::to_string(s));
            Xapian::WritableDatabase shard(shard_paths[s].string(),
                                           Xapian::DB_CREATE | Xapian::DB_NO_SYNC
                                               | Xapian::DB_DANGEROUS);
            stamp_schema(shard);
            std::size_t end = std::min(n, (s + 1) * kShardSize);
            for (std::size_t i = s * kShardSize; i < end; ++i) {
                Xapian::Document doc = builders[thread]->build(resolution.works[i]);
                try {
                    shard.add_document(doc);
                } catch (const Xapian::Error& e) {
                    // Under DB_DANGEROUS Xapian hides the cause behind "cancel() not supported".
                    throw Error(Errc::Index,
                                "cannot index " + describe_work(resolution.works[i].data) + ": "
                                    + add_failure_reason(doc, build, e));
                }
                std::size_t d = ++done;
                if (d % 1000 == 0 || d == n) {
                    reporter.progress(Phase::Indexing, d, n);
                }
            }
            shard.commit();
        });
        reporter.progress(Phase::Compacting, 0, 1);
        fs::path works_out = build / schema::kWorksDir;
        compact_shards(shard_paths, works_out);
        reporter.progress(Phase::Compacting, 1, 1);

        reporter.progress(Phase::Entities, 0, 1);
        std::vector<const schema::WorkData*> all_works;
        all_works.reserve(resolution.works.size());
        for (const ResolvedWork& w : resolution.works) {
            all_works.push_back(&w.data);
        }
        EntityBuild entities = aggregate_all(
            all_works, resolution.authors, resolution.sources, resolution.topics, topics, threads);
        MaxCodes codes = max_codes(resolution, topics);
        fs::path entities_out = build / schema::kEntitiesDir;
        write_entities_bulk(entities_out, build, entities, builders, threads);
        {
            Xapian::WritableDatabase db(entities_out.string(),
                                        Xapian::DB_OPEN | Xapian::DB_NO_SYNC);
            stamp_schema(db);
            write_max_codes(db, codes);
            db.commit();
        }
        {
            Xapian::WritableDatabase works(works_out.string(), Xapian::DB_OPEN);
            stamp_schema(works);
            write_max_codes(works, codes);
            // Cleared once the entities are swapped in too (see below).
            works.set_metadata(std::string(schema::kEntitiesPendingKey), "1");
            works.commit();
        }
        summary.authors_written = entities.authors.size();
        summary.sources_written = entities.sources.size();
        summary.topics_written = entities.topics.size();
        reporter.progress(Phase::Entities, 1, 1);

        // Swap in: works first, then entities. A crash between the two leaves new works with old
        // (empty) entities, which the next run repairs because every entity it touches is rebuilt.
        store.close();
        exchange_dirs(dir / schema::kWorksDir, works_out);
        exchange_dirs(dir / schema::kEntitiesDir, entities_out);
        // Data written without fsync during the build: make it durable before removing the old.
        ::sync();
        {
            Xapian::WritableDatabase works((dir / schema::kWorksDir).string(), Xapian::DB_OPEN);
            works.set_metadata(std::string(schema::kEntitiesPendingKey), "");
            works.commit();
            summary.revision = works.get_revision();
        }
        fs::remove_all(build);
    } catch (...) {
        std::error_code ignored;
        fs::remove_all(build, ignored);
        throw;
    }
    summary.works_written = n;
    summary.bulk = true;
}

/// Every work in the works database (for rebuilding all entities after an interrupted run).
std::vector<schema::WorkData> all_works_in(Xapian::Database& works) {
    std::vector<schema::WorkData> out;
    out.reserve(works.get_doccount());
    for (auto it = works.postlist_begin(""); it != works.postlist_end(""); ++it) {
        out.push_back(schema::decode_work(works.get_document(*it).get_data()));
    }
    return out;
}

/// Identity of every entity the works name: from this run's resolution, else from the entity
/// documents already stored, else derived from the works themselves (entities a killed run never
/// wrote).
void complete_identities(const std::vector<const schema::WorkData*>& works,
                         Xapian::Database& entities,
                         Resolution& resolution,
                         analyzers::Analyzer& analyzer) {
    auto stored = [&entities](const std::string& id) -> std::string {
        std::string t = entity_id_term(id);
        auto it = entities.postlist_begin(t);
        return it == entities.postlist_end(t) ? std::string()
                                              : entities.get_document(*it).get_data();
    };
    std::map<std::uint32_t, std::map<std::string, std::size_t>> names;
    for (const schema::WorkData* work : works) {
        for (const auto& a : work->authorships) {
            if (auto ref = schema::parse_entity_id(a.author_id);
                ref && resolution.authors.count(ref->code) == 0) {
                ++names[ref->code][a.display_name];
            }
        }
        if (auto ref = schema::parse_entity_id(work->primary_source.id);
            ref && resolution.sources.count(ref->code) == 0) {
            std::string data = stored(work->primary_source.id);
            schema::SourceEntityData source;
            if (!data.empty()) {
                source = schema::decode_source(data);
            } else {
                source.id = work->primary_source.id;
                source.display_name = work->primary_source.display_name;
                source.type = work->primary_source.type;
                source.key =
                    venue_identity(VenueRef{"", source.display_name, source.type}, analyzer).key;
            }
            resolution.sources.emplace(ref->code, std::move(source));
        }
        for (const auto& topic : work->topics) {
            auto ref = schema::parse_entity_id(topic.id);
            if (!ref || ref->code < 100'000 || resolution.topics.count(ref->code) != 0) {
                continue; // taxonomy topics come from the taxonomy
            }
            std::string data = stored(topic.id);
            schema::TopicEntityData t;
            if (!data.empty()) {
                t = schema::decode_topic(data);
            } else {
                t.id = topic.id;
                t.display_name = topic.display_name;
                t.level = "topic";
                t.origin = "source";
                t.source_key = topic.display_name;
            }
            resolution.topics.emplace(ref->code, std::move(t));
        }
    }
    for (auto& [code, counts] : names) {
        std::string id = schema::entity_id(schema::EntityKind::Author, code);
        std::string data = stored(id);
        schema::AuthorData author;
        if (!data.empty()) {
            author = schema::decode_author(data);
        } else {
            author.id = id;
            std::vector<std::pair<std::string, std::size_t>> sorted(counts.begin(), counts.end());
            std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
                return a.second != b.second ? a.second > b.second : a.first < b.first;
            });
            author.display_name = sorted.front().first;
            for (std::size_t i = 1; i < sorted.size(); ++i) {
                author.display_name_alternatives.push_back(sorted[i].first);
            }
            std::set<std::string> keys;
            for (const auto& [name, count] : sorted) {
                SplitName split = split_name(name);
                for (auto& key : family_keys(split.family, analyzer)) {
                    keys.insert(key);
                }
                std::string given = given_key(given_parts(split.given, analyzer));
                if (std::find(author.given_keys.begin(), author.given_keys.end(), given)
                    == author.given_keys.end()) {
                    author.given_keys.push_back(given);
                }
            }
            for (const auto& key : keys) {
                author.family_key += (author.family_key.empty() ? "" : " ") + key;
            }
        }
        resolution.authors.emplace(code, std::move(author));
    }
}

/// Updates an existing index: upserts by id, deletes, then refreshes the touched entities (or all
/// of them when an earlier run died between committing works and writing entities).
void incremental_update(IndexStore& store,
                        Resolution& resolution,
                        const IndexOptions& options,
                        const Taxonomy* taxonomy,
                        TopicSetup& topics,
                        unsigned threads,
                        Reporter& reporter,
                        IndexSummary& summary) {
    Xapian::WritableDatabase& works = store.works();
    const bool recover = store.entities_pending();
    const MaxCodes codes = max_codes(resolution, topics);
    bool marked = false;
    auto commit_works = [&]() {
        if (!marked) {
            // Works are committed before entities: say so, in the same commit as the works.
            store.set_entities_pending(true);
            marked = true;
        }
        write_max_codes(works, codes);
        works.commit();
    };
    std::set<std::string> touched_authors;
    std::set<std::string> touched_sources;
    std::set<std::string> touched_topics;
    std::set<std::string> touched_cited;
    auto touch = [&](const schema::WorkData& work) {
        for (const auto& a : work.authorships) {
            touched_authors.insert(a.author_id);
        }
        touched_sources.insert(work.primary_source.id);
        for (const auto& topic : work.topics) {
            for (const auto& id : topics.tree.lineage(topic.id)) {
                touched_topics.insert(id);
            }
        }
        for (const auto& ref : work.referenced_works) {
            touched_cited.insert(ref);
        }
    };
    // Deletions.
    for (const auto& id : options.delete_ids) {
        Xapian::docid did = store.find_work(id);
        if (did == 0) {
            reporter.problem("--delete " + id, "no work with this id in the index");
            continue;
        }
        schema::WorkData work = schema::decode_work(works.get_document(did).get_data());
        touch(work);
        works.delete_document(did);
        ++summary.works_deleted;
    }
    // Upserts, built in parallel batches and written in order.
    std::vector<std::unique_ptr<DocumentBuilder>> builders;
    for (unsigned t = 0; t < threads; ++t) {
        builders.push_back(std::make_unique<DocumentBuilder>(taxonomy, topics.tree));
    }
    const std::size_t n = resolution.works.size();
    const std::size_t batch = std::max<std::size_t>(1, options.batch_size);
    std::vector<Xapian::Document> docs;
    for (std::size_t start = 0; start < n; start += batch) {
        std::size_t end = std::min(n, start + batch);
        // One Document each: copies of one Document share its internals, whose reference count
        // is not atomic, and the builder threads below replace the elements concurrently (that
        // race lost decrements: a leaked Document, seen by LeakSanitizer in a rerun after a kill).
        docs.clear();
        docs.resize(end - start);
        for (std::size_t i = start; i < end; ++i) {
            ResolvedWork& w = resolution.works[i];
            w.data.cited_by_count = store.term_count(term(prefix::kCites, w.data.id));
        }
        parallel_for(end - start, threads, [&](std::size_t k, unsigned thread) {
            docs[k] = builders[thread]->build(resolution.works[start + k]);
        });
        std::size_t changed_in_batch = 0;
        for (std::size_t i = start; i < end; ++i) {
            ResolvedWork& w = resolution.works[i];
            Xapian::Document& doc = docs[i - start];
            std::string id_term = work_id_term(w.data.id);
            Xapian::docid existing = store.find_work(w.data.id);
            bool changed = true;
            if (existing != 0) {
                Xapian::Document old = works.get_document(existing);
                if (old.get_data() == doc.get_data() && works.term_exists(id_term)) {
                    changed = false;
                } else {
                    touch(schema::decode_work(old.get_data()));
                }
            }
            for (const auto& old_id : w.replaces) {
                std::string old_term = work_id_term(old_id);
                if (old_id != w.data.id && works.term_exists(old_term)) {
                    Xapian::docid old_did = *works.postlist_begin(old_term);
                    touch(schema::decode_work(works.get_document(old_did).get_data()));
                    works.delete_document(old_term);
                    changed = true;
                }
            }
            if (!changed) {
                ++summary.works_unchanged;
                continue;
            }
            touch(w.data);
            try {
                works.replace_document(id_term, doc);
            } catch (const Xapian::Error& e) {
                throw Error(Errc::Index,
                            "cannot index " + describe_work(w.data) + ": " + e.get_description());
            }
            ++summary.works_written;
            ++changed_in_batch;
        }
        if (changed_in_batch > 0 || (start == 0 && summary.works_deleted > 0)) {
            commit_works();
        }
        reporter.progress(Phase::Indexing, end, n);
    }
    if (summary.works_written + summary.works_deleted == 0 && !recover) {
        summary.revision = works.get_revision();
        return;
    }
    // Citation counts of works cited by what changed.
    for (const auto& target : touched_cited) {
        Xapian::docid did = store.find_work(target);
        if (did == 0) {
            continue;
        }
        Xapian::Document doc = works.get_document(did);
        schema::WorkData work = schema::decode_work(doc.get_data());
        long count = store.term_count(term(prefix::kCites, work.id));
        if (count != work.cited_by_count) {
            set_cited_by(doc, work, count);
            works.replace_document(did, doc);
        }
    }
    commit_works();

    reporter.progress(Phase::Entities, 0, 1);
    schema::TermBuilder& terms = builders.front()->terms();
    Xapian::WritableDatabase& entities = store.entities();
    EntityBuild build;
    if (recover) {
        // A run died after committing works: rebuild every entity from every work.
        std::vector<schema::WorkData> everything = all_works_in(works);
        std::vector<const schema::WorkData*> pointers;
        pointers.reserve(everything.size());
        for (const auto& w : everything) {
            pointers.push_back(&w);
        }
        complete_identities(pointers, entities, resolution, terms.analyzer());
        build = aggregate_all(
            pointers, resolution.authors, resolution.sources, resolution.topics, topics, threads);
        std::set<std::string> keep;
        for (const auto& a : build.authors) {
            keep.insert(a.id);
        }
        for (const auto& x : build.sources) {
            keep.insert(x.id);
        }
        for (const auto& t : build.topics) {
            keep.insert(t.id);
        }
        std::vector<std::string> stale;
        for (auto it = entities.postlist_begin(""); it != entities.postlist_end(""); ++it) {
            std::string id =
                entities.get_document(*it).get_value(schema::slot(schema::EntitySlot::Id));
            if (keep.count(id) == 0) {
                stale.push_back(id);
            }
        }
        for (const auto& id : stale) {
            entities.delete_document(entity_id_term(id));
        }
    } else {
        auto pointers = [](const std::vector<schema::WorkData>& works_of) {
            std::vector<const schema::WorkData*> p;
            p.reserve(works_of.size());
            for (const auto& w : works_of) {
                p.push_back(&w);
            }
            return p;
        };
        auto stored = [&entities](const std::string& id) -> std::string {
            std::string t = entity_id_term(id);
            auto it = entities.postlist_begin(t);
            return it == entities.postlist_end(t) ? std::string()
                                                  : entities.get_document(*it).get_data();
        };
        for (const auto& id : touched_authors) {
            auto ref = schema::parse_entity_id(id);
            if (!ref) {
                continue;
            }
            std::vector<schema::WorkData> works_of =
                store.works_with_term(term(prefix::kAuthorId, id));
            if (works_of.empty()) {
                entities.delete_document(entity_id_term(id));
                continue;
            }
            schema::AuthorData author;
            if (auto r = resolution.authors.find(ref->code); r != resolution.authors.end()) {
                author = r->second;
            } else if (std::string data = stored(id); !data.empty()) {
                author = schema::decode_author(data);
            } else {
                continue;
            }
            aggregate_author(author, pointers(works_of));
            build.authors.push_back(std::move(author));
        }
        for (const auto& id : touched_sources) {
            auto ref = schema::parse_entity_id(id);
            if (!ref) {
                continue;
            }
            std::vector<schema::WorkData> works_of =
                store.works_with_term(term(prefix::kSourceId, id));
            if (works_of.empty()) {
                entities.delete_document(entity_id_term(id));
                continue;
            }
            schema::SourceEntityData source;
            if (auto r = resolution.sources.find(ref->code); r != resolution.sources.end()) {
                source = r->second;
            } else if (std::string data = stored(id); !data.empty()) {
                source = schema::decode_source(data);
            } else {
                continue;
            }
            aggregate_source(source, pointers(works_of));
            build.sources.push_back(std::move(source));
        }
        // Taxonomy topics are always present (browsable even with no works); others when touched.
        std::set<std::string> topic_ids = touched_topics;
        for (const auto& [code, topic] : topics.taxonomy_topics) {
            if (!entities.term_exists(entity_id_term(topic.id))) {
                topic_ids.insert(topic.id);
            }
        }
        for (const auto& id : topic_ids) {
            auto ref = schema::parse_entity_id(id);
            if (!ref) {
                continue;
            }
            schema::TopicEntityData topic;
            if (auto it = topics.taxonomy_topics.find(ref->code);
                it != topics.taxonomy_topics.end()) {
                topic = it->second;
            } else if (auto r = resolution.topics.find(ref->code); r != resolution.topics.end()) {
                topic = r->second;
            } else if (std::string data = stored(id); !data.empty()) {
                topic = schema::decode_topic(data);
            } else {
                continue;
            }
            std::vector<schema::WorkData> works_of =
                store.works_with_term(term(prefix::kTopicId, id));
            aggregate_topic(topic, pointers(works_of), topics.tree);
            build.topics.push_back(std::move(topic));
        }
    }
    write_entities(entities, build, terms);
    write_max_codes(entities, codes);
    entities.commit();
    store.set_entities_pending(false);
    works.commit();
    summary.authors_written = build.authors.size();
    summary.sources_written = build.sources.size();
    summary.topics_written = build.topics.size();
    summary.revision = works.get_revision();
    reporter.progress(Phase::Entities, 1, 1);
}

} // namespace

IndexSummary run_indexer(const IndexOptions& options, const IndexObserver& observer) {
    auto started = std::chrono::steady_clock::now();
    IndexSummary summary;
    Reporter reporter(observer);
    const unsigned threads = thread_count(options.threads);
    fs::path dir = options.index_dir;
    try {
        fs::create_directories(dir);
    } catch (const fs::filesystem_error& e) {
        throw Error(Errc::Io,
                    "cannot create index directory " + dir.string() + ": " + e.code().message());
    }
    WriterLock lock(dir);
    // Leftovers of a build that was killed.
    for (const auto& entry : fs::directory_iterator(dir)) {
        if (entry.path().filename().string().rfind(".build-", 0) == 0) {
            fs::remove_all(entry.path());
        }
    }
    try {
        IndexStore store(dir);
        ReadResult read = read_all(options, threads, reporter);
        summary.records_read = read.records.size() + read.rejected;
        summary.records_rejected = read.rejected;
        summary.records_repaired = read.repaired;
        if (read.stopped) {
            summary.stopped = true;
            summary.revision = store.works().get_revision();
            return summary;
        }
        schema::TermBuilder setup_terms;
        std::optional<Taxonomy> taxonomy;
        taxonomy.emplace(options.taxonomy_path.empty()
                             ? Taxonomy::builtin(setup_terms)
                             : Taxonomy::load(options.taxonomy_path, setup_terms));
        reporter.progress(Phase::Resolving, 0, 1);
        Resolution resolution = resolve(std::move(read.records), store, setup_terms.analyzer());
        summary.versions_merged = resolution.versions_merged;
        for (const auto& [origin, reason] : resolution.id_clashes) {
            reporter.problem(origin, reason);
        }
        summary.records_rejected += resolution.id_clashes.size();
        reporter.progress(Phase::Resolving, 1, 1);
        TopicSetup topics = topic_setup(&*taxonomy, resolution);
        if (store.empty() && options.delete_ids.empty() && !resolution.works.empty()) {
            bulk_build(dir, store, resolution, &*taxonomy, topics, threads, reporter, summary);
        } else {
            incremental_update(
                store, resolution, options, &*taxonomy, topics, threads, reporter, summary);
        }
    } catch (const Xapian::DatabaseLockError& e) {
        throw Error(Errc::IndexLocked,
                    "the index is locked by another writer: " + e.get_description());
    } catch (const Xapian::Error& e) {
        throw Error(Errc::Index, "writing the index failed: " + e.get_description());
    }
    summary.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return summary;
}

std::string index_stats_json(const std::string& index_dir) {
    fs::path dir = index_dir;
    fs::path works_path = dir / schema::kWorksDir;
    fs::path entities_path = dir / schema::kEntitiesDir;
    if (!fs::exists(works_path / "iamglass") || !fs::exists(entities_path / "iamglass")) {
        throw Error(Errc::Io,
                    index_dir + " is not a Peerscope index (expected " + works_path.string()
                        + " and " + entities_path.string() + ")");
    }
    try {
        Xapian::Database works(works_path.string());
        Xapian::Database entities(entities_path.string());
        auto count = [&entities](std::string_view kind) {
            return entities.get_termfreq(term(prefix::kEntityType, kind));
        };
        nlohmann::json stats = {
            {"works", works.get_doccount()},
            {"authors", count("author")},
            {"venues", count("source")},
            {"topics", count("topic")},
            {"revision", works.get_revision()},
            {"entities_revision", entities.get_revision()},
            {"schema_version",
             std::stoi(works.get_metadata(std::string(schema::kSchemaVersionKey)))},
            {"works_with_abstract", works.get_termfreq(term(prefix::kHas, "abstract"))},
            {"path", fs::absolute(dir).string()},
        };
        return stats.dump();
    } catch (const Xapian::Error& e) {
        throw Error(Errc::Index, "cannot read " + index_dir + ": " + e.get_description());
    } catch (const std::invalid_argument&) {
        throw Error(Errc::SchemaMismatch, index_dir + " has no Peerscope schema version");
    }
}

} // namespace peerscope::indexer
