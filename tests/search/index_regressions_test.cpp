// Regressions of the indexer seen through the search library: values longer than a Xapian term.
#include "peerscope/search/service.hpp"
#include "peerscope/test/data_paths.hpp"
#include "peerscope/test/process.hpp"
#include "peerscope/test/temp_dir.hpp"

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <set>

namespace ps = peerscope::search;
namespace pt = peerscope::test;

namespace {

long count_of(ps::SearchService& service, const std::string& search, const std::string& filter) {
    ps::WorksQuery q;
    q.search = search;
    q.filter = filter;
    q.per_page = 200;
    return service.lease()->search_works(q).count;
}

/// A record whose title (600 characters), DOI, author name, venue and topic are each longer than
/// the 245 bytes Xapian allows in a term, written as an OpenAlex work line.
struct LongRecord {
    std::string title;
    std::string doi;
    std::string author;

    LongRecord() {
        for (int part = 1; title.size() < 600; ++part) {
            title += "Lift distribution of a propeller slipstream over a swept wing, part "
                     + std::to_string(part) + "; ";
        }
        title.resize(600);
        doi = "10.5555/long-";
        while (doi.size() < 300) {
            doi += "segment-" + std::to_string(doi.size());
        }
        // Many given names: the whole-name keys of the author entity are longer than a term too.
        author = "Aurelia";
        for (int i = 0; author.size() < 300; ++i) {
            author += " Maximiliana" + std::to_string(i);
        }
        author += " Vanderlinden";
    }

    void write(const std::string& path) const {
        nlohmann::json topic = {
            {"display_name", std::string(300, 't') + " aerodynamics"},
            {"score", 0.9},
            {"subfield", {{"display_name", std::string(300, 's') + " fluid flow"}}}};
        nlohmann::json work = {
            {"id", "https://openalex.org/W7700001"},
            {"doi", "https://doi.org/" + doi},
            {"title", title},
            {"display_name", title},
            {"publication_year", 2021},
            {"type", "article"},
            {"primary_location",
             {{"source",
               {{"display_name", "Journal of " + std::string(400, 'v') + " Studies"},
                {"type", "journal"}}}}},
            {"authorships",
             {{{"author", {{"display_name", author}}}, {"raw_author_name", author}}}},
            {"topics", {topic}}};
        std::ofstream(path) << work.dump() << "\n";
    }
};

void check_long_record_is_found(const std::string& index, const LongRecord& record) {
    ps::SearchService service(index);
    BOOST_TEST(count_of(service, "propeller slipstream", "openalex:W7700001") == 1);
    BOOST_TEST(count_of(service, "", "doi:" + record.doi) == 1);
    BOOST_TEST(count_of(service, "", "doi:https://doi.org/" + record.doi) == 1);
    BOOST_TEST(count_of(service, "author:Vanderlinden", "") == 1);
}

} // namespace

BOOST_AUTO_TEST_SUITE(index_regressions)

BOOST_AUTO_TEST_CASE(
    a_record_with_a_600_character_title_and_long_ids_is_indexed_in_bulk_and_found) {
    pt::TempDir dir;
    LongRecord record;
    record.write(dir / "long.openalex.jsonl");
    pt::build_index(dir / "ix", {dir / "long.openalex.jsonl"});
    check_long_record_is_found(dir / "ix", record);
}

BOOST_AUTO_TEST_CASE(
    a_record_with_a_600_character_title_and_long_ids_is_added_incrementally_and_found) {
    pt::TempDir dir;
    LongRecord record;
    record.write(dir / "long.openalex.jsonl");
    pt::build_index(dir / "ix", {(pt::test_data_dir() / "corpus").string()});
    pt::build_index(dir / "ix", {dir / "long.openalex.jsonl"}); // an existing index: incremental
    check_long_record_is_found(dir / "ix", record);
    ps::SearchService service(dir / "ix");
    BOOST_TEST(count_of(service, "", "") == 42);
    // Indexing it again finds the indexed version through its (capped) version key: still one work.
    pt::build_index(dir / "ix", {dir / "long.openalex.jsonl"});
    ps::SearchService again(dir / "ix");
    BOOST_TEST(count_of(again, "", "") == 42);
}

BOOST_AUTO_TEST_SUITE_END()
