#include "collections.hpp"

#include <nlohmann/json.hpp>
#include <zlib.h>

#include <array>
#include <cctype>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <type_traits>

namespace peerscope::bench::relevance {
namespace {

namespace fs = std::filesystem;

/// Closes a gzFile; the deleter of GzFile.
struct GzClose {
    void operator()(gzFile file) const noexcept { gzclose(file); }
};
using GzFile = std::unique_ptr<std::remove_pointer_t<gzFile>, GzClose>;

/// The whole (decompressed when gzip) content of @p path.
[[nodiscard]] std::string read_all(const fs::path& path) {
    constexpr std::size_t kChunk = 1 << 16;
    const GzFile file(gzopen(path.c_str(), "rb"));
    if (!file) {
        throw std::runtime_error("cannot open " + path.string());
    }
    std::string content;
    std::array<char, kChunk> buffer{};
    while (true) {
        const int got = gzread(file.get(), buffer.data(), static_cast<unsigned>(buffer.size()));
        if (got < 0) {
            int code = 0;
            throw std::runtime_error(path.string() + ": " + gzerror(file.get(), &code));
        }
        if (got == 0) {
            return content;
        }
        content.append(buffer.data(), static_cast<std::size_t>(got));
    }
}

[[nodiscard]] std::vector<std::string> lines_of(const std::string& content) {
    std::vector<std::string> lines;
    std::istringstream in(content);
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        lines.push_back(std::move(line));
    }
    return lines;
}

[[nodiscard]] bool is_space(char c) {
    return std::isspace(static_cast<unsigned char>(c)) != 0;
}

/// @p text with runs of white space (line breaks included) collapsed to one space, trimmed.
[[nodiscard]] std::string squeeze(std::string_view text) {
    std::string out;
    bool space = false;
    for (char c : text) {
        if (is_space(c)) {
            space = !out.empty();
            continue;
        }
        if (space) {
            out += ' ';
            space = false;
        }
        out += c;
    }
    return out;
}

[[nodiscard]] std::vector<std::string> split_ws(std::string_view line) {
    std::vector<std::string> out;
    std::istringstream in{std::string(line)};
    std::string field;
    while (in >> field) {
        out.push_back(field);
    }
    return out;
}

/// A number written with optional leading zeros ("01", "001") as its plain decimal form ("1").
[[nodiscard]] std::string plain_number(const std::string& text, const std::string& where) {
    if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos) {
        throw std::runtime_error(where + ": '" + text + "' is not a number");
    }
    const std::size_t first = text.find_first_not_of('0');
    return first == std::string::npos ? "0" : text.substr(first);
}

/// One record of a SMART file: its .I number and the text of each field (a repeated field is
/// appended, as Cranfield's documents 576 and 578 have two .W fields).
struct SmartRecord {
    std::string id;
    std::map<char, std::string> fields;
    std::size_t line = 0;
};

/// Reads a SMART file: ".I n" starts a record, a line that is only ".X" starts field X.
[[nodiscard]] std::vector<SmartRecord> read_smart(const fs::path& path) {
    std::vector<SmartRecord> records;
    char field = 0;
    std::size_t line_no = 0;
    for (const std::string& line : lines_of(read_all(path))) {
        ++line_no;
        const std::string where = path.string() + ":" + std::to_string(line_no);
        if (line.rfind(".I", 0) == 0 && (line.size() == 2 || is_space(line[2]))) {
            const std::vector<std::string> parts = split_ws(line);
            if (parts.size() != 2) {
                throw std::runtime_error(where + ": expected '.I <number>'");
            }
            records.push_back({plain_number(parts[1], where), {}, line_no});
            field = 0;
            continue;
        }
        if (line.size() >= 2 && line[0] == '.'
            && std::isupper(static_cast<unsigned char>(line[1])) != 0
            && squeeze(line.substr(2)).empty()) {
            if (records.empty()) {
                throw std::runtime_error(where + ": field before the first .I line");
            }
            field = line[1];
            records.back().fields[field] += ' ';
            continue;
        }
        if (field != 0) {
            records.back().fields[field] += line + '\n';
        }
    }
    return records;
}

