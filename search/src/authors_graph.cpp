#include "authors_graph.hpp"

#include "authors_common.hpp"
#include "peerscope/schema/codec.hpp"
#include "peerscope/search/error.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <unordered_map>

namespace peerscope::search {
namespace {

/// Shared works of two people and their years.
struct Tie {
    long works = 0;
    int first = 0;
    int last = 0;
    void add(int year) {
        ++works;
        if (year != 0) {
            first = first == 0 ? year : std::min(first, year);
            last = std::max(last, year);
        }
    }
};

/// A work of the centre author, read from the snapshot's facet codes.
struct WorkFacts {
    Xapian::docid did = 0;
    int year = 0;
    std::uint32_t source = 0;
    std::uint32_t topics_begin = 0;
    std::uint32_t topics_end = 0;
    std::uint32_t authors_begin = 0;
    std::uint32_t authors_end = 0;
};

WorkFacts facts_of(const Snapshot& snap, Xapian::docid did) {
    WorkFacts f;
    f.did = did;
    f.year = snap.year[did];
    f.source = snap.source[did];
    f.topics_begin = snap.topic_begin[did];
    f.topics_end = snap.topic_begin[did + 1];
    f.authors_begin = snap.author_begin[did];
    f.authors_end = snap.author_begin[did + 1];
    return f;
}

/// The kinds of nodes the limit is shared among, and their shares.
enum Kind : std::size_t { Coauthors, Works, Topics, Venues, Institutions, SecondRing, KindCount };
constexpr std::array<double, KindCount> kShares = {3.5, 3.0, 1.5, 1.0, 0.5, 2.0};

/// Shares @p budget among kinds with @p available candidates each, in proportion to kShares; what
/// one kind cannot use goes to the others.
std::array<std::size_t, KindCount> allocate(std::size_t budget,
                                            const std::array<std::size_t, KindCount>& available) {
    std::array<std::size_t, KindCount> taken{};
    while (budget > 0) {
        std::size_t best = KindCount;
        double best_fill = 0;
        for (std::size_t k = 0; k < KindCount; ++k) {
            if (taken[k] >= available[k] || kShares[k] <= 0) {
                continue;
            }
            double fill = static_cast<double>(taken[k] + 1) / kShares[k];
            if (best == KindCount || fill < best_fill) {
                best = k;
                best_fill = fill;
            }
        }
        if (best == KindCount) {
            break;
        }
        ++taken[best];
        --budget;
    }
    return taken;
}

template <typename Map>
std::vector<std::pair<std::uint32_t, long>> ranked_counts(const Map& counts) {
    std::vector<std::pair<std::uint32_t, long>> out(counts.begin(), counts.end());
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    return out;
}

std::string pair_key(std::uint32_t a, std::uint32_t b) {
    return std::to_string(std::min(a, b)) + ":" + std::to_string(std::max(a, b));
}

class GraphBuilder {
  public:
    GraphBuilder(Searcher::Impl& impl,
                 const schema::AuthorData& author,
                 int depth,
                 std::size_t limit)
        : impl_(impl), snap_(*impl.snapshot), author_(author), depth_(depth), limit_(limit) {
        center_ = schema::parse_entity_id(author.id)->code;
        graph_.center = author.id;
        graph_.depth = depth;
        graph_.limit = limit;
    }

