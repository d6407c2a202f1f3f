/// @file Running the built executables from tests.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace peerscope::test {

/// A child process whose standard output and error go to a file. Kills (SIGKILL) and reaps the
/// child on destruction if it is still running. Not thread-safe.
class ChildProcess final {
  public:
    /// Starts argv[0] with @p argv. Throws std::runtime_error when it cannot be started.
    ChildProcess(const std::vector<std::string>& argv, std::filesystem::path output_file);
    ~ChildProcess();
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;
    ChildProcess(ChildProcess&&) = delete;
    ChildProcess& operator=(ChildProcess&&) = delete;

    /// Sends @p signal_number.
    void signal(int signal_number);
    /// Waits for the exit; the exit status (128 + signal when killed by one), or nullopt on
    /// timeout.
    std::optional<int> wait(std::chrono::milliseconds timeout);
    /// What the child wrote so far (stdout and stderr).
    [[nodiscard]] std::string output() const;

  private:
    pid_t pid_ = -1;
    std::filesystem::path output_file_;
};

/// Runs @p argv to completion (at most @p timeout); returns the exit status and fills @p output.
int run_process(const std::vector<std::string>& argv,
                std::string& output,
                std::chrono::milliseconds timeout = std::chrono::seconds(60));

} // namespace peerscope::test
