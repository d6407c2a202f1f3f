// Regressions of the indexer seen through the search library: values longer than a Xapian term,
// and topics given by the source (OpenAlex) as entities with names.
#include "peerscope/search/service.hpp"
#include "peerscope/test/data_paths.hpp"
#include "peerscope/test/process.hpp"
#include "peerscope/test/temp_dir.hpp"

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <set>
#include <vector>

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

BOOST_AUTO_TEST_CASE(every_topic_bucket_of_the_corpus_has_a_name_and_the_count_of_its_filter) {
    ps::SearchService service(pt::corpus_index().string());
    ps::WorksQuery q;
    q.group_by = {"topics.id"};
    q.per_page = 1;
    ps::WorksPage page = service.lease()->search_works(q);
    BOOST_REQUIRE_EQUAL(page.groups.size(), 1U);
    const auto& buckets = page.groups.front().buckets;
    BOOST_TEST_REQUIRE(!buckets.empty());
    std::set<std::string> names;
    for (const ps::GroupBucket& bucket : buckets) {
        BOOST_TEST(!bucket.key_display_name.empty(), "bucket " << bucket.key);
        BOOST_TEST(bucket.count == count_of(service, "", "topics.id:" + bucket.key),
                   "bucket " << bucket.key);
        auto topic = service.lease()->get_topic(bucket.key);
        BOOST_TEST_REQUIRE(topic.has_value(), "GET topic " << bucket.key);
        BOOST_TEST(topic->topic.display_name == bucket.key_display_name);
        names.insert(bucket.key_display_name);
    }
    // A topic OpenAlex gives (T11025 on W1001) is an entity with its name and its subfield above
    // it.
    BOOST_TEST(names.count("Kernel Methods and Statistical Learning") == 1U);
    for (const ps::GroupBucket& bucket : buckets) {
        if (bucket.key_display_name == "Kernel Methods and Statistical Learning") {
            auto topic = service.lease()->get_topic(bucket.key);
            BOOST_REQUIRE(topic.has_value());
            BOOST_TEST(topic->topic.origin == "openalex");
            BOOST_TEST(topic->topic.source_key == "T11025");
            BOOST_REQUIRE(!topic->topic.parent_id.empty());
            auto parent = service.lease()->get_topic(topic->topic.parent_id);
            BOOST_REQUIRE(parent.has_value());
            BOOST_TEST(parent->topic.display_name == "Statistics and Probability");
            BOOST_TEST(parent->topic.level == "subfield");
            // The corpus gives the subfield only: the path is the subfield, then the topic.
            BOOST_REQUIRE_EQUAL(topic->path.size(), 2U);
            BOOST_TEST(topic->path.front().id == parent->topic.id);
            BOOST_TEST(topic->path.back().id == bucket.key);
            // The subfield counts the works of its topics.
            BOOST_TEST(count_of(service, "", "topics.id:" + parent->topic.id) >= bucket.count);
        }
    }
}

BOOST_AUTO_TEST_CASE(an_openalex_topic_with_subfield_field_and_domain_sits_under_all_three) {
    pt::TempDir dir;
    nlohmann::json topic = {
        {"id", "https://openalex.org/T10036"},
        {"display_name", "Advanced Neural Network Applications"},
        {"score", 0.99},
        {"subfield",
         {{"id", "https://openalex.org/subfields/1707"},
          {"display_name", "Computer Vision and Pattern Recognition"}}},
        {"field", {{"id", "https://openalex.org/fields/17"}, {"display_name", "Computer Science"}}},
        {"domain",
         {{"id", "https://openalex.org/domains/3"}, {"display_name", "Physical Sciences"}}}};
    nlohmann::json work = {{"id", "https://openalex.org/W7700002"},
                           {"title", "Residual networks for image recognition at scale"},
                           {"publication_year", 2020},
                           {"type", "article"},
                           {"topics", {topic}}};
    std::ofstream(dir / "one.openalex.jsonl") << work.dump() << "\n";
    pt::build_index(dir / "ix", {dir / "one.openalex.jsonl"});
    ps::SearchService service(dir / "ix");
    ps::WorksQuery q;
    q.group_by = {"topics.id"};
    ps::WorksPage page = service.lease()->search_works(q);
    BOOST_REQUIRE_EQUAL(page.groups.front().buckets.size(), 1U);
    const ps::GroupBucket& bucket = page.groups.front().buckets.front();
    BOOST_TEST(bucket.key_display_name == "Advanced Neural Network Applications");
    BOOST_TEST(bucket.key != "T10036"); // the source's id is not one of ours
    auto found = service.lease()->get_topic(bucket.key);
    BOOST_REQUIRE(found.has_value());
    BOOST_TEST(found->topic.source_key == "T10036");
    std::vector<std::string> levels;
    std::vector<std::string> names;
    for (const auto& node : found->path) {
        levels.push_back(node.level);
        names.push_back(node.display_name);
        BOOST_TEST(count_of(service, "", "topics.id:" + node.id) == 1);
    }
    BOOST_TEST(levels == (std::vector<std::string>{"domain", "field", "subfield", "topic"}));
    BOOST_TEST(names.front() == "Physical Sciences");
}

BOOST_AUTO_TEST_SUITE_END()
