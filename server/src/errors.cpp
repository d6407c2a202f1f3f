#include "peerscope/server/errors.hpp"

#include "peerscope/search/error.hpp"

#include <nlohmann/json.hpp>

#include <array>

namespace peerscope::server {
namespace {

// The error table (the Meilisearch pattern): one row per kind, in ErrorKind order. The `error`
// strings follow OpenAlex, whose parameter errors read "Invalid query parameters error.".
constexpr std::array<ErrorInfo, 11> kErrorTable = {{
    {ErrorKind::InvalidParameter, 400, "Invalid query parameters error.", "Bad Request", 0},
    {ErrorKind::InvalidQuery, 400, "Invalid query parameters error.", "Bad Request", 0},
    {ErrorKind::NotFound, 404, "Not found error.", "Not Found", 0},
    {ErrorKind::RouteNotFound, 404, "Not found error.", "Not Found", 0},
    {ErrorKind::MethodNotAllowed, 405, "Method not allowed error.", "Method Not Allowed", 0},
    {ErrorKind::PayloadTooLarge, 413, "Request too large error.", "Payload Too Large", 0},
    {ErrorKind::UriTooLong, 414, "URI too long error.", "URI Too Long", 0},
    {ErrorKind::Internal, 500, "Internal server error.", "Internal Server Error", 0},
    {ErrorKind::IndexUnavailable, 503, "Service unavailable error.", "Service Unavailable", 5},
    {ErrorKind::SchemaMismatch, 503, "Service unavailable error.", "Service Unavailable", 0},
    {ErrorKind::ShuttingDown, 503, "Service unavailable error.", "Service Unavailable", 1},
}};

} // namespace

const ErrorInfo& error_info(ErrorKind kind) noexcept {
    for (const ErrorInfo& row : kErrorTable) {
        if (row.kind == kind) {
            return row;
        }
    }
    return kErrorTable[static_cast<std::size_t>(ErrorKind::Internal)];
}

ErrorKind kind_of(const search::Error& error) noexcept {
    switch (error.code()) {
    case search::Errc::InvalidParameter:
        return ErrorKind::InvalidParameter;
    case search::Errc::InvalidQuery:
        return ErrorKind::InvalidQuery;
    case search::Errc::NotFound:
        return ErrorKind::NotFound;
    case search::Errc::IndexUnavailable:
        return ErrorKind::IndexUnavailable;
    case search::Errc::SchemaMismatch:
        return ErrorKind::SchemaMismatch;
    case search::Errc::Internal:
        return ErrorKind::Internal;
    }
    return ErrorKind::Internal;
}

std::string quoted_value(std::string_view value, std::size_t max_chars) {
    std::string shown(value.substr(0, max_chars));
    if (value.size() > max_chars) {
        shown += "...";
    }
    return "'" + shown + "'";
}

std::string error_body(ErrorKind kind, std::string_view message) {
    nlohmann::ordered_json body;
    body["error"] = std::string(error_info(kind).error);
    body["message"] = std::string(message);
    return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace peerscope::server
