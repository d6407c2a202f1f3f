#include "peerscope/server/server.hpp"

#include "guard.hpp"
#include "handlers.hpp"
#include "peerscope/search/service.hpp"
#include "routes.hpp"

#include <pistache/endpoint.h>
#include <pistache/http.h>
#include <pistache/router.h>

#include <algorithm>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace peerscope::server {
namespace http = Pistache::Http;
namespace rest = Pistache::Rest;

namespace {

/// The handler Pistache calls: routes through its own copy of the router (Pistache clones it per
/// worker thread), and answers 500 if the router itself fails before any guarded handler ran.
/// (Header and body timeouts are answered by Pistache itself: 408 without body.)
class EntryHandler final : public http::Handler {
  public:
    HTTP_PROTOTYPE(EntryHandler)

    EntryHandler(rest::Router router, std::shared_ptr<ServerState> state)
        : router_(std::move(router)), state_(std::move(state)) {}

    void onRequest(const http::Request& request, http::ResponseWriter response) override {
        try {
            router_.route(request, response.clone());
        } catch (...) {
            // The guard never throws, so no response was sent yet.
            Reply reply =
                error_reply(ErrorKind::Internal, "internal error while routing the request");
            state_->log("error: the router failed on " + request.resource());
            send_outside_router(state_, request, response, reply);
        }
    }

  private:
    rest::Router router_;
    std::shared_ptr<ServerState> state_;
};

/// Longest wait, when stopping, for responses already handed to Pistache to be written.
constexpr std::chrono::milliseconds kFlushBound{1000};

unsigned resolve_threads(unsigned requested) {
    if (requested != 0) {
        return requested;
    }
    return std::max(1U, std::thread::hardware_concurrency());
}

ServerOptions resolved(ServerOptions options) {
    options.threads = resolve_threads(options.threads);
    return options;
}

} // namespace

search::ServiceOptions service_options(const ServerOptions& options) {
    search::ServiceOptions out;
    out.refresh_interval_ms = options.refresh_interval_ms;
    if (!options.ranking_feedback) {
        out.ranking.feedback_docs = 0;
    }
    return out;
}

struct Server::Impl {
    explicit Impl(ServerOptions opts)
        : options(resolved(std::move(opts))), service(std::make_unique<search::SearchService>(
                                                  options.index_dir, service_options(options))),
          handlers(*service), state(std::make_shared<ServerState>(options)) {
        register_routes(router, handlers, state);
    }

    ServerOptions options;
    std::unique_ptr<search::SearchService> service;
    Handlers handlers;
    std::shared_ptr<ServerState> state;
    rest::Router router;
    std::unique_ptr<http::Endpoint> endpoint;
    std::mutex lifecycle;
    std::uint16_t port = 0;
    bool started = false;
    bool stopped = false;
};

Server::Server(ServerOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}

Server::~Server() {
    try {
        stop();
    } catch (...) {
        // Nothing sensible to do while destroying; the endpoint is torn down below.
    }
}

void Server::start() {
    std::lock_guard<std::mutex> lock(impl_->lifecycle);
    if (impl_->started) {
        throw std::logic_error("Server::start() called twice");
    }
    const ServerOptions& options = impl_->options;
    Pistache::Address address(options.host, Pistache::Port(options.port));
    auto endpoint = std::make_unique<http::Endpoint>(address);
    auto endpoint_options = http::Endpoint::options()
                                .threads(static_cast<int>(options.threads))
                                .threadsName("peerscope-http")
                                .flags(Pistache::Tcp::Options::ReuseAddr)
                                .maxRequestSize(options.max_request_bytes)
                                .maxResponseSize(std::size_t{256} * 1024 * 1024)
                                .headerTimeout(options.header_timeout)
                                .bodyTimeout(options.body_timeout)
                                .keepaliveTimeout(options.keepalive_timeout);
    endpoint->init(endpoint_options);
    endpoint->setHandler(std::make_shared<EntryHandler>(impl_->router, impl_->state));
    endpoint->serveThreaded();
    impl_->port = static_cast<std::uint16_t>(endpoint->getPort());
    impl_->endpoint = std::move(endpoint);
    impl_->started = true;
}

std::uint16_t Server::port() const {
    if (!impl_->started) {
        throw std::logic_error("Server::port() called before start()");
    }
    return impl_->port;
}

std::size_t Server::stop() {
    std::lock_guard<std::mutex> lock(impl_->lifecycle);
    if (!impl_->started || impl_->stopped) {
        return 0;
    }
    impl_->state->start_draining();
    auto deadline = std::chrono::steady_clock::now() + impl_->options.drain_timeout;
    std::size_t left = impl_->state->wait_idle(impl_->options.drain_timeout);
    // Handlers are done; give Pistache a moment to write the responses they queued (bounded: a
    // write to a peer that went away may never be reported).
    auto remaining = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    (void)impl_->state->wait_flushed(
        std::clamp(remaining, std::chrono::milliseconds(0), kFlushBound));
    impl_->endpoint->shutdown();
    // shutdown() stops the workers but leaves the listening socket open, so connections would still
    // be accepted (and never answered) until the endpoint is destroyed.
    impl_->endpoint.reset();
    impl_->stopped = true;
    return left;
}

std::size_t Server::in_flight() const noexcept {
    return impl_->state->in_flight();
}

const ServerOptions& Server::options() const noexcept {
    return impl_->options;
}

} // namespace peerscope::server
