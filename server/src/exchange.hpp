/// @file What a handler sees of a request and what it answers (internal to the server).
#pragma once

#include "peerscope/server/errors.hpp"
#include "peerscope/server/params.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace peerscope::server {

/// One request, decoded. Owned by the guard for the duration of one handler call.
struct RequestContext {
    std::string request_id;
    std::string method; ///< "GET", "POST", ...
    std::string path;   ///< the raw (still percent-encoded) path
    std::string id;     ///< the decoded {id} path segment, or the catch-all remainder
    QueryParams query;  ///< decoded query parameters
};

/// One answer. Handlers return it; only the guard sends it, exactly once.
struct Reply {
    int status = 200;
    std::string body; ///< JSON text
    std::vector<std::pair<std::string, std::string>>
        headers;        ///< extra headers (Allow, Retry-After)
    bool close = false; ///< answer with Connection: close
};

/// A 200 reply carrying @p body.
[[nodiscard]] inline Reply json_reply(std::string body) {
    Reply reply;
    reply.body = std::move(body);
    return reply;
}

/// The error envelope of @p kind with its status and headers.
[[nodiscard]] Reply error_reply(ErrorKind kind, std::string_view message);

} // namespace peerscope::server
