#include "server_fixture.hpp"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <ostream>
#include <string>
#include <vector>

namespace test = peerscope::test;
namespace bdata = boost::unit_test::data;

namespace {

/// A filter of @p n OR'ed years (OpenAlex caps OR'ed ids at 100 per filter; years are not capped).
std::string or_terms(std::size_t n) {
    std::string filter = "publication_year:";
    for (std::size_t i = 0; i < n; ++i) {
        filter += (i == 0 ? "" : "%7C") + std::to_string(2024 - i);
    }
    return filter;
}

/// A request and the documented answer (docs/api.md, "Errors").
struct BadInput {
    std::string name;
    std::string method;
    std::string target;
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
    int status;
    std::string error;   ///< the envelope's `error` ("" for a 200)
    std::string message; ///< a part of the envelope's `message`
};
std::ostream& operator<<(std::ostream& os, const BadInput& c) {
    return os << c.name;
}

const std::string kParams = "Invalid query parameters error.";

const std::vector<BadInput>& bad_inputs() {
    static const std::vector<BadInput> cases = {
        {"unknown filter key",
         "GET",
         "/v1/works?filter=colour:blue",
         "",
         {},
         400,
         kParams,
         "colour"},
        {"non-numeric year",
         "GET",
         "/v1/works?filter=publication_year:abc",
         "",
         {},
         400,
         kParams,
         "publication_year"},
        {"per_page 0", "GET", "/v1/works?per_page=0", "", {}, 400, kParams, "from 1 to 200"},
        {"per_page 100000",
         "GET",
         "/v1/works?per-page=100000",
         "",
         {},
         400,
         kParams,
         "from 1 to 200"},
        {"page past the paging cap", "GET", "/v1/works?page=401", "", {}, 400, kParams, "cursor=*"},
        {"malformed cursor",
         "GET",
         "/v1/works?cursor=not-a-cursor",
         "",
         {},
         400,
         kParams,
         "cursor"},
        {"NUL byte", "GET", "/v1/works?search=a%00b", "", {}, 400, kParams, "NUL"},
        {"invalid UTF-8", "GET", "/v1/works?search=%FF", "", {}, 400, kParams, "UTF-8"},
        {"malformed percent-escape",
         "GET",
         "/v1/works?search=50%G1",
         "",
         {},
         400,
         kParams,
         "percent-escape"},
        {"a 20 KB query",
         "GET",
         "/v1/works?search=" + std::string(20'000, 'a'),
         "",
         {},
         414,
         "URI too long error.",
         "16384"},
        {"1,001 OR'ed terms",
         "GET",
         "/v1/works?filter=" + or_terms(1001),
         "",
         {},
         400,
         kParams,
         "1001 OR'ed terms"},
        {"1,000 OR'ed terms",
         "GET",
         "/v1/works?per_page=1&filter=" + or_terms(1000),
         "",
         {},
         200,
         "",
         ""},
        {"a prefix wildcard a*", "GET", "/v1/works?search=a*&per_page=1", "", {}, 200, "", ""},
        {"unknown parameter", "GET", "/v1/works?serch=x", "", {}, 400, kParams, "'serch'"},
        {"unknown select field",
         "GET",
         "/v1/works?select=id,colour",
         "",
         {},
         400,
         kParams,
         "colour"},
        {"unknown sort", "GET", "/v1/works?sort=colour:desc", "", {}, 400, kParams, "sort"},
        {"not a boolean", "GET", "/v1/works?highlight=maybe", "", {}, 400, kParams, "highlight"},
        {"unknown work id", "GET", "/v1/works/W424242", "", {}, 404, "Not found error.", "W424242"},
        {"unknown DOI with slashes",
         "GET",
         "/v1/works/10.9999/nothing/here",
         "",
         {},
         404,
         "Not found error.",
         "10.9999/nothing/here"},
        {"unknown source id",
         "GET",
         "/v1/sources/S424242",
         "",
         {},
         404,
         "Not found error.",
         "S424242"},
        {"unknown route", "GET", "/v1/institutions", "", {}, 404, "Not found error.", "Endpoints"},
        // Regression: the list of endpoints once missed the authors, topics and related routes.
        {"unknown route lists every endpoint",
         "GET",
         "/v1/institutions",
         "",
         {},
         404,
         "Not found error.",
         "/v1/authors/{id}/card, /v1/authors/{id}/graph"},
        {"unknown route lists the POST endpoint",
         "GET",
         "/v1/institutions",
         "",
         {},
         404,
         "Not found error.",
         "POST /v1/related"},
        // "/" is the web page (web_test.cpp); another path outside the API is the JSON 404.
        {"outside the API", "GET", "/nothing", "", {}, 404, "Not found error.", "/v1/works"},
        {"POST on a GET route",
         "POST",
         "/v1/works",
         "{}",
         {},
         405,
         "Method not allowed error.",
         "use GET"},
        {"DELETE on a catch-all id",
         "DELETE",
         "/v1/works/10.1/x",
         "",
         {},
         405,
         "Method not allowed error.",
         "use GET"},
        {"oversized body",
         "POST",
         "/v1/works",
         std::string(100'000, 'x'),
         {},
         413,
         "Request too large error.",
         "only POST /v1/related takes a body"},
        {"oversized headers",
         "GET",
         "/healthz",
         "",
         {{"X-Padding", std::string(20'000, 'p')}},
         413,
         "Request too large error.",
         "headers"},
    };
    return cases;
}

/// Sends @p c and checks the documented answer.
void check_answer(test::HttpClient& client, const BadInput& c) {
    test::HttpResponse response = client.request(c.method, c.target, c.body, c.headers);
    BOOST_TEST(response.status == c.status,
               c.name << ": " << response.status << " " << response.body.substr(0, 300));
    BOOST_TEST(response.header("Content-Type") == "application/json");
    nlohmann::json body = response.json();
    if (c.status != 200) {
        BOOST_TEST(body.size() == 2U);
        BOOST_TEST(body["error"] == c.error);
        std::string message = body["message"].get<std::string>();
        BOOST_TEST(message.find(c.message) != std::string::npos, message);
    }
    if (c.status == 405) {
        BOOST_TEST(response.header("Allow") == "GET");
    }
}

/// The server still answers: health and a search.
void check_still_serving(test::HttpClient& client) {
    BOOST_TEST(client.get("/healthz").status == 200);
    BOOST_TEST(client.get("/v1/works?search=kernel&select=id").status == 200);
}

} // namespace

BOOST_AUTO_TEST_SUITE(bad_input)

BOOST_DATA_TEST_CASE_F(test::CorpusServer,
                       each_bad_input_gets_its_documented_status_and_the_server_keeps_serving,
                       bdata::make(bad_inputs()),
                       c) {
    check_answer(client, c);
    check_still_serving(client);
}

BOOST_AUTO_TEST_CASE(head_on_a_get_route_is_405_without_body) {
    test::CorpusServer fixture;
    test::HttpResponse response = fixture.client.request("HEAD", "/v1/works");
    BOOST_TEST(response.status == 405);
    BOOST_TEST(response.header("Allow") == "GET");
    BOOST_TEST(response.body.empty());
    check_still_serving(fixture.client);
}

BOOST_AUTO_TEST_CASE(a_one_thread_server_still_answers_after_every_bad_input) {
    peerscope::server::ServerOptions options;
    options.threads = 1;
    test::TestServer server(options);
    test::HttpClient client(server.port());
    for (const BadInput& c : bad_inputs()) {
        BOOST_TEST_CONTEXT(c.name) {
            check_answer(client, c);
            check_still_serving(client);
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
