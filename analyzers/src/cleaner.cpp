#include "peerscope/analyzers/cleaner.hpp"

#include <unicode/normalizer2.h>
#include <unicode/utypes.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace peerscope::analyzers {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

/// Bytes of a code point; the caller guarantees cp <= U+10FFFF and not a surrogate.
void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

unsigned char byte_at(std::string_view s, std::size_t i) {
    return static_cast<unsigned char>(s[i]);
}

/// Decodes the UTF-8 sequence starting at @p i. Returns its length (1-4) and sets @p cp, or
/// returns 0 when the bytes there are not a well-formed sequence; then @p bad receives the length
/// of the maximal ill-formed subpart (at least 1), the unit that Unicode replaces by one U+FFFD.
std::size_t decode_utf8(std::string_view s, std::size_t i, char32_t& cp, std::size_t& bad) {
    const unsigned char b0 = byte_at(s, i);
    if (b0 < 0x80) {
        cp = b0;
        return 1;
    }
    std::size_t need = 0;
    unsigned char lo = 0x80;
    unsigned char hi = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        need = 1;
        cp = b0 & 0x1F;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        need = 2;
        cp = b0 & 0x0F;
        if (b0 == 0xE0) {
            lo = 0xA0; // overlong
        } else if (b0 == 0xED) {
            hi = 0x9F; // surrogates
        }
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        need = 3;
        cp = b0 & 0x07;
        if (b0 == 0xF0) {
            lo = 0x90; // overlong
        } else if (b0 == 0xF4) {
            hi = 0x8F; // above U+10FFFF
        }
    } else {
        bad = 1; // continuation byte without lead, C0/C1 overlong leads, F5..FF
        return 0;
    }
    for (std::size_t k = 1; k <= need; ++k) {
        if (i + k >= s.size()) {
            bad = k;
            return 0;
        }
        const unsigned char b = byte_at(s, i + k);
        const unsigned char low = k == 1 ? lo : 0x80;
        const unsigned char high = k == 1 ? hi : 0xBF;
        if (b < low || b > high) {
            bad = k;
            return 0;
        }
        cp = (cp << 6) | (b & 0x3F);
    }
    return need + 1;
}

/// Windows-1252 bytes 0x80-0x9F (0 where the code page leaves the byte undefined).
constexpr std::array<char16_t, 32> kCp1252High = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

char32_t decode_cp1252(unsigned char b) {
    if (b >= 0x80 && b <= 0x9F) {
        const char16_t cp = kCp1252High[b - 0x80];
        return cp == 0 ? kReplacement : cp;
    }
    return b; // ASCII and 0xA0-0xFF are Latin-1
}

bool is_ascii_space_or_control(unsigned char c) {
    return c <= 0x20 || c == 0x7F;
}

/// Code points that clean_markup turns into a (collapsible) space.
bool is_space_like(char32_t cp) {
    return cp <= 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0xA0) || cp == 0x1680
           || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F
           || cp == 0x205F || cp == 0x3000;
}

/// Invisible code points that clean_markup removes (soft hyphen, zero width space, word joiner,
/// byte order mark). ZWJ/ZWNJ are kept: some scripts need them.
bool is_dropped(char32_t cp) {
    return cp == 0xAD || cp == 0x200B || cp == 0x2060 || cp == 0xFEFF;
}

/// Bytes that may need cleaning: markup starters, ASCII controls, the space (doubled or at an
/// end), and lead bytes of the non-ASCII spaces and invisible characters that clean_markup
/// rewrites.
constexpr std::array<bool, 256> kSuspectBytes = [] {
    std::array<bool, 256> t{};
    for (int c = 0; c < 0x20; ++c) {
        t[static_cast<std::size_t>(c)] = true;
    }
    for (const unsigned char c : {'<', '&', '\\', '{', '$', ' '}) {
        t[c] = true;
    }
    t[0x7F] = true;
    t[0xC2] = true; // U+0080..U+00BF: C1 controls, NBSP, soft hyphen
    t[0xE1] = true; // U+1680
    t[0xE2] = true; // U+2000..U+206F
    t[0xE3] = true; // U+3000
    t[0xEF] = true; // U+FEFF
    return t;
}();

/// Quick scan: does clean_markup have anything to do?
bool needs_markup_cleaning(std::string_view s) {
    if (s.empty()) {
        return false;
    }
    if (s.front() == ' ' || s.back() == ' ') {
        return true;
    }
    const std::size_t n = s.size();
    for (std::size_t i = 0; i < n; ++i) {
        const unsigned char c = byte_at(s, i);
        if (!kSuspectBytes[c]) {
            continue;
        }
        if (c == ' ') {
            if (byte_at(s, i + 1) == ' ') { // i + 1 < n: s does not end with a space
                return true;
            }
            continue;
        }
        if (c == 0xC2) {
            const unsigned char next = i + 1 < n ? byte_at(s, i + 1) : 0;
            if (next <= 0xA0 || next == 0xAD) {
                return true;
            }
            continue;
        }
        return true;
    }
    return false;
}

/// What one pass over a text found: whether it is valid UTF-8 and whether clean_markup has work.
struct TextScan {
    bool valid = true;
    bool needs_markup = false;
};

/// is_valid_utf8() and needs_markup_cleaning() in one pass (clean_text's common case).
TextScan scan_text(std::string_view s) {
    TextScan scan;
    const std::size_t n = s.size();
    scan.needs_markup = n > 0 && (s.front() == ' ' || s.back() == ' ');
    std::size_t i = 0;
    while (i < n) {
        const unsigned char c = byte_at(s, i);
        if (c < 0x80) {
            if (kSuspectBytes[c] && !scan.needs_markup) {
                scan.needs_markup = c != ' ' || byte_at(s, i + 1) == ' ';
            }
            ++i;
            continue;
        }
        char32_t cp = 0;
        std::size_t bad = 0;
        const std::size_t len = decode_utf8(s, i, cp, bad);
        if (len == 0) {
            scan.valid = false;
            return scan;
        }
        if (kSuspectBytes[c] && !scan.needs_markup) {
            scan.needs_markup = c != 0xC2 || byte_at(s, i + 1) <= 0xA0 || byte_at(s, i + 1) == 0xAD;
        }
        i += len;
    }
    return scan;
}

// ---------------------------------------------------------------------------------------------
// Tables

struct NamedCode {
    std::string_view name;
    char32_t cp;
};

