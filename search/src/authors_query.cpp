#include "authors_query.hpp"

#include "peerscope/schema/author_names.hpp"
#include "peerscope/schema/prefixes.hpp"
#include "peerscope/schema/terms.hpp"

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

namespace peerscope::search {
namespace {

namespace prefix = schema::prefix;

using schema::term;

Xapian::Query scaled(double factor, Xapian::Query query) {
    return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, std::move(query), factor);
}

std::size_t code_points(std::string_view word) {
    return static_cast<std::size_t>(std::count_if(word.begin(), word.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
    }));
}

/// The name words starting with @p word (the most frequent kMaxPrefixTerms), as one term.
Xapian::Query prefix_query(std::string_view pfx, const std::string& word) {
    return Xapian::Query(Xapian::Query::OP_WILDCARD,
                         term(pfx, word),
                         kMaxPrefixTerms,
                         Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT,
                         Xapian::Query::OP_SYNONYM);
}

/// The ways one query word may match a name: itself, a transliterated or transcribed name word,
/// the initial of a name word (one-letter words), and the name words it starts (completion).
Xapian::Query word_query(const std::string& word, bool as_prefix) {
    std::vector<Xapian::Query> forms;
    forms.push_back(scaled(kWordWeight, Xapian::Query(term(prefix::kEntityName, word))));
    forms.push_back(scaled(kWordWeight, Xapian::Query(term(prefix::kEntityNameLatin, word))));
    if (word.size() == 1 && schema::has_latin_initial(word)) {
        forms.push_back(scaled(kWordWeight, Xapian::Query(term(prefix::kEntityInitial, word))));
    }
    if (as_prefix && code_points(word) >= kMinPrefixLetters) {
        for (std::string_view pfx : {prefix::kEntityName, prefix::kEntityNameLatin}) {
            forms.push_back(scaled(kPrefixWeight, prefix_query(pfx, word)));
        }
    }
    return Xapian::Query(Xapian::Query::OP_MAX, forms.begin(), forms.end());
}

/// Every word of the reading must match.
Xapian::Query reading_query(const std::vector<std::string>& words, bool complete_last_word) {
    std::vector<Xapian::Query> parts;
    for (std::size_t i = 0; i < words.size(); ++i) {
        parts.push_back(word_query(words[i], complete_last_word && i + 1 == words.size()));
    }
    return Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end());
}

} // namespace

std::size_t visible_letters(std::string_view text) {
    std::size_t n = 0;
    for (char c : text) {
        auto u = static_cast<unsigned char>(c);
        if ((u & 0xC0U) != 0x80U && std::isspace(u) == 0) {
            ++n;
        }
    }
    return n;
}

NameQuery
author_name_query(std::string_view text, analyzers::Analyzer& analyzer, bool complete_last_word) {
    NameQuery out;
    std::string natural = schema::natural_name_order(text);
    std::vector<std::string> words = schema::name_words(natural, analyzer);
    if (words.empty()) {
        return out;
    }
    out.words = words.size();
    out.only_initials = std::all_of(
        words.begin(), words.end(), [](const std::string& w) { return code_points(w) < 2; });
    // A completion whose text ends in a space has a finished last word.
    bool finished = !text.empty() && std::isspace(static_cast<unsigned char>(text.back())) != 0;
    bool prefix_last = complete_last_word && !finished;
    std::vector<std::vector<std::string>> readings{words};
    for (auto& reading : schema::latin_readings(natural, words, analyzer)) {
        readings.push_back(std::move(reading));
    }
    std::vector<Xapian::Query> matches;
    std::vector<Xapian::Query> whole_names; // the query is a whole name, as written or abbreviated
    std::vector<Xapian::Query>
        abbreviations; // the name is written with the initials of the query's words
    for (const auto& reading : readings) {
        matches.push_back(reading_query(reading, prefix_last));
        if (std::string key = schema::name_key(reading); !key.empty()) {
            whole_names.emplace_back(term(prefix::kEntityNameKey, key));
            whole_names.emplace_back(term(prefix::kEntityInitialsKey, key));
        }
        for (const std::string& key : schema::abbreviated_name_keys(reading)) {
            abbreviations.emplace_back(term(prefix::kEntityNameKey, key));
        }
    }
    Xapian::Query match(Xapian::Query::OP_MAX, matches.begin(), matches.end());
    std::vector<Xapian::Query> boosts;
    if (!whole_names.empty()) {
        boosts.push_back(
            scaled(kWholeNameWeight,
                   Xapian::Query(Xapian::Query::OP_MAX, whole_names.begin(), whole_names.end())));
    }
    if (!abbreviations.empty()) {
        // "Samyam Rajbhandari" also finds a person recorded only as "S. Rajbhandari" (who lacks
        // the word "samyam"), below the whole-name matches.
        Xapian::Query abbreviated(
            Xapian::Query::OP_MAX, abbreviations.begin(), abbreviations.end());
        match = Xapian::Query(Xapian::Query::OP_OR, match, scaled(0.0, abbreviated));
        boosts.push_back(scaled(kAbbreviatedNameWeight, abbreviated));
    }
    if (!boosts.empty()) {
        match = Xapian::Query(Xapian::Query::OP_AND_MAYBE,
                              match,
                              Xapian::Query(Xapian::Query::OP_MAX, boosts.begin(), boosts.end()));
    }
    // Name words are on sources and topics too; leaving those few out is cheaper than checking
    // every candidate against the postlist of all authors.
    Xapian::Query others(Xapian::Query::OP_OR,
                         Xapian::Query(term(prefix::kEntityType, "source")),
                         Xapian::Query(term(prefix::kEntityType, "topic")));
    out.query = Xapian::Query(Xapian::Query::OP_AND_NOT, match, others);
    return out;
}

} // namespace peerscope::search
