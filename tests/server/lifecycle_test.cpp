#include "peerscope/search/error.hpp"
#include "peerscope/test/temp_dir.hpp"
#include "process.hpp"
#include "server_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <arpa/inet.h>
#include <chrono>
#include <csignal>
#include <fstream>
#include <future>
#include <netinet/in.h>
#include <optional>
#include <stdexcept>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace test = peerscope::test;
namespace server = peerscope::server;
namespace search = peerscope::search;
using namespace std::chrono_literals;

namespace {

/// Polls @p condition every 10 ms for at most @p timeout.
template <typename Condition>
bool eventually(Condition condition, std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (condition()) {
            return true;
        }
        std::this_thread::sleep_for(10ms);
    }
    return condition();
}

/// The port a peerscope-server child printed ("... on http://127.0.0.1:PORT/v1 ...").
std::optional<std::uint16_t> printed_port(const std::string& output) {
    const std::string marker = "on http://127.0.0.1:";
    std::size_t at = output.find(marker);
    if (at == std::string::npos) {
        return std::nullopt;
    }
    std::size_t start = at + marker.size();
    std::size_t end = output.find('/', start);
    if (end == std::string::npos) {
        return std::nullopt;
    }
    return static_cast<std::uint16_t>(std::stoul(output.substr(start, end - start)));
}

/// One OpenAlex work record that is not in the corpus.
std::string new_work_record(const std::string& id, const std::string& title) {
    nlohmann::json record = {
        {"id", "https://openalex.org/" + id},
        {"doi", nullptr},
        {"title", title},
        {"display_name", title},
        {"publication_year", 2025},
        {"publication_date", "2025-01-15"},
        {"language", "en"},
        {"type", "preprint"},
        {"primary_location",
         {{"source",
           {{"id", "https://openalex.org/S3006"},
            {"display_name", "arXiv"},
            {"type", "repository"}}},
          {"landing_page_url", "https://arxiv.org/abs/2501.00001"}}},
        {"authorships",
         {{{"author_position", "first"},
           {"author",
            {{"id", "https://openalex.org/A2099"},
             {"display_name", "Noor Haddad"},
             {"orcid", nullptr}}},
           {"institutions", nlohmann::json::array()},
           {"raw_author_name", "Noor Haddad"}}}},
        {"referenced_works", {"https://openalex.org/W1025"}},
        {"cited_by_count", 0},
        {"abstract_inverted_index", {{"Freshly", {0}}, {"indexed", {1}}, {"work.", {2}}}},
    };
    return record.dump();
}

} // namespace

BOOST_AUTO_TEST_SUITE(lifecycle)

BOOST_AUTO_TEST_CASE(
    an_unexpected_exception_becomes_a_generic_500_and_its_detail_goes_to_the_log_only) {
    server::ServerOptions options;
    options.threads = 1;
    options.before_handler = [](std::string_view path) {
        if (path == "/v1/works/random") {
            throw std::runtime_error("secret detail /var/lib/index/works.glass");
        }
        if (path == "/v1/sources") {
            throw 42; // not even a std::exception
        }
    };
    test::TestServer running(options);
    test::HttpClient client(running.port());
    test::HttpResponse failed = client.get("/v1/works/random");
    BOOST_TEST(failed.status == 500);
    BOOST_TEST(failed.json()["error"] == "Internal server error.");
    BOOST_TEST(failed.body.find("secret") == std::string::npos);
    std::string request_id = failed.header("X-Request-Id");
    BOOST_TEST(failed.json()["message"].get<std::string>().find(request_id) != std::string::npos);
    bool logged = false;
    for (const std::string& line : running.log_lines()) {
        logged = logged
                 || (line.find(request_id) != std::string::npos
                     && line.find("secret detail") != std::string::npos);
    }
    BOOST_TEST(logged);
    test::HttpResponse odd = client.get("/v1/sources");
    BOOST_TEST(odd.status == 500);
    BOOST_TEST(odd.json()["error"] == "Internal server error.");
    BOOST_TEST(client.get("/healthz").status == 200);
}

BOOST_AUTO_TEST_CASE(an_unreadable_index_answers_503_with_retry_after_and_the_server_survives) {
    server::ServerOptions options;
    options.threads = 1;
    options.before_handler = [](std::string_view path) {
        if (path == "/v1/works") {
            throw search::Error(search::Errc::IndexUnavailable,
                                "DatabaseOpeningError: /var/lib/index/works missing");
        }
    };
    test::TestServer running(options);
    test::HttpClient client(running.port());
    test::HttpResponse response = client.get("/v1/works?search=kernel");
    BOOST_TEST(response.status == 503);
    BOOST_TEST(response.header("Retry-After") == "5");
    BOOST_TEST(response.json()["error"] == "Service unavailable error.");
    BOOST_TEST(response.body.find("/var/lib") == std::string::npos);
    BOOST_TEST(client.get("/v1/works/W1001").status == 200);
}

