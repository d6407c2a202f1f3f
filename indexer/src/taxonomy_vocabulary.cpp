#include "taxonomy_vocabulary.hpp"

#include <algorithm>
#include <array>

namespace peerscope::indexer::taxonomy_detail {
namespace {

/// Snowball's English stemmer maps these words to stems that do not start them ("dying" ->
/// "die"); every other stem, minus its last letter, is a prefix of its word.
struct SpecialForm {
    std::string_view stem;
    std::string_view word;
};
constexpr std::array<SpecialForm, 3> kSpecialForms = {{
    {"die", "dying"},
    {"lie", "lying"},
    {"tie", "tying"},
}};

/// How much of a stem every word with that stem starts with. The English (Porter2) stemmer only
/// rewrites a word's ending, and the letters it puts there are an 'e' (hoping -> hope), an 'i'
/// (happy -> happi), an 'l' (possibility -> possibl) or a 'y' (skies -> sky): a stem ending in
/// another letter starts its words whole, one ending in these starts them without its last letter.
/// Stems of one or two letters start their words whole too (such words are not rewritten).
std::size_t stem_prefix_length(std::string_view stem) {
    if (stem.size() <= 2) {
        return stem.size();
    }
    const char last = stem.back();
    const bool rewritten = last == 'e' || last == 'i' || last == 'l' || last == 'y';
    return rewritten ? stem.size() - 1 : stem.size();
}

} // namespace

PrefixSet::PrefixSet() : nodes_(1) {
    freeze();
}

void PrefixSet::add(std::string_view prefix) {
    std::uint32_t node = 0;
    for (const char c : prefix) {
        const auto byte = static_cast<unsigned char>(c);
        auto& children = nodes_[node].children;
        auto at = std::lower_bound(
            children.begin(), children.end(), byte, [](const auto& child, unsigned char b) {
                return child.first < b;
            });
        if (at != children.end() && at->first == byte) {
            node = at->second;
            continue;
        }
        const auto next = static_cast<std::uint32_t>(nodes_.size());
        children.insert(at, {byte, next});
        nodes_.emplace_back();
        node = next;
    }
    nodes_[node].member = true;
    packed_.clear();
}

void PrefixSet::freeze() {
    packed_.assign(nodes_.size(), {});
    edges_.clear();
    for (std::size_t i = 0; i < nodes_.size(); ++i) {
        packed_[i] = {.first = static_cast<std::uint32_t>(edges_.size()),
                      .count = static_cast<std::uint16_t>(nodes_[i].children.size()),
                      .member = nodes_[i].member};
        edges_.insert(edges_.end(), nodes_[i].children.begin(), nodes_[i].children.end());
    }
    root_.fill(0);
    for (const auto& [byte, child] : nodes_[0].children) {
        root_[byte] = child;
    }
}

bool PrefixSet::starts(std::string_view word) const noexcept {
    if (packed_[0].member) {
        return true;
    }
    if (word.empty()) {
        return false;
    }
    // The root has many children: a table. Deeper nodes have few: a scan, or a binary search.
    std::uint32_t node = root_[static_cast<unsigned char>(word.front())];
    if (node == 0) {
        return false;
    }
    for (std::size_t i = 1; i < word.size(); ++i) {
        const Packed& packed = packed_[node];
        if (packed.member) {
            return true;
        }
        const auto byte = static_cast<unsigned char>(word[i]);
        const auto* edge = edges_.data() + packed.first;
        const auto* end = edge + packed.count;
        if (packed.count > 8) {
            edge = std::lower_bound(
                edge, end, byte, [](const auto& e, unsigned char b) { return e.first < b; });
        } else {
            while (edge != end && edge->first < byte) {
                ++edge;
            }
        }
        if (edge == end || edge->first != byte) {
            return false;
        }
        node = edge->second;
    }
    return packed_[node].member;
}

std::uint32_t
Vocabulary::intern(const analyzers::Token& token, bool exact, schema::TermBuilder& builder) {
    const bool stemmable = token.stemmable();
    const std::string base = stemmable ? builder.stem(token.term) : token.term;
    Entry& entry = entries_[base];
    const auto next = static_cast<std::uint32_t>(bases_.size());
    if (!exact || !stemmable) {
        if (entry.stem_key == kNoKey) {
            entry.stem_key = next;
            add_key(base, stemmable);
        }
        return entry.stem_key;
    }
    for (const auto& [word, key] : entry.exact) {
        if (word == token.term) {
            return key;
        }
    }
    entry.exact.emplace_back(token.term, next);
    add_key(base, true);
    return next;
}

bool Vocabulary::special_form_of(std::uint32_t key, std::string_view word) const noexcept {
    return std::any_of(kSpecialForms.begin(), kSpecialForms.end(), [&](const SpecialForm& form) {
        return bases_[key] == form.stem && word == form.word;
    });
}

void Vocabulary::freeze() {
    for (PrefixSet& prefixes : prefixes_) {
        prefixes.freeze();
    }
}

void Vocabulary::add_key(const std::string& base, bool stemmed) {
    bases_.push_back(base);
    stemmed_.push_back(stemmed);
    anchors_.push_back(0);
    prefixes_of_key_.push_back(stemmed ? base.substr(0, stem_prefix_length(base)) : base);
    special_.push_back(stemmed
                       && std::any_of(kSpecialForms.begin(),
                                      kSpecialForms.end(),
                                      [&](const SpecialForm& form) { return base == form.stem; }));
}

void Vocabulary::add_anchor(std::uint32_t key, Scope scope) {
    const auto bit = static_cast<std::uint8_t>(scope);
    if ((anchors_[key] & bit) != 0) {
        return;
    }
    anchors_[key] |= bit;
    PrefixSet& prefixes = prefixes_[bit - 1];
    prefixes.add(prefixes_of_key_[key]);
    for (const SpecialForm& form : kSpecialForms) {
        if (bases_[key] == form.stem) {
            prefixes.add(form.word);
        }
    }
}

} // namespace peerscope::indexer::taxonomy_detail
