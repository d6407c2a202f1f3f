#include "peerscope/indexer/reader.hpp"

#include "input_stream.hpp"
#include "peerscope/indexer/error.hpp"
#include "readers/read_state.hpp"
#include "readers/readers.hpp"

#include <algorithm>
#include <array>
#include <filesystem>
#include <set>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace peerscope::indexer {
namespace {

namespace fs = std::filesystem;

struct FormatName {
    Format format;
    std::string_view name;
};

constexpr std::array kFormatNames = std::to_array<FormatName>({
    {Format::OpenAlex, "openalex"},
    {Format::MlAnthology, "mlanthology"},
    {Format::Arxiv, "arxiv"},
    {Format::Beir, "beir"},
    {Format::Smart, "smart"},
    {Format::Aan, "aan"},
});

bool starts_with(std::string_view s, std::string_view prefix) {
    return s.substr(0, prefix.size()) == prefix;
}
bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

/// The file name, lower case, without a final ".gz".
std::string base_name(const std::string& path) {
    std::string name = detail::ascii_lower(fs::path(path).filename().string());
    if (ends_with(name, ".gz")) {
        name.resize(name.size() - 3);
    }
    return name;
}

std::string_view skip_space_and_bom(std::string_view text) {
    if (starts_with(text, "\xEF\xBB\xBF")) {
        text.remove_prefix(3);
    }
    while (!text.empty()
           && (text.front() == ' ' || text.front() == '\t' || text.front() == '\n'
               || text.front() == '\r')) {
        text.remove_prefix(1);
    }
    return text;
}

/// True when @p text has the JSON member name @p key ("key" followed by ':').
bool has_key(std::string_view text, std::string_view key) {
    const std::string quoted = "\"" + std::string(key) + "\"";
    std::size_t p = 0;
    while ((p = text.find(quoted, p)) != std::string_view::npos) {
        const bool escaped = p > 0 && text[p - 1] == '\\';
        std::size_t q = p + quoted.size();
        while (q < text.size() && (text[q] == ' ' || text[q] == '\t')) {
            ++q;
        }
        if (!escaped && q < text.size() && text[q] == ':') {
            return true;
        }
        p += quoted.size();
    }
    return false;
}

/// The part of a JSON head that describes the first record: the first line of JSON lines.
std::string_view first_record(std::string_view head) {
    const std::size_t nl = head.find('\n');
    if (nl == std::string_view::npos) {
        return head;
    }
    std::string_view line = head.substr(0, nl);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) {
        line.remove_suffix(1);
    }
    return (line.size() > 1 && line.front() == '{' && line.back() == '}') ? line : head;
}

std::optional<Format> detect_json(std::string_view head) {
    const std::string_view record = first_record(head);
    if (has_key(record, "bibtex_key")) {
        return Format::MlAnthology;
    }
    if (has_key(record, "authors_parsed")) {
        return Format::Arxiv;
    }
    if (has_key(record, "abstract_inverted_index") || has_key(record, "authorships")
        || record.find("\"https://openalex.org/W") != std::string_view::npos) {
        return Format::OpenAlex;
    }
    if (has_key(record, "_id")) {
        // a BEIR corpus line has a title; a BEIR query line ({"_id","text"}) is not a work
        return has_key(record, "title") ? std::optional(Format::Beir) : std::nullopt;
    }
    if (has_key(record, "categories")
        && (has_key(record, "submitter") || has_key(record, "versions")
            || has_key(record, "journal-ref"))) {
        return Format::Arxiv;
    }
    if (has_key(record, "papers") && has_key(record, "venue")) {
        return Format::MlAnthology;
    }
    return std::nullopt;
}

/// An OpenAlex entity that is not a work (author, source, topic, ...): never works.
bool is_openalex_non_work(std::string_view head) {
    const std::string_view text = skip_space_and_bom(head);
    if (!starts_with(text, "{")) {
        return false;
    }
    const std::size_t id = text.find("\"id\"");
    if (id == std::string_view::npos) {
        return false;
    }
    const std::size_t url = text.find("\"https://openalex.org/", id);
    if (url == std::string_view::npos || url - id > 16) {
        return false;
    }
    const char kind = text.size() > url + 22 ? text[url + 22] : '\0';
    return kind != 'W';
}

bool is_hidden(const fs::path& p) {
    const std::string name = p.filename().string();
    return !name.empty() && name.front() == '.';
}

/// Whether a file met while walking a folder is worth reading (see expand_inputs).
bool keep_in_folder(const fs::path& file) {
    const std::string path = file.string();
    if (is_hidden(file) || is_non_work_file(path)) {
        return false;
    }
    std::string head;
    try {
        detail::InputStream in(path, path);
        head = std::string(in.head(64 * 1024));
    } catch (const Error&) {
        return true; // unreadable: let read_input report it
    }
    if (skip_space_and_bom(head).empty()) {
        return false; // empty: nothing to read
    }
    if (detect_format(path, head)) {
        return true;
    }
    const std::string name = base_name(path);
    const bool json_name =
        ends_with(name, ".json") || ends_with(name, ".jsonl") || ends_with(name, ".ndjson");
    // JSON that is not recognisably something else stays, so its unknown format is reported
    return json_name && !is_openalex_non_work(head);
}

} // namespace

std::string_view format_name(Format format) {
    for (const FormatName& f : kFormatNames) {
        if (f.format == format) {
            return f.name;
        }
    }
    return "unknown";
}

