#include "routes.hpp"

#include "web.hpp"

#include <array>
#include <string>
#include <string_view>

namespace peerscope::server {
namespace http = Pistache::Http;
namespace rest = Pistache::Rest;

namespace {

using HandlerMethod = Reply (Handlers::*)(RequestContext&);

/// One route: a GET path (relative to the API root) and its handler.
struct RouteRow {
    std::string_view path;
    HandlerMethod handler;
    IdSource id_source;
};

// THE route table. Every path is served under /v1 (canonical) and without prefix (OpenAlex has
// none), and answers 405 with Allow: GET for every other method.
constexpr std::array<RouteRow, 15> kRoutes = {{
    {"/works", &Handlers::get_works, IdSource::None},
    {"/works/random", &Handlers::get_random_work, IdSource::None},
    {"/works/:id", &Handlers::get_work, IdSource::Param},
    {"/works/:id/related", &Handlers::get_related_works, IdSource::Param},
    {"/topics", &Handlers::get_topics, IdSource::None},
    {"/topics/:id", &Handlers::get_topic, IdSource::Param},
    {"/sources", &Handlers::get_sources, IdSource::None},
    {"/sources/:id", &Handlers::get_source, IdSource::Param},
    {"/autocomplete/works", &Handlers::get_autocomplete_works, IdSource::None},
    {"/authors", &Handlers::get_authors, IdSource::None},
    {"/authors/:id", &Handlers::get_author, IdSource::Param},
    {"/authors/:id/card", &Handlers::get_author_card, IdSource::Param},
    {"/authors/:id/graph", &Handlers::get_author_graph, IdSource::Param},
    {"/autocomplete/authors", &Handlers::get_autocomplete_authors, IdSource::None},
    {"/healthz", &Handlers::get_health, IdSource::None},
}};

/// Ids with '/' in them (an unencoded DOI such as /v1/works/10.1109/cvpr.2016.0091) span several
/// path segments: these prefixes take the whole rest of the path as the id.
struct CatchAllRow {
    std::string_view prefix;
    HandlerMethod handler;
};
constexpr std::array<CatchAllRow, 2> kCatchAll = {{
    {"/works/", &Handlers::get_work},
    {"/sources/", &Handlers::get_source},
}};

constexpr std::array<std::string_view, 2> kPrefixes = {"/v1", ""};

/// Routes that take a request body: POST only (every other method answers 405 with Allow: POST).
using BodyHandlerMethod = Reply (Handlers::*)(RequestContext&, const std::string&);
struct PostRow {
    std::string_view path;
    BodyHandlerMethod handler;
};
constexpr std::array<PostRow, 1> kPostRoutes = {{
    {"/related", &Handlers::post_related},
}};

} // namespace

std::string endpoint_summary() {
    std::string out = "GET";
    for (const RouteRow& row : kRoutes) {
        out += (out.size() == 3 ? " /v1" : ", /v1");
        std::string_view path = row.path;
        if (std::size_t colon = path.find(":id"); colon != std::string_view::npos) {
            out.append(path.substr(0, colon)).append("{id}").append(path.substr(colon + 3));
        } else {
            out += path;
        }
    }
    out += "; POST";
    for (const PostRow& row : kPostRoutes) {
        out += " /v1";
        out += row.path;
    }
    out += " (the /v1 prefix may be left out)";
    return out;
}

namespace {

/// The suffix of /works/{id}/related, for work ids containing '/' (caught by the catch-all).
constexpr std::string_view kRelatedSuffix = "/related";

// Pistache answers 405 itself, in plain text, when a path matches under another method: every
// method gets an explicit route so that our JSON answers instead (and the router's per-method
// table never grows at request time).
constexpr std::array<http::Method, 8> kOtherMethods = {
    http::Method::Post,
    http::Method::Put,
    http::Method::Patch,
    http::Method::Delete,
    http::Method::Options,
    http::Method::Head,
    http::Method::Trace,
    http::Method::Connect,
};

HandlerFunction bound(Handlers& handlers, HandlerMethod method) {
    return [&handlers, method](RequestContext& request) { return (handlers.*method)(request); };
}

} // namespace

void register_routes(rest::Router& router,
                     Handlers& handlers,
                     const std::shared_ptr<ServerState>& state) {
    for (std::string_view prefix : kPrefixes) {
        for (const RouteRow& row : kRoutes) {
            std::string path = std::string(prefix) + std::string(row.path);
            router.addRoute(
                http::Method::Get, path, guard(state, bound(handlers, row.handler), row.id_source));
            for (http::Method method : kOtherMethods) {
                router.addRoute(
                    method, path, guard(state, bound(handlers, &Handlers::reject_method)));
            }
        }
    }

    for (std::string_view prefix : kPrefixes) {
        for (const PostRow& row : kPostRoutes) {
            std::string path = std::string(prefix) + std::string(row.path);
            BodyHandlerMethod method = row.handler;
            // The guard hands handlers a decoded RequestContext; the body is captured here.
            router.addRoute(
                http::Method::Post,
                path,
                [state, &handlers, method](const rest::Request& request,
                                           http::ResponseWriter writer) {
                    std::string body = request.body();
                    HandlerFunction with_body =
                        [&handlers, method, body = std::move(body)](RequestContext& context) {
                            return (handlers.*method)(context, body);
                        };
                    return guard(state, std::move(with_body))(request, std::move(writer));
                });
            router.addRoute(http::Method::Get,
                            path,
                            guard(state, bound(handlers, &Handlers::reject_method_except_post)));
            for (http::Method other : kOtherMethods) {
                if (other != http::Method::Post) {
                    router.addRoute(
                        other,
                        path,
                        guard(state, bound(handlers, &Handlers::reject_method_except_post)));
                }
            }
        }
    }

    // The catch-all runs only when no route matched the path under the request's method.
    std::vector<std::pair<std::string, rest::Route::Handler>> catch_all;
    std::vector<std::pair<std::string, rest::Route::Handler>> related_catch_all;
    for (std::string_view prefix : kPrefixes) {
        std::string works = std::string(prefix) + "/works/";
        HandlerFunction related = [&handlers](RequestContext& context) {
            context.id.resize(context.id.size() - kRelatedSuffix.size());
            return handlers.get_related_works(context);
        };
        related_catch_all.emplace_back(
            works, guard(state, std::move(related), IdSource::Remainder, works));
        for (const CatchAllRow& row : kCatchAll) {
            std::string full = std::string(prefix) + std::string(row.prefix);
            catch_all.emplace_back(
                full, guard(state, bound(handlers, row.handler), IdSource::Remainder, full));
        }
    }
    rest::Route::Handler reject = guard(state, bound(handlers, &Handlers::reject_method));
    router.addCustomHandler([catch_all = std::move(catch_all),
                             related_catch_all = std::move(related_catch_all),
                             reject](const rest::Request& request, http::ResponseWriter writer) {
        const std::string& path = request.resource();
        for (const auto& [prefix, handler] : related_catch_all) {
            if (path.size() > prefix.size() + kRelatedSuffix.size()
                && path.compare(0, prefix.size(), prefix) == 0
                && path.compare(
                       path.size() - kRelatedSuffix.size(), kRelatedSuffix.size(), kRelatedSuffix)
                       == 0) {
                if (request.method() == http::Method::Get) {
                    return handler(request, std::move(writer));
                }
                return reject(request, std::move(writer));
            }
        }
        for (const auto& [prefix, handler] : catch_all) {
            if (path.size() > prefix.size() && path.compare(0, prefix.size(), prefix) == 0) {
                if (request.method() == http::Method::Get) {
                    return handler(request, std::move(writer));
                }
                return reject(request, std::move(writer));
            }
        }
        return rest::Route::Result::Failure;
    });

    // The web page (/, /work/{id}, /author/{id}, /topic/{id}, /assets/...): handlers_web.cpp.
    register_web_routes(router, state);

    rest::Routes::NotFound(router, guard(state, bound(handlers, &Handlers::get_unknown_route)));
}

} // namespace peerscope::server
