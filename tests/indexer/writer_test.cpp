#include "peerscope/indexer/error.hpp"
#include "peerscope/indexer/indexer.hpp"
#include "peerscope/test/data_paths.hpp"
#include "peerscope/test/temp_dir.hpp"

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <fstream>

namespace pi = peerscope::indexer;
namespace pt = peerscope::test;

namespace {

pi::IndexSummary index(const std::string& dir, std::vector<std::string> inputs, std::vector<std::string> deletes = {},
                       std::vector<std::string>* problems = nullptr) {
    pi::IndexOptions options;
    options.index_dir = dir;
    options.inputs = std::move(inputs);
    options.delete_ids = std::move(deletes);
    options.threads = 2;
    pi::IndexObserver observer;
    observer.on_problem = [problems](const std::string& origin, const std::string& reason) {
        if (problems != nullptr) {
            problems->push_back(origin + ": " + reason);
        }
    };
    return pi::run_indexer(options, observer);
}

nlohmann::json stats(const std::string& dir) { return nlohmann::json::parse(pi::index_stats_json(dir)); }

std::string corpus() { return (pt::test_data_dir() / "corpus").string(); }

} // namespace

BOOST_AUTO_TEST_SUITE(writer)

BOOST_AUTO_TEST_CASE(a_new_index_is_built_in_bulk_with_works_and_entities) {
    pt::TempDir dir;
    pi::IndexSummary s = index(dir / "ix", {corpus()});
    BOOST_TEST(s.bulk);
    BOOST_TEST(s.records_read == 42U);
    BOOST_TEST(s.works_written == 41U);
    BOOST_TEST(s.versions_merged == 1U);
    auto st = stats(dir / "ix");
    BOOST_TEST(st["works"] == 41);
    BOOST_TEST(st["authors"] == 37); // 38 names; Schölkopf and Scholkopf are one person
    BOOST_TEST(st["venues"].get<int>() >= 6);
    BOOST_TEST(st["topics"].get<int>() > 10);
    BOOST_TEST(st["schema_version"] == 1);
}

BOOST_AUTO_TEST_CASE(indexing_the_same_input_again_changes_nothing) {
    pt::TempDir dir;
    index(dir / "ix", {corpus()});
    auto before = stats(dir / "ix");
    pi::IndexSummary again = index(dir / "ix", {corpus()});
    BOOST_TEST(!again.bulk);
    BOOST_TEST(again.works_written == 0U);
    BOOST_TEST(again.works_unchanged == 41U);
    auto after = stats(dir / "ix");
    BOOST_TEST(after["revision"] == before["revision"]);
    BOOST_TEST(after["works"] == 41);
}

BOOST_AUTO_TEST_CASE(a_changed_record_is_upserted_and_a_deleted_one_removed) {
    pt::TempDir dir;
    index(dir / "ix", {corpus()});
    {
        std::ofstream out(dir / "changed.jsonl");
        out << R"({"id": "https://openalex.org/W1041", "title": "Bayesian Optimization of Hyperparameters with Gaussian Processes, Revisited", "publication_year": 2016, "type": "article", "authorships": []})"
            << "\n";
    }
    pi::IndexSummary s = index(dir / "ix", {dir / "changed.jsonl"});
    BOOST_TEST(s.works_written == 1U);
    BOOST_TEST(stats(dir / "ix")["works"] == 41);
    pi::IndexSummary d = index(dir / "ix", {}, {"W1041"});
    BOOST_TEST(d.works_deleted == 1U);
    BOOST_TEST(stats(dir / "ix")["works"] == 40);
    std::vector<std::string> problems;
    pi::IndexSummary missing = index(dir / "ix", {}, {"W424242"}, &problems);
    BOOST_TEST(missing.works_deleted == 0U);
    BOOST_REQUIRE_EQUAL(problems.size(), 1U);
    BOOST_TEST(problems[0].find("W424242") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_new_version_of_an_indexed_work_joins_it) {
    pt::TempDir dir;
    index(dir / "ix", {corpus()});
    // A later journal version of W1025: same title, one of its authors.
    std::ifstream corpus_file(pt::test_data_dir() / "corpus" / "works.openalex.jsonl");
    std::string line;
    std::string author;
    while (std::getline(corpus_file, line)) {
        auto j = nlohmann::json::parse(line);
        if (j["id"].get<std::string>().find("W1025") != std::string::npos) {
            author = j["authorships"][0]["author"]["display_name"];
        }
    }
    BOOST_REQUIRE(!author.empty());
    {
        std::ofstream out(dir / "journal.jsonl");
        out << R"({"id": "W9001", "title": "Self-Attention Networks for Sequence Transduction", "publication_year": 2018, "type": "article",)"
            << R"( "primary_location": {"source": {"id": "S77", "display_name": "Journal of Sequence Studies", "type": "journal"}},)"
            << R"( "authorships": [{"author": {"display_name": ")" << author << R"("}, "raw_author_name": ")" << author << R"("}]})"
            << "\n";
    }
    pi::IndexSummary s = index(dir / "ix", {dir / "journal.jsonl"});
    BOOST_TEST(s.versions_merged == 1U);
    BOOST_TEST(stats(dir / "ix")["works"] == 41);
}

BOOST_AUTO_TEST_CASE(an_index_with_another_schema_version_is_refused) {
    pt::TempDir dir;
    index(dir / "ix", {corpus()});
    {
        Xapian::WritableDatabase works(dir / "ix/works");
        works.set_metadata("peerscope.schema_version", "999");
        works.commit();
    }
    BOOST_CHECK_EXCEPTION(index(dir / "ix", {corpus()}), pi::Error,
                          [](const pi::Error& e) { return e.code() == pi::Errc::SchemaMismatch; });
    BOOST_CHECK_EXCEPTION((void)pi::index_stats_json(dir / "nothing-here"), pi::Error,
                          [](const pi::Error& e) { return e.code() == pi::Errc::Io; });
}

BOOST_AUTO_TEST_CASE(a_second_writer_on_the_same_index_is_refused) {
    pt::TempDir dir;
    index(dir / "ix", {corpus()});
    pi::IndexOptions options;
    options.index_dir = dir / "ix";
    options.inputs = {corpus()};
    pi::IndexObserver observer;
    bool refused = false;
    observer.on_progress = [&](pi::Phase, std::size_t, std::size_t) {
        if (refused) {
            return;
        }
        try {
            pi::IndexOptions second = options;
            (void)pi::run_indexer(second, pi::IndexObserver{});
        } catch (const pi::Error& e) {
            refused = e.code() == pi::Errc::IndexLocked;
        }
    };
    (void)pi::run_indexer(options, observer);
    BOOST_TEST(refused);
}

BOOST_AUTO_TEST_SUITE_END()
