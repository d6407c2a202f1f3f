/// @file Translation of ICU status codes into analyzers::Error (private to the library).
#pragma once

#include "peerscope/analyzers/error.hpp"

#include <unicode/utypes.h>

#include <string>

namespace peerscope::analyzers::detail {

/// Throws Error(Errc::IcuFailure, "<call>: <ICU error name>") when @p status is a failure.
/// Warnings (U_USING_DEFAULT_WARNING and friends) are not failures. Thread-safe.
inline void check_icu(UErrorCode status, const char* call) {
    if (U_FAILURE(status)) {
        throw Error(Errc::IcuFailure, std::string(call) + ": " + u_errorName(status));
    }
}

} // namespace peerscope::analyzers::detail