std::optional<Format> parse_format(std::string_view name) {
    const std::string lower = detail::ascii_lower(name);
    for (const FormatName& f : kFormatNames) {
        if (f.name == lower) {
            return f.format;
        }
    }
    // the datasets' own names, as users say them
    if (lower == "dblp" || lower == "acl") {
        return Format::Aan;
    }
    if (lower == "cacm" || lower == "cranfield") {
        return Format::Smart;
    }
    if (lower == "scifact") {
        return Format::Beir;
    }
    return std::nullopt;
}

bool is_non_work_file(const std::string& path) {
    const std::string name = base_name(path);
    static constexpr std::array<std::string_view, 13> kPrefixes = {"readme",
                                                                   "license",
                                                                   "licence",
                                                                   "copying",
                                                                   "changelog",
                                                                   "queries",
                                                                   "qrels",
                                                                   "cranqrel",
                                                                   "citations",
                                                                   "query.",
                                                                   "cite.info",
                                                                   "common_words",
                                                                   "cran.qry"};
    static constexpr std::array<std::string_view, 8> kSuffixes = {
        ".md", ".orig", ".tsv", ".qry", ".rel", ".info", ".readme", ".rst"};
    return std::any_of(kPrefixes.begin(),
                       kPrefixes.end(),
                       [&](std::string_view p) { return starts_with(name, p); })
           || std::any_of(kSuffixes.begin(), kSuffixes.end(), [&](std::string_view s) {
                  return ends_with(name, s);
              });
}

std::optional<Format> detect_format(const std::string& path, std::string_view head) {
    if (!path.empty() && path != "-") {
        if (is_non_work_file(path)) {
            return std::nullopt;
        }
        const std::string name = base_name(path);
        if (name == "cacm.all" || starts_with(name, "cran.all")) {
            return Format::Smart;
        }
        if (starts_with(name, "acl-metadata")) {
            return Format::Aan;
        }
    }
    const std::string_view text = skip_space_and_bom(head);
    if (starts_with(text, ".I ")) {
        return Format::Smart;
    }
    if (starts_with(text, "id = {")) {
        return Format::Aan;
    }
    if (starts_with(text, "{") || starts_with(text, "[")) {
        return detect_json(text);
    }
    return std::nullopt;
}

std::vector<std::string> expand_inputs(const std::vector<std::string>& inputs) {
    std::vector<std::string> out;
    std::set<std::string> seen;
    const auto add = [&](const fs::path& file) {
        std::error_code ec;
        const fs::path canonical = fs::weakly_canonical(file, ec);
        if (seen.insert(ec ? file.string() : canonical.string()).second) {
            out.push_back(file.string());
        }
    };
    for (const std::string& input : inputs) {
        if (input == "-") {
            out.push_back(input);
            continue;
        }
        std::error_code ec;
        const fs::file_status status = fs::status(input, ec);
        if (ec || !fs::exists(status)) {
            throw Error(Errc::Io, "no such file or directory: " + input);
        }
        if (!fs::is_directory(status)) {
            add(input);
            continue;
        }
        std::vector<fs::path> files;
        fs::recursive_directory_iterator it(
            input, fs::directory_options::follow_directory_symlink, ec);
        if (ec) {
            throw Error(Errc::Io, "cannot read folder " + input + ": " + ec.message());
        }
        for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
            if (ec) {
                throw Error(Errc::Io, "cannot read folder " + input + ": " + ec.message());
            }
            const fs::directory_entry& entry = *it;
            if (is_hidden(entry.path())) {
                if (entry.is_directory(ec)) {
                    it.disable_recursion_pending();
                }
                continue;
            }
            if (entry.is_regular_file(ec)) {
                files.push_back(entry.path());
            }
        }
        std::sort(files.begin(), files.end());
        for (const fs::path& file : files) {
            if (keep_in_folder(file)) {
                add(file);
            }
        }
    }
    return out;
}

void read_input(const std::string& path, std::optional<Format> format, const ReadSink& sink) {
    read_input(path, format, sink, path == "-" ? std::string("stdin") : path);
}

void read_input(const std::string& path,
                std::optional<Format> format,
                const ReadSink& sink,
                const std::string& display_name) {
    detail::InputStream in(path, display_name);
    const std::string_view head = in.head();
    if (skip_space_and_bom(head).empty() && in.error().empty()) {
        return; // an empty input holds no records, whatever its format
    }
    if (!format) {
        format = detect_format(path, head);
        if (!format) {
            std::string why;
            if (is_non_work_file(path)) {
                why = "its name says it holds no works (queries, judgments, citations, notes)";
            } else if (!in.error().empty()) {
                why = in.error();
            } else {
                why = "it is none of the formats peerscope-index reads (openalex, mlanthology, "
                      "arxiv, beir, smart, aan)";
            }
            throw Error(Errc::UnknownFormat,
                        "cannot tell the format of " + display_name + ": " + why
                            + "; name the format to read it anyway");
        }
    }
    detail::ReadState state(display_name, *format, sink);
    switch (*format) {
    case Format::OpenAlex:
        detail::read_openalex(in, state);
        break;
    case Format::MlAnthology:
        detail::read_mlanthology(in, state);
        break;
    case Format::Arxiv:
        detail::read_arxiv(in, state);
        break;
    case Format::Beir:
        detail::read_beir(in, state);
        break;
    case Format::Smart:
        detail::read_smart(in, state);
        break;
    case Format::Aan:
        detail::read_aan(in, state);
        break;
    }
    if (!in.error().empty() && !state.stopped()) {
        state.problem(state.origin(std::max<std::size_t>(1, in.line_number())), in.error());
    }
}

} // namespace peerscope::indexer
