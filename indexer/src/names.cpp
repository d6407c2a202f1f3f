#include "names.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace peerscope::indexer {
namespace {

std::vector<std::string_view> split_words(std::string_view text) {
    std::vector<std::string_view> words;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) {
            ++i;
        }
        std::size_t start = i;
        while (i < text.size() && text[i] != ' ' && text[i] != '\t') {
            ++i;
        }
        if (i > start) {
            words.push_back(text.substr(start, i - start));
        }
    }
    return words;
}

std::string lower_ascii(std::string_view word) {
    std::string out(word);
    for (char& c : out) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

bool is_particle(std::string_view word) {
    static constexpr std::array<std::string_view, 17> kParticles = {
        "van", "von", "de", "der", "den", "da", "di", "del", "della", "la", "le", "du", "dos", "das",
        "ten", "ter", "bin"};
    std::string lower = lower_ascii(word);
    return std::find(kParticles.begin(), kParticles.end(), lower) != kParticles.end();
}

bool is_suffix(std::string_view word) {
    static constexpr std::array<std::string_view, 8> kSuffixes = {
        "jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "phd"};
    std::string lower = lower_ascii(word);
    if (!lower.empty() && lower.back() == ',') {
        lower.pop_back();
    }
    return std::find(kSuffixes.begin(), kSuffixes.end(), lower) != kSuffixes.end();
}

std::string join(const std::vector<std::string_view>& words, std::size_t from, std::size_t to) {
    std::string out;
    for (std::size_t i = from; i < to; ++i) {
        if (!out.empty()) {
            out += ' ';
        }
        out += words[i];
    }
    return out;
}

std::string trim(std::string_view text) {
    std::size_t begin = text.find_first_not_of(" \t,");
    if (begin == std::string_view::npos) {
        return {};
    }
    std::size_t end = text.find_last_not_of(" \t,");
    return std::string(text.substr(begin, end - begin + 1));
}

} // namespace

SplitName split_name(std::string_view display_name) {
    SplitName name;
    std::size_t comma = display_name.find(',');
    if (comma != std::string_view::npos) {
        std::string before = trim(display_name.substr(0, comma));
        std::string after = trim(display_name.substr(comma + 1));
        // "Smith, Jr., John" or "Jordan, Michael I."
        if (!after.empty() && !is_suffix(after)) {
            std::size_t second = after.find(',');
            if (second != std::string::npos && is_suffix(trim(after.substr(0, second)))) {
                after = trim(after.substr(second + 1));
            }
            name.family = before;
            name.given = after;
            return name;
        }
        display_name = display_name.substr(0, comma);
    }
    std::vector<std::string_view> words = split_words(display_name);
    while (words.size() > 1 && is_suffix(words.back())) {
        words.pop_back();
    }
    if (words.empty()) {
        return name;
    }
    if (words.size() == 1) {
        name.family = std::string(words[0]);
        return name;
    }
    std::size_t family_start = words.size() - 1;
    while (family_start > 1 && is_particle(words[family_start - 1])) {
        --family_start;
    }
    name.given = join(words, 0, family_start);
    name.family = join(words, family_start, words.size());
    return name;
}

std::vector<std::string> family_keys(std::string_view family, analyzers::Analyzer& analyzer) {
    auto key_of = [&analyzer](std::string_view text) {
        std::string folded = analyzer.fold(text);
        std::string key;
        key.reserve(folded.size());
        for (char c : folded) {
            auto u = static_cast<unsigned char>(c);
            if (std::isalnum(u) != 0 || u >= 0x80) {
                key += c;
            }
        }
        return key;
    };
    std::vector<std::string> keys{key_of(family)};
    // German transcription of umlauts (precomposed or with a combining diaeresis).
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 9> kUmlauts = {{
        {"\xC3\xA4", "ae"}, {"\xC3\xB6", "oe"}, {"\xC3\xBC", "ue"},
        {"\xC3\x84", "Ae"}, {"\xC3\x96", "Oe"}, {"\xC3\x9C", "Ue"},
        {"a\xCC\x88", "ae"}, {"o\xCC\x88", "oe"}, {"u\xCC\x88", "ue"},
    }};
    std::string transcribed(family);
    bool changed = false;
    for (const auto& [from, to] : kUmlauts) {
        for (std::size_t at = transcribed.find(from); at != std::string::npos;
             at = transcribed.find(from, at + to.size())) {
            transcribed.replace(at, from.size(), to);
            changed = true;
        }
    }
    if (changed) {
        std::string second = key_of(transcribed);
        if (second != keys.front()) {
            keys.push_back(std::move(second));
        }
    }
    return keys;
}

std::vector<std::string> given_parts(std::string_view given, analyzers::Analyzer& analyzer) {
    std::string folded = analyzer.fold(given);
    std::vector<std::string> parts;
    std::string current;
    for (char c : folded) {
        auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u) != 0 || u >= 0x80) {
            current += c;
        } else if (!current.empty()) {
            parts.push_back(std::move(current));
            current.clear();
        }
    }
    if (!current.empty()) {
        parts.push_back(std::move(current));
    }
    return parts;
}

bool initial_only(const std::vector<std::string>& parts) {
    return !parts.empty() && parts.front().size() == 1;
}

bool given_compatible(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    if (a.empty() || b.empty()) {
        return true;
    }
    std::string joined_a;
    std::string joined_b;
    for (const auto& p : a) {
        joined_a += p;
    }
    for (const auto& p : b) {
        joined_b += p;
    }
    if (joined_a == joined_b) {
        return true;
    }
    std::size_t n = std::min(a.size(), b.size());
    for (std::size_t i = 0; i < n; ++i) {
        const std::string& x = a[i];
        const std::string& y = b[i];
        if (x == y) {
            continue;
        }
        bool x_initial = x.size() == 1;
        bool y_initial = y.size() == 1;
        if ((x_initial && y.front() == x.front()) || (y_initial && x.front() == y.front())) {
            continue;
        }
        // Middle names may be missing on one side ("Michael I. Jordan" vs "Michael Jordan"), but a
        // different first name is a different person.
        return false;
    }
    return true;
}

std::string given_key(const std::vector<std::string>& parts) {
    std::string key;
    for (const auto& part : parts) {
        if (!key.empty()) {
            key += ' ';
        }
        key += part;
    }
    return key;
}

std::vector<std::string> parts_from_key(std::string_view key) {
    std::vector<std::string> parts;
    for (std::string_view word : split_words(key)) {
        parts.emplace_back(word);
    }
    return parts;
}

} // namespace peerscope::indexer