/// HTML named entities seen in scholarly metadata: the Latin-1 set, Latin Extended letters used in
/// names, typography, Greek and common mathematics (HTML 4 plus a few HTML 5 names).
const std::vector<NamedCode>& entity_table() {
    static const std::vector<NamedCode> table = [] {
        std::vector<NamedCode> t = {
            {"AElig", 0xC6},     {"Aacute", 0xC1},   {"Abreve", 0x102},  {"Acirc", 0xC2},
            {"Agrave", 0xC0},    {"Alpha", 0x391},   {"Amacr", 0x100},   {"Aogon", 0x104},
            {"Aring", 0xC5},     {"Atilde", 0xC3},   {"Auml", 0xC4},     {"Beta", 0x392},
            {"Cacute", 0x106},   {"Ccaron", 0x10C},  {"Ccedil", 0xC7},   {"Chi", 0x3A7},
            {"Dagger", 0x2021},  {"Dcaron", 0x10E},  {"Delta", 0x394},   {"Dstrok", 0x110},
            {"ETH", 0xD0},       {"Eacute", 0xC9},   {"Ecaron", 0x11A},  {"Ecirc", 0xCA},
            {"Egrave", 0xC8},    {"Emacr", 0x112},   {"Eogon", 0x118},   {"Epsilon", 0x395},
            {"Eta", 0x397},      {"Euml", 0xCB},     {"Gamma", 0x393},   {"Gbreve", 0x11E},
            {"Iacute", 0xCD},    {"Icirc", 0xCE},    {"Idot", 0x130},    {"Igrave", 0xCC},
            {"Iota", 0x399},     {"Iuml", 0xCF},     {"Kappa", 0x39A},   {"Lambda", 0x39B},
            {"Lstrok", 0x141},   {"Mu", 0x39C},      {"Nacute", 0x143},  {"Ncaron", 0x147},
            {"Ntilde", 0xD1},    {"Nu", 0x39D},      {"OElig", 0x152},   {"Oacute", 0xD3},
            {"Ocirc", 0xD4},     {"Odblac", 0x150},  {"Ograve", 0xD2},   {"Omega", 0x3A9},
            {"Omicron", 0x39F},  {"Oslash", 0xD8},   {"Otilde", 0xD5},   {"Ouml", 0xD6},
            {"Phi", 0x3A6},      {"Pi", 0x3A0},      {"Prime", 0x2033},  {"Psi", 0x3A8},
            {"Racute", 0x154},   {"Rcaron", 0x158},  {"Rho", 0x3A1},     {"Sacute", 0x15A},
            {"Scaron", 0x160},   {"Scedil", 0x15E},  {"Sigma", 0x3A3},   {"THORN", 0xDE},
            {"Tau", 0x3A4},      {"Tcaron", 0x164},  {"Theta", 0x398},   {"Uacute", 0xDA},
            {"Ucirc", 0xDB},     {"Udblac", 0x170},  {"Ugrave", 0xD9},   {"Upsilon", 0x3A5},
            {"Uring", 0x16E},    {"Uuml", 0xDC},     {"Xi", 0x39E},      {"Yacute", 0xDD},
            {"Yuml", 0x178},     {"Zacute", 0x179},  {"Zcaron", 0x17D},  {"Zdot", 0x17B},
            {"Zeta", 0x396},     {"aacute", 0xE1},   {"abreve", 0x103},  {"acirc", 0xE2},
            {"acute", 0xB4},     {"aelig", 0xE6},    {"agrave", 0xE0},   {"alefsym", 0x2135},
            {"alpha", 0x3B1},    {"amacr", 0x101},   {"amp", '&'},       {"and", 0x2227},
            {"ang", 0x2220},     {"aogon", 0x105},   {"apos", '\''},     {"aring", 0xE5},
            {"asymp", 0x2248},   {"atilde", 0xE3},   {"auml", 0xE4},     {"bdquo", 0x201E},
            {"beta", 0x3B2},     {"brvbar", 0xA6},   {"bull", 0x2022},   {"cacute", 0x107},
            {"cap", 0x2229},     {"ccaron", 0x10D},  {"ccedil", 0xE7},   {"cedil", 0xB8},
            {"cent", 0xA2},      {"chi", 0x3C7},     {"circ", 0x2C6},    {"cong", 0x2245},
            {"copy", 0xA9},      {"crarr", 0x21B5},  {"cup", 0x222A},    {"curren", 0xA4},
            {"dArr", 0x21D3},    {"dagger", 0x2020}, {"darr", 0x2193},   {"dcaron", 0x10F},
            {"deg", 0xB0},       {"delta", 0x3B4},   {"divide", 0xF7},   {"dstrok", 0x111},
            {"eacute", 0xE9},    {"ecaron", 0x11B},  {"ecirc", 0xEA},    {"egrave", 0xE8},
            {"emacr", 0x113},    {"empty", 0x2205},  {"emsp", 0x2003},   {"ensp", 0x2002},
            {"eogon", 0x119},    {"epsilon", 0x3B5}, {"equiv", 0x2261},  {"eta", 0x3B7},
            {"eth", 0xF0},       {"euml", 0xEB},     {"euro", 0x20AC},   {"exist", 0x2203},
            {"fnof", 0x192},     {"forall", 0x2200}, {"frac12", 0xBD},   {"frac14", 0xBC},
            {"frac34", 0xBE},    {"frasl", 0x2044},  {"gamma", 0x3B3},   {"gbreve", 0x11F},
            {"ge", 0x2265},      {"gt", '>'},        {"hArr", 0x21D4},   {"harr", 0x2194},
            {"hellip", 0x2026},  {"iacute", 0xED},   {"icirc", 0xEE},    {"iexcl", 0xA1},
            {"igrave", 0xEC},    {"image", 0x2111},  {"infin", 0x221E},  {"int", 0x222B},
            {"iota", 0x3B9},     {"iquest", 0xBF},   {"isin", 0x2208},   {"iuml", 0xEF},
            {"kappa", 0x3BA},    {"lArr", 0x21D0},   {"lambda", 0x3BB},  {"lang", 0x27E8},
            {"laquo", 0xAB},     {"larr", 0x2190},   {"lceil", 0x2308},  {"ldquo", 0x201C},
            {"le", 0x2264},      {"lfloor", 0x230A}, {"lowast", 0x2217}, {"loz", 0x25CA},
            {"lrm", 0x200E},     {"lsaquo", 0x2039}, {"lsquo", 0x2018},  {"lstrok", 0x142},
            {"lt", '<'},         {"macr", 0xAF},     {"mdash", 0x2014},  {"micro", 0xB5},
            {"middot", 0xB7},    {"minus", 0x2212},  {"mu", 0x3BC},      {"nabla", 0x2207},
            {"nacute", 0x144},   {"nbsp", 0xA0},     {"ncaron", 0x148},  {"ndash", 0x2013},
            {"ne", 0x2260},      {"ni", 0x220B},     {"not", 0xAC},      {"notin", 0x2209},
            {"nsub", 0x2284},    {"ntilde", 0xF1},   {"nu", 0x3BD},      {"oacute", 0xF3},
            {"ocirc", 0xF4},     {"odblac", 0x151},  {"oelig", 0x153},   {"ograve", 0xF2},
            {"oline", 0x203E},   {"omega", 0x3C9},   {"omicron", 0x3BF}, {"oplus", 0x2295},
            {"or", 0x2228},      {"ordf", 0xAA},     {"ordm", 0xBA},     {"oslash", 0xF8},
            {"otilde", 0xF5},    {"otimes", 0x2297}, {"ouml", 0xF6},     {"para", 0xB6},
            {"part", 0x2202},    {"permil", 0x2030}, {"perp", 0x22A5},   {"phi", 0x3C6},
            {"pi", 0x3C0},       {"piv", 0x3D6},     {"plusmn", 0xB1},   {"pound", 0xA3},
            {"prime", 0x2032},   {"prod", 0x220F},   {"prop", 0x221D},   {"psi", 0x3C8},
            {"quot", '"'},       {"rArr", 0x21D2},   {"racute", 0x155},  {"radic", 0x221A},
            {"rang", 0x27E9},    {"raquo", 0xBB},    {"rarr", 0x2192},   {"rcaron", 0x159},
            {"rceil", 0x2309},   {"rdquo", 0x201D},  {"real", 0x211C},   {"reg", 0xAE},
            {"rfloor", 0x230B},  {"rho", 0x3C1},     {"rlm", 0x200F},    {"rsaquo", 0x203A},
            {"rsquo", 0x2019},   {"sacute", 0x15B},  {"sbquo", 0x201A},  {"scaron", 0x161},
            {"scedil", 0x15F},   {"sdot", 0x22C5},   {"sect", 0xA7},     {"shy", 0xAD},
            {"sigma", 0x3C3},    {"sigmaf", 0x3C2},  {"sim", 0x223C},    {"sub", 0x2282},
            {"sube", 0x2286},    {"sum", 0x2211},    {"sup", 0x2283},    {"sup1", 0xB9},
            {"sup2", 0xB2},      {"sup3", 0xB3},     {"supe", 0x2287},   {"szlig", 0xDF},
            {"tau", 0x3C4},      {"tcaron", 0x165},  {"there4", 0x2234}, {"theta", 0x3B8},
            {"thetasym", 0x3D1}, {"thinsp", 0x2009}, {"thorn", 0xFE},    {"tilde", 0x2DC},
            {"times", 0xD7},     {"trade", 0x2122},  {"uArr", 0x21D1},   {"uacute", 0xFA},
            {"uarr", 0x2191},    {"ucirc", 0xFB},    {"udblac", 0x171},  {"ugrave", 0xF9},
            {"uml", 0xA8},       {"upsih", 0x3D2},   {"upsilon", 0x3C5}, {"uring", 0x16F},
            {"uuml", 0xFC},      {"weierp", 0x2118}, {"xi", 0x3BE},      {"yacute", 0xFD},
            {"yen", 0xA5},       {"yuml", 0xFF},     {"zacute", 0x17A},  {"zcaron", 0x17E},
            {"zdot", 0x17C},     {"zeta", 0x3B6},    {"zwj", 0x200D},    {"zwnj", 0x200C},
        };
        std::sort(t.begin(), t.end(), [](const NamedCode& a, const NamedCode& b) {
            return a.name < b.name;
        });
        return t;
    }();
    return table;
}

