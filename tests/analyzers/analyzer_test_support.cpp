#include "analyzer_test_support.hpp"

#include <nlohmann/json.hpp>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>

namespace peerscope::analyzers::testing {
namespace {

char kind_letter(TokenKind kind) {
    switch (kind) {
    case TokenKind::Word:
        return 'w';
    case TokenKind::Number:
        return 'n';
    case TokenKind::Ideograph:
        return 'i';
    case TokenKind::Symbolic:
        return 's';
    }
    return '?';
}

void add_paper(const nlohmann::json& paper, std::vector<std::string>& texts) {
    for (const char* field : {"title", "abstract"}) {
        const auto found = paper.find(field);
        if (found != paper.end() && found->is_string() && !found->get<std::string>().empty()) {
            texts.push_back(found->get<std::string>());
        }
    }
    const auto authors = paper.find("authors");
    if (authors == paper.end()) {
        return;
    }
    for (const nlohmann::json& author : *authors) {
        texts.push_back(author.value("given", "") + " " + author.value("family", ""));
    }
}

} // namespace

std::ostream& operator<<(std::ostream& out, const Case& row) {
    return out << '"' << row.text << "\" -> \"" << row.expected << '"';
}

std::string render(const std::vector<Token>& tokens) {
    std::string out;
    for (const Token& token : tokens) {
        out += out.empty() ? "" : " ";
        out += token.term + '/' + kind_letter(token.kind) + '@' + std::to_string(token.position);
        out += token.joined ? "*" : "";
    }
    return out;
}

std::string describe(const std::vector<Token>& tokens) {
    std::string out;
    for (const Token& token : tokens) {
        out += render({token});
        out += " [" + std::to_string(token.begin) + "," + std::to_string(token.end) + ")\n";
    }
    return out;
}

std::string terms(const std::vector<Token>& tokens) {
    std::string out;
    for (const Token& token : tokens) {
        out += out.empty() ? "" : " ";
        out += token.term;
    }
    return out;
}

bool has_non_ascii(std::string_view text) noexcept {
    return std::any_of(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0x80U) != 0;
    });
}

std::string read_gzip(const std::filesystem::path& path) {
    const std::unique_ptr<gzFile_s, int (*)(gzFile)> file(gzopen(path.c_str(), "rb"), &gzclose);
    if (!file) {
        throw std::runtime_error("cannot open " + path.string());
    }
    std::string content;
    std::array<char, 1 << 16> buffer{};
    for (;;) {
        const int n = gzread(file.get(), buffer.data(), static_cast<unsigned>(buffer.size()));
        if (n < 0) {
            throw std::runtime_error("cannot decompress " + path.string());
        }
        if (n == 0) {
            return content;
        }
        content.append(buffer.data(), static_cast<std::size_t>(n));
    }
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw std::runtime_error("cannot open " + path.string());
    }
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
}

std::vector<std::string> mlanthology_texts(const std::filesystem::path& path) {
    const std::string content = read_gzip(path);
    std::vector<std::string> texts;
    if (path.string().ends_with(".jsonl.gz")) {
        std::istringstream lines(content);
        std::string line;
        while (std::getline(lines, line)) {
            if (!line.empty()) {
                add_paper(nlohmann::json::parse(line), texts);
            }
        }
    } else {
        const nlohmann::json file = nlohmann::json::parse(content);
        for (const nlohmann::json& paper : file.at("papers")) {
            add_paper(paper, texts);
        }
    }
    if (texts.empty()) {
        throw std::runtime_error("no papers in " + path.string());
    }
    return texts;
}

std::vector<std::string> smart_records(const std::filesystem::path& path) {
    const std::string content = read_file(path);
    std::vector<std::string> records;
    std::size_t start = 0;
    while (start < content.size()) {
        std::size_t next = content.find("\n.I ", start);
        next = next == std::string::npos ? content.size() : next + 1;
        records.push_back(content.substr(start, next - start));
        start = next;
    }
    if (records.size() < 2) {
        throw std::runtime_error("no SMART records in " + path.string());
    }
    return records;
}

} // namespace peerscope::analyzers::testing
