/// @file UAX #29 word breaking of pure-ASCII text without ICU (private to the library).
#pragma once

#include "token_assembler.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace peerscope::analyzers::detail {

/// Breaks the ASCII bytes [@p from, @p to) of @p text into words exactly as ICU's root word break
/// rules do (UAX #29 with ICU's tailoring: '@' is a letter, ':' does not join letters) and feeds
/// the segments that contain a letter or digit, lower-cased, to @p sink. The range must be pure
/// ASCII, must start at a word boundary and must end at the end of the text or after a space.
/// @p term is a scratch buffer. Thread-safe apart from the arguments.
void break_ascii_words(std::string_view text,
                       std::uint32_t from,
                       std::uint32_t to,
                       TokenAssembler& sink,
                       std::string& term);

} // namespace peerscope::analyzers::detail
