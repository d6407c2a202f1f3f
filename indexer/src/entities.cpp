#include "entities.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace peerscope::indexer {
namespace {

struct Counter {
    std::unordered_map<std::string, long> counts;
    std::unordered_map<std::string, std::string> names;
    void add(const std::string& id, const std::string& name, long n = 1) {
        if (id.empty()) {
            return;
        }
        counts[id] += n;
        if (!name.empty()) {
            names.emplace(id, name);
        }
    }
    [[nodiscard]] std::vector<schema::CountedRef> top(std::size_t limit) const {
        std::vector<schema::CountedRef> refs;
        refs.reserve(counts.size());
        for (const auto& [id, count] : counts) {
            auto name = names.find(id);
            refs.push_back({id, name == names.end() ? std::string() : name->second, count});
        }
        std::sort(refs.begin(), refs.end(), [](const auto& a, const auto& b) {
            return a.count != b.count ? a.count > b.count : a.id < b.id;
        });
        if (refs.size() > limit) {
            refs.resize(limit);
        }
        return refs;
    }
};

std::vector<schema::YearCount> by_year(const std::vector<const schema::WorkData*>& works) {
    std::map<int, schema::YearCount, std::greater<>> years;
    for (const schema::WorkData* work : works) {
        if (work->publication_year == 0) {
            continue;
        }
        schema::YearCount& y = years[work->publication_year];
        y.year = work->publication_year;
        ++y.works_count;
        y.cited_by_count += work->cited_by_count;
    }
    std::vector<schema::YearCount> out;
    out.reserve(years.size());
    for (auto& [year, count] : years) {
        out.push_back(count);
    }
    return out;
}

bool peer_reviewed_location(const schema::LocationData& l) {
    return l.version == "publishedVersion"
           && (l.source.type == "conference" || l.source.type == "journal"
               || l.source.type == "workshop");
}

/// The first peer-reviewed version of @p work (the primary one when it is), or null.
const schema::LocationData* peer_reviewed_version(const schema::WorkData& work) {
    auto it = std::find_if(work.locations.begin(), work.locations.end(), peer_reviewed_location);
    return it == work.locations.end() ? nullptr : &*it;
}

void year_range(const std::vector<const schema::WorkData*>& works, int& first, int& last) {
    first = 0;
    last = 0;
    for (const schema::WorkData* work : works) {
        int y = work->publication_year;
        if (y == 0) {
            continue;
        }
        first = first == 0 ? y : std::min(first, y);
        last = std::max(last, y);
    }
}

} // namespace

std::vector<std::string> TopicTree::lineage(const std::string& id) const {
    std::vector<std::string> out;
    std::string current = id;
    while (!current.empty() && out.size() < 16) {
        out.push_back(current);
        auto it = parent_of.find(current);
        if (it == parent_of.end()) {
            break;
        }
        current = it->second;
    }
    return out;
}

