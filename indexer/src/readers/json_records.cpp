#include "json_records.hpp"

#include "input_stream.hpp"
#include "peerscope/analyzers/cleaner.hpp"

#include <algorithm>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

namespace peerscope::indexer::detail {
namespace {

/// nlohmann's messages start with "[json.exception.parse_error.101] "; keep what follows.
std::string json_message(const Json::exception& e) {
    std::string_view what = e.what();
    if (!what.empty() && what.front() == '[') {
        const std::size_t end = what.find("] ");
        if (end != std::string_view::npos) {
            what.remove_prefix(end + 2);
        }
    }
    return std::string(what);
}

bool is_json_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/// Converts one parsed record and emits it, turning conversion failures into problems.
void convert_and_emit(Json& record,
                      const Json* envelope,
                      const std::string& origin,
                      ReadState& state,
                      const JsonConverter& convert) {
    try {
        if (!record.is_object()) {
            throw RecordError(std::string("expected a JSON object, found ") + record.type_name());
        }
        WorkRecord work = convert(record, envelope);
        state.emit(std::move(work), origin);
    } catch (const RecordError& e) {
        state.problem(origin, e.what());
    } catch (const Json::exception& e) {
        state.problem(origin, "unexpected JSON content: " + json_message(e));
    }
}

/// Walks the structure of JSON text without building values, to find where each record starts
/// and ends (and on which line), so that each can be parsed on its own.
class JsonScanner {
  public:
    explicit JsonScanner(std::string_view text) : text_(text) {}

    [[nodiscard]] std::size_t size() const { return text_.size(); }
    [[nodiscard]] char at(std::size_t p) const { return p < text_.size() ? text_[p] : '\0'; }

    std::size_t skip_space(std::size_t p) const {
        while (p < text_.size() && is_json_space(text_[p])) {
            ++p;
        }
        return p;
    }

    /// 1-based line of byte @p p; positions must not decrease between calls.
    std::size_t line_at(std::size_t p) {
        p = std::min(p, text_.size());
        if (p < line_pos_) {
            line_pos_ = 0;
            line_ = 1;
        }
        line_ += static_cast<std::size_t>(
            std::count(text_.begin() + static_cast<std::ptrdiff_t>(line_pos_),
                       text_.begin() + static_cast<std::ptrdiff_t>(p),
                       '\n'));
        line_pos_ = p;
        return line_;
    }

    /// End of the string starting at @p p (a '"'), or npos with error_ set.
    std::size_t skip_string(std::size_t p) {
        const std::size_t start = p;
        ++p;
        while (p < text_.size()) {
            const char c = text_[p];
            if (c == '\\') {
                p += 2;
            } else if (c == '"') {
                return p + 1;
            } else {
                ++p;
            }
        }
        error_ = "unterminated string starting at line " + std::to_string(line_at(start));
        return std::string_view::npos;
    }

    /// End of the value starting at @p p, or npos with error_ set.
    std::size_t skip_value(std::size_t p) {
        const char c = at(p);
        if (c == '"') {
            return skip_string(p);
        }
        if (c == '{' || c == '[') {
            std::vector<char> closers;
            const std::size_t start = p;
            while (p < text_.size()) {
                const char d = text_[p];
                if (d == '"') {
                    p = skip_string(p);
                    if (p == std::string_view::npos) {
                        return p;
                    }
                    continue;
                }
                if (d == '{') {
                    closers.push_back('}');
                } else if (d == '[') {
                    closers.push_back(']');
                } else if (d == '}' || d == ']') {
                    if (closers.empty() || closers.back() != d) {
                        error_ = std::string("unexpected '") + d + "' at line "
                                 + std::to_string(line_at(p));
                        return std::string_view::npos;
                    }
                    closers.pop_back();
                    if (closers.empty()) {
                        return p + 1;
                    }
                }
                ++p;
            }
            error_ = std::string("unexpected end of input: the ") + (c == '{' ? "object" : "array")
                     + " starting at line " + std::to_string(line_at(start)) + " is not closed";
            return std::string_view::npos;
        }
        const std::size_t start = p;
        while (p < text_.size() && !is_json_space(text_[p]) && text_[p] != ',' && text_[p] != ']'
               && text_[p] != '}') {
            ++p;
        }
        if (p == start) {
            error_ = p < text_.size() ? std::string("unexpected '") + text_[p] + "' at line "
                                            + std::to_string(line_at(p))
                                      : std::string("unexpected end of input");
            return std::string_view::npos;
        }
        return p;
    }

