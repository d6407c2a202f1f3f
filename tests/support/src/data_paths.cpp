#include "peerscope/test/data_paths.hpp"

#include <cstdlib>
#include <stdexcept>

namespace peerscope::test {
namespace {
std::filesystem::path from_env(const char* name, const char* fallback) {
    const char* value = std::getenv(name);
    return (value != nullptr && *value != '\0') ? std::filesystem::path(value)
                                                : std::filesystem::path(fallback);
}
} // namespace

std::filesystem::path data_mirror() {
    return from_env("PEERSCOPE_DATA_MIRROR", PEERSCOPE_DATA_MIRROR_DEFAULT);
}

std::filesystem::path seed_dir() { return from_env("PEERSCOPE_SEED_DIR", PEERSCOPE_SEED_DIR_DEFAULT); }

std::filesystem::path test_data_dir() { return PEERSCOPE_TEST_DATA_DIR; }

std::filesystem::path mirror_file(const std::filesystem::path& relative) {
    std::filesystem::path path = data_mirror() / relative;
    if (!std::filesystem::exists(path)) {
        throw std::runtime_error("test data " + path.string()
                                 + " is missing: set PEERSCOPE_DATA_MIRROR to the data mirror");
    }
    return path;
}

std::filesystem::path binary_dir() { return from_env("PEERSCOPE_TEST_BIN_DIR", "."); }

} // namespace peerscope::test
