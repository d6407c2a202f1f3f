/// @file How a person's name becomes search forms: Latin readings, initials and whole-name keys.
///
/// The indexer writes these forms as entity terms (prefixes kEntityNameLatin, kEntityInitial,
/// kEntityNameKey, kEntityInitialsKey) and the search library builds its queries from the same
/// functions, so the two sides cannot diverge. Header-only (the schema library has no name code of
/// its own); every function is thread-safe given its own Analyzer.
#pragma once

#include "peerscope/analyzers/analyzer.hpp"
#include "peerscope/analyzers/transliterate.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace peerscope::schema {

/// Longest whole-name key written (bytes); a longer name gets no key, only its words.
inline constexpr std::size_t kMaxNameKeyBytes = 160;

/// "Last, First" becomes "First Last"; other names are returned as they are.
[[nodiscard]] inline std::string natural_name_order(std::string_view name) {
    std::size_t comma = name.find(',');
    if (comma == std::string_view::npos || name.find(',', comma + 1) != std::string_view::npos) {
        return std::string(name);
    }
    std::string_view family = name.substr(0, comma);
    std::string_view given = name.substr(comma + 1);
    return std::string(given) + " " + std::string(family);
}

/// The folded words of a name as the analyzer reads them; hyphen-joined forms ("jeanpierre") are
/// left out, so each word of the name is there once.
[[nodiscard]] inline std::vector<std::string> name_words(std::string_view name,
                                                         analyzers::Analyzer& analyzer) {
    std::vector<std::string> words;
    for (analyzers::Token& token : analyzer.analyze(name)) {
        if (!token.joined) {
            words.push_back(std::move(token.term));
        }
    }
    return words;
}

/// @p name with German umlauts transcribed (ä→ae, ö→oe, ü→ue; precomposed or with a combining
/// diaeresis), or "" when it has none: Schölkopf is also written Schoelkopf.
[[nodiscard]] inline std::string umlaut_transcription(std::string_view name) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 9> kUmlauts = {{
        {"\xC3\xA4", "ae"},
        {"\xC3\xB6", "oe"},
        {"\xC3\xBC", "ue"},
        {"\xC3\x84", "Ae"},
        {"\xC3\x96", "Oe"},
        {"\xC3\x9C", "Ue"},
        {"a\xCC\x88", "ae"},
        {"o\xCC\x88", "oe"},
        {"u\xCC\x88", "ue"},
    }};
    std::string out(name);
    bool changed = false;
    for (const auto& [from, to] : kUmlauts) {
        for (std::size_t at = out.find(from); at != std::string::npos;
             at = out.find(from, at + to.size())) {
            out.replace(at, from.size(), to);
            changed = true;
        }
    }
    return changed ? out : std::string();
}

/// True when @p name has a character outside ASCII (only such names have other readings).
[[nodiscard]] inline bool has_non_ascii(std::string_view name) {
    return std::any_of(name.begin(), name.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0x80U) != 0;
    });
}

/// The other readings of a name, each as words, without duplicates of @p words (the name's own
/// words): its ICU Latin transliteration (张伟 → zhang wei; Москва → moskva) and its umlaut
/// transcription (Schölkopf → schoelkopf). Empty for a plain ASCII name.
[[nodiscard]] inline std::vector<std::vector<std::string>> latin_readings(
    std::string_view name, const std::vector<std::string>& words, analyzers::Analyzer& analyzer) {
    std::vector<std::vector<std::string>> readings;
    if (!has_non_ascii(name)) {
        return readings;
    }
    auto add = [&](std::vector<std::string> reading) {
        if (!reading.empty() && reading != words
            && std::find(readings.begin(), readings.end(), reading) == readings.end()) {
            readings.push_back(std::move(reading));
        }
    };
    add(name_words(analyzers::to_latin(name), analyzer));
    if (std::string transcribed = umlaut_transcription(name); !transcribed.empty()) {
        add(name_words(transcribed, analyzer));
    }
    return readings;
}

/// True when @p word starts with an ASCII letter (only such words have initials).
[[nodiscard]] inline bool has_latin_initial(std::string_view word) {
    return !word.empty() && ((word.front() >= 'a' && word.front() <= 'z'));
}

/// The whole-name key of @p words: sorted, joined by single spaces, so word order does not matter
/// ("rajbhandari samyam"). "" when there are no words or the key would be too long.
[[nodiscard]] inline std::string name_key(std::vector<std::string> words) {
    std::sort(words.begin(), words.end());
    std::string key;
    for (const std::string& word : words) {
        if (!key.empty()) {
            key += ' ';
        }
        key += word;
    }
    return key.size() > kMaxNameKeyBytes ? std::string() : key;
}

/// The abbreviated whole-name keys of a name in natural order ("Samyam Rajbhandari"): for a name of
/// n ≥ 2 words, for each k < n the key with the first k words reduced to their initials
/// ("rajbhandari s"; "Luc Van Gool" gives "gool l van" and "gool l v"), so a query that abbreviates
/// given names is a whole name too. Keys equal to name_key(words) are left out.
[[nodiscard]] inline std::vector<std::string>
abbreviated_name_keys(const std::vector<std::string>& words) {
    std::vector<std::string> keys;
    std::string full = name_key(words);
    auto add = [&keys, &full](std::string key) {
        if (!key.empty() && key != full && std::find(keys.begin(), keys.end(), key) == keys.end()) {
            keys.push_back(std::move(key));
        }
    };
    for (std::size_t k = 1; k < words.size(); ++k) {
        std::vector<std::string> abbreviated = words;
        bool all_latin = true;
        for (std::size_t i = 0; i < k; ++i) {
            all_latin = all_latin && has_latin_initial(words[i]);
            abbreviated[i] = words[i].substr(0, 1);
        }
        if (all_latin) {
            add(name_key(std::move(abbreviated)));
        }
    }
    return keys;
}

} // namespace peerscope::schema
