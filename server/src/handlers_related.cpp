// Handlers of GET /v1/works/{id}/related and POST /v1/related.
#include "handlers.hpp"
#include "peerscope/search/related.hpp"
#include "peerscope/server/json_codec.hpp"

#include <nlohmann/json.hpp>

namespace peerscope::server {
namespace {

constexpr std::string_view kRelatedParams = "per_page (per-page), filter, select";
constexpr std::string_view kBodyExample =
    R"({"positive": ["W1001"], "negative": ["W1002"], "filter": "publication_year:>2018", "per_page": 10})";

[[noreturn]] void invalid_body(const std::string& message) {
    throw HttpError(ErrorKind::InvalidParameter,
                    message + "; send a JSON object such as " + std::string(kBodyExample));
}

std::size_t per_page_of(std::uint64_t value) {
    if (value < 1 || value > search::kMaxRelatedPerPage) {
        throw HttpError(ErrorKind::InvalidParameter,
                        "per_page: " + std::to_string(value)
                            + " is out of range; use a number from 1 to "
                            + std::to_string(search::kMaxRelatedPerPage));
    }
    return static_cast<std::size_t>(value);
}

std::vector<std::string> id_list(const nlohmann::json& value, const std::string& key) {
    if (!value.is_array()) {
        invalid_body(key + ": expected an array of work ids, got "
                     + std::string(value.type_name()));
    }
    if (value.size() > search::kMaxRelatedSeeds) {
        invalid_body(key + ": " + std::to_string(value.size()) + " ids given; at most "
                     + std::to_string(search::kMaxRelatedSeeds) + " are allowed");
    }
    std::vector<std::string> ids;
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (!value[i].is_string()) {
            invalid_body(key + "[" + std::to_string(i) + "]: expected a work id (a string), got "
                         + std::string(value[i].type_name()));
        }
        ids.push_back(value[i].get<std::string>());
    }
    return ids;
}

search::RelatedQuery parse_related_body(const std::string& body) {
    if (body.find_first_not_of(" \t\r\n") == std::string::npos) {
        invalid_body("the request body is empty");
    }
    nlohmann::json json;
    try {
        json = nlohmann::json::parse(body);
    } catch (const nlohmann::json::parse_error& e) {
        invalid_body("the request body is not valid JSON (error at byte " + std::to_string(e.byte)
                     + ")");
    }
    if (!json.is_object()) {
        invalid_body("the request body must be a JSON object, not "
                     + std::string(json.type_name()));
    }
    search::RelatedQuery query;
    bool has_positive = false;
    for (const auto& [key, value] : json.items()) {
        if (key == "positive") {
            query.positive = id_list(value, key);
            has_positive = true;
        } else if (key == "negative") {
            query.negative = id_list(value, key);
        } else if (key == "filter") {
            if (!value.is_string()) {
                invalid_body("filter: expected a string in the works filter syntax, got "
                             + std::string(value.type_name()));
            }
            query.filter = value.get<std::string>();
        } else if (key == "per_page") {
            if (!value.is_number_unsigned()) {
                invalid_body("per_page: expected a whole number from 1 to "
                             + std::to_string(search::kMaxRelatedPerPage));
            }
            query.per_page = per_page_of(value.get<std::uint64_t>());
        } else {
            invalid_body(quoted_value(key)
                         + " is not a valid field; valid fields are positive, negative, filter and "
                           "per_page");
        }
    }
    if (!has_positive || query.positive.empty()) {
        invalid_body("positive: give at least one work id to find related works for");
    }
    return query;
}

} // namespace

Reply Handlers::get_related_works(RequestContext& request) {
    search::RelatedQuery query;
    if (std::optional<std::string> per_page = request.query.take({"per_page", "per-page"})) {
        query.per_page = per_page_of(parse_whole_number("per_page", *per_page, 1'000'000'000));
    }
    query.filter = request.query.take({"filter"}).value_or("");
    std::vector<std::string> select;
    if (std::optional<std::string> text = request.query.take({"select"})) {
        select = split_list(*text);
    }
    request.query.reject_unknown(kRelatedParams);
    validate_select(select, related_fields());
    if (request.id.empty()) {
        throw HttpError(ErrorKind::NotFound, "no work id given; use /v1/works/{id}/related");
    }
    query.positive.push_back(request.id);
    auto searcher = service_.lease();
    search::RelatedPage page = searcher->related_works(query);
    return json_reply(dump(related_page_json(page, select)));
}

Reply Handlers::post_related(RequestContext& request, const std::string& body) {
    std::vector<std::string> select;
    if (std::optional<std::string> text = request.query.take({"select"})) {
        select = split_list(*text);
    }
    request.query.reject_unknown("select (everything else goes in the JSON body)");
    validate_select(select, related_fields());
    search::RelatedQuery query = parse_related_body(body);
    auto searcher = service_.lease();
    search::RelatedPage page = searcher->related_works(query);
    return json_reply(dump(related_page_json(page, select)));
}

Reply Handlers::reject_method_except_post(RequestContext& request) {
    Reply reply = error_reply(
        ErrorKind::MethodNotAllowed,
        request.method + " is not allowed on " + quoted_value(request.path, 200)
            + "; send the seeds with POST and a JSON body such as " + std::string(kBodyExample));
    reply.headers.emplace_back("Allow", "POST");
    return reply;
}

} // namespace peerscope::server
