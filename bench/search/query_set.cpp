#include "query_set.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string_view>

namespace peerscope::bench {
namespace {

/// Lucene's English stopwords (the ones the search library drops from loose groups).
constexpr std::array<std::string_view, 33> kStopwords = {
    "a",   "an",    "and",  "are",   "as",    "at",   "be",   "but", "by",  "for",  "if",
    "in",  "into",  "is",   "it",    "no",    "not",  "of",   "on",  "or",  "such", "that",
    "the", "their", "then", "there", "these", "they", "this", "to",  "was", "will", "with"};

/// Attempts before a generator gives up on finding a title that fits a shape.
constexpr int kMaxDraws = 100000;

bool is_stopword(std::string_view word) {
    return std::find(kStopwords.begin(), kStopwords.end(), word) != kStopwords.end();
}

bool is_ascii_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/// A content word: not a stopword, at least 3 characters, not only digits.
bool is_content(std::string_view word) {
    return word.size() >= 3 && !is_stopword(word)
           && std::any_of(word.begin(), word.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

/// The title's whitespace-separated tokens, lower-cased with surrounding punctuation removed;
/// a token that is not plain ASCII letters and digits becomes "" (it breaks windows).
std::vector<std::string> title_tokens(const std::string& title) {
    std::vector<std::string> out;
    std::istringstream in(title);
    std::string raw;
    while (in >> raw) {
        std::size_t b = 0;
        std::size_t e = raw.size();
        while (b < e && !is_ascii_alnum(raw[b])) {
            ++b;
        }
        while (e > b && !is_ascii_alnum(raw[e - 1])) {
            --e;
        }
        std::string word = raw.substr(b, e - b);
        bool plain = !word.empty() && std::all_of(word.begin(), word.end(), is_ascii_alnum);
        if (plain) {
            std::transform(word.begin(), word.end(), word.begin(), [](unsigned char c) {
                return static_cast<char>(std::tolower(c));
            });
        }
        out.push_back(plain ? word : std::string());
    }
    return out;
}

std::string join(const std::vector<std::string>& words, std::size_t from, std::size_t count) {
    std::string out;
    for (std::size_t i = from; i < from + count; ++i) {
        out += (out.empty() ? "" : " ") + words[i];
    }
    return out;
}

/// Draws from one generator; uses only its raw 64-bit output so results do not depend on the
/// standard library's distribution algorithms.
class Draw final {
  public:
    explicit Draw(std::uint64_t seed) : rng_(seed) {}
    /// A number in [0, n).
    std::size_t below(std::size_t n) { return static_cast<std::size_t>(rng_() % n); }
    /// A number in [lo, hi].
    std::size_t between(std::size_t lo, std::size_t hi) { return lo + below(hi - lo + 1); }
    template <typename T> void shuffle(std::vector<T>& v) {
        for (std::size_t i = v.size(); i > 1; --i) {
            std::swap(v[i - 1], v[below(i)]);
        }
    }

  private:
    std::mt19937_64 rng_;
};

/// Draws titles and words from them.
class TitleSource final {
  public:
    TitleSource(const std::vector<ExportedWork>& works, Draw& draw) : works_(works), draw_(draw) {}

    /// k consecutive plain tokens of one title (at least @p min_content content words, not
    /// starting or ending with a stopword).
    std::string window(std::size_t k, std::size_t min_content) {
        for (int attempt = 0; attempt < kMaxDraws; ++attempt) {
            std::vector<std::string> tokens = title_tokens(pick().title);
            if (tokens.size() < k) {
                continue;
            }
            std::size_t start = draw_.below(tokens.size() - k + 1);
            bool ok = true;
            std::size_t content = 0;
            for (std::size_t i = start; i < start + k; ++i) {
                ok = ok && !tokens[i].empty();
                content += is_content(tokens[i]) ? 1 : 0;
            }
            if (ok && content >= min_content && !is_stopword(tokens[start])
                && !is_stopword(tokens[start + k - 1])) {
                return join(tokens, start, k);
            }
        }
        throw std::runtime_error("no title has " + std::to_string(k) + " plain words in a row");
    }

    /// @p n distinct content words of one title, in title order.
    std::vector<std::string> content_words(std::size_t n, std::size_t min_length = 3) {
        for (int attempt = 0; attempt < kMaxDraws; ++attempt) {
            std::vector<std::string> words;
            for (auto& t : title_tokens(pick().title)) {
                if (is_content(t) && t.size() >= min_length
                    && std::find(words.begin(), words.end(), t) == words.end()) {
                    words.push_back(std::move(t));
                }
            }
            if (words.size() < n) {
                continue;
            }
            std::size_t start = draw_.below(words.size() - n + 1);
            return {words.begin() + static_cast<std::ptrdiff_t>(start),
                    words.begin() + static_cast<std::ptrdiff_t>(start + n)};
        }
        throw std::runtime_error("no title has " + std::to_string(n) + " content words");
    }

    /// A work that satisfies @p want.
    template <typename Pred> const ExportedWork& work_where(Pred want) {
        for (int attempt = 0; attempt < kMaxDraws; ++attempt) {
            const ExportedWork& w = pick();
            if (want(w)) {
                return w;
            }
        }
        throw std::runtime_error("no exported work has the wanted field");
    }

  private:
    const ExportedWork& pick() { return works_[draw_.below(works_.size())]; }

    const std::vector<ExportedWork>& works_;
    Draw& draw_;
};

/// A claim as plain words: no character that is query syntax in Peerscope or Lucene.
std::string plain_claim(const std::string& claim) {
    std::string out;
    bool word_start = true;
    for (char c : claim) {
        bool syntax = c == '"' || c == '(' || c == ')' || c == '*' || c == ':' || c == '['
                      || c == ']' || c == '{' || c == '}' || c == '\\' || c == '\t' || c == '\n';
        bool sign = word_start && (c == '-' || c == '+');
        out += syntax || sign ? ' ' : c;
        word_start = syntax || sign || c == ' ';
    }
    std::istringstream in(out);
    std::string word;
    std::string joined;
    while (in >> word) {
        if (word == "AND" || word == "OR" || word == "NOT" || word == "&&" || word == "||") {
            std::transform(word.begin(), word.end(), word.begin(), [](unsigned char c) {
                return static_cast<char>(std::tolower(c));
            });
        }
        joined += (joined.empty() ? "" : " ") + word;
    }
    return joined;
}

std::string one_field(std::string text) {
    std::replace_if(
        text.begin(), text.end(), [](char c) { return c == '\t' || c == '\n' || c == '\r'; }, ' ');
    return text;
}

std::vector<std::string> split(const std::string& line, char sep) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (true) {
        std::size_t end = line.find(sep, start);
        out.push_back(
            line.substr(start, end == std::string::npos ? std::string::npos : end - start));
        if (end == std::string::npos) {
            return out;
        }
        start = end + 1;
    }
}

/// Calls fn(line, where) for every line of @p path except empty ones and '#' comments; `where`
/// is "path:line" for error messages. Throws std::runtime_error when the file cannot be read.
template <typename Fn> void for_each_line(const std::string& path, const std::string& what, Fn fn) {
    std::ifstream in(path);
    if (!in) {
        throw std::runtime_error("cannot open the " + what + " " + path);
    }
    std::string line;
    std::size_t line_no = 0;
    while (std::getline(in, line)) {
        ++line_no;
        if (!line.empty() && line.front() != '#') {
            fn(line, path + ":" + std::to_string(line_no));
        }
    }
}

} // namespace

std::vector<QueryCase> read_queries(const std::string& path) {
    std::vector<QueryCase> out;
    for_each_line(path, "query file", [&](const std::string& line, const std::string& where) {
        std::vector<std::string> fields = split(line, '\t');
        if (fields.size() != 3 || fields[0].empty() || (fields[1].empty() && fields[2].empty())) {
            throw std::runtime_error(where
                                     + ": expected shape<TAB>search<TAB>filter with a shape and "
                                       "a search or a filter");
        }
        out.push_back({fields[0], fields[1], fields[2]});
    });
    if (out.empty()) {
        throw std::runtime_error(path + ": no queries");
    }
    return out;
}

void write_queries(const std::string& path,
                   const std::vector<QueryCase>& queries,
                   const std::string& header) {
    std::ofstream out(path);
    if (!out) {
        throw std::runtime_error("cannot write " + path);
    }
    out << "# " << header << "\n# shape\tsearch\tfilter\n";
    for (const auto& q : queries) {
        out << q.shape << '\t' << one_field(q.search) << '\t' << one_field(q.filter) << '\n';
    }
    if (!out.flush()) {
        throw std::runtime_error("cannot write " + path);
    }
}

std::vector<ExportedWork> read_export(const std::string& path) {
    std::vector<ExportedWork> out;
    for_each_line(path, "export", [&](const std::string& line, const std::string& where) {
        std::vector<std::string> f = split(line, '\t');
        if (f.size() != 6) {
            throw std::runtime_error(where + ": expected 6 fields, got "
                                     + std::to_string(f.size()));
        }
        ExportedWork w;
        w.id = f[0];
        w.title = f[1];
        w.abstract = f[2];
        w.year = f[3].empty() ? 0 : std::stoi(f[3]);
        w.venue = f[4];
        if (!f[5].empty()) {
            w.topics = split(f[5], ',');
        }
        out.push_back(std::move(w));
    });
    return out;
}

std::vector<QueryCase> generate_queries(const std::vector<std::string>& claims,
                                        const std::vector<ExportedWork>& works,
                                        std::uint64_t seed,
                                        const QueryMix& mix) {
    if (works.empty()) {
        throw std::runtime_error("the export holds no works to draw titles from");
    }
    Draw draw(seed);
    TitleSource titles(works, draw);
    std::vector<QueryCase> out;
    for (const auto& claim : claims) {
        std::string text = plain_claim(claim);
        if (!text.empty()) {
            out.push_back({"claim", text, ""});
        }
    }
    for (std::size_t i = 0; i < mix.words; ++i) {
        out.push_back({"words", titles.window(draw.between(2, 4), 1), ""});
    }
    for (std::size_t i = 0; i < mix.phrase; ++i) {
        out.push_back({"phrase", '"' + titles.window(draw.between(2, 4), 2) + '"', ""});
    }
    for (std::size_t i = 0; i < mix.and_; ++i) {
        auto w = titles.content_words(2);
        out.push_back({"and", w[0] + " AND " + w[1], ""});
    }
    for (std::size_t i = 0; i < mix.or_; ++i) {
        // Two statements: the order of the two draws must not be left to the compiler.
        std::string first = titles.content_words(1).front();
        std::string second = titles.content_words(1).front();
        out.push_back({"or", first + " OR " + second, ""});
    }
    for (std::size_t i = 0; i < mix.not_; ++i) {
        auto w = titles.content_words(2);
        std::string excluded = titles.content_words(1).front();
        while (excluded == w[0] || excluded == w[1]) {
            excluded = titles.content_words(1).front();
        }
        out.push_back({"not", w[0] + " " + w[1] + " NOT " + excluded, ""});
    }
    for (std::size_t i = 0; i < mix.year; ++i) {
        std::string text = titles.window(draw.between(2, 3), 1);
        int to = titles.work_where([](const ExportedWork& w) { return w.year > 0; }).year;
        int from = to - static_cast<int>(draw.between(0, 3));
        std::string range =
            from == to ? std::to_string(to) : std::to_string(from) + "-" + std::to_string(to);
        out.push_back({"year", text, "publication_year:" + range});
    }
    for (std::size_t i = 0; i < mix.venue; ++i) {
        std::string text = titles.window(draw.between(2, 3), 1);
        const std::string& venue =
            titles.work_where([](const ExportedWork& w) { return !w.venue.empty(); }).venue;
        out.push_back({"venue", text, "primary_location.source.id:" + venue});
    }
    for (std::size_t i = 0; i < mix.wildcard; ++i) {
        auto w = titles.content_words(2, 6);
        std::size_t cut = draw.between(4, 5);
        out.push_back({"wildcard", w[0].substr(0, cut) + "* " + w[1], ""});
    }
    // Shapes interleaved, so any stretch of the list (a timed HTTP run that does not get
    // through it all) has the same mix.
    draw.shuffle(out);
    return out;
}

std::vector<std::string> read_beir_queries(const std::string& path) {
    std::vector<std::string> out;
    for_each_line(path, "queries", [&](const std::string& line, const std::string& where) {
        try {
            out.push_back(nlohmann::json::parse(line).at("text").get<std::string>());
        } catch (const nlohmann::json::exception& e) {
            throw std::runtime_error(where + ": " + e.what());
        }
    });
    return out;
}

std::string url_encode(const std::string& text) {
    static constexpr std::string_view kHex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if (is_ascii_alnum(static_cast<char>(c)) || c == '-' || c == '.' || c == '_' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4U];
            out += kHex[c & 0xFU];
        }
    }
    return out;
}

} // namespace peerscope::bench