/// Looks @p name up in a table sorted by name; nullptr when absent.
const NamedCode* find_named(const std::vector<NamedCode>& table, std::string_view name) {
    const auto it = std::lower_bound(
        table.begin(), table.end(), name, [](const NamedCode& e, std::string_view n) {
            return e.name < n;
        });
    return (it != table.end() && it->name == name) ? &*it : nullptr;
}

/// LaTeX commands that stand for one character: letters in names (\ss, \o, \l), Greek and the
/// mathematical symbols seen in titles and abstracts.
const std::vector<NamedCode>& latex_symbol_table() {
    static const std::vector<NamedCode> table = [] {
        std::vector<NamedCode> t = {
            // letters
            {"AA", 0xC5},
            {"AE", 0xC6},
            {"DH", 0xD0},
            {"L", 0x141},
            {"NG", 0x14A},
            {"O", 0xD8},
            {"OE", 0x152},
            {"TH", 0xDE},
            {"aa", 0xE5},
            {"ae", 0xE6},
            {"dh", 0xF0},
            {"dj", 0x111},
            {"i", 0x131},
            {"j", 0x237},
            {"l", 0x142},
            {"ng", 0x14B},
            {"o", 0xF8},
            {"oe", 0x153},
            {"ss", 0xDF},
            {"th", 0xFE},
            // Greek
            {"alpha", 0x3B1},
            {"beta", 0x3B2},
            {"gamma", 0x3B3},
            {"delta", 0x3B4},
            {"epsilon", 0x3F5},
            {"varepsilon", 0x3B5},
            {"zeta", 0x3B6},
            {"eta", 0x3B7},
            {"theta", 0x3B8},
            {"vartheta", 0x3D1},
            {"iota", 0x3B9},
            {"kappa", 0x3BA},
            {"lambda", 0x3BB},
            {"mu", 0x3BC},
            {"nu", 0x3BD},
            {"xi", 0x3BE},
            {"pi", 0x3C0},
            {"varpi", 0x3D6},
            {"rho", 0x3C1},
            {"varrho", 0x3F1},
            {"sigma", 0x3C3},
            {"varsigma", 0x3C2},
            {"tau", 0x3C4},
            {"upsilon", 0x3C5},
            {"phi", 0x3D5},
            {"varphi", 0x3C6},
            {"chi", 0x3C7},
            {"psi", 0x3C8},
            {"omega", 0x3C9},
            {"Gamma", 0x393},
            {"Delta", 0x394},
            {"Theta", 0x398},
            {"Lambda", 0x39B},
            {"Xi", 0x39E},
            {"Pi", 0x3A0},
            {"Sigma", 0x3A3},
            {"Upsilon", 0x3A5},
            {"Phi", 0x3A6},
            {"Psi", 0x3A8},
            {"Omega", 0x3A9},
            // mathematics
            {"times", 0xD7},
            {"cdot", 0xB7},
            {"div", 0xF7},
            {"pm", 0xB1},
            {"mp", 0x2213},
            {"leq", 0x2264},
            {"le", 0x2264},
            {"geq", 0x2265},
            {"ge", 0x2265},
            {"neq", 0x2260},
            {"ne", 0x2260},
            {"ll", 0x226A},
            {"gg", 0x226B},
            {"approx", 0x2248},
            {"sim", 0x223C},
            {"simeq", 0x2243},
            {"cong", 0x2245},
            {"equiv", 0x2261},
            {"propto", 0x221D},
            {"infty", 0x221E},
            {"partial", 0x2202},
            {"nabla", 0x2207},
            {"sum", 0x2211},
            {"prod", 0x220F},
            {"int", 0x222B},
            {"oint", 0x222E},
            {"in", 0x2208},
            {"notin", 0x2209},
            {"ni", 0x220B},
            {"subset", 0x2282},
            {"subseteq", 0x2286},
            {"supset", 0x2283},
            {"supseteq", 0x2287},
            {"cup", 0x222A},
            {"cap", 0x2229},
            {"setminus", 0x2216},
            {"forall", 0x2200},
            {"exists", 0x2203},
            {"emptyset", 0x2205},
            {"varnothing", 0x2205},
            {"to", 0x2192},
            {"rightarrow", 0x2192},
            {"leftarrow", 0x2190},
            {"gets", 0x2190},
            {"Rightarrow", 0x21D2},
            {"Leftarrow", 0x21D0},
            {"leftrightarrow", 0x2194},
            {"Leftrightarrow", 0x21D4},
            {"iff", 0x21D4},
            {"implies", 0x21D2},
            {"mapsto", 0x21A6},
            {"uparrow", 0x2191},
            {"downarrow", 0x2193},
            {"ldots", 0x2026},
            {"dots", 0x2026},
            {"cdots", 0x22EF},
            {"vdots", 0x22EE},
            {"ddots", 0x22F1},
            {"circ", 0x2218},
            {"bullet", 0x2022},
            {"star", 0x22C6},
            {"ast", 0x2217},
            {"oplus", 0x2295},
            {"otimes", 0x2297},
            {"odot", 0x2299},
            {"wedge", 0x2227},
            {"land", 0x2227},
            {"vee", 0x2228},
            {"lor", 0x2228},
            {"neg", 0xAC},
            {"lnot", 0xAC},
            {"langle", 0x27E8},
            {"rangle", 0x27E9},
            {"lceil", 0x2308},
            {"rceil", 0x2309},
            {"lfloor", 0x230A},
            {"rfloor", 0x230B},
            {"mid", 0x2223},
            {"parallel", 0x2225},
            {"perp", 0x22A5},
            {"top", 0x22A4},
            {"bot", 0x22A5},
            {"vdash", 0x22A2},
            {"models", 0x22A8},
            {"hbar", 0x210F},
            {"ell", 0x2113},
            {"Re", 0x211C},
            {"Im", 0x2111},
            {"aleph", 0x2135},
            {"wp", 0x2118},
            {"prime", 0x2032},
            {"triangle", 0x25B3},
            {"square", 0x25A1},
            {"Box", 0x25A1},
            {"diamond", 0x22C4},
            {"angle", 0x2220},
            {"degree", 0xB0},
            {"sqrt", 0x221A},
            {"surd", 0x221A},
            {"checkmark", 0x2713},
            {"lvert", '|'},
            {"rvert", '|'},
            {"vert", '|'},
            {"lVert", 0x2016},
            {"rVert", 0x2016},
            {"Vert", 0x2016},
            {"backslash", '\\'},
            {"colon", ':'},
            {"prec", 0x227A},
            {"succ", 0x227B},
            {"preceq", 0x2AAF},
            {"succeq", 0x2AB0},
            {"lesssim", 0x2272},
            {"gtrsim", 0x2273},
            {"coloneqq", 0x2254},
            {"triangleq", 0x225C},
            // text symbols
            {"copyright", 0xA9},
            {"textcopyright", 0xA9},
            {"textregistered", 0xAE},
            {"texttrademark", 0x2122},
            {"S", 0xA7},
            {"P", 0xB6},
            {"dag", 0x2020},
            {"ddag", 0x2021},
            {"textendash", 0x2013},
            {"textemdash", 0x2014},
            {"textquoteleft", 0x2018},
            {"textquoteright", 0x2019},
            {"textquotedblleft", 0x201C},
            {"textquotedblright", 0x201D},
            {"textbullet", 0x2022},
            {"textdegree", 0xB0},
            {"textellipsis", 0x2026},
            {"pounds", 0xA3},
            {"euro", 0x20AC},
            {"textasciitilde", '~'},
            {"textbackslash", '\\'},
            {"textbar", '|'},
            {"textless", '<'},
            {"textgreater", '>'},
            {"textunderscore", '_'},
            {"LaTeX", 0},
            {"TeX", 0},
        };
        std::sort(t.begin(), t.end(), [](const NamedCode& a, const NamedCode& b) {
            return a.name < b.name;
        });
        return t;
    }();
    return table;
}