[[nodiscard]] std::string field_of(const SmartRecord& record, char field) {
    const auto found = record.fields.find(field);
    return found == record.fields.end() ? std::string() : squeeze(found->second);
}

/// Documents (.T title, .W abstract) of a SMART collection.
[[nodiscard]] std::vector<Document> smart_documents(const fs::path& path) {
    std::vector<Document> docs;
    for (const SmartRecord& r : read_smart(path)) {
        docs.push_back({r.id, field_of(r, 'T'), field_of(r, 'W')});
    }
    return docs;
}

/// Queries (.W) of a SMART query file; records with no text are skipped (CACM ends with an
/// empty ".I 0"). @p by_position numbers them 1, 2, ... in file order (Cranfield).
[[nodiscard]] std::vector<Query> smart_queries(const fs::path& path, bool by_position) {
    std::vector<Query> queries;
    for (const SmartRecord& r : read_smart(path)) {
        std::string text = field_of(r, 'W');
        if (text.empty()) {
            continue;
        }
        std::string id = by_position ? std::to_string(queries.size() + 1) : r.id;
        queries.push_back({std::move(id), std::move(text)});
    }
    return queries;
}

/// Every query gets an entry, so queries the collection judged nothing for are counted.
void add_query_entries(Collection& c) {
    for (const Query& q : c.queries) {
        c.judgments[q.id];
    }
}

void check_known_query(const Collection& c, const std::string& query, const std::string& where) {
    if (c.judgments.find(query) == c.judgments.end()) {
        throw std::runtime_error(where + ": judgment for query " + query
                                 + ", which the query file does not have");
    }
}

/// Calls @p fn(fields, where) for every non-empty line of the judgments file @p path (after
/// @p skip header lines) that has @p count white-space separated fields; throws naming the file,
/// the line and @p shape for any other.
template <typename Fn>
void for_each_judgment(
    const fs::path& path, std::size_t skip, std::size_t count, const char* shape, Fn fn) {
    std::size_t line_no = 0;
    for (const std::string& line : lines_of(read_all(path))) {
        ++line_no;
        const std::vector<std::string> parts = split_ws(line);
        if (line_no <= skip || parts.empty()) {
            continue;
        }
        const std::string where = path.string() + ":" + std::to_string(line_no);
        if (parts.size() != count) {
            throw std::runtime_error(where + ": expected '" + shape + "'");
        }
        fn(parts, where);
    }
}

/// A SMART collection's documents and queries, judgments still empty.
Collection smart_collection(const fs::path& mirror,
                            std::string name,
                            std::string documents,
                            const std::string& queries,
                            bool queries_by_position) {
    Collection c;
    c.name = std::move(name);
    c.index_input = std::move(documents);
    c.documents = smart_documents(mirror / c.index_input);
    c.queries = smart_queries(mirror / queries, queries_by_position);
    add_query_entries(c);
    return c;
}

Collection load_cacm(const fs::path& mirror) {
    Collection c = smart_collection(mirror, "cacm", "cacm/cacm.all", "cacm/query.text", false);
    // qrels.text: "query doc 0 0" (query with leading zeros); every listed pair is relevant.
    for_each_judgment(mirror / "cacm/qrels.text",
                      0,
                      4,
                      "query doc 0 0",
                      [&](const auto& parts, const auto& where) {
                          const std::string query = plain_number(parts[0], where);
                          check_known_query(c, query, where);
                          c.judgments[query][plain_number(parts[1], where)] = 1.0;
                      });
    return c;
}

Collection load_cranfield(const fs::path& mirror) {
    Collection c = smart_collection(
        mirror, "cranfield", "cranfield/cran.all.1400", "cranfield/cran.qry", true);
    // cranqrel: "query doc grade", query numbered by position; grade 1 (complete answer) .. 4
    // (minimum interest), -1 = not relevant.
    for_each_judgment(mirror / "cranfield/cranqrel",
                      0,
                      3,
                      "query doc grade",
                      [&](const auto& parts, const auto& where) {
                          const std::string query = plain_number(parts[0], where);
                          check_known_query(c, query, where);
                          const std::string& grade = parts[2];
                          double gain = 0.0;
                          if (grade == "1" || grade == "2" || grade == "3" || grade == "4") {
                              constexpr int kGainOfGradeZero = 5;
                              gain = kGainOfGradeZero - std::stoi(grade);
                          } else if (grade != "-1") {
                              throw std::runtime_error(where + ": grade '" + grade
                                                       + "' is not 1..4 or -1");
                          }
                          c.judgments[query][plain_number(parts[1], where)] = gain;
                      });
    return c;
}

