/// @file The corpus index (built once per test process with peerscope-index) and a test server.
#pragma once

#include "http_client.hpp"
#include "peerscope/server/server.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace peerscope::test {

/// tests/data/corpus/works.openalex.jsonl.
[[nodiscard]] std::filesystem::path corpus_file();
/// The corpus records, parsed, in file order.
[[nodiscard]] const std::vector<nlohmann::json>& corpus_records();
/// The built peerscope-index and peerscope-server executables.
[[nodiscard]] std::filesystem::path indexer_binary();
[[nodiscard]] std::filesystem::path server_binary();

/// Runs peerscope-index --index @p index_dir on @p inputs; throws with its output when it fails.
void run_indexer(const std::filesystem::path& index_dir, const std::vector<std::string>& inputs);

/// The index of the corpus, built once per process into a temporary directory (read-only for
/// tests: tests that write build their own).
[[nodiscard]] const std::filesystem::path& corpus_index();

/// A running server on 127.0.0.1 and an OS-chosen port, over the corpus index unless the options
/// name another; its log lines are captured. Stops (draining) on destruction.
class TestServer final {
  public:
    explicit TestServer(server::ServerOptions options = {});
    ~TestServer();
    TestServer(const TestServer&) = delete;
    TestServer& operator=(const TestServer&) = delete;
    TestServer(TestServer&&) = delete;
    TestServer& operator=(TestServer&&) = delete;

    [[nodiscard]] std::uint16_t port() const { return server_->port(); }
    [[nodiscard]] server::Server& server() { return *server_; }
    /// The log lines written so far (thread-safe).
    [[nodiscard]] std::vector<std::string> log_lines() const;

  private:
    struct Log {
        mutable std::mutex mutex;
        std::vector<std::string> lines;
    };
    std::shared_ptr<Log> log_;
    std::unique_ptr<server::Server> server_;
};

/// The test-suite fixture: one server over the corpus index and a keep-alive client.
struct CorpusServer {
    CorpusServer();
    TestServer server;
    HttpClient client;
};

} // namespace peerscope::test