    [[nodiscard]] const std::string& error() const { return error_; }
    void set_error(std::string message) { error_ = std::move(message); }

  private:
    std::string_view text_;
    std::size_t line_pos_ = 0;
    std::size_t line_ = 1;
    std::string error_;
};

/// Reads records from one whole JSON text holding one or more documents.
class DocumentReader {
  public:
    DocumentReader(std::string_view text,
                   ReadState& state,
                   std::span<const std::string_view> container_keys,
                   const JsonConverter& convert)
        : text_(text), scan_(text), state_(state), keys_(container_keys), convert_(convert) {}

    void run() {
        std::size_t p = scan_.skip_space(0);
        while (p < scan_.size() && !state_.stopped()) {
            const char c = scan_.at(p);
            bool ok = false;
            if (c == '[') {
                ok = read_array(p, nullptr, p);
            } else if (c == '{') {
                ok = read_object(p, p);
            } else {
                scan_.set_error(std::string("expected a JSON object or array, found '") + c + "'");
            }
            if (!ok) {
                state_.problem(state_.origin(scan_.line_at(p)), "malformed JSON: " + scan_.error());
                return;
            }
            p = scan_.skip_space(p);
        }
    }

  private:
    std::string_view text_;
    JsonScanner scan_;
    ReadState& state_;
    std::span<const std::string_view> keys_;
    const JsonConverter& convert_;

    void parse_and_emit(std::size_t begin,
                        std::size_t end,
                        const Json* envelope,
                        const std::string& origin) {
        state_.begin_record();
        Json record;
        try {
            record = Json::parse(text_.data() + begin, text_.data() + end);
        } catch (const Json::parse_error& e) {
            state_.problem(origin, "malformed JSON: " + json_message(e));
            return;
        }
        convert_and_emit(record, envelope, origin, state_, convert_);
    }

    /// The array at @p p: each element is a record. @p next receives the end position.
    bool read_array(std::size_t p, const Json* envelope, std::size_t& next) {
        p = scan_.skip_space(p + 1);
        if (scan_.at(p) == ']') {
            next = p + 1;
            return true;
        }
        while (p < scan_.size()) {
            const std::size_t end = scan_.skip_value(p);
            if (end == std::string_view::npos) {
                scan_.set_error("the record starting at line " + std::to_string(scan_.line_at(p))
                                + " is incomplete (" + scan_.error() + ")");
                next = p;
                return false;
            }
            if (state_.stopped()) {
                return true;
            }
            parse_and_emit(p, end, envelope, state_.origin(scan_.line_at(p)));
            p = scan_.skip_space(end);
            if (scan_.at(p) == ',') {
                p = scan_.skip_space(p + 1);
            } else if (scan_.at(p) == ']') {
                next = p + 1;
                return true;
            } else {
                return fail_at(p, "',' or ']'", "an array", next);
            }
        }
        return fail_at(p, "',' or ']'", "an array", next);
    }

    /// Fails at @p p: "expected EXPECTED at line N", or the end of input inside @p container.
    bool fail_at(std::size_t p,
                 std::string_view expected,
                 std::string_view container,
                 std::size_t& next) {
        scan_.set_error(p < scan_.size()
                            ? "expected " + std::string(expected) + " at line "
                                  + std::to_string(scan_.line_at(p))
                            : "unexpected end of input inside " + std::string(container));
        next = p;
        return false;
    }

    /// The object at @p p: a record, or an envelope whose container array holds the records.
    bool read_object(std::size_t p, std::size_t& next) {
        const std::size_t start = p;
        if (has_container(start)) {
            return read_members(start, next);
        }
        const std::size_t end = scan_.skip_value(p);
        if (end == std::string_view::npos) {
            next = p;
            return false;
        }
        parse_and_emit(start, end, nullptr, state_.origin(scan_.line_at(start)));
        next = end;
        return true;
    }

