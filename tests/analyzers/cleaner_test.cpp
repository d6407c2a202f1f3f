#include "peerscope/analyzers/cleaner.hpp"

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <cstddef>
#include <ostream>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace analyzers = peerscope::analyzers;
namespace bdata = boost::unit_test::data;

namespace {

/// One cleaning case: where it comes from, the raw text, the expected clean text.
struct MarkupCase {
    std::string source;
    std::string raw;
    std::string expected;
};

std::ostream& operator<<(std::ostream& os, const MarkupCase& c) {
    return os << c.source;
}

/// Markup as it occurs in the data mirror (the source names the file and record), plus the
/// LaTeX forms the cleaner promises to handle.
const std::vector<MarkupCase> kMarkupCases = {
    // mlanthology legacy abstracts: IEEE end-of-text markers in both shapes
    {"mlanthology colt-legacy gasarch1988colt-learning",
     "Learning languages are also considered.< <ETX xmlns:mml=\"http://www.w3.org/1998/Math/"
     "MathML\" xmlns:xlink=\"http://www.w3.org/1999/xlink\">&gt;</ETX>",
     "Learning languages are also considered."},
    {"mlanthology legacy <<ETX>> marker and '<or=' text",
     "in O(n/sup 2//p) time, for 1<or=p<or=n.<<ETX>>",
     "in O(n/sup 2//p) time, for 1<or=p<or=n."},
    // MathML-namespaced sub/sup elements keep their text
    {"mlanthology cvpr-legacy sub elements",
     "an n <sub xmlns:mml=\"http://www.w3.org/1998/Math/MathML\" xmlns:xlink=\"http://www.w3.org/"
     "1999/xlink\">1</sub> timesn <sub xmlns:mml=\"http://www.w3.org/1998/Math/MathML\" "
     "xmlns:xlink=\"http://www.w3.org/1999/xlink\">2</sub> image as a vector",
     "an n 1 timesn 2 image as a vector"},
    {"MathML elements are separated by spaces",
     "<mml:math><mml:mi>x</mml:mi><mml:mo>=</mml:mo><mml:mn>2</mml:mn></mml:math> holds",
     "x = 2 holds"},
    {"MathML annotation duplicates are dropped",
     "<math><semantics><mi>x</mi><annotation encoding=\"TeX\">x</annotation></semantics></math>",
     "x"},
    // JATS inline formula with TeX math and an image alternative
    {"mlanthology iccv-legacy inline-formula",
     "a fixed-size (e.g., 224<inline-formula><tex-math>$\\times$ </tex-math><alternatives>"
     "<inline-graphic xlink:type=\"simple\" xlink:href=\"he-ieq1-2389824.gif\"/></alternatives>"
     "</inline-formula>224) input image",
     "a fixed-size (e.g., 224 × 224) input image"},
    {"ordinary HTML",
     "CO<sub>2</sub> capture<br/>in <b>bold</b> and <i>italic</i>",
     "CO2 capture in bold and italic"},
    {"HTML comment", "before<!-- hidden -->after", "before after"},
    // angle brackets that are text
    {"mlanthology title with <MASK>",
     "ε Kú <MASK>: Integrating Yorùbá Cultural Greetings Into Machine Translation",
     "ε Kú <MASK>: Integrating Yorùbá Cultural Greetings Into Machine Translation"},
    {"mlanthology title with '<'",
     "Why 1 + 1 < 1 in Visual Token Pruning",
     "Why 1 + 1 < 1 in Visual Token Pruning"},
    {"tags inside math are text",
     "$...\\texttt{<tool>} ... \\texttt{</tool>}...$ tags",
     "...<tool> ... </tool>... tags"},
    // entities
    {"aan L08-1068 authors",
     "Mapelli, Val&eacute;rie; Mazo, H&eacute;l&egrave;ne",
     "Mapelli, Valérie; Mazo, Hélène"},
    {"dblp-cgm title",
     "Parametric triangular B&eacute;zier surface interpolation",
     "Parametric triangular Bézier surface interpolation"},
    {"dblp-cgm title &mdash;",
     "A Spatially Coherent Discrete Wavelet Transform &mdash; Accessing the Localization",
     "A Spatially Coherent Discrete Wavelet Transform — Accessing the Localization"},
    {"numeric entities",
     "caf&#233; caf&#xE9; caf&#x00E9; &#8212; &#x01d4c3; &lt;b&gt;",
     "café café café — 𝓃 <b>"},
    {"mlanthology koenig2010colt-open: double-escaped entities",
     "(Wagner &amp;amp; Bruckstein, 2001) such&amp;quot;causal &amp;quot; &amp;#8217;",
     "(Wagner & Bruckstein, 2001) such\"causal \" ’"},
    {"mlanthology ok2017alt-collaborative: numeric entity without ';'",
     "the users&#8217 structure",
     "the users’ structure"},
    {"carriage return entities collapse", "line one.&#13;\n&#x0D;line two", "line one. line two"},
    {"nbsp and soft hyphen",
     "non&nbsp;breaking hy&shy;phen\xC2\xA0space",
     "non breaking hyphen space"},
    {"Windows-1252 numeric entity", "&#150; &#147;quoted&#148;", "– “quoted”"},
    {"not entities",
     "Retrieval & Fine-Tuning; m&m’s; &; &unknownentity;",
     "Retrieval & Fine-Tuning; m&m’s; &; &unknownentity;"},
    // LaTeX accents (names and titles)
    {"brace-wrapped accent", "Gr{\\\"u}n", "Grün"},
    {"braced acute", "Ren{\\'e}", "René"},
    {"acute with braced letter", "Ren\\'{e}", "René"},
    {"umlaut without braces", "G\\\"odel", "Gödel"},
    {"sharp s", "Stra\\ss e and Gro\\ss{}", "Straße and Groß"},
    {"slashed o", "Bj\\o rn Bj{\\o}rk", "Bjørn Bjørk"},
    {"barred l", "\\L{}ukasz Micha\\l owski", "Łukasz Michałowski"},
    {"cedilla", "Fran\\c{c}ois Fran\\c cois", "François François"},
    {"caron", "Ale\\v{s} \\v{S}koda", "Aleš Škoda"},
    {"tilde", "Espa\\~na", "España"},
    {"circumflex", "h\\^otel", "hôtel"},
    {"grave", "voil\\`a", "voilà"},
    {"dotless i under an accent", "Mar\\'{\\i}a Mar\\'\\i a", "María María"},
    {"double acute and ogonek", "Erd\\H{o}s and \\k{a}", "Erdős and ą"},
    {"arxiv 0704.0001 author", "C. Bal\\'azs", "C. Balázs"},
    {"aan author", "S\\'ami", "Sámi"},
    {"aan title umlaut", "(FernUniversit\\\"at Hagen)", "(FernUniversität Hagen)"},
    {"mlanthology Clémen\\con", "Clémen\\con", "Clémençon"},
    // LaTeX formatting and escapes
    {"bf group", "{\\bf A} note", "A note"},
    {"emph", "an \\emph{x} here", "an x here"},
    {"textsc title",
     "\\textsc{PGO-BEN}: Proxy-Guided Orthogonalization",
     "PGO-BEN: Proxy-Guided Orthogonalization"},
    {"aan escaped ampersand", "C\\&C Tools", "C&C Tools"},
    {"aan discretionary hyphens", "Target-\\-Lan\\-gua\\-ge", "Target-Language"},
    {"glued formatting command", "\\textttconfopt: A Library", "confopt: A Library"},
    {"glued symbol",
     "\\proptoSVM for Learning with Label Proportions",
     "∝SVM for Learning with Label Proportions"},
    {"symbol keeps the following space", "\\pi Match: Monocular vSLAM", "π Match: Monocular vSLAM"},
    {"ensuremath", "\\ensuremathα-Former", "α-Former"},
    {"mathtt declaration-like", "\\mathtt OSLα : Online", "OSLα : Online"},
    {"dblp-cgm Bbb without argument", "Solids in \\Bbb .", "Solids in ."},
    {"dblp-cgm beta",
     "1/f\\beta Noise-Based Real-Time Animation",
     "1/fβ Noise-Based Real-Time Animation"},
    // math
    {"mathcal in math", "$\\mathcal{X}$-Armed Bandits", "X-Armed Bandits"},
    {"single letter math",
     "Learning Weighted Top-$k$ Support Vector Machine",
     "Learning Weighted Top-k Support Vector Machine"},
    {"superscript", "$K^2$-GNN: Multiple Users’ Comments", "K^2-GNN: Multiple Users’ Comments"},
    {"subscript braces",
     "With $\\ell_{1}$-Norm-Based Appearance",
     "With ℓ_1-Norm-Based Appearance"},
    {"dblp-cgm ell",
     "Learning With $\\ell$-Graph for Image Analysis.",
     "Learning With ℓ-Graph for Image Analysis."},
    {"paren math", "\\(\\varepsilon\\)-Optimally Solving", "ε-Optimally Solving"},
    {"log spacing", "comparisons of \\(O(n\\log(n))\\) pairs", "comparisons of O(n log(n)) pairs"},
    {"fraction", "a rate of $\\frac{1}{\\sqrt{n}}$ holds", "a rate of 1/√n holds"},
    {"dollars that are money", "costs $5 and $10 each, $5-$10", "costs $5 and $10 each, $5-$10"},
    {"mlanthology bergman2024automl-dont: math before a number",
     "in $\\sim$94% of all datasets",
     "in ∼94% of all datasets"},
    {"mlanthology awasthi2018aistats-robust: embedded formula source",
     "a set S={vi∈Rm:i=1,⋯,n}\\documentclass[12pt]{minimal} \\usepackage{amsmath} "
     "\\setlength{\\oddsidemargin}{-69pt} \\begin{document}$$S= \\{v_i \\in \\mathbb {R} ^m: "
     "i=1, \\dots , n\\}$$\\end{document} is a convex set",
     "a set S={vi∈Rm:i=1,⋯,n} is a convex set"},
    {"environments", "\\begin{itemize}\\item one \\item two\\end{itemize}", "one two"},
    {"display math", "$$a \\leq b$$ then", "a ≤ b then"},
    {"mlanthology scaman2017icml-optimal: entity in math",
     "achieves a precision $\\varepsilon &gt; 0$ in time",
     "achieves a precision ε > 0 in time"},
    {"escaped dollar", "a \\$5 fee", "a $5 fee"},
    // braces
    {"set braces stay",
     "Predicting {0, 1}-Functions on Randomly Drawn Points",
     "Predicting {0, 1}-Functions on Randomly Drawn Points"},
    {"whole-title braces", "{Multi-Player Bandits Revisited}", "Multi-Player Bandits Revisited"},
    {"BibTeX case protection", "{B}ayesian {GAN}s", "Bayesian GANs"},
    {"mlanthology acml: BibTeX braces in abstracts",
     "batch ({{Zhang et al.}} ({2017})) on {Total-Text}, {i.e.}, under{-}representation",
     "batch (Zhang et al. (2017)) on Total-Text, i.e., under-representation"},
    {"glued letter accents are not guessed",
     "\\usepackage{x} \\documentclassic \\color",
     "documentclassic color"},
    {"unbalanced braces stay", "a } b { c", "a } b { c"},
    // whitespace
    {"mlanthology title with CR",
     "Fast Dynamic Convolutional Neural Networks for Visual\r Tracking",
     "Fast Dynamic Convolutional Neural Networks for Visual Tracking"},
    {"collapse and trim", "  two\t\tspaces \n\n and  more  ", "two spaces and more"},
    {"unicode spaces",
     "thin\xE2\x80\x89space ideographic\xE3\x80\x80space zero\xE2\x80\x8Bwidth",
     "thin space ideographic space zerowidth"},
    {"empty", "", ""},
    {"only markup", "<p></p>", ""},
};

} // namespace

