#include "peerscope/schema/entity_data.hpp"

#include <nlohmann/json.hpp>

#include <stdexcept>

namespace peerscope::schema {

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(CountedRef, id, display_name, count)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(YearCount, year, works_count, cited_by_count)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(AffiliationData, institution, years)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(
    CollaboratorData, id, display_name, shared_works, first_year, last_year, shared_topics)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(IdentifiedWork, work_id, identifier)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(AuthorData,
                                                id,
                                                display_name,
                                                display_name_alternatives,
                                                orcid,
                                                source_ids,
                                                family_key,
                                                given_keys,
                                                works_count,
                                                cited_by_count,
                                                h_index,
                                                i10_index,
                                                first_year,
                                                last_year,
                                                works_with_doi,
                                                peer_reviewed_works,
                                                preprint_works,
                                                distinct_collaborators,
                                                affiliations,
                                                topics,
                                                sources,
                                                counts_by_year,
                                                collaborators,
                                                work_ids,
                                                distinct_topics,
                                                peer_reviewed_ids,
                                                peer_reviewed_venues,
                                                dois,
                                                h_index_work_ids,
                                                provenance,
                                                multi_source_work_ids,
                                                first_work_id,
                                                citations_known)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(SourceEntityData,
                                                id,
                                                display_name,
                                                type,
                                                key,
                                                alternate_names,
                                                works_count,
                                                cited_by_count,
                                                first_year,
                                                last_year,
                                                counts_by_year,
                                                topics,
                                                authors)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(TopicEntityData,
                                                id,
                                                display_name,
                                                description,
                                                level,
                                                parent_id,
                                                path_ids,
                                                origin,
                                                source_key,
                                                rules,
                                                works_count,
                                                cited_by_count,
                                                counts_by_year,
                                                sources,
                                                authors,
                                                related_topics)

namespace {

template <typename T> std::string encode(const T& value) {
    return nlohmann::json(value).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

template <typename T> T decode(std::string_view data, const char* what) {
    nlohmann::json j = nlohmann::json::parse(data, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        throw std::runtime_error(std::string("stored ") + what + " data is not a JSON object");
    }
    try {
        return j.get<T>();
    } catch (const nlohmann::json::exception& e) {
        throw std::runtime_error(std::string("stored ") + what + " data is malformed: " + e.what());
    }
}

} // namespace

std::string encode_author(const AuthorData& author) { return encode(author); }
AuthorData decode_author(std::string_view data) { return decode<AuthorData>(data, "author"); }
std::string encode_source(const SourceEntityData& source) { return encode(source); }
SourceEntityData decode_source(std::string_view data) {
    return decode<SourceEntityData>(data, "source");
}
std::string encode_topic(const TopicEntityData& topic) { return encode(topic); }
TopicEntityData decode_topic(std::string_view data) { return decode<TopicEntityData>(data, "topic"); }

} // namespace peerscope::schema
