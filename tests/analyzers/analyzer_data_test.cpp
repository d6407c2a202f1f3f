// Properties of the analysis checked over real text from the data mirror.
#include "analyzer_test_support.hpp"
#include "peerscope/analyzers/analyzer.hpp"
#include "peerscope/test/data_paths.hpp"

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace bdata = boost::unit_test::data;

namespace peerscope::analyzers {
namespace {

std::vector<std::string> anthology_files() {
    return {"mlanthology/papers/eccv-2024.json.gz", "mlanthology/legacy/colt-legacy.jsonl.gz"};
}

// Analyses each title, abstract and author name of a mirror file (first position 1) and calls
// check(analyzer, text, tokens, next position).
template <class Check> void for_each_analysed(const std::string& relative, Check check) {
    Analyzer analyzer;
    std::vector<Token> tokens;
    for (const std::string& text :
         testing::mlanthology_texts(peerscope::test::mirror_file(relative))) {
        tokens.clear();
        const std::uint32_t next = analyzer.analyze(text, tokens, 1);
        check(analyzer, text, tokens, next);
    }
}

} // namespace

BOOST_AUTO_TEST_SUITE(analyzer_data)

BOOST_DATA_TEST_CASE(folded_terms_of_real_text_fold_to_themselves,
                     bdata::make(anthology_files()),
                     relative) {
    std::size_t checked = 0;
    for_each_analysed(relative,
                      [&checked](Analyzer& analyzer,
                                 const std::string& text,
                                 const std::vector<Token>& tokens,
                                 std::uint32_t) {
                          for (const Token& token : tokens) {
                              const std::string again = analyzer.fold(token.term);
                              if (again != token.term) {
                                  BOOST_TEST(again == token.term, "in: " << text.substr(0, 200));
                              }
                              ++checked;
                          }
                      });
    BOOST_TEST(checked > 100'000U);
}

BOOST_DATA_TEST_CASE(surface_text_of_each_real_token_folds_to_its_term,
                     bdata::make(anthology_files()),
                     relative) {
    std::size_t non_ascii = 0;
    for_each_analysed(
        relative,
        [&non_ascii](Analyzer& analyzer,
                     const std::string& text,
                     const std::vector<Token>& tokens,
                     std::uint32_t) {
            for (const Token& token : tokens) {
                BOOST_TEST_REQUIRE(token.begin < token.end);
                BOOST_TEST_REQUIRE(token.end <= text.size());
                const std::string_view surface =
                    std::string_view(text).substr(token.begin, token.end - token.begin);
                if (token.joined || token.kind == TokenKind::Symbolic) {
                    continue; // hyphens and symbols are part of the surface, not of the term
                }
                std::string folded = analyzer.fold(surface);
                if (folded.ends_with("'s") && folded.size() > 2 && token.kind == TokenKind::Word) {
                    folded.resize(folded.size() - 2);
                }
                if (folded != token.term) {
                    BOOST_TEST(folded == token.term, "surface '" << surface << "'");
                }
                non_ascii += testing::has_non_ascii(surface) ? 1 : 0;
            }
        });
    BOOST_TEST(non_ascii > 0U);
}

BOOST_DATA_TEST_CASE(positions_of_real_text_are_consecutive_and_joined_forms_share_the_first,
                     bdata::make(anthology_files()),
                     relative) {
    std::size_t joined = 0;
    for_each_analysed(
        relative,
        [&joined](
            Analyzer&, const std::string&, const std::vector<Token>& tokens, std::uint32_t next) {
            std::uint32_t expected = 1;
            for (std::size_t i = 0; i < tokens.size(); ++i) {
                const Token& token = tokens[i];
                if (token.joined) {
                    // The joined form follows its last part and starts where its first part starts.
                    ++joined;
                    BOOST_TEST_REQUIRE(i >= 2U);
                    BOOST_TEST(token.position + 1 < expected);
                    BOOST_TEST(tokens[i - 1].end == token.end);
                    continue;
                }
                BOOST_TEST_REQUIRE(token.position == expected);
                ++expected;
            }
            BOOST_TEST_REQUIRE(next == expected);
        });
    BOOST_TEST(joined > 100U);
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace peerscope::analyzers
