#include "resolver.hpp"

#include "names.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <numeric>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace peerscope::indexer {
namespace {

// ---- venues --------------------------------------------------------------------------------

struct KnownVenue {
    std::string_view key;
    std::string_view display_name;
    std::string_view type;
    std::array<std::string_view, 3> aliases; // normalised (folded, alphanumeric only)
};

// The venues of the bundled datasets and their usual long names. Keys are normalised ids.
constexpr std::array<KnownVenue, 48> kKnownVenues = {{
    {"neurips",
     "NeurIPS",
     "conference",
     {"neuralinformationprocessingsystems",
      "advancesinneuralinformationprocessingsystems",
      "nips"}},
    {"icml", "ICML", "conference", {"internationalconferenceonmachinelearning", "", ""}},
    {"iclr", "ICLR", "conference", {"internationalconferenceonlearningrepresentations", "", ""}},
    {"iclrw", "ICLR Workshops", "workshop", {"", "", ""}},
    {"icmlw", "ICML Workshops", "workshop", {"", "", ""}},
    {"cvpr",
     "CVPR",
     "conference",
     {"conferenceoncomputervisionandpatternrecognition",
      "ieeecvfconferenceoncomputervisionandpatternrecognition",
      "computervisionandpatternrecognition"}},
    {"cvprw", "CVPR Workshops", "workshop", {"", "", ""}},
    {"iccv", "ICCV", "conference", {"internationalconferenceoncomputervision", "", ""}},
    {"iccvw", "ICCV Workshops", "workshop", {"", "", ""}},
    {"eccv", "ECCV", "conference", {"europeanconferenceoncomputervision", "", ""}},
    {"eccvw", "ECCV Workshops", "workshop", {"", "", ""}},
    {"wacv", "WACV", "conference", {"winterconferenceonapplicationsofcomputervision", "", ""}},
    {"wacvw", "WACV Workshops", "workshop", {"", "", ""}},
    {"aistats",
     "AISTATS",
     "conference",
     {"internationalconferenceonartificialintelligenceandstatistics",
      "artificialintelligenceandstatistics",
      ""}},
    {"alt", "ALT", "conference", {"algorithmiclearningtheory", "", ""}},
    {"colt",
     "COLT",
     "conference",
     {"conferenceonlearningtheory", "annualconferenceonlearningtheory", ""}},
    {"corl", "CoRL", "conference", {"conferenceonrobotlearning", "", ""}},
    {"uai",
     "UAI",
     "conference",
     {"conferenceonuncertaintyinartificialintelligence",
      "uncertaintyinartificialintelligence",
      ""}},
    {"jmlr", "JMLR", "journal", {"journalofmachinelearningresearch", "", ""}},
    {"tmlr", "TMLR", "journal", {"transactionsonmachinelearningresearch", "", ""}},
    {"dmlr", "DMLR", "journal", {"journalofdatacentricmachinelearningresearch", "", ""}},
    {"midl", "MIDL", "conference", {"medicalimagingwithdeeplearning", "", ""}},
    {"acml", "ACML", "conference", {"asianconferenceonmachinelearning", "", ""}},
    {"automl", "AutoML Conf", "conference", {"automatedmachinelearning", "", ""}},
    {"chil", "CHIL", "conference", {"conferenceonhealthinferenceandlearning", "", ""}},
    {"clear", "CLeaR", "conference", {"conferenceoncausallearningandreasoning", "", ""}},
    {"collas", "CoLLAs", "conference", {"conferenceonlifelonglearningagents", "", ""}},
    {"cpal", "CPAL", "conference", {"conferenceonparsimonyandlearning", "", ""}},
    {"distill", "Distill", "journal", {"", "", ""}},
    {"ecml", "ECML", "conference", {"europeanconferenceonmachinelearning", "", ""}},
    {"ecmlpkdd", "ECML PKDD", "conference", {"", "", ""}},
    {"ftml",
     "Foundations and Trends in Machine Learning",
     "journal",
     {"foundationsandtrendsinmachinelearning", "", ""}},
    {"isipta", "ISIPTA", "conference", {"", "", ""}},
    {"jair", "JAIR", "journal", {"journalofartificialintelligenceresearch", "", ""}},
    {"l4dc", "L4DC", "conference", {"learningfordynamicsandcontrol", "", ""}},
    {"log", "LoG", "conference", {"learningongraphsconference", "learningongraphs", ""}},
    {"mlhc", "MLHC", "conference", {"machinelearningforhealthcare", "", ""}},
    {"mlj", "Machine Learning", "journal", {"machinelearning", "machinelearningjournal", ""}},
    {"neco", "Neural Computation", "journal", {"neuralcomputation", "", ""}},
    {"pgm", "PGM", "conference", {"probabilisticgraphicalmodels", "", ""}},
    {"emnlp", "EMNLP", "conference", {"empiricalmethodsinnaturallanguageprocessing", "", ""}},
    {"acl",
     "ACL",
     "conference",
     {"annualmeetingoftheassociationforcomputationallinguistics", "", ""}},
    {"naacl", "NAACL", "conference", {"", "", ""}},
    {"cl", "Computational Linguistics", "journal", {"computationallinguistics", "", ""}},
    {"coling",
     "COLING",
     "conference",
     {"internationalconferenceoncomputationallinguistics", "", ""}},
    {"eacl", "EACL", "conference", {"", "", ""}},
    {"lrec", "LREC", "conference", {"languageresourcesandevaluationconference", "", ""}},
    {"cacm", "Communications of the ACM", "journal", {"communicationsoftheacm", "", ""}},
}};

std::string alnum_key(std::string_view text, analyzers::Analyzer& analyzer) {
    std::string folded = analyzer.fold(text);
    std::string key;
    key.reserve(folded.size());
    for (char c : folded) {
        auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u) != 0 || u >= 0x80) {
            key += c;
        }
    }
    return key;
}

