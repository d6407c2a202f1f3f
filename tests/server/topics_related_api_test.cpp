#include "server_fixture.hpp"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <ostream>
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
    BOOST_TEST(response.header("Content-Type") == "application/json");
    return response.json();
}

json post_json(test::HttpClient& client, const std::string& body, int expected_status = 200) {
    test::HttpResponse response =
        client.request("POST", "/v1/related", body, {{"Content-Type", "application/json"}});
    BOOST_TEST_REQUIRE(response.status == expected_status,
                       body << " -> " << response.status << " " << response.body);
    BOOST_TEST(response.header("Content-Type") == "application/json");
    return response.json();
}

std::set<std::string> ids_of(const json& page) {
    std::set<std::string> ids;
    for (const json& r : page["results"]) {
        ids.insert(r["id"].get<std::string>());
    }
    return ids;
}

std::string seeds(std::size_t n) {
    std::string list;
    for (std::size_t i = 0; i < n; ++i) {
        list += std::string(i == 0 ? "" : ",") + "\"W1001\"";
    }
    return list;
}

/// A bad request and the envelope it gets.
struct BadRequest {
    std::string name;
    std::string method;
    std::string target;
    std::string body;
    int status;
    std::string message; ///< a part of the envelope's message
};
std::ostream& operator<<(std::ostream& os, const BadRequest& c) {
    return os << c.name;
}