void aggregate_author(schema::AuthorData& author, const std::vector<const schema::WorkData*>& works) {
    std::vector<const schema::WorkData*> sorted = works;
    std::sort(sorted.begin(), sorted.end(), [](const auto* a, const auto* b) {
        if (a->publication_year != b->publication_year) {
            return a->publication_year > b->publication_year;
        }
        return a->id < b->id;
    });
    author.works_count = static_cast<long>(sorted.size());
    author.cited_by_count = 0;
    author.works_with_doi = 0;
    author.peer_reviewed_works = 0;
    author.preprint_works = 0;
    author.peer_reviewed_ids.clear();
    author.dois.clear();
    author.multi_source_work_ids.clear();
    author.first_work_id.clear();
    author.citations_known = false;
    std::vector<std::pair<long, const std::string*>> citations;
    Counter topics;
    Counter sources;
    Counter reviewed_venues;
    Counter provenance;
    struct Collab {
        std::string name;
        long shared = 0;
        int first = 0;
        int last = 0;
        std::unordered_map<std::string, long> topics;
    };
    std::unordered_map<std::string, Collab> collaborators;
    std::map<std::string, std::set<int>> affiliations;
    author.work_ids.clear();
    for (const schema::WorkData* work : sorted) {
        author.work_ids.push_back(work->id);
        author.cited_by_count += work->cited_by_count;
        citations.emplace_back(work->cited_by_count, &work->id);
        author.citations_known = author.citations_known || work->cited_by_count > 0
                                 || work->source_cited_by_count.has_value();
        if (!work->doi.empty()) {
            ++author.works_with_doi;
            if (author.dois.size() < schema::kMaxEvidenceItems) {
                author.dois.push_back({work->id, work->doi});
            }
        }
        if (const schema::LocationData* reviewed = peer_reviewed_version(*work)) {
            ++author.peer_reviewed_works;
            if (author.peer_reviewed_ids.size() < schema::kMaxEvidenceItems) {
                author.peer_reviewed_ids.push_back(work->id);
            }
            reviewed_venues.add(reviewed->source.id, reviewed->source.display_name);
        } else {
            ++author.preprint_works;
        }
        std::set<std::string> formats;
        for (const auto& location : work->locations) {
            if (!location.format.empty() && formats.insert(location.format).second) {
                provenance.add(location.format, location.format);
            }
        }
        if (formats.size() > 1 && author.multi_source_work_ids.size() < schema::kMaxEvidenceItems) {
            author.multi_source_work_ids.push_back(work->id);
        }
        if (work->publication_year != 0) {
            author.first_work_id = work->id; // works run newest first: the last dated one wins
        }
        for (const auto& topic : work->topics) {
            topics.add(topic.id, topic.display_name);
        }
        sources.add(work->primary_source.id, work->primary_source.display_name);
        int year = work->publication_year;
        std::set<std::string_view> coauthors_here; // a name listed twice in one work counts once
        for (const auto& a : work->authorships) {
            if (a.author_id == author.id) {
                for (const auto& institution : a.institutions) {
                    auto& years = affiliations[institution];
                    if (year != 0) {
                        years.insert(year);
                    }
                }
                continue;
            }
            if (a.author_id.empty() || !coauthors_here.insert(a.author_id).second) {
                continue;
            }
            Collab& c = collaborators[a.author_id];
            if (c.name.empty()) {
                c.name = a.display_name;
            }
            ++c.shared;
            if (year != 0) {
                c.first = c.first == 0 ? year : std::min(c.first, year);
                c.last = std::max(c.last, year);
            }
            for (const auto& topic : work->topics) {
                ++c.topics[topic.id];
            }
        }
    }
    // Most cited first; equal counts by id, so the h works named as evidence are stable.
    std::sort(citations.begin(), citations.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first > b.first : *a.second < *b.second;
    });
    author.h_index = 0;
    author.i10_index = 0;
    for (std::size_t i = 0; i < citations.size(); ++i) {
        if (citations[i].first >= static_cast<long>(i + 1)) {
            author.h_index = static_cast<int>(i + 1);
        }
        if (citations[i].first >= 10) {
            ++author.i10_index;
        }
    }
    author.h_index_work_ids.clear();
    for (std::size_t i = 0;
         i < static_cast<std::size_t>(author.h_index) && i < schema::kMaxEvidenceItems;
         ++i) {
        author.h_index_work_ids.push_back(*citations[i].second);
    }
    author.topics = topics.top(kMaxCountedRefs);
    author.distinct_topics = static_cast<long>(topics.counts.size());
    author.sources = sources.top(kMaxCountedRefs);
    author.peer_reviewed_venues = reviewed_venues.top(schema::kMaxEvidenceItems);
    author.provenance = provenance.top(schema::kMaxEvidenceItems);
    author.counts_by_year = by_year(sorted);
    year_range(sorted, author.first_year, author.last_year);
    author.distinct_collaborators = static_cast<long>(collaborators.size());
    author.collaborators.clear();
    for (auto& [id, c] : collaborators) {
        schema::CollaboratorData data;
        data.id = id;
        data.display_name = c.name;
        data.shared_works = c.shared;
        data.first_year = c.first;
        data.last_year = c.last;
        std::vector<std::pair<std::string, long>> shared(c.topics.begin(), c.topics.end());
        std::sort(shared.begin(), shared.end(), [](const auto& a, const auto& b) {
            return a.second != b.second ? a.second > b.second : a.first < b.first;
        });
        for (std::size_t i = 0; i < shared.size() && i < 3; ++i) {
            data.shared_topics.push_back(shared[i].first);
        }
        author.collaborators.push_back(std::move(data));
    }
    std::sort(author.collaborators.begin(), author.collaborators.end(), [](const auto& a, const auto& b) {
        if (a.shared_works != b.shared_works) {
            return a.shared_works > b.shared_works;
        }
        if (a.last_year != b.last_year) {
            return a.last_year > b.last_year;
        }
        return a.id < b.id;
    });
    if (author.collaborators.size() > kMaxCollaborators) {
        author.collaborators.resize(kMaxCollaborators);
    }
    author.affiliations.clear();
    for (auto& [institution, years] : affiliations) {
        author.affiliations.push_back({institution, std::vector<int>(years.rbegin(), years.rend())});
    }
}

void aggregate_source(schema::SourceEntityData& source,
                      const std::vector<const schema::WorkData*>& works) {
    source.works_count = static_cast<long>(works.size());
    source.cited_by_count = 0;
    Counter topics;
    Counter authors;
    for (const schema::WorkData* work : works) {
        source.cited_by_count += work->cited_by_count;
        for (const auto& topic : work->topics) {
            topics.add(topic.id, topic.display_name);
        }
        for (const auto& a : work->authorships) {
            authors.add(a.author_id, a.display_name);
        }
    }
    source.topics = topics.top(kMaxCountedRefs);
    source.authors = authors.top(kMaxCountedRefs);
    source.counts_by_year = by_year(works);
    year_range(works, source.first_year, source.last_year);
}

void aggregate_topic(schema::TopicEntityData& topic,
                     const std::vector<const schema::WorkData*>& works,
                     const TopicTree& tree) {
    topic.works_count = static_cast<long>(works.size());
    topic.cited_by_count = 0;
    Counter sources;
    Counter authors;
    Counter related;
    std::set<std::string> own;
    for (const auto& id : tree.lineage(topic.id)) {
        own.insert(id);
    }
    for (const schema::WorkData* work : works) {
        topic.cited_by_count += work->cited_by_count;
        sources.add(work->primary_source.id, work->primary_source.display_name);
        for (const auto& a : work->authorships) {
            authors.add(a.author_id, a.display_name);
        }
        for (const auto& other : work->topics) {
            // Co-occurring topics, not this topic's own ancestors or descendants' self-matches.
            bool in_lineage = false;
            for (const auto& id : tree.lineage(other.id)) {
                if (id == topic.id) {
                    in_lineage = true;
                }
            }
            if (!in_lineage && own.count(other.id) == 0) {
                related.add(other.id, other.display_name);
            }
        }
    }
    topic.sources = sources.top(kMaxCountedRefs);
    topic.authors = authors.top(kMaxCountedRefs);
    // More than a topic page shows: the search library re-ranks them by association strength,
    // which needs the other topics' sizes.
    constexpr std::size_t kRelatedCandidates = 30;
    topic.related_topics = related.top(kRelatedCandidates);
    topic.counts_by_year = by_year(works);
}

} // namespace peerscope::indexer
