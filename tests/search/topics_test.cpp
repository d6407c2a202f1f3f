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

ps::TopicsPage list(const std::string& filter,
                    const std::string& search = {},
                    const std::string& sort = {},
                    std::size_t page = 1) {
    ps::EntityQuery q;
    q.filter = filter;
    q.search = search;
    q.sort = sort;
    q.per_page = 200;
    q.page = page;
    return service().lease()->search_topics(q);
}

/// Every topic of the index, through the list endpoint's paging.
std::vector<ps::TopicDetail> all_topics() {
    std::vector<ps::TopicDetail> out;
    for (std::size_t page = 1;; ++page) {
        ps::TopicsPage p = list("", "", "", page);
        out.insert(out.end(), p.results.begin(), p.results.end());
        if (p.results.size() < 200) {
            BOOST_TEST_REQUIRE(out.size() == static_cast<std::size_t>(p.count));
            return out;
        }
    }
}

std::optional<ps::TopicDetail> topic(const std::string& id) {
    return service().lease()->get_topic(id);
}

long works_with(const std::string& filter) {
    ps::WorksQuery q;
    q.filter = filter;
    q.per_page = 1;
    return service().lease()->search_works(q).count;
}

/// Works per publication year among the works passing @p filter.
std::map<int, long> years_of(const std::string& filter) {
    ps::WorksQuery q;
    q.filter = filter;
    q.per_page = 1;
    q.group_by = {"publication_year"};
    std::map<int, long> out;
    ps::WorksPage page = service().lease()->search_works(q);
    for (const auto& bucket : page.groups.front().buckets) {
        out[std::stoi(bucket.key)] = bucket.count;
    }
    return out;
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) {
        return static_cast<char>(std::tolower(c));
    });
    return s;
}

bool invalid_parameter(const ps::Error& e) {
    return e.code() == ps::Errc::InvalidParameter;
}

struct BadList {
    std::string name;
    std::string filter;
    std::string search;
    std::string sort;
    std::size_t per_page;
};
std::ostream& operator<<(std::ostream& os, const BadList& c) {
    return os << c.name;
}

const std::vector<BadList> kBadLists = {
    {"per_page 0", "", "", "", 0},
    {"per_page 201", "", "", "", 201},
    {"unknown filter key", "colour:blue", "", "", 25},
    {"unknown level", "level:planet", "", "", 25},
    {"malformed topic id", "parent.id:W1001", "", "", 25},
    {"unknown sort", "", "", "colour", 25},
    {"relevance without a search", "", "", "relevance_score:desc", 25},
    {"bad sort direction", "", "", "works_count:up", 25},
};

} // namespace

BOOST_AUTO_TEST_SUITE(topics)

BOOST_AUTO_TEST_CASE(every_topic_has_as_many_works_as_the_topics_filter_finds) {
    std::vector<ps::TopicDetail> topics = all_topics();
    BOOST_TEST_REQUIRE(topics.size() > 100U);
    std::size_t with_works = 0;
    for (const auto& t : topics) {
        BOOST_TEST_CONTEXT("topic " << t.topic.id) {
            BOOST_TEST(t.topic.works_count == works_with("topics.id:" + t.topic.id));
        }
        with_works += t.topic.works_count > 0 ? 1 : 0;
    }
    BOOST_TEST(with_works >= 10U);
}

BOOST_AUTO_TEST_CASE(every_topic_is_reachable_from_a_root_through_children) {
    std::vector<ps::TopicDetail> topics = all_topics();
    ps::TopicsPage roots = list("parent.id:null");
    BOOST_TEST_REQUIRE(roots.count > 0);
    std::vector<std::string> todo;
    std::set<std::string> seen;
    for (const auto& r : roots.results) {
        BOOST_TEST(r.topic.parent_id.empty());
        todo.push_back(r.topic.id);
        seen.insert(r.topic.id);
    }
    while (!todo.empty()) {
        std::string id = todo.back();
        todo.pop_back();
        auto page = topic(id);
        BOOST_TEST_REQUIRE(page.has_value());
        for (const auto& child : page->children) {
            auto child_page = topic(child.id);
            BOOST_TEST_REQUIRE(child_page.has_value());
            BOOST_TEST(child_page->topic.parent_id == id);
            BOOST_TEST(child.works_count == child_page->topic.works_count);
            BOOST_TEST(child.works_count <= page->topic.works_count);
            if (seen.insert(child.id).second) {
                todo.push_back(child.id);
            }
        }
    }
    BOOST_TEST(seen.size() == topics.size());
}

