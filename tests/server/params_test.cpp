#include "peerscope/server/config.hpp"
#include "peerscope/server/errors.hpp"
#include "peerscope/server/params.hpp"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <string>
#include <utility>
#include <vector>

namespace server = peerscope::server;
namespace bdata = boost::unit_test::data;

namespace {

bool is_invalid_parameter(const server::HttpError& error) {
    return error.kind() == server::ErrorKind::InvalidParameter;
}

server::QueryParams params_of(std::vector<std::pair<std::string, std::string>> raw) {
    return server::QueryParams::decode(raw);
}

std::string message_of(const std::function<void()>& action) {
    try {
        action();
    } catch (const server::HttpError& error) {
        return error.what();
    }
    return "(no error)";
}

} // namespace

BOOST_AUTO_TEST_SUITE(params)

struct DecodeCase {
    std::string raw;
    std::string decoded;
};
std::ostream& operator<<(std::ostream& os, const DecodeCase& c) {
    return os << c.raw;
}

const std::vector<DecodeCase> kDecodeCases = {
    {"caf%C3%A9+au%3Asmith", "café au:smith"},
    {"publication_year%3A%3E2020", "publication_year:>2020"},
    {"a+b", "a b"},
    {"%2B1", "+1"},
    {"%e5%bc%a0%e4%bc%9f", "张伟"},
    {"plain", "plain"},
    {"", ""},
};

BOOST_DATA_TEST_CASE(percent_decoding_turns_escapes_and_plus_into_text,
                     bdata::make(kDecodeCases),
                     c) {
    BOOST_TEST(server::percent_decode(c.raw, true, "search") == c.decoded);
}

BOOST_AUTO_TEST_CASE(plus_stays_a_plus_in_paths) {
    BOOST_TEST(server::percent_decode("10.1002/(sici)1+2", false, "id") == "10.1002/(sici)1+2");
}

BOOST_DATA_TEST_CASE(malformed_escapes_nul_bytes_and_invalid_utf8_are_rejected_naming_the_parameter,
                     bdata::make(std::vector<std::string>{"%",
                                                          "%4",
                                                          "%G1",
                                                          "a%zz",
                                                          "%00",
                                                          "x%00y",
                                                          "%FF",
                                                          "%C3",
                                                          "%C0%AF",
                                                          "%ED%A0%80",
                                                          "%F4%90%80%80"}),
                     raw) {
    BOOST_CHECK_EXCEPTION(
        (void)server::percent_decode(raw, true, "search"), server::HttpError, [](const auto& e) {
            return is_invalid_parameter(e) && std::string(e.what()).rfind("search: ", 0) == 0;
        });
}

BOOST_AUTO_TEST_CASE(utf8_validation_accepts_every_sequence_length_and_reports_the_first_bad_byte) {
    BOOST_TEST(!server::invalid_utf8_offset("a é 张 😀").has_value());
    BOOST_TEST(server::invalid_utf8_offset("ab\xFF").value() == 2U);
    BOOST_TEST(server::invalid_utf8_offset("\xE5\xBC").value() == 0U); // truncated
}

BOOST_AUTO_TEST_CASE(aliases_name_one_parameter_and_conflicting_values_are_an_error) {
    auto same = params_of({{"per-page", "5"}, {"per_page", "5"}});
    BOOST_TEST(same.take({"per_page", "per-page"}).value() == "5");
    auto conflicting = params_of({{"per-page", "5"}, {"per_page", "6"}});
    BOOST_CHECK_EXCEPTION(
        (void)conflicting.take({"per_page", "per-page"}), server::HttpError, is_invalid_parameter);
}

