/// @file The command line of peerscope-server.
#pragma once

#include "peerscope/server/server.hpp"

#include <stdexcept>
#include <string>
#include <vector>

namespace peerscope::server {

/// A bad command line; what() says what is wrong.
class UsageError final : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// What the command line asks for.
struct CommandLine {
    ServerOptions options;
    bool help = false;
    bool version = false;
};

/// The --help text.
[[nodiscard]] const char* usage_text() noexcept;

/// Parses the arguments after the program name. Throws UsageError naming what is wrong.
[[nodiscard]] CommandLine parse_command_line(const std::vector<std::string>& args);

/// The program peerscope-server: serves until SIGTERM or SIGINT, then drains and exits 0.
/// Exit status 2 for a bad command line, an index that cannot be opened or an address that
/// cannot be bound.
int server_main(int argc, char** argv);

} // namespace peerscope::server
