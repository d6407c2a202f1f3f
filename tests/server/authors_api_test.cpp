#include "server_fixture.hpp"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <set>
#include <string>
#include <vector>

namespace test = peerscope::test;
namespace bdata = boost::unit_test::data;
using nlohmann::json;

namespace {

json get_json(test::HttpClient& client, const std::string& target, int expected_status = 200) {
    test::HttpResponse response = client.get(target);
    BOOST_TEST_REQUIRE(response.status == expected_status,
                       target << " -> " << response.status << " " << response.body);
    BOOST_TEST(response.header("Content-Type").find("application/json") == 0U);
    return response.json();
}

/// The id of the first author a name search returns.
std::string author_id(test::HttpClient& client, const std::string& name) {
    json page = get_json(client, "/v1/authors?search=" + test::url_encode(name) + "&select=id");
    BOOST_TEST_REQUIRE(!page["results"].empty(), "no author found for " << name);
    return page["results"][0]["id"].get<std::string>();
}

std::set<std::string> listed_work_ids(test::HttpClient& client, const std::string& filter) {
    json page =
        get_json(client, "/v1/works?per_page=200&select=id&filter=" + test::url_encode(filter));
    std::set<std::string> ids;
    for (const json& w : page["results"]) {
        ids.insert(w["id"].get<std::string>());
    }
    BOOST_TEST(page["meta"]["count"] == ids.size());
    return ids;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(authors_api, test::CorpusServer)

BOOST_DATA_TEST_CASE_F(test::CorpusServer,
                       name_search_ignores_case_accents_order_and_initials,
                       bdata::make({"Schölkopf",
                                    "scholkopf",
                                    "Schoelkopf",
                                    "Bernhard Schölkopf",
                                    "schölkopf, bernhard",
                                    "B. Scholkopf"}),
                       name) {
    json page = get_json(client, "/v1/authors?search=" + test::url_encode(name));
    BOOST_TEST_REQUIRE(!page["results"].empty());
    BOOST_TEST(page["results"][0]["display_name"] == "Bernhard Schölkopf");
    BOOST_TEST(page["results"][0].contains("relevance_score"));
}

BOOST_AUTO_TEST_CASE(the_author_object_has_the_openalex_shape_and_select_applies) {
    std::string id = author_id(client, "Bernhard Schölkopf");
    json author = get_json(client, "/v1/authors/" + id);
    for (const char* field : {"id",
                              "display_name",
                              "display_name_alternatives",
                              "orcid",
                              "ids",
                              "works_count",
                              "cited_by_count",
                              "summary_stats",
                              "affiliations",
                              "last_known_institutions",
                              "topics",
                              "counts_by_year",
                              "works_api_url"}) {
        BOOST_TEST(author.contains(field), field);
    }
    BOOST_TEST(author["id"] == id);
    BOOST_TEST(author["orcid"].get<std::string>().rfind("https://orcid.org/", 0) == 0U);
    BOOST_TEST(author["summary_stats"]["h_index"].is_number());
    BOOST_TEST(author["last_known_institutions"][0]["display_name"]
               == "Max Planck Institute for Intelligent Systems");
    BOOST_TEST(author["works_api_url"] == "/v1/works?filter=authorships.author.id:" + id);
    // The URL form of the id and select.
    json selected = get_json(client,
                             "/v1/authors/" + test::url_encode("https://openalex.org/" + id)
                                 + "?select=id,works_count");
    BOOST_TEST(selected == (json{{"id", id}, {"works_count", author["works_count"]}}));
}

BOOST_AUTO_TEST_CASE(the_works_filter_lists_exactly_the_works_on_the_card) {
    std::string id = author_id(client, "Bernhard Schölkopf");
    json card = get_json(client, "/v1/authors/" + id + "/card");
    std::set<std::string> listed = listed_work_ids(client, "authorships.author.id:" + id);
    BOOST_TEST(card["works_count"] == listed.size());
    for (const json& w : card["recent_works"]) {
        BOOST_TEST(listed.count(w["id"].get<std::string>()) == 1U);
    }
    json author = get_json(client, "/v1/authors/" + id);
    BOOST_TEST(author["works_count"] == listed.size());
}

BOOST_AUTO_TEST_CASE(the_card_has_every_part_of_the_profile_page) {
    std::string id = author_id(client, "Bernhard Schölkopf");
    json card = get_json(client, "/v1/authors/" + id + "/card");
    BOOST_TEST(card["author"]["id"] == id);
    BOOST_TEST(card["author"]["display_name"] == "Bernhard Schölkopf");
    BOOST_TEST(card["author"]["affiliation"] == "Max Planck Institute for Intelligent Systems");
    for (const char* field : {"works_count",
                              "topics_count",
                              "collaborators_count",
                              "topics",
                              "close_collaborators",
                              "recent_works",
                              "venues",
                              "years_active",
                              "trust"}) {
        BOOST_TEST(card.contains(field), field);
    }
    BOOST_TEST_REQUIRE(!card["close_collaborators"].empty());
    json closest = card["close_collaborators"][0];
    BOOST_TEST(closest["author"]["display_name"] == "Katrin Vogel");
    std::string other = closest["author"]["id"].get<std::string>();
    BOOST_TEST(closest["shared_works"]
               == listed_work_ids(client,
                                  "authorships.author.id:" + id + ",authorships.author.id:" + other)
                      .size());
    json trust = card["trust"];
    int sum = 0;
    for (const json& e : trust["evidence"]) {
        sum += e["points"].get<int>();
        if (e["points"].get<int>() > 0) {
            BOOST_TEST((!e["works"].empty() || !e["identifiers"].empty()), e["kind"]);
        }
    }
    BOOST_TEST(trust["score"] == sum);
    BOOST_TEST(trust["claimed"] == false);
    BOOST_TEST(trust["verification_level"] == "L3");
    BOOST_TEST(card["years_active"]["first"].get<int>() <= card["years_active"]["last"].get<int>());
}

BOOST_AUTO_TEST_CASE(an_author_without_affiliations_says_not_imported) {
    std::string id = author_id(client, "张伟");
    json card = get_json(client, "/v1/authors/" + id + "/card");
    bool has_institution = !get_json(client, "/v1/authors/" + id)["affiliations"].empty();
    if (!has_institution) {
        BOOST_TEST(card["author"]["affiliation"] == "not imported");
    }
    // Every author of the corpus has a card.
    json all = get_json(client, "/v1/authors?per_page=200&select=id");
    for (const json& a : all["results"]) {
        json c = get_json(client, "/v1/authors/" + a["id"].get<std::string>() + "/card");
        BOOST_TEST(!c["author"]["affiliation"].get<std::string>().empty());
    }
}

BOOST_AUTO_TEST_CASE(the_graph_is_ready_to_draw_and_bounded) {
    std::string id = author_id(client, "Bernhard Schölkopf");
    json graph = get_json(client, "/v1/authors/" + id + "/graph?depth=2&limit=8");
    BOOST_TEST(graph["meta"]["center"] == id);
    BOOST_TEST(graph["nodes"].size() <= 8U);
    BOOST_TEST(graph["meta"]["nodes_count"] == graph["nodes"].size());
    std::set<std::string> nodes;
    for (const json& n : graph["nodes"]) {
        nodes.insert(n["id"].get<std::string>());
    }
    for (const json& e : graph["edges"]) {
        BOOST_TEST(nodes.count(e["source"].get<std::string>()) == 1U);
        BOOST_TEST(nodes.count(e["target"].get<std::string>()) == 1U);
    }
    BOOST_TEST(get_json(client, "/v1/authors/" + id + "/graph")["meta"]["limit"] == 60);
}

BOOST_AUTO_TEST_CASE(autocomplete_gives_hints_and_nothing_for_an_empty_or_one_letter_query) {
    for (const char* q : {"", "s", "%C3%B6", "+"}) {
        json empty = get_json(client, std::string("/v1/autocomplete/authors?q=") + q);
        BOOST_TEST(empty["results"].empty(), q);
        BOOST_TEST(empty["meta"]["count"] == 0);
    }
    json none = get_json(client, "/v1/autocomplete/authors");
    BOOST_TEST(none["results"].empty());
    json sch = get_json(client, "/v1/autocomplete/authors?q=sch");
    BOOST_TEST_REQUIRE(sch["results"].size() >= 2U);
    BOOST_TEST(sch["results"].size() <= 10U);
    json first = sch["results"][0];
    BOOST_TEST(first["display_name"] == "Bernhard Schölkopf");
    BOOST_TEST(first["entity_type"] == "author");
    BOOST_TEST(first["short_id"] == "authors/" + first["id"].get<std::string>());
    BOOST_TEST(first["hint"]
               == std::to_string(first["works_count"].get<int>()) + " works · NeurIPS 2021");
    BOOST_TEST(first["external_id"].get<std::string>().rfind("https://orcid.org/", 0) == 0U);
}

BOOST_AUTO_TEST_CASE(group_by_and_filters_follow_openalex) {
    json grouped = get_json(client, "/v1/authors?group_by=has_orcid&per_page=1");
    long total = 0;
    for (const json& g : grouped["group_by"]) {
        total += g["count"].get<long>();
    }
    BOOST_TEST(total == grouped["meta"]["count"].get<long>());
    BOOST_TEST(grouped["meta"]["groups_count"] == grouped["group_by"].size());
    json plural = get_json(client, "/v1/authors?group_bys=has_orcid,works_count&per_page=1");
    BOOST_TEST(plural["group_bys"].size() == 2U);
    json filtered =
        get_json(client, "/v1/authors?filter=has_orcid:true&per_page=200&select=id,orcid");
    for (const json& a : filtered["results"]) {
        BOOST_TEST(!a["orcid"].is_null());
    }
    json sorted =
        get_json(client, "/v1/authors?sort=display_name:asc&per_page=200&select=display_name");
    for (std::size_t i = 1; i < sorted["results"].size(); ++i) {
        // Parenthesised: Boost.Test would compare strings character by character.
        BOOST_TEST((sorted["results"][i - 1]["display_name"].get<std::string>()
                    <= sorted["results"][i]["display_name"].get<std::string>()));
    }
}

BOOST_AUTO_TEST_CASE(an_unknown_author_is_a_json_404) {
    for (const char* path :
         {"/v1/authors/A999999", "/v1/authors/A999999/card", "/v1/authors/A999999/graph"}) {
        json error = get_json(client, path, 404);
        BOOST_TEST(error["error"] == "Not found error.");
        BOOST_TEST(error["message"].get<std::string>().find("A999999") != std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(malformed_ids_depths_limits_and_parameters_are_json_400s) {
    std::string id = author_id(client, "Bernhard Schölkopf");
    for (const std::string& path :
         std::vector<std::string>{"/v1/authors/S3",
                                  "/v1/authors/not-an-id/card",
                                  "/v1/authors/A01/graph",
                                  "/v1/authors/" + id + "/graph?depth=0",
                                  "/v1/authors/" + id + "/graph?depth=3",
                                  "/v1/authors/" + id + "/graph?limit=0",
                                  "/v1/authors/" + id + "/graph?limit=301",
                                  "/v1/authors/" + id + "/graph?limit=99999999999",
                                  "/v1/authors/" + id + "/graph?depth=one",
                                  "/v1/authors/" + id + "/card?colour=blue",
                                  "/v1/authors?sort=colour",
                                  "/v1/authors?filter=colour:blue",
                                  "/v1/authors?group_by=topics.id",
                                  "/v1/authors?select=abstract",
                                  "/v1/authors?per_page=201",
                                  "/v1/authors?sort=relevance_score:desc"}) {
        json error = get_json(client, path, 400);
        BOOST_TEST(error["error"] == "Invalid query parameters error.", path);
        BOOST_TEST(!error["message"].get<std::string>().empty());
    }
    json depth = get_json(client, "/v1/authors/" + id + "/graph?depth=3", 400);
    BOOST_TEST(depth["message"].get<std::string>().find("depth") == 0U);
    json limit = get_json(client, "/v1/authors/" + id + "/graph?limit=301", 400);
    BOOST_TEST(limit["message"].get<std::string>().find("limit") == 0U);
}

BOOST_AUTO_TEST_CASE(author_paths_are_read_only) {
    test::HttpResponse response = client.request("POST", "/v1/authors/A1/card", "{}");
    BOOST_TEST(response.status == 405);
    BOOST_TEST(response.header("Allow") == "GET");
}

BOOST_AUTO_TEST_SUITE_END()