BOOST_AUTO_TEST_CASE(an_index_that_vanishes_answers_503_and_is_served_again_once_rebuilt) {
    test::TempDir dir;
    std::filesystem::path index = dir.path() / "index";
    test::run_indexer(index, {test::corpus_file().string()});
    server::ServerOptions options;
    options.index_dir = index.string();
    test::TestServer running(options);
    test::HttpClient client(running.port());
    BOOST_TEST(client.get("/healthz").status == 200);

    std::filesystem::rename(index, dir.path() / "moved-away");
    test::HttpResponse failed;
    BOOST_TEST_REQUIRE(eventually(
        [&] { return (failed = client.get("/v1/works?search=kernel")).status == 503; }, 2000ms));
    BOOST_TEST(failed.json()["error"] == "Service unavailable error.");
    BOOST_TEST(failed.header("Retry-After") == "5");
    BOOST_TEST(failed.body.find(dir.path().string()) == std::string::npos);

    test::run_indexer(index, {test::corpus_file().string()});
    BOOST_TEST(
        eventually([&] { return client.get("/v1/works?search=kernel").status == 200; }, 2000ms));
    BOOST_TEST(client.get("/healthz").status == 200);
}

BOOST_AUTO_TEST_CASE(a_missing_or_empty_index_cannot_be_opened) {
    test::TempDir empty;
    for (const std::string& dir : {(empty.path() / "missing").string(), empty.path().string()}) {
        server::ServerOptions options;
        options.index_dir = dir;
        BOOST_CHECK_EXCEPTION(server::Server{options}, search::Error, [](const search::Error& e) {
            return e.code() == search::Errc::IndexUnavailable
                   || e.code() == search::Errc::SchemaMismatch;
        });
    }
}

BOOST_AUTO_TEST_CASE(stop_finishes_the_requests_in_flight_and_refuses_new_ones) {
    constexpr auto kSlow = 800ms;
    server::ServerOptions options;
    options.threads = 4;
    options.before_handler = [kSlow](std::string_view path) {
        if (path == "/v1/works/random") {
            std::this_thread::sleep_for(kSlow);
        }
    };
    test::TestServer running(options);
    std::uint16_t port = running.port();
    auto started = std::chrono::steady_clock::now();
    auto slow = std::async(std::launch::async, [port] {
        test::HttpClient client(port);
        return client.get("/v1/works/random?seed=1");
    });
    BOOST_TEST_REQUIRE(eventually([&] { return running.server().in_flight() == 1; }, 2000ms));
    auto stopping = std::async(std::launch::async, [&running] { return running.server().stop(); });
    std::this_thread::sleep_for(100ms);

    test::HttpClient late(port);
    test::HttpResponse refused = late.get("/healthz");
    BOOST_TEST(refused.status == 503);
    BOOST_TEST(refused.header("Connection") == "Close");
    BOOST_TEST(refused.header("Retry-After") == "1");
    BOOST_TEST(refused.json()["error"] == "Service unavailable error.");

    test::HttpResponse finished = slow.get();
    BOOST_TEST(finished.status == 200);
    BOOST_TEST(finished.json()["id"].get<std::string>().front() == 'W');
    BOOST_TEST(stopping.get() == 0U);
    BOOST_TEST((std::chrono::steady_clock::now() - started >= kSlow));
    BOOST_TEST(running.server().in_flight() == 0U);
    // The listening socket is closed: connecting fails at once (no accepted-but-unanswered socket).
    auto connecting = std::chrono::steady_clock::now();
    BOOST_CHECK_THROW(test::HttpClient(port, 2000ms).get("/healthz"), std::runtime_error);
    BOOST_TEST((std::chrono::steady_clock::now() - connecting < 1000ms));
}

BOOST_AUTO_TEST_CASE(clients_that_hang_up_before_their_answer_do_not_hold_up_stop) {
    server::ServerOptions options;
    options.threads = 2;
    options.drain_timeout = 5000ms;
    options.before_handler = [](std::string_view path) {
        if (path == "/v1/works/random") {
            std::this_thread::sleep_for(200ms);
        }
    };
    test::TestServer running(options);
    std::uint16_t port = running.port();
    for (int i = 0; i < 6; ++i) {
        // Send a request and close the socket before the answer is written.
        int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        BOOST_TEST_REQUIRE(
            ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0);
        std::string request =
            "GET /v1/works/random HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n";
        BOOST_TEST_REQUIRE(::send(fd, request.data(), request.size(), MSG_NOSIGNAL)
                           == static_cast<ssize_t>(request.size()));
        ::close(fd);
    }
    BOOST_TEST_REQUIRE(eventually([&] { return running.server().in_flight() > 0; }, 2000ms));
    BOOST_TEST_REQUIRE(eventually([&] { return running.server().in_flight() == 0; }, 5000ms));
    auto stopping = std::chrono::steady_clock::now();
    BOOST_TEST(running.server().stop() == 0U);
    BOOST_TEST((std::chrono::steady_clock::now() - stopping < 2000ms));
}

