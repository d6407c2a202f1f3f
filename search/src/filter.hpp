/// @file OpenAlex filter syntax: "key:value,key:a|b,key:!value,publication_year:>2020".
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace peerscope::search {

/// One alternative of a filter clause.
struct FilterValue {
    bool negate = false;
    std::string value;
};

/// One clause: key and its alternatives (OR); negated alternatives are subtracted.
struct FilterClause {
    std::string key;
    std::vector<FilterValue> values;
};

/// Keys /v1/works accepts, for messages and validation.
[[nodiscard]] const std::vector<std::string>& work_filter_keys();

/// Splits a filter string into clauses: commas separate clauses (AND), each clause is split on its
/// FIRST ':' (values may be URLs), '|' separates alternatives, a leading '!' negates one.
/// Throws Error(InvalidParameter) naming the clause when a clause has no ':' or an empty value,
/// or when a key is not in @p valid_keys (the message lists them).
[[nodiscard]] std::vector<FilterClause> parse_filter(std::string_view filter,
                                                     const std::vector<std::string>& valid_keys);

/// A numeric range from "2020", "2019-2022", ">2020", "<2000" (inclusive bounds). Throws
/// Error(InvalidParameter) naming @p key and the value when malformed.
struct NumberRange {
    long from = 0;
    long to = 0;
};
[[nodiscard]] NumberRange parse_range(std::string_view key, std::string_view value, long min, long max);

} // namespace peerscope::search
