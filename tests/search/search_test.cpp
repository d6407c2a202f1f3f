#include "peerscope/search/error.hpp"
#include "peerscope/search/service.hpp"
#include "peerscope/test/data_paths.hpp"
#include "peerscope/test/process.hpp"
#include "peerscope/test/temp_dir.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <set>
#include <thread>

namespace ps = peerscope::search;
namespace pt = peerscope::test;

namespace {

ps::SearchService& service() {
    static ps::SearchService s(pt::corpus_index().string());
    return s;
}

ps::WorksPage run(ps::WorksQuery q) {
    auto lease = service().lease();
    return lease->search_works(q);
}

ps::WorksQuery query(std::string search, std::string filter = {}) {
    ps::WorksQuery q;
    q.search = std::move(search);
    q.filter = std::move(filter);
    q.per_page = 200;
    return q;
}

std::set<std::string> ids(const ps::WorksPage& page) {
    std::set<std::string> out;
    for (const auto& hit : page.results) {
        out.insert(hit.work.id);
    }
    return out;
}

bool invalid_parameter(const ps::Error& e) {
    return e.code() == ps::Errc::InvalidParameter;
}

} // namespace

BOOST_AUTO_TEST_SUITE(works_search)

BOOST_AUTO_TEST_CASE(an_empty_search_lists_every_work_after_version_grouping) {
    auto page = run(query(""));
    BOOST_TEST(page.count == 41);
    BOOST_TEST(page.results.size() == 41U);
}

BOOST_AUTO_TEST_CASE(a_word_finds_exactly_the_works_that_contain_it_or_its_stem) {
    auto page = run(query("transformer"));
    std::set<std::string> expected{"W1007", "W1025", "W1029", "W1035", "W1039"};
    BOOST_TEST(page.count == static_cast<long>(expected.size()));
    BOOST_TEST(ids(page) == expected);
    for (const auto& hit : page.results) {
        BOOST_TEST(hit.relevance_score.has_value());
    }
}

BOOST_AUTO_TEST_CASE(accents_and_case_do_not_matter) {
    auto a = run(query("schölkopf"));
    auto b = run(query("SCHOLKOPF"));
    BOOST_TEST(a.count == 0); // author names are searched with author:, not in title and abstract
    auto c = run(query("author:schölkopf"));
    auto d = run(query("author:Scholkopf"));
    BOOST_TEST(c.count >= 3);
    BOOST_TEST(ids(c) == ids(d));
    BOOST_TEST(b.count == a.count);
}

BOOST_AUTO_TEST_CASE(works_with_every_word_rank_before_works_with_some) {
    auto page = run(query("language models evaluation"));
    BOOST_REQUIRE(page.count > 2);
    // Every work that has all three words comes before every work that lacks one.
    auto all = run(query("+language +models +evaluation"));
    std::set<std::string> full = ids(all);
    BOOST_REQUIRE(!full.empty());
    bool seen_partial = false;
    for (const auto& hit : page.results) {
        bool is_full = full.count(hit.work.id) != 0;
        BOOST_TEST(!(is_full && seen_partial));
        seen_partial = seen_partial || !is_full;
    }
}

