// ML Anthology (rbnyng/mlanthology): papers/<venue>-<year>.json.gz holds ONE object
// {"venue","year","papers":[...]}, legacy/<venue>-legacy.jsonl.gz one paper per line.
// A paper: {"bibtex_key","title","authors":[{"given","family","slug"}],"year":"2024","venue",
// "venue_type","abstract","doi","pdf_url","venue_url","openreview_url",...,"venue_name"?}.
// Empty strings mean missing. Mapping:
//   id = bibtex_key; author slug -> AuthorRef::source_id (a name key, not a person id);
//   venue: source_id = the "venue" key ("icml"), display_name = venue_name or else the key,
//   type = venue_type ("conference", "journal", "workshop");
//   type = "article" for every paper: OpenAlex has no conference-paper type and files papers in
//   proceedings, journals and workshops alike as "article" (Crossref's "proceedings-article" is
//   OpenAlex's type_crossref, not its type).
#include "input_stream.hpp"
#include "json_records.hpp"
#include "read_state.hpp"
#include "readers.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <utility>

namespace peerscope::indexer::detail {
namespace {

void add_url(WorkRecord& work, std::string url) {
    if (!url.empty() && std::find(work.urls.begin(), work.urls.end(), url) == work.urls.end()) {
        work.urls.push_back(std::move(url));
    }
}

void read_authors(WorkRecord& work, Json& authors, ReadState& state) {
    work.authors.reserve(authors.size());
    std::size_t index = 0;
    for (Json& a : authors) {
        require_object(a, "authors[" + std::to_string(index++) + "]");
        AuthorRef author;
        std::string given = take_string(a, "given");
        std::string family = take_string(a, "family");
        const std::string prefix = take_string(a, "prefix"); // "von" of "Ulrike von Luxburg"
        if (!prefix.empty()) {
            family = join_name(prefix, family);
        }
        author.raw_name = join_name(given, family);
        author.source_id = take_string(a, "slug");
        author.given = state.clean(std::move(given));
        author.family = state.clean(std::move(family));
        author.display_name = join_name(author.given, author.family);
        if (!author.display_name.empty() || !author.source_id.empty()) {
            work.authors.push_back(std::move(author));
        }
    }
}

WorkRecord convert_paper(Json& p, const Json* envelope, ReadState& state) {
    WorkRecord work;
    work.id = take_string(p, "bibtex_key");
    work.title = state.clean(take_string(p, "title"));
    work.abstract = state.clean(take_string(p, "abstract"));
    if (Json* authors = array_member(p, "authors")) {
        read_authors(work, *authors, state);
    }
    std::string year = take_string(p, "year");
    std::string venue = take_string(p, "venue");
    if (envelope != nullptr) { // the file's own venue and year stand in for missing ones
        if (year.empty()) {
            year = copy_string(*envelope, "year");
        }
        if (venue.empty()) {
            venue = copy_string(*envelope, "venue");
        }
    }
    work.publication_year = parse_year(year);
    std::string venue_name = state.clean(take_string(p, "venue_name"));
    work.venue.display_name = venue_name.empty() ? venue : std::move(venue_name);
    work.venue.source_id = std::move(venue);
    work.venue.type = take_string(p, "venue_type");
    work.type = "article";

    work.doi = normalize_doi(take_string(p, "doi"));
    add_url(work, take_string(p, "venue_url"));
    add_url(work, take_string(p, "pdf_url"));
    add_url(work, take_string(p, "openreview_url"));
    work.arxiv_id = arxiv_id_from("doi.org/" + work.doi);
    for (const std::string& url : work.urls) {
        if (!work.arxiv_id.empty()) {
            break;
        }
        work.arxiv_id = arxiv_id_from(url);
    }
    return work;
}

} // namespace

void read_mlanthology(InputStream& in, ReadState& state) {
    static constexpr std::array<std::string_view, 1> kContainers = {"papers"};
    read_json_records(in, state, kContainers, [&state](Json& record, const Json* envelope) {
        return convert_paper(record, envelope, state);
    });
}

} // namespace peerscope::indexer::detail
