#include "highlight.hpp"

#include <vector>

namespace peerscope::search {

std::string html_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 16);
    for (char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string highlight_text(std::string_view text,
                           const std::set<std::string>& words,
                           const std::set<std::string>& stems,
                           schema::TermBuilder& terms,
                           std::size_t window_words) {
    std::vector<analyzers::Token> tokens = terms.analyzer().analyze(text);
    struct Span {
        std::uint32_t begin;
        std::uint32_t end;
        bool marked;
    };
    std::vector<Span> spans;
    for (const auto& t : tokens) {
        bool hit = words.count(t.term) != 0 || (t.stemmable() && stems.count(terms.stem(t.term)) != 0);
        if (t.joined) {
            // A joined form covers its parts; mark the whole hyphenated word when it matched.
            if (hit) {
                while (!spans.empty() && spans.back().begin >= t.begin) {
                    spans.pop_back();
                }
                spans.push_back({t.begin, t.end, true});
            }
            continue;
        }
        spans.push_back({t.begin, t.end, hit});
    }
    std::size_t first = 0;
    std::size_t last = spans.size();
    if (window_words != 0 && spans.size() > window_words) {
        std::size_t best = 0;
        std::size_t best_hits = 0;
        std::size_t hits = 0;
        for (std::size_t i = 0; i < spans.size(); ++i) {
            hits += spans[i].marked ? 1 : 0;
            if (i >= window_words) {
                hits -= spans[i - window_words].marked ? 1 : 0;
            }
            if (i + 1 >= window_words && hits > best_hits) {
                best_hits = hits;
                best = i + 1 - window_words;
            }
        }
        first = best;
        last = best + window_words;
    }
    std::string out;
    std::size_t from = first == 0 ? 0 : spans[first].begin;
    std::size_t to = last >= spans.size() ? text.size() : spans[last - 1].end;
    if (first != 0) {
        out += "\xE2\x80\xA6 ";
    }
    std::size_t at = from;
    for (std::size_t i = first; i < last && i < spans.size(); ++i) {
        const Span& s = spans[i];
        if (!s.marked) {
            continue;
        }
        out += html_escape(text.substr(at, s.begin - at));
        out += "<mark>";
        out += html_escape(text.substr(s.begin, s.end - s.begin));
        out += "</mark>";
        at = s.end;
    }
    out += html_escape(text.substr(at, to - at));
    if (last < spans.size()) {
        out += " \xE2\x80\xA6";
    }
    return out;
}

} // namespace peerscope::search
