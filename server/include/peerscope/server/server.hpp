/// @file The HTTP server: options, start, graceful stop.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace peerscope::server {

/// Everything a Server needs. Plain value type.
struct ServerOptions {
    std::string index_dir;                    ///< the index directory written by peerscope-index
    std::string host = "127.0.0.1";           ///< IPv4 or IPv6 address to listen on
    std::uint16_t port = 8080;                ///< 0 = any free port (see Server::port())
    unsigned threads = 0;                     ///< reactor threads; 0 = one per core
    std::size_t max_url_bytes = 16 * 1024;    ///< longer path + query -> 414
    std::size_t max_header_bytes = 16 * 1024; ///< more header bytes -> 413
    std::size_t max_body_bytes = 64 * 1024;   ///< longer body -> 413
    /// Pistache's own buffer limit (it answers larger requests itself, in plain text); kept well
    /// above the limits above so that they, not Pistache, answer oversized requests.
    std::size_t max_request_bytes = 1024 * 1024;
    std::chrono::milliseconds header_timeout{10'000}; ///< time to receive the headers -> 408
    std::chrono::milliseconds body_timeout{30'000};   ///< time to receive the body -> 408
    std::chrono::milliseconds keepalive_timeout{
        60'000}; ///< idle keep-alive connections closed after
    std::chrono::milliseconds drain_timeout{
        10'000};                        ///< stop() waits this long for requests in flight
    unsigned refresh_interval_ms = 250; ///< how often new index commits are picked up
    /// Pseudo-relevance feedback for long queries (pasted sentences and abstracts): better
    /// ranking on Cranfield, about 2.3x the time of such queries (bench/README.md).
    bool ranking_feedback = true;
    /// Receives each log line (access log and errors), without newline. Default: stderr. Called
    /// from worker threads, one line per call.
    std::function<void(std::string_view line)> log;
    /// Called by every request after it is counted in flight and before its handler runs, with
    /// the request path. For tests (a slow request to test draining) and instrumentation.
    std::function<void(std::string_view path)> before_handler;
};

/// The peerscope HTTP server over one index. Thread-safe: start() and stop() may be called from
/// any thread, once each; requests are served by `threads` worker threads.
class Server final {
  public:
    /// Opens the index. Throws search::Error (IndexUnavailable, SchemaMismatch) when it cannot.
    explicit Server(ServerOptions options);
    /// Stops (draining) when still running.
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;
    Server(Server&&) = delete;
    Server& operator=(Server&&) = delete;

    /// Binds and starts serving on worker threads; returns at once. Throws std::runtime_error when
    /// the address cannot be bound.
    void start();
    /// The bound port (useful with port 0). Valid after start(), also after stop().
    [[nodiscard]] std::uint16_t port() const;
    /// Graceful stop: new requests are refused with 503 (Connection: close), requests in flight
    /// finish (up to drain_timeout), then the listening socket closes and the workers stop
    /// (connections are refused from then on). Returns the number of
    /// requests still in flight when it gave up waiting (0 after a clean drain). Idempotent.
    std::size_t stop();
    /// Requests being handled right now.
    [[nodiscard]] std::size_t in_flight() const noexcept;
    /// The options in use (threads resolved).
    [[nodiscard]] const ServerOptions& options() const noexcept;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace peerscope::server