BOOST_AUTO_TEST_CASE(
    unknown_parameters_are_named_while_openalex_politeness_parameters_are_ignored) {
    auto polite = params_of({{"mailto", "me@example.org"}, {"api_key", "k"}});
    BOOST_CHECK_NO_THROW(polite.reject_unknown("search"));
    auto unknown = params_of({{"serch", "x"}});
    std::string message = message_of([&] { unknown.reject_unknown("search, filter"); });
    BOOST_TEST(message.find("'serch' is not a valid parameter") != std::string::npos);
    BOOST_TEST(message.find("search, filter") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(whole_numbers_are_digits_only_within_their_bound) {
    BOOST_TEST(server::parse_whole_number("page", "42", 100) == 42U);
    for (std::string bad : {"", "-1", "+1", "1.5", "1e3", "abc", " 1", "99999999999999999999"}) {
        BOOST_CHECK_EXCEPTION((void)server::parse_whole_number("page", bad, 100),
                              server::HttpError,
                              is_invalid_parameter);
    }
    BOOST_CHECK_EXCEPTION((void)server::parse_whole_number("page", "101", 100),
                          server::HttpError,
                          is_invalid_parameter);
}

BOOST_AUTO_TEST_CASE(comma_lists_are_trimmed_and_empty_items_dropped) {
    BOOST_TEST((server::split_list(" id, display_name ,,doi")
                == std::vector<std::string>{"id", "display_name", "doi"}));
    BOOST_TEST(server::split_list("").empty());
}

BOOST_AUTO_TEST_CASE(works_request_maps_openalex_parameters_and_aliases) {
    auto params = params_of({{"search", "vision+transformer"},
                             {"filter", "publication_year%3A%3E2020"},
                             {"per-page", "7"},
                             {"page", "2"},
                             {"group-by", "type"},
                             {"select", "id,display_name"},
                             {"highlight", "true"},
                             {"mailto", "x%40y.org"}});
    server::WorksRequest request = server::parse_works_request(params);
    BOOST_TEST(request.query.search == "vision transformer");
    BOOST_TEST(request.query.filter == "publication_year:>2020");
    BOOST_TEST(request.query.per_page == 7U);
    BOOST_TEST(request.query.page == 2U);
    BOOST_TEST((request.query.group_by == std::vector<std::string>{"type"}));
    BOOST_TEST(!request.plural_groups);
    BOOST_TEST(request.query.highlight);
    BOOST_TEST((request.select == std::vector<std::string>{"id", "display_name"}));
}

BOOST_AUTO_TEST_CASE(several_group_by_keys_or_group_bys_ask_for_the_plural_shape) {
    auto several = params_of({{"group_by", "type,publication_year"}});
    BOOST_TEST(server::parse_works_request(several).plural_groups);
    auto plural = params_of({{"group_bys", "type"}});
    BOOST_TEST(server::parse_works_request(plural).plural_groups);
}

struct LimitCase {
    std::vector<std::pair<std::string, std::string>> params;
    std::string names;
};
std::ostream& operator<<(std::ostream& os, const LimitCase& c) {
    return os << c.names;
}

const std::vector<LimitCase> kLimitCases = {
    {{{"per_page", "0"}}, "per_page"},
    {{{"per_page", "201"}}, "per_page"},
    {{{"per_page", "100000"}}, "per_page"},
    {{{"page", "0"}}, "page"},
    {{{"page", "401"}}, "cursor=*"},
    {{{"page", "51"}, {"per_page", "200"}}, "cursor=*"},
    {{{"cursor", "*"}, {"page", "2"}}, "page"},
    {{{"cursor", ""}}, "cursor"},
    {{{"highlight", "yes"}}, "highlight"},
    {{{"select", ","}}, "select"},
    {{{"group_by", "type"}, {"group_bys", "type"}}, "group_bys"},
    {{{"sample", "x"}}, "sample"},
};

BOOST_DATA_TEST_CASE(paging_and_flag_errors_say_which_parameter_and_why,
                     bdata::make(kLimitCases),
                     c) {
    auto params = params_of(c.params);
    std::string message = message_of([&] { (void)server::parse_works_request(params); });
    BOOST_TEST(message.find(c.names) != std::string::npos, message);
}

BOOST_AUTO_TEST_CASE(or_terms_are_limited_to_one_thousand_per_request) {
    auto filter_of = [](std::size_t n) {
        std::string value = "openalex_id:";
        for (std::size_t i = 0; i < n; ++i) {
            value += (i == 0 ? "W" : "|W") + std::to_string(1000 + i);
        }
        return value;
    };
    auto ok = params_of({{"filter", filter_of(1000)}});
    BOOST_CHECK_NO_THROW((void)server::parse_works_request(ok));
    auto over = params_of({{"filter", filter_of(1001)}});
    std::string message = message_of([&] { (void)server::parse_works_request(over); });
    BOOST_TEST(message.find("1001 OR'ed terms") != std::string::npos, message);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(command_line)

BOOST_AUTO_TEST_CASE(defaults_are_localhost_8080_and_one_thread_per_core) {
    server::CommandLine command = server::parse_command_line({"--index", "/srv/index"});
    BOOST_TEST(command.options.index_dir == "/srv/index");
    BOOST_TEST(command.options.host == "127.0.0.1");
    BOOST_TEST(command.options.port == 8080);
    BOOST_TEST(command.options.threads == 0U);
    BOOST_TEST(command.options.ranking_feedback);
}

BOOST_AUTO_TEST_CASE(no_feedback_turns_ranking_feedback_off) {
    auto command = server::parse_command_line({"--index", "d", "--no-feedback"});
    BOOST_TEST(!command.options.ranking_feedback);
}

BOOST_AUTO_TEST_CASE(the_help_names_every_endpoint_family) {
    std::string help = server::usage_text();
    for (const char* route : {"/v1/works", "/v1/authors", "/v1/sources", "/v1/topics",
                              "/v1/autocomplete", "/v1/related", "/healthz", "--no-feedback"}) {
        BOOST_TEST(help.find(route) != std::string::npos, route);
    }
}

BOOST_AUTO_TEST_CASE(listen_accepts_ipv4_ipv6_and_localhost) {
    auto v4 =
        server::parse_command_line({"--index", "d", "--listen", "0.0.0.0:9000", "--threads", "3"});
    BOOST_TEST(v4.options.host == "0.0.0.0");
    BOOST_TEST(v4.options.port == 9000);
    BOOST_TEST(v4.options.threads == 3U);
    auto v6 = server::parse_command_line({"--index", "d", "--listen", "[::1]:0"});
    BOOST_TEST(v6.options.host == "::1");
    BOOST_TEST(v6.options.port == 0);
    auto local = server::parse_command_line({"--index", "d", "--listen", "localhost:80"});
    BOOST_TEST(local.options.host == "127.0.0.1");
}

struct ArgsCase {
    std::vector<std::string> args;
};
std::ostream& operator<<(std::ostream& os, const ArgsCase& c) {
    for (const std::string& arg : c.args) {
        os << arg << ' ';
    }
    return os;
}

BOOST_DATA_TEST_CASE(bad_command_lines_are_usage_errors,
                     bdata::make(std::vector<ArgsCase>{
                         {{}},
                         {{"--index"}},
                         {{"--index", "d", "--listen", "8080"}},
                         {{"--index", "d", "--listen", "example.org:80"}},
                         {{"--index", "d", "--listen", "1.2.3.4:65536"}},
                         {{"--index", "d", "--listen", "1.2.3.4:"}},
                         {{"--index", "d", "--threads", "0"}},
                         {{"--index", "d", "--threads", "many"}},
                         {{"--index", "d", "--verbose"}},
                         {{"--index", "d", "extra"}},
                     }),
                     c) {
    BOOST_CHECK_THROW((void)server::parse_command_line(c.args), server::UsageError);
}

BOOST_AUTO_TEST_CASE(help_needs_no_index) {
    BOOST_TEST(server::parse_command_line({"--help"}).help);
    BOOST_TEST(std::string(server::usage_text()).find("--listen HOST:PORT") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