BOOST_AUTO_TEST_SUITE(cleaner)

BOOST_DATA_TEST_CASE(clean_markup_turns_real_markup_into_plain_text, bdata::make(kMarkupCases), c) {
    BOOST_TEST(analyzers::clean_markup(c.raw) == c.expected);
    // clean_text is the same for valid input
    BOOST_TEST(analyzers::clean_text(c.raw) == c.expected);
}

BOOST_AUTO_TEST_CASE(plain_text_comes_back_unchanged) {
    const std::string plain = "We derive analytic bounds on the noise invariance of majority vote "
                              "classifiers – “Initial Alignment” (INAL), ℓ1 norm, 3×3 ±1.";
    BOOST_TEST(analyzers::clean_markup(plain) == plain);
    BOOST_TEST(analyzers::clean_text(plain) == plain);
}

/// One invalid-UTF-8 case: raw bytes, mode, expected text and repair count.
struct Utf8Case {
    std::string source;
    std::string raw;
    analyzers::InvalidUtf8 mode;
    std::string expected;
    std::size_t repairs;
};

std::ostream& operator<<(std::ostream& os, const Utf8Case& c) {
    return os << c.source;
}

const std::vector<Utf8Case> kUtf8Cases = {
    {"valid text is untouched",
     "Schölkopf – “ok”",
     analyzers::InvalidUtf8::Replace,
     "Schölkopf – “ok”",
     0},
    {"dblp-cgm 1100160: lost lead byte",
     "Anders ?\x85str\xc3\xb6m",
     analyzers::InvalidUtf8::Replace,
     "Anders ?\xEF\xBF\xBDstr\xc3\xb6m",
     1},
    {"truncated two-byte sequence at the end",
     "caf\xc3",
     analyzers::InvalidUtf8::Replace,
     "caf\xEF\xBF\xBD",
     1},
    {"truncated three-byte sequence is one maximal subpart",
     "a\xe2\x82z",
     analyzers::InvalidUtf8::Replace,
     "a\xEF\xBF\xBDz",
     1},
    {"overlong slash C0 AF",
     "a\xc0\xaf"
     "b",
     analyzers::InvalidUtf8::Replace,
     "a\xEF\xBF\xBD\xEF\xBF\xBD"
     "b",
     2},
    {"overlong three-byte E0 80 AF",
     "\xe0\x80\xaf",
     analyzers::InvalidUtf8::Replace,
     "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD",
     3},
    {"UTF-16 surrogate ED A0 80",
     "\xed\xa0\x80",
     analyzers::InvalidUtf8::Replace,
     "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD",
     3},
    {"above U+10FFFF",
     "\xf4\x90\x80\x80",
     analyzers::InvalidUtf8::Replace,
     "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD",
     4},
    {"Latin-1 e acute as Windows-1252", "caf\xe9", analyzers::InvalidUtf8::Windows1252, "café", 1},
    {"aan L08-1021 Windows-1252 quote",
     "Annotating \x93tense?in a Tense-less Language",
     analyzers::InvalidUtf8::Windows1252,
     "Annotating “tense?in a Tense-less Language",
     1},
    {"Windows-1252 quotes and apostrophe",
     "\x93quoted\x94 Children\x92s",
     analyzers::InvalidUtf8::Windows1252,
     "“quoted” Children’s",
     3},
    {"Windows-1252 undefined byte",
     "a\x81z",
     analyzers::InvalidUtf8::Windows1252,
     "a\xEF\xBF\xBDz",
     1},
    {"Windows-1252 mode keeps valid UTF-8",
     "Mü\xe9",
     analyzers::InvalidUtf8::Windows1252,
     "Müé",
     1},
    {"aan W08-0129: truncated UTF-8 is not Windows-1252",
     "Users\xe2\x80?Evaluation",
     analyzers::InvalidUtf8::Windows1252,
     "Users\xEF\xBF\xBD?Evaluation",
     1},
    {"aan J08-4006: a Windows-1252 name in a title",
     "Mathematical Linguistics by  Kornai, Andr\xe1s",
     analyzers::InvalidUtf8::Windows1252,
     "Mathematical Linguistics by  Kornai, András",
     1},
};

