/// @file The one error table of the HTTP API: each error kind, its HTTP status and OpenAlex kind.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace peerscope::search {
class Error;
} // namespace peerscope::search

namespace peerscope::server {

/// Every way a request can fail. Each kind maps to exactly one HTTP status (see errors.cpp).
enum class ErrorKind {
    InvalidParameter, ///< 400: a query parameter is malformed or out of range
    InvalidQuery,     ///< 400: the search text cannot be used
    NotFound,         ///< 404: an id names nothing in the index
    RouteNotFound,    ///< 404: no endpoint has this path
    MethodNotAllowed, ///< 405: the path exists for GET only
    PayloadTooLarge,  ///< 413: request headers or body over the limit
    UriTooLong,       ///< 414: the URL (path and query) is over the limit
    Internal,         ///< 500: a bug; details are in the server log only
    IndexUnavailable, ///< 503: the index cannot be read right now (Retry-After)
    SchemaMismatch,   ///< 503: the index was written by another schema version (reindex)
    ShuttingDown,     ///< 503: the server is draining before exit (Retry-After)
};

/// One row of the error table. Plain value; the rows are constants.
struct ErrorInfo {
    ErrorKind kind;
    int status;             ///< HTTP status code
    std::string_view error; ///< the OpenAlex `error` string, e.g. "Invalid query parameters error."
    std::string_view reason;     ///< HTTP reason phrase, e.g. "Bad Request"
    int retry_after_seconds = 0; ///< Retry-After header value when > 0
};

/// The row of @p kind. Thread-safe.
[[nodiscard]] const ErrorInfo& error_info(ErrorKind kind) noexcept;

/// An error a handler raises to answer with the envelope of @p kind and @p message. The message
/// is shown to the client, so it must say what was wrong and how to fix it, and hold no internals.
class HttpError final : public std::runtime_error {
  public:
    HttpError(ErrorKind kind, const std::string& message)
        : std::runtime_error(message), kind_(kind) {}
    /// The kind of failure.
    [[nodiscard]] ErrorKind kind() const noexcept { return kind_; }

  private:
    ErrorKind kind_;
};

/// The kind a search library error maps to. Thread-safe.
[[nodiscard]] ErrorKind kind_of(const search::Error& error) noexcept;

/// A client-supplied value for an error message: single-quoted, cut after @p max_chars bytes
/// (with "..."). Thread-safe.
[[nodiscard]] std::string quoted_value(std::string_view value, std::size_t max_chars = 60);

/// The JSON body `{"error": "<kind string>", "message": "<message>"}`. Thread-safe.
[[nodiscard]] std::string error_body(ErrorKind kind, std::string_view message);

} // namespace peerscope::server