const std::vector<BadRequest>& bad_requests() {
    static const std::vector<BadRequest> cases = {
        {"unknown topic", "GET", "/v1/topics/T99999999", "", 404, "T99999999"},
        {"malformed topic id", "GET", "/v1/topics/banana", "", 404, "banana"},
        {"unknown topic filter key", "GET", "/v1/topics?filter=colour:blue", "", 400, "colour"},
        {"topic per_page 0", "GET", "/v1/topics?per_page=0", "", 400, "per_page"},
        {"unknown topic select field", "GET", "/v1/topics?select=id,colour", "", 400, "colour"},
        {"unknown work for related", "GET", "/v1/works/W424242/related", "", 404, "W424242"},
        {"related per_page 500",
         "GET",
         "/v1/works/W1001/related?per_page=500",
         "",
         400,
         "per_page"},
        {"related with a bad filter",
         "GET",
         "/v1/works/W1001/related?filter=colour:blue",
         "",
         400,
         "colour"},
        {"related with an unknown parameter",
         "GET",
         "/v1/works/W1001/related?sort=year",
         "",
         400,
         "sort"},
        {"empty positive", "POST", "/v1/related", R"({"positive": []})", 400, "positive"},
        {"no positive", "POST", "/v1/related", R"({"negative": ["W1001"]})", 400, "positive"},
        {"101 seeds",
         "POST",
         "/v1/related",
         "{\"positive\": [" + seeds(101) + "]}",
         400,
         "at most 100"},
        {"malformed JSON",
         "POST",
         "/v1/related",
         R"({"positive": ["W1001")",
         400,
         "not valid JSON"},
        {"empty body", "POST", "/v1/related", "", 400, "empty"},
        {"body not an object", "POST", "/v1/related", R"(["W1001"])", 400, "object"},
        {"ids not strings", "POST", "/v1/related", R"({"positive": [1001]})", 400, "positive[0]"},
        {"unknown body field",
         "POST",
         "/v1/related",
         R"({"positive": ["W1001"], "colour": 1})",
         400,
         "colour"},
        {"per_page not a number",
         "POST",
         "/v1/related",
         R"({"positive": ["W1001"], "per_page": "ten"})",
         400,
         "per_page"},
        {"unknown seed",
         "POST",
         "/v1/related",
         R"({"positive": ["W1001", "W424242"]})",
         404,
         "W424242"},
        {"unknown negative seed",
         "POST",
         "/v1/related",
         R"({"positive": ["W1001"], "negative": ["W424242"]})",
         404,
         "negative[0]"},
        {"GET on the POST endpoint", "GET", "/v1/related", "", 405, "POST"},
    };
    return cases;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(topics_related_api, test::CorpusServer)

BOOST_AUTO_TEST_CASE(the_topic_list_pages_through_every_topic) {
    json first = get_json(client, "/v1/topics?per_page=200");
    long count = first["meta"]["count"].get<long>();
    BOOST_TEST_REQUIRE(count > 200);
    json second = get_json(client, "/v1/topics?per_page=200&page=2");
    BOOST_TEST(first["results"].size() + second["results"].size()
               == static_cast<std::size_t>(count));
    const json& topic = first["results"][0];
    for (const char* field : {"id",
                              "display_name",
                              "description",
                              "level",
                              "parent",
                              "domain",
                              "field",
                              "path",
                              "children",
                              "works_count",
                              "counts_by_year",
                              "top_venues",
                              "top_authors",
                              "related_topics",
                              "trend",
                              "works_api_url"}) {
        BOOST_TEST(topic.contains(field), field);
    }
}

BOOST_AUTO_TEST_CASE(each_topic_page_agrees_with_the_works_filter_and_its_children) {
    json domains = get_json(client, "/v1/topics?filter=level:domain");
    BOOST_TEST_REQUIRE(domains["meta"]["count"].get<long>() >= 2);
    for (const json& domain : domains["results"]) {
        BOOST_TEST(domain["parent"].is_null());
        json page = get_json(client, "/v1/topics/" + domain["id"].get<std::string>());
        long works = get_json(
            client, page["works_api_url"].get<std::string>() + "&per_page=1")["meta"]["count"];
        BOOST_TEST(page["works_count"].get<long>() == works);
        for (const json& child : page["children"]) {
            json child_page = get_json(client, "/v1/topics/" + child["id"].get<std::string>());
            BOOST_TEST(child_page["parent"]["id"] == domain["id"]);
            BOOST_TEST(child_page["domain"]["id"] == domain["id"]);
            BOOST_TEST(child_page["path"].front()["id"] == domain["id"]);
        }
    }
}

BOOST_AUTO_TEST_CASE(topic_filters_search_and_select_work_over_http) {
    json roots = get_json(client, "/v1/topics?filter=parent.id:null&select=id,display_name");
    for (const json& r : roots["results"]) {
        BOOST_TEST(r.size() == 2U);
    }
    json search = get_json(client, "/v1/topics?search=reinforcement+learning");
    BOOST_TEST_REQUIRE(search["meta"]["count"].get<long>() > 0);
    BOOST_TEST(search["results"][0].contains("relevance_score"));
    json one = get_json(
        client, "/topics/" + roots["results"][0]["id"].get<std::string>() + "?select=id,trend");
    BOOST_TEST(one.size() == 2U);
    BOOST_TEST(one["trend"].contains("rising"));
}

BOOST_AUTO_TEST_CASE(related_works_come_with_typed_reasons) {
    json page = get_json(client, "/v1/works/W1025/related?per_page=10");
    BOOST_TEST(page["meta"]["seeds"] == json::array({"W1025"}));
    BOOST_TEST_REQUIRE(!page["results"].empty());
    BOOST_TEST(page["results"].size() <= 10U);
    const std::set<std::string> types = {
        "text", "authors", "topic", "cites", "cited_by", "co_cited", "shared_references"};
    for (const json& work : page["results"]) {
        BOOST_TEST(work["id"] != "W1025");
        BOOST_TEST(work.contains("relevance_score"));
        BOOST_TEST_REQUIRE(!work["reasons"].empty());
        for (const json& reason : work["reasons"]) {
            BOOST_TEST(types.count(reason["type"].get<std::string>()) == 1U);
            BOOST_TEST(!reason["detail"].get<std::string>().empty());
            BOOST_TEST(reason["weight"].get<double>() > 0.0);
        }
    }
    json selected = get_json(client, "/works/W1025/related?per_page=3&select=id,reasons");
    for (const json& work : selected["results"]) {
        BOOST_TEST(work.size() == 2U);
    }
}

BOOST_AUTO_TEST_CASE(a_filter_narrows_related_works_over_http) {
    json page = get_json(client, "/v1/works/W1025/related?filter=publication_year:%3E2021");
    BOOST_TEST_REQUIRE(!page["results"].empty());
    for (const json& work : page["results"]) {
        BOOST_TEST(work["publication_year"].get<int>() > 2021);
    }
}

BOOST_AUTO_TEST_CASE(a_doi_with_slashes_names_the_seed_of_related_works) {
    json by_doi = get_json(client, "/v1/works/10.1109/cvpr.2016.0091/related?per_page=3");
    json encoded = get_json(client, "/v1/works/10.1109%2Fcvpr.2016.0091/related?per_page=3");
    BOOST_TEST(by_doi["meta"]["seeds"] == json::array({"W1008"}));
    BOOST_TEST(encoded["meta"]["seeds"] == json::array({"W1008"}));
}

BOOST_AUTO_TEST_CASE(recommendations_from_several_seeds_steer_away_from_negatives) {
    json plain = post_json(client, R"({"positive": ["W1025", "W1001"], "per_page": 20})");
    BOOST_TEST(plain["meta"]["seeds"] == json::array({"W1025", "W1001"}));
    BOOST_TEST_REQUIRE(!plain["results"].empty());
    std::string away = plain["results"][0]["id"];
    json pushed = post_json(client,
                            R"({"positive": ["W1025", "W1001"], "negative": [")" + away
                                + R"("], "filter": "publication_year:>2012", "per_page": 20})");
    BOOST_TEST(pushed["meta"]["negative_seeds"] == json::array({away}));
    std::set<std::string> ids = ids_of(pushed);
    BOOST_TEST(ids.count(away) == 0U);
    BOOST_TEST(ids.count("W1025") == 0U);
    BOOST_TEST(ids.count("W1001") == 0U);
    for (const json& work : pushed["results"]) {
        BOOST_TEST(work["publication_year"].get<int>() > 2012);
    }
}

BOOST_DATA_TEST_CASE(bad_requests_get_the_json_envelope, bdata::make(bad_requests()), c) {
    test::HttpResponse response = client.request(c.method, c.target, c.body);
    BOOST_TEST(response.status == c.status, response.body);
    BOOST_TEST(response.header("Content-Type") == "application/json");
    json body = response.json();
    BOOST_TEST(body.contains("error"));
    BOOST_TEST(body["message"].get<std::string>().find(c.message) != std::string::npos,
               body["message"].get<std::string>());
    if (c.status == 405) {
        BOOST_TEST(response.header("Allow") == "POST");
    }
}

BOOST_AUTO_TEST_SUITE_END()