BOOST_AUTO_TEST_CASE(a_phrase_needs_adjacent_words) {
    auto phrase = run(query("\"language models\""));
    auto loose = run(query("language models"));
    BOOST_TEST(phrase.count > 0);
    BOOST_TEST(phrase.count <= loose.count);
    for (const auto& hit : phrase.results) {
        std::string text = hit.work.title + " " + hit.work.abstract;
        std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) {
            return std::tolower(c);
        });
        BOOST_TEST(text.find("language model") != std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(hyphenated_and_symbolic_tokens_are_found_as_typed) {
    BOOST_TEST(ids(run(query("ResNet-50"))).count("W1008") == 1U);
    BOOST_TEST(ids(run(query("resnet50"))).count("W1008") == 1U);
    BOOST_TEST(ids(run(query("GPT-3"))).count("W1009") == 1U);
    BOOST_TEST(ids(run(query("k-means"))).count("W1010") == 1U);
    BOOST_TEST(ids(run(query("t-SNE"))).count("W1011") == 1U);
    BOOST_TEST(ids(run(query("ZeRO-Offload"))).count("W1012") == 1U);
    auto cpp = ids(run(query("C++")));
    BOOST_TEST(cpp.count("W1014") == 1U);
    BOOST_TEST(cpp.count("W1015") == 0U);
    BOOST_TEST(ids(run(query("C#"))).count("W1015") == 1U);
}

BOOST_AUTO_TEST_CASE(cjk_text_is_searchable) {
    auto page = run(query("遥感图像"));
    BOOST_TEST(ids(page).count("W1006") == 1U);
}

BOOST_AUTO_TEST_CASE(filters_narrow_and_group_by_counts_add_up) {
    auto q = query("", "publication_year:2019-2022");
    q.group_by = {"publication_year", "type", "primary_location.source.id"};
    auto page = run(q);
    // 2019: 3, 2020: 6, 2021: 4, 2022: 4 per the corpus README.
    BOOST_TEST(page.count == 17);
    for (const auto& group : page.groups) {
        long sum = 0;
        for (const auto& b : group.buckets) {
            sum += b.count;
        }
        BOOST_TEST(sum == page.count);
    }
    std::map<std::string, long> years;
    for (const auto& b : page.groups[0].buckets) {
        years[b.key] = b.count;
    }
    BOOST_TEST(years["2020"] == 6);
    BOOST_TEST(years["2019"] == 3);
}

BOOST_AUTO_TEST_CASE(open_ended_and_negated_filters_work) {
    auto after = run(query("", "publication_year:>2022"));
    BOOST_TEST(after.count == 7); // 2023: 3, 2024: 4
    auto not_preprint = run(query("", "type:!preprint"));
    for (const auto& hit : not_preprint.results) {
        BOOST_TEST(hit.work.type != "preprint");
    }
    auto either = run(query("", "publication_year:2012|2013"));
    BOOST_TEST(either.count == 4);
}

BOOST_AUTO_TEST_CASE(an_unknown_filter_key_is_rejected_with_the_valid_keys) {
    BOOST_CHECK_EXCEPTION(run(query("", "colour:red")), ps::Error, [](const ps::Error& e) {
        return e.code() == ps::Errc::InvalidParameter
               && std::string(e.what()).find("publication_year") != std::string::npos;
    });
    BOOST_CHECK_EXCEPTION(run(query("", "publication_year:abc")), ps::Error, invalid_parameter);
}

BOOST_AUTO_TEST_CASE(paging_limits_are_enforced) {
    auto q = query("");
    q.per_page = 0;
    BOOST_CHECK_EXCEPTION(run(q), ps::Error, invalid_parameter);
    q.per_page = 100000;
    BOOST_CHECK_EXCEPTION(run(q), ps::Error, invalid_parameter);
    q.per_page = 200;
    q.page = 51;
    BOOST_CHECK_EXCEPTION(run(q), ps::Error, invalid_parameter);
    q.per_page = 25;
    q.page = 3;
    auto past = run(q);
    BOOST_TEST(past.count == 41);
    BOOST_TEST(past.results.empty());
}

BOOST_AUTO_TEST_CASE(a_cursor_walk_visits_every_match_once) {
    auto q = query("learning");
    q.per_page = 4;
    q.cursor = "*";
    std::vector<std::string> seen;
    long total = -1;
    for (int guard = 0; guard < 100; ++guard) {
        auto page = run(q);
        total = page.count;
        for (const auto& hit : page.results) {
            seen.push_back(hit.work.id);
        }
        if (!page.next_cursor) {
            break;
        }
        q.cursor = page.next_cursor;
    }
    BOOST_TEST(static_cast<long>(seen.size()) == total);
    std::set<std::string> unique(seen.begin(), seen.end());
    BOOST_TEST(unique.size() == seen.size());
}

BOOST_AUTO_TEST_CASE(a_malformed_or_foreign_cursor_is_rejected) {
    auto q = query("learning");
    q.cursor = "not-a-cursor!";
    BOOST_CHECK_EXCEPTION(run(q), ps::Error, invalid_parameter);
    q.cursor = "*";
    q.per_page = 2;
    auto first = run(q);
    BOOST_REQUIRE(first.next_cursor);
    auto other = query("networks");
    other.per_page = 2;
    other.cursor = first.next_cursor;
    BOOST_CHECK_EXCEPTION(run(other), ps::Error, invalid_parameter);
}

BOOST_AUTO_TEST_CASE(sorting_by_year_orders_results) {
    auto q = query("", "");
    q.sort = "publication_year:asc";
    auto page = run(q);
    for (std::size_t i = 1; i < page.results.size(); ++i) {
        BOOST_TEST(page.results[i - 1].work.publication_year
                   <= page.results[i].work.publication_year);
    }
    q.sort = "shoe_size:desc";
    BOOST_CHECK_EXCEPTION(run(q), ps::Error, invalid_parameter);
}

BOOST_AUTO_TEST_CASE(a_work_is_found_by_its_id_a_version_id_a_url_or_its_doi) {
    auto lease = service().lease();
    auto w = lease->get_work("W1019");
    BOOST_REQUIRE(w);
    BOOST_TEST(w->locations.size() == 2U);
    auto by_version = lease->get_work("W1018");
    BOOST_REQUIRE(by_version);
    BOOST_TEST(by_version->id == "W1019");
    BOOST_TEST(lease->get_work("https://openalex.org/W1019").has_value());
    BOOST_TEST(!lease->get_work("W0000").has_value());
    auto first = run(query("", "publication_year:2020"));
    for (const auto& hit : first.results) {
        if (!hit.work.doi.empty()) {
            auto by_doi = lease->get_work("https://doi.org/" + hit.work.doi);
            BOOST_REQUIRE(by_doi);
            BOOST_TEST(by_doi->id == hit.work.id);
            break;
        }
    }
}

BOOST_AUTO_TEST_CASE(highlighting_marks_matched_words) {
    auto q = query("transformers");
    q.highlight = true;
    auto page = run(q);
    BOOST_REQUIRE(!page.results.empty());
    bool marked = false;
    for (const auto& hit : page.results) {
        BOOST_REQUIRE(hit.highlight);
        marked = marked || hit.highlight->title.find("<mark>") != std::string::npos
                 || hit.highlight->abstract_snippet.find("<mark>") != std::string::npos;
    }
    BOOST_TEST(marked);
}

BOOST_AUTO_TEST_CASE(an_unbalanced_quote_gives_results_and_a_warning) {
    auto page = run(query("\"transformer"));
    BOOST_TEST(page.count == 5);
    BOOST_TEST(!page.warnings.empty());
}

BOOST_AUTO_TEST_CASE(a_misspelled_query_gets_a_suggestion) {
    auto page = run(query("transfomer"));
    BOOST_TEST(page.count == 0);
    BOOST_REQUIRE(page.suggestion);
    BOOST_TEST(*page.suggestion == "transformer");
}

// Regression: the web page always sends sort=relevance_score:desc with a search; a search whose
// only words are unknown to the index was rejected with "relevance_score needs a search".
BOOST_AUTO_TEST_CASE(relevance_sorting_a_search_of_unknown_words_finds_nothing_and_still_suggests) {
    auto q = query("transfomer");
    q.sort = "relevance_score:desc";
    auto page = run(q);
    BOOST_TEST(page.count == 0);
    BOOST_REQUIRE(page.suggestion);
    BOOST_TEST(*page.suggestion == "transformer");
    q.search = "";
    BOOST_CHECK_EXCEPTION(run(q), ps::Error, invalid_parameter);
}

BOOST_AUTO_TEST_CASE(a_wildcard_matches_word_beginnings) {
    auto page = run(query("transform*"));
    BOOST_TEST(page.count >= 5);
    auto one_letter = run(query("a*"));
    BOOST_TEST(one_letter.count > 0);
}

BOOST_AUTO_TEST_CASE(venue_and_year_fields_restrict_the_search) {
    auto page = run(query("venue:neurips year:2020..2022"));
    BOOST_TEST(page.count > 0);
    for (const auto& hit : page.results) {
        BOOST_TEST(hit.work.primary_source.display_name == "NeurIPS");
        BOOST_TEST(hit.work.publication_year >= 2020);
    }
}

BOOST_AUTO_TEST_CASE(a_sample_is_deterministic_for_a_seed) {
    auto q = query("");
    q.sample = 5;
    q.seed = 42;
    auto a = run(q);
    auto b = run(q);
    BOOST_TEST(a.count == 5);
    BOOST_TEST(ids(a) == ids(b));
}

BOOST_AUTO_TEST_CASE(autocomplete_completes_title_words) {
    auto lease = service().lease();
    auto completions = lease->autocomplete_works("contrastive pre");
    BOOST_REQUIRE(!completions.empty());
    BOOST_TEST(completions.front().display_name.find("Contrastive") != std::string::npos);
    BOOST_TEST(lease->autocomplete_works("a").empty());
}

BOOST_AUTO_TEST_CASE(sources_are_listed_with_counts_and_searchable) {
    auto lease = service().lease();
    ps::EntityQuery q;
    auto all = lease->search_sources(q);
    BOOST_TEST(all.count >= 6);
    for (std::size_t i = 1; i < all.results.size(); ++i) {
        BOOST_TEST(all.results[i - 1].works_count >= all.results[i].works_count);
    }
    q.search = "neurips";
    auto found = lease->search_sources(q);
    BOOST_REQUIRE(found.count >= 1);
    BOOST_TEST(found.results.front().display_name == "NeurIPS");
    BOOST_TEST(lease->get_source(found.results.front().id).has_value());
}

BOOST_AUTO_TEST_CASE(new_commits_become_visible_without_reopening_the_service) {
    pt::TempDir dir;
    std::string index = dir / "index";
    pt::build_index(index, {(pt::test_data_dir() / "corpus").string()});
    ps::SearchService live(index, ps::ServiceOptions{.refresh_interval_ms = 100});
    long before = live.lease()->search_works(query("")).count;
    {
        std::ofstream extra(dir / "extra.jsonl");
        extra
            << R"({"id": "W7777", "title": "Quantum annealing for combinatorial auctions", "publication_year": 2024, "type": "article", "authorships": []})"
            << "\n";
    }
    pt::build_index(index, {dir / "extra.jsonl"});
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    auto after = live.lease()->search_works(query("annealing"));
    BOOST_TEST(after.count == 1);
    BOOST_TEST(live.lease()->search_works(query("")).count == before + 1);
}

BOOST_AUTO_TEST_CASE(a_directory_that_is_not_an_index_is_unavailable) {
    pt::TempDir dir;
    BOOST_CHECK_EXCEPTION(
        ps::SearchService(dir.path().string()), ps::Error, [](const ps::Error& e) {
            return e.code() == ps::Errc::IndexUnavailable;
        });
}

BOOST_AUTO_TEST_SUITE_END()