    /// True when the object at @p begin has a top-level member named like a container (the
    /// scan stops there, so an envelope is not walked twice).
    bool has_container(std::size_t begin) {
        std::size_t p = scan_.skip_space(begin + 1);
        while (p < scan_.size() && scan_.at(p) == '"') {
            const std::size_t key_end = scan_.skip_string(p);
            if (key_end == std::string_view::npos) {
                return false;
            }
            const std::string_view key = text_.substr(p + 1, key_end - p - 2);
            p = scan_.skip_space(key_end);
            if (scan_.at(p) != ':') {
                return false;
            }
            p = scan_.skip_space(p + 1);
            if (scan_.at(p) == '[' && std::find(keys_.begin(), keys_.end(), key) != keys_.end()) {
                return true;
            }
            const std::size_t value_end = scan_.skip_value(p);
            if (value_end == std::string_view::npos) {
                return false;
            }
            p = scan_.skip_space(value_end);
            if (scan_.at(p) != ',') {
                return false;
            }
            p = scan_.skip_space(p + 1);
        }
        return false;
    }

    /// Walks the members of the envelope object at @p p; records come from its container array.
    bool read_members(std::size_t p, std::size_t& next) {
        Json envelope = Json::object();
        p = scan_.skip_space(p + 1);
        while (p < scan_.size()) {
            if (scan_.at(p) == '}') {
                next = p + 1;
                return true;
            }
            if (scan_.at(p) != '"') {
                return fail_at(p, "a member name", "an object", next);
            }
            const std::size_t key_end = scan_.skip_string(p);
            if (key_end == std::string_view::npos) {
                next = p;
                return false;
            }
            const std::string key(text_.substr(p + 1, key_end - p - 2));
            p = scan_.skip_space(key_end);
            if (scan_.at(p) != ':') {
                return fail_at(p, "':'", "an object", next);
            }
            p = scan_.skip_space(p + 1);
            if (scan_.at(p) == '[' && std::find(keys_.begin(), keys_.end(), key) != keys_.end()) {
                if (!read_array(p, &envelope, p)) {
                    next = p;
                    return false;
                }
            } else {
                const std::size_t value_end = scan_.skip_value(p);
                if (value_end == std::string_view::npos) {
                    next = p;
                    return false;
                }
                try {
                    envelope[key] = Json::parse(text_.data() + p, text_.data() + value_end);
                } catch (const Json::parse_error& e) {
                    scan_.set_error("member \"" + key + "\": " + json_message(e));
                    next = p;
                    return false;
                }
                p = value_end;
            }
            if (state_.stopped()) {
                next = scan_.size();
                return true;
            }
            p = scan_.skip_space(p);
            if (scan_.at(p) == ',') {
                p = scan_.skip_space(p + 1);
            } else if (scan_.at(p) != '}') {
                return fail_at(p, "',' or '}'", "an object", next);
            }
        }
        return fail_at(p, "',' or '}'", "an object", next);
    }
};

/// One line of JSON lines: a record, an array of records or an envelope with a container.
void read_json_line(std::string_view line,
                    const std::string& origin,
                    ReadState& state,
                    std::span<const std::string_view> container_keys,
                    const JsonConverter& convert) {
    Json value;
    try {
        value = Json::parse(line.begin(), line.end());
    } catch (const Json::parse_error& e) {
        state.problem(origin, "malformed JSON: " + json_message(e));
        return;
    }
    if (value.is_array()) {
        for (Json& record : value) {
            convert_and_emit(record, nullptr, origin, state, convert);
            state.begin_record();
            if (state.stopped()) {
                return;
            }
        }
        return;
    }
    if (value.is_object()) {
        for (const std::string_view key : container_keys) {
            const auto it = value.find(key);
            if (it != value.end() && it->is_array()) {
                Json records = std::move(*it);
                value.erase(it);
                for (Json& record : records) {
                    convert_and_emit(record, &value, origin, state, convert);
                    state.begin_record();
                    if (state.stopped()) {
                        return;
                    }
                }
                return;
            }
        }
    }
    convert_and_emit(value, nullptr, origin, state, convert);
}

/// JSON lines when the first line is a complete value on its own; otherwise documents.
bool looks_like_json_lines(std::string_view head) {
    std::size_t p = 0;
    while (p < head.size() && is_json_space(head[p])) {
        ++p;
    }
    if (p >= head.size() || head[p] != '{') {
        return head.substr(p, 1) != "[";
    }
    const std::size_t nl = head.find('\n', p);
    if (nl == std::string_view::npos) {
        return true; // one long first line (or a one-line file)
    }
    std::string_view first = head.substr(p, nl - p);
    while (!first.empty() && is_json_space(first.back())) {
        first.remove_suffix(1);
    }
    return first.size() > 1 && first.back() == '}';
}

std::string_view without_bom(std::string_view text) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") {
        text.remove_prefix(3);
    }
    return text;
}

} // namespace

