#include "peerscope/analyzers/analyzer.hpp"

#include "ascii_breaker.hpp"
#include "folder.hpp"
#include "icu_check.hpp"
#include "peerscope/analyzers/error.hpp"
#include "token_assembler.hpp"
#include "utf8.hpp"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utext.h>

#include <cstdint>
#include <limits>
#include <optional>

namespace peerscope::analyzers {
namespace {

// ASCII stretches shorter than this between two non-ASCII characters are given to ICU with them
// rather than switching breakers (each ICU run has a fixed cost). Output does not depend on it.
constexpr std::size_t kMergeGap = 96;

[[nodiscard]] bool is_ascii_space(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

// A position where the text can be cut into independently analysed runs: after ASCII white space
// and before an ASCII character that is not white space. UAX #29 always breaks there, no rule
// looks across it, and no hyphen chain or symbolic word spans it.
[[nodiscard]] bool is_cut(std::string_view text, std::size_t at) noexcept {
    if (at == 0 || at >= text.size()) {
        return true;
    }
    const char c = text[at];
    return is_ascii_space(text[at - 1]) && (static_cast<unsigned char>(c) & 0x80U) == 0
           && !is_ascii_space(c);
}

[[nodiscard]] bool is_dictionary_script(UScriptCode script) noexcept {
    switch (script) {
    case USCRIPT_HAN:
    case USCRIPT_HIRAGANA:
    case USCRIPT_KATAKANA:
    case USCRIPT_HANGUL:
    case USCRIPT_THAI:
    case USCRIPT_LAO:
    case USCRIPT_KHMER:
    case USCRIPT_MYANMAR:
        return true;
    default:
        return false;
    }
}

// The kind of the segment [begin, end) of @p units: Ideograph, Word, Number, or nothing when it
// has neither letters nor digits (spaces, punctuation, symbols, emoji).
[[nodiscard]] std::optional<TokenKind>
segment_kind(const char16_t* units, std::int32_t begin, std::int32_t end) {
    bool letter = false;
    bool digit = false;
    for (std::int32_t i = begin; i < end;) {
        UChar32 c = units[i++];
        if (c < 0x80) {
            letter = letter || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            digit = digit || (c >= '0' && c <= '9');
            continue;
        }
        if (c >= 0xD800 && c <= 0xDBFF && i < end && units[i] >= 0xDC00 && units[i] <= 0xDFFF) {
            c = 0x10000 + ((c - 0xD800) << 10) + (units[i++] - 0xDC00);
        }
        if (u_isdigit(c) != 0) {
            digit = true;
        } else if (u_hasBinaryProperty(c, UCHAR_ALPHABETIC) != 0) {
            letter = true;
            UErrorCode status = U_ZERO_ERROR;
            const UScriptCode script = uscript_getScript(c, &status);
            detail::check_icu(status, "uscript_getScript");
            if (is_dictionary_script(script)) {
                return TokenKind::Ideograph;
            }
        }
    }
    if (letter) {
        return TokenKind::Word;
    }
    if (digit) {
        return TokenKind::Number;
    }
    return std::nullopt;
}

void check_size(std::string_view text) {
    if (text.size() >= static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max())) {
        throw Error(Errc::InvalidInput,
                    "text of " + std::to_string(text.size())
                        + " bytes is too long to analyse (limit 2 GiB)");
    }
}

} // namespace

struct Analyzer::Impl {
    explicit Impl(AnalyzerOptions opts) : options(opts) {
        UErrorCode status = U_ZERO_ERROR;
        words.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
        detail::check_icu(status, "BreakIterator::createWordInstance");
    }
    ~Impl() { utext_close(text); }
    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;
    Impl(Impl&&) = delete;
    Impl& operator=(Impl&&) = delete;

    // ICU word breaking of the bytes [from, to) of @p input, which start at a word boundary and
    // end at the end of the input or after white space.
    void break_icu_words(std::string_view input, std::size_t from, std::size_t to);
    // Splits @p input into ASCII runs (built-in breaker) and runs with other characters (ICU).
    void break_mixed(std::string_view input);

