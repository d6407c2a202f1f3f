#include "server_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace test = peerscope::test;
using nlohmann::json;

namespace {

/// The one version merge of the corpus (see tests/data/corpus/README.md): the arXiv preprint
/// W1018 is a version of the ICLR paper W1019.
constexpr const char* kMergedPreprint = "W1018";
constexpr const char* kMergedInto = "W1019";

std::string short_id(const json& record) {
    std::string id = record["id"].get<std::string>();
    std::size_t slash = id.rfind('/');
    return slash == std::string::npos ? id : id.substr(slash + 1);
}

/// The corpus records that are works of their own (every record but the merged preprint).
std::vector<const json*> primary_records() {
    std::vector<const json*> records;
    for (const json& record : test::corpus_records()) {
        if (short_id(record) != kMergedPreprint) {
            records.push_back(&record);
        }
    }
    return records;
}

json doi_of(const std::string& id) {
    for (const json& record : test::corpus_records()) {
        if (short_id(record) == id) {
            return record["doi"];
        }
    }
    return nullptr;
}

std::string text_of_index(const json& index) {
    if (index.is_null()) {
        return "";
    }
    std::map<std::size_t, std::string> words;
    for (const auto& [word, positions] : index.items()) {
        for (const auto& position : positions) {
            words[position.get<std::size_t>()] = word;
        }
    }
    std::string text;
    for (const auto& [position, word] : words) {
        text += (text.empty() ? "" : " ") + word;
    }
    return text;
}

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) {
        return static_cast<char>(std::tolower(c));
    });
    return text;
}

std::vector<std::string> ids_of(const json& page) {
    std::vector<std::string> ids;
    for (const json& work : page["results"]) {
        ids.push_back(work["id"].get<std::string>());
    }
    return ids;
}

std::set<std::string> all_work_ids() {
    std::set<std::string> ids;
    for (const json* record : primary_records()) {
        ids.insert(short_id(*record));
    }
    return ids;
}

