/// @file The one work model every reader produces and the writer consumes.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace peerscope::indexer {

/// One author of a work, as the source names them (order is authorship order).
struct AuthorRef {
    std::string display_name;           ///< clean display form, e.g. "Bernhard Schölkopf"
    std::string given;                  ///< given name(s) when the source separates them, else empty
    std::string family;                 ///< family name when the source separates them, else empty
    std::string source_id;              ///< the source's own author id or slug ("rajbhandari-samyam", "A5023...")
    std::string orcid;                  ///< bare ORCID "0000-0002-1825-0097", or empty
    std::vector<std::string> affiliations; ///< institution display names, in source order
    std::string raw_name;               ///< the name exactly as written in the record
};

/// The venue (OpenAlex "source") a version of the work appeared in.
struct VenueRef {
    std::string source_id;     ///< the source's id or key ("icml", "S4306420609", "P" for AAN ACL)
    std::string display_name;  ///< as given by the source; normalised later by the indexer
    std::string type;          ///< "conference", "journal", "repository", "workshop", ... or empty
};

/// A topic given by the source (OpenAlex topics, arXiv categories).
struct TopicRef {
    std::string source_id;     ///< "cs.LG", "T10028", ...
    std::string display_name;  ///< "Machine Learning (cs.LG)", "Topic Modeling", ...
    std::string parent;        ///< parent display name or id when the source gives one, else empty
    double score = 1.0;        ///< the source's score when it has one
    std::string field;         ///< the parent's parent (OpenAlex field) display name, or empty
    std::string domain;        ///< above the field (OpenAlex domain) display name, or empty
};

/// One work as read from one record of one input. Readers fill what the source has and leave the
/// rest empty; they never invent values. Plain value type.
struct WorkRecord {
    std::string id;            ///< the input's own id, kept as given (OpenAlex URL ids shortened to "W123")
    std::string doi;           ///< lower-case bare DOI "10.1234/abc", or empty
    std::string arxiv_id;      ///< "2201.05596", or empty
    std::string openalex_id;   ///< "W123", or empty
    std::string title;         ///< clean UTF-8 (markup removed)
    std::string abstract;      ///< clean UTF-8, may be empty
    std::vector<AuthorRef> authors;
    int publication_year = 0;  ///< 0 when unknown
    std::string publication_date; ///< "YYYY-MM-DD", "YYYY-MM" or empty
    VenueRef venue;
    std::string type;          ///< OpenAlex work type: "article", "preprint", "book-chapter", ... or empty
    std::vector<TopicRef> topics;
    std::vector<std::string> references; ///< ids of cited works in the same id space as `id`
    std::string language;      ///< ISO 639-1 code or empty
    std::vector<std::string> urls; ///< landing page / PDF URLs
    std::optional<long> cited_by_count; ///< when the source states it
    std::string format;        ///< reader name: "openalex", "mlanthology", "arxiv", "beir", "smart", "aan"
    std::string origin;        ///< "FILE:LINE" of the record, for messages
};

} // namespace peerscope::indexer
