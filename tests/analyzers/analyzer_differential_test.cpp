// The ASCII fast path must give byte-for-byte the tokens of the ICU path. These tests run both
// over real text from the data mirror, hand-made tricky ASCII and generated strings.
#include "analyzer_test_support.hpp"
#include "peerscope/analyzers/analyzer.hpp"
#include "peerscope/test/data_paths.hpp"

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace bdata = boost::unit_test::data;
using namespace std::string_literals;

namespace peerscope::analyzers {
namespace {

// Compares both paths on every text; returns how many differed (each difference is reported).
std::size_t count_differences(const std::vector<std::string>& texts) {
    Analyzer fast;
    Analyzer icu({.ascii_fast_path = false});
    std::vector<Token> fast_tokens;
    std::vector<Token> icu_tokens;
    std::size_t differences = 0;
    for (const std::string& text : texts) {
        fast_tokens.clear();
        icu_tokens.clear();
        const std::uint32_t fast_next = fast.analyze(text, fast_tokens, 7);
        const std::uint32_t icu_next = icu.analyze(text, icu_tokens, 7);
        const std::string fast_description = testing::describe(fast_tokens);
        const std::string icu_description = testing::describe(icu_tokens);
        if (fast_description != icu_description || fast_next != icu_next) {
            // Report the first few in full; the count tells the rest.
            if (++differences <= 5) {
                BOOST_TEST(fast_description == icu_description, "text: " << text.substr(0, 400));
                BOOST_TEST(fast_next == icu_next);
            }
        }
    }
    return differences;
}

std::vector<std::string> lines_of(const std::string& content) {
    std::vector<std::string> lines;
    std::istringstream in(content);
    std::string line;
    while (std::getline(in, line)) {
        lines.push_back(line);
    }
    return lines;
}

std::vector<std::string> mirror_texts(const std::string& relative) {
    const std::filesystem::path path = peerscope::test::mirror_file(relative);
    if (relative.starts_with("mlanthology/")) {
        return testing::mlanthology_texts(path);
    }
    if (relative.starts_with("cacm/") || relative.starts_with("cranfield/")) {
        return testing::smart_records(path);
    }
    return lines_of(testing::read_file(path));
}

std::vector<std::string> mirror_files() {
    return {
        "mlanthology/papers/icml-2022.json.gz",    // abstracts with Greek, dashes, curly quotes
        "mlanthology/legacy/colt-legacy.jsonl.gz", // mathematical abstracts, accented names
        "mlanthology/legacy/mlj-legacy.jsonl.gz",  // legacy markup and entities
        "cacm/cacm.all",                           // 1960s ASCII with citation vectors
        "aan/acl-metadata.txt",                    // Windows-1252 bytes among UTF-8
        "dblp-cgm/CGM-meta.txt",                   // invalid UTF-8 (lost lead bytes)
    };
}

std::vector<std::string> tricky_ascii() {
    return {
        "http://www.example.org/path/to?q=a&b=c#frag",
        "https://arxiv.org/abs/2101.00001v2",
        "mail me at first.last@uni-example.edu, or @handle",
        "e.g. i.e. et al. cf. vs. etc.",
        "U.S. U.K. Ph.D. a.k.a. A.I.",
        "3.5 1,000 1,000,000.25 3.14159 .5 5. 1.2.3 v1.5 1;2 1:2",
        "x_1 _x x_ __init__ a__b snake_case_name 1_000",
        "a/b and/or TCP/IP input/output",
        "it's don't can't Schoelkopf's users' 'quoted' '90s rock'n'roll o'clock",
        "-- --- - -a a- a--b a-b-c-d -1 1- 1-2-3",
        "C++11 C++ C# F# J# c++ g++ a+b a++b C+++ (C++) \"C#\" C#. C#, C#-based C++/CLI",
        "\"double quotes\" and 'single quotes' and `backticks`",
        "GPT-3 GPT-3.5 ResNet-50 BERT-large k-means t-SNE 3D F1 L2 ZeRO-Offload 1-bit MoE",
        "state-of-the-art end-to-end self-supervised pre-trained non-i.i.d.",
        "a.b.c a..b a.'b a'.b a'b'c a''b 1'000 1.'2",
        "f(x) = x^2 + 2*x - 1; y <= 3 && z != 4 || w >= 5",
        "[1] (2) {3} <4> #5 $6 %7 ^8 &9 *10 ~11 |12 \\13 =14",
        "tab\tseparated\twords\nnew line\r\nwindows line\rold mac\vvt\fff",
        "   leading and trailing spaces   ",
        "a",
        "1",
        "_",
        "@",
        ".",
        "'",
        "-",
        "+",
        "#",
        ",",
        ";",
        ":",
        "a.",
        "a'",
        "1.",
        "1,",
        "a@",
        "@a",
        "a_",
        "_1",
        "a:b",
        "a;b",
        "1a2b3c",
        "a1.b2",
        "1.a",
        "a.1",
        "1_a",
        "a_1.5",
        "a@b.c@d",
        "x86_64 AVX-512 fp16 int8 4-bit 8x8 2x2 32k 1e-5 1e10 3e+8",
        "arXiv:2101.00001 doi:10.1000/182 ISBN 978-3-16-148410-0",
        "CamelCase PascalCase ALLCAPS mIxEd",
        "O(n log n) O(n^2) log_2(n) sqrt(d)",
        "word\x01word\x7fword\0word"s,
        "",
        " ",
        "\n\n\n",
        "!!!???...,,,;;;:::",
        "Q&A R&D AT&T",
    };
}

} // namespace

BOOST_AUTO_TEST_SUITE(analyzer_differential)

BOOST_DATA_TEST_CASE(ascii_fast_path_gives_the_icu_tokens_on_real_text,
                     bdata::make(mirror_files()),
                     relative) {
    const std::vector<std::string> texts = mirror_texts(relative);
    BOOST_TEST(texts.size() >= 1000U);
    const auto mixed = std::count_if(texts.begin(), texts.end(), testing::has_non_ascii);
    BOOST_TEST_MESSAGE(relative << ": " << texts.size() << " texts, " << mixed
                                << " with non-ASCII");
    BOOST_TEST(count_differences(texts) == 0U);
}

BOOST_AUTO_TEST_CASE(ascii_fast_path_gives_the_icu_tokens_on_long_concatenated_text) {
    // Long texts mix ASCII runs and ICU runs many times, exercising the cut points.
    for (const char* relative :
         {"mlanthology/papers/icml-2022.json.gz", "mlanthology/legacy/mlj-legacy.jsonl.gz"}) {
        const std::vector<std::string> texts = mirror_texts(relative);
        std::string joined;
        for (const std::string& text : texts) {
            joined += text;
            joined += texts.size() % 2 == 0 ? "\n" : " ";
        }
        BOOST_TEST(joined.size() > 1'000'000U);
        BOOST_TEST(count_differences({joined}) == 0U);
    }
}

BOOST_DATA_TEST_CASE(ascii_fast_path_gives_the_icu_tokens_on_tricky_ascii,
                     bdata::make(tricky_ascii()),
                     text) {
    BOOST_TEST(count_differences({text}) == 0U);
}

BOOST_AUTO_TEST_CASE(ascii_fast_path_gives_the_icu_tokens_on_generated_strings) {
    // Pieces chosen to hit every ASCII word-break class, the symbolic and hyphen rules, and the
    // switch between the two breakers (non-ASCII letters, marks, spaces, invalid bytes).
    const std::array<std::string_view, 48> pieces{
        "a",      "Z",    "x",    "s",      "0",          "9",      "_",      "@",
        ".",      ",",    ";",    ":",      "'",          "\"",     "-",      "+",
        "#",      " ",    "  ",   "\t",     "\n",         "\r",     "/",      "(",
        "C++",    "e.g.", "1.5",  "'s",     "é",          "\u2019", "\u2014", "\u2010",
        "\u2011", "中文", "ภาษา", "\u0301", "\u00AD",     "\u00A0", "\xff",   "\xc3",
        "ı",      "ß",    "Ж",    "ﬁ",      "\U0001F600", "가",     "ー",     "١",
    };
    std::mt19937 random(20240611U); // fixed seed: the same strings on every run
    std::uniform_int_distribution<std::size_t> piece(0, pieces.size() - 1);
    std::uniform_int_distribution<std::size_t> ascii_piece(0, 27);
    std::uniform_int_distribution<int> length(0, 14);
    std::vector<std::string> texts;
    for (int i = 0; i < 40'000; ++i) {
        std::string text;
        const bool ascii_only = i % 2 == 0;
        for (int n = length(random); n > 0; --n) {
            text += pieces[ascii_only ? ascii_piece(random) : piece(random)];
        }
        texts.push_back(std::move(text));
    }
    BOOST_TEST(count_differences(texts) == 0U);
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace peerscope::analyzers
