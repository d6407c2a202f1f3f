#include "http_client.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdexcept>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

namespace peerscope::test {

bool CaseInsensitiveLess::operator()(const std::string& a, const std::string& b) const {
    return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x))
               < std::tolower(static_cast<unsigned char>(y));
    });
}

std::string HttpResponse::header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
}

nlohmann::json HttpResponse::json() const {
    return nlohmann::json::parse(body);
}

HttpClient::HttpClient(std::uint16_t port, std::chrono::milliseconds timeout)
    : port_(port), timeout_(timeout) {}

HttpClient::~HttpClient() {
    disconnect();
}

void HttpClient::connect_once() {
    if (fd_ >= 0) {
        return;
    }
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
    }
    timeval tv{};
    tv.tv_sec = static_cast<time_t>(timeout_.count() / 1000);
    tv.tv_usec = static_cast<suseconds_t>((timeout_.count() % 1000) * 1000);
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port_);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
        int error = errno;
        ::close(fd);
        throw std::runtime_error("connect to port " + std::to_string(port_) + ": "
                                 + std::strerror(error));
    }
    fd_ = fd;
    buffer_.clear();
}

void HttpClient::disconnect() noexcept {
    if (fd_ >= 0) {
        ::close(fd_);
        fd_ = -1;
    }
    buffer_.clear();
}

void HttpClient::send_all(std::string_view bytes) {
    while (!bytes.empty()) {
        ssize_t sent = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (sent < 0) {
            if (errno == EINTR) {
                continue;
            }
            throw std::runtime_error(std::string("send: ") + std::strerror(errno));
        }
        bytes.remove_prefix(static_cast<std::size_t>(sent));
    }
}

HttpResponse HttpClient::read_response() {
    auto fill = [this]() {
        std::array<char, 65536> chunk{};
        ssize_t got = ::recv(fd_, chunk.data(), chunk.size(), 0);
        if (got < 0 && errno == EINTR) {
            return true;
        }
        if (got < 0) {
            throw std::runtime_error(std::string("recv: ") + std::strerror(errno)
                                     + " (no response in time?)");
        }
        if (got == 0) {
            return false;
        }
        buffer_.append(chunk.data(), static_cast<std::size_t>(got));
        return true;
    };
    std::size_t head_end = std::string::npos;
    while ((head_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
        if (!fill()) {
            disconnect();
            throw std::runtime_error(
                "the server closed the connection without a (complete) response");
        }
    }
    HttpResponse response;
    std::string head = buffer_.substr(0, head_end);
    std::size_t line_end = head.find("\r\n");
    std::string status_line = head.substr(0, line_end);
    if (status_line.rfind("HTTP/1.", 0) != 0 || status_line.size() < 12) {
        throw std::runtime_error("bad status line: " + status_line);
    }
    response.status = std::stoi(status_line.substr(9, 3));
    std::size_t at = line_end == std::string::npos ? head.size() : line_end + 2;
    while (at < head.size()) {
        std::size_t end = head.find("\r\n", at);
        if (end == std::string::npos) {
            end = head.size();
        }
        std::string line = head.substr(at, end - at);
        std::size_t colon = line.find(':');
        if (colon != std::string::npos) {
            std::string value = line.substr(colon + 1);
            value.erase(0, value.find_first_not_of(' '));
            response.headers[line.substr(0, colon)] = value;
        }
        at = end + 2;
    }
    std::size_t length = 0;
    if (std::string value = response.header("Content-Length"); !value.empty()) {
        length = std::stoul(value);
    }
    std::size_t body_start = head_end + 4;
    while (buffer_.size() < body_start + length) {
        if (!fill()) {
            disconnect();
            throw std::runtime_error("the server closed the connection in the middle of a body");
        }
    }
    response.body = buffer_.substr(body_start, length);
    buffer_.erase(0, body_start + length);
    std::string connection = response.header("Connection");
    std::transform(connection.begin(), connection.end(), connection.begin(), [](unsigned char c) {
        return static_cast<char>(std::tolower(c));
    });
    if (connection == "close") {
        disconnect();
    }
    return response;
}

HttpResponse HttpClient::get(const std::string& target,
                             const std::vector<std::pair<std::string, std::string>>& headers) {
    return request("GET", target, {}, headers);
}

HttpResponse HttpClient::request(const std::string& method,
                                 const std::string& target,
                                 const std::string& body,
                                 const std::vector<std::pair<std::string, std::string>>& headers) {
    std::string message = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:"
                          + std::to_string(port_) + "\r\nConnection: keep-alive\r\n";
    for (const auto& [name, value] : headers) {
        message += name + ": " + value + "\r\n";
    }
    if (!body.empty() || method == "POST" || method == "PUT") {
        message += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    }
    message += "\r\n";
    message += body;
    return raw(message);
}

HttpResponse HttpClient::raw(const std::string& bytes) {
    connect_once();
    send_all(bytes);
    return read_response();
}

std::string url_encode(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (char c : text) {
        auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
            out += c;
        } else {
            out += '%';
            out += kHex[u >> 4];
            out += kHex[u & 15];
        }
    }
    return out;
}

} // namespace peerscope::test