BOOST_AUTO_TEST_CASE(new_works_become_visible_within_a_second_without_a_restart) {
    test::TempDir dir;
    std::filesystem::path index = dir.path() / "index";
    test::run_indexer(index, {test::corpus_file().string()});
    server::ServerOptions options;
    options.index_dir = index.string();
    test::TestServer running(options);
    test::HttpClient client(running.port());
    BOOST_TEST(client.get("/v1/works/W9001").status == 404);
    long revision = client.get("/healthz").json()["index_revision"].get<long>();
    long count = client.get("/v1/works?per_page=1").json()["meta"]["count"].get<long>();

    std::filesystem::path added = dir.path() / "added.openalex.jsonl";
    std::ofstream(added) << new_work_record("W9001",
                                            "Incremental Indexing Keeps Search Servers Fresh")
                         << "\n";
    test::run_indexer(index, {added.string()});
    auto indexed = std::chrono::steady_clock::now();
    bool visible = eventually([&] { return client.get("/v1/works/W9001").status == 200; }, 1000ms);
    auto delay = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - indexed);
    BOOST_TEST(visible,
               "W9001 not visible " << delay.count() << " ms after peerscope-index finished");
    BOOST_TEST_MESSAGE("new work visible " << delay.count() << " ms after the indexer exited");
    BOOST_TEST(client.get("/v1/works?per_page=1").json()["meta"]["count"].get<long>() == count + 1);
    BOOST_TEST(client.get("/healthz").json()["index_revision"].get<long>() > revision);
    BOOST_TEST(
        client.get("/v1/works?search=incremental+indexing&select=id").json()["results"][0]["id"]
        == "W9001");
}

BOOST_AUTO_TEST_CASE(a_client_too_slow_with_its_headers_gets_a_408_and_others_are_still_served) {
    server::ServerOptions options;
    options.header_timeout = 300ms;
    test::TestServer running(options);
    test::HttpClient client(running.port());
    auto started = std::chrono::steady_clock::now();
    // Pistache answers this one itself (408 without body; see docs/api.md).
    test::HttpResponse response = client.raw("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    BOOST_TEST(response.status == 408);
    BOOST_TEST((std::chrono::steady_clock::now() - started < 5s));
    test::HttpClient next(running.port());
    BOOST_TEST(next.get("/healthz").status == 200);
}

BOOST_AUTO_TEST_CASE(the_executable_serves_until_sigterm_or_sigint_then_exits_0) {
    for (int signal_number : {SIGTERM, SIGINT}) {
        test::TempDir dir;
        test::ChildProcess child({test::server_binary().string(),
                                  "--index",
                                  test::corpus_index().string(),
                                  "--listen",
                                  "127.0.0.1:0",
                                  "--threads",
                                  "2"},
                                 dir.path() / "output.txt");
        std::optional<std::uint16_t> port;
        BOOST_TEST_REQUIRE(
            eventually([&] { return (port = printed_port(child.output())).has_value(); }, 10'000ms),
            child.output());
        test::HttpClient client(*port);
        BOOST_TEST(client.get("/healthz").status == 200);
        child.signal(signal_number);
        std::optional<int> status = child.wait(5000ms);
        BOOST_TEST_REQUIRE(status.has_value());
        BOOST_TEST(*status == 0);
        std::string output = child.output();
        BOOST_TEST(output.find("GET /healthz 200") != std::string::npos, output);
        BOOST_TEST(output.find("stopped") != std::string::npos, output);
    }
}

BOOST_AUTO_TEST_CASE(
    the_executable_exits_2_with_a_clear_message_for_bad_arguments_and_unusable_indexes) {
    test::TempDir dir;
    test::TestServer busy;
    struct Case {
        std::vector<std::string> args;
        std::string message;
    };
    std::vector<Case> cases = {
        {{}, "--index DIR is required"},
        {{"--index", test::corpus_index().string(), "--threads", "0"}, "--threads"},
        {{"--index", test::corpus_index().string(), "--listen", "nowhere"}, "--listen"},
        {{"--index", test::corpus_index().string(), "--bogus"}, "unknown option '--bogus'"},
        {{"--index", (dir.path() / "missing").string()}, "cannot open the index"},
        {{"--index",
          test::corpus_index().string(),
          "--listen",
          "127.0.0.1:" + std::to_string(busy.port())},
         "cannot listen on 127.0.0.1:" + std::to_string(busy.port())},
    };
    for (const Case& c : cases) {
        std::vector<std::string> argv = {test::server_binary().string()};
        argv.insert(argv.end(), c.args.begin(), c.args.end());
        std::string output;
        int status = test::run_process(argv, output, 10'000ms);
        BOOST_TEST(status == 2, output);
        BOOST_TEST(output.find(c.message) != std::string::npos, output);
    }
    std::string help;
    BOOST_TEST(test::run_process({test::server_binary().string(), "--help"}, help) == 0);
    BOOST_TEST(help.find("Usage: peerscope-server --index DIR") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
