/// @file Helpers shared by the analyzer tests: compact token rendering and real-data readers.
#pragma once

#include "peerscope/analyzers/token.hpp"

#include <filesystem>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace peerscope::analyzers::testing {

/// One row of a table test: an input text and the expected result (a rendering, terms...).
struct Case {
    std::string text;
    std::string expected;
};

/// Prints a row in test logs.
std::ostream& operator<<(std::ostream& out, const Case& row);

/// Renders tokens as "term/kind@position" separated by spaces, kind one of w n i s (Word, Number,
/// Ideograph, Symbolic) and a trailing '*' on joined forms: "gpt/w@0 3/n@1 gpt3/w@0*".
[[nodiscard]] std::string render(const std::vector<Token>& tokens);

/// Full description of every field (term, position, offsets, kind, joined), for exact comparison.
[[nodiscard]] std::string describe(const std::vector<Token>& tokens);

/// The terms of @p tokens separated by spaces.
[[nodiscard]] std::string terms(const std::vector<Token>& tokens);

/// True when @p text has a byte outside ASCII.
[[nodiscard]] bool has_non_ascii(std::string_view text) noexcept;

/// The whole content of a gzip file. Throws std::runtime_error naming the file.
[[nodiscard]] std::string read_gzip(const std::filesystem::path& path);

/// The whole content of a file. Throws std::runtime_error naming the file.
[[nodiscard]] std::string read_file(const std::filesystem::path& path);

/// Titles, abstracts and author names ("given family") of an ML Anthology file of the mirror,
/// `papers/<venue>-<year>.json.gz` or `legacy/<venue>-legacy.jsonl.gz`, in file order; empty
/// fields are skipped.
[[nodiscard]] std::vector<std::string> mlanthology_texts(const std::filesystem::path& path);

/// The records of a SMART-format collection (CACM, Cranfield): the text of each `.I` block.
[[nodiscard]] std::vector<std::string> smart_records(const std::filesystem::path& path);

} // namespace peerscope::analyzers::testing
