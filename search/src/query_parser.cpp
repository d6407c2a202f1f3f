#include "query_parser.hpp"

#include "peerscope/search/error.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <optional>

namespace peerscope::search {
namespace {

// Lucene's English stopword list (33 words), as the speed and relevance peers use.
constexpr std::array<std::string_view, 33> kStopwords = {
    "a",   "an",    "and",  "are",   "as",    "at",   "be",   "but", "by",  "for",  "if",
    "in",  "into",  "is",   "it",    "no",    "not",  "of",   "on",  "or",  "such", "that",
    "the", "their", "then", "there", "these", "they", "this", "to",  "was", "will", "with"};

enum class TokKind { Word, Phrase, LParen, RParen, And, Or, Not, Minus, Plus, Field, End };

struct Tok {
    TokKind kind = TokKind::End;
    std::string text;
};

struct SyntaxError {};

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::optional<QueryField> field_named(std::string_view name) {
    if (name == "title") {
        return QueryField::Title;
    }
    if (name == "abstract") {
        return QueryField::Abstract;
    }
    if (name == "author") {
        return QueryField::Author;
    }
    if (name == "venue" || name == "source") {
        return QueryField::Venue;
    }
    if (name == "topic") {
        return QueryField::Topic;
    }
    return std::nullopt;
}

/// Splits the query into tokens; throws SyntaxError for an unbalanced quote.
std::vector<Tok> lex(std::string_view s) {
    std::vector<Tok> toks;
    std::size_t i = 0;
    while (i < s.size()) {
        char c = s[i];
        if (is_space(c)) {
            ++i;
            continue;
        }
        if (c == '(') {
            toks.push_back({TokKind::LParen, "("});
            ++i;
            continue;
        }
        if (c == ')') {
            toks.push_back({TokKind::RParen, ")"});
            ++i;
            continue;
        }
        if (c == '"') {
            std::size_t end = s.find('"', i + 1);
            if (end == std::string_view::npos) {
                throw SyntaxError{};
            }
            toks.push_back({TokKind::Phrase, std::string(s.substr(i + 1, end - i - 1))});
            i = end + 1;
            continue;
        }
        bool at_word_start = toks.empty() || i == 0 || is_space(s[i - 1]) || s[i - 1] == '(';
        if ((c == '-' || c == '+') && at_word_start && i + 1 < s.size() && !is_space(s[i + 1])) {
            toks.push_back({c == '-' ? TokKind::Minus : TokKind::Plus, std::string(1, c)});
            ++i;
            continue;
        }
        std::size_t start = i;
        while (i < s.size() && !is_space(s[i]) && s[i] != '(' && s[i] != ')' && s[i] != '"') {
            ++i;
        }
        std::string word(s.substr(start, i - start));
        std::size_t colon = word.find(':');
        if (colon != std::string::npos && colon > 0) {
            std::string name = word.substr(0, colon);
            std::string lower = name;
            std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char ch) {
                return static_cast<char>(std::tolower(ch));
            });
            if (field_named(lower) || lower == "year") {
                toks.push_back({TokKind::Field, lower});
                std::string rest = word.substr(colon + 1);
                if (!rest.empty()) {
                    toks.push_back({TokKind::Word, rest});
                }
                continue;
            }
        }
        if (word == "AND" || word == "&&") {
            toks.push_back({TokKind::And, word});
        } else if (word == "OR" || word == "||") {
            toks.push_back({TokKind::Or, word});
        } else if (word == "NOT") {
            toks.push_back({TokKind::Not, word});
        } else {
            toks.push_back({TokKind::Word, word});
        }
    }
    toks.push_back({TokKind::End, ""});
    return toks;
}

class Parser {
  public:
    Parser(std::vector<Tok> toks, analyzers::Analyzer& analyzer)
        : toks_(std::move(toks)), analyzer_(analyzer) {}

    QueryNode parse_all() {
        QueryNode node = or_expr(QueryField::Default);
        if (peek().kind != TokKind::End) {
            throw SyntaxError{};
        }
        return node;
    }
    std::size_t leaves() const { return leaves_; }

