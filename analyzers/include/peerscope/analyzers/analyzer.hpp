/// @file The one text analysis used for documents and for queries.
#pragma once

#include "peerscope/analyzers/token.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace peerscope::analyzers {

/// Turns clean UTF-8 text into tokens: NFKC normalisation, full case folding, accent folding
/// (Müller = Muller = MÜLLER; ø, ß, ł, ı̈ fold too), UAX #29 word breaks with ICU's dictionaries
/// for Chinese, Japanese and Thai, positions for phrase search, and scholarly tokens kept whole
/// ("c++", "c#", "3d", "f1", "l2"); a hyphenated word ("GPT-3", "k-means", "ZeRO-Offload") gives
/// its parts at consecutive positions and then its joined form ("gpt3") at the first part's position.
///
/// Stemming is not done here (the schema applies Xapian's stemmer to stemmable tokens).
/// Invalid UTF-8 in the input is treated as U+FFFD (callers should repair text first; see cleaner.hpp).
///
/// Thread safety: not thread-safe (it owns ICU break iterators); use one instance per thread.
/// Construction costs a few hundred microseconds; reuse instances.
class Analyzer final {
public:
    Analyzer();
    ~Analyzer();
    Analyzer(Analyzer&&) noexcept;
    Analyzer& operator=(Analyzer&&) noexcept;
    Analyzer(const Analyzer&) = delete;
    Analyzer& operator=(const Analyzer&) = delete;

    /// Appends the tokens of @p text to @p out; the first word gets @p first_position.
    /// Offsets are relative to @p text. Returns the position after the last word.
    std::uint32_t analyze(std::string_view text,
                          std::vector<Token>& out,
                          std::uint32_t first_position = 0);

    /// Convenience overload returning a fresh vector.
    [[nodiscard]] std::vector<Token> analyze(std::string_view text);

    /// The folding applied to every token (NFKC, case folding, accent folding), applied to a whole
    /// string without breaking it into words. Used for name keys and exact-match keys.
    [[nodiscard]] std::string fold(std::string_view text);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace peerscope::analyzers
