/// @file A temporary directory per test, removed when the test ends.
#pragma once

#include <filesystem>
#include <string>

namespace peerscope::test {

/// Creates a fresh directory under $TMPDIR (mkdtemp) and removes it, recursively, on destruction.
/// Not copyable; movable. Thread-safe to create several at once.
class TempDir final {
public:
    TempDir();
    ~TempDir();
    TempDir(TempDir&& other) noexcept;
    TempDir& operator=(TempDir&&) = delete;
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    /// The directory.
    [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }
    /// path() / @p name as a string.
    [[nodiscard]] std::string operator/(const std::string& name) const { return (path_ / name).string(); }

private:
    std::filesystem::path path_;
};

} // namespace peerscope::test