BOOST_AUTO_TEST_CASE(a_topic_page_shows_the_path_from_its_domain_down_to_it) {
    // Taxonomy topics; a source's topics reach as high as the source says (index_regressions_test).
    ps::TopicsPage leaves =
        list("level:topic,works_count:>0,origin:taxonomy", "", "works_count:desc");
    BOOST_TEST_REQUIRE(!leaves.results.empty());
    for (const auto& leaf : leaves.results) {
        auto page = topic(leaf.topic.id);
        BOOST_TEST_REQUIRE(page.has_value());
        BOOST_TEST_REQUIRE(page->path.size() >= 2U);
        BOOST_TEST(page->path.front().level == "domain");
        BOOST_TEST(page->path.back().id == leaf.topic.id);
        BOOST_TEST(page->path.size() == page->topic.path_ids.size());
        for (std::size_t i = 1; i < page->path.size(); ++i) {
            auto step = topic(page->path[i].id);
            BOOST_TEST_REQUIRE(step.has_value());
            BOOST_TEST(step->topic.parent_id == page->path[i - 1].id);
            BOOST_TEST(page->path[i].works_count <= page->path[i - 1].works_count);
        }
        BOOST_TEST(!page->topic.counts_by_year.empty());
        BOOST_TEST(!page->topic.sources.empty());
    }
}

BOOST_AUTO_TEST_CASE(a_domain_filter_lists_exactly_the_topics_below_that_domain) {
    std::vector<ps::TopicDetail> topics = all_topics();
    ps::TopicsPage domains = list("level:domain");
    BOOST_TEST_REQUIRE(domains.count >= 2);
    for (const auto& d : domains.results) {
        std::set<std::string> expected;
        for (const auto& t : topics) {
            if (t.topic.id != d.topic.id && t.topic.path_ids.front() == d.topic.id) {
                expected.insert(t.topic.id);
            }
        }
        std::set<std::string> got;
        ps::TopicsPage page;
        for (std::size_t n = 1; n == 1 || page.results.size() == 200; ++n) {
            page = list("domain.id:" + d.topic.id, "", "", n);
            for (const auto& t : page.results) {
                got.insert(t.topic.id);
            }
        }
        BOOST_TEST(got == expected);
        BOOST_TEST(page.count == static_cast<long>(expected.size()));
        BOOST_TEST(!got.empty());
    }
}

BOOST_AUTO_TEST_CASE(a_field_given_as_a_domain_is_rejected_naming_its_level) {
    ps::TopicsPage fields = list("level:field");
    BOOST_TEST_REQUIRE(!fields.results.empty());
    const std::string id = fields.results.front().topic.id;
    BOOST_CHECK_EXCEPTION(list("domain.id:" + id), ps::Error, [](const ps::Error& e) {
        return invalid_parameter(e) && std::string(e.what()).find("field") != std::string::npos;
    });
    BOOST_TEST(list("field.id:" + id).count > 0);
}

BOOST_AUTO_TEST_CASE(unknown_and_malformed_topic_ids_are_not_found) {
    BOOST_TEST(!topic("T999999999").has_value());
    BOOST_TEST(!topic("W1001").has_value());
    BOOST_TEST(!topic("").has_value());
    BOOST_TEST(!topic("T").has_value());
}

BOOST_AUTO_TEST_CASE(a_name_search_finds_topics_by_the_words_of_their_names) {
    ps::TopicsPage page = list("", "reinforcement");
    BOOST_TEST_REQUIRE(page.count > 0);
    BOOST_TEST(lower(page.results.front().topic.display_name).find("reinforcement")
               != std::string::npos);
    double previous = 1e9;
    for (const auto& t : page.results) {
        BOOST_TEST_REQUIRE(t.relevance_score.has_value());
        BOOST_TEST(*t.relevance_score <= previous);
        previous = *t.relevance_score;
        std::string text = lower(t.topic.display_name + " " + t.topic.description);
        BOOST_TEST(text.find("reinforcement") != std::string::npos);
    }
    BOOST_TEST(list("", "zzzzqqq").count == 0);
}

