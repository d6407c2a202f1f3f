#include "peerscope/analyzers/analyzer.hpp"
#include "peerscope/search/error.hpp"
#include "peerscope/search/service.hpp"
#include "peerscope/test/process.hpp"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <ostream>
#include <set>
#include <string>
#include <vector>

namespace ps = peerscope::search;
namespace pt = peerscope::test;
namespace bdata = boost::unit_test::data;

namespace {

ps::SearchService& service() {
    static ps::SearchService s(pt::corpus_index().string());
    return s;
}

ps::RelatedPage related(std::vector<std::string> positive,
                        std::vector<std::string> negative = {},
                        std::string filter = {},
                        std::size_t per_page = 40) {
    ps::RelatedQuery q;
    q.positive = std::move(positive);
    q.negative = std::move(negative);
    q.filter = std::move(filter);
    q.per_page = per_page;
    return service().lease()->related_works(q);
}

const ps::RelatedHit* hit_of(const ps::RelatedPage& page, const std::string& id) {
    for (const auto& hit : page.results) {
        if (hit.work.id == id) {
            return &hit;
        }
    }
    return nullptr;
}

const ps::RelatedReason* reason_of(const ps::RelatedHit& hit, const std::string& type) {
    for (const auto& r : hit.reasons) {
        if (r.type == type) {
            return &r;
        }
    }
    return nullptr;
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

/// The analysed words of a work's title and abstract (as the index has them).
std::set<std::string> words_of(const peerscope::schema::WorkData& work) {
    static peerscope::analyzers::Analyzer analyzer;
    std::set<std::string> out;
    for (const auto& token : analyzer.analyze(work.title + " " + work.abstract)) {
        out.insert(token.term);
    }
    return out;
}

std::set<std::string> author_ids(const peerscope::schema::WorkData& work) {
    std::set<std::string> out;
    for (const auto& a : work.authorships) {
        if (!a.author_id.empty()) {
            out.insert(a.author_id);
        }
    }
    return out;
}

bool errc_is(const ps::Error& e, ps::Errc code) {
    return e.code() == code;
}

struct BadQuery {
    std::string name;
    std::vector<std::string> positive;
    std::vector<std::string> negative;
    std::string filter;
    std::size_t per_page;
    ps::Errc code;
};
std::ostream& operator<<(std::ostream& os, const BadQuery& c) {
    return os << c.name;
}

std::vector<std::string> many_seeds(std::size_t n) {
    return std::vector<std::string>(n, "W1001");
}

const std::vector<BadQuery> kBadQueries = {
    {"no positive seed", {}, {}, "", 25, ps::Errc::InvalidParameter},
    {"101 positive seeds", many_seeds(101), {}, "", 25, ps::Errc::InvalidParameter},
    {"101 negative seeds", {"W1002"}, many_seeds(101), "", 25, ps::Errc::InvalidParameter},
    {"an empty id", {""}, {}, "", 25, ps::Errc::InvalidParameter},
    {"an unknown positive id", {"W1001", "W424242"}, {}, "", 25, ps::Errc::NotFound},
    {"an unknown negative id", {"W1001"}, {"W424242"}, "", 25, ps::Errc::NotFound},
    {"a seed both positive and negative", {"W1001"}, {"W1001"}, "", 25, ps::Errc::InvalidParameter},
    {"a version of a positive seed as negative",
     {"W1019"},
     {"W1018"},
     "",
     25,
     ps::Errc::InvalidParameter},
    {"per_page 0", {"W1001"}, {}, "", 0, ps::Errc::InvalidParameter},
    {"per_page 201", {"W1001"}, {}, "", 201, ps::Errc::InvalidParameter},
    {"a bad filter", {"W1001"}, {}, "colour:blue", 25, ps::Errc::InvalidParameter},
};

} // namespace

BOOST_AUTO_TEST_SUITE(related_works)

BOOST_AUTO_TEST_CASE(a_work_and_its_versions_are_never_related_to_it) {
    for (std::string id : {"W1019", "W1018"}) {
        ps::RelatedPage page = related({id});
        BOOST_TEST_REQUIRE(page.seeds.size() == 1U);
        BOOST_TEST(page.seeds.front() == "W1019"); // the preprint W1018 is a version of W1019
        BOOST_TEST(!page.results.empty());
        for (const auto& hit : page.results) {
            BOOST_TEST(hit.work.id != "W1019");
            BOOST_TEST(!contains(hit.work.alt_ids, "W1018"));
        }
    }
}

BOOST_AUTO_TEST_CASE(works_citing_the_seed_are_related_because_they_cite_it) {
    const std::set<std::string> citers = {
        "W1007", "W1009", "W1019", "W1029", "W1031", "W1032", "W1033", "W1035", "W1039"};
    ps::RelatedPage page = related({"W1025"});
    for (const std::string& id : citers) {
        BOOST_TEST_CONTEXT("citer " << id) {
            const ps::RelatedHit* hit = hit_of(page, id);
            BOOST_TEST_REQUIRE(hit != nullptr);
            const ps::RelatedReason* cites = reason_of(*hit, "cites");
            BOOST_TEST_REQUIRE(cites != nullptr);
            BOOST_TEST(cites->seeds == std::vector<std::string>{"W1025"});
            BOOST_TEST(cites->weight > 0.0);
        }
    }
    for (const auto& hit : page.results) {
        BOOST_TEST((reason_of(hit, "cites") != nullptr) == (citers.count(hit.work.id) != 0));
    }
}

BOOST_AUTO_TEST_CASE(the_seeds_references_are_related_because_the_seed_cites_them) {
    ps::RelatedPage page = related({"W1007"});
    const ps::RelatedHit* hit = hit_of(page, "W1025");
    BOOST_TEST_REQUIRE(hit != nullptr);
    const ps::RelatedReason* reason = reason_of(*hit, "cited_by");
    BOOST_TEST_REQUIRE(reason != nullptr);
    BOOST_TEST(reason->seeds == std::vector<std::string>{"W1007"});
}

BOOST_AUTO_TEST_CASE(citation_reasons_name_works_that_really_link_them) {
    ps::RelatedPage page = related({"W1025"});
    auto cited_ids = [](const std::string& id) {
        return service().lease()->get_work(id)->referenced_works;
    };
    std::size_t checked = 0;
    for (const auto& hit : page.results) {
        if (const auto* co = reason_of(hit, "co_cited")) {
            for (const std::string& citer : co->ids) {
                auto refs = cited_ids(citer);
                BOOST_TEST(contains(refs, "W1025"));
                BOOST_TEST(contains(refs, hit.work.id));
                ++checked;
            }
        }
        if (const auto* shared = reason_of(hit, "shared_references")) {
            for (const std::string& ref : shared->ids) {
                BOOST_TEST(contains(hit.work.referenced_works, ref));
                BOOST_TEST(contains(cited_ids("W1025"), ref));
                ++checked;
            }
        }
    }
    BOOST_TEST(checked > 0U);
}

BOOST_AUTO_TEST_CASE(works_of_the_same_people_are_related_because_of_their_authors) {
    ps::RelatedPage page = related({"W1001"});
    auto seed = service().lease()->get_work("W1001");
    BOOST_TEST_REQUIRE(seed.has_value());
    const ps::RelatedHit* hit = hit_of(page, "W1003"); // also by Bernhard Schölkopf
    BOOST_TEST_REQUIRE(hit != nullptr);
    const ps::RelatedReason* authors = reason_of(*hit, "authors");
    BOOST_TEST_REQUIRE(authors != nullptr);
    for (const auto& id : authors->ids) {
        BOOST_TEST(author_ids(*seed).count(id) == 1U);
        BOOST_TEST(author_ids(hit->work).count(id) == 1U);
    }
    BOOST_TEST(authors->detail.find("Sch") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(text_and_topic_reasons_hold_for_both_works) {
    std::size_t text_reasons = 0;
    for (std::string seed_id : {"W1025", "W1001", "W1028"}) {
        auto seed = service().lease()->get_work(seed_id);
        BOOST_TEST_REQUIRE(seed.has_value());
        std::set<std::string> seed_words = words_of(*seed);
        ps::RelatedPage page = related({seed_id});
        BOOST_TEST_REQUIRE(!page.query_terms.empty());
        std::set<std::string> vocabulary = seed_words;
        for (const auto& id : page.feedback_works) {
            auto linked = service().lease()->get_work(id);
            BOOST_TEST_REQUIRE(linked.has_value());
            auto more = words_of(*linked);
            vocabulary.insert(more.begin(), more.end());
        }
        for (const auto& term : page.query_terms) {
            BOOST_TEST(vocabulary.count(term.term) == 1U, term.term);
        }
        for (const auto& hit : page.results) {
            std::set<std::string> words = words_of(hit.work);
            if (const auto* reason = reason_of(hit, "text")) {
                for (const auto& word : reason->terms) {
                    BOOST_TEST(words.count(word) == 1U, word);
                    BOOST_TEST(seed_words.count(word) == 1U, word);
                }
                text_reasons += reason->terms.empty() ? 0 : 1;
            }
            if (const auto* reason = reason_of(hit, "topic")) {
                for (const auto& id : reason->ids) {
                    auto has = [&id](const peerscope::schema::WorkData& w) {
                        return std::any_of(w.topics.begin(), w.topics.end(), [&](const auto& t) {
                            return t.id == id;
                        });
                    };
                    BOOST_TEST(has(hit.work));
                    BOOST_TEST(has(*seed));
                }
            }
        }
    }
    BOOST_TEST(text_reasons > 0U);
}

// Regression: W1019's related works were "shares the distinctive words from": in a small index a
// function word passes the commonness limit, so function words are never chosen.
BOOST_DATA_TEST_CASE(function_words_are_never_distinctive_words,
                     bdata::make(std::vector<std::string>{
                         "W1019", "W1025", "W1001", "W1028", "W1007"}),
                     seed_id) {
    const std::set<std::string> function_words{
        "from", "we", "our", "which", "has", "have", "been", "can", "its", "were", "also"};
    ps::RelatedPage page = related({seed_id});
    for (const auto& term : page.query_terms) {
        BOOST_TEST(function_words.count(term.term) == 0U, term.term);
    }
    for (const auto& hit : page.results) {
        if (const auto* reason = reason_of(hit, "text")) {
            for (const auto& word : reason->terms) {
                BOOST_TEST(function_words.count(word) == 0U, hit.work.id << ": " << word);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(a_score_is_the_sum_of_its_reasons_listed_strongest_first) {
    ps::RelatedPage page = related({"W1025"}, {}, {}, 40);
    BOOST_TEST_REQUIRE(page.results.size() > 5U);
    for (const auto& hit : page.results) {
        BOOST_TEST_REQUIRE(!hit.reasons.empty());
        double total = 0.0;
        for (std::size_t i = 0; i < hit.reasons.size(); ++i) {
            total += hit.reasons[i].weight;
            if (i > 0) {
                BOOST_TEST(hit.reasons[i - 1].weight >= hit.reasons[i].weight);
            }
        }
        BOOST_TEST(std::abs(total - hit.score) < 1e-9);
    }
}

BOOST_AUTO_TEST_CASE(a_filter_narrows_the_related_works) {
    ps::RelatedPage all = related({"W1025"}, {}, {}, 200);
    ps::RelatedPage recent = related({"W1025"}, {}, "publication_year:>2020");
    BOOST_TEST_REQUIRE(!recent.results.empty());
    BOOST_TEST(recent.results.size() < all.results.size());
    for (const auto& hit : recent.results) {
        BOOST_TEST(hit.work.publication_year > 2020);
    }
    ps::RelatedPage venue = related(
        {"W1025"}, {}, "primary_location.source.id:" + all.results.front().work.primary_source.id);
    for (const auto& hit : venue.results) {
        BOOST_TEST(hit.work.primary_source.id == all.results.front().work.primary_source.id);
    }
}

BOOST_AUTO_TEST_CASE(one_author_or_venue_does_not_fill_a_short_list) {
    // W1001's co-authors wrote several works: a page of four must not be all theirs.
    for (std::string seed : {"W1001", "W1025", "W1012"}) {
        ps::RelatedPage page = related({seed}, {}, {}, 5);
        std::map<std::string, std::size_t> per_author;
        std::map<std::string, std::size_t> per_venue;
        for (const auto& hit : page.results) {
            for (const auto& id : author_ids(hit.work)) {
                ++per_author[id];
            }
            ++per_venue[hit.work.primary_source.id];
        }
        ps::RelatedPage longer = related({seed}, {}, {}, 40);
        BOOST_TEST_CONTEXT("seed " << seed) {
            // A cap binds only while other related works are left to take the places.
            if (longer.results.size() >= 10U) {
                for (const auto& [id, n] : per_author) {
                    BOOST_TEST(n <= 2U);
                }
                for (const auto& [id, n] : per_venue) {
                    BOOST_TEST((id.empty() || n <= 3U));
                }
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(several_seeds_find_works_related_to_each_and_name_the_seeds) {
    ps::RelatedPage page = related({"W1001", "W1025"});
    BOOST_TEST(page.seeds == (std::vector<std::string>{"W1001", "W1025"}));
    BOOST_TEST(hit_of(page, "W1001") == nullptr);
    BOOST_TEST(hit_of(page, "W1025") == nullptr);
    BOOST_TEST(hit_of(page, "W1003") != nullptr); // by W1001's authors
    BOOST_TEST(hit_of(page, "W1007") != nullptr); // cites W1025
    for (const auto& hit : page.results) {
        for (const auto& reason : hit.reasons) {
            for (const auto& s : reason.seeds) {
                BOOST_TEST((s == "W1001" || s == "W1025"));
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(negative_seeds_are_left_out_and_push_their_neighbours_down) {
    ps::RelatedPage plain = related({"W1025"});
    BOOST_TEST_REQUIRE(plain.results.size() > 3U);
    const std::string away = plain.results.front().work.id;
    ps::RelatedPage pushed = related({"W1025"}, {away});
    BOOST_TEST(pushed.negative_seeds == std::vector<std::string>{away});
    BOOST_TEST(hit_of(pushed, away) == nullptr);
    // The works most like the negative seed lose score.
    ps::RelatedPage neighbours = related({away}, {}, {}, 5);
    std::size_t lower_scores = 0;
    for (const auto& n : neighbours.results) {
        const ps::RelatedHit* before = hit_of(plain, n.work.id);
        const ps::RelatedHit* after = hit_of(pushed, n.work.id);
        if (before != nullptr && (after == nullptr || after->score < before->score)) {
            ++lower_scores;
        }
    }
    BOOST_TEST(lower_scores > 0U);
}

BOOST_DATA_TEST_CASE(bad_related_queries_are_rejected, bdata::make(kBadQueries), c) {
    ps::RelatedQuery q;
    q.positive = c.positive;
    q.negative = c.negative;
    q.filter = c.filter;
    q.per_page = c.per_page;
    BOOST_CHECK_EXCEPTION((void)service().lease()->related_works(q),
                          ps::Error,
                          [&c](const ps::Error& e) { return errc_is(e, c.code); });
}

BOOST_AUTO_TEST_CASE(an_unknown_seed_is_named_in_the_message) {
    BOOST_CHECK_EXCEPTION(related({"W1001", "W424242"}), ps::Error, [](const ps::Error& e) {
        std::string message = e.what();
        return message.find("W424242") != std::string::npos
               && message.find("positive[1]") != std::string::npos;
    });
}

BOOST_AUTO_TEST_CASE(any_id_form_of_a_work_names_the_seed) {
    ps::RelatedPage by_key = related({"W1008"}, {}, {}, 5);
    ps::RelatedPage by_doi = related({"https://doi.org/10.1109/cvpr.2016.0091"}, {}, {}, 5);
    ps::RelatedPage by_url = related({"https://openalex.org/W1008"}, {}, {}, 5);
    BOOST_TEST(by_doi.seeds == by_key.seeds);
    BOOST_TEST(by_url.seeds == by_key.seeds);
    BOOST_TEST(by_key.seeds == std::vector<std::string>{"W1008"});
}

BOOST_AUTO_TEST_SUITE_END()
