/// @file The JSON side shared by the JSON readers: finding records in JSON lines or in one
/// (pretty-printed) document, and typed field access that reports wrong types clearly.
#pragma once

#include "peerscope/indexer/work.hpp"
#include "read_state.hpp"

#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace peerscope::indexer::detail {

class InputStream;

using Json = nlohmann::json;

/// Turns one parsed record into a WorkRecord. @p envelope holds the members of the enclosing
/// document that precede its record array ({"venue","year"} of an ML Anthology file, the "meta" of
/// an OpenAlex list response), or is null. Throws RecordError (or a nlohmann exception) for a
/// record that cannot be read.
using JsonConverter = std::function<WorkRecord(Json& record, const Json* envelope)>;

/// Reads every record of a JSON input and hands it to @p convert, then to the sink. The input may
/// be JSON lines (one record, one array of records, or one envelope object per line) or one or
/// more documents spread over lines. In a document, the records are the elements of a top-level
/// array, or of the array under one of @p container_keys ("papers", "results"), or the document
/// itself. Each record is parsed separately, so a bad one is reported (FILE:LINE of its start)
/// and the others are still read. Invalid UTF-8 is replaced before parsing and counted as repairs.
void read_json_records(InputStream& in,
                       ReadState& state,
                       std::span<const std::string_view> container_keys,
                       const JsonConverter& convert);

/// The member @p key of @p object, or nullptr when it is absent or null.
[[nodiscard]] Json* member(Json& object, std::string_view key);
[[nodiscard]] const Json* member(const Json& object, std::string_view key);

/// The string under @p key moved out of @p object ("" when absent or null). Numbers are
/// accepted and printed; any other type throws RecordError naming the field.
[[nodiscard]] std::string take_string(Json& object, std::string_view key);

/// A copy of the string (or number) under @p key; "" for anything else. For optional context
/// such as an envelope's members, where a wrong type is not the record's fault.
[[nodiscard]] std::string copy_string(const Json& object, std::string_view key);

/// The integer under @p key (a JSON integer or a string of digits); nullopt when absent, null or
/// an empty string. Any other value throws RecordError naming the field.
[[nodiscard]] std::optional<long> get_integer(const Json& object, std::string_view key);

/// The array under @p key, or nullptr when absent or null; RecordError when not an array.
[[nodiscard]] Json* array_member(Json& object, std::string_view key);

/// The object under @p key, or nullptr when absent or null; RecordError when not an object.
[[nodiscard]] Json* object_member(Json& object, std::string_view key);

/// Throws RecordError unless @p value is an object; @p what names it ("authors[2]").
void require_object(const Json& value, std::string_view what);

} // namespace peerscope::indexer::detail