BOOST_DATA_TEST_CASE(to_valid_utf8_repairs_and_counts_invalid_sequences,
                     bdata::make(kUtf8Cases),
                     c) {
    std::size_t repaired = 99;
    const std::string out = analyzers::to_valid_utf8(c.raw, c.mode, &repaired);
    BOOST_TEST(out == c.expected);
    BOOST_TEST(repaired == c.repairs);
    BOOST_TEST(analyzers::is_valid_utf8(out));
    BOOST_TEST(analyzers::is_valid_utf8(c.raw) == (c.repairs == 0));
}

BOOST_AUTO_TEST_CASE(clean_text_repairs_then_cleans) {
    std::size_t repaired = 0;
    BOOST_TEST(analyzers::clean_text(
                   "Val&eacute;rie \x93Quote\x94  ", analyzers::InvalidUtf8::Windows1252, &repaired)
               == "Valérie “Quote”");
    BOOST_TEST(repaired == 2u);
    BOOST_TEST(analyzers::clean_text("plain", analyzers::InvalidUtf8::Replace, &repaired)
               == "plain");
    BOOST_TEST(repaired == 0u);
}

BOOST_AUTO_TEST_CASE(random_bytes_never_yield_invalid_utf8) {
    std::mt19937 rng(20261126);
    std::uniform_int_distribution<int> byte(0, 255);
    std::uniform_int_distribution<int> pick(0, 11);
    const std::string specials = "<>&;#\\{}$^_ ";
    for (int round = 0; round < 2000; ++round) {
        std::string raw;
        const int len = round % 64;
        for (int k = 0; k < len; ++k) {
            raw.push_back(pick(rng) < 4 ? specials[static_cast<std::size_t>(pick(rng))]
                                        : static_cast<char>(byte(rng)));
        }
        const std::string valid = analyzers::to_valid_utf8(raw, analyzers::InvalidUtf8::Replace);
        BOOST_REQUIRE(analyzers::is_valid_utf8(valid));
        const std::string clean = analyzers::clean_markup(valid);
        BOOST_REQUIRE(analyzers::is_valid_utf8(clean));
        const std::string one_pass =
            analyzers::clean_text(raw, analyzers::InvalidUtf8::Windows1252);
        BOOST_REQUIRE(analyzers::is_valid_utf8(one_pass));
        // clean_text's single scan decides exactly as the two steps do
        BOOST_REQUIRE(one_pass
                      == analyzers::clean_markup(
                          analyzers::to_valid_utf8(raw, analyzers::InvalidUtf8::Windows1252)));
        BOOST_REQUIRE(analyzers::clean_text(valid) == clean);
    }
}

BOOST_AUTO_TEST_CASE(pathological_nesting_stays_linear) {
    std::string raw(200000, '{');
    raw += std::string(50000, '<') + std::string(50000, '$') + std::string(50000, '\\');
    const auto start = std::chrono::steady_clock::now();
    const std::string out = analyzers::clean_markup(raw);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    BOOST_TEST(analyzers::is_valid_utf8(out));
    BOOST_TEST(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count() < 2000);
}

BOOST_AUTO_TEST_SUITE_END()
