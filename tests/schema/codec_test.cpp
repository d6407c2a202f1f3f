#include "peerscope/schema/codec.hpp"
#include "peerscope/schema/entity_data.hpp"
#include "peerscope/schema/work_data.hpp"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

namespace sc = peerscope::schema;
namespace bdata = boost::unit_test::data;

BOOST_AUTO_TEST_SUITE(codec)

BOOST_AUTO_TEST_CASE(facet_codes_survive_a_round_trip) {
    sc::FacetCodes codes;
    codes.source = 41;
    codes.year = 2022;
    codes.type = sc::type_code("preprint");
    codes.cited_by = 300000;
    codes.topics = {7, 100001};
    codes.authors = {1, 163764, 5};
    auto decoded = sc::decode_facets(sc::encode_facets(codes));
    BOOST_REQUIRE(decoded);
    BOOST_TEST(decoded->source == 41U);
    BOOST_TEST(decoded->year == 2022);
    BOOST_TEST(sc::type_name(decoded->type) == "preprint");
    BOOST_TEST(decoded->cited_by == 300000U);
    BOOST_TEST(decoded->topics == codes.topics);
    BOOST_TEST(decoded->authors == codes.authors);
}

BOOST_AUTO_TEST_CASE(truncated_or_trailing_facet_bytes_are_rejected) {
    std::string encoded = sc::encode_facets(sc::FacetCodes{3, 2020, 1, {1, 2}, {3}, 0});
    BOOST_TEST(!sc::decode_facets(encoded.substr(0, encoded.size() - 1)));
    BOOST_TEST(!sc::decode_facets(encoded + "x"));
    BOOST_TEST(!sc::decode_facets(""));
}

BOOST_DATA_TEST_CASE(entity_ids_parse_in_short_and_url_form,
                     bdata::make({"A12", "S3", "T45", "https://example.org/A12", "a7"})
                         ^ bdata::make({'A', 'S', 'T', 'A', 'A'}) ^ bdata::make({12U, 3U, 45U, 12U, 7U}),
                     text,
                     kind,
                     code) {
    auto ref = sc::parse_entity_id(text);
    BOOST_REQUIRE(ref);
    BOOST_TEST(static_cast<char>(ref->kind) == kind);
    BOOST_TEST(ref->code == code);
}

BOOST_DATA_TEST_CASE(malformed_entity_ids_are_refused,
                     bdata::make({"", "A", "X12", "A0", "A01", "A12b", "A99999999999", "W12"}), text) {
    BOOST_TEST(!sc::parse_entity_id(text));
}

BOOST_AUTO_TEST_CASE(unknown_work_types_have_code_zero) {
    BOOST_TEST(sc::type_code("article") == 1);
    BOOST_TEST(sc::type_code("sculpture") == 0);
    BOOST_TEST(sc::type_name(0).empty());
    BOOST_TEST(sc::type_name(250).empty());
}

BOOST_AUTO_TEST_CASE(work_data_survives_a_round_trip) {
    sc::WorkData w;
    w.id = "rajbhandari2022icml-deepspeedmoe";
    w.title = "DeepSpeed-MoE: Advancing Mixture-of-Experts Inference";
    w.abstract = "Mixture-of-Experts (MoE) models — “quotes” and ünïcödé.";
    w.publication_year = 2022;
    w.type = "proceedings-article";
    w.authorships.push_back({"A1", "Samyam Rajbhandari", "Rajbhandari, Samyam", "", {"Microsoft"}, "rajbhandari-samyam"});
    w.locations.push_back({{"S2", "ICML", "conference"}, "rajbhandari2022icml-deepspeedmoe", "mlanthology",
                           "publishedVersion", true, 2022, "proceedings-article", "", "https://x", "https://x.pdf"});
    w.topics.push_back({"T7", "Mixture of Experts", 0.9, "rule: moe"});
    w.alt_ids = {"seed:W3"};
    w.source_cited_by_count = 12;
    w.cited_by_count = 3;
    sc::WorkData back = sc::decode_work(sc::encode_work(w));
    BOOST_TEST(back.id == w.id);
    BOOST_TEST(back.abstract == w.abstract);
    BOOST_TEST(back.authorships.at(0).raw_name == "Rajbhandari, Samyam");
    BOOST_TEST(back.authorships.at(0).institutions.at(0) == "Microsoft");
    BOOST_TEST(back.locations.at(0).is_primary);
    BOOST_TEST(back.locations.at(0).pdf_url == "https://x.pdf");
    BOOST_TEST(back.topics.at(0).reason == "rule: moe");
    BOOST_TEST(back.alt_ids == w.alt_ids);
    BOOST_TEST(*back.source_cited_by_count == 12);
    BOOST_TEST(back.cited_by_count == 3);
}

BOOST_AUTO_TEST_CASE(malformed_stored_data_is_reported) {
    BOOST_CHECK_THROW((void)sc::decode_work("{not json"), std::runtime_error);
    BOOST_CHECK_THROW((void)sc::decode_author("[1,2]"), std::runtime_error);
}

BOOST_AUTO_TEST_CASE(author_data_survives_a_round_trip) {
    sc::AuthorData a;
    a.id = "A5";
    a.display_name = "Bernhard Schölkopf";
    a.display_name_alternatives = {"Bernhard Scholkopf", "Bernhard Schoelkopf"};
    a.collaborators.push_back({"A9", "Alexander J. Smola", 12, 1998, 2012, {"T3"}});
    sc::AuthorData back = sc::decode_author(sc::encode_author(a));
    BOOST_TEST(back.display_name == a.display_name);
    BOOST_TEST(back.display_name_alternatives == a.display_name_alternatives);
    BOOST_TEST(back.collaborators.at(0).shared_works == 12);
}

BOOST_AUTO_TEST_SUITE_END()