json get_json(test::HttpClient& client, const std::string& target, int expected_status = 200) {
    test::HttpResponse response = client.get(target);
    BOOST_TEST_REQUIRE(response.status == expected_status,
                       target << " -> " << response.status << " " << response.body);
    return response.json();
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(works_api, test::CorpusServer)

BOOST_AUTO_TEST_CASE(every_corpus_work_is_served_with_its_title_year_doi_authors_and_abstract) {
    for (const json* record_pointer : primary_records()) {
        const json& record = *record_pointer;
        std::string id = short_id(record);
        BOOST_TEST_CONTEXT("work " << id) {
            json work = get_json(client, "/v1/works/" + id);
            BOOST_TEST(work["id"] == id);
            BOOST_TEST(work["title"] == record["title"]);
            BOOST_TEST(work["display_name"] == record["title"]);
            BOOST_TEST(work["publication_year"] == record["publication_year"]);
            BOOST_TEST(work["type"] == record["type"]);
            if (id == kMergedInto) {
                // The grouped work keeps the DOI of its version that has one (the preprint's).
                BOOST_TEST(work["doi"] == doi_of(kMergedPreprint));
            } else {
                BOOST_TEST(work["doi"] == record["doi"]);
            }
            BOOST_TEST(work["abstract_inverted_index"] == record["abstract_inverted_index"]);
            BOOST_TEST_REQUIRE(work["authorships"].size() == record["authorships"].size());
            for (std::size_t i = 0; i < record["authorships"].size(); ++i) {
                BOOST_TEST(work["authorships"][i]["author"]["display_name"]
                           == record["authorships"][i]["author"]["display_name"]);
                BOOST_TEST(work["authorships"][i]["raw_author_name"]
                           == record["authorships"][i]["raw_author_name"]);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(a_preprint_and_its_conference_version_are_one_work_with_two_locations) {
    json work = get_json(client, std::string("/v1/works/") + kMergedPreprint);
    BOOST_TEST(work["id"] == kMergedInto);
    BOOST_TEST(work["locations_count"] == 2);
    BOOST_TEST(work["primary_location"]["source"]["type"] == "conference");
    BOOST_TEST(work["primary_location"]["version"] == "publishedVersion");
    bool has_preprint = false;
    for (const json& location : work["locations"]) {
        if (location["source"]["type"] == "repository"
            && location["version"] == "submittedVersion") {
            has_preprint = true;
        }
    }
    BOOST_TEST(has_preprint);
    BOOST_TEST(get_json(client, "/v1/works?per_page=1")["meta"]["count"] == all_work_ids().size());
}

BOOST_AUTO_TEST_CASE(ids_in_responses_are_short_keys_and_dois_are_urls) {
    json page = get_json(client, "/v1/works?per_page=200");
    BOOST_TEST_REQUIRE(page["results"].size() == all_work_ids().size());
    for (const json& work : page["results"]) {
        BOOST_TEST(work["id"].get<std::string>().front() == 'W');
        if (!work["doi"].is_null()) {
            BOOST_TEST(work["doi"].get<std::string>().rfind("https://doi.org/10.", 0) == 0U);
        }
        for (const json& authorship : work["authorships"]) {
            BOOST_TEST(authorship["author"]["id"].get<std::string>().front() == 'A');
        }
        for (const json& topic : work["topics"]) {
            BOOST_TEST(topic["id"].get<std::string>().front() == 'T');
        }
        if (!work["primary_location"].is_null() && !work["primary_location"]["source"].is_null()) {
            BOOST_TEST(work["primary_location"]["source"]["id"].get<std::string>().front() == 'S');
        }
    }
}

BOOST_AUTO_TEST_CASE(
    a_work_without_abstract_has_a_null_inverted_index_and_one_without_authors_an_empty_list) {
    BOOST_TEST(get_json(client, "/v1/works/W1016")["abstract_inverted_index"].is_null());
    BOOST_TEST(get_json(client, "/v1/works/W1017")["authorships"].empty());
}

BOOST_AUTO_TEST_CASE(a_work_is_found_by_its_doi_in_every_form_and_by_its_openalex_url) {
    std::string doi;
    for (const json& record : test::corpus_records()) {
        if (short_id(record) == "W1008") {
            doi = record["doi"].get<std::string>().substr(std::string("https://doi.org/").size());
        }
    }
    BOOST_TEST_REQUIRE(doi.find('/') != std::string::npos);
    for (const std::string& path :
         {"/v1/works/" + doi,
          "/v1/works/doi:" + doi,
          "/v1/works/https://doi.org/" + doi,
          "/v1/works/" + test::url_encode("https://doi.org/" + doi),
          "/v1/works/" + test::url_encode("doi:" + doi),
          "/works/" + doi,
          "/v1/works/" + test::url_encode("https://openalex.org/W1008")}) {
        BOOST_TEST_CONTEXT(path) {
            BOOST_TEST(get_json(client, path + "?select=id")["id"] == "W1008");
        }
    }
}

BOOST_AUTO_TEST_CASE(paths_without_the_v1_prefix_answer_the_same) {
    for (const std::string& target : {std::string("/works/W1001"),
                                      std::string("/works?search=kernel&select=id"),
                                      std::string("/sources?select=id"),
                                      std::string("/autocomplete/works?q=vis")}) {
        json with = get_json(client, "/v1" + target);
        json without = get_json(client, target);
        if (with.contains("meta")) {
            with["meta"].erase("db_response_time_ms");
            without["meta"].erase("db_response_time_ms");
        }
        BOOST_TEST(with == without, target);
    }
}

BOOST_AUTO_TEST_CASE(group_by_year_counts_match_the_corpus) {
    std::map<std::string, long> expected;
    for (const json* record : primary_records()) {
        ++expected[std::to_string((*record)["publication_year"].get<int>())];
    }
    json page = get_json(client, "/v1/works?group_by=publication_year&per_page=1&select=id");
    std::map<std::string, long> actual;
    long total = 0;
    for (const json& group : page["group_by"]) {
        actual[group["key"].get<std::string>()] = group["count"].get<long>();
        BOOST_TEST(group["key_display_name"] == group["key"]);
        total += group["count"].get<long>();
    }
    BOOST_TEST((actual == expected));
    BOOST_TEST(total == page["meta"]["count"].get<long>());
    BOOST_TEST(page["meta"]["groups_count"] == expected.size());
}

BOOST_AUTO_TEST_CASE(several_group_by_keys_answer_with_group_bys) {
    json page = get_json(client, "/v1/works?group_by=type,publication_year&per_page=1");
    BOOST_TEST(page["group_by"].empty());
    BOOST_TEST_REQUIRE(page["group_bys"].size() == 2U);
    BOOST_TEST(page["group_bys"][0]["group_by_key"] == "type");
    long total = 0;
    for (const json& group : page["group_bys"][0]["groups"]) {
        total += group["count"].get<long>();
    }
    BOOST_TEST(total == page["meta"]["count"].get<long>());
    BOOST_TEST(get_json(client, "/v1/works?group_bys=type&per_page=1")["group_bys"].size() == 1U);
}

BOOST_AUTO_TEST_CASE(filters_arrive_percent_decoded) {
    long after_2020 = 0;
    long in_2020 = 0;
    for (const json* record : primary_records()) {
        int year = (*record)["publication_year"].get<int>();
        after_2020 += year > 2020 ? 1 : 0;
        in_2020 += year == 2020 ? 1 : 0;
    }
    BOOST_TEST(get_json(client, "/v1/works?filter=publication_year%3A%3E2020")["meta"]["count"]
               == after_2020);
    BOOST_TEST(get_json(client, "/v1/works?filter=publication_year:>2020")["meta"]["count"]
               == after_2020);
    BOOST_TEST(get_json(client, "/v1/works?filter=publication_year:2020")["meta"]["count"]
               == in_2020);
    json plus = get_json(client, "/v1/works?search=vision+transformers&select=id");
    BOOST_TEST(!plus["results"].empty());
    BOOST_TEST(plus["results"]
               == get_json(client, "/v1/works?search=vision%20transformers&select=id")["results"]);
}

BOOST_AUTO_TEST_CASE(basic_paging_visits_every_work_once_and_a_page_past_the_end_is_empty) {
    std::vector<std::string> seen;
    for (int page = 1; page <= 5; ++page) {
        json answer = get_json(
            client, "/v1/works?sort=publication_year:asc&per_page=10&page=" + std::to_string(page));
        BOOST_TEST(answer["meta"]["page"] == page);
        BOOST_TEST(answer["meta"]["per_page"] == 10);
        for (const std::string& id : ids_of(answer)) {
            seen.push_back(id);
        }
    }
    std::set<std::string> unique(seen.begin(), seen.end());
    BOOST_TEST(unique.size() == seen.size());
    BOOST_TEST((unique == all_work_ids()));
    json past = get_json(client, "/v1/works?per_page=10&page=6");
    BOOST_TEST(past["results"].empty());
    BOOST_TEST(past["meta"]["count"] == all_work_ids().size());
}

BOOST_AUTO_TEST_CASE(a_cursor_walk_visits_every_work_once_and_ends_with_a_null_next_cursor) {
    std::vector<std::string> seen;
    std::string cursor = "*";
    int pages = 0;
    while (true) {
        json answer = get_json(client, "/v1/works?per_page=7&cursor=" + test::url_encode(cursor));
        BOOST_TEST(answer["meta"]["page"].is_null());
        BOOST_TEST_REQUIRE(answer["meta"].contains("next_cursor"));
        for (const std::string& id : ids_of(answer)) {
            seen.push_back(id);
        }
        BOOST_TEST_REQUIRE(++pages <= 10);
        if (answer["meta"]["next_cursor"].is_null()) {
            break;
        }
        cursor = answer["meta"]["next_cursor"].get<std::string>();
    }
    std::set<std::string> unique(seen.begin(), seen.end());
    BOOST_TEST(unique.size() == seen.size());
    BOOST_TEST((unique == all_work_ids()));
}

BOOST_AUTO_TEST_CASE(per_page_with_a_hyphen_is_the_same_parameter) {
    json answer = get_json(client, "/v1/works?per-page=3");
    BOOST_TEST(answer["results"].size() == 3U);
    BOOST_TEST(answer["meta"]["per_page"] == 3);
    BOOST_TEST(get_json(client, "/v1/works?group-by=type&per_page=1")["group_by"].size() >= 2U);
}

BOOST_AUTO_TEST_CASE(search_finds_the_works_that_mention_the_word_ranked_by_relevance) {
    std::set<std::string> expected;
    for (const json* record : primary_records()) {
        std::string text = lower((*record)["title"].get<std::string>() + " "
                                 + text_of_index((*record)["abstract_inverted_index"]));
        if (text.find("transformer") != std::string::npos) {
            expected.insert(short_id(*record));
        }
    }
    BOOST_TEST_REQUIRE(expected.size() >= 3U);
    json answer = get_json(client, "/v1/works?search=transformer&per_page=50");
    std::vector<std::string> ids = ids_of(answer);
    BOOST_TEST((std::set<std::string>(ids.begin(), ids.end()) == expected));
    double previous = 1e300;
    for (const json& work : answer["results"]) {
        BOOST_TEST_REQUIRE(work.contains("relevance_score"));
        double score = work["relevance_score"].get<double>();
        BOOST_TEST(score <= previous);
        previous = score;
    }
}

BOOST_AUTO_TEST_CASE(highlight_marks_the_matched_words) {
    json answer = get_json(client, "/v1/works?search=transformer&highlight=true&per_page=50");
    BOOST_TEST_REQUIRE(!answer["results"].empty());
    bool marked = false;
    for (const json& work : answer["results"]) {
        BOOST_TEST_REQUIRE(work.contains("highlight"));
        std::string title = work["highlight"]["title"].get<std::string>();
        marked = marked || lower(title).find("<mark>transformer") != std::string::npos;
    }
    BOOST_TEST(marked);
    BOOST_TEST(
        !get_json(client, "/v1/works?search=transformer")["results"][0].contains("highlight"));
}

BOOST_AUTO_TEST_CASE(select_returns_only_the_named_fields) {
    json answer =
        get_json(client, "/v1/works?search=kernel&select=id,display_name,relevance_score");
    BOOST_TEST_REQUIRE(!answer["results"].empty());
    for (const json& work : answer["results"]) {
        BOOST_TEST(work.size() == 3U);
        BOOST_TEST(work.contains("relevance_score"));
    }
    json one = get_json(client, "/v1/works/W1001?select=doi,id");
    BOOST_TEST(one.size() == 2U);
    BOOST_TEST(one["id"] == "W1001");
}

BOOST_AUTO_TEST_CASE(sorting_by_year_descending_orders_the_results) {
    json answer = get_json(
        client, "/v1/works?sort=publication_year:desc&per_page=200&select=publication_year");
    int previous = 10'000;
    for (const json& work : answer["results"]) {
        int year = work["publication_year"].get<int>();
        BOOST_TEST(year <= previous);
        previous = year;
    }
}

BOOST_AUTO_TEST_CASE(a_seeded_sample_and_a_seeded_random_work_are_reproducible) {
    json first = get_json(client, "/v1/works?sample=5&seed=42&select=id");
    json second = get_json(client, "/v1/works?sample=5&seed=42&select=id");
    BOOST_TEST(first["results"].size() == 5U);
    BOOST_TEST(ids_of(first) == ids_of(second));
    json random = get_json(client, "/v1/works/random?seed=7");
    BOOST_TEST(all_work_ids().count(random["id"].get<std::string>()) == 1U);
    BOOST_TEST(get_json(client, "/v1/works/random?seed=7&select=id")["id"] == random["id"]);
}

BOOST_AUTO_TEST_CASE(sources_list_by_works_count_and_each_is_served_by_id) {
    std::set<std::string> corpus_sources;
    for (const json& record : test::corpus_records()) {
        corpus_sources.insert(record["primary_location"]["source"]["id"].get<std::string>());
    }
    json answer = get_json(client, "/v1/sources?per_page=200");
    BOOST_TEST(answer["meta"]["count"] == corpus_sources.size());
    long previous = 1'000'000;
    for (const json& source : answer["results"]) {
        BOOST_TEST(source["id"].get<std::string>().front() == 'S');
        long works = source["works_count"].get<long>();
        BOOST_TEST(works <= previous);
        previous = works;
        json one = get_json(client, "/v1/sources/" + source["id"].get<std::string>());
        BOOST_TEST(one["display_name"] == source["display_name"]);
        BOOST_TEST(one["counts_by_year"].is_array());
        BOOST_TEST(one["alternate_titles"].is_array());
    }
    json neurips = get_json(client, "/v1/sources?search=neurips&select=id,display_name");
    BOOST_TEST_REQUIRE(!neurips["results"].empty());
    BOOST_TEST(neurips["results"][0]["display_name"] == "NeurIPS");
    BOOST_TEST(neurips["results"][0].size() == 2U);
    get_json(client, "/v1/sources/S999999", 404);
}

BOOST_AUTO_TEST_CASE(autocomplete_completes_titles_and_an_empty_q_completes_nothing) {
    json answer = get_json(client, "/v1/autocomplete/works?q=vis");
    BOOST_TEST_REQUIRE(!answer["results"].empty());
    for (const json& completion : answer["results"]) {
        std::string title = " " + lower(completion["display_name"].get<std::string>());
        BOOST_TEST(title.find(" vis") != std::string::npos, title);
        BOOST_TEST(completion["entity_type"] == "work");
        BOOST_TEST(completion["short_id"] == "works/" + completion["id"].get<std::string>());
    }
    BOOST_TEST(get_json(client, "/v1/autocomplete/works?q=")["results"].empty());
    BOOST_TEST(get_json(client, "/v1/autocomplete/works")["results"].empty());
}

BOOST_AUTO_TEST_CASE(healthz_reports_status_work_count_and_revision) {
    json health = get_json(client, "/healthz");
    BOOST_TEST(health["status"] == "ok");
    BOOST_TEST(health["works_count"] == all_work_ids().size());
    BOOST_TEST(health["index_revision"].get<long>() > 0);
    BOOST_TEST(get_json(client, "/v1/healthz") == health);
}

BOOST_AUTO_TEST_CASE(every_response_is_json_with_a_request_id_and_one_access_log_line) {
    std::vector<std::pair<std::string, int>> requests = {{"/v1/works?search=kernel", 200},
                                                         {"/v1/works/W424242", 404},
                                                         {"/nowhere", 404},
                                                         {"/v1/works?per_page=0", 400}};
    std::vector<std::string> ids;
    for (const auto& [target, status] : requests) {
        test::HttpResponse response = client.get(target);
        BOOST_TEST(response.status == status);
        BOOST_TEST(response.header("Content-Type") == "application/json");
        BOOST_TEST(!response.header("X-Request-Id").empty());
        BOOST_CHECK_NO_THROW((void)response.json());
        ids.push_back(response.header("X-Request-Id"));
    }
    std::vector<std::string> lines = server.log_lines();
    for (std::size_t i = 0; i < requests.size(); ++i) {
        long matching = std::count_if(lines.begin(), lines.end(), [&](const std::string& line) {
            return line.find(" " + ids[i] + " ") != std::string::npos;
        });
        BOOST_TEST(matching == 1, requests[i].first);
        auto line = std::find_if(lines.begin(), lines.end(), [&](const std::string& l) {
            return l.find(" " + ids[i] + " ") != std::string::npos;
        });
        if (line != lines.end()) {
            std::string path = requests[i].first.substr(0, requests[i].first.find('?'));
            BOOST_TEST(line->find("GET " + path) != std::string::npos, *line);
            BOOST_TEST(line->find(" " + std::to_string(requests[i].second) + " ")
                           != std::string::npos,
                       *line);
            BOOST_TEST(line->find("ms") != std::string::npos, *line);
        }
    }
}

BOOST_AUTO_TEST_CASE(a_client_request_id_is_echoed_and_the_connection_kept_alive) {
    test::HttpResponse response = client.get("/healthz", {{"X-Request-Id", "trace-abc.123"}});
    BOOST_TEST(response.header("X-Request-Id") == "trace-abc.123");
    BOOST_TEST(!client.closed());
    test::HttpResponse spoofed = client.get("/healthz", {{"X-Request-Id", "bad id with spaces"}});
    BOOST_TEST(spoofed.header("X-Request-Id") != "bad id with spaces");
}

BOOST_AUTO_TEST_SUITE_END()
