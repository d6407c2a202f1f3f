#include "read_state.hpp"

#include <array>
#include <cctype>
#include <cstdio>
#include <utility>

namespace peerscope::indexer::detail {
namespace {

bool starts_with_ci(std::string_view text, std::string_view prefix) {
    if (text.size() < prefix.size()) {
        return false;
    }
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(text[i]))
            != std::tolower(static_cast<unsigned char>(prefix[i]))) {
            return false;
        }
    }
    return true;
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

} // namespace

ReadState::ReadState(std::string input_name, Format format, const ReadSink& sink)
    : name_(std::move(input_name)), format_(format), sink_(sink) {}

std::string ReadState::origin(std::size_t line) const {
    return name_ + ":" + std::to_string(line);
}

std::string ReadState::clean(std::string raw, analyzers::InvalidUtf8 mode) {
    std::size_t repaired = 0;
    std::string out = analyzers::clean_text(std::move(raw), mode, &repaired);
    repairs_ += repaired;
    return out;
}

bool ReadState::emit(WorkRecord&& record, std::string origin) {
    if (stopped_) {
        return false;
    }
    if (record.id.empty() && record.title.empty()) {
        return problem(std::move(origin), "record has neither an id nor a title");
    }
    if (repairs_ > 0 && sink_.on_repair) {
        sink_.on_repair(origin, repairs_);
    }
    repairs_ = 0;
    record.format = std::string(format_name(format_));
    record.origin = std::move(origin);
    if (sink_.on_record && !sink_.on_record(std::move(record))) {
        stopped_ = true;
    }
    return !stopped_;
}

bool ReadState::problem(std::string origin, std::string reason) {
    repairs_ = 0;
    if (stopped_) {
        return false;
    }
    if (sink_.on_problem && !sink_.on_problem(ReadProblem{std::move(origin), std::move(reason)})) {
        stopped_ = true;
    }
    return !stopped_;
}

std::string normalize_doi(std::string_view raw) {
    std::string_view doi = trim(raw);
    for (const std::string_view prefix : {std::string_view("https://doi.org/"),
                                          std::string_view("http://doi.org/"),
                                          std::string_view("https://dx.doi.org/"),
                                          std::string_view("http://dx.doi.org/"),
                                          std::string_view("doi.org/"),
                                          std::string_view("doi:")}) {
        if (starts_with_ci(doi, prefix)) {
            doi.remove_prefix(prefix.size());
            break;
        }
    }
    doi = trim(doi);
    if (doi.size() < 4 || doi.substr(0, 3) != "10." || doi.find('/') == std::string_view::npos) {
        return {};
    }
    return ascii_lower(doi);
}

std::string shorten_openalex_id(std::string_view raw) {
    for (const std::string_view prefix :
         {std::string_view("https://openalex.org/"), std::string_view("http://openalex.org/")}) {
        if (raw.substr(0, prefix.size()) == prefix) {
            return std::string(raw.substr(prefix.size()));
        }
    }
    return std::string(raw);
}

std::string bare_orcid(std::string_view raw) {
    const std::size_t slash = raw.rfind('/');
    return std::string(slash == std::string_view::npos ? raw : raw.substr(slash + 1));
}

std::string strip_arxiv_version(std::string_view id) {
    std::size_t end = id.size();
    std::size_t k = end;
    while (k > 0 && is_digit(id[k - 1])) {
        --k;
    }
    if (k < end && k > 0 && id[k - 1] == 'v') {
        end = k - 1;
    }
    return std::string(id.substr(0, end));
}