/// What a LaTeX command word does when it is not a single-character symbol.
enum class CommandKind {
    Format,    ///< \textbf{x}, \emph{x}, \mathcal{X}: drop the command, keep the argument
    Declare,   ///< \bf, \it, \em, \Bbb: drop the command
    SkipArg,   ///< \cite{..}, \label{..}: drop the command and its argument
    Word,      ///< \log, \max: the command's name is the text
    Space,     ///< \quad, \item, \newline: a space
    Delimiter, ///< \left, \right, \big: drop; a following "." (empty delimiter) is dropped too
    Fraction,  ///< \frac{a}{b}: "a/b"
};

struct CommandEntry {
    std::string_view name;
    CommandKind kind;
};

const std::vector<CommandEntry>& command_table() {
    static const std::vector<CommandEntry> table = [] {
        using K = CommandKind;
        std::vector<CommandEntry> t = {
            {"textbf", K::Format},
            {"textit", K::Format},
            {"textsl", K::Format},
            {"textsc", K::Format},
            {"texttt", K::Format},
            {"textrm", K::Format},
            {"textsf", K::Format},
            {"textup", K::Format},
            {"textnormal", K::Format},
            {"textmd", K::Format},
            {"emph", K::Format},
            {"underline", K::Format},
            {"uline", K::Format},
            {"mathrm", K::Format},
            {"mathbf", K::Format},
            {"mathit", K::Format},
            {"mathcal", K::Format},
            {"mathbb", K::Format},
            {"mathbbm", K::Format},
            {"mathsf", K::Format},
            {"mathtt", K::Format},
            {"mathfrak", K::Format},
            {"mathscr", K::Format},
            {"mathnormal", K::Format},
            {"boldsymbol", K::Format},
            {"bm", K::Format},
            {"operatorname", K::Format},
            {"text", K::Format},
            {"mbox", K::Format},
            {"hbox", K::Format},
            {"ensuremath", K::Format},
            {"url", K::Format},
            {"href", K::SkipArg},
            {"overline", K::Format},
            {"widehat", K::Format},
            {"widetilde", K::Format},
            {"hat", K::Format},
            {"tilde", K::Format},
            {"bar", K::Format},
            {"vec", K::Format},
            {"dot", K::Format},
            {"ddot", K::Format},
            {"acute", K::Format},
            {"grave", K::Format},
            {"breve", K::Format},
            {"check", K::Format},
            {"mathring", K::Format},
            {"footnote", K::Format},
            {"textsuperscript", K::Format},
            {"textsubscript", K::Format},
            {"t", K::Format},
            {"bf", K::Declare},
            {"it", K::Declare},
            {"em", K::Declare},
            {"rm", K::Declare},
            {"sf", K::Declare},
            {"tt", K::Declare},
            {"sc", K::Declare},
            {"sl", K::Declare},
            {"cal", K::Declare},
            {"Bbb", K::Declare},
            {"bfseries", K::Declare},
            {"itshape", K::Declare},
            {"scshape", K::Declare},
            {"upshape", K::Declare},
            {"mdseries", K::Declare},
            {"rmfamily", K::Declare},
            {"sffamily", K::Declare},
            {"ttfamily", K::Declare},
            {"normalfont", K::Declare},
            {"boldmath", K::Declare},
            {"displaystyle", K::Declare},
            {"textstyle", K::Declare},
            {"scriptstyle", K::Declare},
            {"tiny", K::Declare},
            {"scriptsize", K::Declare},
            {"footnotesize", K::Declare},
            {"small", K::Declare},
            {"normalsize", K::Declare},
            {"large", K::Declare},
            {"Large", K::Declare},
            {"LARGE", K::Declare},
            {"huge", K::Declare},
            {"Huge", K::Declare},
            {"limits", K::Declare},
            {"nolimits", K::Declare},
            {"protect", K::Declare},
            {"relax", K::Declare},
            {"noindent", K::Declare},
            {"centering", K::Declare},
            {"begin", K::SkipArg},
            {"end", K::SkipArg},
            {"usepackage", K::SkipArg},
            {"cite", K::SkipArg},
            {"citep", K::SkipArg},
            {"citet", K::SkipArg},
            {"ref", K::SkipArg},
            {"eqref", K::SkipArg},
            {"label", K::SkipArg},
            {"vspace", K::SkipArg},
            {"hspace", K::SkipArg},
            {"includegraphics", K::SkipArg},
            {"log", K::Word},
            {"ln", K::Word},
            {"lg", K::Word},
            {"exp", K::Word},
            {"sin", K::Word},
            {"cos", K::Word},
            {"tan", K::Word},
            {"cot", K::Word},
            {"sec", K::Word},
            {"csc", K::Word},
            {"sinh", K::Word},
            {"cosh", K::Word},
            {"tanh", K::Word},
            {"arcsin", K::Word},
            {"arccos", K::Word},
            {"arctan", K::Word},
            {"max", K::Word},
            {"min", K::Word},
            {"sup", K::Word},
            {"inf", K::Word},
            {"lim", K::Word},
            {"limsup", K::Word},
            {"liminf", K::Word},
            {"arg", K::Word},
            {"argmax", K::Word},
            {"argmin", K::Word},
            {"det", K::Word},
            {"dim", K::Word},
            {"ker", K::Word},
            {"deg", K::Word},
            {"gcd", K::Word},
            {"Pr", K::Word},
            {"mod", K::Word},
            {"bmod", K::Word},
            {"pmod", K::Word},
            {"poly", K::Word},
            {"polylog", K::Word},
            {"quad", K::Space},
            {"qquad", K::Space},
            {"item", K::Space},
            {"newline", K::Space},
            {"par", K::Space},
            {"enspace", K::Space},
            {"thinspace", K::Space},
            {"medspace", K::Space},
            {"left", K::Delimiter},
            {"right", K::Delimiter},
            {"middle", K::Delimiter},
            {"big", K::Delimiter},
            {"Big", K::Delimiter},
            {"bigg", K::Delimiter},
            {"Bigg", K::Delimiter},
            {"bigl", K::Delimiter},
            {"bigr", K::Delimiter},
            {"Bigl", K::Delimiter},
            {"Bigr", K::Delimiter},
            {"biggl", K::Delimiter},
            {"biggr", K::Delimiter},
            {"frac", K::Fraction},
            {"dfrac", K::Fraction},
            {"tfrac", K::Fraction},
        };
        std::sort(t.begin(), t.end(), [](const CommandEntry& a, const CommandEntry& b) {
            return a.name < b.name;
        });
        return t;
    }();
    return table;
}

const CommandEntry* find_command(std::string_view name) {
    const auto& t = command_table();
    const auto it =
        std::lower_bound(t.begin(), t.end(), name, [](const CommandEntry& e, std::string_view n) {
            return e.name < n;
        });
    return (it != t.end() && it->name == name) ? &*it : nullptr;
}

