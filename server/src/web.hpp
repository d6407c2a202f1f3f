/// @file The web page: the files of web/, embedded into the server at build time (internal).
#pragma once

#include "guard.hpp"

#include <pistache/router.h>

#include <memory>
#include <string>
#include <string_view>

namespace peerscope::server {

/// One embedded file of the web page, as served.
struct WebAsset {
    std::string path;         ///< the URL path: /assets/<file name>, and "/" for index.html
    std::string_view body;    ///< the bytes (static storage)
    std::string content_type; ///< e.g. "text/javascript; charset=utf-8"
    std::string etag;         ///< a strong ETag of the bytes, quoted
};

/// The asset served at @p path ("/", "/assets/app.js"), or nullptr. The page paths /work/{id},
/// /author/{id} and /topic/{id} answer index.html too (the page routes itself in the browser).
/// Thread-safe (the table is built once).
[[nodiscard]] const WebAsset* find_web_asset(std::string_view path);

/// True when @p path belongs to the web page: "/", a page path, or anything under /assets/.
[[nodiscard]] bool is_web_path(std::string_view path) noexcept;

/// Registers the web page on @p router as a custom handler (tried after the API's routes and its
/// catch-alls, before the JSON 404): GET and HEAD of web paths answer the embedded files with
/// their Content-Type, an ETag (If-None-Match gives 304) and Cache-Control: no-cache; an unknown
/// /assets/ file is the JSON 404 envelope, another method the JSON 405. Each request is logged and
/// counted in flight like the API's.
void register_web_routes(Pistache::Rest::Router& router, const std::shared_ptr<ServerState>& state);

} // namespace peerscope::server
