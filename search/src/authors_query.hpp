/// @file Author name queries over the entities database: readings, initials, whole-name keys.
#pragma once

#include "peerscope/analyzers/analyzer.hpp"

#include <xapian.h>

#include <string_view>

namespace peerscope::search {

/// Weights of a name match (Xapian::CoordWeight scaled per term, so a document's weight is the sum
/// of what it matched): the relevance_score of GET /v1/authors.
/// The query is a whole spelling of the name, in any order, given names possibly as initials.
inline constexpr double kWholeNameWeight = 10.0;
/// The name is written with the initials of the query's given names ("S. Rajbhandari" for the
/// query "Samyam Rajbhandari").
inline constexpr double kAbbreviatedNameWeight = 5.0;
/// A query word is a name word (or, for a one-letter word, a name word's initial).
inline constexpr double kWordWeight = 1.0;
/// Completion: the last query word starts a name word.
inline constexpr double kPrefixWeight = 0.9;

/// Code points a completion's last word needs before it is completed as a prefix ("prefix-tolerant
/// from the third letter"); shorter last words must match whole.
inline constexpr std::size_t kMinPrefixLetters = 3;

/// Most name words one prefix expands to (the most frequent ones).
inline constexpr Xapian::termcount kMaxPrefixTerms = 20;

/// What a name query matched on.
struct NameQuery {
    Xapian::Query query; ///< empty when the text has no words; matches authors only
    std::size_t words = 0;
    bool only_initials = false; ///< every word has one letter ("S. R.")
};

/// The query finding authors named by @p text, in any word order, ignoring case and accents:
/// every word of at least one reading must match (the text itself, its ICU Latin transliteration,
/// its umlaut transcription); a one-letter word matches an initial, a longer word a name word or a
/// transliterated or transcribed name word. A whole spelling of the name adds kWholeNameWeight; a
/// spelling that abbreviates the query's given names ("S. Rajbhandari" for "Samyam Rajbhandari")
/// matches too, with kAbbreviatedNameWeight. With @p complete_last_word, the last word also matches
/// as a prefix when it has kMinPrefixLetters or more. Use with Xapian::CoordWeight.
[[nodiscard]] NameQuery
author_name_query(std::string_view text, analyzers::Analyzer& analyzer, bool complete_last_word);

/// Number of Unicode code points in @p text that are not white space.
[[nodiscard]] std::size_t visible_letters(std::string_view text);

} // namespace peerscope::search