  private:
    const Tok& peek() const { return toks_[pos_]; }
    Tok take() { return toks_[pos_++]; }

    bool starts_operand() const {
        TokKind k = peek().kind;
        return k == TokKind::Word || k == TokKind::Phrase || k == TokKind::LParen
               || k == TokKind::Minus || k == TokKind::Plus || k == TokKind::Field
               || k == TokKind::Not;
    }

    QueryNode or_expr(QueryField field) {
        QueryNode first = seq(field);
        if (peek().kind != TokKind::Or) {
            return first;
        }
        QueryNode node;
        node.kind = QueryNode::Kind::Or;
        node.children.push_back(std::move(first));
        while (peek().kind == TokKind::Or) {
            take();
            if (!starts_operand()) {
                throw SyntaxError{};
            }
            node.children.push_back(seq(field));
        }
        return node;
    }

    // Juxtaposition: a loose group of AND-chains, with +required and -excluded members.
    QueryNode seq(QueryField field) {
        QueryNode group;
        group.kind = QueryNode::Kind::Loose;
        group.field = field;
        while (starts_operand()) {
            if (peek().kind == TokKind::Minus || peek().kind == TokKind::Not) {
                take();
                if (!starts_operand()) {
                    throw SyntaxError{};
                }
                group.excluded.push_back(primary(field));
                continue;
            }
            bool required = false;
            if (peek().kind == TokKind::Plus) {
                take();
                required = true;
            }
            QueryNode operand = and_chain(field);
            // Years and venue/topic restrictions narrow the group rather than widen it.
            bool restriction =
                operand.kind == QueryNode::Kind::Years || operand.kind == QueryNode::Kind::Entity;
            (required || restriction ? group.required : group.children)
                .push_back(std::move(operand));
        }
        if (group.children.empty() && group.required.empty() && group.excluded.empty()) {
            throw SyntaxError{};
        }
        if (group.children.empty() && group.required.empty()) {
            // Only exclusions: "everything except".
            return group;
        }
        if (group.excluded.empty() && group.required.empty() && group.children.size() == 1) {
            return std::move(group.children.front());
        }
        return group;
    }

    QueryNode and_chain(QueryField field) {
        QueryNode first = primary(field);
        if (peek().kind != TokKind::And) {
            return first;
        }
        QueryNode node;
        node.kind = QueryNode::Kind::And;
        node.children.push_back(std::move(first));
        while (peek().kind == TokKind::And) {
            take();
            if (peek().kind == TokKind::Not || peek().kind == TokKind::Minus) {
                take();
                node.excluded.push_back(primary(field));
                continue;
            }
            if (!starts_operand()) {
                throw SyntaxError{};
            }
            node.children.push_back(primary(field));
        }
        return node;
    }

    QueryNode primary(QueryField field) {
        Tok t = take();
        switch (t.kind) {
        case TokKind::LParen: {
            QueryNode inner = or_expr(field);
            if (take().kind != TokKind::RParen) {
                throw SyntaxError{};
            }
            return inner;
        }
        case TokKind::Phrase:
            return text_node(t.text, field, true);
        case TokKind::Word:
            return text_node(t.text, field, false);
        case TokKind::Field: {
            if (t.text == "year") {
                Tok value = take();
                if (value.kind != TokKind::Word) {
                    throw SyntaxError{};
                }
                return years(value.text);
            }
            QueryField inner = *field_named(t.text);
            if (inner == QueryField::Venue || inner == QueryField::Topic) {
                Tok value = take();
                if (value.kind != TokKind::Word && value.kind != TokKind::Phrase) {
                    throw SyntaxError{};
                }
                QueryNode node;
                node.kind = QueryNode::Kind::Entity;
                node.field = inner;
                node.text = value.text;
                ++leaves_;
                return node;
            }
            if (!starts_operand()) {
                throw SyntaxError{};
            }
            return primary(inner);
        }
        default:
            throw SyntaxError{};
        }
    }

