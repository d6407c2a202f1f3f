/// @file What the entities database stores for authors, sources (venues) and topics, and its codec.
///
/// Free of Xapian types (target peerscope::schema_data). Aggregates are computed by the indexer
/// from the works of each entity whenever one of them changes, so reads never scan works.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace peerscope::schema {

/// An entity reference with a count ("topic T4 on 12 works").
struct CountedRef {
    std::string id;
    std::string display_name;
    long count = 0;
};

/// Works and citations in one year.
struct YearCount {
    int year = 0;
    long works_count = 0;
    long cited_by_count = 0;
};

/// An institution and the years an author's works name it.
struct AffiliationData {
    std::string institution;
    std::vector<int> years;
};

/// A co-author and what the two share.
struct CollaboratorData {
    std::string id;
    std::string display_name;
    long shared_works = 0;
    int first_year = 0;
    int last_year = 0;
    std::vector<std::string> shared_topics; ///< topic ids both have works in, most shared first
};

/// A work named by one of its identifiers ("W12" with DOI "10.1/x"): evidence behind a trust point.
struct IdentifiedWork {
    std::string work_id;
    std::string identifier;
};

/// One person: every mention the indexer resolved to them.
struct AuthorData {
    std::string id;                                   ///< "A12"
    std::string display_name;                         ///< most frequent full form
    std::vector<std::string> display_name_alternatives; ///< every other spelling seen
    std::string orcid;                                ///< bare ORCID or empty
    std::vector<std::string> source_ids;              ///< input author ids / slugs
    std::string family_key;                           ///< identity key of the family name
    std::vector<std::string> given_keys;              ///< folded given names seen (identity evidence)
    long works_count = 0;
    long cited_by_count = 0;                          ///< citations from works in the index
    int h_index = 0;
    int i10_index = 0;
    int first_year = 0;
    int last_year = 0;
    long works_with_doi = 0;
    long peer_reviewed_works = 0;                     ///< journal or conference versions
    long preprint_works = 0;                          ///< works known only as preprints
    long distinct_collaborators = 0;
    std::vector<AffiliationData> affiliations;
    std::vector<CountedRef> topics;              ///< most frequent first
    std::vector<CountedRef> sources;             ///< venues, most frequent first
    std::vector<YearCount> counts_by_year;       ///< newest first
    std::vector<CollaboratorData> collaborators; ///< most shared works first (capped)
    std::vector<std::string> work_ids;           ///< newest first
    // ---- evidence of the trust score (docs/trust.md); lists capped at kMaxEvidenceItems ----
    /// Topics over all works (topics keeps the most frequent only).
    long distinct_topics = 0;
    /// Works with a peer-reviewed version, newest first.
    std::vector<std::string> peer_reviewed_ids;
    /// Venues of those versions; count = works.
    std::vector<CountedRef> peer_reviewed_venues;
    /// Works with a DOI, newest first.
    std::vector<IdentifiedWork> dois;
    /// The h works with at least h citations.
    std::vector<std::string> h_index_work_ids;
    /// Input formats ("mlanthology", "openalex") naming the works; count = works.
    std::vector<CountedRef> provenance;
    /// Works with versions from two or more input formats.
    std::vector<std::string> multi_source_work_ids;
    /// The earliest work with a year.
    std::string first_work_id;
    /// A work is cited in the index or its input gave a citation count.
    bool citations_known = false;
};

/// Length cap of each evidence list of AuthorData (the counts beside them are exact).
inline constexpr std::size_t kMaxEvidenceItems = 20;

/// A venue.
struct SourceEntityData {
    std::string id;           ///< "S3"
    std::string display_name; ///< "NeurIPS"
    std::string type;         ///< "conference", "journal", "repository", ...
    std::string key;          ///< normalised identity key ("neurips")
    std::vector<std::string> alternate_names;         ///< names and ids the inputs used
    long works_count = 0;
    long cited_by_count = 0;
    int first_year = 0;
    int last_year = 0;
    std::vector<YearCount> counts_by_year;
    std::vector<CountedRef> topics;
    std::vector<CountedRef> authors;
};

/// A topic of the taxonomy (domain > field > topic) or given by a source (arXiv category).
struct TopicEntityData {
    std::string id;                                   ///< "T45"
    std::string display_name;
    std::string description;
    std::string level;                                ///< "domain", "field", "subfield" or "topic"
    std::string parent_id;                            ///< empty for a root
    std::vector<std::string> path_ids;                ///< root first, this topic last
    std::string origin;                               ///< "taxonomy" or the source ("arxiv", "openalex")
    std::string source_key;                           ///< the taxonomy id or the source's own id
    std::vector<std::string> rules;                   ///< taxonomy rules, as written
    long works_count = 0;                             ///< works with this topic or a descendant
    long cited_by_count = 0;
    std::vector<YearCount> counts_by_year;
    std::vector<CountedRef> sources;
    std::vector<CountedRef> authors;
    std::vector<CountedRef> related_topics;           ///< by co-occurrence in works
};

/// JSON codecs. encode_* are total; decode_* throw std::runtime_error on malformed data.
/// All thread-safe.
[[nodiscard]] std::string encode_author(const AuthorData& author);
[[nodiscard]] AuthorData decode_author(std::string_view data);
[[nodiscard]] std::string encode_source(const SourceEntityData& source);
[[nodiscard]] SourceEntityData decode_source(std::string_view data);
[[nodiscard]] std::string encode_topic(const TopicEntityData& topic);
[[nodiscard]] TopicEntityData decode_topic(std::string_view data);

} // namespace peerscope::schema
