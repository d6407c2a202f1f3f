/// @file The words taxonomy rules use, as keys, and the per-thread cache that turns a work's
/// tokens into keys without stemming each token again.
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

/// The keys a token stands for: its stem's key and, for `=word` terms, its exact word's key.
struct TokenKeys {
    std::uint32_t count = 0;
    std::array<std::uint32_t, 2> keys{};
};

/// The keys of rule words. A key stands for a stem (so "networks" and "network" share one) or,
/// for `=word` terms, for one exact folded word. Some keys are anchors: the word of a phrase that
/// is looked up first, in the title, the abstract or both. Built while rules compile, then
/// immutable; lookups are thread-safe (the cache behind them is per thread).
class Vocabulary final {
  public:
    static constexpr std::uint32_t kNoKey = 0xffffffffU;
    /// Where an anchor is looked for.
    enum class Scope : std::uint8_t { Title = 1, Abstract = 2 };

    Vocabulary();

    /// The key of a rule token, created on first use. @p exact asks for the word, not its stem.
    std::uint32_t intern(const analyzers::Token& token, bool exact, schema::TermBuilder& builder);

    /// Makes @p key an anchor in @p scope.
    void add_anchor(std::uint32_t key, Scope scope) {
        anchors_[key] |= static_cast<std::uint8_t>(scope);
    }
    /// True when @p key is an anchor in @p scope.
    [[nodiscard]] bool is_anchor(std::uint32_t key, Scope scope) const {
        return (anchors_[key] & static_cast<std::uint8_t>(scope)) != 0;
    }

    /// The keys @p token stands for. A word seen before on this thread is answered from a cache;
    /// a new one is stemmed with @p builder (not shared across threads).
    [[nodiscard]] TokenKeys keys_of(const analyzers::Token& token,
                                    schema::TermBuilder& builder) const;

    /// The stem (or unstemmed term) of @p key.
    [[nodiscard]] const std::string& base(std::uint32_t key) const { return bases_[key]; }
    /// Number of keys.
    [[nodiscard]] std::uint32_t size() const noexcept {
        return static_cast<std::uint32_t>(bases_.size());
    }

  private:
    struct Entry {
        std::uint32_t stem_key = kNoKey;
        std::vector<std::pair<std::string, std::uint32_t>> exact; ///< folded word -> key
    };

    [[nodiscard]] TokenKeys compute_keys(const analyzers::Token& token,
                                         schema::TermBuilder& builder) const;

    std::uint64_t id_; ///< tells this vocabulary's cache entries from another's
    std::unordered_map<std::string, Entry> entries_; ///< by stem (or by the term, if unstemmable)
    std::vector<std::string> bases_;                 ///< per key: the stem (or term) it is under
    std::vector<std::uint8_t> anchors_;              ///< per key: Scope bits
};

} // namespace peerscope::indexer::taxonomy_detail
