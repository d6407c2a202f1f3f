#include "guard.hpp"

#include "peerscope/search/error.hpp"
#include "peerscope/server/errors.hpp"
#include "text_header.hpp"

#include <array>
#include <cstdio>
#include <exception>
#include <random>
#include <sstream>

namespace peerscope::server {
namespace http = Pistache::Http;
namespace rest = Pistache::Rest;

namespace {

using Clock = std::chrono::steady_clock;

/// A client's X-Request-Id is kept when it is short and plain; otherwise we make our own.
bool acceptable_request_id(std::string_view id) {
    constexpr std::size_t kMaxLength = 64;
    if (id.empty() || id.size() > kMaxLength) {
        return false;
    }
    for (char c : id) {
        bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                     || c == '-' || c == '_' || c == '.';
        if (!plain) {
            return false;
        }
    }
    return true;
}

std::string request_id_of(ServerState& state, const http::Request& request) {
    if (std::optional<http::Header::Raw> given = request.headers().tryGetRaw("X-Request-Id")) {
        std::string value = given->value();
        if (acceptable_request_id(value)) {
            return value;
        }
    }
    return state.new_request_id();
}

/// Path and query as the log shows them (the query as Pistache kept it), shortened.
std::string logged_target(const http::Request& request) {
    constexpr std::size_t kMaxLogged = 300;
    std::string target = request.resource() + request.query().as_str();
    if (target.size() > kMaxLogged) {
        target.resize(kMaxLogged);
        target += "...("
                  + std::to_string(request.resource().size() + request.query().as_str().size())
                  + " bytes)";
    }
    for (char& c : target) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
            c = '?';
        }
    }
    return target;
}

std::string milliseconds_since(Clock::time_point started) {
    double ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
    std::array<char, 32> buffer{};
    std::snprintf(buffer.data(), buffer.size(), "%.1fms", ms);
    return buffer.data();
}

std::size_t url_bytes(const http::Request& request) {
    std::size_t bytes = request.resource().size();
    for (auto it = request.query().parameters_begin(); it != request.query().parameters_end();
         ++it) {
        bytes += it->first.size() + it->second.size() + 2;
    }
    return bytes;
}

std::size_t header_bytes(const http::Request& request) {
    std::size_t bytes = 0;
    for (const auto& header : request.headers().list()) {
        std::ostringstream value;
        header->write(value);
        bytes += std::string_view(header->name()).size() + value.str().size() + 4;
    }
    for (const auto& [name, raw] : request.headers().rawList()) {
        bytes += name.size() + raw.value().size() + 4;
    }
    return bytes;
}

/// Throws HttpError when the request is over one of our limits.
void check_limits(const ServerOptions& options, const http::Request& request) {
    if (std::size_t bytes = url_bytes(request); bytes > options.max_url_bytes) {
        throw HttpError(ErrorKind::UriTooLong,
                        "the URL (path and query) is " + std::to_string(bytes)
                            + " bytes; the limit is " + std::to_string(options.max_url_bytes)
                            + " bytes. Shorten the query or split it into several requests");
    }
    if (std::size_t bytes = header_bytes(request); bytes > options.max_header_bytes) {
        throw HttpError(ErrorKind::PayloadTooLarge,
                        "the request headers are " + std::to_string(bytes) + " bytes; the limit is "
                            + std::to_string(options.max_header_bytes) + " bytes");
    }
    if (std::size_t bytes = request.body().size(); bytes > options.max_body_bytes) {
        throw HttpError(
            ErrorKind::PayloadTooLarge,
            "the request body is " + std::to_string(bytes) + " bytes; the limit is "
                + std::to_string(options.max_body_bytes)
                + " bytes; only POST /v1/related takes a body, a JSON object of work ids");
    }
}