const KnownVenue* find_known_venue(const std::string& normalised) {
    if (normalised.empty()) {
        return nullptr;
    }
    for (const KnownVenue& venue : kKnownVenues) {
        if (venue.key == normalised) {
            return &venue;
        }
        for (std::string_view alias : venue.aliases) {
            if (!alias.empty() && alias == normalised) {
                return &venue;
            }
        }
    }
    return nullptr;
}

// ---- version groups ------------------------------------------------------------------------

/// The collection in which a record's id names one distinct document, or empty. Test collections
/// (SMART: Cranfield, CACM; BEIR: SciFact) number their documents, and their relevance judgments
/// refer to those numbers: Cranfield documents 12 and 57 are two documents even with one title.
/// An arXiv id is one paper (its versions live under the one id). Other inputs give one paper
/// several ids: ML Anthology lists a paper shown at two workshops of a year twice in one file
/// (schaeffer2024icmlw-predicting and -predicting-a), and OpenAlex is an aggregator whose ids may
/// name versions of one work. Keyed by reader, so versions read back from the index are covered.
std::string id_collection(const WorkRecord& record) {
    if (record.id.empty()) {
        return {};
    }
    if (record.format == "smart" || record.format == "beir" || record.format == "arxiv") {
        return record.format;
    }
    return {};
}

/// The file part of a record's "FILE:LINE" origin.
std::string_view file_of(std::string_view origin) {
    std::size_t colon = origin.rfind(':');
    return colon == std::string_view::npos ? origin : origin.substr(0, colon);
}

/// Union-find over versions that refuses to join two groups holding different record ids of one
/// collection (id_collection). The smaller index stays the root so groups are named by
/// their first member.
class VersionGroups {
  public:
    VersionGroups(std::size_t n,
                  const std::vector<std::pair<std::string, std::string>>& collection_ids)
        : parent_(n), ids_(n) {
        std::iota(parent_.begin(), parent_.end(), 0);
        for (std::size_t i = 0; i < n; ++i) {
            const auto& [collection, id] = collection_ids[i];
            if (!collection.empty()) {
                ids_[i][collection].insert(id);
            }
        }
    }
    std::size_t find(std::size_t x) {
        while (parent_[x] != x) {
            parent_[x] = parent_[parent_[x]];
            x = parent_[x];
        }
        return x;
    }
    /// Joins the groups of @p a and @p b unless that would put two records of one collection
    /// together; @p force joins anyway (the same record id, or versions the index already groups).
    void unite(std::size_t a, std::size_t b, bool force = false) {
        a = find(a);
        b = find(b);
        if (a == b || (!force && conflict(a, b))) {
            return;
        }
        std::size_t root = std::min(a, b);
        std::size_t child = std::max(a, b);
        parent_[child] = root;
        for (auto& [collection, ids] : ids_[child]) {
            ids_[root][collection].insert(ids.begin(), ids.end());
        }
        ids_[child].clear();
    }

  private:
    bool conflict(std::size_t a, std::size_t b) const {
        for (const auto& [collection, ids] : ids_[a]) {
            auto other = ids_[b].find(collection);
            if (other != ids_[b].end() && other->second != ids) {
                return true;
            }
        }
        return false;
    }

    std::vector<std::size_t> parent_;
    std::vector<std::map<std::string, std::set<std::string>>> ids_;
};

// ---- union-find ----------------------------------------------------------------------------

class UnionFind {
  public:
    explicit UnionFind(std::size_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), 0); }
    std::size_t find(std::size_t x) {
        while (parent_[x] != x) {
            parent_[x] = parent_[parent_[x]];
            x = parent_[x];
        }
        return x;
    }
    // The smaller index stays the root so groups are named by their first member.
    void unite(std::size_t a, std::size_t b) {
        a = find(a);
        b = find(b);
        if (a != b) {
            parent_[std::max(a, b)] = std::min(a, b);
        }
    }

  private:
    std::vector<std::size_t> parent_;
};

// ---- versions ------------------------------------------------------------------------------

bool is_preprint(const WorkRecord& record) {
    return record.type == "preprint" || record.venue.type == "repository";
}

constexpr std::size_t kMinVersionKeyLength = 12;
constexpr int kVersionYearWindow = 2;

/// One version in a resolution: a new record, or a version of a work already in the index.
struct Version {
    WorkRecord record;
    std::vector<std::string> family_keys; // first family key of each author
    std::string venue_key;
    std::string version_key;
    const schema::WorkData* existing = nullptr; // the indexed work this version belongs to
    bool existing_primary = false;              // it was that work's primary version
    std::size_t order = 0;                      // input order (existing versions first)
};

bool versions_compatible(const Version& a, const Version& b) {
    if (a.existing != nullptr && a.existing == b.existing) {
        return true;
    }
    int ya = a.record.publication_year;
    int yb = b.record.publication_year;
    if (ya != 0 && yb != 0 && std::abs(ya - yb) > kVersionYearWindow) {
        return false;
    }
    // The same venue does not publish one work twice in different years ("Preface" of each volume).
    if (!a.venue_key.empty() && a.venue_key == b.venue_key && ya != yb) {
        return false;
    }
    // A shared title is not evidence on its own: without authors on both sides to compare
    // (Cranfield and CACM records often have none) the records stay apart.
    for (const auto& key : a.family_keys) {
        if (std::find(b.family_keys.begin(), b.family_keys.end(), key) != b.family_keys.end()) {
            return true;
        }
    }
    return false;
}

int version_rank(const Version& v) {
    int rank = 0;
    if (!is_preprint(v.record)) {
        rank += 4;
    }
    if (!v.record.abstract.empty()) {
        rank += 2;
    }
    if (v.existing_primary) {
        rank += 1;
    }
    return rank;
}

