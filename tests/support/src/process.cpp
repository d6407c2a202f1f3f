#include "peerscope/test/process.hpp"

#include "peerscope/test/data_paths.hpp"
#include "peerscope/test/temp_dir.hpp"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <memory>
#include <mutex>
#include <poll.h>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

namespace peerscope::test {

ProcessResult run_process(const std::vector<std::string>& argv, const std::string& input) {
    int in_pipe[2];
    int out_pipe[2];
    int err_pipe[2];
    if (::pipe(in_pipe) != 0 || ::pipe(out_pipe) != 0 || ::pipe(err_pipe) != 0) {
        throw std::runtime_error(std::string("pipe failed: ") + std::strerror(errno));
    }
    std::vector<char*> args;
    for (const auto& a : argv) {
        args.push_back(const_cast<char*>(a.c_str())); // NOLINT: execv takes char* const[]
    }
    args.push_back(nullptr);
    pid_t pid = ::fork();
    if (pid < 0) {
        throw std::runtime_error(std::string("fork failed: ") + std::strerror(errno));
    }
    if (pid == 0) {
        ::dup2(in_pipe[0], 0);
        ::dup2(out_pipe[1], 1);
        ::dup2(err_pipe[1], 2);
        for (int fd : {in_pipe[0], in_pipe[1], out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]}) {
            ::close(fd);
        }
        ::execv(args[0], args.data());
        ::_exit(127);
    }
    ::close(in_pipe[0]);
    ::close(out_pipe[1]);
    ::close(err_pipe[1]);
    std::signal(SIGPIPE, SIG_IGN);
    std::size_t written = 0;
    if (input.empty()) {
        ::close(in_pipe[1]);
        in_pipe[1] = -1;
    }
    ProcessResult result;
    bool out_open = true;
    bool err_open = true;
    char buffer[65536];
    while (out_open || err_open) {
        std::vector<pollfd> fds;
        if (out_open) {
            fds.push_back({out_pipe[0], POLLIN, 0});
        }
        if (err_open) {
            fds.push_back({err_pipe[0], POLLIN, 0});
        }
        if (in_pipe[1] >= 0) {
            fds.push_back({in_pipe[1], POLLOUT, 0});
        }
        if (::poll(fds.data(), fds.size(), -1) < 0 && errno != EINTR) {
            break;
        }
        for (const auto& p : fds) {
            if (p.revents == 0) {
                continue;
            }
            if (p.fd == in_pipe[1]) {
                ssize_t n = ::write(in_pipe[1], input.data() + written, input.size() - written);
                if (n > 0) {
                    written += static_cast<std::size_t>(n);
                }
                if (n < 0 || written == input.size()) {
                    ::close(in_pipe[1]);
                    in_pipe[1] = -1;
                }
                continue;
            }
            ssize_t n = ::read(p.fd, buffer, sizeof buffer);
            if (n <= 0) {
                (p.fd == out_pipe[0] ? out_open : err_open) = false;
                continue;
            }
            (p.fd == out_pipe[0] ? result.out : result.err).append(buffer, static_cast<std::size_t>(n));
        }
    }
    if (in_pipe[1] >= 0) {
        ::close(in_pipe[1]);
    }
    ::close(out_pipe[0]);
    ::close(err_pipe[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return result;
}

std::filesystem::path indexer_binary() { return binary_dir() / "indexer" / "peerscope-index"; }

void build_index(const std::filesystem::path& dir, const std::vector<std::string>& inputs) {
    std::vector<std::string> argv{indexer_binary().string(), "--index", dir.string(), "--quiet"};
    argv.insert(argv.end(), inputs.begin(), inputs.end());
    ProcessResult r = run_process(argv);
    if (r.exit_code != 0) {
        throw std::runtime_error("peerscope-index failed with exit code " + std::to_string(r.exit_code) + ": "
                                 + r.err + r.out);
    }
}

const std::filesystem::path& corpus_index() {
    static std::once_flag once;
    static std::unique_ptr<TempDir> dir;
    static std::filesystem::path path;
    std::call_once(once, [] {
        dir = std::make_unique<TempDir>();
        path = dir->path() / "index";
        build_index(path, {(test_data_dir() / "corpus").string()});
    });
    return path;
}

} // namespace peerscope::test
