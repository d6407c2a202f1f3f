/// @file Error type of the search library.
#pragma once

#include <stdexcept>
#include <string>

namespace peerscope::search {

/// What went wrong while answering a request. The server maps each to one HTTP status.
enum class Errc {
    InvalidParameter, ///< a request parameter is malformed or out of range (message says which and why)
    InvalidQuery,     ///< the search text cannot be used even as plain text (e.g. empty after analysis)
    NotFound,         ///< an id names nothing in the index
    IndexUnavailable, ///< the index cannot be opened or read right now (retry later)
    SchemaMismatch,   ///< the index was written with another schema version (reindex)
    Internal,         ///< a bug: logged server-side, reported generically
};

/// The one exception type of the search library. Xapian and ICU errors are translated into it;
/// what() is safe to show to clients for every code except Internal.
class Error final : public std::runtime_error {
public:
    Error(Errc code, const std::string& message) : std::runtime_error(message), code_(code) {}
    [[nodiscard]] Errc code() const noexcept { return code_; }

private:
    Errc code_;
};

} // namespace peerscope::search
