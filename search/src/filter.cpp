#include "filter.hpp"

#include "peerscope/search/error.hpp"

#include <algorithm>
#include <charconv>

namespace peerscope::search {
namespace {

std::string join_keys(const std::vector<std::string>& keys) {
    std::string out;
    for (const auto& key : keys) {
        if (!out.empty()) {
            out += ", ";
        }
        out += key;
    }
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && s.front() == ' ') {
        s.remove_prefix(1);
    }
    while (!s.empty() && s.back() == ' ') {
        s.remove_suffix(1);
    }
    return s;
}

bool parse_long(std::string_view s, long& out) {
    s = trim(s);
    if (s.empty()) {
        return false;
    }
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && end == s.data() + s.size();
}

} // namespace

const std::vector<std::string>& work_filter_keys() {
    static const std::vector<std::string> keys = {
        "publication_year", "type", "primary_location.source.id", "authorships.author.id", "topics.id",
        "primary_topic.id", "title.search", "abstract.search", "default.search", "doi", "openalex_id",
        "openalex", "ids.openalex", "cited_by_count", "has_abstract", "cites", "language"};
    return keys;
}

std::vector<FilterClause> parse_filter(std::string_view filter, const std::vector<std::string>& valid_keys) {
    std::vector<FilterClause> clauses;
    std::size_t start = 0;
    while (start <= filter.size()) {
        std::size_t comma = filter.find(',', start);
        if (comma == std::string_view::npos) {
            comma = filter.size();
        }
        std::string_view clause = trim(filter.substr(start, comma - start));
        start = comma + 1;
        if (clause.empty()) {
            if (comma == filter.size()) {
                break;
            }
            continue;
        }
        std::size_t colon = clause.find(':');
        if (colon == std::string_view::npos) {
            throw Error(Errc::InvalidParameter,
                        "filter: '" + std::string(clause) + "' has no ':'; write key:value, e.g. publication_year:2020");
        }
        FilterClause parsed;
        parsed.key = std::string(trim(clause.substr(0, colon)));
        if (std::find(valid_keys.begin(), valid_keys.end(), parsed.key) == valid_keys.end()) {
            throw Error(Errc::InvalidParameter, "filter: '" + parsed.key
                                                    + "' is not a valid filter key; valid keys are: "
                                                    + join_keys(valid_keys));
        }
        std::string_view values = clause.substr(colon + 1);
        std::size_t vstart = 0;
        while (vstart <= values.size()) {
            std::size_t bar = values.find('|', vstart);
            if (bar == std::string_view::npos) {
                bar = values.size();
            }
            std::string_view value = trim(values.substr(vstart, bar - vstart));
            vstart = bar + 1;
            FilterValue v;
            if (!value.empty() && value.front() == '!') {
                v.negate = true;
                value.remove_prefix(1);
            }
            if (value.empty()) {
                throw Error(Errc::InvalidParameter, "filter: '" + parsed.key + "' has an empty value");
            }
            v.value = std::string(value);
            parsed.values.push_back(std::move(v));
            if (bar == values.size()) {
                break;
            }
        }
        clauses.push_back(std::move(parsed));
    }
    return clauses;
}

NumberRange parse_range(std::string_view key, std::string_view value, long min, long max) {
    NumberRange range{min, max};
    auto bad = [&]() {
        return Error(Errc::InvalidParameter, "filter: " + std::string(key) + ":" + std::string(value)
                                                 + " is not a number or range; use e.g. 2020, 2019-2022, >2020 or <2000");
    };
    if (value.empty()) {
        throw bad();
    }
    long n = 0;
    if (value.front() == '>' || value.front() == '<') {
        if (!parse_long(value.substr(1), n)) {
            throw bad();
        }
        if (value.front() == '>') {
            range.from = n + 1;
        } else {
            range.to = n - 1;
        }
        return range;
    }
    std::size_t dash = value.find('-', 1);
    if (dash != std::string_view::npos) {
        std::string_view a = value.substr(0, dash);
        std::string_view b = value.substr(dash + 1);
        if ((!a.empty() && !parse_long(a, range.from)) || (!b.empty() && !parse_long(b, range.to))) {
            throw bad();
        }
        return range;
    }
    if (!parse_long(value, n)) {
        throw bad();
    }
    range.from = n;
    range.to = n;
    return range;
}

} // namespace peerscope::search
