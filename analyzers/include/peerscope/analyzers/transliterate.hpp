/// @file Romanisation of names written in other scripts, so they can be found by their Latin form.
#pragma once

#include <string>
#include <string_view>

namespace peerscope::analyzers {

/// Transliterates @p utf8 to plain ASCII Latin with ICU's "Any-Latin; Latin-ASCII" transform:
/// Chinese to Hanyu Pinyin without tone marks, syllables separated by spaces (张伟 → "zhang wei"),
/// kana to Hepburn romaji, Greek and Cyrillic letter by letter ("Москва" → "Moskva"), accented
/// Latin to ASCII ("Müller" → "Muller"). Case is kept; feed the result to Analyzer::fold() for a
/// key. Japanese kanji are read as Mandarin (ICU has no Japanese reading data). Characters without
/// a Latin form are kept as they are; invalid UTF-8 becomes U+FFFD.
///
/// Thread-safe: each thread builds its own transliterator on first use (about 20 ms) and keeps it
/// in thread-local storage. Throws Error(Errc::IcuFailure) when ICU cannot build it, and
/// Error(Errc::InvalidInput) for text of 2 GiB or more.
[[nodiscard]] std::string to_latin(std::string_view utf8);

} // namespace peerscope::analyzers
