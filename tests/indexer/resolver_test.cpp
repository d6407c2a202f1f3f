#include "names.hpp"
#include "peerscope/indexer/reader.hpp"
#include "peerscope/test/data_paths.hpp"
#include "peerscope/test/temp_dir.hpp"
#include "resolver.hpp"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>

namespace pi = peerscope::indexer;
namespace sc = peerscope::schema;
namespace bdata = boost::unit_test::data;

namespace {

/// An index with nothing in it.
class EmptyIndex final : public pi::ExistingIndex {
  public:
    bool empty() const override { return true; }
    std::vector<sc::WorkData> works_by_version_key(const std::string&) override { return {}; }
    std::optional<sc::WorkData> work_by_id(const std::string&) override { return std::nullopt; }
    std::vector<sc::AuthorData> authors_by_family_key(const std::string&) override { return {}; }
    std::optional<sc::SourceEntityData> source_by_key(const std::string&) override {
        return std::nullopt;
    }
    std::optional<sc::TopicEntityData> topic_by_key(const std::string&) override {
        return std::nullopt;
    }
    std::uint32_t max_code(sc::EntityKind) override { return 0; }
};

pi::WorkRecord record(std::string id,
                      std::string title,
                      int year,
                      std::vector<std::string> authors,
                      std::string venue = "icml",
                      std::string type = "proceedings-article") {
    pi::WorkRecord r;
    r.id = std::move(id);
    r.title = std::move(title);
    r.publication_year = year;
    for (auto& name : authors) {
        pi::AuthorRef a;
        a.display_name = name;
        a.raw_name = name;
        r.authors.push_back(std::move(a));
    }
    r.venue.source_id = venue;
    r.venue.display_name = venue;
    r.venue.type = venue == "arxiv" ? "repository" : "conference";
    r.type = std::move(type);
    r.format = "test";
    return r;
}

peerscope::analyzers::Analyzer& analyzer() {
    static peerscope::analyzers::Analyzer a;
    return a;
}

/// Appends every record of @p path (read as @p format, or the detected format) to @p records.
void read_into(std::vector<pi::WorkRecord>& records,
               const std::string& path,
               std::optional<pi::Format> format = std::nullopt) {
    pi::ReadSink sink;
    sink.on_record = [&](pi::WorkRecord&& r) {
        records.push_back(std::move(r));
        return true;
    };
    sink.on_problem = [](const pi::ReadProblem&) { return true; };
    sink.on_repair = [](const std::string&, std::size_t) {};
    pi::read_input(path, format, sink);
}

/// Every record of @p path read with @p format.
std::vector<pi::WorkRecord> read_records(const std::string& path, pi::Format format) {
    std::vector<pi::WorkRecord> records;
    read_into(records, path, format);
    return records;
}

/// Every record of the default corpus (ML Anthology + the seed works), read once per process.
const pi::Resolution& default_corpus() {
    static const pi::Resolution resolution = [] {
        std::vector<pi::WorkRecord> records;
        for (const auto& file :
             pi::expand_inputs({peerscope::test::mirror_file("mlanthology").string()})) {
            read_into(records, file);
        }
        read_into(records, (peerscope::test::seed_dir() / "seed-works.openalex.jsonl").string());
        EmptyIndex none;
        return pi::resolve(std::move(records), none, analyzer());
    }();
    return resolution;
}

} // namespace

BOOST_AUTO_TEST_SUITE(names)

BOOST_DATA_TEST_CASE(
    display_names_split_into_given_and_family,
    bdata::make({"Luc Van Gool",
                 "Rajbhandari, Samyam",
                 "Michael I. Jordan",
                 "Yann LeCun",
                 "Guido van Rossum Jr.",
                 "Plato"})
        ^ bdata::make({"Luc", "Samyam", "Michael I.", "Yann", "Guido", ""})
        ^ bdata::make({"Van Gool", "Rajbhandari", "Jordan", "LeCun", "van Rossum", "Plato"}),
    display,
    given,
    family) {
    pi::SplitName split = pi::split_name(display);
    BOOST_TEST(split.given == given);
    BOOST_TEST(split.family == family);
}

BOOST_AUTO_TEST_CASE(umlaut_spellings_share_a_family_key_but_xu_and_xue_do_not) {
    auto key_set = [](std::string_view family) {
        auto keys = pi::family_keys(family, analyzer());
        return std::set<std::string>(keys.begin(), keys.end());
    };
    auto umlaut = key_set("Schölkopf");
    BOOST_TEST(umlaut.count("scholkopf") == 1U);
    BOOST_TEST(umlaut.count("schoelkopf") == 1U);
    BOOST_TEST(key_set("Scholkopf").count("scholkopf") == 1U);
    BOOST_TEST(key_set("Schoelkopf").count("schoelkopf") == 1U);
    BOOST_TEST(key_set("Xue") != key_set("Xu"));
}