/// Pseudo records for the versions of an indexed work: the primary carries the work's text.
std::vector<WorkRecord> records_of(const schema::WorkData& work) {
    std::vector<WorkRecord> records;
    for (const schema::LocationData& location : work.locations) {
        WorkRecord r;
        r.id = location.record_id.empty() ? work.id : location.record_id;
        r.title = work.title;
        r.publication_year = location.year != 0 ? location.year : work.publication_year;
        r.type = location.type;
        r.doi = location.doi;
        r.venue.source_id = location.source.id;
        r.venue.display_name = location.source.display_name;
        r.venue.type = location.source.type;
        r.format = location.format;
        if (!location.landing_page_url.empty()) {
            r.urls.push_back(location.landing_page_url);
        }
        if (!location.pdf_url.empty()) {
            r.urls.push_back(location.pdf_url);
        }
        if (location.is_primary) {
            r.abstract = work.abstract;
            r.publication_date = work.publication_date;
            r.language = work.language;
            r.arxiv_id = work.arxiv_id;
            r.openalex_id = work.openalex_id;
            r.references = work.referenced_works;
            r.cited_by_count = work.source_cited_by_count;
            for (const schema::TopicData& topic : work.topics) {
                if (topic.reason == "source") {
                    r.topics.push_back(
                        TopicRef{topic.id, topic.display_name, {}, topic.score, {}, {}});
                }
            }
        }
        for (const schema::AuthorshipData& a : work.authorships) {
            AuthorRef ref;
            ref.display_name = a.display_name;
            ref.raw_name = a.raw_name;
            ref.orcid = a.orcid;
            ref.source_id = a.source_author_id;
            ref.affiliations = a.institutions;
            r.authors.push_back(std::move(ref));
        }
        records.push_back(std::move(r));
    }
    if (records.empty()) {
        WorkRecord r;
        r.id = work.id;
        r.title = work.title;
        r.abstract = work.abstract;
        r.publication_year = work.publication_year;
        records.push_back(std::move(r));
    }
    return records;
}

/// Where a source topic of a resolved work came from.
struct SourceTopic {
    bool mapped = false; ///< read back from the index: its id is already a topic entity id
    std::string format;  ///< reader of the version that named it (the id space of its id)
    std::string parent;  ///< parent display name the source gives (OpenAlex subfield), or empty
    std::string field;   ///< above the parent (OpenAlex field), or empty
    std::string domain;  ///< above the field (OpenAlex domain), or empty
};

// ---- persons -------------------------------------------------------------------------------

struct Mention {
    std::size_t work = 0;     // index into the works
    std::size_t position = 0; // authorship index
    std::vector<std::string> keys;
    std::vector<std::string> given;
    std::string orcid;
    std::string display_name;
    std::string source_id;
    std::uint32_t preassigned = 0; // author code kept from the index (identity is sticky)
};

struct Person {
    std::uint32_t code = 0; // 0 until assigned
    std::vector<std::vector<std::string>> givens;
    std::string orcid;
    std::size_t first_mention = SIZE_MAX;
    schema::AuthorData data; // identity fields
    std::unordered_map<std::string, std::size_t> name_counts;
    bool existing = false;
};

bool person_accepts(const Person& person, const Mention& mention) {
    if (!mention.orcid.empty() && !person.orcid.empty()) {
        return mention.orcid == person.orcid;
    }
    for (const auto& given : person.givens) {
        if (!given_compatible(given, mention.given)) {
            return false;
        }
    }
    return true;
}

void add_unique(std::vector<std::string>& values, const std::string& value) {
    if (!value.empty() && std::find(values.begin(), values.end(), value) == values.end()) {
        values.push_back(value);
    }
}

} // namespace

std::string version_key(std::string_view title, analyzers::Analyzer& analyzer) {
    return alnum_key(title, analyzer);
}

VenueIdentity venue_identity(const VenueRef& venue, analyzers::Analyzer& analyzer) {
    VenueIdentity identity;
    std::string by_id = alnum_key(venue.source_id, analyzer);
    std::string by_name = alnum_key(venue.display_name, analyzer);
    const KnownVenue* known = find_known_venue(by_id);
    if (known == nullptr) {
        known = find_known_venue(by_name);
    }
    if (known != nullptr) {
        identity.key = std::string(known->key);
        identity.display_name = std::string(known->display_name);
        identity.type = venue.type.empty() ? std::string(known->type) : venue.type;
        if (known->type == "workshop") {
            identity.type = "workshop";
        }
        return identity;
    }
    identity.key = !by_name.empty() ? by_name : by_id;
    identity.display_name = !venue.display_name.empty() ? venue.display_name : venue.source_id;
    identity.type = venue.type;
    if (identity.key == "arxiv") {
        identity.display_name = "arXiv";
        identity.type = "repository";
    }
    return identity;
}

