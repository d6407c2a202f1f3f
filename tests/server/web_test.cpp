// The web page served by peerscope-server: index.html at / and the page paths, the files of web/
// under /assets/ with their content types, caching, and JSON errors for what is not there.
#include "peerscope/test/data_paths.hpp"
#include "server_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>

namespace test = peerscope::test;

namespace {

/// The source folder of the page (tests/data/../../web).
std::filesystem::path web_source_dir() {
    return std::filesystem::canonical(test::test_data_dir()).parent_path().parent_path() / "web";
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    BOOST_REQUIRE_MESSAGE(in, "cannot read " << path);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(web_page, test::CorpusServer)

BOOST_AUTO_TEST_CASE(the_root_answers_the_page_as_html_with_a_strict_content_security_policy) {
    test::HttpResponse response = client.get("/");
    BOOST_TEST(response.status == 200);
    BOOST_TEST(response.header("Content-Type") == "text/html; charset=utf-8");
    BOOST_TEST(response.body == read_file(web_source_dir() / "index.html"));
    BOOST_TEST(response.body.find("<script type=\"module\" src=\"/assets/app.js\"")
               != std::string::npos);
    std::string policy = response.header("Content-Security-Policy");
    BOOST_TEST(policy.find("default-src 'self'") != std::string::npos);
    BOOST_TEST(response.header("Cache-Control") == "no-cache");
    BOOST_TEST(!response.header("ETag").empty());
    BOOST_TEST(!response.header("X-Request-Id").empty());
}

BOOST_AUTO_TEST_CASE(page_paths_of_works_authors_and_topics_answer_the_same_page) {
    std::string page = client.get("/").body;
    for (const char* path : {"/work/W1019",
                             "/author/A1",
                             "/topic/T11",
                             "/work/10.1109/cvpr.2016.0091",
                             "/?q=transformer&year=2020-2022",
                             "/index.html"}) {
        test::HttpResponse response = client.get(path);
        BOOST_TEST_CONTEXT(path) {
            BOOST_TEST(response.status == 200);
            BOOST_TEST(response.header("Content-Type") == "text/html; charset=utf-8");
            BOOST_TEST(response.body == page);
        }
    }
}

BOOST_AUTO_TEST_CASE(every_file_of_web_is_served_under_assets_with_its_content_type) {
    std::string page = client.get("/").body;
    std::set<std::string> seen_types;
    int files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(web_source_dir())) {
        std::string name = entry.path().filename().string();
        if (!entry.is_regular_file() || name == "index.html") {
            continue;
        }
        ++files;
        test::HttpResponse response = client.get("/assets/" + name);
        BOOST_TEST_CONTEXT(name) {
            BOOST_TEST(response.status == 200);
            BOOST_TEST(response.body == read_file(entry.path()));
            std::string type = response.header("Content-Type");
            std::string extension = entry.path().extension().string();
            if (extension == ".js") {
                BOOST_TEST(type == "text/javascript; charset=utf-8");
                // index.html loads app.js and preloads every other module (no import waterfall).
                BOOST_TEST(page.find("\"/assets/" + name + "\"") != std::string::npos);
            } else if (extension == ".css") {
                BOOST_TEST(type == "text/css; charset=utf-8");
            } else if (extension == ".svg") {
                BOOST_TEST(type == "image/svg+xml");
            } else {
                BOOST_ERROR("a file of web/ with an extension this test does not know: " << name);
            }
            BOOST_TEST(response.header("X-Content-Type-Options") == "nosniff");
            seen_types.insert(type);
        }
    }
    BOOST_TEST(files >= 10);
    BOOST_TEST(seen_types.size() == 3U);
}

BOOST_AUTO_TEST_CASE(a_known_etag_answers_304_without_body) {
    test::HttpResponse first = client.get("/assets/app.js");
    std::string etag = first.header("ETag");
    BOOST_REQUIRE(!etag.empty());
    test::HttpResponse again = client.get("/assets/app.js", {{"If-None-Match", etag}});
    BOOST_TEST(again.status == 304);
    BOOST_TEST(again.body.empty());
    BOOST_TEST(again.header("ETag") == etag);
    test::HttpResponse other = client.get("/assets/app.js", {{"If-None-Match", "\"0000\""}});
    BOOST_TEST(other.status == 200);
    BOOST_TEST(client.get("/assets/style.css").header("ETag") != etag);
}

BOOST_AUTO_TEST_CASE(an_unknown_asset_is_a_json_404_naming_the_path) {
    test::HttpResponse response = client.get("/assets/nothing-here.js");
    BOOST_TEST(response.status == 404);
    BOOST_TEST(response.header("Content-Type") == "application/json");
    nlohmann::json body = response.json();
    BOOST_TEST(body["error"] == "Not found error.");
    BOOST_TEST(body["message"].get<std::string>().find("/assets/nothing-here.js")
               != std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_api_keeps_its_paths_beside_the_page) {
    BOOST_TEST(client.get("/works/W1019").json()["id"] == "W1019");
    BOOST_TEST(client.get("/v1/authors/A1").json()["id"] == "A1");
    test::HttpResponse unknown = client.get("/workz");
    BOOST_TEST(unknown.status == 404);
    BOOST_TEST(unknown.header("Content-Type") == "application/json");
    BOOST_TEST(client.get("/work/").status == 404); // a page path needs an id
}

BOOST_AUTO_TEST_CASE(other_methods_on_the_page_are_a_json_405_and_head_has_no_body) {
    test::HttpResponse post = client.request("POST", "/", "x=1");
    BOOST_TEST(post.status == 405);
    BOOST_TEST(post.header("Allow") == "GET, HEAD");
    BOOST_TEST(post.json()["error"] == "Method not allowed error.");
    test::HttpResponse head = client.request("HEAD", "/assets/style.css");
    BOOST_TEST(head.status == 200);
    BOOST_TEST(head.body.empty());
    BOOST_TEST(head.header("Content-Type") == "text/css; charset=utf-8");
}

BOOST_AUTO_TEST_SUITE_END()
