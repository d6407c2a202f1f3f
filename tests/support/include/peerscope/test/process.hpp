/// @file Running the project's executables from tests (no shell involved).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace peerscope::test {

/// What a finished process printed and returned.
struct ProcessResult {
    int exit_code = -1;   ///< exit status, or 128 + signal number when killed
    std::string out;      ///< standard output
    std::string err;      ///< standard error
};

/// Runs @p argv (argv[0] is the program path) with @p input on standard input and waits.
/// Throws std::runtime_error when the program cannot be started. Thread-safe.
[[nodiscard]] ProcessResult run_process(const std::vector<std::string>& argv, const std::string& input = {});

/// Path of peerscope-index in the build tree.
[[nodiscard]] std::filesystem::path indexer_binary();

/// An index of tests/data/corpus built once per test process (in a temporary directory removed at
/// exit). Throws std::runtime_error with the indexer's output when indexing fails.
[[nodiscard]] const std::filesystem::path& corpus_index();

/// Builds a fresh index of @p inputs in @p dir with peerscope-index; throws with its output when
/// the exit code is not 0.
void build_index(const std::filesystem::path& dir, const std::vector<std::string>& inputs);

} // namespace peerscope::test