Resolution
resolve(std::vector<WorkRecord>&& records, ExistingIndex& existing, analyzers::Analyzer& analyzer) {
    Resolution resolution;

    // 1. Versions: new records, plus the versions of indexed works they may join.
    std::vector<Version> versions;
    versions.reserve(records.size());
    std::vector<schema::WorkData> existing_works; // owned here; versions point into it
    std::unordered_map<std::string, std::size_t> existing_by_id;
    auto describe = [&analyzer](Version& v) {
        v.version_key = version_key(v.record.title, analyzer);
        v.venue_key = venue_identity(v.record.venue, analyzer).key;
        for (const AuthorRef& author : v.record.authors) {
            std::string family = author.family;
            if (family.empty()) {
                family = split_name(author.display_name).family;
            }
            std::vector<std::string> keys = family_keys(family, analyzer);
            if (!keys.empty() && !keys.front().empty()) {
                v.family_keys.push_back(keys.front());
                for (std::size_t k = 1; k < keys.size(); ++k) {
                    v.family_keys.push_back(keys[k]);
                }
            }
        }
    };
    for (WorkRecord& record : records) {
        Version v;
        v.record = std::move(record);
        describe(v);
        versions.push_back(std::move(v));
    }
    records.clear();
    records.shrink_to_fit();

    if (!existing.empty()) {
        // Indexed works sharing a version key or an id with a new record.
        std::vector<schema::WorkData> found;
        std::set<std::string> seen_keys;
        std::set<std::string> seen_ids;
        for (const Version& v : versions) {
            if (v.version_key.size() >= kMinVersionKeyLength
                && seen_keys.insert(v.version_key).second) {
                for (auto& work : existing.works_by_version_key(v.version_key)) {
                    found.push_back(std::move(work));
                }
            }
            if (seen_ids.insert(v.record.id).second) {
                if (auto work = existing.work_by_id(v.record.id)) {
                    found.push_back(std::move(*work));
                }
            }
        }
        for (auto& work : found) {
            if (existing_by_id.count(work.id) == 0) {
                existing_by_id.emplace(work.id, existing_works.size());
                existing_works.push_back(std::move(work));
            }
        }
    }
    const std::size_t new_count = versions.size();
    for (const schema::WorkData& work : existing_works) {
        bool first = true;
        for (WorkRecord& record : records_of(work)) {
            Version v;
            v.record = std::move(record);
            v.existing = &work;
            v.existing_primary =
                first && !work.locations.empty() ? work.locations.front().is_primary : first;
            for (const auto& location : work.locations) {
                if (location.record_id == v.record.id) {
                    v.existing_primary = location.is_primary;
                }
            }
            first = false;
            describe(v);
            versions.push_back(std::move(v));
        }
    }
    // Existing versions come first in rank ties; new records keep input order.
    for (std::size_t i = 0; i < versions.size(); ++i) {
        versions[i].order = i < new_count ? versions.size() + i : i - new_count;
    }

    // 2. Group: same record id, DOI or arXiv id; or same long version key with compatible evidence
    // (close years and a shared author). Two ids of one collection never meet (VersionGroups).
    std::vector<std::pair<std::string, std::string>> collection_ids;
    collection_ids.reserve(versions.size());
    for (const Version& v : versions) {
        collection_ids.emplace_back(id_collection(v.record), v.record.id);
    }
    VersionGroups groups(versions.size(), collection_ids);
    {
        // Forced ties first (one record, or one indexed work), so the checks below see whole
        // groups.
        std::unordered_map<std::string, std::size_t> first_by;
        auto unite_on =
            [&](const std::string& tag, const std::string& value, std::size_t i, bool force) {
                if (value.empty()) {
                    return;
                }
                auto [it, inserted] = first_by.emplace(tag + value, i);
                if (!inserted) {
                    groups.unite(it->second, i, force);
                }
            };
        for (std::size_t i = 0; i < versions.size(); ++i) {
            const Version& v = versions[i];
            unite_on("id:", v.record.id, i, true);
            if (v.existing != nullptr) {
                unite_on("work:", v.existing->id, i, true);
            }
        }
        for (std::size_t i = 0; i < versions.size(); ++i) {
            const Version& v = versions[i];
            unite_on("doi:", v.record.doi, i, false);
            unite_on("arxiv:", v.record.arxiv_id, i, false);
        }
        std::unordered_map<std::string, std::vector<std::size_t>> by_key;
        for (std::size_t i = 0; i < versions.size(); ++i) {
            if (versions[i].version_key.size() >= kMinVersionKeyLength) {
                by_key[versions[i].version_key].push_back(i);
            }
        }
        constexpr std::size_t kMaxBucket = 2000;
        for (auto& [key, members] : by_key) {
            if (members.size() < 2 || members.size() > kMaxBucket) {
                continue;
            }
            for (std::size_t a = 0; a < members.size(); ++a) {
                for (std::size_t b = a + 1; b < members.size(); ++b) {
                    if (versions_compatible(versions[members[a]], versions[members[b]])) {
                        groups.unite(members[a], members[b]);
                    }
                }
            }
        }
    }
    std::vector<std::vector<std::size_t>> members_of(versions.size());
    for (std::size_t i = 0; i < versions.size(); ++i) {
        members_of[groups.find(i)].push_back(i);
    }

    // 3. One work per group that holds a new record. Groups are taken in input order.
    std::vector<std::size_t> group_roots;
    {
        std::vector<char> taken(versions.size(), 0);
        for (std::size_t i = 0; i < new_count; ++i) {
            std::size_t root = groups.find(i);
            if (taken[root] == 0) {
                taken[root] = 1;
                group_roots.push_back(root);
            }
        }
    }
    std::unordered_map<std::string, std::string> work_id_of; // any record/alt id -> final work id
    std::vector<std::vector<std::size_t>> work_versions;
    for (std::size_t root : group_roots) {
        std::vector<std::size_t> members = members_of[root];
        // A re-read record replaces its earlier version in the index (same record id).
        std::vector<std::size_t> kept;
        for (std::size_t m : members) {
            bool superseded = false;
            if (versions[m].existing != nullptr) {
                for (std::size_t n : members) {
                    if (versions[n].existing == nullptr
                        && versions[n].record.id == versions[m].record.id) {
                        superseded = true;
                    }
                }
            }
            // Two new records with one id: the later one wins (upsert within one run). When they
            // come from different files and have different titles, they are different works that
            // share an id (two test collections both numbered 1..N): say so, naming both.
            if (versions[m].existing == nullptr) {
                for (std::size_t n : members) {
                    if (n > m && n < new_count && versions[n].record.id == versions[m].record.id) {
                        if (!superseded
                            && file_of(versions[n].record.origin)
                                   != file_of(versions[m].record.origin)
                            && versions[n].version_key != versions[m].version_key) {
                            resolution.id_clashes.emplace_back(
                                versions[m].record.origin,
                                "id '" + versions[m].record.id + "' is used again by "
                                    + versions[n].record.origin
                                    + " for another title, which replaced this record; ids must be "
                                      "unique across "
                                      "the inputs of one index: index these collections into "
                                      "separate indexes");
                        }
                        superseded = true;
                    }
                }
            }
            if (!superseded) {
                kept.push_back(m);
            }
        }
        std::stable_sort(kept.begin(), kept.end(), [&](std::size_t a, std::size_t b) {
            int ra = version_rank(versions[a]);
            int rb = version_rank(versions[b]);
            if (ra != rb) {
                return ra > rb;
            }
            return versions[a].order < versions[b].order;
        });
        work_versions.push_back(std::move(kept));
    }

    // Where each work's source topics came from, index for index with work.topics (step 5).
    std::vector<std::vector<SourceTopic>> source_topics;
    // Build each work from its versions.
    for (const auto& members : work_versions) {
        std::vector<SourceTopic> topics_here;
        ResolvedWork resolved;
        schema::WorkData& work = resolved.data;
        const WorkRecord& primary = versions[members.front()].record;
        work.id = primary.id;
        work.title = primary.title;
        work.abstract = primary.abstract;
        work.publication_year = primary.publication_year;
        work.publication_date = primary.publication_date;
        work.type = primary.type;
        work.language = primary.language;
        resolved.version_key = versions[members.front()].version_key;
        const WorkRecord* with_authors = &primary;
        std::set<std::string> replaced;
        for (std::size_t m : members) {
            const Version& v = versions[m];
            const WorkRecord& r = v.record;
            if (v.existing != nullptr && v.existing->id != work.id) {
                replaced.insert(v.existing->id);
            }
            if (work.doi.empty()) {
                work.doi = r.doi;
            }
            if (work.arxiv_id.empty()) {
                work.arxiv_id = r.arxiv_id;
            }
            if (work.openalex_id.empty()) {
                work.openalex_id = r.openalex_id;
            }
            if (work.abstract.empty() && !r.abstract.empty()) {
                work.abstract = r.abstract;
            }
            if (work.publication_year == 0) {
                work.publication_year = r.publication_year;
            }
            if (work.language.empty()) {
                work.language = r.language;
            }
            if (with_authors->authors.empty() && !r.authors.empty()) {
                with_authors = &r;
            }
            if (r.cited_by_count
                && (!work.source_cited_by_count
                    || *r.cited_by_count > *work.source_cited_by_count)) {
                work.source_cited_by_count = r.cited_by_count;
            }
            for (const auto& ref : r.references) {
                add_unique(work.referenced_works, ref);
            }
            for (const auto& url : r.urls) {
                add_unique(work.urls, url);
            }
            if (r.id != work.id) {
                add_unique(work.alt_ids, r.id);
            }
            if (v.existing != nullptr) {
                for (const auto& alt : v.existing->alt_ids) {
                    if (alt != work.id) {
                        add_unique(work.alt_ids, alt);
                    }
                }
                if (v.existing->id != work.id) {
                    add_unique(work.alt_ids, v.existing->id);
                }
            }
            for (const TopicRef& topic : r.topics) {
                bool dup = std::any_of(work.topics.begin(), work.topics.end(), [&](const auto& t) {
                    return t.id == topic.source_id && !topic.source_id.empty();
                });
                if (!dup) {
                    // Ids are mapped to topic entities below; keep the source's id for now.
                    work.topics.push_back(schema::TopicData{
                        topic.source_id, topic.display_name, topic.score, "source"});
                    topics_here.push_back(SourceTopic{
                        v.existing != nullptr, r.format, topic.parent, topic.field, topic.domain});
                    resolved.has_source_topics = true;
                }
            }
            schema::LocationData location;
            location.record_id = r.id;
            location.format = r.format;
            location.version = is_preprint(r) ? "submittedVersion" : "publishedVersion";
            location.is_primary = m == members.front();
            location.year = r.publication_year;
            location.type = r.type;
            location.doi = r.doi;
            // Source ids are resolved to entities below; keep the raw reference in the meantime.
            location.source.id = r.venue.source_id;
            location.source.display_name = r.venue.display_name;
            location.source.type = r.venue.type;
            for (const auto& url : r.urls) {
                bool pdf = url.size() > 4 && url.compare(url.size() - 4, 4, ".pdf") == 0;
                if (pdf && location.pdf_url.empty()) {
                    location.pdf_url = url;
                } else if (!pdf && location.landing_page_url.empty()) {
                    location.landing_page_url = url;
                }
            }
            work.locations.push_back(std::move(location));
            if (m < new_count) {
                work_id_of[r.id] = work.id;
            }
        }
        if (members.size() > 1) {
            resolution.versions_merged += members.size() - 1;
        }
        for (const AuthorRef& a : with_authors->authors) {
            schema::AuthorshipData authorship;
            authorship.display_name = a.display_name;
            authorship.raw_name = a.raw_name.empty() ? a.display_name : a.raw_name;
            authorship.orcid = a.orcid;
            authorship.institutions = a.affiliations;
            authorship.source_author_id = a.source_id;
            work.authorships.push_back(std::move(authorship));
        }
        work.primary_source = work.locations.front().source;
        for (const auto& alt : work.alt_ids) {
            work_id_of[alt] = work.id;
        }
        resolved.replaces.assign(replaced.begin(), replaced.end());
        resolution.works.push_back(std::move(resolved));
        source_topics.push_back(std::move(topics_here));
    }

    // 4. Persons. Mentions of every resolved work; identity kept for mentions already indexed.
    std::vector<Mention> mentions;
    for (std::size_t w = 0; w < resolution.works.size(); ++w) {
        const schema::WorkData& work = resolution.works[w].data;
        // Author ids of the indexed version, matched by position and name.
        const schema::WorkData* indexed = nullptr;
        for (const auto& id : std::vector<std::string>{work.id}) {
            auto it = existing_by_id.find(id);
            if (it != existing_by_id.end()) {
                indexed = &existing_works[it->second];
            }
        }
        for (const auto& replaced_id : resolution.works[w].replaces) {
            auto it = existing_by_id.find(replaced_id);
            if (indexed == nullptr && it != existing_by_id.end()) {
                indexed = &existing_works[it->second];
            }
        }
        for (std::size_t p = 0; p < work.authorships.size(); ++p) {
            const schema::AuthorshipData& a = work.authorships[p];
            Mention mention;
            mention.work = w;
            mention.position = p;
            SplitName split = split_name(a.display_name);
            mention.keys = family_keys(split.family, analyzer);
            mention.given = given_parts(split.given, analyzer);
            mention.orcid = a.orcid;
            mention.display_name = a.display_name;
            mention.source_id = a.source_author_id;
            if (indexed != nullptr) {
                for (const auto& old : indexed->authorships) {
                    if (old.display_name == a.display_name && !old.author_id.empty()) {
                        if (auto ref = schema::parse_entity_id(old.author_id)) {
                            mention.preassigned = ref->code;
                        }
                    }
                }
            }
            if (mention.keys.empty() || mention.keys.front().empty()) {
                mention.keys = {alnum_key(a.display_name, analyzer)};
            }
            mentions.push_back(std::move(mention));
        }
    }
    // Sources supply a better split of names where they have one (ML Anthology's given/family).
    // The WorkData only keeps the display name, so the split above is used consistently for
    // documents and queries alike.

    // Key groups: family keys that name the same surname (umlaut spellings) form one group.
    std::unordered_map<std::string, std::size_t> key_index;
    std::vector<std::string> all_keys;
    auto index_of = [&](const std::string& key) {
        auto [it, inserted] = key_index.emplace(key, all_keys.size());
        if (inserted) {
            all_keys.push_back(key);
        }
        return it->second;
    };
    for (const Mention& m : mentions) {
        for (const auto& key : m.keys) {
            index_of(key);
        }
    }
    // Indexed persons sharing a key.
    std::vector<schema::AuthorData> indexed_persons;
    if (!existing.empty()) {
        std::set<std::uint32_t> seen;
        std::vector<std::string> keys_now = all_keys;
        for (const auto& key : keys_now) {
            for (auto& author : existing.authors_by_family_key(key)) {
                auto ref = schema::parse_entity_id(author.id);
                if (ref && seen.insert(ref->code).second) {
                    indexed_persons.push_back(std::move(author));
                }
            }
        }
    }
    std::vector<std::vector<std::string>> person_keys;
    for (const auto& author : indexed_persons) {
        std::vector<std::string> split_keys;
        for (std::size_t start = 0; start <= author.family_key.size();) {
            std::size_t space = author.family_key.find(' ', start);
            if (space == std::string::npos) {
                space = author.family_key.size();
            }
            if (space > start) {
                split_keys.push_back(author.family_key.substr(start, space - start));
            }
            start = space + 1;
        }
        for (const auto& key : split_keys) {
            index_of(key);
        }
        person_keys.push_back(std::move(split_keys));
    }
    UnionFind key_groups(all_keys.size());
    for (const Mention& m : mentions) {
        for (std::size_t k = 1; k < m.keys.size(); ++k) {
            key_groups.unite(key_index.at(m.keys[0]), key_index.at(m.keys[k]));
        }
    }
    for (const auto& keys : person_keys) {
        for (std::size_t k = 1; k < keys.size(); ++k) {
            key_groups.unite(key_index.at(keys[0]), key_index.at(keys[k]));
        }
    }

    std::vector<Person> persons;
    std::unordered_map<std::uint32_t, std::size_t> person_by_code;
    std::unordered_map<std::size_t, std::vector<std::size_t>> persons_in_group;
    for (std::size_t i = 0; i < indexed_persons.size(); ++i) {
        Person person;
        person.existing = true;
        person.data = std::move(indexed_persons[i]);
        person.code = schema::parse_entity_id(person.data.id)->code;
        person.orcid = person.data.orcid;
        for (const auto& key : person.data.given_keys) {
            person.givens.push_back(parts_from_key(key));
        }
        std::size_t group = key_groups.find(key_index.at(person_keys[i].front()));
        person_by_code[person.code] = persons.size();
        persons_in_group[group].push_back(persons.size());
        persons.push_back(std::move(person));
    }

    // Order: preassigned first, then ORCID, then full given names by frequency, then initials.
    std::unordered_map<std::string, std::size_t> given_frequency;
    for (const Mention& m : mentions) {
        ++given_frequency[given_key(m.given)];
    }
    std::vector<std::size_t> order(mentions.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const Mention& x = mentions[a];
        const Mention& y = mentions[b];
        auto tier = [](const Mention& m) {
            if (m.preassigned != 0) {
                return 0;
            }
            if (!m.orcid.empty()) {
                return 1;
            }
            return initial_only(m.given) || m.given.empty() ? 3 : 2;
        };
        int tx = tier(x);
        int ty = tier(y);
        if (tx != ty) {
            return tx < ty;
        }
        std::size_t fx = given_frequency[given_key(x.given)];
        std::size_t fy = given_frequency[given_key(y.given)];
        if (fx != fy) {
            return fx > fy;
        }
        return a < b;
    });

    std::vector<std::size_t> person_of(mentions.size(), SIZE_MAX);
    for (std::size_t idx : order) {
        const Mention& m = mentions[idx];
        std::size_t group = key_groups.find(key_index.at(m.keys.front()));
        std::vector<std::size_t>& candidates = persons_in_group[group];
        std::size_t chosen = SIZE_MAX;
        if (m.preassigned != 0) {
            auto it = person_by_code.find(m.preassigned);
            if (it != person_by_code.end()) {
                chosen = it->second;
            } else {
                // A person the works already name but whose entity was never written (a run that
                // died before its entities): keep the identity the works carry.
                chosen = persons.size();
                persons.emplace_back();
                persons.back().code = m.preassigned;
                person_by_code[m.preassigned] = chosen;
                candidates.push_back(chosen);
            }
        }
        if (chosen == SIZE_MAX) {
            std::vector<std::size_t> accepting;
            for (std::size_t c : candidates) {
                if (person_accepts(persons[c], m)) {
                    accepting.push_back(c);
                }
            }
            if (!m.orcid.empty()) {
                auto same = std::find_if(accepting.begin(), accepting.end(), [&](std::size_t c) {
                    return persons[c].orcid == m.orcid;
                });
                if (same != accepting.end()) {
                    chosen = *same;
                } else if (accepting.size() == 1 && persons[accepting.front()].orcid.empty()) {
                    chosen = accepting.front();
                }
            } else if (accepting.size() == 1) {
                chosen = accepting.front();
            } else if (accepting.size() > 1 && !initial_only(m.given) && !m.given.empty()) {
                // A full name compatible with several people: the one with the same first name.
                for (std::size_t c : accepting) {
                    for (const auto& given : persons[c].givens) {
                        if (!given.empty() && !m.given.empty()
                            && given.front() == m.given.front()) {
                            chosen = c;
                            break;
                        }
                    }
                    if (chosen != SIZE_MAX) {
                        break;
                    }
                }
            }
        }
        if (chosen == SIZE_MAX) {
            chosen = persons.size();
            persons.emplace_back();
            candidates.push_back(chosen);
        }
        Person& person = persons[chosen];
        if (!m.given.empty()) {
            bool known = std::any_of(person.givens.begin(),
                                     person.givens.end(),
                                     [&](const auto& g) { return g == m.given; });
            if (!known) {
                person.givens.push_back(m.given);
            }
        }
        if (person.orcid.empty()) {
            person.orcid = m.orcid;
        }
        person.first_mention = std::min(person.first_mention, idx);
        person_of[idx] = chosen;
    }

    // Codes: indexed persons keep theirs; new persons numbered in order of first mention.
    std::uint32_t next_author =
        existing.empty() ? 0 : existing.max_code(schema::EntityKind::Author);
    {
        std::vector<std::size_t> fresh;
        for (std::size_t p = 0; p < persons.size(); ++p) {
            if (persons[p].code == 0 && persons[p].first_mention != SIZE_MAX) {
                fresh.push_back(p);
            }
        }
        std::sort(fresh.begin(), fresh.end(), [&](std::size_t a, std::size_t b) {
            return persons[a].first_mention < persons[b].first_mention;
        });
        for (std::size_t p : fresh) {
            persons[p].code = ++next_author;
        }
    }
    for (std::size_t idx = 0; idx < mentions.size(); ++idx) {
        const Mention& m = mentions[idx];
        Person& person = persons[person_of[idx]];
        std::string id = schema::entity_id(schema::EntityKind::Author, person.code);
        resolution.works[m.work].data.authorships[m.position].author_id = id;
        ++person.name_counts[m.display_name];
        schema::AuthorData& data = person.data;
        data.id = id;
        add_unique(data.source_ids, m.source_id);
        for (const auto& key : m.keys) {
            std::string group_keys = data.family_key;
            bool present = (" " + group_keys + " ").find(" " + key + " ") != std::string::npos;
            if (!present) {
                data.family_key = group_keys.empty() ? key : group_keys + " " + key;
            }
        }
    }
    for (Person& person : persons) {
        if (person.code == 0 || (person.name_counts.empty() && !person.existing)) {
            continue;
        }
        schema::AuthorData& data = person.data;
        data.id = schema::entity_id(schema::EntityKind::Author, person.code);
        data.orcid = person.orcid;
        data.given_keys.clear();
        for (const auto& given : person.givens) {
            add_unique(data.given_keys, given_key(given));
        }
        // Display name: the most used spelling; prefer full given names and non-ASCII spellings
        // (accents are information) on ties.
        std::vector<std::pair<std::string, std::size_t>> names(person.name_counts.begin(),
                                                               person.name_counts.end());
        for (const auto& alt : data.display_name_alternatives) {
            names.emplace_back(alt, 0);
        }
        if (!data.display_name.empty()) {
            names.emplace_back(data.display_name, 0);
        }
        // Ties: a full given name beats an initial, then a spelling with accents beats one without.
        auto full_given = [&analyzer](const std::string& name) {
            return !initial_only(given_parts(split_name(name).given, analyzer));
        };
        auto non_ascii = [](const std::string& name) {
            return std::any_of(name.begin(), name.end(), [](char c) {
                return (static_cast<unsigned char>(c) & 0x80U) != 0;
            });
        };
        std::stable_sort(names.begin(), names.end(), [&](const auto& a, const auto& b) {
            if (a.second != b.second) {
                return a.second > b.second;
            }
            if (full_given(a.first) != full_given(b.first)) {
                return full_given(a.first);
            }
            if (non_ascii(a.first) != non_ascii(b.first)) {
                return non_ascii(a.first);
            }
            return a.first < b.first;
        });
        if (!person.name_counts.empty()) {
            data.display_name = names.front().first;
        }
        std::vector<std::string> alternatives;
        for (const auto& [name, count] : names) {
            if (name != data.display_name) {
                add_unique(alternatives, name);
            }
        }
        data.display_name_alternatives = std::move(alternatives);
        if (!person.name_counts.empty()) {
            resolution.authors[person.code] = data;
        }
    }

    // 5. Venues and source topics become entities.
    std::uint32_t next_source =
        existing.empty() ? 0 : existing.max_code(schema::EntityKind::Source);
    std::uint32_t next_topic = existing.empty() ? 0 : existing.max_code(schema::EntityKind::Topic);
    std::unordered_map<std::string, std::uint32_t> source_codes;
    auto source_for = [&](schema::SourceData& source) {
        if (source.id.empty() && source.display_name.empty()) {
            return;
        }
        VenueRef ref{source.id, source.display_name, source.type};
        VenueIdentity identity = venue_identity(ref, analyzer);
        if (identity.key.empty()) {
            source = {};
            return;
        }
        std::uint32_t code = 0;
        auto it = source_codes.find(identity.key);
        if (it != source_codes.end()) {
            code = it->second;
        } else {
            std::optional<schema::SourceEntityData> known;
            if (!existing.empty()) {
                known = existing.source_by_key(identity.key);
            }
            schema::SourceEntityData data;
            if (known) {
                data = std::move(*known);
                code = schema::parse_entity_id(data.id)->code;
            } else {
                code = ++next_source;
                data.id = schema::entity_id(schema::EntityKind::Source, code);
                data.display_name = identity.display_name;
                data.type = identity.type;
                data.key = identity.key;
            }
            source_codes.emplace(identity.key, code);
            resolution.sources.emplace(code, std::move(data));
        }
        schema::SourceEntityData& data = resolution.sources.at(code);
        add_unique(data.alternate_names, source.display_name);
        if (source.id != source.display_name) {
            add_unique(data.alternate_names, source.id);
        }
        if (data.type.empty()) {
            data.type = identity.type;
        }
        source.id = data.id;
        source.display_name = data.display_name;
        source.type = data.type;
    };
    std::unordered_map<std::string, std::uint32_t> topic_codes;
    auto topic_for = [&](const std::string& key,
                         const std::string& display_name,
                         const std::string& level,
                         const std::string& parent_id,
                         const std::string& origin,
                         const std::string& source_key) {
        auto it = topic_codes.find(key);
        if (it != topic_codes.end()) {
            return it->second;
        }
        std::optional<schema::TopicEntityData> known;
        if (!existing.empty()) {
            known = existing.topic_by_key(key);
        }
        schema::TopicEntityData data;
        std::uint32_t code = 0;
        if (known) {
            data = std::move(*known);
            code = schema::parse_entity_id(data.id)->code;
        } else {
            // Source topics are numbered after the taxonomy's range so both can coexist.
            code = std::max<std::uint32_t>(++next_topic, 100'000);
            next_topic = code;
            data.id = schema::entity_id(schema::EntityKind::Topic, code);
            data.display_name = display_name;
            data.level = level;
            data.parent_id = parent_id;
            data.origin = origin;
            data.source_key = source_key;
            // Root first, the topic last, as the taxonomy's topics have it.
            auto parent = parent_id.empty()
                              ? resolution.topics.end()
                              : resolution.topics.find(schema::parse_entity_id(parent_id)->code);
            if (parent != resolution.topics.end()) {
                data.path_ids = parent->second.path_ids.empty()
                                    ? std::vector<std::string>{parent_id}
                                    : parent->second.path_ids;
            }
            data.path_ids.push_back(data.id);
        }
        topic_codes.emplace(key, code);
        resolution.topics.emplace(code, std::move(data));
        return code;
    };
    for (std::size_t w = 0; w < resolution.works.size(); ++w) {
        schema::WorkData& work = resolution.works[w].data;
        for (auto& location : work.locations) {
            source_for(location.source);
        }
        work.primary_source =
            work.locations.empty() ? schema::SourceData{} : work.locations.front().source;
        // A source's topic ids live in the source's id space, even when they look like ours
        // (OpenAlex "T10036"): every one becomes a topic entity keyed by the reader's name, below
        // the subfield, field and domain the source gives. Versions read back from the index
        // already carry entity ids.
        for (std::size_t t = 0; t < work.topics.size(); ++t) {
            schema::TopicData& topic = work.topics[t];
            const SourceTopic& from = source_topics[w][t];
            if (from.mapped) {
                continue;
            }
            std::string origin = from.format.empty() ? std::string("source") : from.format;
            // The levels above the topic the source names, top down; each is a topic of its own.
            // An arXiv category's parent is its archive ("Computer Science"): a field.
            std::string parent_id;
            const char* parent_level = origin == "arxiv" ? "field" : "subfield";
            for (const auto& [level, name] :
                 {std::pair<std::string, const std::string&>{"domain", from.domain},
                  {"field", from.field},
                  {parent_level, from.parent}}) {
                if (name.empty()) {
                    continue;
                }
                std::string level_key = level + ":" + name;
                parent_id = schema::entity_id(
                    schema::EntityKind::Topic,
                    topic_for(origin + ":" + level_key, name, level, parent_id, origin, level_key));
            }
            std::string source_key = topic.id.empty() ? topic.display_name : topic.id;
            std::uint32_t code = topic_for(origin + ":" + source_key,
                                           topic.display_name,
                                           "topic",
                                           parent_id,
                                           origin,
                                           source_key);
            topic.id = schema::entity_id(schema::EntityKind::Topic, code);
        }
        // One topic named by two versions (a new record and its indexed version) is kept once.
        std::set<std::string> seen_topics;
        work.topics.erase(std::remove_if(work.topics.begin(),
                                         work.topics.end(),
                                         [&](const schema::TopicData& topic) {
                                             return !seen_topics.insert(topic.id).second;
                                         }),
                          work.topics.end());
    }

    // 6. References point at work ids where the cited work is known (this run or the index).
    for (ResolvedWork& resolved : resolution.works) {
        std::vector<std::string> mapped;
        for (const std::string& ref : resolved.data.referenced_works) {
            std::string target = ref;
            auto it = work_id_of.find(ref);
            if (it != work_id_of.end()) {
                target = it->second;
            } else if (!existing.empty()) {
                if (auto work = existing.work_by_id(ref)) {
                    target = work->id;
                }
            }
            if (target != resolved.data.id) {
                add_unique(mapped, target);
            }
        }
        resolved.data.referenced_works = std::move(mapped);
    }
    return resolution;
}

} // namespace peerscope::indexer