/// The reply for a search library error; details of server-side failures go to the log only.
Reply reply_for(ServerState& state, const std::string& request_id, const search::Error& error) {
    ErrorKind kind = kind_of(error);
    switch (kind) {
    case ErrorKind::Internal:
        state.log(log_time() + " " + request_id
                  + " error: search library internal error: " + error.what());
        return error_reply(
            kind, "internal error; the server log has the details under request id " + request_id);
    case ErrorKind::IndexUnavailable:
        state.log(log_time() + " " + request_id + " error: index unavailable: " + error.what());
        return error_reply(kind,
                           "the index cannot be read right now; retry in a few seconds (request id "
                               + request_id + ")");
    case ErrorKind::SchemaMismatch:
        state.log(log_time() + " " + request_id + " error: " + error.what());
        return error_reply(kind,
                           "the index was written by another version of peerscope-index; "
                           "rebuild it with this version (request id "
                               + request_id + ")");
    default:
        return error_reply(kind, error.what());
    }
}

Reply internal_reply(ServerState& state, const std::string& request_id, const std::string& detail) {
    state.log(log_time() + " " + request_id + " error: " + detail);
    return error_reply(ErrorKind::Internal,
                       "internal error; the server log has the details under request id "
                           + request_id);
}

/// Runs @p handler with every exception turned into a reply. Never throws (a failure to build even
/// the error reply yields a fixed 500 body).
Reply run_guarded(ServerState& state,
                  const HandlerFunction& handler,
                  RequestContext& context,
                  const http::Request& request,
                  bool admitted,
                  const std::function<std::string()>& raw_id) noexcept {
    try {
        try {
            check_limits(state.options(), request);
            if (!admitted) {
                Reply reply = error_reply(ErrorKind::ShuttingDown,
                                          "the server is shutting down; retry in a moment");
                reply.close = true;
                return reply;
            }
            if (state.options().before_handler) {
                state.options().before_handler(request.resource());
            }
            std::vector<std::pair<std::string, std::string>> raw;
            for (auto it = request.query().parameters_begin();
                 it != request.query().parameters_end();
                 ++it) {
                raw.emplace_back(it->first, it->second);
            }
            context.query = QueryParams::decode(raw);
            if (raw_id) {
                context.id = percent_decode(raw_id(), false, "id");
            }
            return handler(context);
        } catch (const HttpError& error) {
            Reply reply = error_reply(error.kind(), error.what());
            if (error.kind() == ErrorKind::UriTooLong
                || error.kind() == ErrorKind::PayloadTooLarge) {
                reply.close = true;
            }
            if (error_info(error.kind()).status >= 500) {
                state.log(log_time() + " " + context.request_id + " error: " + error.what());
            }
            return reply;
        } catch (const search::Error& error) {
            return reply_for(state, context.request_id, error);
        } catch (const std::exception& error) {
            return internal_reply(
                state, context.request_id, std::string("unexpected exception: ") + error.what());
        } catch (...) {
            return internal_reply(state, context.request_id, "unexpected non-standard exception");
        }
    } catch (...) {
        // Building the error reply failed (out of memory): answer with a fixed body.
        Reply reply;
        reply.status = 500;
        reply.body = R"({"error":"Internal server error.","message":"internal error"})";
        return reply;
    }
}

/// Sends @p reply and counts the write until Pistache reports it written or failed. Never throws.
void send_reply(const std::shared_ptr<ServerState>& state,
                const http::Request& request,
                http::ResponseWriter& writer,
                const Reply& reply,
                const std::string& request_id,
                Clock::time_point started) noexcept {
    bool counted = false;
    try {
        auto& headers = writer.headers();
        headers.add<http::Header::ContentType>(MIME(Application, Json));
        headers.add(std::make_shared<TextHeader>("X-Request-Id", request_id));
        for (const auto& [name, value] : reply.headers) {
            headers.add(std::make_shared<TextHeader>(name, value));
        }
        if (reply.close) {
            headers.remove<http::Header::Connection>();
            headers.add<http::Header::Connection>(http::ConnectionControl::Close);
        }
        bool head = request.method() == http::Method::Head;
        state->write_started();
        counted = true;
        auto promise =
            writer.send(static_cast<http::Code>(reply.status), head ? std::string() : reply.body);
        promise.then([state](ssize_t) { state->write_done(); },
                     [state](const std::exception_ptr&) { state->write_done(); });
        state->log(log_time() + " " + request_id + " " + http::methodString(request.method()) + " "
                   + logged_target(request) + " " + std::to_string(reply.status) + " "
                   + milliseconds_since(started));
    } catch (const std::exception& error) {
        state->log(log_time() + " " + request_id
                   + " error: sending the response failed: " + error.what());
        if (counted) {
            state->write_done();
        }
    } catch (...) {
        state->log(log_time() + " " + request_id + " error: sending the response failed");
        if (counted) {
            state->write_done();
        }
    }
}

} // namespace

