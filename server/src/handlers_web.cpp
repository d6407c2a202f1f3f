// The web page: the files of web/, embedded into the binary (server/web_assets.cmake), served at /
// (and the page paths) and /assets/.
#include "peerscope/server/errors.hpp"
#include "text_header.hpp"
#include "web.hpp"
#include "web_assets.hpp"

#include <pistache/http.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <vector>

namespace peerscope::server {
namespace http = Pistache::Http;
namespace rest = Pistache::Rest;

namespace {

constexpr std::string_view kAssetsPrefix = "/assets/";
/// Paths in messages and log lines are cut after this many bytes.
constexpr std::size_t kShownPath = 200;
constexpr std::string_view kIndexFile = "index.html";
/// Paths the page routes itself (history API): each answers index.html when an id follows.
constexpr std::array<std::string_view, 3> kPagePrefixes = {"/work/", "/author/", "/topic/"};

struct ContentTypeRow {
    std::string_view extension;
    std::string_view content_type;
};
constexpr std::array<ContentTypeRow, 8> kContentTypes = {{
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".json", "application/json"},
    {".png", "image/png"},
    {".woff2", "font/woff2"},
    {".txt", "text/plain; charset=utf-8"},
}};

/// Only files of the server itself: no inline script, no other origin (no external network).
constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

bool starts_with(std::string_view text, std::string_view prefix) noexcept {
    return text.substr(0, prefix.size()) == prefix;
}

bool ends_with(std::string_view text, std::string_view suffix) noexcept {
    return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

std::string content_type_of(std::string_view name) {
    for (const ContentTypeRow& row : kContentTypes) {
        if (ends_with(name, row.extension)) {
            return std::string(row.content_type);
        }
    }
    return "application/octet-stream";
}

/// FNV-1a, 64 bits: enough to tell two builds of a file apart.
std::string etag_of(std::string_view bytes) {
    std::uint64_t hash = 14695981039346656037ULL;
    for (char c : bytes) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 1099511628211ULL;
    }
    std::array<char, 24> text{};
    std::snprintf(text.data(),
                  text.size(),
                  "\"%016llx\"",
                  static_cast<unsigned long long>(hash)); // NOLINT(google-runtime-int)
    return text.data();
}

const std::vector<WebAsset>& asset_table() {
    static const std::vector<WebAsset> table = [] {
        std::vector<WebAsset> assets;
        for (const web::EmbeddedFile& file : web::embedded_files()) {
            WebAsset asset;
            asset.path = file.name == kIndexFile
                             ? std::string("/")
                             : std::string(kAssetsPrefix) + std::string(file.name);
            asset.body = file.bytes();
            asset.content_type = content_type_of(file.name);
            asset.etag = etag_of(asset.body);
            assets.push_back(std::move(asset));
        }
        return assets;
    }();
    return table;
}

bool is_page_path(std::string_view path) noexcept {
    if (path == "/" || path == "/index.html") {
        return true;
    }
    for (std::string_view prefix : kPagePrefixes) {
        if (path.size() > prefix.size() && starts_with(path, prefix)) {
            return true;
        }
    }
    return false;
}

/// What one asset request answers (a 200 or a 304).
struct AssetReply {
    int status = 200;
    std::string_view body;
    std::vector<std::pair<std::string, std::string>> headers;
};

bool etag_matches(const http::Request& request, const std::string& etag) {
    std::optional<http::Header::Raw> given = request.headers().tryGetRaw("If-None-Match");
    if (!given) {
        return false;
    }
    const std::string& value = given->value();
    return value == "*" || value.find(etag) != std::string::npos;
}

/// The path as the access log shows it: cut, control characters replaced.
std::string logged_path(std::string_view path) {
    std::string shown(path.substr(0, kShownPath));
    for (char& c : shown) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
            c = '?';
        }
    }
    return shown;
}

