#include "peerscope/server/config.hpp"

#include "peerscope/search/error.hpp"

#include <arpa/inet.h>
#include <array>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <memory>
#include <pthread.h>
#include <string_view>

namespace peerscope::server {
namespace {

constexpr const char* kUsage =
    R"(Usage: peerscope-server --index DIR [--listen HOST:PORT] [--threads N] [--no-feedback]

Serves the Peerscope index in DIR over HTTP with an OpenAlex-style API: /v1/works,
/v1/authors (with /card and /graph), /v1/sources, /v1/topics, /v1/autocomplete/...,
related works (GET /v1/works/{id}/related, POST /v1/related), /healthz, and the web page
at / (docs/api.md lists every endpoint and parameter).
New commits by peerscope-index become visible within a second, without a restart.

Options:
  --index DIR         the index directory written by peerscope-index (required)
  --listen HOST:PORT  address to listen on (default 127.0.0.1:8080); HOST is an IPv4
                      address, [IPv6] or localhost; port 0 picks a free port
  --threads N         worker threads, 1 to 1024 (default: one per core)
  --no-feedback       no pseudo-relevance feedback for queries of five or more words:
                      pasted text is answered about 2x faster, ranked a little worse
  --help              this help
  --version           the version

SIGTERM or SIGINT stops the server gracefully: new requests are refused with 503,
requests in flight finish (up to 10 s), then it exits with status 0.
Exit status 2: bad command line, an index that cannot be opened, or an address
that cannot be bound.
One access-log line per request goes to standard error.
)";

std::uint16_t parse_port(std::string_view text, std::string_view listen) {
    if (text.empty() || text.size() > 5
        || text.find_first_not_of("0123456789") != std::string_view::npos) {
        throw UsageError("--listen: '" + std::string(listen)
                         + "' has no valid port; use HOST:PORT, e.g. 127.0.0.1:8080");
    }
    unsigned long port = std::stoul(std::string(text));
    if (port > 65535) {
        throw UsageError("--listen: port " + std::string(text) + " is out of range (0 to 65535)");
    }
    return static_cast<std::uint16_t>(port);
}

void parse_listen(std::string_view listen, ServerOptions& options) {
    std::string host;
    std::string_view port;
    if (!listen.empty() && listen.front() == '[') {
        std::size_t close = listen.find("]:");
        if (close == std::string_view::npos) {
            throw UsageError("--listen: '" + std::string(listen) + "' is not [IPv6]:PORT");
        }
        host = std::string(listen.substr(1, close - 1));
        port = listen.substr(close + 2);
    } else {
        std::size_t colon = listen.rfind(':');
        if (colon == std::string_view::npos) {
            throw UsageError("--listen: '" + std::string(listen)
                             + "' has no port; use HOST:PORT, e.g. 127.0.0.1:8080");
        }
        host = std::string(listen.substr(0, colon));
        port = listen.substr(colon + 1);
    }
    if (host == "localhost") {
        host = "127.0.0.1";
    }
    std::array<unsigned char, 16> buffer{};
    bool v4 = ::inet_pton(AF_INET, host.c_str(), buffer.data()) == 1;
    bool v6 = ::inet_pton(AF_INET6, host.c_str(), buffer.data()) == 1;
    if (!v4 && !v6) {
        throw UsageError(
            "--listen: '" + host
            + "' is not an IP address; use e.g. 127.0.0.1, 0.0.0.0, [::1] or localhost");
    }
    options.host = host;
    options.port = parse_port(port, listen);
}

unsigned parse_threads(std::string_view text) {
    constexpr unsigned long kMaxThreads = 1024;
    if (text.empty() || text.size() > 4
        || text.find_first_not_of("0123456789") != std::string_view::npos) {
        throw UsageError("--threads takes a whole number from 1 to 1024, not '" + std::string(text)
                         + "'");
    }
    unsigned long threads = std::stoul(std::string(text));
    if (threads == 0 || threads > kMaxThreads) {
        throw UsageError("--threads takes a whole number from 1 to 1024, not '" + std::string(text)
                         + "'");
    }
    return static_cast<unsigned>(threads);
}

} // namespace

const char* usage_text() noexcept {
    return kUsage;
}

CommandLine parse_command_line(const std::vector<std::string>& args) {
    CommandLine command;
    bool have_index = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        auto value = [&]() -> const std::string& {
            if (i + 1 >= args.size()) {
                throw UsageError(arg + " needs a value");
            }
            return args[++i];
        };
        if (arg == "--help" || arg == "-h") {
            command.help = true;
        } else if (arg == "--version") {
            command.version = true;
        } else if (arg == "--index") {
            command.options.index_dir = value();
            have_index = true;
            if (command.options.index_dir.empty()) {
                throw UsageError("--index needs a directory");
            }
        } else if (arg == "--listen") {
            parse_listen(value(), command.options);
        } else if (arg == "--threads") {
            command.options.threads = parse_threads(value());
        } else if (arg == "--no-feedback") {
            command.options.ranking_feedback = false;
        } else if (!arg.empty() && arg[0] == '-') {
            throw UsageError("unknown option '" + arg + "'");
        } else {
            throw UsageError("unexpected argument '" + arg
                             + "' (the index is given with --index DIR)");
        }
    }
    if (!have_index && !command.help && !command.version) {
        throw UsageError("--index DIR is required");
    }
    return command;
}

int server_main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    CommandLine command;
    try {
        command = parse_command_line(args);
    } catch (const UsageError& error) {
        std::cerr << "peerscope-server: " << error.what() << " (see --help)\n";
        return 2;
    }
    if (command.help) {
        std::fputs(kUsage, stdout);
        return 0;
    }
    if (command.version) {
        std::puts("peerscope-server 0.1.0");
        return 0;
    }

    // Block the stop signals before any thread starts, so every thread inherits the mask and the
    // sigwait() below is the only receiver (Pistache's http_server_shutdown.cc pattern). A peer
    // closing its socket must not kill the process either.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);

    std::unique_ptr<Server> server;
    try {
        server = std::make_unique<Server>(command.options);
    } catch (const search::Error& error) {
        std::cerr << "peerscope-server: cannot open the index " << command.options.index_dir << ": "
                  << error.what() << "\n";
        return 2;
    } catch (const std::exception& error) {
        std::cerr << "peerscope-server: cannot open the index " << command.options.index_dir << ": "
                  << error.what() << "\n";
        return 2;
    }
    const ServerOptions& options = server->options();
    std::string where =
        (options.host.find(':') != std::string::npos ? "[" + options.host + "]" : options.host);
    try {
        server->start();
    } catch (const std::exception& error) {
        std::cerr << "peerscope-server: cannot listen on " << where << ":" << options.port << ": "
                  << error.what() << "\n";
        return 2;
    }
    std::cerr << "peerscope-server: serving " << options.index_dir << " on http://" << where << ":"
              << server->port() << "/v1 with " << options.threads << " threads\n";

    int received = 0;
    sigwait(&stop_signals, &received);
    std::cerr << "peerscope-server: " << (received == SIGINT ? "SIGINT" : "SIGTERM")
              << " received; finishing requests in flight\n";
    std::size_t left = server->stop();
    if (left > 0) {
        std::cerr << "peerscope-server: stopped with " << left
                  << " request(s) still unfinished after " << options.drain_timeout.count()
                  << " ms\n";
    } else {
        std::cerr << "peerscope-server: stopped\n";
    }
    return 0;
}

} // namespace peerscope::server