    AnalyzerOptions options;
    std::unique_ptr<icu::BreakIterator> words;
    UText* text = nullptr;
    detail::Folder folder;
    detail::Utf16Text utf16;
    detail::TokenAssembler assembler;
    std::string term;
};

void Analyzer::Impl::break_icu_words(std::string_view input, std::size_t from, std::size_t to) {
    detail::decode_utf8(input.substr(from, to - from), static_cast<std::uint32_t>(from), utf16);
    const char16_t* units = utf16.units.data();
    UErrorCode status = U_ZERO_ERROR;
    text = utext_openUChars(text, units, static_cast<std::int64_t>(utf16.units.size()), &status);
    detail::check_icu(status, "utext_openUChars");
    words->setText(text, status);
    detail::check_icu(status, "BreakIterator::setText");
    std::int32_t begin = words->first();
    for (std::int32_t end = words->next(); end != icu::BreakIterator::DONE;
         begin = end, end = words->next()) {
        const std::optional<TokenKind> kind = segment_kind(units, begin, end);
        if (!kind) {
            continue;
        }
        folder.fold(units + begin, end - begin, term);
        assembler.add(utf16.offsets[static_cast<std::size_t>(begin)],
                      utf16.offsets[static_cast<std::size_t>(end)],
                      term,
                      *kind);
    }
}

void Analyzer::Impl::break_mixed(std::string_view input) {
    const std::size_t size = input.size();
    std::size_t position = 0;
    while (position < size) {
        std::size_t other = detail::find_non_ascii(input, position);
        if (other == size) {
            detail::break_ascii_words(input,
                                      static_cast<std::uint32_t>(position),
                                      static_cast<std::uint32_t>(size),
                                      assembler,
                                      term);
            return;
        }
        std::size_t icu_from = other;
        while (icu_from > position && !is_cut(input, icu_from)) {
            --icu_from;
        }
        if (icu_from > position) {
            detail::break_ascii_words(input,
                                      static_cast<std::uint32_t>(position),
                                      static_cast<std::uint32_t>(icu_from),
                                      assembler,
                                      term);
        }
        std::size_t icu_to = other + 1;
        for (;;) {
            while (!is_cut(input, icu_to)) {
                ++icu_to;
            }
            other = detail::find_non_ascii(input, icu_to);
            if (other == size || other - icu_to > kMergeGap) {
                break;
            }
            icu_to = other + 1;
        }
        break_icu_words(input, icu_from, icu_to);
        position = icu_to;
    }
}

Analyzer::Analyzer() : Analyzer(AnalyzerOptions{}) {}

Analyzer::Analyzer(AnalyzerOptions options) : impl_(std::make_unique<Impl>(options)) {}

Analyzer::~Analyzer() = default;
Analyzer::Analyzer(Analyzer&&) noexcept = default;
Analyzer& Analyzer::operator=(Analyzer&&) noexcept = default;

std::uint32_t
Analyzer::analyze(std::string_view text, std::vector<Token>& out, std::uint32_t first_position) {
    check_size(text);
    Impl& impl = *impl_;
    impl.assembler.reset(text, out, first_position);
    if (!text.empty()) {
        if (impl.options.ascii_fast_path) {
            impl.break_mixed(text);
        } else {
            impl.break_icu_words(text, 0, text.size());
        }
    }
    return impl.assembler.finish();
}

std::vector<Token> Analyzer::analyze(std::string_view text) {
    std::vector<Token> tokens;
    analyze(text, tokens, 0);
    return tokens;
}

std::string Analyzer::fold(std::string_view text) {
    check_size(text);
    std::string folded;
    if (detail::find_non_ascii(text, 0) == text.size()) {
        folded.assign(text);
        detail::ascii_lower(folded);
        return folded;
    }
    Impl& impl = *impl_;
    detail::decode_utf8(text, 0, impl.utf16);
    impl.folder.fold(
        impl.utf16.units.data(), static_cast<std::int32_t>(impl.utf16.units.size()), folded);
    return folded;
}

} // namespace peerscope::analyzers
