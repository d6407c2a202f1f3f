#include "snapshot.hpp"

#include "peerscope/schema/codec.hpp"
#include "peerscope/schema/prefixes.hpp"
#include "peerscope/schema/slots.hpp"

#include <algorithm>

namespace peerscope::search {

Snapshot::Snapshot(Xapian::Database& works_db, Xapian::Database& entities_db) {
    works_uuid = works_db.get_uuid();
    works_revision = works_db.get_revision();
    entities_uuid = entities_db.get_uuid();
    entities_revision = entities_db.get_revision();
    limit = works_db.get_lastdocid() + 1;
    works = works_db.get_doccount();
    year.assign(limit, 0);
    source.assign(limit, 0);
    type.assign(limit, 0);
    cited_by.assign(limit, 0);
    topic_begin.assign(static_cast<std::size_t>(limit) + 1, 0);
    author_begin.assign(static_cast<std::size_t>(limit) + 1, 0);
    all = DocSet(limit);
    topic_codes.reserve(works * 2);
    author_codes.reserve(works * 4);
    // Docids come in increasing order, so the CSR arrays fill sequentially; docids with no value
    // (deleted documents) get empty ranges.
    Xapian::docid next_fill = 0;
    auto fill_to = [&](Xapian::docid upto) {
        for (; next_fill <= upto && next_fill < limit; ++next_fill) {
            topic_begin[next_fill] = static_cast<std::uint32_t>(topic_codes.size());
            author_begin[next_fill] = static_cast<std::uint32_t>(author_codes.size());
        }
    };
    const Xapian::valueno slot = schema::slot(schema::WorkSlot::Facets);
    for (auto it = works_db.valuestream_begin(slot); it != works_db.valuestream_end(slot); ++it) {
        Xapian::docid did = it.get_docid();
        fill_to(did);
        auto codes = schema::decode_facets(*it);
        if (!codes || did >= limit) {
            continue;
        }
        all.insert(did);
        year[did] = codes->year;
        source[did] = codes->source;
        type[did] = codes->type;
        cited_by[did] = codes->cited_by;
        source_limit = std::max(source_limit, codes->source + 1);
        topic_codes.insert(topic_codes.end(), codes->topics.begin(), codes->topics.end());
        author_codes.insert(author_codes.end(), codes->authors.begin(), codes->authors.end());
    }
    fill_to(limit);
    topic_begin[limit] = static_cast<std::uint32_t>(topic_codes.size());
    author_begin[limit] = static_cast<std::uint32_t>(author_codes.size());
    // Document lengths for the in-memory BM25 scorer (scorer.hpp), as Xapian's weighting sees them.
    doc_length.assign(limit, 0);
    for (auto it = works_db.postlist_begin(""); it != works_db.postlist_end(""); ++it) {
        if (*it < limit) {
            doc_length[*it] = it.get_doclength();
        }
    }
    average_length = std::max(works_db.get_avlength(), 1e-9);
    // Topic codes are sparse (hierarchical numbers): facets count by their index instead.
    topic_list = topic_codes;
    std::sort(topic_list.begin(), topic_list.end());
    topic_list.erase(std::unique(topic_list.begin(), topic_list.end()), topic_list.end());
    topic_slots.reserve(topic_codes.size());
    for (std::uint32_t code : topic_codes) {
        topic_slots.push_back(static_cast<std::uint32_t>(
            std::lower_bound(topic_list.begin(), topic_list.end(), code) - topic_list.begin()));
    }

    const Xapian::valueno id_slot = schema::slot(schema::EntitySlot::Id);
    const Xapian::valueno name_slot = schema::slot(schema::EntitySlot::DisplayName);
    std::unordered_map<Xapian::docid, std::string> ids;
    for (auto it = entities_db.valuestream_begin(id_slot);
         it != entities_db.valuestream_end(id_slot);
         ++it) {
        ids.emplace(it.get_docid(), *it);
    }
    for (auto it = entities_db.valuestream_begin(name_slot);
         it != entities_db.valuestream_end(name_slot);
         ++it) {
        auto id = ids.find(it.get_docid());
        if (id == ids.end()) {
            continue;
        }
        auto ref = schema::parse_entity_id(id->second);
        if (!ref) {
            continue;
        }
        switch (ref->kind) {
        case schema::EntityKind::Author:
            if (ref->code >= author_names.size()) {
                author_names.resize(ref->code + 1);
            }
            author_names[ref->code] = *it;
            break;
        case schema::EntityKind::Source:
            source_names[ref->code] = *it;
            break;
        case schema::EntityKind::Topic:
            topic_names[ref->code] = *it;
            break;
        }
    }
}

std::string Snapshot::name_of(char kind, std::uint32_t code) const {
    switch (kind) {
    case 'A':
        return code < author_names.size() ? author_names[code] : std::string();
    case 'S': {
        auto it = source_names.find(code);
        return it == source_names.end() ? std::string() : it->second;
    }
    case 'T': {
        auto it = topic_names.find(code);
        return it == topic_names.end() ? std::string() : it->second;
    }
    default:
        return {};
    }
}

std::shared_ptr<const DocSet> Snapshot::term_docs(Xapian::Database& db,
                                                  const std::string& term) const {
    if (auto cached = bitmaps_.find(term)) {
        return cached;
    }
    // From the posting arrays (cached for the scorer too), so that a term is read from the index
    // once.
    const std::shared_ptr<const Postings> postings = term_postings(db, term);
    auto set = std::make_shared<DocSet>(limit);
    for (const Xapian::docid d : postings->docs) {
        set->insert(d);
    }
    if (postings->docs.size() < kCacheMinTermFreq) {
        return set;
    }
    const std::size_t bytes = set->memory_bytes();
    return bitmaps_.remember(term, std::move(set), bytes, cache_budget_);
}

std::shared_ptr<const Postings> Snapshot::term_postings(Xapian::Database& db,
                                                        const std::string& term) const {
    if (auto cached = postings_.find(term)) {
        return cached;
    }
    auto postings = std::make_shared<Postings>();
    for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
        postings->docs.push_back(*it);
        postings->wdfs.push_back(it.get_wdf());
    }
    // Terms of a few postings are cheap to read again; not caching them (nor absent terms) keeps
    // queries of made-up words from filling the budget that the index's real vocabulary needs.
    if (postings->docs.size() < kPostingsCacheMinTermFreq) {
        return postings;
    }
    const std::size_t bytes =
        postings->docs.size() * (sizeof(Xapian::docid) + sizeof(std::uint32_t)) + term.size()
        + kPostingsEntryOverhead;
    return postings_.remember(term, std::move(postings), bytes, cache_budget_);
}

std::size_t Snapshot::postings_cache_bytes() const {
    return postings_.bytes();
}

std::size_t Snapshot::cache_bytes() const {
    return bitmaps_.bytes();
}

} // namespace peerscope::search
