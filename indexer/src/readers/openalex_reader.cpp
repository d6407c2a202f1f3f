// OpenAlex works: JSON lines (the snapshot format), a single work object, a JSON array of works,
// or a list response {"meta":..., "results":[...]}. Field mapping in work.hpp terms:
//   id (shortened "W123"; other ids such as "seed:W1" kept), doi (bare, lower case),
//   ids.arxiv / arXiv locations / 10.48550 DOIs -> arxiv_id, title (or display_name),
//   abstract_inverted_index (rebuilt in position order), authorships, publication_year/date,
//   primary_location.source (else the old host_venue), type, topics (subfield, field and domain
//   above them), referenced_works, language, cited_by_count, landing page and PDF URLs.
#include "input_stream.hpp"
#include "json_records.hpp"
#include "read_state.hpp"
#include "readers.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace peerscope::indexer::detail {
namespace {

bool is_openalex_work_id(std::string_view id) {
    return id.size() > 1 && id[0] == 'W'
           && std::all_of(id.begin() + 1, id.end(), [](char c) { return c >= '0' && c <= '9'; });
}

/// The abstract from OpenAlex's inverted index {"word": [positions]}: words in position order.
std::string rebuild_abstract(const Json& index) {
    if (!index.is_object()) {
        throw RecordError(std::string("field \"abstract_inverted_index\" is ") + index.type_name()
                          + ", expected an object");
    }
    std::vector<std::pair<long, const std::string*>> words;
    for (auto it = index.begin(); it != index.end(); ++it) {
        if (!it.value().is_array()) {
            throw RecordError("abstract_inverted_index[\"" + it.key()
                              + "\"] is not an array of positions");
        }
        for (const Json& pos : it.value()) {
            if (!pos.is_number_integer() || pos.get<long>() < 0) {
                throw RecordError("abstract_inverted_index[\"" + it.key()
                                  + "\"] holds a position that is not a whole number >= 0");
            }
            words.emplace_back(pos.get<long>(), &it.key());
        }
    }
    std::stable_sort(
        words.begin(), words.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::string text;
    for (const auto& [pos, word] : words) {
        if (!text.empty()) {
            text.push_back(' ');
        }
        text.append(*word);
    }
    return text;
}

void add_url(WorkRecord& work, std::string url) {
    if (!url.empty() && std::find(work.urls.begin(), work.urls.end(), url) == work.urls.end()) {
        work.urls.push_back(std::move(url));
    }
}

/// Fills the venue from a source object {id, display_name, type}.
void set_venue(WorkRecord& work, Json& source, ReadState& state) {
    work.venue.source_id = shorten_openalex_id(take_string(source, "id"));
    work.venue.display_name = state.clean(take_string(source, "display_name"));
    work.venue.type = take_string(source, "type");
}

void read_authorships(WorkRecord& work, Json& authorships, ReadState& state) {
    std::size_t index = 0;
    for (Json& authorship : authorships) {
        require_object(authorship, "authorships[" + std::to_string(index++) + "]");
        AuthorRef author;
        if (Json* person = object_member(authorship, "author")) {
            author.source_id = shorten_openalex_id(take_string(*person, "id"));
            author.display_name = state.clean(take_string(*person, "display_name"));
            author.orcid = bare_orcid(take_string(*person, "orcid"));
        }
        author.raw_name = take_string(authorship, "raw_author_name");
        if (author.display_name.empty()) {
            author.display_name = state.clean(author.raw_name);
        }
        if (Json* institutions = array_member(authorship, "institutions")) {
            for (Json& institution : *institutions) {
                if (!institution.is_object()) {
                    continue;
                }
                std::string name = state.clean(take_string(institution, "display_name"));
                if (!name.empty()) {
                    author.affiliations.push_back(std::move(name));
                }
            }
        }
        if (!author.display_name.empty() || !author.source_id.empty()) {
            work.authors.push_back(std::move(author));
        }
    }
}

void read_topics(WorkRecord& work, Json& topics, ReadState& state) {
    for (Json& topic : topics) {
        if (!topic.is_object()) {
            continue;
        }
        TopicRef ref;
        ref.source_id = shorten_openalex_id(take_string(topic, "id"));
        ref.display_name = state.clean(take_string(topic, "display_name"));
        if (const Json* score = member(topic, "score"); score != nullptr && score->is_number()) {
            ref.score = score->get<double>();
        }
        if (Json* subfield = object_member(topic, "subfield")) {
            ref.parent = state.clean(take_string(*subfield, "display_name"));
        }
        if (Json* field = object_member(topic, "field")) {
            ref.field = state.clean(take_string(*field, "display_name"));
        }
        if (Json* domain = object_member(topic, "domain")) {
            ref.domain = state.clean(take_string(*domain, "display_name"));
        }
        if (!ref.display_name.empty() || !ref.source_id.empty()) {
            work.topics.push_back(std::move(ref));
        }
    }
}

/// arXiv id from ids.arxiv, the DOI, or a location on arxiv.org.
std::string find_arxiv_id(Json& work, const WorkRecord& record) {
    if (Json* ids = object_member(work, "ids")) {
        std::string arxiv = take_string(*ids, "arxiv");
        if (!arxiv.empty()) {
            std::string from_url = arxiv_id_from(arxiv);
            if (!from_url.empty()) {
                return from_url;
            }
            std::string_view bare = trim(arxiv);
            if (bare.substr(0, 6) == "arXiv:" || bare.substr(0, 6) == "arxiv:") {
                bare.remove_prefix(6);
            }
            return strip_arxiv_version(bare);
        }
    }
    if (std::string id = arxiv_id_from("doi.org/" + record.doi); !id.empty()) {
        return id;
    }
    if (Json* locations = array_member(work, "locations")) {
        for (Json& location : *locations) {
            if (!location.is_object()) {
                continue;
            }
            for (const std::string_view key : {"landing_page_url", "pdf_url"}) {
                const Json* url = member(location, key);
                if (url != nullptr && url->is_string()) {
                    std::string id = arxiv_id_from(url->get_ref<const std::string&>());
                    if (!id.empty()) {
                        return id;
                    }
                }
            }
        }
    }
    return {};
}

WorkRecord convert_work(Json& w, ReadState& state) {
    WorkRecord work;
    work.id = shorten_openalex_id(take_string(w, "id"));
    if (is_openalex_work_id(work.id)) {
        work.openalex_id = work.id;
    }
    work.doi = normalize_doi(take_string(w, "doi"));
    if (Json* ids = object_member(w, "ids")) {
        if (work.doi.empty()) {
            work.doi = normalize_doi(take_string(*ids, "doi"));
        }
        if (work.openalex_id.empty()) {
            const std::string oa = shorten_openalex_id(take_string(*ids, "openalex"));
            if (is_openalex_work_id(oa)) {
                work.openalex_id = oa;
            }
        }
    }
    work.arxiv_id = find_arxiv_id(w, work);

    work.title = state.clean(take_string(w, "title"));
    if (work.title.empty()) {
        work.title = state.clean(take_string(w, "display_name"));
    }
    if (const Json* index = member(w, "abstract_inverted_index")) {
        work.abstract = state.clean(rebuild_abstract(*index));
    } else {
        work.abstract = state.clean(take_string(w, "abstract"));
    }
    if (Json* authorships = array_member(w, "authorships")) {
        read_authorships(work, *authorships, state);
    }
    if (const auto year = get_integer(w, "publication_year")) {
        work.publication_year = static_cast<int>(*year);
    }
    work.publication_date = checked_date(take_string(w, "publication_date"));
    if (work.publication_year == 0 && work.publication_date.size() >= 4) {
        work.publication_year = parse_year(std::string_view(work.publication_date).substr(0, 4));
    }

    Json* primary = object_member(w, "primary_location");
    if (primary != nullptr) {
        if (Json* source = object_member(*primary, "source")) {
            set_venue(work, *source, state);
        }
        add_url(work, take_string(*primary, "landing_page_url"));
        add_url(work, take_string(*primary, "pdf_url"));
    }
    if (work.venue.display_name.empty() && work.venue.source_id.empty()) {
        if (Json* host = object_member(w, "host_venue")) { // the API before 2023
            set_venue(work, *host, state);
            add_url(work, take_string(*host, "url"));
        }
    }
    work.type = take_string(w, "type");
    if (Json* topics = array_member(w, "topics")) {
        read_topics(work, *topics, state);
    }
    if (Json* references = array_member(w, "referenced_works")) {
        for (Json& ref : *references) {
            if (ref.is_string()) {
                work.references.push_back(shorten_openalex_id(ref.get_ref<const std::string&>()));
            }
        }
    }
    work.language = take_string(w, "language");
    if (const auto cited = get_integer(w, "cited_by_count")) {
        work.cited_by_count = *cited;
    }
    return work;
}

} // namespace

void read_openalex(InputStream& in, ReadState& state) {
    static constexpr std::array<std::string_view, 1> kContainers = {"results"};
    read_json_records(in, state, kContainers, [&state](Json& record, const Json*) {
        return convert_work(record, state);
    });
}

} // namespace peerscope::indexer::detail
