#include "peerscope/search/error.hpp"
#include "peerscope/server/errors.hpp"
#include "peerscope/server/json_codec.hpp"

#include <boost/test/unit_test.hpp>

#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace server = peerscope::server;
namespace schema = peerscope::schema;
namespace search = peerscope::search;

namespace {

/// Rebuilds the text from an inverted index (words joined by single spaces in position order).
std::string text_of(const server::Json& index) {
    std::map<std::size_t, std::string> words;
    for (const auto& [word, positions] : index.items()) {
        for (const auto& position : positions) {
            words[position.get<std::size_t>()] = word;
        }
    }
    std::string text;
    std::size_t expected = 0;
    for (const auto& [position, word] : words) {
        BOOST_TEST(position == expected); // positions are dense
        ++expected;
        text += (text.empty() ? "" : " ") + word;
    }
    return text;
}

schema::WorkData sample_work() {
    schema::WorkData work;
    work.id = "W1019";
    work.doi = "10.48550/arxiv.1906.02012";
    work.arxiv_id = "1906.02012";
    work.openalex_id = "W1019";
    work.title = "Contrastive Predictive Pretraining";
    work.abstract = "We learn speech representations. We predict.";
    work.publication_year = 2020;
    work.publication_date = "2020-04-26";
    work.type = "proceedings-article";
    work.language = "en";
    work.authorships = {
        {"A28",
         "Lucía García",
         "Lucía García",
         "0000-0002-1825-0097",
         {"Carnegie Mellon University"},
         ""},
        {"A29", "Fiona Brennan", "", "", {}, ""},
        {"A30", "Arjun Singh", "A. Singh", "", {}, ""},
    };
    work.primary_source = {"S11", "ICLR", "conference"};
    schema::LocationData preprint;
    preprint.source = {"S6", "arXiv", "repository"};
    preprint.version = "submittedVersion";
    preprint.landing_page_url = "https://arxiv.org/abs/1906.02012";
    preprint.pdf_url = "https://arxiv.org/pdf/1906.02012";
    schema::LocationData paper;
    paper.source = {"S11", "ICLR", "conference"};
    paper.version = "publishedVersion";
    paper.is_primary = true;
    paper.landing_page_url = "https://openreview.net/forum?id=w1019";
    work.locations = {preprint, paper};
    work.topics = {{"T10201", "Speech Recognition and Synthesis", 0.99, "source"},
                   {"T4", "Representation Learning", 0.5, "rule: contrastive"}};
    work.referenced_works = {"W1021", "W1025"};
    work.cited_by_count = 2;
    return work;
}

} // namespace

BOOST_AUTO_TEST_SUITE(json_codec)

BOOST_AUTO_TEST_CASE(abstract_inverted_index_maps_whitespace_separated_words_to_positions) {
    server::Json index = server::abstract_inverted_index("  The cat saw the cat.\nThe  end ");
    BOOST_TEST(index.dump()
               == R"({"The":[0,5],"cat":[1],"saw":[2],"the":[3],"cat.":[4],"end":[6]})");
    BOOST_TEST(text_of(index) == "The cat saw the cat. The end");
}

BOOST_AUTO_TEST_CASE(abstract_inverted_index_is_null_without_abstract) {
    BOOST_TEST(server::abstract_inverted_index("").is_null());
    BOOST_TEST(server::abstract_inverted_index(" \n\t ").is_null());
}

BOOST_AUTO_TEST_CASE(a_long_abstract_round_trips_through_its_inverted_index) {
    std::ostringstream text;
    for (int i = 0; i < 5000; ++i) {
        text << (i == 0 ? "" : " ") << "w" << (i % 700);
    }
    BOOST_TEST(text_of(server::abstract_inverted_index(text.str())) == text.str());
}

