// The collection readers on the real data mirror, and the plain-text reading of queries.
#include "collections.hpp"
#include "peerscope/test/data_paths.hpp"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>

namespace rel = peerscope::bench::relevance;
namespace bdata = boost::unit_test::data;

namespace {

const rel::Collection& collection(const std::string& name) {
    static std::map<std::string, rel::Collection> cache;
    auto found = cache.find(name);
    if (found == cache.end()) {
        // mirror_file fails loudly when the mirror is missing.
        (void)peerscope::test::mirror_file(name);
        found =
            cache.emplace(name, rel::load_collection(name, peerscope::test::data_mirror())).first;
    }
    return found->second;
}

std::size_t judged_queries(const rel::Collection& c) {
    return static_cast<std::size_t>(
        std::count_if(c.judgments.begin(), c.judgments.end(), [](const auto& j) {
            return rel::relevant_count(j.second) > 0;
        }));
}

} // namespace

BOOST_AUTO_TEST_SUITE(collections)

BOOST_AUTO_TEST_CASE(cranfield_queries_are_numbered_by_position_and_grades_become_gains) {
    const rel::Collection& c = collection("cranfield");
    BOOST_TEST(c.documents.size() == 1400U);
    BOOST_TEST(c.queries.size() == 225U);
    BOOST_TEST(judged_queries(c) == 225U);
    // cran.qry prints 001, 002, 004: the third query is number 3 in cranqrel.
    BOOST_TEST(c.queries[2].id == "3");
    BOOST_TEST(c.queries[2].text.rfind("what problems of heat conduction in composite slabs", 0)
               == 0);
    // cranqrel "1 184 2" (grade 2 -> gain 3) and "1 486 -1" (not relevant -> gain 0).
    BOOST_TEST(c.judgments.at("1").at("184") == 3.0);
    BOOST_TEST(c.judgments.at("1").at("486") == 0.0);
    // Document 576 has two .W fields: both are kept.
    const auto doc = std::find_if(
        c.documents.begin(), c.documents.end(), [](const auto& d) { return d.id == "576"; });
    BOOST_REQUIRE(doc != c.documents.end());
    BOOST_TEST(doc->abstract.find("viscous and inviscid stagnation flow") != std::string::npos);
    BOOST_TEST(doc->abstract.find("limit characteristics") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(cacm_has_64_queries_of_which_52_are_judged) {
    const rel::Collection& c = collection("cacm");
    BOOST_TEST(c.documents.size() == 3204U);
    BOOST_TEST(c.queries.size() == 64U);
    BOOST_TEST(judged_queries(c) == 52U);
    BOOST_TEST(c.judgments.at("1").at("1410") == 1.0);
    BOOST_TEST(c.documents.front().id == "1");
    BOOST_TEST(c.documents.front().title == "Preliminary Report-International Algebraic Language");
}

BOOST_AUTO_TEST_CASE(scifact_train_has_809_judged_claims) {
    const rel::Collection& c = collection("scifact");
    BOOST_TEST(c.documents.size() == 5183U);
    BOOST_TEST(c.queries.size() == 809U);
    BOOST_TEST(judged_queries(c) == 809U);
    BOOST_TEST(c.queries.front().text == "0-dimensional biomaterials lack inductive properties.");
    BOOST_TEST(c.judgments.at("0").at("31715818") == 1.0);
}

BOOST_AUTO_TEST_CASE(an_unknown_collection_is_refused_by_name) {
    BOOST_CHECK_EXCEPTION((void)rel::load_collection("trec", peerscope::test::data_mirror()),
                          std::runtime_error,
                          [](const std::runtime_error& e) {
                              return std::string(e.what()).find("'trec'") != std::string::npos;
                          });
}

BOOST_DATA_TEST_CASE(query_syntax_is_read_as_plain_words,
                     bdata::make({"sudden infant death syndrome (SIDS) deaths",
                                  "using \"artificial spermatids.\" today",
                                  "E2f-1, -2, -3 TKO cells",
                                  "cats AND dogs OR NOT birds && fish || eels",
                                  "title:graphs Author: knuth ratio:2",
                                  "operators like *, +.) and comput*"})
                         ^ bdata::make({"sudden infant death syndrome SIDS deaths",
                                        "using artificial spermatids. today",
                                        "E2f-1, 2, 3 TKO cells",
                                        "cats and dogs or not birds fish eels",
                                        "title graphs Author knuth ratio:2",
                                        "operators like *, . and comput"}),
                     text,
                     expected) {
    BOOST_TEST(rel::plain_query_text(text) == expected);
}

BOOST_AUTO_TEST_SUITE_END()