    ResearchGraph build() {
        read_center_works();
        std::vector<std::pair<std::uint32_t, long>> coauthors;
        for (const auto& [code, tie] : ties_) {
            coauthors.emplace_back(code, tie.works);
        }
        std::sort(coauthors.begin(), coauthors.end(), [this](const auto& a, const auto& b) {
            if (a.second != b.second) {
                return a.second > b.second;
            }
            int la = ties_.at(a.first).last;
            int lb = ties_.at(b.first).last;
            return la != lb ? la > lb : a.first < b.first;
        });
        auto topics = ranked_counts(topic_counts_);
        auto venues = ranked_counts(venue_counts_);
        std::array<std::size_t, KindCount> available = {coauthors.size(),
                                                        works_.size(),
                                                        topics.size(),
                                                        venues.size(),
                                                        author_.affiliations.size(),
                                                        depth_ == 2 ? limit_ : 0};
        std::array<std::size_t, KindCount> taken = allocate(limit_ - 1, available);
        for (std::size_t k = 0; k < KindCount; ++k) {
            graph_.truncated = graph_.truncated || (k != SecondRing && taken[k] < available[k]);
        }

        add_node(author_.id,
                 "author",
                 author_.display_name,
                 static_cast<double>(author_.works_count),
                 0,
                 0);
        for (std::size_t i = 0; i < taken[Coauthors]; ++i) {
            std::uint32_t code = coauthors[i].first;
            listed_people_.insert(code);
            const Tie& tie = ties_.at(code);
            add_node(author_code_id(code),
                     "author",
                     snap_.name_of('A', code),
                     static_cast<double>(tie.works),
                     1,
                     0);
            add_edge(author_.id,
                     author_code_id(code),
                     "coauthor",
                     static_cast<double>(tie.works),
                     tie.first,
                     tie.last);
        }
        add_works(taken[Works]);
        for (std::size_t i = 0; i < taken[Topics]; ++i) {
            auto [code, count] = topics[i];
            listed_topics_.insert(code);
            add_node(
                topic_code_id(code), "topic", topic_label(code), static_cast<double>(count), 1, 0);
            add_edge(author_.id, topic_code_id(code), "works_on", static_cast<double>(count), 0, 0);
        }
        for (std::size_t i = 0; i < taken[Venues]; ++i) {
            auto [code, count] = venues[i];
            listed_venues_.insert(code);
            add_node(source_code_id(code),
                     "source",
                     snap_.name_of('S', code),
                     static_cast<double>(count),
                     1,
                     0);
            add_edge(
                author_.id, source_code_id(code), "publishes_in", static_cast<double>(count), 0, 0);
        }
        add_institutions(taken[Institutions]);
        work_edges();
        if (depth_ == 2) {
            second_ring(taken[SecondRing]);
        } else {
            coauthor_edges_on_center_works();
        }
        return std::move(graph_);
    }

  private:
    /// A topic's name: the author's topics carry the names their works gave (topics a source
    /// named with an id of its own have no entity), else the topic entity's.
    std::string topic_label(std::uint32_t code) const {
        std::string id = topic_code_id(code);
        for (const auto& t : author_.topics) {
            if (t.id == id && !t.display_name.empty()) {
                return t.display_name;
            }
        }
        return snap_.name_of('T', code);
    }

    void add_node(
        std::string id, const char* kind, std::string label, double weight, int ring, int year) {
        graph_.nodes.push_back({std::move(id), kind, std::move(label), weight, ring, year});
    }

    void add_edge(const std::string& source,
                  const std::string& target,
                  const char* kind,
                  double weight,
                  int first,
                  int last) {
        graph_.edges.push_back({source, target, kind, weight, first, last});
    }

    void read_center_works() {
        for (Xapian::docid did : works_of_author(impl_.works, author_.id)) {
            if (did >= snap_.limit) {
                continue;
            }
            WorkFacts f = facts_of(snap_, did);
            works_.push_back(f);
            std::set<std::uint32_t> seen;
            for (std::uint32_t i = f.authors_begin; i < f.authors_end; ++i) {
                std::uint32_t code = snap_.author_codes[i];
                if (code != center_ && seen.insert(code).second) {
                    ties_[code].add(f.year);
                }
            }
            std::set<std::uint32_t> topics_here;
            for (std::uint32_t i = f.topics_begin; i < f.topics_end; ++i) {
                if (topics_here.insert(snap_.topic_codes[i]).second) {
                    ++topic_counts_[snap_.topic_codes[i]];
                }
            }
            if (f.source != 0) {
                ++venue_counts_[f.source];
            }
        }
        // Newest first; equal years by docid.
        std::sort(works_.begin(), works_.end(), [](const WorkFacts& a, const WorkFacts& b) {
            return a.year != b.year ? a.year > b.year : a.did < b.did;
        });
    }

    void add_works(std::size_t n) {
        for (std::size_t i = 0; i < n && i < works_.size(); ++i) {
            const WorkFacts& f = works_[i];
            schema::WorkData work = load_work_data(impl_.works, f.did);
            add_node(work.id, "work", work.title, 1.0, 1, f.year);
            listed_works_.push_back({f, work.id});
        }
    }