BOOST_AUTO_TEST_CASE(work_json_has_the_openalex_shape_with_short_ids_and_doi_urls) {
    server::Json json = server::work_json(sample_work());
    std::vector<std::string> keys;
    for (const auto& [key, value] : json.items()) {
        keys.push_back(key);
    }
    BOOST_TEST((keys
                == std::vector<std::string>{"id",
                                            "doi",
                                            "title",
                                            "display_name",
                                            "publication_year",
                                            "publication_date",
                                            "ids",
                                            "language",
                                            "primary_location",
                                            "type",
                                            "authorships",
                                            "cited_by_count",
                                            "primary_topic",
                                            "topics",
                                            "locations_count",
                                            "locations",
                                            "referenced_works_count",
                                            "referenced_works",
                                            "abstract_inverted_index"}));
    BOOST_TEST(json["id"] == "W1019");
    BOOST_TEST(json["doi"] == "https://doi.org/10.48550/arxiv.1906.02012");
    BOOST_TEST(json["ids"]["openalex"] == "https://openalex.org/W1019");
    BOOST_TEST(json["ids"]["arxiv"] == "https://arxiv.org/abs/1906.02012");
    BOOST_TEST(json["primary_location"]["source"]["id"] == "S11");
    BOOST_TEST(json["primary_location"]["is_primary"] == true);
    BOOST_TEST(json["locations_count"] == 2);
    BOOST_TEST(json["locations"][0]["version"] == "submittedVersion");
    BOOST_TEST(json["authorships"][0]["author_position"] == "first");
    BOOST_TEST(json["authorships"][1]["author_position"] == "middle");
    BOOST_TEST(json["authorships"][2]["author_position"] == "last");
    BOOST_TEST(json["authorships"][0]["author"]["orcid"]
               == "https://orcid.org/0000-0002-1825-0097");
    BOOST_TEST(json["authorships"][1]["author"]["orcid"].is_null());
    BOOST_TEST(json["authorships"][1]["raw_author_name"] == "Fiona Brennan");
    BOOST_TEST(json["authorships"][2]["raw_author_name"] == "A. Singh");
    BOOST_TEST(json["authorships"][0]["institutions"][0]["display_name"]
               == "Carnegie Mellon University");
    BOOST_TEST(json["primary_topic"]["id"] == "T10201");
    BOOST_TEST(json["topics"][1]["reason"] == "rule: contrastive");
    BOOST_TEST(json["referenced_works"][1] == "W1025");
    BOOST_TEST(text_of(json["abstract_inverted_index"])
               == "We learn speech representations. We predict.");
}

BOOST_AUTO_TEST_CASE(relevance_and_highlight_appear_only_when_given) {
    search::Highlight highlight{"<mark>Contrastive</mark> Predictive Pretraining", ""};
    server::Json json = server::work_json(sample_work(), 3.5, highlight);
    BOOST_TEST(json["relevance_score"] == 3.5);
    BOOST_TEST(json["highlight"]["title"] == "<mark>Contrastive</mark> Predictive Pretraining");
    BOOST_TEST(json["highlight"]["abstract"].is_null());
    server::Json plain = server::work_json(sample_work());
    BOOST_TEST(!plain.contains("relevance_score"));
    BOOST_TEST(!plain.contains("highlight"));
}

BOOST_AUTO_TEST_CASE(a_work_without_authors_venue_or_year_has_nulls_and_empty_lists) {
    schema::WorkData work;
    work.id = "W1";
    work.title = "Editorial";
    server::Json json = server::work_json(work);
    BOOST_TEST(json["doi"].is_null());
    BOOST_TEST(json["publication_year"].is_null());
    BOOST_TEST(json["primary_location"].is_null());
    BOOST_TEST(json["primary_topic"].is_null());
    BOOST_TEST(json["authorships"].empty());
    BOOST_TEST(json["abstract_inverted_index"].is_null());
    BOOST_TEST(json["ids"].empty());
}

BOOST_AUTO_TEST_CASE(select_keeps_only_the_named_top_level_fields) {
    server::Json json = server::work_json(sample_work());
    server::apply_select(json, {"display_name", "id"});
    BOOST_TEST(json.dump()
               == R"({"id":"W1019","display_name":"Contrastive Predictive Pretraining"})");
}

