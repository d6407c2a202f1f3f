/// @file <mark> highlighting of titles and abstract snippets, using the shared analysis.
#pragma once

#include "peerscope/analyzers/analyzer.hpp"
#include "peerscope/schema/term_builder.hpp"

#include <set>
#include <string>
#include <string_view>

namespace peerscope::search {

/// Marks the words of @p text whose folded form is in @p words or whose stem is in @p stems.
/// Returns HTML-escaped text. When @p window_words is non-zero, returns only the best window of
/// that many words (most marks), with "…" where text was cut. Not thread-safe (uses @p terms).
[[nodiscard]] std::string highlight_text(std::string_view text,
                                         const std::set<std::string>& words,
                                         const std::set<std::string>& stems,
                                         schema::TermBuilder& terms,
                                         std::size_t window_words);

/// HTML-escapes & < > " '.
[[nodiscard]] std::string html_escape(std::string_view text);

} // namespace peerscope::search
