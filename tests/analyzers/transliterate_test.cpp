#include "analyzer_test_support.hpp"
#include "peerscope/analyzers/analyzer.hpp"
#include "peerscope/analyzers/transliterate.hpp"

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <string>
#include <thread>
#include <vector>

namespace bdata = boost::unit_test::data;

namespace peerscope::analyzers {
namespace {

std::vector<testing::Case> romanisations() {
    return {
        {"张伟", "zhang wei"},
        {"王小明", "wang xiao ming"},
        {"李飞飞", "li fei fei"},
        {"Москва", "Moskva"},
        {"Ελληνικά", "Ellenika"},
        {"Müller", "Muller"},
        {"Łukasz Kaiser", "Lukasz Kaiser"},
        {"ひらがな", "hiragana"},
        {"Yann LeCun", "Yann LeCun"},
        {"", ""},
    };
}

} // namespace

BOOST_AUTO_TEST_SUITE(transliterate)

BOOST_DATA_TEST_CASE(names_in_other_scripts_become_ascii_latin, bdata::make(romanisations()), row) {
    BOOST_TEST(to_latin(row.text) == row.expected);
}

BOOST_AUTO_TEST_CASE(a_chinese_name_is_found_by_its_pinyin_after_folding) {
    Analyzer analyzer;
    BOOST_TEST(analyzer.fold(to_latin("张伟")) == analyzer.fold("Zhang Wei"));
}

BOOST_AUTO_TEST_CASE(invalid_utf8_becomes_a_replacement_character_without_throwing) {
    std::string latin;
    BOOST_CHECK_NO_THROW(latin = to_latin("Gr\xfcn \xe5\xbc"));
    BOOST_TEST(latin.find("Gr") == 0U);
}

BOOST_AUTO_TEST_CASE(to_latin_can_be_called_from_several_threads_at_once) {
    std::vector<std::string> results(4);
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < results.size(); ++i) {
        threads.emplace_back([&results, i] {
            for (int n = 0; n < 50; ++n) {
                results[i] = to_latin("张伟 Москва");
            }
        });
    }
    for (std::thread& thread : threads) {
        thread.join();
    }
    for (const std::string& result : results) {
        BOOST_TEST(result == "zhang wei Moskva");
    }
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace peerscope::analyzers