BOOST_AUTO_TEST_CASE(select_of_an_unknown_or_nested_field_lists_the_valid_ones) {
    for (std::string field : {"foo", "authorships.author"}) {
        BOOST_CHECK_EXCEPTION(server::validate_select({"id", field}, server::work_fields()),
                              server::HttpError,
                              [&](const server::HttpError& e) {
                                  std::string message = e.what();
                                  return e.kind() == server::ErrorKind::InvalidParameter
                                         && message.find("'" + field + "'") != std::string::npos
                                         && message.find("abstract_inverted_index")
                                                != std::string::npos;
                              });
    }
    BOOST_CHECK_NO_THROW(server::validate_select({"id", "relevance_score"}, server::work_fields()));
}

BOOST_AUTO_TEST_CASE(group_by_of_one_key_and_group_bys_of_several_follow_openalex) {
    search::WorksPage page;
    page.count = 3;
    page.per_page = 25;
    page.groups = {{"type", {{"article", "article", 2}, {"preprint", "preprint", 1}}, 2}};
    server::Json single = server::works_page_json(page, {});
    BOOST_TEST(single["meta"]["groups_count"] == 2);
    BOOST_TEST(single["group_by"][0]["key"] == "article");
    BOOST_TEST(single["group_by"][1]["count"] == 1);
    BOOST_TEST(!single.contains("group_bys"));
    BOOST_TEST(!single["meta"].contains("next_cursor"));

    page.groups.push_back({"publication_year", {{"2020", "2020", 3}}, 1});
    server::Json plural = server::works_page_json(page, {{}, true});
    BOOST_TEST(plural["meta"]["groups_count"].is_null());
    BOOST_TEST(plural["group_by"].empty());
    BOOST_TEST(plural["group_bys"][1]["group_by_key"] == "publication_year");
    BOOST_TEST(plural["group_bys"][1]["groups"][0]["key"] == "2020");
}

BOOST_AUTO_TEST_CASE(a_finished_cursor_walk_has_a_null_next_cursor_and_no_page) {
    search::WorksPage page;
    page.cursor_used = true;
    page.page = 0;
    server::Json json = server::works_page_json(page, {});
    BOOST_TEST(json["meta"]["next_cursor"].is_null());
    BOOST_TEST(json["meta"]["page"].is_null());
    page.next_cursor = "abc";
    BOOST_TEST(server::works_page_json(page, {})["meta"]["next_cursor"] == "abc");
}

BOOST_AUTO_TEST_CASE(warnings_and_suggestion_appear_in_meta_only_when_present) {
    search::WorksPage page;
    BOOST_TEST(!server::works_page_json(page, {})["meta"].contains("warnings"));
    page.warnings = {"unbalanced quote"};
    page.suggestion = "transformer";
    server::Json json = server::works_page_json(page, {});
    BOOST_TEST(json["meta"]["warnings"][0] == "unbalanced quote");
    BOOST_TEST(json["meta"]["suggestion"] == "transformer");
}

BOOST_AUTO_TEST_CASE(invalid_utf8_in_stored_text_is_replaced_not_thrown) {
    schema::WorkData work;
    work.id = "W1";
    work.title = "bad \xFF byte";
    std::string text = server::dump(server::work_json(work));
    BOOST_TEST(text.find("bad \xEF\xBF\xBD byte") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(errors)

BOOST_AUTO_TEST_CASE(every_search_error_code_maps_to_one_status) {
    using search::Errc;
    std::vector<std::pair<Errc, int>> expected = {{Errc::InvalidParameter, 400},
                                                  {Errc::InvalidQuery, 400},
                                                  {Errc::NotFound, 404},
                                                  {Errc::IndexUnavailable, 503},
                                                  {Errc::SchemaMismatch, 503},
                                                  {Errc::Internal, 500}};
    for (const auto& [code, status] : expected) {
        BOOST_TEST(server::error_info(server::kind_of(search::Error(code, "x"))).status == status);
    }
}

BOOST_AUTO_TEST_CASE(the_envelope_carries_the_openalex_kind_and_the_message) {
    auto body = nlohmann::json::parse(
        server::error_body(server::ErrorKind::InvalidParameter, "per_page: bad"));
    BOOST_TEST(body["error"] == "Invalid query parameters error.");
    BOOST_TEST(body["message"] == "per_page: bad");
    BOOST_TEST(body.size() == 2U);
    BOOST_TEST(server::error_info(server::ErrorKind::IndexUnavailable).retry_after_seconds > 0);
}

BOOST_AUTO_TEST_SUITE_END()