void read_json_records(InputStream& in,
                       ReadState& state,
                       std::span<const std::string_view> container_keys,
                       const JsonConverter& convert) {
    if (!looks_like_json_lines(without_bom(in.head()))) {
        std::string text = in.read_rest();
        std::size_t repaired = 0;
        if (!analyzers::is_valid_utf8(text)) {
            text = analyzers::to_valid_utf8(text, analyzers::InvalidUtf8::Replace, &repaired);
        }
        // a repaired document reports its repairs once, at its first line
        state.begin_record();
        state.add_repairs(repaired);
        DocumentReader(without_bom(text), state, container_keys, convert).run();
        return;
    }
    std::string_view line;
    std::string repaired_line;
    while (!state.stopped() && in.next_line(line)) {
        if (in.line_number() == 1) {
            line = without_bom(line);
        }
        std::size_t p = 0;
        while (p < line.size() && is_json_space(line[p])) {
            ++p;
        }
        if (p == line.size()) {
            continue;
        }
        state.begin_record();
        if (!analyzers::is_valid_utf8(line)) {
            std::size_t repaired = 0;
            repaired_line =
                analyzers::to_valid_utf8(line, analyzers::InvalidUtf8::Replace, &repaired);
            state.add_repairs(repaired);
            line = repaired_line;
        }
        read_json_line(line, state.origin(in.line_number()), state, container_keys, convert);
    }
}

Json* member(Json& object, std::string_view key) {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) {
        return nullptr;
    }
    return &*it;
}

const Json* member(const Json& object, std::string_view key) {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) {
        return nullptr;
    }
    return &*it;
}

namespace {
[[noreturn]] void wrong_type(std::string_view key, const Json& value, std::string_view expected) {
    throw RecordError("field \"" + std::string(key) + "\" is " + value.type_name() + ", expected "
                      + std::string(expected));
}
} // namespace

std::string take_string(Json& object, std::string_view key) {
    Json* value = member(object, key);
    if (value == nullptr) {
        return {};
    }
    if (value->is_string()) {
        return std::move(value->get_ref<std::string&>());
    }
    if (value->is_number()) {
        return value->dump();
    }
    wrong_type(key, *value, "a string");
}

std::string copy_string(const Json& object, std::string_view key) {
    const Json* value = member(object, key);
    if (value == nullptr) {
        return {};
    }
    if (value->is_string()) {
        return value->get<std::string>();
    }
    return value->is_number() ? value->dump() : std::string();
}

std::optional<long> get_integer(const Json& object, std::string_view key) {
    const Json* value = member(object, key);
    if (value == nullptr) {
        return std::nullopt;
    }
    if (value->is_number_integer()) {
        return value->get<long>();
    }
    if (value->is_number_float()) {
        const double d = value->get<double>();
        if (d == static_cast<double>(static_cast<long>(d))) {
            return static_cast<long>(d);
        }
    }
    if (value->is_string()) {
        const std::string_view s = trim(value->get_ref<const std::string&>());
        if (s.empty()) {
            return std::nullopt;
        }
        long n = 0;
        bool digits = s.size() <= 18;
        for (const char c : s) {
            if (c < '0' || c > '9') {
                digits = false;
                break;
            }
            n = n * 10 + (c - '0');
        }
        if (digits) {
            return n;
        }
        throw RecordError("field \"" + std::string(key) + "\" is \"" + std::string(s)
                          + "\", expected a whole number");
    }
    wrong_type(key, *value, "a whole number");
}

Json* array_member(Json& object, std::string_view key) {
    Json* value = member(object, key);
    if (value != nullptr && !value->is_array()) {
        wrong_type(key, *value, "an array");
    }
    return value;
}

Json* object_member(Json& object, std::string_view key) {
    Json* value = member(object, key);
    if (value != nullptr && !value->is_object()) {
        wrong_type(key, *value, "an object");
    }
    return value;
}

void require_object(const Json& value, std::string_view what) {
    if (!value.is_object()) {
        throw RecordError(std::string(what) + " is " + value.type_name() + ", expected an object");
    }
}

} // namespace peerscope::indexer::detail
