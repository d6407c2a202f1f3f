/// @file A set of document ids as a bitmap over the docid range of one database revision.
#pragma once

#include <xapian.h>

#include <bit>
#include <cstdint>
#include <vector>

namespace peerscope::search {

/// Bitmap of docids 1..limit-1. Plain value type; operations are word-wise and cheap (158k docs =
/// 2.5k words). Not thread-safe for concurrent mutation; immutable instances may be shared.
class DocSet final {
public:
    DocSet() = default;
    /// An empty set able to hold docids below @p limit.
    explicit DocSet(Xapian::docid limit) : words_((static_cast<std::size_t>(limit) + 63) / 64, 0) {}

    [[nodiscard]] Xapian::docid limit() const noexcept {
        return static_cast<Xapian::docid>(words_.size() * 64);
    }
    void insert(Xapian::docid did) noexcept {
        if (did / 64 < words_.size()) {
            words_[did / 64] |= std::uint64_t{1} << (did % 64);
        }
    }
    [[nodiscard]] bool contains(Xapian::docid did) const noexcept {
        return did / 64 < words_.size() && ((words_[did / 64] >> (did % 64)) & 1U) != 0;
    }
    void unite(const DocSet& other) noexcept {
        std::size_t n = std::min(words_.size(), other.words_.size());
        for (std::size_t i = 0; i < n; ++i) {
            words_[i] |= other.words_[i];
        }
    }
    void intersect(const DocSet& other) noexcept {
        std::size_t n = std::min(words_.size(), other.words_.size());
        for (std::size_t i = 0; i < n; ++i) {
            words_[i] &= other.words_[i];
        }
        for (std::size_t i = n; i < words_.size(); ++i) {
            words_[i] = 0;
        }
    }
    void subtract(const DocSet& other) noexcept {
        std::size_t n = std::min(words_.size(), other.words_.size());
        for (std::size_t i = 0; i < n; ++i) {
            words_[i] &= ~other.words_[i];
        }
    }
    [[nodiscard]] std::size_t count() const noexcept {
        std::size_t total = 0;
        for (std::uint64_t w : words_) {
            total += static_cast<std::size_t>(std::popcount(w));
        }
        return total;
    }
    [[nodiscard]] bool empty() const noexcept {
        for (std::uint64_t w : words_) {
            if (w != 0) {
                return false;
            }
        }
        return true;
    }
    /// Calls fn(docid) for every member in increasing order.
    template <typename Fn> void for_each(Fn fn) const {
        for (std::size_t i = 0; i < words_.size(); ++i) {
            std::uint64_t w = words_[i];
            while (w != 0) {
                unsigned bit = static_cast<unsigned>(std::countr_zero(w));
                fn(static_cast<Xapian::docid>(i * 64 + bit));
                w &= w - 1;
            }
        }
    }
    /// The first member >= @p did, or 0 when there is none.
    [[nodiscard]] Xapian::docid next_from(Xapian::docid did) const noexcept {
        std::size_t i = did / 64;
        if (i >= words_.size()) {
            return 0;
        }
        std::uint64_t w = words_[i] & (~std::uint64_t{0} << (did % 64));
        while (true) {
            if (w != 0) {
                return static_cast<Xapian::docid>(i * 64 + static_cast<unsigned>(std::countr_zero(w)));
            }
            if (++i >= words_.size()) {
                return 0;
            }
            w = words_[i];
        }
    }
    [[nodiscard]] std::size_t memory_bytes() const noexcept { return words_.size() * sizeof(std::uint64_t); }

private:
    std::vector<std::uint64_t> words_;
};

/// A Xapian posting source over a DocSet, used as an exact boolean filter on ranked queries.
/// Holds a pointer: the DocSet must outlive the Enquire that uses it.
class DocSetSource final : public Xapian::PostingSource {
public:
    explicit DocSetSource(const DocSet& set) : set_(&set), count_(set.count()) {}
    void init(const Xapian::Database&) override { current_ = 0; started_ = false; }
    Xapian::doccount get_termfreq_min() const override { return static_cast<Xapian::doccount>(count_); }
    Xapian::doccount get_termfreq_est() const override { return static_cast<Xapian::doccount>(count_); }
    Xapian::doccount get_termfreq_max() const override { return static_cast<Xapian::doccount>(count_); }
    void next(double) override {
        current_ = set_->next_from(started_ ? current_ + 1 : 1);
        started_ = true;
    }
    void skip_to(Xapian::docid did, double) override {
        if (!started_ || did > current_) {
            current_ = set_->next_from(did);
            started_ = true;
        }
    }
    bool check(Xapian::docid did, double) override {
        skip_to(did, 0.0);
        return true;
    }
    bool at_end() const override { return started_ && current_ == 0; }
    Xapian::docid get_docid() const override { return current_; }
    std::string get_description() const override { return "DocSetSource"; }

private:
    const DocSet* set_;
    std::size_t count_;
    Xapian::docid current_ = 0;
    bool started_ = false;
};

} // namespace peerscope::search
