// The link side of related works: citations (both directions), co-citation, shared references
// (bibliographic coupling), shared authors and shared topics, read from the works' boolean terms:
// XCITE+W on every work citing W, XAU+A on every work of author A, and the snapshot's topic codes.
#include "peerscope/schema/prefixes.hpp"
#include "peerscope/schema/terms.hpp"
#include "related_evidence.hpp"

#include <algorithm>
#include <cmath>

namespace peerscope::search {
namespace {

namespace prefix = schema::prefix;

/// References of a seed followed (a review may cite hundreds).
constexpr std::size_t kMaxReferences = 300;
/// Citers of a seed whose references are read for co-citation.
constexpr std::size_t kMaxCoCiters = 200;
/// Postings read from one citation or author term.
constexpr std::size_t kMaxPostings = 5'000;

using schema::term;

bool starts_with(const std::string& s, std::string_view p) {
    return s.compare(0, p.size(), p) == 0;
}

/// Resolves work ids to docids, remembering them for one request.
class IdCache {
  public:
    explicit IdCache(Xapian::Database& works) : works_(works) {}
    Xapian::docid operator()(const std::string& id) {
        auto [it, inserted] = cache_.try_emplace(id, 0);
        if (inserted) {
            it->second = docid_of(works_, id);
        }
        return it->second;
    }