/// The combining mark of a LaTeX accent command (\' \` \^ \" \~ \= \. and the letter accents
/// \c \v \u \H \k \r \d \b); 0 when @p c is not an accent.
bool is_ascii_letter_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

char32_t accent_mark(char c) {
    switch (c) {
    case '`':
        return 0x300;
    case '\'':
        return 0x301;
    case '^':
        return 0x302;
    case '~':
        return 0x303;
    case '=':
        return 0x304;
    case 'u':
        return 0x306;
    case '.':
        return 0x307;
    case '"':
        return 0x308;
    case 'r':
        return 0x30A;
    case 'H':
        return 0x30B;
    case 'v':
        return 0x30C;
    case 'd':
        return 0x323;
    case 'c':
        return 0x327;
    case 'k':
        return 0x328;
    case 'b':
        return 0x331;
    default:
        return 0;
    }
}

/// \c, \v, \u, \H, \k, \r, \d, \b: accents spelled with a letter.
bool is_letter_accent(std::string_view word) {
    return word.size() == 1 && is_ascii_letter_char(word[0]) && accent_mark(word[0]) != 0;
}

/// \o, \ss, \ae, ...: letters used inside names, after which TeX swallows the space.
bool is_latex_letter(std::string_view word) {
    static constexpr std::string_view kLetters[] = {"AA", "AE", "DH", "L",  "NG", "O", "OE",
                                                    "TH", "aa", "ae", "dh", "dj", "i", "j",
                                                    "l",  "ng", "o",  "oe", "ss", "th"};
    return std::find(std::begin(kLetters), std::end(kLetters), word) != std::end(kLetters);
}

/// Base + combining mark, precomposed when Unicode has the composition (ICU NFC data).
void append_accented(std::string& out, char32_t base, char32_t mark) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
    if (U_SUCCESS(status) && nfc != nullptr) {
        const UChar32 composed =
            nfc->composePair(static_cast<UChar32>(base), static_cast<UChar32>(mark));
        if (composed >= 0) {
            append_utf8(out, static_cast<char32_t>(composed));
            return;
        }
    }
    append_utf8(out, base);
    append_utf8(out, mark);
}

// ---------------------------------------------------------------------------------------------
// Tags

enum class TagKind { Unknown, Inline, Block, MathMl, SkipContent };

