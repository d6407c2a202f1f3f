#include "peerscope/server/params.hpp"

#include "peerscope/server/errors.hpp"

#include <algorithm>
#include <array>
#include <cstdio>

namespace peerscope::server {
namespace {

int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

std::string hex_byte(unsigned char byte) {
    std::array<char, 8> buffer{};
    std::snprintf(buffer.data(), buffer.size(), "0x%02X", static_cast<unsigned>(byte));
    return buffer.data();
}

[[noreturn]] void invalid(const std::string& message) {
    throw HttpError(ErrorKind::InvalidParameter, message);
}

constexpr std::array<std::string_view, 3> kIgnoredParams = {"mailto", "api_key", "email"};

/// Number of OR'ed alternatives in a filter: the '|'-separated values of each clause.
std::size_t filter_alternatives(std::string_view filter) {
    std::size_t total = 0;
    for (const std::string& clause : split_list(filter)) {
        auto bars = static_cast<std::size_t>(std::count(clause.begin(), clause.end(), '|'));
        if (bars > 0) {
            total += bars + 1;
        }
    }
    return total;
}

/// Number of operands joined by OR in a search text (0 when there is no OR).
std::size_t search_alternatives(std::string_view search) {
    std::size_t ors = 0;
    for (std::size_t at = search.find(" OR "); at != std::string_view::npos;
         at = search.find(" OR ", at + 3)) {
        ++ors;
    }
    return ors == 0 ? 0 : ors + 1;
}

std::size_t take_count(QueryParams& params,
                       std::initializer_list<std::string_view> names,
                       std::size_t fallback,
                       std::uint64_t max) {
    std::optional<std::string> text = params.take(names);
    if (!text) {
        return fallback;
    }
    return static_cast<std::size_t>(parse_whole_number(*names.begin(), *text, max));
}

/// per_page and page with the limits shared by /works and /sources.
std::pair<std::size_t, std::size_t> take_paging(QueryParams& params, bool cursor_paging) {
    // Parse with a generous bound first, so "per_page=100000" gets the range message below.
    std::size_t per_page = take_count(params, {"per_page", "per-page"}, 25, 1'000'000'000);
    if (per_page < 1 || per_page > kMaxPerPage) {
        invalid("per_page: " + std::to_string(per_page)
                + " is out of range; use a number from 1 to " + std::to_string(kMaxPerPage));
    }
    std::optional<std::string> page_text = params.take({"page"});
    std::size_t page = 1;
    if (page_text) {
        page = static_cast<std::size_t>(parse_whole_number("page", *page_text, 1'000'000'000));
        if (page < 1) {
            invalid("page: pages are numbered from 1");
        }
        if (cursor_paging) {
            invalid(
                "page: use either page or cursor, not both (a cursor walk has no page numbers)");
        }
    }
    if (!cursor_paging && page * per_page > kMaxPagedResults) {
        invalid("page: page " + std::to_string(page) + " with per_page " + std::to_string(per_page)
                + " reaches past result " + std::to_string(kMaxPagedResults)
                + ", the limit of basic paging; use cursor paging (cursor=*, then each response's "
                  "meta.next_cursor) to read further");
    }
    return {page, per_page};
}

/// search, filter and sort, which works and entity lists share.
template <typename Query> void take_text_params(QueryParams& params, Query& q) {
    q.search = params.take({"search"}).value_or("");
    q.filter = params.take({"filter"}).value_or("");
    q.sort = params.take({"sort"}).value_or("");
}

void check_or_terms(std::string_view filter, std::string_view search) {
    std::size_t alternatives = filter_alternatives(filter) + search_alternatives(search);
    if (alternatives > kMaxOrTerms) {
        invalid("filter: " + std::to_string(alternatives)
                + " OR'ed terms (values joined by '|' and operands of OR); at most "
                + std::to_string(kMaxOrTerms) + " are allowed in one request; split the request");
    }
}

std::vector<std::string> take_select(QueryParams& params) {
    std::optional<std::string> text = params.take({"select"});
    if (!text) {
        return {};
    }
    std::vector<std::string> fields = split_list(*text);
    if (fields.empty()) {
        invalid("select: name at least one field, e.g. select=id,display_name");
    }
    return fields;
}

} // namespace

std::optional<std::size_t> invalid_utf8_offset(std::string_view text) noexcept {
    std::size_t i = 0;
    const std::size_t n = text.size();
    while (i < n) {
        auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t length = 0;
        unsigned min_second = 0x80;
        unsigned max_second = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            length = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            length = 3;
            if (c == 0xE0) {
                min_second = 0xA0; // no overlongs
            } else if (c == 0xED) {
                max_second = 0x9F; // no surrogates
            }
        } else if (c >= 0xF0 && c <= 0xF4) {
            length = 4;
            if (c == 0xF0) {
                min_second = 0x90;
            } else if (c == 0xF4) {
                max_second = 0x8F; // at most U+10FFFF
            }
        } else {
            return i;
        }
        if (i + length > n) {
            return i;
        }
        auto second = static_cast<unsigned char>(text[i + 1]);
        if (second < min_second || second > max_second) {
            return i;
        }
        for (std::size_t k = 2; k < length; ++k) {
            auto next = static_cast<unsigned char>(text[i + k]);
            if (next < 0x80 || next > 0xBF) {
                return i;
            }
        }
        i += length;
    }
    return std::nullopt;
}

std::string percent_decode(std::string_view text, bool plus_as_space, std::string_view what) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '%') {
            int high = i + 2 < text.size() ? hex_value(text[i + 1]) : -1;
            int low = i + 2 < text.size() ? hex_value(text[i + 2]) : -1;
            if (high < 0 || low < 0) {
                invalid(std::string(what) + ": malformed percent-escape "
                        + quoted_value(text.substr(i, 3)) + " at offset " + std::to_string(i)
                        + "; write a literal % as %25");
            }
            out += static_cast<char>(high * 16 + low);
            i += 2;
        } else if (c == '+' && plus_as_space) {
            out += ' ';
        } else {
            out += c;
        }
    }
    if (std::size_t nul = out.find('\0'); nul != std::string::npos) {
        invalid(std::string(what) + ": contains a NUL byte (%00) at offset " + std::to_string(nul)
                + " of the decoded text; remove it");
    }
    if (std::optional<std::size_t> bad = invalid_utf8_offset(out)) {
        invalid(std::string(what) + ": is not valid UTF-8 (byte "
                + hex_byte(static_cast<unsigned char>(out[*bad])) + " at offset "
                + std::to_string(*bad)
                + " of the decoded text); send text as percent-encoded UTF-8");
    }
    return out;
}