    QueryNode years(const std::string& value) {
        auto parse_year = [](std::string_view s, int& out) {
            auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
            return ec == std::errc() && end == s.data() + s.size() && out > 0 && out < 10000;
        };
        QueryNode node;
        node.kind = QueryNode::Kind::Years;
        std::size_t dots = value.find("..");
        std::size_t dash = value.find('-');
        if (dots != std::string::npos) {
            std::string from = value.substr(0, dots);
            std::string to = value.substr(dots + 2);
            node.year_from = 1;
            node.year_to = 9999;
            if ((!from.empty() && !parse_year(from, node.year_from))
                || (!to.empty() && !parse_year(to, node.year_to))) {
                throw SyntaxError{};
            }
        } else if (dash != std::string::npos && dash > 0) {
            if (!parse_year(value.substr(0, dash), node.year_from)
                || !parse_year(value.substr(dash + 1), node.year_to)) {
                throw SyntaxError{};
            }
        } else {
            if (!parse_year(value, node.year_from)) {
                throw SyntaxError{};
            }
            node.year_to = node.year_from;
        }
        if (node.year_from > node.year_to) {
            std::swap(node.year_from, node.year_to);
        }
        return node;
    }

    QueryNode text_node(const std::string& text, QueryField field, bool phrase) {
        QueryNode node;
        node.field = field;
        bool wildcard = !phrase && text.size() > 1 && text.back() == '*';
        std::string body = wildcard ? text.substr(0, text.size() - 1) : text;
        std::vector<analyzers::Token> tokens = analyzer_.analyze(body);
        bool has_joined =
            std::any_of(tokens.begin(), tokens.end(), [](const auto& t) { return t.joined; });
        std::vector<const analyzers::Token*> words;
        for (const auto& token : tokens) {
            // In a phrase the parts are matched by position; outside one, a hyphenated word is
            // looked up by its joined form, which the indexer stores at the first part's position.
            if (phrase ? !token.joined : (has_joined ? token.joined : true)) {
                words.push_back(&token);
            }
        }
        if (words.empty()) {
            node.kind = QueryNode::Kind::Nothing;
            return node;
        }
        ++leaves_;
        if (leaves_ > kMaxQueryLeaves) {
            throw Error(Errc::InvalidParameter,
                        "search: the query has more than " + std::to_string(kMaxQueryLeaves)
                            + " terms; shorten it");
        }
        if (wildcard && words.size() == 1) {
            node.kind = QueryNode::Kind::Wildcard;
            node.prefix = words.front()->term;
            return node;
        }
        for (const auto* token : words) {
            node.words.push_back(token->term);
            node.stemmable.push_back(token->stemmable());
        }
        node.kind = node.words.size() == 1 ? QueryNode::Kind::Word : QueryNode::Kind::Phrase;
        return node;
    }

    std::vector<Tok> toks_;
    std::size_t pos_ = 0;
    analyzers::Analyzer& analyzer_;
    std::size_t leaves_ = 0;
};

/// Plain-text reading: every word, quotes and operators ignored.
QueryNode plain(std::string_view text, analyzers::Analyzer& analyzer, std::size_t& leaves) {
    std::string cleaned(text);
    for (char& c : cleaned) {
        if (c == '"' || c == '(' || c == ')') {
            c = ' ';
        }
    }
    std::vector<Tok> toks;
    std::size_t i = 0;
    while (i < cleaned.size()) {
        while (i < cleaned.size() && is_space(cleaned[i])) {
            ++i;
        }
        std::size_t start = i;
        while (i < cleaned.size() && !is_space(cleaned[i])) {
            ++i;
        }
        if (i > start) {
            toks.push_back({TokKind::Word, cleaned.substr(start, i - start)});
        }
    }
    toks.push_back({TokKind::End, ""});
    Parser parser(std::move(toks), analyzer);
    QueryNode node;
    try {
        node = parser.parse_all();
    } catch (const SyntaxError&) {
        node.kind = QueryNode::Kind::Nothing;
    }
    leaves = parser.leaves();
    return node;
}