    void add_institutions(std::size_t n) {
        std::vector<const schema::AffiliationData*> ranked;
        for (const auto& a : author_.affiliations) {
            ranked.push_back(&a);
        }
        std::sort(ranked.begin(), ranked.end(), [](const auto* a, const auto* b) {
            int la = a->years.empty() ? 0 : *std::max_element(a->years.begin(), a->years.end());
            int lb = b->years.empty() ? 0 : *std::max_element(b->years.begin(), b->years.end());
            if (la != lb) {
                return la > lb;
            }
            return a->years.size() != b->years.size() ? a->years.size() > b->years.size()
                                                      : a->institution < b->institution;
        });
        for (std::size_t i = 0; i < n && i < ranked.size(); ++i) {
            const auto& a = *ranked[i];
            std::string id = "institution:" + a.institution;
            int first = a.years.empty() ? 0 : *std::min_element(a.years.begin(), a.years.end());
            int last = a.years.empty() ? 0 : *std::max_element(a.years.begin(), a.years.end());
            add_node(id, "institution", a.institution, static_cast<double>(a.years.size()), 1, 0);
            add_edge(
                author_.id, id, "affiliated", static_cast<double>(a.years.size()), first, last);
        }
    }

    /// authored (person -> work), about (work -> topic), published_in (work -> venue).
    void work_edges() {
        for (const auto& [f, id] : listed_works_) {
            std::set<std::uint32_t> seen;
            for (std::uint32_t i = f.authors_begin; i < f.authors_end; ++i) {
                std::uint32_t code = snap_.author_codes[i];
                if ((code == center_ || listed_people_.count(code) != 0)
                    && seen.insert(code).second) {
                    add_edge(author_code_id(code), id, "authored", 1.0, f.year, f.year);
                }
            }
            std::set<std::uint32_t> topics_here;
            for (std::uint32_t i = f.topics_begin; i < f.topics_end; ++i) {
                std::uint32_t code = snap_.topic_codes[i];
                if (listed_topics_.count(code) != 0 && topics_here.insert(code).second) {
                    add_edge(id, topic_code_id(code), "about", 1.0, f.year, f.year);
                }
            }
            if (listed_venues_.count(f.source) != 0) {
                add_edge(id, source_code_id(f.source), "published_in", 1.0, f.year, f.year);
            }
        }
    }

    /// Depth 1: ties between listed co-authors, counted over the centre's works.
    void coauthor_edges_on_center_works() {
        std::map<std::string, std::pair<std::pair<std::uint32_t, std::uint32_t>, Tie>> pairs;
        for (const WorkFacts& f : works_) {
            std::vector<std::uint32_t> here;
            for (std::uint32_t i = f.authors_begin; i < f.authors_end; ++i) {
                std::uint32_t code = snap_.author_codes[i];
                if (listed_people_.count(code) != 0
                    && std::find(here.begin(), here.end(), code) == here.end()) {
                    here.push_back(code);
                }
            }
            for (std::size_t a = 0; a < here.size(); ++a) {
                for (std::size_t b = a + 1; b < here.size(); ++b) {
                    auto& entry = pairs[pair_key(here[a], here[b])];
                    entry.first = {std::min(here[a], here[b]), std::max(here[a], here[b])};
                    entry.second.add(f.year);
                }
            }
        }
        add_pair_edges(pairs);
    }

    void
    add_pair_edges(const std::map<std::string,
                                  std::pair<std::pair<std::uint32_t, std::uint32_t>, Tie>>& pairs) {
        for (const auto& [key, entry] : pairs) {
            const auto& [codes, tie] = entry;
            add_edge(author_code_id(codes.first),
                     author_code_id(codes.second),
                     "coauthor",
                     static_cast<double>(tie.works),
                     tie.first,
                     tie.last);
        }
    }

