#include "analyzer_test_support.hpp"
#include "peerscope/analyzers/analyzer.hpp"
#include "peerscope/analyzers/error.hpp"

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bdata = boost::unit_test::data;
using peerscope::analyzers::testing::Case;
using namespace std::string_literals;

namespace peerscope::analyzers {
namespace {

/// Spellings that must all give the same single term.
struct Spellings {
    std::vector<std::string> variants;
    std::string term;
};

std::ostream& operator<<(std::ostream& out, const Spellings& s) {
    return out << s.term;
}

/// Surfaces (text[begin, end)) the tokens of a text must have, in token order.
struct Surfaces {
    std::string text;
    std::vector<std::string> surfaces;
};

std::ostream& operator<<(std::ostream& out, const Surfaces& s) {
    return out << '"' << s.text << '"';
}

std::string render_of(std::string_view text) {
    Analyzer analyzer;
    return testing::render(analyzer.analyze(text));
}

std::string terms_of(std::string_view text) {
    Analyzer analyzer;
    return testing::terms(analyzer.analyze(text));
}

// Author names as they occur in ML Anthology (papers/*.json.gz and legacy/*.jsonl.gz), including
// the mirror's odd encodings: dotless i with a combining diaeresis or acute ("Gaı̈ffas",
// "Martı́nez"), a combining breve ("Ales̆"), and typographic apostrophes.
std::vector<Case> anthology_names() {
    return {
        {"Bernhard Schölkopf", "bernhard scholkopf"},
        {"Stéphane Gaı̈ffas", "stephane gaiffas"},
        {"Łukasz Struski", "lukasz struski"},
        {"Søren Hauberg", "soren hauberg"},
        {"Matthias Nießner", "matthias niessner"},
        {"Vésteinn Snæbjarnarson", "vesteinn snaebjarnarson"},
        {"Đorđe Žikelić", "dorde zikelic"},
        {"Björn Þór Jónsson", "bjorn thor jonsson"},
        {"Armand Kassaı̈ Koupaı̈", "armand kassai koupai"},
        {"Mihail Bı̂rsan", "mihail birsan"},
        {"Ales̆ Leonardis", "ales leonardis"},
        {"Elisabeta Oneață", "elisabeta oneata"},
        {"Rareș Ambruș", "rares ambrus"},
        {"Huy Lê Nguyễn", "huy le nguyen"},
        {"Waı̈ss Azizian", "waiss azizian"},
        {"Marc’Aurelio Ranzato", "marc'aurelio ranzato"},
        {"Alexandre d’Aspremont", "alexandre d'aspremont"},
        {"Shin’ichi Satoh", "shin'ichi satoh"},
        {"David Martı́nez-Rubio", "david martinez rubio martinezrubio"},
        {"Eric Müller-Budack", "eric muller budack mullerbudack"},
        {"Florence d’Alché-Buc", "florence d'alche buc d'alchebuc"},
    };
}

// Letters without a canonical decomposition, each in a word of its language.
std::vector<Case> special_letters() {
    return {
        {"Ærø", "aero"},
        {"œuvre", "oeuvre"},
        {"Øresund", "oresund"},
        {"Łódź", "lodz"},
        {"Đakovo", "dakovo"},
        {"Þingvellir", "thingvellir"},
        {"Sauðárkrókur", "saudarkrokur"},
        {"Iğdır", "igdir"},
        {"Straße", "strasse"},
        {"STRASSE", "strasse"},
        {"Ħamrun", "hamrun"},
        {"ŧ", "t"},
        {"İstanbul", "istanbul"},
        {"Ĳssel", "ijssel"},
    };
}

std::vector<Spellings> equivalent_spellings() {
    return {
        {{"Müller", "Muller", "MÜLLER", "müller", "Mu\u0308ller"}, "muller"},
        {{"Schölkopf", "Scholkopf", "SCHÖLKOPF", "Scho\u0308lkopf"}, "scholkopf"},
        {{"Łukasz", "Lukasz", "ŁUKASZ"}, "lukasz"},
        {{"Søren", "Soren", "SØREN"}, "soren"},
        {{"Gaı̈ffas", "Gaïffas", "Gaiffas", "GAÏFFAS"}, "gaiffas"},
        {{"Martı́nez", "Martínez", "Martinez", "MARTÍNEZ"}, "martinez"},
        {{"O’Connor", "O'Connor", "O‘Connor", "o'connor"}, "o'connor"},
        {{"Ελληνικά", "ΕΛΛΗΝΙΚΆ", "ελληνικα"}, "ελληνικα"},
        {{"Ёлка", "ёлка", "Елка"}, "елка"},
        {{"ﬁnetuning", "finetuning", "FINETUNING"}, "finetuning"},
        {{"inter\u00ADnational", "international"}, "international"},
        {{"ＢＥＲＴ", "BERT", "bert"}, "bert"},
    };
}

std::vector<Case> scholarly_tokens() {
    return {
        {"C++", "c++/s@0"},
        {"C#", "c#/s@0"},
        {"F#", "f#/s@0"},
        {"GPT-3", "gpt/w@0 3/n@1 gpt3/w@0*"},
        {"ResNet-50", "resnet/w@0 50/n@1 resnet50/w@0*"},
        {"BERT-large", "bert/w@0 large/w@1 bertlarge/w@0*"},
        {"k-means", "k/w@0 means/w@1 kmeans/w@0*"},
        {"t-SNE", "t/w@0 sne/w@1 tsne/w@0*"},
        {"3D", "3d/w@0"},
        {"F1", "f1/w@0"},
        {"L2", "l2/w@0"},
        {"ZeRO", "zero/w@0"},
        {"ZeRO-Offload", "zero/w@0 offload/w@1 zerooffload/w@0*"},
        {"1-bit Adam", "1/n@0 bit/w@1 1bit/w@0* adam/w@2"},
        {"MoE", "moe/w@0"},
        {"GPT-3.5", "gpt/w@0 3.5/n@1 gpt3.5/w@0*"},
        {"We port C++ code to C# and F#.",
         "we/w@0 port/w@1 c++/s@2 code/w@3 to/w@4 c#/s@5 and/w@6 f#/s@7"},
        {"(C++)", "c++/s@0"},
        {"C++11", "c++/s@0 11/n@1"},
        {"Notepad++", "notepad++/s@0"},
        {"a#b", "a/w@0 b/w@1"},
        {"C#1", "c/w@0 1/n@1"},
        {"C+++", "c/w@0"},
        {"x86 int8 fp16", "x86/w@0 int8/w@1 fp16/w@2"},
        {"x_1", "x_1/w@0"},
        {"e.g. U.S.", "e.g/w@0 u.s/w@1"},
    };
}

std::vector<Case> hyphen_rules() {
    return {
        {"state-of-the-art", "state/w@0 of/w@1 the/w@2 art/w@3 stateoftheart/w@0*"},
        {"pre-trained models", "pre/w@0 trained/w@1 pretrained/w@0* models/w@2"},
        {"GPT\u20103", "gpt/w@0 3/n@1 gpt3/w@0*"}, // U+2010 HYPHEN
        {"GPT\u20113", "gpt/w@0 3/n@1 gpt3/w@0*"}, // U+2011 NON-BREAKING HYPHEN
        {"GPT\u20133", "gpt/w@0 3/n@1"},           // en dash
        {"GPT\u20143", "gpt/w@0 3/n@1"},           // em dash
        {"GPT - 3", "gpt/w@0 3/n@1"},              // spaces around
        {"GPT--3", "gpt/w@0 3/n@1"},               // doubled hyphen
        {"GPT-\u00AD3", "gpt/w@0 3/n@1"},          // something between
        {"2019-2020", "2019/n@0 2020/n@1"},        // digits only: no joined form
        {"-3", "3/n@0"},                           // leading hyphen
        {"GPT-3-", "gpt/w@0 3/n@1 gpt3/w@0*"},     // trailing hyphen
        {"a-b c-d", "a/w@0 b/w@1 ab/w@0* c/w@2 d/w@3 cd/w@2*"},
        {"C++-based", "c++/s@0 based/w@1"}, // symbolic words do not join
        {"ﬁne-tuning", "fine/w@0 tuning/w@1 finetuning/w@0*"},
        {"Müller-Lyer illusion", "muller/w@0 lyer/w@1 mullerlyer/w@0* illusion/w@2"},
        {"深度-learning", "深度/i@0 learning/w@1"}, // ideographs do not join
        {"self-supervised, end-to-end.",
         "self/w@0 supervised/w@1 selfsupervised/w@0* end/w@2 to/w@3 end/w@4 endtoend/w@2*"},
    };
}

std::vector<Case> apostrophes() {
    return {
        {"don't", "don't/w@0"},
        {"don’t", "don't/w@0"},
        {"Schölkopf's kernel", "scholkopf/w@0 kernel/w@1"},
        {"Schölkopf’s kernel", "scholkopf/w@0 kernel/w@1"},
        {"users' data", "users/w@0 data/w@1"},
        {"it's", "it/w@0"},
        {"'quoted'", "quoted/w@0"},
        {"rock'n'roll", "rock'n'roll/w@0"},
        {"'s", "s/w@0"},
    };
}

std::vector<Case> numbers() {
    return {
        {"1.5", "1.5/n@0"},
        {"1,000", "1,000/n@0"},
        {"3.14159", "3.14159/n@0"},
        {"1.2.3", "1.2.3/n@0"},
        {"Version 2.", "version/w@0 2/n@1"},
        {".5", "5/n@0"},
        {"v1.5", "v1.5/w@0"},
        {"１２３", "123/n@0"},
        {"٣", "٣/n@0"},
        {"Ⅻ", "xii/w@0"},
    };
}

std::vector<Surfaces> surfaces() {
    return {
        {"Müller-Budack, 2024", {"Müller", "Budack", "Müller-Budack", "2024"}},
        {"  C++ and C#.", {"C++", "and", "C#"}},
        {"Schölkopf's kernel", {"Schölkopf's", "kernel"}},
        {"ﬁne-tuning", {"ﬁne", "tuning", "ﬁne-tuning"}},
        {"我们研究深度学习", {"我们", "研究", "深度", "学习"}},
        {"a\xffz \xc3", {"a", "z"}},
        {"Ελληνικά “quoted” text", {"Ελληνικά", "quoted", "text"}},
        {"😀 emoji 😀", {"emoji"}},
    };
}

std::vector<std::string> invalid_utf8() {
    return {
        "\xff",
        "\xc3",
        "\xe2\x82",
        "ab\xffwxy",
        "\xed\xa0\x80 surrogate",
        "\xc0\xaf overlong",
        "\xf4\x90\x80\x80 too big",
        "\x80\x80\x80",
        "Gr\xfcn", // Windows-1252 ü
        "caf\xc3", // truncated é at the end
        "\xf0\x9f\x98",
        "ok \xe4\xb8 \xe4\xb8\xad ok",
    };
}

std::vector<Case> token_kinds() {
    return {
        {"word", "word/w@0"},
        {"resnet50", "resnet50/w@0"},
        {"2024", "2024/n@0"},
        {"中文", "中文/i@0"},
        {"コーヒー", "コーヒー/i@0"},
        {"ไทย", "ไทย/i@0"},
        {"한국어", "한국어/i@0"},
        {"C#", "c#/s@0"},
        {"Москва", "москва/w@0"},
    };
}

} // namespace

BOOST_AUTO_TEST_SUITE(analyzer)

BOOST_DATA_TEST_CASE(accented_author_names_fold_to_plain_latin,
                     bdata::make(anthology_names()),
                     row) {
    BOOST_TEST(terms_of(row.text) == row.expected);
}

BOOST_DATA_TEST_CASE(letters_without_decomposition_are_spelled_in_latin,
                     bdata::make(special_letters()),
                     row) {
    BOOST_TEST(terms_of(row.text) == row.expected);
}

BOOST_DATA_TEST_CASE(spellings_of_a_name_give_the_same_term,
                     bdata::make(equivalent_spellings()),
                     row) {
    Analyzer analyzer;
    for (const std::string& variant : row.variants) {
        BOOST_TEST(testing::terms(analyzer.analyze(variant)) == row.term, "variant " << variant);
        BOOST_TEST(analyzer.fold(variant) == row.term, "fold of " << variant);
    }
}

BOOST_AUTO_TEST_CASE(transcribed_umlauts_are_not_folded_to_plain_vowels) {
    // "oe" for "ö" is a name-key equivalence handled by the indexer, not by token folding.
    BOOST_TEST(terms_of("Schoelkopf") == "schoelkopf");
    BOOST_TEST(terms_of("Schölkopf") == "scholkopf");
}

BOOST_DATA_TEST_CASE(scholarly_tokens_stay_findable_the_way_people_type_them,
                     bdata::make(scholarly_tokens()),
                     row) {
    BOOST_TEST(render_of(row.text) == row.expected);
}

BOOST_DATA_TEST_CASE(hyphenated_words_give_parts_and_joined_form,
                     bdata::make(hyphen_rules()),
                     row) {
    BOOST_TEST(render_of(row.text) == row.expected);
}

BOOST_DATA_TEST_CASE(apostrophes_keep_contractions_and_drop_the_possessive,
                     bdata::make(apostrophes()),
                     row) {
    BOOST_TEST(render_of(row.text) == row.expected);
}

BOOST_DATA_TEST_CASE(numbers_keep_their_separators_and_nfkc_digits_become_ascii,
                     bdata::make(numbers()),
                     row) {
    BOOST_TEST(render_of(row.text) == row.expected);
}

BOOST_DATA_TEST_CASE(token_kind_follows_the_characters, bdata::make(token_kinds()), row) {
    BOOST_TEST(render_of(row.text) == row.expected);
}

BOOST_AUTO_TEST_CASE(only_words_are_stemmable) {
    Analyzer analyzer;
    for (const Token& token : analyzer.analyze("Models 2024 中文 C++ GPT-3")) {
        BOOST_TEST(token.stemmable() == (token.kind == TokenKind::Word), token.term);
    }
}

BOOST_DATA_TEST_CASE(offsets_slice_back_to_the_surface_text, bdata::make(surfaces()), row) {
    Analyzer analyzer;
    const std::vector<Token> tokens = analyzer.analyze(row.text);
    std::vector<std::string> sliced;
    for (const Token& token : tokens) {
        BOOST_TEST_REQUIRE(token.begin < token.end);
        BOOST_TEST_REQUIRE(token.end <= row.text.size());
        sliced.push_back(row.text.substr(token.begin, token.end - token.begin));
    }
    BOOST_TEST(sliced == row.surfaces, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(positions_start_at_first_position_and_joined_forms_share_them) {
    Analyzer analyzer;
    std::vector<Token> tokens;
    const std::uint32_t next = analyzer.analyze("the GPT-3 model", tokens, 10);
    BOOST_TEST(testing::render(tokens) == "the/w@10 gpt/w@11 3/n@12 gpt3/w@11* model/w@13");
    BOOST_TEST(next == 14U);
}

BOOST_AUTO_TEST_CASE(analyze_appends_to_the_tokens_already_there) {
    Analyzer analyzer;
    std::vector<Token> tokens;
    const std::uint32_t after_title = analyzer.analyze("Deep k-means", tokens, 0);
    const std::uint32_t after_abstract = analyzer.analyze("We cluster.", tokens, after_title + 1);
    BOOST_TEST(testing::render(tokens)
               == "deep/w@0 k/w@1 means/w@2 kmeans/w@1* we/w@4 cluster/w@5");
    BOOST_TEST(after_title == 3U);
    BOOST_TEST(after_abstract == 6U);
    // Offsets are relative to each analysed text.
    BOOST_TEST(tokens.back().begin == 3U);
}

BOOST_AUTO_TEST_CASE(nfkc_turns_ligatures_and_full_width_forms_into_plain_letters) {
    BOOST_TEST(terms_of("ﬁnd ﬂow eﬀect oﬃce") == "find flow effect office");
    BOOST_TEST(terms_of("ＡＢＣ ｄｅｆ １２３") == "abc def 123");
    BOOST_TEST(terms_of("ｺｰﾋｰ") == "コーヒー");       // half-width katakana
    BOOST_TEST(terms_of("ℌilbert ℝ") == "hilbert r"); // letter-like symbols
    BOOST_TEST(terms_of("㎏ ½").empty());             // squared units and fractions are symbols
}

BOOST_AUTO_TEST_CASE(chinese_is_segmented_into_dictionary_words) {
    Analyzer analyzer;
    const std::vector<Token> tokens = analyzer.analyze("我们研究了深度学习模型的性能。");
    BOOST_TEST(testing::terms(tokens) == "我们 研究 了 深度 学习 模型 的 性能");
    for (const Token& token : tokens) {
        BOOST_TEST((token.kind == TokenKind::Ideograph), token.term);
    }
}

BOOST_AUTO_TEST_CASE(japanese_is_segmented_into_dictionary_words) {
    BOOST_TEST(terms_of("日本語の文章を分割します。") == "日本語 の 文章 を 分割 し ます");
    BOOST_TEST(terms_of("機械学習モデルを訓練する") == "機械 学習 モデル を 訓練 する");
}

BOOST_AUTO_TEST_CASE(thai_is_segmented_into_dictionary_words) {
    BOOST_TEST(terms_of("ภาษาไทยเป็นภาษาที่ยาก") == "ภาษา ไทย เป็น ภาษา ที่ ยาก");
}

BOOST_AUTO_TEST_CASE(korean_words_are_kept_as_spaced_and_hangul_stays_composed) {
    BOOST_TEST(render_of("한국어 문장입니다") == "한국어/i@0 문장입니다/i@1");
}

BOOST_AUTO_TEST_CASE(japanese_voicing_marks_are_not_removed_as_accents) {
    // が is か + U+3099 under NFD; only Latin, Greek and Cyrillic diacritics are removed.
    BOOST_TEST(terms_of("がくしゅう") != terms_of("かくしゅう"));
    BOOST_TEST(terms_of("か\u3099") == terms_of("が"));
}

BOOST_AUTO_TEST_CASE(mixed_scripts_in_one_text_keep_their_own_rules) {
    BOOST_TEST(render_of("BERT在中文任务上的表现 (Müller, 2020)")
               == "bert/w@0 在/i@1 中文/i@2 任务/i@3 上/i@4 的/i@5 表现/i@6 muller/w@7 2020/n@8");
}

BOOST_DATA_TEST_CASE(invalid_utf8_never_throws_and_separates_words,
                     bdata::make(invalid_utf8()),
                     text) {
    Analyzer analyzer;
    std::vector<Token> tokens;
    BOOST_CHECK_NO_THROW(analyzer.analyze(text, tokens));
    for (const Token& token : tokens) {
        BOOST_TEST(token.end <= text.size());
        BOOST_TEST(token.begin < token.end);
        BOOST_TEST(token.term.find("\xef\xbf\xbd") == std::string::npos, token.term);
    }
    BOOST_CHECK_NO_THROW((void)analyzer.fold(text));
}

BOOST_AUTO_TEST_CASE(invalid_bytes_between_letters_split_the_word) {
    BOOST_TEST(render_of("ab\xffwxy Gr\xfcn") == "ab/w@0 wxy/w@1 gr/w@2 n/w@3");
    Analyzer analyzer;
    BOOST_TEST(analyzer.fold("Gr\xfcn") == "gr\xef\xbf\xbdn"); // U+FFFD
}

BOOST_AUTO_TEST_CASE(empty_and_whitespace_only_input_give_no_tokens) {
    Analyzer analyzer;
    for (const std::string& text : {""s, " "s, "\t\n\r\n "s, "\u00A0\u3000\u2003"s}) {
        std::vector<Token> tokens;
        BOOST_TEST(analyzer.analyze(text, tokens, 5) == 5U);
        BOOST_TEST(tokens.empty());
    }
    BOOST_TEST(analyzer.fold("").empty());
}

BOOST_AUTO_TEST_CASE(punctuation_symbols_and_emoji_give_no_tokens) {
    BOOST_TEST(
        terms_of("!!! ... --- © ® → ∑ ± 😀 👍🏽 「」 。、 ‘’ “” _ @ ++ #")
            .empty());
}

BOOST_AUTO_TEST_CASE(a_megabyte_of_text_is_analysed_completely) {
    const std::string sentence = "Schölkopf’s k-means uses C++ on 1,000 GPUs; 深度学习 works. ";
    std::string text;
    while (text.size() < 1'000'000) {
        text += sentence;
    }
    const std::size_t copies = text.size() / sentence.size();
    Analyzer analyzer;
    const std::vector<Token> one = analyzer.analyze(sentence);
    std::vector<Token> all;
    const std::uint32_t next = analyzer.analyze(text, all);
    BOOST_TEST(all.size() == one.size() * copies);
    BOOST_TEST(next == copies * (one.back().position + 1)); // positions run on across copies
    BOOST_TEST(all.back().term == one.back().term);
    BOOST_TEST(all.back().end == text.size() - 2); // "works" before the final ". "
}

BOOST_AUTO_TEST_CASE(words_longer_than_the_term_limit_are_dropped_but_keep_their_position) {
    const std::string huge(1'000'000, 'a');
    Analyzer analyzer;
    BOOST_TEST(render_of("before " + huge + " after") == "before/w@0 after/w@2");
    const std::string limit(kMaxTermBytes, 'b');
    BOOST_TEST(terms_of(limit) == limit);
    // A joined form over the limit is left out; its parts are kept.
    const std::string part(kMaxTermBytes / 2 + 1, 'c');
    BOOST_TEST(render_of(part + "-" + part) == part + "/w@0 " + part + "/w@1");
}

BOOST_AUTO_TEST_CASE(fold_applies_token_folding_to_a_whole_string) {
    Analyzer analyzer;
    BOOST_TEST(analyzer.fold("Bernhard SCHÖLKOPF") == "bernhard scholkopf");
    BOOST_TEST(analyzer.fold("Stéphane Gaı̈ffas") == "stephane gaiffas");
    BOOST_TEST(analyzer.fold("Łukasz\u00A0Kaiser") == "lukasz kaiser"); // NBSP is NFKC's space
    BOOST_TEST(analyzer.fold("O’Brien-Smith") == "o'brien-smith");
    BOOST_TEST(analyzer.fold("ﬁ") == "fi");
    BOOST_TEST(analyzer.fold("张伟") == "张伟");
}

BOOST_AUTO_TEST_CASE(a_moved_analyzer_keeps_working) {
    Analyzer first;
    Analyzer second(std::move(first));
    BOOST_TEST(testing::terms(second.analyze("Müller")) == "muller");
    Analyzer third;
    third = std::move(second);
    BOOST_TEST(testing::terms(third.analyze("Müller")) == "muller");
}

BOOST_AUTO_TEST_CASE(icu_only_analyzer_gives_the_same_tokens) {
    Analyzer fast;
    Analyzer icu({.ascii_fast_path = false});
    const std::string text = "GPT-3 and C++ on Schölkopf's 1,000 x_1 e.g. U.S. it's";
    BOOST_TEST(testing::describe(fast.analyze(text)) == testing::describe(icu.analyze(text)));
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace peerscope::analyzers
