/// @file What the works database stores as document data for each work, and its codec.
///
/// This header is free of Xapian types (target peerscope::schema_data), so the search library can
/// expose these plain structs to the server.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace peerscope::schema {

/// A source (venue) as a work refers to it.
struct SourceData {
    std::string id;           ///< entity id "S12", or empty when the work has no venue
    std::string display_name; ///< normalised display name ("NeurIPS")
    std::string type;         ///< "conference", "journal", "repository", "workshop", ...
};

/// One author of a work, in authorship order.
struct AuthorshipData {
    std::string author_id;    ///< entity id "A12" of the resolved person
    std::string display_name; ///< display name of the mention (as written, cleaned)
    std::string raw_name;     ///< name exactly as the source wrote it
    std::string orcid;        ///< bare ORCID or empty
    std::vector<std::string> institutions; ///< institution display names
    std::string source_author_id; ///< the input's own author id or slug, if any
};

/// One version (location) of a work: one input record that was grouped into this work.
struct LocationData {
    SourceData source;
    std::string record_id;    ///< the input's own id of this version
    std::string format;       ///< reader that produced it ("mlanthology", "openalex", ...)
    std::string version;      ///< "publishedVersion" or "submittedVersion"
    bool is_primary = false;
    int year = 0;
    std::string type;         ///< work type of this version
    std::string doi;
    std::string landing_page_url;
    std::string pdf_url;
};

/// A topic of a work and why it is there.
struct TopicData {
    std::string id;           ///< entity id "T45"
    std::string display_name;
    double score = 1.0;       ///< source score, or rule strength for assigned topics
    std::string reason;       ///< "source" or the taxonomy rule that matched ("rule: ...")
};

/// Everything stored about a work. Plain value type; copying is fine.
struct WorkData {
    std::string id;           ///< work id: the primary version's input id
    std::string doi;
    std::string arxiv_id;
    std::string openalex_id;
    std::string title;
    std::string abstract;
    int publication_year = 0;
    std::string publication_date;
    std::string type;
    std::string language;
    std::vector<AuthorshipData> authorships;
    SourceData primary_source;
    std::vector<LocationData> locations;
    std::vector<TopicData> topics;
    std::vector<std::string> referenced_works; ///< cited work ids (index ids where resolvable)
    long cited_by_count = 0;  ///< citations from works in this index
    std::optional<long> source_cited_by_count; ///< the count the source stated, if any
    std::vector<std::string> alt_ids; ///< other ids naming this work (ids of grouped versions)
    std::vector<std::string> urls;
};

/// Serialises to compact JSON (document data). Thread-safe.
[[nodiscard]] std::string encode_work(const WorkData& work);
/// Parses what encode_work wrote; throws std::runtime_error with a clear message when malformed.
/// Thread-safe.
[[nodiscard]] WorkData decode_work(std::string_view data);

} // namespace peerscope::schema