BOOST_AUTO_TEST_CASE(lists_sort_by_works_count_or_by_name) {
    ps::TopicsPage by_works = list("", "", "works_count:desc");
    for (std::size_t i = 1; i < by_works.results.size(); ++i) {
        BOOST_TEST(by_works.results[i - 1].topic.works_count
                   >= by_works.results[i].topic.works_count);
    }
    ps::TopicsPage by_name = list("", "", "display_name:asc");
    for (std::size_t i = 1; i < by_name.results.size(); ++i) {
        // Double parentheses: std::string's order, not Boost.Test's per-character comparison.
        BOOST_TEST(
            (by_name.results[i - 1].topic.display_name <= by_name.results[i].topic.display_name));
    }
}

BOOST_DATA_TEST_CASE(bad_list_parameters_are_rejected, bdata::make(kBadLists), c) {
    ps::EntityQuery q;
    q.filter = c.filter;
    q.search = c.search;
    q.sort = c.sort;
    q.per_page = c.per_page;
    BOOST_CHECK_EXCEPTION((void)service().lease()->search_topics(q), ps::Error, invalid_parameter);
}

BOOST_AUTO_TEST_CASE(the_trend_compares_the_topic_share_of_the_last_three_years_with_before) {
    std::map<int, long> index_years = years_of("");
    BOOST_TEST_REQUIRE(!index_years.empty());
    const int last = index_years.rbegin()->first;
    long all_recent = 0;
    long all_earlier = 0;
    for (const auto& [year, n] : index_years) {
        (year >= last - 2 ? all_recent : all_earlier) += n;
    }
    std::size_t checked = 0;
    for (const auto& t : list("works_count:>0").results) {
        auto page = topic(t.topic.id);
        BOOST_TEST_REQUIRE(page.has_value());
        long recent = 0;
        long earlier = 0;
        for (const auto& [year, n] : years_of("topics.id:" + t.topic.id)) {
            (year >= last - 2 ? recent : earlier) += n;
        }
        const ps::TopicTrend& trend = page->trend;
        BOOST_TEST_CONTEXT("topic " << t.topic.id) {
            BOOST_TEST(trend.recent_to == last);
            BOOST_TEST(trend.recent_from == last - 2);
            BOOST_TEST(trend.recent_works == recent);
            BOOST_TEST(trend.earlier_works == earlier);
            double recent_share = static_cast<double>(recent) / static_cast<double>(all_recent);
            double earlier_share = static_cast<double>(earlier) / static_cast<double>(all_earlier);
            BOOST_TEST(std::abs(trend.recent_share - recent_share) < 1e-9);
            BOOST_TEST(std::abs(trend.earlier_share - earlier_share) < 1e-9);
            bool rising = recent >= ps::kRisingMinWorks
                          && (earlier == 0 || recent_share >= ps::kRisingGrowth * earlier_share);
            BOOST_TEST(trend.rising == rising);
        }
        ++checked;
    }
    BOOST_TEST(checked >= 10U);
}

BOOST_AUTO_TEST_CASE(related_topics_are_other_branches_ordered_by_association) {
    std::size_t seen = 0;
    for (const auto& t : list("works_count:>0").results) {
        auto page = topic(t.topic.id);
        BOOST_TEST_REQUIRE(page.has_value());
        double previous = 1e9;
        for (const auto& r : page->related) {
            BOOST_TEST(r.id != t.topic.id);
            const auto& path = page->topic.path_ids;
            BOOST_TEST((std::find(path.begin(), path.end(), r.id) == path.end()));
            BOOST_TEST(r.shared_works > 0);
            BOOST_TEST(r.shared_works <= std::min(r.works_count, page->topic.works_count));
            BOOST_TEST(r.score <= previous);
            previous = r.score;
            ++seen;
        }
    }
    BOOST_TEST(seen > 0U);
}

BOOST_AUTO_TEST_SUITE_END()
