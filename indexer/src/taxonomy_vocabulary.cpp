#include "taxonomy_vocabulary.hpp"

#include <atomic>
#include <cstddef>

namespace peerscope::indexer::taxonomy_detail {
namespace {

/// Word -> keys, per thread: most tokens of a work are frequent words seen in earlier works, so
/// a hash probe replaces stemming and the stem-map lookup. Open addressing, linear probing; it is
/// emptied when three quarters full, or when a different vocabulary uses it.
class WordCache {
  public:
    static constexpr std::size_t kSlots = std::size_t{1} << 16;

    /// The cached keys of (@p word, @p kind) for vocabulary @p owner, or nullptr.
    const TokenKeys* find(std::uint64_t owner,
                          std::string_view word,
                          analyzers::TokenKind kind,
                          std::uint64_t hash) {
        if (owner != owner_) {
            clear(owner);
            return nullptr;
        }
        for (std::size_t at = hash & (kSlots - 1);; at = (at + 1) & (kSlots - 1)) {
            const Slot& slot = slots_[at];
            if (slot.hash == 0) {
                return nullptr;
            }
            if (slot.hash == hash && slot.kind == kind && slot.word == word) {
                return &slot.keys;
            }
        }
    }

    void insert(std::string_view word,
                analyzers::TokenKind kind,
                std::uint64_t hash,
                const TokenKeys& keys) {
        if (used_ >= kSlots / 4 * 3) {
            clear(owner_);
        }
        std::size_t at = hash & (kSlots - 1);
        while (slots_[at].hash != 0) {
            at = (at + 1) & (kSlots - 1);
        }
        slots_[at] = {.hash = hash, .kind = kind, .word = std::string(word), .keys = keys};
        ++used_;
    }

  private:
    struct Slot {
        std::uint64_t hash = 0; ///< 0 marks an empty slot
        analyzers::TokenKind kind = analyzers::TokenKind::Word;
        std::string word{};
        TokenKeys keys{};
    };

    void clear(std::uint64_t owner) {
        slots_.assign(kSlots, Slot{});
        used_ = 0;
        owner_ = owner;
    }

    std::vector<Slot> slots_;
    std::size_t used_ = 0;
    std::uint64_t owner_ = 0;
};

/// FNV-1a over the word, mixed with the token kind; never 0.
std::uint64_t word_hash(std::string_view word, analyzers::TokenKind kind) noexcept {
    std::uint64_t hash = 14695981039346656037ULL ^ static_cast<std::uint64_t>(kind);
    for (const char c : word) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 1099511628211ULL;
    }
    return hash == 0 ? 1 : hash;
}

std::atomic<std::uint64_t> next_vocabulary_id{1};

} // namespace

Vocabulary::Vocabulary() : id_(next_vocabulary_id++) {}

std::uint32_t
Vocabulary::intern(const analyzers::Token& token, bool exact, schema::TermBuilder& builder) {
    const bool stemmable = token.stemmable();
    const std::string base = stemmable ? builder.stem(token.term) : token.term;
    Entry& entry = entries_[base];
    const auto next = static_cast<std::uint32_t>(bases_.size());
    if (!exact || !stemmable) {
        if (entry.stem_key == kNoKey) {
            entry.stem_key = next;
            bases_.push_back(base);
            anchors_.push_back(0);
        }
        return entry.stem_key;
    }
    for (const auto& [word, key] : entry.exact) {
        if (word == token.term) {
            return key;
        }
    }
    entry.exact.emplace_back(token.term, next);
    bases_.push_back(base);
    anchors_.push_back(0);
    return next;
}

TokenKeys Vocabulary::compute_keys(const analyzers::Token& token,
                                   schema::TermBuilder& builder) const {
    TokenKeys out;
    const auto found = entries_.find(token.stemmable() ? builder.stem(token.term) : token.term);
    if (found == entries_.end()) {
        return out;
    }
    if (found->second.stem_key != kNoKey) {
        out.keys[out.count++] = found->second.stem_key;
    }
    for (const auto& [word, key] : found->second.exact) {
        if (word == token.term && out.count < out.keys.size()) {
            out.keys[out.count++] = key;
        }
    }
    return out;
}

TokenKeys Vocabulary::keys_of(const analyzers::Token& token, schema::TermBuilder& builder) const {
    thread_local WordCache cache;
    const std::uint64_t hash = word_hash(token.term, token.kind);
    if (const TokenKeys* cached = cache.find(id_, token.term, token.kind, hash)) {
        return *cached;
    }
    const TokenKeys keys = compute_keys(token, builder);
    cache.insert(token.term, token.kind, hash, keys);
    return keys;
}

} // namespace peerscope::indexer::taxonomy_detail
