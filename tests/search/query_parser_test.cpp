#include "peerscope/search/error.hpp"
#include "query_parser.hpp"

#include <boost/test/unit_test.hpp>

namespace ps = peerscope::search;
using Kind = ps::QueryNode::Kind;

namespace {
peerscope::analyzers::Analyzer& analyzer() {
    static peerscope::analyzers::Analyzer a;
    return a;
}
} // namespace

BOOST_AUTO_TEST_SUITE(query_parser)

BOOST_AUTO_TEST_CASE(juxtaposed_words_form_a_loose_group_without_stopwords) {
    auto q = ps::parse_query("the mixture of experts", analyzer());
    BOOST_TEST(q.warnings.empty());
    BOOST_REQUIRE((q.root.kind == Kind::Loose));
    BOOST_REQUIRE_EQUAL(q.root.children.size(), 2U);
    BOOST_TEST(q.root.children[0].words.front() == "mixture");
    BOOST_TEST(q.root.children[1].words.front() == "experts");
}

BOOST_AUTO_TEST_CASE(a_query_of_only_stopwords_keeps_them) {
    auto q = ps::parse_query("the of", analyzer());
    BOOST_REQUIRE((q.root.kind == Kind::Loose));
    BOOST_TEST(q.root.children.size() == 2U);
}

BOOST_AUTO_TEST_CASE(quoted_text_is_a_phrase_and_hyphenated_words_use_their_joined_form) {
    auto q = ps::parse_query("\"language models\" GPT-3", analyzer());
    BOOST_REQUIRE((q.root.kind == Kind::Loose));
    BOOST_TEST((q.root.children[0].kind == Kind::Phrase));
    BOOST_TEST(q.root.children[0].words.size() == 2U);
    BOOST_TEST((q.root.children[1].kind == Kind::Word));
    BOOST_TEST(q.root.children[1].words.front() == "gpt3");
}

BOOST_AUTO_TEST_CASE(operators_parentheses_and_exclusions_build_the_tree) {
    auto q = ps::parse_query("(kernel OR gaussian) AND process -bayesian", analyzer());
    BOOST_REQUIRE((q.root.kind == Kind::Loose));
    BOOST_REQUIRE_EQUAL(q.root.children.size(), 1U);
    BOOST_TEST((q.root.children[0].kind == Kind::And));
    BOOST_TEST((q.root.children[0].children[0].kind == Kind::Or));
    BOOST_REQUIRE_EQUAL(q.root.excluded.size(), 1U);
    BOOST_TEST(q.root.excluded[0].words.front() == "bayesian");
}

BOOST_AUTO_TEST_CASE(fields_and_year_ranges_are_understood) {
    auto q = ps::parse_query("title:transformer year:2019..2022 author:\"samyam rajbhandari\"",
                             analyzer());
    BOOST_REQUIRE((q.root.kind == Kind::Loose));
    BOOST_TEST((q.root.children[0].field == ps::QueryField::Title));
    BOOST_TEST((q.root.children[1].kind == Kind::Phrase));
    BOOST_TEST((q.root.children[1].field == ps::QueryField::Author));
    BOOST_REQUIRE_EQUAL(q.root.required.size(), 1U);
    BOOST_TEST((q.root.required[0].kind == Kind::Years));
    BOOST_TEST(q.root.required[0].year_from == 2019);
    BOOST_TEST(q.root.required[0].year_to == 2022);
}

BOOST_AUTO_TEST_CASE(an_unbalanced_quote_is_read_as_plain_text_with_a_warning) {
    auto q = ps::parse_query("\"deep learning", analyzer());
    BOOST_REQUIRE_EQUAL(q.warnings.size(), 1U);
    BOOST_TEST(q.warnings[0].find("unbalanced quote") != std::string::npos);
    BOOST_REQUIRE((q.root.kind == Kind::Loose));
    BOOST_TEST(q.root.children.size() == 2U);
}

BOOST_AUTO_TEST_CASE(a_trailing_star_is_a_wildcard) {
    auto q = ps::parse_query("transform*", analyzer());
    BOOST_TEST((q.root.kind == Kind::Wildcard));
    BOOST_TEST(q.root.prefix == "transform");
}

BOOST_AUTO_TEST_CASE(more_than_the_term_limit_is_an_invalid_parameter) {
    std::string text;
    for (int i = 0; i < 1100; ++i) {
        text += "w" + std::to_string(i) + " OR ";
    }
    text += "end";
    BOOST_CHECK_EXCEPTION(
        (void)ps::parse_query(text, analyzer()), ps::Error, [](const ps::Error& e) {
            return e.code() == ps::Errc::InvalidParameter;
        });
}

BOOST_AUTO_TEST_CASE(a_thousand_ored_terms_are_accepted) {
    std::string text = "w0";
    for (int i = 1; i < 1000; ++i) {
        text += " OR w" + std::to_string(i);
    }
    auto q = ps::parse_query(text, analyzer());
    BOOST_TEST((q.root.kind == Kind::Or));
    BOOST_TEST(q.root.children.size() == 1000U);
}

BOOST_AUTO_TEST_SUITE_END()