std::string arxiv_id_from(std::string_view text) {
    // cheap rejection first: most URLs and DOIs do not mention arXiv at all
    bool mentions = false;
    for (std::size_t k = 0; k + 5 <= text.size() && !mentions; ++k) {
        mentions = (text[k] == 'a' || text[k] == 'A') && starts_with_ci(text.substr(k), "arxiv");
    }
    if (!mentions) {
        return {};
    }
    const std::string lower = ascii_lower(text);
    std::size_t at = std::string_view::npos;
    std::size_t skip = 0;
    for (const std::string_view marker : {std::string_view("arxiv.org/abs/"),
                                          std::string_view("arxiv.org/pdf/"),
                                          std::string_view("10.48550/arxiv.")}) {
        at = lower.find(marker);
        if (at != std::string::npos) {
            skip = marker.size();
            break;
        }
    }
    if (at == std::string_view::npos) {
        return {};
    }
    std::string_view rest = text.substr(at + skip);
    std::size_t end = 0;
    while (end < rest.size() && rest[end] != '?' && rest[end] != '#' && rest[end] != ' ') {
        ++end;
    }
    rest = rest.substr(0, end);
    if (rest.size() > 4 && rest.substr(rest.size() - 4) == ".pdf") {
        rest.remove_suffix(4);
    }
    while (!rest.empty() && rest.back() == '/') {
        rest.remove_suffix(1);
    }
    // new style 2201.05596 or old style cs/0502074 (archive may contain a dot: math.GT/0309136)
    const bool new_style = rest.size() >= 9 && is_digit(rest[0]) && rest[4] == '.';
    const bool old_style = rest.find('/') != std::string_view::npos;
    if (!new_style && !old_style) {
        return {};
    }
    return strip_arxiv_version(rest);
}

int parse_year(std::string_view text) {
    text = trim(text);
    if (text.size() != 4) {
        return 0;
    }
    int year = 0;
    for (const char c : text) {
        if (!is_digit(c)) {
            return 0;
        }
        year = year * 10 + (c - '0');
    }
    return (year >= 1000 && year <= 2999) ? year : 0;
}

int month_number(std::string_view name) {
    static constexpr std::array<std::string_view, 12> kMonths = {"january",
                                                                 "february",
                                                                 "march",
                                                                 "april",
                                                                 "may",
                                                                 "june",
                                                                 "july",
                                                                 "august",
                                                                 "september",
                                                                 "october",
                                                                 "november",
                                                                 "december"};
    const std::string lower = ascii_lower(trim(name));
    if (lower.size() < 3) {
        return 0;
    }
    for (std::size_t m = 0; m < kMonths.size(); ++m) {
        if (lower == kMonths[m] || (lower.size() == 3 && kMonths[m].substr(0, 3) == lower)) {
            return static_cast<int>(m) + 1;
        }
    }
    return 0;
}

std::string make_date(int year, int month, int day) {
    if (year <= 0 || month < 1 || month > 12) {
        return {};
    }
    char buf[32];
    if (day >= 1 && day <= 31) {
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
    } else {
        std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
    }
    return buf;
}

std::string checked_date(std::string_view text) {
    text = trim(text);
    if (text.size() != 7 && text.size() != 10) {
        return {};
    }
    const auto number = [&](std::size_t pos, std::size_t len) {
        int n = 0;
        for (std::size_t k = pos; k < pos + len; ++k) {
            if (!is_digit(text[k])) {
                return -1;
            }
            n = n * 10 + (text[k] - '0');
        }
        return n;
    };
    const int year = parse_year(text.substr(0, 4));
    const int month = text[4] == '-' ? number(5, 2) : -1;
    const int day = text.size() == 10 ? (text[7] == '-' ? number(8, 2) : -1) : 1;
    if (year == 0 || month < 1 || month > 12 || day < 1 || day > 31) {
        return {};
    }
    return std::string(text);
}

std::string_view trim(std::string_view text) {
    const auto is_space = [](char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
    };
    while (!text.empty() && is_space(text.front())) {
        text.remove_prefix(1);
    }
    while (!text.empty() && is_space(text.back())) {
        text.remove_suffix(1);
    }
    return text;
}

std::string ascii_lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

std::string join_name(std::string_view given, std::string_view family) {
    given = trim(given);
    family = trim(family);
    std::string out(given);
    if (!given.empty() && !family.empty()) {
        out.push_back(' ');
    }
    out.append(family);
    return out;
}

} // namespace peerscope::indexer::detail
