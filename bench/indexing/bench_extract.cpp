/// @file bench-extract: turns ML Anthology files into the flat inputs the benchmark peers read.
///
///   bench-extract docs OUT.tsv FILE...     records -> id, title, abstract, year, venue (TSV)
///   bench-extract queries OUT.txt FILE...  BEIR/SciFact queries ({"text": ...} lines) -> one a
///   line
///
/// FILE may be gzip-compressed. ML Anthology `papers/*.json.gz` files hold one object with a
/// "papers" array; `*.jsonl*` files hold one record a line. TABs, CRs and LFs inside text become
/// spaces, so every output line is one record. Bench-only: reuses nothing from the project.

#include <nlohmann/json.hpp>
#include <zlib.h>

#include <array>
#include <cstdio>
#include <exception>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace peerscope::bench {
namespace {

using Json = nlohmann::json;

inline constexpr std::size_t kReadChunk = 1 << 16;

/// Closes a gzFile; used as the deleter of GzFile.
struct GzClose {
    void operator()(gzFile file) const noexcept { gzclose(file); }
};
using GzFile = std::unique_ptr<std::remove_pointer_t<gzFile>, GzClose>;

/// The whole (decompressed) content of a plain or gzip file.
[[nodiscard]] std::string read_file(const std::string& path) {
    const GzFile file(gzopen(path.c_str(), "rb"));
    if (!file) {
        throw std::runtime_error("cannot open " + path);
    }
    std::string content;
    std::array<char, kReadChunk> buffer{};
    while (true) {
        const int got = gzread(file.get(), buffer.data(), static_cast<unsigned>(buffer.size()));
        if (got < 0) {
            int code = 0;
            throw std::runtime_error(path + ": " + gzerror(file.get(), &code));
        }
        if (got == 0) {
            return content;
        }
        content.append(buffer.data(), static_cast<std::size_t>(got));
    }
}

/// A string field as text: strings as they are, numbers printed, anything else empty.
[[nodiscard]] std::string text_of(const Json& record, const char* key) {
    const auto it = record.find(key);
    if (it == record.end()) {
        return {};
    }
    if (it->is_string()) {
        return it->get<std::string>();
    }
    if (it->is_number()) {
        return it->dump();
    }
    return {};
}

/// @p text with TAB, CR and LF replaced by spaces, so it fits in one TSV field.
[[nodiscard]] std::string one_line(std::string text) {
    for (char& c : text) {
        if (c == '\t' || c == '\n' || c == '\r') {
            c = ' ';
        }
    }
    return text;
}

/// Counts what was written.
struct Tally {
    std::size_t records = 0;
    std::size_t with_abstract = 0;
};

void write_record(const Json& record,
                  const std::string& fallback_id,
                  std::ostream& out,
                  Tally& tally) {
    std::string id = text_of(record, "bibtex_key");
    if (id.empty()) {
        id = fallback_id;
    }
    const std::string abstract = one_line(text_of(record, "abstract"));
    out << one_line(id) << '\t' << one_line(text_of(record, "title")) << '\t' << abstract << '\t'
        << one_line(text_of(record, "year")) << '\t' << one_line(text_of(record, "venue")) << '\n';
    ++tally.records;
    if (!abstract.empty()) {
        ++tally.with_abstract;
    }
}

/// Calls @p each for every JSON object of a JSON-lines text (blank lines skipped).
template <typename Each>
void for_each_line(const std::string& path, const std::string& content, Each each) {
    std::istringstream lines(content);
    std::string line;
    std::size_t line_no = 0;
    while (std::getline(lines, line)) {
        ++line_no;
        if (line.find_first_not_of(" \t\r") == std::string::npos) {
            continue;
        }
        const std::string origin = path + ":" + std::to_string(line_no);
        Json record = Json::parse(line, nullptr, false);
        if (record.is_discarded() || !record.is_object()) {
            throw std::runtime_error(origin + ": not a JSON object");
        }
        each(record, origin);
    }
}

[[nodiscard]] bool is_json_lines(std::string_view path) {
    return path.find(".jsonl") != std::string_view::npos;
}

void extract_docs(const std::string& path, std::ostream& out, Tally& tally) {
    const std::string content = read_file(path);
    if (is_json_lines(path)) {
        for_each_line(path, content, [&](const Json& record, const std::string& origin) {
            write_record(record, origin, out, tally);
        });
        return;
    }
    const Json document = Json::parse(content, nullptr, false);
    if (document.is_discarded()) {
        throw std::runtime_error(path + ": not valid JSON");
    }
    const Json* papers = &document;
    if (document.is_object()) {
        const auto it = document.find("papers");
        if (it == document.end() || !it->is_array()) {
            throw std::runtime_error(path + ": expected an object with a \"papers\" array");
        }
        papers = &*it;
    }
    if (!papers->is_array()) {
        throw std::runtime_error(path + ": expected an array of records");
    }
    std::size_t index = 0;
    for (const Json& record : *papers) {
        write_record(record, path + "#" + std::to_string(index++), out, tally);
    }
}

void extract_queries(const std::string& path, std::ostream& out, Tally& tally) {
    for_each_line(path, read_file(path), [&](const Json& record, const std::string& origin) {
        const std::string text = one_line(text_of(record, "text"));
        if (text.empty()) {
            throw std::runtime_error(origin + ": query has no \"text\"");
        }
        out << text << '\n';
        ++tally.records;
    });
}

void print_usage(std::ostream& out) {
    out << "Usage: bench-extract docs OUT.tsv FILE...\n"
           "       bench-extract queries OUT.txt FILE...\n"
           "docs: ML Anthology records -> id, title, abstract, year, venue (TAB-separated)\n"
           "queries: JSON lines with a \"text\" field (BEIR queries) -> one query a line\n";
}

int run(const std::vector<std::string>& args) {
    if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
        print_usage(std::cout);
        return 0;
    }
    if (args.size() < 3 || (args[0] != "docs" && args[0] != "queries")) {
        print_usage(std::cerr);
        return 2;
    }
    const bool docs = args[0] == "docs";
    const std::string& out_path = args[1];
    const std::string tmp_path = out_path + ".tmp";
    Tally tally;
    {
        std::ofstream out(tmp_path, std::ios::binary | std::ios::trunc);
        if (!out) {
            throw std::runtime_error("cannot write " + tmp_path);
        }
        for (std::size_t i = 2; i < args.size(); ++i) {
            if (docs) {
                extract_docs(args[i], out, tally);
            } else {
                extract_queries(args[i], out, tally);
            }
        }
        out.close();
        if (!out) {
            throw std::runtime_error("error writing " + tmp_path);
        }
    }
    if (std::rename(tmp_path.c_str(), out_path.c_str()) != 0) {
        throw std::runtime_error("cannot rename " + tmp_path + " to " + out_path);
    }
    if (docs) {
        std::cout << "bench-extract: " << tally.records << " records (" << tally.with_abstract
                  << " with an abstract) from " << args.size() - 2 << " files -> " << out_path
                  << '\n';
    } else {
        std::cout << "bench-extract: " << tally.records << " queries -> " << out_path << '\n';
    }
    return 0;
}

} // namespace
} // namespace peerscope::bench

int main(int argc, char** argv) try {
    return peerscope::bench::run(std::vector<std::string>(argv + 1, argv + argc));
} catch (const std::exception& e) {
    std::cerr << "bench-extract: " << e.what() << '\n';
    return 1;
}