bool single_stopword(const QueryNode& node) {
    return node.kind == QueryNode::Kind::Word && node.field == QueryField::Default
           && is_stopword(node.words.front());
}

/// Drops stopwords from loose groups (keeping them when nothing else is left), and Nothing nodes
/// from groups.
void tidy(QueryNode& node) {
    for (auto* list : {&node.children, &node.required, &node.excluded}) {
        for (auto& child : *list) {
            tidy(child);
        }
        list->erase(
            std::remove_if(list->begin(),
                           list->end(),
                           [](const QueryNode& n) { return n.kind == QueryNode::Kind::Nothing; }),
            list->end());
    }
    if (node.kind == QueryNode::Kind::Loose) {
        bool has_content = std::any_of(node.children.begin(),
                                       node.children.end(),
                                       [](const QueryNode& n) { return !single_stopword(n); })
                           || !node.required.empty();
        if (has_content) {
            node.children.erase(
                std::remove_if(node.children.begin(), node.children.end(), single_stopword),
                node.children.end());
        }
        if (node.children.empty() && node.required.empty() && node.excluded.empty()) {
            node.kind = QueryNode::Kind::Nothing;
        }
    }
    if ((node.kind == QueryNode::Kind::And || node.kind == QueryNode::Kind::Or)
        && node.children.empty()) {
        node.kind = QueryNode::Kind::Nothing;
    }
}

} // namespace

bool is_stopword(std::string_view folded_word) {
    return std::find(kStopwords.begin(), kStopwords.end(), folded_word) != kStopwords.end();
}

bool is_function_word(std::string_view folded_word) {
    // Sorted for binary search.
    static constexpr std::array<std::string_view, 112> kFunctionWords = {
        "about",   "above",  "after",   "again",   "against",    "all",     "also",    "although",
        "am",      "among",  "another", "any",     "been",       "before",  "being",   "below",
        "between", "both",   "can",     "could",   "did",        "do",      "does",    "doing",
        "down",    "during", "each",    "either",  "et",         "even",    "ever",    "every",
        "few",     "from",   "further", "had",     "has",        "have",    "having",  "he",
        "her",     "here",   "hers",    "herself", "him",        "himself", "his",     "how",
        "however", "i",      "its",     "itself",  "just",       "may",     "me",      "might",
        "more",    "most",   "much",    "must",    "my",         "neither", "nor",     "now",
        "off",     "once",   "only",    "other",   "others",     "our",     "ours",    "ourselves",
        "out",     "over",   "own",     "same",    "shall",      "she",     "should",  "since",
        "so",      "some",   "than",    "them",    "themselves", "those",   "through", "thus",
        "too",     "under",  "until",   "up",      "upon",       "us",      "very",    "via",
        "we",      "were",   "what",    "when",    "where",      "whether", "which",   "while",
        "who",     "whom",   "whose",   "why",     "would",      "yet",     "you",     "your"};
    static_assert(std::is_sorted(kFunctionWords.begin(), kFunctionWords.end()));
    return is_stopword(folded_word)
           || std::binary_search(kFunctionWords.begin(), kFunctionWords.end(), folded_word);
}

ParsedQuery parse_query(std::string_view text, analyzers::Analyzer& analyzer) {
    ParsedQuery parsed;
    try {
        Parser parser(lex(text), analyzer);
        parsed.root = parser.parse_all();
        parsed.leaf_count = parser.leaves();
    } catch (const SyntaxError&) {
        std::string why = std::count(text.begin(), text.end(), '"') % 2 != 0
                              ? "an unbalanced quote"
                              : (std::count(text.begin(), text.end(), '(')
                                         != std::count(text.begin(), text.end(), ')')
                                     ? "unbalanced parentheses"
                                     : "an operator or field with nothing after it");
        parsed.warnings.push_back("the query has " + why + "; it was read as plain text");
        parsed.root = plain(text, analyzer, parsed.leaf_count);
    }
    tidy(parsed.root);
    return parsed;
}

} // namespace peerscope::search
