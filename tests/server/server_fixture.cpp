#include "server_fixture.hpp"

#include "peerscope/test/data_paths.hpp"
#include "peerscope/test/temp_dir.hpp"
#include "process.hpp"

#include <csignal>
#include <fstream>
#include <stdexcept>

namespace peerscope::test {

std::filesystem::path corpus_file() {
    return test_data_dir() / "corpus" / "works.openalex.jsonl";
}

const std::vector<nlohmann::json>& corpus_records() {
    static const std::vector<nlohmann::json> records = [] {
        std::ifstream in(corpus_file());
        if (!in) {
            throw std::runtime_error("cannot read " + corpus_file().string());
        }
        std::vector<nlohmann::json> parsed;
        std::string line;
        while (std::getline(in, line)) {
            if (!line.empty()) {
                parsed.push_back(nlohmann::json::parse(line));
            }
        }
        return parsed;
    }();
    return records;
}

std::filesystem::path indexer_binary() {
    return binary_dir() / "indexer" / "peerscope-index";
}

std::filesystem::path server_binary() {
    return binary_dir() / "server" / "peerscope-server";
}

void run_indexer(const std::filesystem::path& index_dir, const std::vector<std::string>& inputs) {
    std::vector<std::string> argv = {
        indexer_binary().string(), "--index", index_dir.string(), "--quiet"};
    argv.insert(argv.end(), inputs.begin(), inputs.end());
    std::string output;
    int status = run_process(argv, output);
    if (status != 0) {
        throw std::runtime_error("peerscope-index exited with " + std::to_string(status) + ":\n"
                                 + output);
    }
}

const std::filesystem::path& corpus_index() {
    static TempDir dir;
    static const std::filesystem::path index = [] {
        std::filesystem::path path = dir.path() / "index";
        run_indexer(path, {corpus_file().string()});
        return path;
    }();
    return index;
}

TestServer::TestServer(server::ServerOptions options) : log_(std::make_shared<Log>()) {
    // The server writes to sockets whose peers may be gone; the test process must survive that.
    std::signal(SIGPIPE, SIG_IGN);
    if (options.index_dir.empty()) {
        options.index_dir = corpus_index().string();
    }
    options.host = "127.0.0.1";
    options.port = 0;
    if (options.threads == 0) {
        options.threads = 2;
    }
    if (!options.log) {
        options.log = [log = log_](std::string_view line) {
            std::lock_guard<std::mutex> lock(log->mutex);
            log->lines.emplace_back(line);
        };
    }
    server_ = std::make_unique<server::Server>(std::move(options));
    server_->start();
}

TestServer::~TestServer() {
    server_->stop();
}

std::vector<std::string> TestServer::log_lines() const {
    std::lock_guard<std::mutex> lock(log_->mutex);
    return log_->lines;
}

CorpusServer::CorpusServer() : client(server.port()) {}

} // namespace peerscope::test
