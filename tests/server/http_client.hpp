/// @file A small blocking HTTP/1.1 client over a raw socket, for the server tests.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace peerscope::test {

/// Header names compared case-insensitively.
struct CaseInsensitiveLess {
    bool operator()(const std::string& a, const std::string& b) const;
};

/// One HTTP response. Plain value type.
struct HttpResponse {
    int status = 0;
    std::map<std::string, std::string, CaseInsensitiveLess> headers;
    std::string body;

    /// The header's value, or "" when absent.
    [[nodiscard]] std::string header(const std::string& name) const;
    /// The body parsed as JSON; throws nlohmann::json::parse_error when it is not JSON.
    [[nodiscard]] nlohmann::json json() const;
};

/// A keep-alive connection to 127.0.0.1:port (sends `Connection: keep-alive`, reconnects when the
/// server closed the connection). Blocking, with a receive timeout so a hanging server fails the
/// test instead of hanging it. Not thread-safe; one per thread.
class HttpClient final {
  public:
    explicit HttpClient(std::uint16_t port,
                        std::chrono::milliseconds timeout = std::chrono::seconds(10));
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;
    HttpClient(HttpClient&&) = delete;
    HttpClient& operator=(HttpClient&&) = delete;

    /// GET @p target ("/v1/works?search=x"); @p target is sent as given (encode it yourself).
    HttpResponse get(const std::string& target,
                     const std::vector<std::pair<std::string, std::string>>& headers = {});
    /// Any method, with an optional body.
    HttpResponse request(const std::string& method,
                         const std::string& target,
                         const std::string& body = {},
                         const std::vector<std::pair<std::string, std::string>>& headers = {});
    /// Sends @p bytes as they are and reads one response.
    HttpResponse raw(const std::string& bytes);
    /// True when the last response closed the connection (Connection: close).
    [[nodiscard]] bool closed() const noexcept { return fd_ < 0; }

  private:
    void connect_once();
    void disconnect() noexcept;
    void send_all(std::string_view bytes);
    HttpResponse read_response();

    std::uint16_t port_;
    std::chrono::milliseconds timeout_;
    int fd_ = -1;
    std::string buffer_;
};

/// Percent-encodes everything except unreserved characters (RFC 3986).
[[nodiscard]] std::string url_encode(std::string_view text);

} // namespace peerscope::test