AssetReply asset_reply(const http::Request& request, const WebAsset& asset) {
    AssetReply reply;
    reply.headers.emplace_back("ETag", asset.etag);
    reply.headers.emplace_back("Cache-Control", "no-cache");
    reply.headers.emplace_back("X-Content-Type-Options", "nosniff");
    if (asset.path == "/") {
        reply.headers.emplace_back("Content-Security-Policy", std::string(kContentSecurityPolicy));
        reply.headers.emplace_back("Referrer-Policy", "no-referrer");
    }
    if (etag_matches(request, asset.etag)) {
        reply.status = 304;
    } else if (request.method() != http::Method::Head) {
        reply.body = asset.body;
    }
    return reply;
}

/// Sends an asset, counting the write like the guard does, and logs the access line.
void send_asset(const std::shared_ptr<ServerState>& state,
                const http::Request& request,
                http::ResponseWriter& writer,
                const WebAsset& asset,
                std::chrono::steady_clock::time_point started) {
    std::string request_id = state->new_request_id();
    bool counted = false;
    try {
        AssetReply reply = asset_reply(request, asset);
        auto& headers = writer.headers();
        headers.add<http::Header::ContentType>(
            http::Mime::MediaType::fromString(asset.content_type));
        headers.add(std::make_shared<TextHeader>("X-Request-Id", request_id));
        for (const auto& [name, value] : reply.headers) {
            headers.add(std::make_shared<TextHeader>(name, value));
        }
        state->write_started();
        counted = true;
        writer.send(static_cast<http::Code>(reply.status), std::string(reply.body))
            .then([state](ssize_t) { state->write_done(); },
                  [state](const std::exception_ptr&) { state->write_done(); });
        double ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
                .count();
        std::array<char, 32> elapsed{};
        std::snprintf(elapsed.data(), elapsed.size(), "%.1fms", ms);
        state->log(log_time() + " " + request_id + " " + http::methodString(request.method()) + " "
                   + logged_path(request.resource()) + " " + std::to_string(reply.status) + " "
                   + elapsed.data());
    } catch (const std::exception& error) {
        state->log(log_time() + " " + request_id
                   + " error: sending a file of the web page failed: " + error.what());
        if (counted) {
            state->write_done();
        }
    }
}

/// The guarded answer to a web path that serves no file: 405 for methods other than GET and HEAD,
/// else the JSON 404 (the guard also answers 503 while the server drains).
Reply reject_web_request(RequestContext& request) {
    if (request.method != "GET" && request.method != "HEAD") {
        Reply reply = error_reply(ErrorKind::MethodNotAllowed,
                                  request.method + " is not allowed on "
                                      + quoted_value(request.path, kShownPath)
                                      + "; the web page is read-only: use GET");
        reply.headers.emplace_back("Allow", "GET, HEAD");
        return reply;
    }
    return error_reply(ErrorKind::RouteNotFound,
                       "no file of the web page at " + quoted_value(request.path, kShownPath)
                           + "; the page is at / and its files under /assets/");
}

} // namespace

bool is_web_path(std::string_view path) noexcept {
    return is_page_path(path) || starts_with(path, kAssetsPrefix);
}

const WebAsset* find_web_asset(std::string_view path) {
    std::string_view wanted = is_page_path(path) ? std::string_view("/") : path;
    for (const WebAsset& asset : asset_table()) {
        if (asset.path == wanted) {
            return &asset;
        }
    }
    return nullptr;
}

void register_web_routes(rest::Router& router, const std::shared_ptr<ServerState>& state) {
    (void)asset_table(); // built before the first request
    rest::Route::Handler reject = guard(state, reject_web_request);
    router.addCustomHandler(
        [state, reject](const rest::Request& request, http::ResponseWriter writer) {
            const std::string& path = request.resource();
            if (!is_web_path(path)) {
                return rest::Route::Result::Failure;
            }
            const WebAsset* asset = find_web_asset(path);
            bool readable =
                request.method() == http::Method::Get || request.method() == http::Method::Head;
            if (asset == nullptr || !readable) {
                return reject(request, std::move(writer));
            }
            auto started = std::chrono::steady_clock::now();
            if (!state->request_started()) {
                state->request_done();
                return reject(request, std::move(writer)); // the guard answers 503 while draining
            }
            send_asset(state, request, writer, *asset, started);
            state->request_done();
            return rest::Route::Result::Ok;
        });
}

} // namespace peerscope::server
