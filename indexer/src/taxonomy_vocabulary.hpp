/// @file The words taxonomy rules use, as stem keys, and the fast test that tells which tokens of
/// a work can be one of them before they are stemmed.
#pragma once

#include "peerscope/analyzers/token.hpp"
#include "peerscope/schema/term_builder.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace peerscope::indexer::taxonomy_detail {

/// A set of byte strings, answering "does some member start this word?" in one pass over the
/// word. Not thread-safe while adding; after freeze(), const lookups are thread-safe.
class PrefixSet final {
  public:
    PrefixSet();
    /// Adds @p prefix (the empty prefix makes every word match). Undoes freeze().
    void add(std::string_view prefix);
    /// Lays the set out for fast lookups; call after the last add().
    void freeze();
    /// True when a member of the set is a prefix of @p word. Requires freeze().
    [[nodiscard]] bool starts(std::string_view word) const noexcept;

  private:
    struct Node {
        bool member = false;
        std::vector<std::pair<unsigned char, std::uint32_t>> children; ///< sorted by byte
    };
    /// A node of the frozen layout: its children are edges_[first, first + count).
    struct Packed {
        std::uint32_t first = 0;
        std::uint16_t count = 0;
        bool member = false;
    };
    std::vector<Node> nodes_; ///< nodes_[0] is the root
    std::vector<Packed> packed_;
    std::vector<std::pair<unsigned char, std::uint32_t>> edges_;
    std::array<std::uint32_t, 256> root_{}; ///< the root's child per first byte; 0 for none
};

/// The keys of rule words. A key stands for a stem (so "networks" and "network" share one) or,
/// for `=word` terms, for one exact folded word. Built while rules compile, then immutable.
///
/// Some keys are anchors: the word of each phrase that is looked up first. Work tokens are only
/// stemmed when they can stem into an anchor: the English (Porter2) stem of a word starts the
/// word, except that a final e, i, l or y of the stem may differ (hoping -> hope, happy -> happi;
/// Snowball's special forms dying, lying and tying are added explicitly), so a prefix set of these
/// stem prefixes filters out most tokens cheaply. A data test checks this on every word of ML
/// Anthology.
class Vocabulary final {
  public:
    static constexpr std::uint32_t kNoKey = 0xffffffffU;

    /// The key of a rule token, created on first use. @p exact asks for the word, not its stem.
    std::uint32_t intern(const analyzers::Token& token, bool exact, schema::TermBuilder& builder);

    /// Where an anchor is looked for.
    enum class Scope : std::uint8_t { Title = 1, Abstract = 2 };

    /// Makes @p key an anchor in @p scope: work tokens of that field with this key are then found
    /// by anchor_keys_of() (after freeze()).
    void add_anchor(std::uint32_t key, Scope scope);

    /// Prepares the anchor lookups; call after the last add_anchor().
    void freeze();

    /// True when @p word may stand for @p key: a cheap test, without stemming, that never says
    /// false for a word that does (see the class comment).
    [[nodiscard]] bool may_stand_for(std::uint32_t key, std::string_view word) const noexcept {
        const std::string& prefix = prefixes_of_key_[key];
        if (word.size() >= prefix.size() && word.compare(0, prefix.size(), prefix) == 0) {
            return stemmed_[key] || word.size() == prefix.size();
        }
        return special_[key] && special_form_of(key, word);
    }

    /// What every word standing for @p key starts with (except special forms).
    [[nodiscard]] std::string_view prefix(std::uint32_t key) const { return prefixes_of_key_[key]; }
    /// True when a word not starting with prefix() may stand for @p key (a special form).
    [[nodiscard]] bool has_special_form(std::uint32_t key) const { return special_[key]; }

    /// The stem (or unstemmed term) of @p key.
    [[nodiscard]] const std::string& base(std::uint32_t key) const { return bases_[key]; }

    /// Calls @p emit(key) for each anchor key of @p scope that a work token stands for.
    template <typename Emit>
    void anchor_keys_of(const analyzers::Token& token,
                        Scope scope,
                        schema::TermBuilder& builder,
                        Emit&& emit) const {
        const auto bit = static_cast<std::uint8_t>(scope);
        if (prefixes_[bit - 1].starts(token.term)) {
            keys_of(token, builder, [&](std::uint32_t key) {
                if ((anchors_[key] & bit) != 0) {
                    emit(key);
                }
            });
        }
    }

    /// Calls @p emit(key) for each key that a work token stands for (its stem, and an exact word).
    template <typename Emit>
    void keys_of(const analyzers::Token& token, schema::TermBuilder& builder, Emit&& emit) const {
        const bool stemmable = token.stemmable();
        const auto found = entries_.find(stemmable ? builder.stem(token.term) : token.term);
        if (found == entries_.end()) {
            return;
        }
        if (found->second.stem_key != kNoKey) {
            emit(found->second.stem_key);
        }
        for (const auto& [word, key] : found->second.exact) {
            if (word == token.term) {
                emit(key);
            }
        }
    }

    /// Number of keys.
    [[nodiscard]] std::uint32_t size() const noexcept {
        return static_cast<std::uint32_t>(bases_.size());
    }

  private:
    struct Entry {
        std::uint32_t stem_key = kNoKey;
        std::vector<std::pair<std::string, std::uint32_t>> exact; ///< folded word -> key
    };
    std::unordered_map<std::string, Entry> entries_; ///< by stem (or by the term, if unstemmable)
    [[nodiscard]] bool special_form_of(std::uint32_t key, std::string_view word) const noexcept;
    void add_key(const std::string& base, bool stemmed);

    std::vector<std::string> bases_;           ///< per key: the stem (or term) it is under
    std::vector<std::string> prefixes_of_key_; ///< per key: what its words start with
    std::vector<bool> special_;                ///< per key: a stem with a special form
    std::vector<bool> stemmed_;                ///< per key: whether bases_ is a stem
    std::vector<std::uint8_t> anchors_;        ///< per key: Scope bits
    std::array<PrefixSet, 2> prefixes_;        ///< per Scope: prefixes of its anchors
};

} // namespace peerscope::indexer::taxonomy_detail