[[nodiscard]] std::string
json_text(const nlohmann::json& record, const char* key, const std::string& where) {
    const auto found = record.find(key);
    if (found == record.end() || !found->is_string()) {
        throw std::runtime_error(where + ": no string \"" + key + "\"");
    }
    return found->get<std::string>();
}

Collection load_scifact(const fs::path& mirror) {
    Collection c;
    c.name = "scifact";
    c.index_input = "scifact/corpus.jsonl.gz";
    const fs::path corpus = mirror / c.index_input;
    std::size_t line_no = 0;
    for (const std::string& line : lines_of(read_all(corpus))) {
        ++line_no;
        if (line.empty()) {
            continue;
        }
        const std::string where = corpus.string() + ":" + std::to_string(line_no);
        const nlohmann::json record = nlohmann::json::parse(line);
        c.documents.push_back({json_text(record, "_id", where),
                               squeeze(json_text(record, "title", where)),
                               squeeze(json_text(record, "text", where))});
    }
    const fs::path queries = mirror / "scifact/queries.train.jsonl";
    line_no = 0;
    for (const std::string& line : lines_of(read_all(queries))) {
        ++line_no;
        if (line.empty()) {
            continue;
        }
        const std::string where = queries.string() + ":" + std::to_string(line_no);
        const nlohmann::json record = nlohmann::json::parse(line);
        c.queries.push_back(
            {json_text(record, "_id", where), squeeze(json_text(record, "text", where))});
    }
    add_query_entries(c);
    // qrels/train.tsv: a header line, then "query<TAB>doc<TAB>score".
    for_each_judgment(mirror / "scifact/qrels/train.tsv",
                      1,
                      3,
                      "query<TAB>doc<TAB>score",
                      [&](const auto& parts, const auto& where) {
                          check_known_query(c, parts[0], where);
                          c.judgments[parts[0]][parts[1]] = std::stod(parts[2]);
                      });
    return c;
}

[[nodiscard]] bool is_field_name(std::string_view word) {
    std::string lower(word);
    for (char& ch : lower) {
        ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    }
    for (const char* name : {"title", "abstract", "author", "venue", "source", "topic", "year"}) {
        if (lower == name) {
            return true;
        }
    }
    return false;
}

/// One white-space separated word made plain (see plain_query_text).
[[nodiscard]] std::string plain_word(std::string word) {
    while (!word.empty() && (word.front() == '-' || word.front() == '+')) {
        word.erase(0, 1);
    }
    while (!word.empty() && word.back() == '*') {
        word.pop_back();
    }
    if (word == "AND" || word == "OR" || word == "NOT") {
        for (char& ch : word) {
            ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        }
    }
    if (word == "&&" || word == "||") {
        return {};
    }
    const std::size_t colon = word.find(':');
    if (colon != std::string::npos && colon > 0
        && is_field_name(std::string_view(word).substr(0, colon))) {
        word[colon] = ' ';
    }
    return word;
}

} // namespace

const std::vector<std::string>& collection_names() {
    static const std::vector<std::string> names = {"scifact", "cacm", "cranfield"};
    return names;
}

Collection load_collection(const std::string& name, const fs::path& mirror) {
    if (name == "scifact") {
        return load_scifact(mirror);
    }
    if (name == "cacm") {
        return load_cacm(mirror);
    }
    if (name == "cranfield") {
        return load_cranfield(mirror);
    }
    throw std::runtime_error("unknown collection '" + name + "' (scifact, cacm or cranfield)");
}

std::string plain_query_text(std::string_view text) {
    std::string spaced(text);
    for (char& c : spaced) {
        if (c == '"' || c == '(' || c == ')') {
            c = ' ';
        }
    }
    std::string words;
    for (const std::string& word : split_ws(spaced)) {
        words += plain_word(word);
        words += ' ';
    }
    return squeeze(words);
}

} // namespace peerscope::bench::relevance