    /// Depth 2: the co-authors of the listed co-authors (people the centre never wrote with),
    /// ranked by the works they share with listed co-authors; ties among all listed people, over
    /// the works of the listed co-authors.
    void second_ring(std::size_t n) {
        std::map<std::string, std::pair<std::pair<std::uint32_t, std::uint32_t>, Tie>> pairs;
        std::unordered_map<std::uint32_t, long> reach;
        std::set<Xapian::docid> done;
        std::vector<Xapian::docid> shared_works; // works of listed co-authors
        for (std::uint32_t person : listed_people_) {
            for (Xapian::docid did : works_of_author(impl_.works, author_code_id(person))) {
                if (did >= snap_.limit || !done.insert(did).second) {
                    continue;
                }
                WorkFacts f = facts_of(snap_, did);
                std::vector<std::uint32_t> here;
                for (std::uint32_t i = f.authors_begin; i < f.authors_end; ++i) {
                    std::uint32_t code = snap_.author_codes[i];
                    if (code != center_
                        && std::find(here.begin(), here.end(), code) == here.end()) {
                        here.push_back(code);
                    }
                }
                for (std::uint32_t code : here) {
                    // Everyone on a work of the centre is one of its co-authors (ties_), not
                    // ring 2.
                    if (ties_.count(code) == 0) {
                        reach[code] += 1;
                    }
                }
                shared_works.push_back(did);
            }
        }
        auto ranked = ranked_counts(reach);
        std::set<std::uint32_t> ring2;
        for (std::size_t i = 0; i < n && i < ranked.size(); ++i) {
            ring2.insert(ranked[i].first);
            add_node(author_code_id(ranked[i].first),
                     "author",
                     snap_.name_of('A', ranked[i].first),
                     static_cast<double>(ranked[i].second),
                     2,
                     0);
        }
        graph_.truncated = graph_.truncated || ranked.size() > n;
        for (Xapian::docid did : shared_works) {
            WorkFacts f = facts_of(snap_, did);
            std::vector<std::uint32_t> here;
            for (std::uint32_t i = f.authors_begin; i < f.authors_end; ++i) {
                std::uint32_t code = snap_.author_codes[i];
                bool listed = listed_people_.count(code) != 0 || ring2.count(code) != 0;
                if (listed && std::find(here.begin(), here.end(), code) == here.end()) {
                    here.push_back(code);
                }
            }
            for (std::size_t a = 0; a < here.size(); ++a) {
                for (std::size_t b = a + 1; b < here.size(); ++b) {
                    // Ties between two second-ring people are left out: only works of listed
                    // co-authors were read, so their counts would be partial.
                    if (ring2.count(here[a]) != 0 && ring2.count(here[b]) != 0) {
                        continue;
                    }
                    auto& entry = pairs[pair_key(here[a], here[b])];
                    entry.first = {std::min(here[a], here[b]), std::max(here[a], here[b])};
                    entry.second.add(f.year);
                }
            }
        }
        add_pair_edges(pairs);
    }

    Searcher::Impl& impl_;
    const Snapshot& snap_;
    const schema::AuthorData& author_;
    int depth_;
    std::size_t limit_;
    std::uint32_t center_ = 0;
    ResearchGraph graph_;
    std::vector<WorkFacts> works_;
    std::unordered_map<std::uint32_t, Tie> ties_;
    std::unordered_map<std::uint32_t, long> topic_counts_;
    std::unordered_map<std::uint32_t, long> venue_counts_;
    std::set<std::uint32_t> listed_people_;
    std::set<std::uint32_t> listed_topics_;
    std::set<std::uint32_t> listed_venues_;
    std::vector<std::pair<WorkFacts, std::string>> listed_works_;
};

} // namespace

void check_graph_bounds(int depth, std::size_t limit) {
    if (depth < 1 || depth > 2) {
        throw Error(Errc::InvalidParameter,
                    "depth: " + std::to_string(depth)
                        + " is out of range; use 1 (the author's own neighbourhood) "
                          "or 2 (also the co-authors' co-authors)");
    }
    if (limit < 1 || limit > kMaxGraphLimit) {
        throw Error(Errc::InvalidParameter,
                    "limit: " + std::to_string(limit) + " is out of range; use 1 to "
                        + std::to_string(kMaxGraphLimit) + " nodes");
    }
}

ResearchGraph
build_graph(Searcher::Impl& impl, const schema::AuthorData& author, int depth, std::size_t limit) {
    return GraphBuilder(impl, author, depth, limit).build();
}

} // namespace peerscope::search
