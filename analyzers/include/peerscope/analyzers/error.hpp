/// @file Error type of the analyzers library.
#pragma once

#include <stdexcept>
#include <string>

namespace peerscope::analyzers {

/// What went wrong inside text analysis.
enum class Errc {
    IcuFailure,   ///< ICU reported a failure (the message names the ICU call and its error code).
    InvalidInput, ///< The caller passed something the analyzer cannot handle (e.g. over 2 GiB).
};

/// The one exception type thrown by this library. ICU errors are translated into it at the
/// boundary; callers never see a UErrorCode.
class Error final : public std::runtime_error {
public:
    Error(Errc code, const std::string& message) : std::runtime_error(message), code_(code) {}
    /// The kind of failure.
    [[nodiscard]] Errc code() const noexcept { return code_; }

private:
    Errc code_;
};

} // namespace peerscope::analyzers
