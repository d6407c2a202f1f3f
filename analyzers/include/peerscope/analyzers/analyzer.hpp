/// @file The one text analysis used for documents and for queries.
#pragma once

#include "peerscope/analyzers/token.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace peerscope::analyzers {

/// Longest term, in UTF-8 bytes, that analyze() emits. A longer word (a base64 blob, a run of
/// letters without spaces) is dropped but still takes its position, so phrases cannot match across
/// it; a longer joined form is simply not emitted. This keeps every term well inside Xapian's
/// 245-byte limit, with room for a field prefix.
inline constexpr std::size_t kMaxTermBytes = 128;

/// Options of an Analyzer, for designated initializers: `Analyzer({.ascii_fast_path = false})`.
struct AnalyzerOptions {
    /// Analyse runs of pure-ASCII text with a built-in UAX #29 word breaker instead of ICU. Its
    /// output is byte-for-byte the output of the ICU path (a differential test over real
    /// abstracts and generated strings checks this); turning it off is for tests and benchmarks.
    bool ascii_fast_path = true;
};

/// Turns clean UTF-8 text into tokens: NFKC normalisation, full case folding, accent folding
/// (Müller = Muller = MÜLLER; ø, ß, ł, ı̈ fold too), UAX #29 word breaks with ICU's dictionaries
/// for Chinese, Japanese and Thai, positions for phrase search, and scholarly tokens kept whole
/// ("c++", "c#", "3d", "f1", "l2"); a hyphenated word ("GPT-3", "k-means", "ZeRO-Offload") gives
/// its parts at consecutive positions and then its joined form ("gpt3") at the first part's
/// position.
///
/// The rules in detail (the same for documents and queries, so each side finds the other):
/// - Words are ICU's UAX #29 word segments (root locale) that contain a letter or a digit;
///   spaces, punctuation, symbols and emoji give no token. ICU keeps "don't", "e.g", "U.S",
///   "x_1", "a@b.com" and "www.example.org" as one segment each and splits at "/", ":", "-".
/// - Folding (see fold()): NFKC with full case folding and default-ignorable removal (soft
///   hyphens, zero-width joiners), then the diacritics of the Combining Diacritical Marks blocks
///   are removed (Latin, Greek, Cyrillic accents; Japanese voicing marks, Hangul jamo and Thai
///   vowels are untouched), and letters without a decomposition are spelled out: æ→ae, œ→oe,
///   ø→o, ł→l, đ→d, ð→d, þ→th, ħ→h, ŧ→t, ı→i, ȷ→j, ƀ→b, ƒ→f (ß→ss comes from case folding).
///   ’ and ‘ become ' so "don’t" = "don't".
/// - Apostrophes follow UAX #29: "don't" stays one word "don't". A final possessive "'s" is
///   removed from the term ("Schölkopf's" → "scholkopf", "it's" → "it"); the offsets still cover
///   the whole surface word. A trailing apostrophe ("users'") is not part of the word anyway.
/// - Numbers keep their internal separators as ICU segments them: "1.5", "1,000", "3.14" are one
///   Number each and are not rewritten ("1,000" ≠ "1000"). A Number is a token with digits and no
///   letters; a token with letters and digits ("3d", "f1", "resnet50", "v1.5") is a Word.
/// - Hyphens: words separated by exactly one hyphen-minus, U+2010 or U+2011 with nothing else
///   between them form a chain ("state-of-the-art"); each part is a token at its own position and,
///   when the chain has at least one letter, the concatenation ("stateoftheart", "gpt3", "1bit")
///   follows as a joined Word at the first part's position. Chains of digits only ("2019-2020",
///   "1-2") give no joined form, so page ranges do not invent numbers. Dashes (– —), spaces
///   around the hyphen, doubled hyphens and symbolic words break a chain.
/// - Symbolic words: a word made only of letters followed directly by "++" or "#", which is not
///   itself followed by a letter, "_", "@", "+", "#" or (after "#") a digit, is one Symbolic token
///   including the symbols ("c++", "c#", "f#", "notepad++"); "C++11" gives "c++" and then "11",
///   "a#b" and "C#1" are not symbolic.
/// - Ideograph: a token with a Han, Hiragana, Katakana, Hangul, Thai, Lao, Khmer or Myanmar
///   letter (ICU's dictionary words for Chinese, Japanese and Thai; Korean words as spaced).
///
/// Stemming is not done here (the schema applies Xapian's stemmer to stemmable tokens).
/// Invalid UTF-8 in the input is treated as U+FFFD (callers should repair text first; see
/// cleaner.hpp); it never makes analysis throw.
///
/// Thread safety: not thread-safe (it owns ICU break iterators); use one instance per thread.
/// Construction costs a few hundred microseconds; reuse instances. A moved-from Analyzer may only
/// be destroyed or assigned to.
class Analyzer final {
  public:
    /// An analyzer with default options. Throws Error(Errc::IcuFailure) when ICU's data is missing.
    Analyzer();
    /// An analyzer with @p options. Throws Error(Errc::IcuFailure) when ICU's data is missing.
    explicit Analyzer(AnalyzerOptions options);
    ~Analyzer();
    Analyzer(Analyzer&&) noexcept;
    Analyzer& operator=(Analyzer&&) noexcept;
    Analyzer(const Analyzer&) = delete;
    Analyzer& operator=(const Analyzer&) = delete;

    /// Appends the tokens of @p text to @p out; the first word gets @p first_position.
    /// Offsets are relative to @p text. Returns the position after the last word.
    /// Throws Error(Errc::InvalidInput) for text of 2 GiB or more, Error(Errc::IcuFailure) when ICU
    /// fails (then @p out may hold the tokens found so far).
    std::uint32_t
    analyze(std::string_view text, std::vector<Token>& out, std::uint32_t first_position = 0);

    /// Convenience overload returning a fresh vector.
    [[nodiscard]] std::vector<Token> analyze(std::string_view text);

    /// The folding applied to every token (NFKC, case folding, accent folding), applied to a whole
    /// string without breaking it into words. Used for name keys and exact-match keys.
    /// Spaces and punctuation are kept (NFKC may rewrite them, e.g. U+00A0 becomes a space); the
    /// possessive rule of analyze() is not applied. Invalid UTF-8 becomes U+FFFD.
    [[nodiscard]] std::string fold(std::string_view text);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace peerscope::analyzers
