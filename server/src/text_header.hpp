/// @file Helpers for responses written outside the guard's JSON path (internal): a header with a
/// name chosen at run time and the access log's timestamp.
#pragma once

#include <pistache/http_headers.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <ostream>
#include <string>

namespace peerscope::server {

/// A response header with a name chosen at run time. Pistache writes only typed headers into a
/// response (Header::Raw entries are dropped), so ETag, X-Request-Id, ... use this. Immutable.
class TextHeader final : public Pistache::Http::Header::Header {
  public:
    TextHeader(std::string name, std::string value)
        : name_(std::move(name)), value_(std::move(value)) {}
    [[nodiscard]] const char* name() const override { return name_.c_str(); }
    void write(std::ostream& stream) const override { stream << value_; }
    [[nodiscard]] std::uint64_t hash() const override {
        return Pistache::Http::Header::detail::hash(name_.c_str());
    }

  private:
    std::string name_;
    std::string value_;
};

/// The access log's UTC time, e.g. 2026-11-26T15:36:27.443Z. Thread-safe.
[[nodiscard]] inline std::string log_time() {
    auto now = std::chrono::system_clock::now();
    std::time_t seconds = std::chrono::system_clock::to_time_t(now);
    auto millis = static_cast<int>(
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count()
        % 1000);
    std::tm parts{};
    gmtime_r(&seconds, &parts);
    std::array<char, 48> text{};
    std::size_t length = std::strftime(text.data(), text.size(), "%Y-%m-%dT%H:%M:%S", &parts);
    std::snprintf(text.data() + length, text.size() - length, ".%03dZ", millis);
    return text.data();
}

} // namespace peerscope::server
