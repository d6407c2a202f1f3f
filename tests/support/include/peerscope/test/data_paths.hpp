/// @file Where tests find their data.
#pragma once

#include <filesystem>

namespace peerscope::test {

/// The real-data mirror: $PEERSCOPE_DATA_MIRROR, else ../shared/data beside the source tree.
[[nodiscard]] std::filesystem::path data_mirror();
/// The seed folder (researcher page and seed works): $PEERSCOPE_SEED_DIR, else ../shared/seed.
[[nodiscard]] std::filesystem::path seed_dir();
/// The small hand-made test data committed in tests/data.
[[nodiscard]] std::filesystem::path test_data_dir();
/// A file of the mirror, e.g. mirror_file("cacm/cacm.all"). Throws std::runtime_error naming the
/// path and PEERSCOPE_DATA_MIRROR when the file does not exist, so a missing mirror fails loudly.
[[nodiscard]] std::filesystem::path mirror_file(const std::filesystem::path& relative);
/// The build directory (tests that run the executables look there): $PEERSCOPE_TEST_BIN_DIR.
[[nodiscard]] std::filesystem::path binary_dir();

} // namespace peerscope::test