BOOST_AUTO_TEST_CASE(given_names_are_compatible_through_initials_but_not_across_first_names) {
    auto parts = [](std::string_view given) { return pi::given_parts(given, analyzer()); };
    BOOST_TEST(pi::given_compatible(parts("B."), parts("Bernhard")));
    BOOST_TEST(pi::given_compatible(parts("Bernhard"), parts("Bernhard K.")));
    BOOST_TEST(pi::given_compatible(parts("Yu-Xiong"), parts("Yuxiong")));
    BOOST_TEST(!pi::given_compatible(parts("Hailey"), parts("Bernhard")));
    BOOST_TEST(!pi::given_compatible(parts("Michael I."), parts("Michael J.")));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(resolver)

BOOST_AUTO_TEST_CASE(a_preprint_and_its_conference_version_become_one_work) {
    std::vector<pi::WorkRecord> records;
    records.push_back(record("arxiv:1",
                             "DeepSpeed-MoE: Advancing Mixture-of-Experts Inference",
                             2022,
                             {"Samyam Rajbhandari"},
                             "arxiv",
                             "preprint"));
    records.push_back(record("icml:1",
                             "DeepSpeed-MoE: Advancing Mixture-of-Experts Inference",
                             2022,
                             {"Samyam Rajbhandari", "Yuxiong He"}));
    EmptyIndex none;
    pi::Resolution r = pi::resolve(std::move(records), none, analyzer());
    BOOST_REQUIRE_EQUAL(r.works.size(), 1U);
    const sc::WorkData& w = r.works[0].data;
    BOOST_TEST(w.id == "icml:1");
    BOOST_TEST(w.locations.size() == 2U);
    BOOST_TEST(w.locations[0].is_primary);
    BOOST_TEST(w.alt_ids == std::vector<std::string>{"arxiv:1"});
    BOOST_TEST(w.authorships.size() == 2U);
    BOOST_TEST(r.versions_merged == 1U);
}

BOOST_AUTO_TEST_CASE(same_titles_without_shared_authors_or_years_apart_stay_separate) {
    std::vector<pi::WorkRecord> records;
    records.push_back(
        record("a", "Learning Representations for Everything", 2015, {"Ada Lovelace"}));
    records.push_back(
        record("b", "Learning Representations for Everything", 2015, {"Alan Turing"}));
    records.push_back(
        record("c", "Learning Representations for Everything", 2021, {"Ada Lovelace"}, "neurips"));
    records.push_back(
        record("d", "Preface to the proceedings volume", 2019, {"Grace Hopper"}, "pgm"));
    records.push_back(
        record("e", "Preface to the proceedings volume", 2020, {"Grace Hopper"}, "pgm"));
    EmptyIndex none;
    pi::Resolution r = pi::resolve(std::move(records), none, analyzer());
    BOOST_TEST(r.works.size() == 5U);
}

BOOST_AUTO_TEST_CASE(spellings_of_one_person_merge_and_a_different_given_name_does_not) {
    std::vector<pi::WorkRecord> records;
    records.push_back(
        record("1", "Kernel methods one", 2001, {"Bernhard Schölkopf", "Alex Smola"}));
    records.push_back(record("2", "Kernel methods two", 2002, {"Bernhard Scholkopf"}));
    records.push_back(record("3", "Kernel methods three", 2003, {"Bernhard Schoelkopf"}));
    records.push_back(record("4", "Kernel methods four", 2004, {"B. Schölkopf"}));
    records.push_back(record("5", "Evaluation harness", 2023, {"Hailey Schoelkopf"}));
    EmptyIndex none;
    pi::Resolution r = pi::resolve(std::move(records), none, analyzer());
    std::string bernhard = r.works[0].data.authorships[0].author_id;
    BOOST_TEST(r.works[1].data.authorships[0].author_id == bernhard);
    BOOST_TEST(r.works[2].data.authorships[0].author_id == bernhard);
    BOOST_TEST(r.works[3].data.authorships[0].author_id == bernhard);
    BOOST_TEST(r.works[4].data.authorships[0].author_id != bernhard);
    auto ref = sc::parse_entity_id(bernhard);
    BOOST_REQUIRE(ref);
    BOOST_TEST(r.authors.at(ref->code).display_name == "Bernhard Schölkopf");
}

BOOST_AUTO_TEST_CASE(venues_are_normalised_to_one_source_with_a_display_name) {
    std::vector<pi::WorkRecord> records;
    records.push_back(record("1", "A paper at neurips", 2020, {"A B"}, "neurips"));
    auto long_name = record("2", "Another paper at neurips", 2020, {"C D"}, "S12345");
    long_name.venue.display_name = "Advances in Neural Information Processing Systems";
    records.push_back(long_name);
    EmptyIndex none;
    pi::Resolution r = pi::resolve(std::move(records), none, analyzer());
    BOOST_TEST(r.works[0].data.primary_source.id == r.works[1].data.primary_source.id);
    BOOST_TEST(r.works[0].data.primary_source.display_name == "NeurIPS");
    BOOST_TEST(r.sources.size() == 1U);
}

BOOST_AUTO_TEST_CASE(references_point_at_the_merged_work) {
    std::vector<pi::WorkRecord> records;
    records.push_back(record(
        "pre", "A Study of Citation Resolution Methods", 2019, {"Ann Lee"}, "arxiv", "preprint"));
    records.push_back(record("pub", "A Study of Citation Resolution Methods", 2020, {"Ann Lee"}));
    auto citing = record("citing", "Building on citation resolution", 2021, {"Bo Chen"});
    citing.references = {"pre", "unknown-id"};
    records.push_back(citing);
    EmptyIndex none;
    pi::Resolution r = pi::resolve(std::move(records), none, analyzer());
    BOOST_REQUIRE_EQUAL(r.works.size(), 2U);
    BOOST_TEST(r.works[1].data.referenced_works == (std::vector<std::string>{"pub", "unknown-id"}));
}

BOOST_AUTO_TEST_CASE(same_titles_without_authors_stay_separate_works) {
    std::vector<pi::WorkRecord> records;
    records.push_back(
        record("x1", "On the theory of thin aerofoils in supersonic flow", 1958, {}, "jas"));
    records.push_back(
        record("x2", "On the theory of thin aerofoils in supersonic flow", 1958, {}, "jas"));
    records.push_back(record(
        "x3", "On the theory of thin aerofoils in supersonic flow", 1958, {"Ann Lee"}, "jas"));
    EmptyIndex none;
    pi::Resolution r = pi::resolve(std::move(records), none, analyzer());
    BOOST_TEST(r.works.size() == 3U);
    BOOST_TEST(r.versions_merged == 0U);
}

BOOST_AUTO_TEST_CASE(
    two_records_of_one_smart_file_with_one_title_stay_two_works_even_with_one_author) {
    peerscope::test::TempDir dir;
    {
        std::ofstream out(dir / "cran.all.test");
        out << ".I 12\n.T\nthe boundary layer on a flat plate .\n.A\n.B\nj. ae. scs. 20, 1953, 1.\n"
               ".W\nthe boundary layer on a flat plate .\na first study .\n"
               ".I 57\n.T\nthe boundary layer on a flat plate .\n.A\n.B\nj. ae. scs. 20, 1953, 9.\n"
               ".W\nthe boundary layer on a flat plate .\na second study .\n"
               ".I 58\n.T\nheat transfer in laminar flow past a cone .\n.A\nsmith,j.\n.B\nj. ae. "
               "scs. 21, 1954, 3.\n"
               ".W\nheat transfer in laminar flow past a cone .\none .\n"
               ".I 59\n.T\nheat transfer in laminar flow past a cone .\n.A\nsmith,j.\n.B\nj. ae. "
               "scs. 21, 1954, 5.\n"
               ".W\nheat transfer in laminar flow past a cone .\ntwo .\n";
    }
    std::vector<pi::WorkRecord> records = read_records(dir / "cran.all.test", pi::Format::Smart);
    BOOST_REQUIRE_EQUAL(records.size(), 4U);
    BOOST_TEST(records[0].authors.empty());
    BOOST_TEST(records[2].authors.size() == 1U);
    EmptyIndex none;
    pi::Resolution r = pi::resolve(std::move(records), none, analyzer());
    BOOST_TEST(r.works.size() == 4U);
    BOOST_TEST(r.versions_merged == 0U);
}

BOOST_AUTO_TEST_CASE(one_doi_still_joins_versions_from_two_inputs) {
    std::vector<pi::WorkRecord> records;
    records.push_back(record("pre", "Sparse Gating for Mixtures", 2021, {}, "arxiv", "preprint"));
    records.push_back(record("pub", "Sparse gating for mixtures of experts", 2022, {}));
    records[0].doi = "10.5555/sparse";
    records[1].doi = "10.5555/sparse";
    EmptyIndex none;
    pi::Resolution r = pi::resolve(std::move(records), none, analyzer());
    BOOST_TEST(r.works.size() == 1U);
}

BOOST_AUTO_TEST_CASE(cranfield_and_cacm_keep_every_document_as_a_work) {
    EmptyIndex none;
    pi::Resolution cran =
        pi::resolve(read_records(peerscope::test::mirror_file("cranfield/cran.all.1400").string(),
                                 pi::Format::Smart),
                    none,
                    analyzer());
    BOOST_TEST(cran.works.size() == 1400U);
    pi::Resolution cacm = pi::resolve(
        read_records(peerscope::test::mirror_file("cacm/cacm.all").string(), pi::Format::Smart),
        none,
        analyzer());
    BOOST_TEST(cacm.works.size() == 3204U);
}

// Regression: CACM and Cranfield read into one index silently lost 1,400 CACM documents to the
// Cranfield documents with the same numbers; each dropped record is now named with the one that
// replaced it.
BOOST_AUTO_TEST_CASE(a_record_replaced_by_another_files_record_with_its_id_is_reported) {
    std::vector<pi::WorkRecord> records;
    records.push_back(record("7", "Sorting networks in linear time", 1970, {"Ada Lovelace"}));
    records.back().origin = "cacm.all:70";
    records.push_back(record("8", "Hashing with open addressing", 1971, {"Alan Turing"}));
    records.back().origin = "cacm.all:80";
    records.push_back(record("7", "Boundary layers on swept wings", 1958, {"Ludwig Prandtl"}));
    records.back().origin = "cran.all.1400:700";
    // The same record read twice from one file is an update, not a clash.
    records.push_back(record("8", "Hashing with open addressing", 1971, {"Alan Turing"}));
    records.back().origin = "cacm.all:80";
    EmptyIndex none;
    pi::Resolution r = pi::resolve(std::move(records), none, analyzer());
    BOOST_TEST(r.works.size() == 2U);
    BOOST_TEST_REQUIRE(r.id_clashes.size() == 1U);
    BOOST_TEST(r.id_clashes[0].first == "cacm.all:70");
    BOOST_TEST(r.id_clashes[0].second.find("cran.all.1400:700") != std::string::npos);
    BOOST_TEST(r.id_clashes[0].second.find("'7'") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(
    the_seed_researcher_has_eleven_works_and_yuxiong_he_is_the_closest_collaborator) {
    const pi::Resolution& r = default_corpus();
    std::map<std::string, std::vector<const sc::WorkData*>> by_author;
    std::string samyam;
    for (const auto& w : r.works) {
        for (const auto& a : w.data.authorships) {
            by_author[a.author_id].push_back(&w.data);
            if (a.display_name == "Samyam Rajbhandari") {
                samyam = a.author_id;
            }
        }
    }
    BOOST_REQUIRE(!samyam.empty());
    BOOST_TEST(by_author[samyam].size() == 11U);
    std::map<std::string, int> shared;
    std::map<std::string, std::string> names;
    for (const auto* w : by_author[samyam]) {
        for (const auto& a : w->authorships) {
            if (a.author_id != samyam) {
                ++shared[a.author_id];
                names[a.author_id] = a.display_name;
            }
        }
    }
    auto best = std::max_element(
        shared.begin(), shared.end(), [](auto& a, auto& b) { return a.second < b.second; });
    BOOST_REQUIRE(best != shared.end());
    BOOST_TEST(names[best->first] == "Yuxiong He");
    BOOST_TEST(best->second == 5);
}

BOOST_AUTO_TEST_CASE(bernhard_schoelkopf_is_one_person_under_three_spellings_and_hailey_another) {
    const pi::Resolution& r = default_corpus();
    std::map<std::string, std::set<std::string>> works_of;
    std::map<std::string, std::size_t> versions_of;
    for (const auto& w : r.works) {
        for (const auto& a : w.data.authorships) {
            works_of[a.author_id].insert(w.data.id);
            versions_of[a.author_id] += w.data.locations.size();
        }
    }
    std::set<std::string> bernhard;
    std::set<std::string> hailey;
    for (const auto& [code, author] : r.authors) {
        if (author.display_name.find("lkopf") != std::string::npos
            || author.display_name.find("oelkopf") != std::string::npos) {
            (author.display_name.rfind("Hailey", 0) == 0 ? hailey : bernhard).insert(author.id);
        }
    }
    BOOST_TEST(bernhard.size() == 1U);
    BOOST_TEST(hailey.size() == 1U);
    BOOST_REQUIRE(!bernhard.empty() && !hailey.empty());
    BOOST_TEST(versions_of[*bernhard.begin()] == 389U);
    BOOST_TEST(works_of[*bernhard.begin()].size() == 379U);
    BOOST_TEST(versions_of[*hailey.begin()] == 12U);
    BOOST_TEST(works_of[*hailey.begin()].size() == 10U);
}

BOOST_AUTO_TEST_SUITE_END()