/// HTML, JATS and MathML element names seen in metadata. Anything else in angle brackets
/// ("<MASK>", "1<or=p") is text.
TagKind tag_kind(std::string_view raw_name) {
    std::string name;
    name.reserve(raw_name.size());
    for (const char c : raw_name) {
        name.push_back(static_cast<char>((c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c));
    }
    const std::size_t colon = name.find(':');
    const bool mathml_prefix = colon != std::string::npos && name.compare(0, colon, "mml") == 0;
    if (colon != std::string::npos) {
        name.erase(0, colon + 1);
    }
    static constexpr std::string_view kInline[] = {
        "a",         "abbr", "b",    "big",  "bold", "cite",  "code",   "del",
        "dfn",       "em",   "font", "i",    "inf",  "ins",   "italic", "kbd",
        "monospace", "q",    "s",    "samp", "sc",   "small", "span",   "strike",
        "strong",    "sub",  "sup",  "tt",   "u",    "var",   "wbr"};
    static constexpr std::string_view kBlock[] = {"abstract",
                                                  "address",
                                                  "alternatives",
                                                  "article",
                                                  "aside",
                                                  "blockquote",
                                                  "body",
                                                  "br",
                                                  "caption",
                                                  "center",
                                                  "dd",
                                                  "disp-formula",
                                                  "div",
                                                  "dl",
                                                  "dt",
                                                  "etx",
                                                  "ext-link",
                                                  "figcaption",
                                                  "figure",
                                                  "footer",
                                                  "graphic",
                                                  "h1",
                                                  "h2",
                                                  "h3",
                                                  "h4",
                                                  "h5",
                                                  "h6",
                                                  "header",
                                                  "hr",
                                                  "html",
                                                  "img",
                                                  "inline-formula",
                                                  "inline-graphic",
                                                  "label",
                                                  "li",
                                                  "list",
                                                  "list-item",
                                                  "named-content",
                                                  "ol",
                                                  "p",
                                                  "pre",
                                                  "sec",
                                                  "section",
                                                  "table",
                                                  "tex-math",
                                                  "title",
                                                  "xref"};
    static constexpr std::string_view kTable[] = {
        "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "colgroup", "col"};
    static constexpr std::string_view kMathMl[] = {
        "maction", "maligngroup", "malignmark",  "math",          "menclose", "merror", "mfenced",
        "mfrac",   "mi",          "mlabeledtr",  "mmultiscripts", "mn",       "mo",     "mover",
        "mpadded", "mphantom",    "mprescripts", "mroot",         "mrow",     "ms",     "mspace",
        "msqrt",   "mstyle",      "msub",        "msubsup",       "msup",     "mtable", "mtd",
        "mtext",   "mtr",         "munder",      "munderover",    "semantics"};
    static constexpr std::string_view kSkip[] = {
        "annotation", "annotation-xml", "script", "style", "none"};
    const auto has = [&](const auto& list) {
        return std::find(std::begin(list), std::end(list), name) != std::end(list);
    };
    if (has(kSkip)) {
        return TagKind::SkipContent;
    }
    if (has(kMathMl)) {
        return TagKind::MathMl;
    }
    if (has(kInline)) {
        return TagKind::Inline;
    }
    if (has(kBlock) || has(kTable)) {
        return TagKind::Block;
    }
    return mathml_prefix ? TagKind::MathMl : TagKind::Unknown;
}

bool is_name_start(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}
bool is_name_char(char c) {
    return is_name_start(c) || (c >= '0' && c <= '9') || c == ':' || c == '-' || c == '_'
           || c == '.';
}
bool is_ascii_letter(char c) {
    return is_name_start(c);
}

constexpr std::size_t kMaxTagBytes = 2000; ///< a longer "tag" is text
constexpr std::size_t kMaxGroupScan = 512; ///< how far a brace group or math span may reach

// ---------------------------------------------------------------------------------------------
// The cleaner

enum class Brace { Keep, Drop, FracNumerator };

/// Remembers the last search for a needle so that repeated searches from increasing positions
/// cost linear time overall (a text full of "<!--" without "-->" must not be quadratic).
class FindMemo {
  public:
    std::size_t find(std::string_view text, std::string_view needle, std::size_t from) {
        if (valid_ && needle == needle_ && from >= from_ && (found_ == npos || found_ >= from)) {
            return found_;
        }
        needle_.assign(needle);
        from_ = from;
        found_ = text.find(needle, from);
        valid_ = true;
        return found_;
    }

  private:
    static constexpr std::size_t npos = std::string_view::npos;
    std::string needle_;
    std::size_t from_ = 0;
    std::size_t found_ = npos;
    bool valid_ = false;
};

class MarkupCleaner {
  public:
    explicit MarkupCleaner(std::string_view in) : in_(in) { out_.reserve(in.size()); }

    std::string run() {
        while (i_ < in_.size()) {
            step();
        }
        return std::move(out_);
    }

  private:
    std::string_view in_;
    std::size_t i_ = 0;
    std::string out_;
    bool pending_space_ = false;
    bool next_brace_is_argument_ = false;
    std::size_t math_close_ = std::string_view::npos; ///< position of the closing $ of $...$
    int math_depth_ = 0;                              ///< \( \[ $$ nesting
    std::vector<Brace> braces_;
    FindMemo comment_end_;
    FindMemo tag_close_;
    FindMemo element_end_;
    FindMemo etx_end_;
    FindMemo display_math_end_;
    FindMemo document_end_;

    [[nodiscard]] bool in_math() const {
        return math_depth_ > 0 || math_close_ != std::string_view::npos;
    }
    [[nodiscard]] char at(std::size_t k) const { return k < in_.size() ? in_[k] : '\0'; }
    [[nodiscard]] bool starts_with_at(std::size_t k, std::string_view s) const {
        return in_.substr(std::min(k, in_.size())).substr(0, s.size()) == s;
    }

    void space() { pending_space_ = true; }
    void flush_space() {
        if (pending_space_ && !out_.empty()) {
            out_.push_back(' ');
        }
        pending_space_ = false;
    }
    void emit(std::string_view text) {
        flush_space();
        out_.append(text);
    }
    void emit_cp(char32_t cp) {
        if (cp == 0) {
            return;
        }
        if (is_space_like(cp)) {
            space();
            return;
        }
        if (is_dropped(cp)) {
            return;
        }
        flush_space();
        append_utf8(out_, cp);
    }

    void skip_spaces() {
        while (i_ < in_.size()
               && (in_[i_] == ' ' || in_[i_] == '\t' || in_[i_] == '\n' || in_[i_] == '\r')) {
            ++i_;
        }
    }

    void step() {
        if (math_close_ != std::string_view::npos && i_ >= math_close_) {
            const bool at_close = i_ == math_close_;
            math_close_ = std::string_view::npos;
            if (at_close) {
                ++i_;
                return;
            }
        }
        const char c = in_[i_];
        const auto uc = static_cast<unsigned char>(c);
        if (uc >= 0x80) {
            copy_utf8();
            return;
        }
        if (c != '{') {
            next_brace_is_argument_ = false;
        }
        switch (c) {
        case '<':
            if (in_math() || !tag()) {
                emit("<");
                ++i_;
            }
            return;
        case '&': // entities escape the text below any LaTeX, so they count in math too
            if (!entity()) {
                emit("&");
                ++i_;
            }
            return;
        case '\\':
            command();
            return;
        case '{':
            open_brace();
            return;
        case '}':
            close_brace();
            return;
        case '$':
            dollar();
            return;
        case '_':
        case '^':
            emit(std::string_view(&in_[i_], 1));
            ++i_;
            if (in_math() && at(i_) == '{') {
                next_brace_is_argument_ = true;
            }
            return;
        default:
            if (is_ascii_space_or_control(uc)) {
                space();
            } else {
                emit(std::string_view(&in_[i_], 1));
            }
            ++i_;
        }
    }

    void copy_utf8() {
        char32_t cp = 0;
        std::size_t bad = 0;
        const std::size_t len = decode_utf8(in_, i_, cp, bad);
        if (len == 0) { // the contract says valid UTF-8; never emit invalid bytes anyway
            emit_cp(kReplacement);
            i_ += bad;
            return;
        }
        if (is_space_like(cp)) {
            space();
        } else if (!is_dropped(cp)) {
            emit(in_.substr(i_, len));
        }
        i_ += len;
    }

    // --- HTML / MathML ---------------------------------------------------------------------

    /// Handles "<..." at i_; false when it is not markup (then it is text).
    bool tag() {
        if (etx_marker()) {
            return true;
        }
        if (starts_with_at(i_, "<!--")) {
            const std::size_t end = comment_end_.find(in_, "-->", i_ + 4);
            if (end == std::string_view::npos) {
                return false;
            }
            i_ = end + 3;
            space();
            return true;
        }
        std::size_t k = i_ + 1;
        const bool closing = at(k) == '/';
        if (closing) {
            ++k;
        }
        if (!is_name_start(at(k))) {
            return false;
        }
        const std::size_t name_begin = k;
        while (k < in_.size() && is_name_char(in_[k])) {
            ++k;
        }
        const std::string_view name = in_.substr(name_begin, k - name_begin);
        const TagKind kind = tag_kind(name);
        if (kind == TagKind::Unknown) {
            return false;
        }
        const std::size_t end = tag_end(k);
        if (end == std::string_view::npos) {
            return false;
        }
        const bool self_closing = in_[end - 1] == '/';
        i_ = end + 1;
        if (kind == TagKind::SkipContent && !closing && !self_closing) {
            skip_element_content(name);
        }
        if (kind != TagKind::Inline) {
            space();
        }
        return true;
    }

    /// Position of the '>' ending a tag whose name ends before @p k; npos when this is not a tag.
    [[nodiscard]] std::size_t tag_end(std::size_t k) {
        const char after = at(k);
        if (after == '>') {
            return k;
        }
        if (after == '/' && at(k + 1) == '>') {
            return k + 1;
        }
        if (after != ' ' && after != '\t' && after != '\n' && after != '\r') {
            return std::string_view::npos;
        }
        if (const std::size_t gt = tag_close_.find(in_, ">", k);
            gt == std::string_view::npos || gt - k > kMaxTagBytes) {
            return std::string_view::npos;
        }
        char quote = '\0';
        for (std::size_t j = k; j < in_.size() && j - k < kMaxTagBytes; ++j) {
            const char c = in_[j];
            if (quote != '\0') {
                if (c == quote) {
                    quote = '\0';
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '>') {
                return j;
            } else if (c == '<') {
                return std::string_view::npos;
            }
        }
        return std::string_view::npos;
    }

    void skip_element_content(std::string_view name) {
        std::string close = "</";
        close.append(name);
        const std::size_t end = element_end_.find(in_, close, i_);
        if (end == std::string_view::npos) {
            return;
        }
        const std::size_t gt = in_.find('>', end);
        i_ = gt == std::string_view::npos ? in_.size() : gt + 1;
    }

    /// IEEE's end-of-text marker in its shapes: "<<ETX>>", "< <ETX ...>&gt;</ETX>", "<ETX>".
    bool etx_marker() {
        std::size_t pos = i_;
        std::size_t k = i_ + 1;
        while (at(k) == ' ') {
            ++k;
        }
        if (starts_with_at(k, "<ETX")) {
            pos = k; // a '<' in front of the marker belongs to it ("<<ETX>>")
        } else if (!starts_with_at(i_, "<ETX")) {
            return false;
        }
        if (starts_with_at(pos, "<ETX>>")) {
            i_ = pos + 6;
            space();
            return true;
        }
        const char after = at(pos + 4);
        if (after != '>' && after != ' ' && after != '\t' && after != '\n') {
            return false;
        }
        const std::size_t open_end = after == '>' ? pos + 4 : tag_end(pos + 4);
        if (open_end == std::string_view::npos) {
            return false;
        }
        const std::size_t close = etx_end_.find(in_, "</ETX>", open_end);
        if (close != std::string_view::npos) {
            const std::string_view content = in_.substr(open_end + 1, close - open_end - 1);
            if (content.empty() || content == ">" || content == "&gt;") {
                i_ = close + 6;
                if (at(i_) == '>') {
                    ++i_;
                }
                space();
                return true;
            }
        }
        if (pos != i_) {
            return false; // keep the first '<' as text; the marker tag goes on the next step
        }
        i_ = open_end + 1;
        space();
        return true;
    }

    // --- entities ------------------------------------------------------------------------------

    /// Decodes the entity whose name or number starts at @p start (just after its '&'): sets
    /// @p cp and @p end (just after the entity). Numeric entities may lack their ';' (browsers
    /// accept "&#8217 "), named ones may not.
    bool decode_entity(std::size_t start, char32_t& cp, std::size_t& end) const {
        std::size_t k = start;
        if (at(k) == '#') {
            ++k;
            const bool hex = at(k) == 'x' || at(k) == 'X';
            if (hex) {
                ++k;
            }
            const std::size_t digits_begin = k;
            std::uint32_t value = 0;
            while (k < in_.size() && k - digits_begin < 8) {
                const char c = in_[k];
                int d = -1;
                if (c >= '0' && c <= '9') {
                    d = c - '0';
                } else if (hex && c >= 'a' && c <= 'f') {
                    d = c - 'a' + 10;
                } else if (hex && c >= 'A' && c <= 'F') {
                    d = c - 'A' + 10;
                }
                if (d < 0) {
                    break;
                }
                value = value * (hex ? 16 : 10) + static_cast<std::uint32_t>(d);
                ++k;
            }
            if (k == digits_begin || is_ascii_letter(at(k)) || (at(k) >= '0' && at(k) <= '9')) {
                return false;
            }
            end = at(k) == ';' ? k + 1 : k;
            if (value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
                cp = kReplacement;
            } else if (value >= 0x80 && value <= 0x9F) {
                cp = decode_cp1252(static_cast<unsigned char>(value)); // what browsers do
            } else {
                cp = value;
            }
            return true;
        }
        while (k < in_.size() && k - start < 32
               && (is_ascii_letter(in_[k]) || (in_[k] >= '0' && in_[k] <= '9'))) {
            ++k;
        }
        if (k == start || at(k) != ';') {
            return false;
        }
        const NamedCode* e = find_named(entity_table(), in_.substr(start, k - start));
        if (e == nullptr) {
            return false;
        }
        cp = e->cp;
        end = k + 1;
        return true;
    }

    bool entity() {
        char32_t cp = 0;
        std::size_t end = 0;
        if (!decode_entity(i_ + 1, cp, end)) {
            return false;
        }
        // double-escaped entities ("&amp;quot;", "&amp;#8217;") are decoded through
        char32_t inner = 0;
        std::size_t inner_end = 0;
        while (cp == '&' && decode_entity(end, inner, inner_end)) {
            cp = inner;
            end = inner_end;
        }
        i_ = end;
        if (cp == 0 || (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r')) {
            return true;
        }
        emit_cp(cp);
        return true;
    }

    // --- LaTeX ---------------------------------------------------------------------------------

    void command() {
        const char c = at(i_ + 1);
        if (c == '\0') {
            ++i_;
            return;
        }
        if (!is_ascii_letter(c)) {
            control_symbol(c);
            return;
        }
        std::size_t k = i_ + 1;
        while (k < in_.size() && is_ascii_letter(in_[k])) {
            ++k;
        }
        const std::string_view word = in_.substr(i_ + 1, k - i_ - 1);
        i_ = k;
        control_word(word, true);
    }

    void control_symbol(char c) {
        i_ += 2;
        if (accent_mark(c) != 0) {
            accent(accent_mark(c), false);
            return;
        }
        switch (c) {
        case '&':
        case '%':
        case '$':
        case '#':
        case '_':
        case '{':
        case '}':
        case '|':
        case '@':
        case '*':
        case '/':
            if (c != '/' && c != '@') {
                emit(std::string_view(&in_[i_ - 1], 1));
            }
            return;
        case '-':
            return; // discretionary hyphen
        case '(':   // inline math \( \)
        case '[':   // display math \[ \]
            ++math_depth_;
            if (c == '[') {
                space();
            }
            return;
        case ')':
        case ']':
            if (math_depth_ > 0) {
                --math_depth_;
            }
            if (c == ']') {
                space();
            }
            return;
        case '!':
            return;
        default: // "\ ", "\\", "\,", "\;", "\:", "\>", line breaks and thin spaces
            space();
            return;
        }
    }

    /// @p exact is false for the remainder of a word split by prefix ("\proptoSVM").
    void control_word(std::string_view word, bool exact) {
        if (word == "documentclass") {
            // Springer's embedded formula source "\documentclass[12pt]{minimal} \usepackage..
            // \begin{document}$$..$$\end{document}" repeats the formula rendered before it
            const std::size_t end = document_end_.find(in_, "\\end{document}", i_);
            if (end != std::string_view::npos && end - i_ < 4 * kMaxGroupScan) {
                i_ = end + 14;
                space();
                return;
            }
        }
        if (is_letter_accent(word)) {
            accent(accent_mark(word[0]), true);
            return;
        }
        if (const NamedCode* sym = find_named(latex_symbol_table(), word)) {
            if (sym->cp == 0) {
                emit(word); // \LaTeX, \TeX
            } else {
                emit_cp(sym->cp);
            }
            swallow_empty_group();
            if (is_latex_letter(word)) { // letters inside names: "Bj\o rn", "Stra\ss e"
                skip_spaces_inside_word();
            }
            return;
        }
        if (const CommandEntry* cmd = find_command(word)) {
            apply(*cmd);
            return;
        }
        if (exact && split_glued_word(word)) {
            return;
        }
        emit(word); // unknown command: keep its name as text
    }

    /// "\textttconfopt", "\proptoSVM", "\con" (\c{c}on with the braces lost): a known command
    /// glued to the following letters.
    bool split_glued_word(std::string_view word) {
        for (std::size_t len = word.size() - 1; len >= 2; --len) {
            const std::string_view head = word.substr(0, len);
            if (find_command(head) != nullptr
                || find_named(latex_symbol_table(), head) != nullptr) {
                const std::string_view rest = word.substr(len);
                control_word(head, false);
                emit(rest);
                return true;
            }
        }
        const bool mid_word =
            !out_.empty() && !pending_space_
            && (is_ascii_letter(out_.back()) || static_cast<unsigned char>(out_.back()) >= 0x80);
        if (mid_word && word.size() >= 2 && word.size() <= 4 && word[0] == 'c') {
            // "Clémen\con": \c{c} whose braces and base letter were lost in the source
            append_accented_with_space('c', accent_mark('c'));
            emit(word.substr(1));
            return true;
        }
        return false;
    }

    void append_accented_with_space(char32_t base, char32_t mark) {
        flush_space();
        append_accented(out_, base, mark);
    }

    void skip_spaces_inside_word() {
        std::size_t k = i_;
        while (at(k) == ' ') {
            ++k;
        }
        if (k > i_ && is_ascii_letter(at(k)) && !out_.empty()
            && static_cast<unsigned char>(out_.back()) >= 0x80) {
            i_ = k;
        }
    }

    void swallow_empty_group() {
        if (starts_with_at(i_, "{}")) {
            i_ += 2;
        }
    }

    void apply(const CommandEntry& cmd) {
        switch (cmd.kind) {
        case CommandKind::Format:
            skip_spaces();
            if (at(i_) == '{') {
                next_brace_is_argument_ = true;
            }
            return;
        case CommandKind::Declare:
            skip_spaces();
            return;
        case CommandKind::SkipArg: {
            skip_spaces();
            if (at(i_) == '[') { // optional argument
                const std::size_t end = matching(i_, '[', ']');
                if (end == std::string_view::npos) {
                    return;
                }
                i_ = end + 1;
            }
            if (at(i_) == '{') {
                const std::size_t end = matching(i_, '{', '}');
                if (end == std::string_view::npos) {
                    return;
                }
                i_ = end + 1;
            }
            if (cmd.name == "href" && at(i_) == '{') { // \href{url}{text}: keep the text
                next_brace_is_argument_ = true;
            }
            return;
        }
        case CommandKind::Word: // "n\log n" reads "n log n"
            if (!out_.empty() && is_ascii_letter(out_.back())) {
                space();
            }
            emit(cmd.name);
            return;
        case CommandKind::Space:
            space();
            return;
        case CommandKind::Delimiter:
            skip_spaces();
            if (at(i_) == '.') {
                ++i_;
            }
            return;
        case CommandKind::Fraction:
            skip_spaces();
            if (at(i_) == '{') {
                braces_.push_back(Brace::FracNumerator);
                ++i_;
            }
            return;
        }
    }

    /// The argument of an accent: "{e}", "e", "{\i}", "\i", or for letter accents "c" after spaces.
    void accent(char32_t mark, bool letter_accent) {
        if (letter_accent) {
            skip_spaces();
        }
        bool braced = false;
        if (at(i_) == '{') {
            braced = true;
            ++i_;
        }
        char32_t base = 0;
        if (at(i_) == '\\' && (at(i_ + 1) == 'i' || at(i_ + 1) == 'j')
            && !is_ascii_letter(at(i_ + 2))) {
            base = static_cast<char32_t>(at(i_ + 1));
            i_ += 2;
            skip_spaces();
        } else if (i_ < in_.size() && in_[i_] != '}' && in_[i_] != '\\'
                   && !is_ascii_space_or_control(static_cast<unsigned char>(in_[i_]))) {
            std::size_t bad = 0;
            const std::size_t len = decode_utf8(in_, i_, base, bad);
            i_ += len == 0 ? bad : len;
            if (len == 0) {
                base = kReplacement;
            }
        }
        if (base != 0) { // "\'{}" has no letter to accent: nothing to write

            append_accented_with_space(base, mark);
        }
        if (braced) {
            // the rest of a braced argument ("\t{oo}") is text; its '}' closes the group
            braces_.push_back(Brace::Drop);
        }
    }

    /// Position of the bracket matching in_[from] (which is @p open), or npos within the scan
    /// limit.
    [[nodiscard]] std::size_t matching(std::size_t from, char open, char close) const {
        int depth = 0;
        for (std::size_t k = from; k < in_.size() && k - from < kMaxGroupScan; ++k) {
            const char c = in_[k];
            if (c == '\\') {
                ++k;
                continue;
            }
            if (c == open) {
                ++depth;
            } else if (c == close && --depth == 0) {
                return k;
            }
        }
        return std::string_view::npos;
    }

    void open_brace() {
        Brace kind = Brace::Keep;
        const bool argument = next_brace_is_argument_;
        next_brace_is_argument_ = false;
        if (argument || at(i_ + 1) == '\\' || in_math()) {
            kind = Brace::Drop;
        } else if (const std::size_t end = matching(i_, '{', '}'); end != std::string_view::npos) {
            const std::string_view content = in_.substr(i_ + 1, end - i_ - 1);
            const bool whole = i_ == 0 && end + 1 == in_.size();
            // one token of letters, digits, '-' and '.' ("{B}ayesian", "{GAN}s", "{Total-Text}",
            // "{i.e.}", "{2017}", "under{-}representation"); "{0, 1}" and "{0,1}" stay sets
            const bool token_like =
                !content.empty() && std::all_of(content.begin(), content.end(), [](char c) {
                    return is_ascii_letter(c) || (c >= '0' && c <= '9') || c == '-' || c == '.'
                           || static_cast<unsigned char>(c) >= 0x80;
                });
            // BibTeX double braces "{{Zhang et al.}}"
            const bool doubled = content.size() >= 2 && content.front() == '{'
                                 && matching(i_ + 1, '{', '}') == end - 1;
            if (whole || token_like || doubled) {
                kind = Brace::Drop;
            }
            if (doubled) {
                next_brace_is_argument_ = true; // the inner pair goes too
            }
        }
        braces_.push_back(kind);
        ++i_;
        if (kind == Brace::Keep) {
            emit("{");
        }
    }

    void close_brace() {
        ++i_;
        if (braces_.empty()) {
            emit("}");
            return;
        }
        const Brace kind = braces_.back();
        braces_.pop_back();
        if (kind == Brace::Keep) {
            emit("}");
        } else if (kind == Brace::FracNumerator) {
            skip_spaces();
            if (at(i_) == '{') {
                emit("/");
                next_brace_is_argument_ = true;
            }
        }
    }

    void dollar() {
        if (at(i_ + 1) == '$') { // display math $$...$$
            if (math_depth_ > 0 && math_close_ == std::string_view::npos) {
                --math_depth_;
                i_ += 2;
                space();
                return;
            }
            if (display_math_end_.find(in_, "$$", i_ + 2) != std::string_view::npos) {
                ++math_depth_;
                i_ += 2;
                space();
                return;
            }
            emit("$$");
            i_ += 2;
            return;
        }
        if (!in_math()) {
            const std::size_t close = inline_math_close();
            if (close != std::string_view::npos) {
                math_close_ = close;
                ++i_;
                return;
            }
        }
        emit("$");
        ++i_;
    }

    /// The closing '$' of an inline formula opened at i_: the opener is followed by a non-space,
    /// the closer preceded by a non-space and not followed by a digit ("costs $5 and $10" is text).
    [[nodiscard]] std::size_t inline_math_close() const {
        const char first = at(i_ + 1);
        if (first == '\0' || first == ' ' || first == '\t' || first == '\n') {
            return std::string_view::npos;
        }
        for (std::size_t k = i_ + 1; k < in_.size() && k - i_ < kMaxGroupScan; ++k) {
            if (in_[k] == '\\') {
                ++k;
                continue;
            }
            if (in_[k] == '$') {
                const char before = in_[k - 1];
                if (k == i_ + 1 || before == ' ' || before == '\t' || before == '\n') {
                    return std::string_view::npos;
                }
                // "$5-$10" is money, "$∼$94%" and "$k$-means" are math
                const std::string_view content = in_.substr(i_ + 1, k - i_ - 1);
                const bool amount = std::all_of(content.begin(), content.end(), [](char c) {
                    return (c >= '0' && c <= '9') || c == '.' || c == ',' || c == '-';
                });
                return amount ? std::string_view::npos : k;
            }
        }
        return std::string_view::npos;
    }
};

} // namespace

bool is_valid_utf8(std::string_view text) noexcept {
    std::size_t i = 0;
    const std::size_t n = text.size();
    while (i < n) {
        // 8 ASCII bytes at a time
        while (i + 8 <= n) {
            std::uint64_t chunk = 0;
            std::memcpy(&chunk, text.data() + i, 8);
            if ((chunk & 0x8080808080808080ULL) != 0) {
                break;
            }
            i += 8;
        }
        if (i >= n) {
            break;
        }
        if (byte_at(text, i) < 0x80) {
            ++i;
            continue;
        }
        char32_t cp = 0;
        std::size_t bad = 0;
        const std::size_t len = decode_utf8(text, i, cp, bad);
        if (len == 0) {
            return false;
        }
        i += len;
    }
    return true;
}

std::string to_valid_utf8(std::string_view raw, InvalidUtf8 mode, std::size_t* repaired) {
    std::size_t count = 0;
    std::string out;
    if (is_valid_utf8(raw)) {
        out.assign(raw);
    } else {
        out.reserve(raw.size() + 16);
        std::size_t i = 0;
        while (i < raw.size()) {
            char32_t cp = 0;
            std::size_t bad = 0;
            const std::size_t len = decode_utf8(raw, i, cp, bad);
            if (len > 0) {
                out.append(raw.substr(i, len));
                i += len;
                continue;
            }
            if (mode == InvalidUtf8::Replace) {
                append_utf8(out, kReplacement);
                ++count;
                i += bad;
            } else if (bad > 1) {
                // a lead byte with some of its continuation bytes: truncated UTF-8, not 1252 text
                append_utf8(out, kReplacement);
                ++count;
                i += bad;
            } else {
                append_utf8(out, decode_cp1252(byte_at(raw, i)));
                ++count;
                ++i;
            }
        }
    }
    if (repaired != nullptr) {
        *repaired = count;
    }
    return out;
}

std::string clean_markup(std::string_view utf8) {
    if (!needs_markup_cleaning(utf8)) {
        return std::string(utf8);
    }
    return MarkupCleaner(utf8).run();
}

std::string clean_text(std::string raw, InvalidUtf8 mode, std::size_t* repaired) {
    if (repaired != nullptr) {
        *repaired = 0;
    }
    TextScan scan = scan_text(raw);
    if (!scan.valid) {
        raw = to_valid_utf8(raw, mode, repaired);
        scan.needs_markup = needs_markup_cleaning(raw);
    }
    if (!scan.needs_markup) {
        return raw;
    }
    return MarkupCleaner(raw).run();
}

} // namespace peerscope::analyzers