  private:
    Xapian::Database& works_;
    std::unordered_map<std::string, Xapian::docid> cache_;
};

/// The work id and the cited ids of a document (from its termlist).
struct CitingDoc {
    std::string id;
    std::vector<std::string> cited;
};

CitingDoc read_citing(Xapian::Database& works, Xapian::docid did) {
    CitingDoc out;
    auto it = works.termlist_begin(did);
    auto end = works.termlist_end(did);
    it.skip_to(std::string(prefix::kWorkId));
    if (it != end && starts_with(*it, prefix::kWorkId)) {
        out.id = (*it).substr(prefix::kWorkId.size());
    }
    it.skip_to(std::string(prefix::kCites));
    for (; it != end; ++it) {
        std::string t = *it;
        if (!starts_with(t, prefix::kCites)) {
            break;
        }
        out.cited.push_back(t.substr(prefix::kCites.size()));
    }
    return out;
}

/// Every id naming @p seed (its work id and the ids of its grouped versions).
std::vector<std::string> ids_of(const SeedWork& seed) {
    std::vector<std::string> ids{seed.work.id};
    ids.insert(ids.end(), seed.work.alt_ids.begin(), seed.work.alt_ids.end());
    return ids;
}

void collect_citations(Xapian::Database& works,
                       std::size_t index,
                       const SeedWork& seed,
                       const DocSet& within,
                       IdCache& docid,
                       std::unordered_map<Xapian::docid, Links>& out) {
    const double n = std::max(2.0, static_cast<double>(works.get_doccount()));
    const std::vector<std::string> own = ids_of(seed);
    auto is_own = [&own](const std::string& id) {
        return std::find(own.begin(), own.end(), id) != own.end();
    };

    // The seed's references (it cites them) and bibliographic coupling through each of them.
    std::vector<std::string> refs = seed.work.referenced_works;
    if (refs.size() > kMaxReferences) {
        refs.resize(kMaxReferences);
    }
    double total_idf = 0.0;
    std::vector<std::pair<std::string, double>> weighted;
    for (const std::string& ref : refs) {
        std::string t = term(prefix::kCites, ref);
        double df = std::max(1.0, static_cast<double>(works.get_termfreq(t)));
        double idf = std::log(n / df);
        total_idf += idf;
        weighted.emplace_back(ref, idf);
        if (Xapian::docid d = docid(ref); d != 0 && within.contains(d)) {
            out[d].cited_by_seed.insert(index);
        }
    }
    for (const auto& [ref, idf] : weighted) {
        std::string t = term(prefix::kCites, ref);
        std::size_t read = 0;
        for (auto it = works.postlist_begin(t); it != works.postlist_end(t) && read < kMaxPostings;
             ++it, ++read) {
            Xapian::docid d = *it;
            if (d == seed.did || !within.contains(d)) {
                continue;
            }
            Links& links = out[d];
            links.shared_refs[index].push_back(ref);
            links.coupling[index] += total_idf > 0.0 ? idf / total_idf : 0.0;
        }
    }

    // Works citing the seed, and what they cite along with it (co-citation).
    std::vector<Xapian::docid> citers;
    for (const std::string& id : own) {
        std::string t = term(prefix::kCites, id);
        std::size_t read = 0;
        for (auto it = works.postlist_begin(t); it != works.postlist_end(t) && read < kMaxPostings;
             ++it, ++read) {
            if (*it != seed.did && std::find(citers.begin(), citers.end(), *it) == citers.end()) {
                citers.push_back(*it);
            }
        }
    }
    for (std::size_t k = 0; k < citers.size(); ++k) {
        Xapian::docid c = citers[k];
        if (within.contains(c)) {
            out[c].cites_seed.insert(index);
        }
        if (k >= kMaxCoCiters) {
            continue;
        }
        CitingDoc citing = read_citing(works, c);
        for (const std::string& cited : citing.cited) {
            if (is_own(cited)) {
                continue;
            }
            Xapian::docid d = docid(cited);
            if (d == 0 || d == seed.did || !within.contains(d)) {
                continue;
            }
            auto& co = out[d].co_citers[index];
            if (std::find(co.begin(), co.end(), citing.id) == co.end()) {
                co.push_back(citing.id);
            }
        }
    }
}

} // namespace

std::string work_id_of(Xapian::Database& works, Xapian::docid did) {
    return read_citing(works, did).id;
}

Xapian::docid docid_of(Xapian::Database& works, const std::string& id) {
    for (const std::string& t : {term(prefix::kWorkId, id), term(prefix::kAltId, id)}) {
        auto it = works.postlist_begin(t);
        if (it != works.postlist_end(t)) {
            return *it;
        }
    }
    return 0;
}

void collect_links(Searcher::Impl& impl,
                   const std::vector<SeedWork>& seeds,
                   const std::vector<SeedWork>& negatives,
                   const DocSet& within,
                   std::unordered_map<Xapian::docid, Links>& out) {
    Xapian::Database& works = impl.works;
    IdCache docid(works);
    for (std::size_t i = 0; i < seeds.size(); ++i) {
        collect_citations(works, i, seeds[i], within, docid, out);
        for (const auto& a : seeds[i].work.authorships) {
            if (a.author_id.empty()) {
                continue;
            }
            std::string t = term(prefix::kAuthorId, a.author_id);
            std::size_t read = 0;
            for (auto it = works.postlist_begin(t);
                 it != works.postlist_end(t) && read < kMaxPostings;
                 ++it, ++read) {
                if (within.contains(*it)) {
                    out[*it].authors[a.author_id].insert(i);
                }
            }
        }
    }
    for (const SeedWork& negative : negatives) {
        for (const auto& a : negative.work.authorships) {
            if (a.author_id.empty()) {
                continue;
            }
            std::string t = term(prefix::kAuthorId, a.author_id);
            for (auto it = works.postlist_begin(t); it != works.postlist_end(t); ++it) {
                if (auto found = out.find(*it); found != out.end()) {
                    found->second.negative_author = true;
                }
            }
        }
    }
}

void collect_topics(const Snapshot& snap,
                    const std::vector<SeedWork>& seeds,
                    std::unordered_map<Xapian::docid, Links>& out) {
    auto codes_of = [&snap](Xapian::docid d) {
        std::vector<std::uint32_t> codes;
        if (d + 1 < snap.topic_begin.size()) {
            codes.assign(snap.topic_codes.begin() + snap.topic_begin[d],
                         snap.topic_codes.begin() + snap.topic_begin[d + 1]);
        }
        return codes;
    };
    std::vector<std::vector<std::uint32_t>> seed_codes;
    for (const SeedWork& seed : seeds) {
        seed_codes.push_back(codes_of(seed.did));
    }
    for (auto& [did, links] : out) {
        for (std::uint32_t code : codes_of(did)) {
            for (std::size_t i = 0; i < seeds.size(); ++i) {
                if (std::find(seed_codes[i].begin(), seed_codes[i].end(), code)
                    != seed_codes[i].end()) {
                    links.topics[code].insert(i);
                }
            }
        }
    }
}

} // namespace peerscope::search