Reply error_reply(ErrorKind kind, std::string_view message) {
    const ErrorInfo& info = error_info(kind);
    Reply reply;
    reply.status = info.status;
    reply.body = error_body(kind, message);
    if (info.retry_after_seconds > 0) {
        reply.headers.emplace_back("Retry-After", std::to_string(info.retry_after_seconds));
    }
    return reply;
}

ServerState::ServerState(const ServerOptions& options) : options_(options) {
    std::random_device random;
    std::array<char, 16> prefix{};
    std::snprintf(
        prefix.data(), prefix.size(), "%06x", static_cast<unsigned>(random() & 0xffffffU));
    id_prefix_ = prefix.data();
}

void ServerState::log(std::string_view line) const {
    if (options_.log) {
        options_.log(line);
        return;
    }
    std::string text(line);
    text += '\n';
    std::fwrite(text.data(), 1, text.size(), stderr);
}

std::string ServerState::new_request_id() {
    return id_prefix_ + "-" + std::to_string(next_request_.fetch_add(1));
}

bool ServerState::request_started() noexcept {
    in_flight_.fetch_add(1);
    return !draining_.load();
}

void ServerState::request_done() noexcept {
    if (in_flight_.fetch_sub(1) == 1) {
        std::lock_guard<std::mutex> lock(mutex_);
        idle_.notify_all();
    }
}

void ServerState::write_started() noexcept {
    unflushed_.fetch_add(1);
}

void ServerState::write_done() noexcept {
    if (unflushed_.fetch_sub(1) == 1) {
        std::lock_guard<std::mutex> lock(mutex_);
        idle_.notify_all();
    }
}

void ServerState::start_draining() noexcept {
    draining_.store(true);
}

std::size_t ServerState::wait_idle(std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> lock(mutex_);
    idle_.wait_for(lock, timeout, [this] { return in_flight_.load() == 0; });
    return in_flight_.load();
}

std::size_t ServerState::wait_flushed(std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> lock(mutex_);
    idle_.wait_for(lock, timeout, [this] { return unflushed_.load() == 0; });
    return unflushed_.load();
}

rest::Route::Handler guard(std::shared_ptr<ServerState> state,
                           HandlerFunction handler,
                           IdSource id_source,
                           std::string id_prefix) {
    return [state = std::move(state),
            handler = std::move(handler),
            id_source,
            id_prefix = std::move(id_prefix)](const rest::Request& request,
                                              http::ResponseWriter writer) {
        Clock::time_point started = Clock::now();
        bool admitted = state->request_started();
        RequestContext context;
        try {
            context.request_id = request_id_of(*state, request);
            context.method = http::methodString(request.method());
            context.path = request.resource();
        } catch (...) {
            context.request_id = "unknown";
        }
        std::function<std::string()> raw_id;
        if (id_source == IdSource::Param) {
            raw_id = [&request] { return request.param(":id").as<std::string>(); };
        } else if (id_source == IdSource::Remainder) {
            raw_id = [&request, &id_prefix] {
                const std::string& path = request.resource();
                return path.size() > id_prefix.size() ? path.substr(id_prefix.size())
                                                      : std::string();
            };
        }
        Reply reply = run_guarded(*state, handler, context, request, admitted, raw_id);
        send_reply(state, request, writer, reply, context.request_id, started);
        state->request_done();
        return rest::Route::Result::Ok;
    };
}

void send_outside_router(const std::shared_ptr<ServerState>& state,
                         const http::Request& request,
                         http::ResponseWriter& writer,
                         const Reply& reply) {
    std::string request_id;
    try {
        request_id = state->new_request_id();
    } catch (...) {
        request_id = "unknown";
    }
    send_reply(state, request, writer, reply, request_id, Clock::now());
}

} // namespace peerscope::server