QueryParams QueryParams::decode(const std::vector<std::pair<std::string, std::string>>& raw) {
    QueryParams params;
    params.params_.reserve(raw.size());
    for (const auto& [name, value] : raw) {
        std::string decoded_name =
            percent_decode(name, true, "parameter name " + quoted_value(name));
        std::string decoded_value = percent_decode(value, true, decoded_name);
        params.params_.emplace_back(std::move(decoded_name), std::move(decoded_value));
    }
    params.taken_.assign(params.params_.size(), false);
    return params;
}

std::optional<std::string> QueryParams::take(std::initializer_list<std::string_view> names) {
    std::optional<std::string> found;
    std::string_view found_name;
    for (std::size_t i = 0; i < params_.size(); ++i) {
        const auto& [name, value] = params_[i];
        if (std::find(names.begin(), names.end(), name) == names.end()) {
            continue;
        }
        taken_[i] = true;
        if (found && *found != value) {
            invalid(std::string(found_name) + " and " + name
                    + " name the same parameter; give only one of them");
        }
        found = value;
        found_name = name;
    }
    return found;
}

void QueryParams::reject_unknown(std::string_view valid) const {
    for (std::size_t i = 0; i < params_.size(); ++i) {
        const std::string& name = params_[i].first;
        if (taken_[i]
            || std::find(kIgnoredParams.begin(), kIgnoredParams.end(), name)
                   != kIgnoredParams.end()) {
            continue;
        }
        invalid(quoted_value(name)
                + " is not a valid parameter. Valid parameters are: " + std::string(valid) + ".");
    }
}

std::uint64_t parse_whole_number(std::string_view name, std::string_view text, std::uint64_t max) {
    constexpr std::size_t kMaxDigits = 19;
    if (text.empty() || text.size() > kMaxDigits
        || !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        invalid(std::string(name) + ": " + quoted_value(text)
                + " is not a whole number; use digits only, e.g. " + std::string(name) + "=25");
    }
    std::uint64_t value = 0;
    for (char c : text) {
        value = value * 10 + static_cast<std::uint64_t>(c - '0');
    }
    if (value > max) {
        invalid(std::string(name) + ": " + std::string(text)
                + " is too large; the largest accepted value is " + std::to_string(max));
    }
    return value;
}

bool parse_bool(std::string_view name, std::string_view text) {
    if (text == "true") {
        return true;
    }
    if (text == "false") {
        return false;
    }
    invalid(std::string(name) + ": " + quoted_value(text) + " is not a boolean; use true or false");
}

std::vector<std::string> split_list(std::string_view text) {
    std::vector<std::string> items;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find(',', start);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        std::string_view item = text.substr(start, end - start);
        while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) {
            item.remove_prefix(1);
        }
        while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) {
            item.remove_suffix(1);
        }
        if (!item.empty()) {
            items.emplace_back(item);
        }
        start = end + 1;
    }
    return items;
}

WorksRequest parse_works_request(QueryParams& params) {
    WorksRequest request;
    search::WorksQuery& q = request.query;
    take_text_params(params, q);
    q.cursor = params.take({"cursor"});
    if (q.cursor && q.cursor->empty()) {
        invalid(
            "cursor: empty; start a cursor walk with cursor=* and continue with each response's "
            "meta.next_cursor");
    }
    auto [page, per_page] = take_paging(params, q.cursor.has_value());
    q.page = page;
    q.per_page = per_page;

    std::optional<std::string> group_by = params.take({"group_by", "group-by"});
    std::optional<std::string> group_bys = params.take({"group_bys", "group-bys"});
    if (group_by && group_bys) {
        invalid("group_bys: use either group_by (one key) or group_bys (a comma list), not both");
    }
    if (group_by) {
        q.group_by = split_list(*group_by);
        request.plural_groups = q.group_by.size() > 1;
    } else if (group_bys) {
        q.group_by = split_list(*group_bys);
        request.plural_groups = true;
    }
    if ((group_by || group_bys) && q.group_by.empty()) {
        invalid("group_by: name a key to group by, e.g. group_by=publication_year");
    }

    if (std::optional<std::string> highlight = params.take({"highlight"})) {
        q.highlight = parse_bool("highlight", *highlight);
    }
    if (std::optional<std::string> sample = params.take({"sample"})) {
        q.sample =
            static_cast<std::size_t>(parse_whole_number("sample", *sample, kMaxPagedResults));
    }
    if (std::optional<std::string> seed = params.take({"seed"})) {
        q.seed = parse_whole_number("seed", *seed, UINT64_MAX);
    }
    request.select = take_select(params);
    params.reject_unknown(kWorksParams);

    check_or_terms(q.filter, q.search);
    return request;
}

SourcesRequest parse_sources_request(QueryParams& params) {
    SourcesRequest request;
    search::EntityQuery& q = request.query;
    take_text_params(params, q);
    auto [page, per_page] = take_paging(params, false);
    q.page = page;
    q.per_page = per_page;
    request.select = take_select(params);
    params.reject_unknown(kSourcesParams);
    check_or_terms(q.filter, q.search);
    return request;
}

SingleRequest parse_single_request(QueryParams& params, bool allow_seed) {
    SingleRequest request;
    request.select = take_select(params);
    if (allow_seed) {
        if (std::optional<std::string> seed = params.take({"seed"})) {
            request.seed = parse_whole_number("seed", *seed, UINT64_MAX);
        }
        params.reject_unknown("select, seed");
    } else {
        params.reject_unknown("select");
    }
    return request;
}

std::string parse_autocomplete_request(QueryParams& params) {
    std::string q = params.take({"q"}).value_or("");
    params.reject_unknown("q");
    return q;
}

} // namespace peerscope::server
