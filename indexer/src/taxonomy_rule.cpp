#include "taxonomy_rule.hpp"

#include <charconv>
#include <utility>

namespace peerscope::indexer::taxonomy_detail {
namespace {

enum class LexKind : std::uint8_t { LParen, RParen, And, Or, Not, Word, Field, Exact, End };

struct Lexeme {
    LexKind kind = LexKind::End;
    std::size_t column = 0; ///< 1-based
    std::string text{};     ///< Word: the word or phrase; Field: the prefix as written
    bool quoted = false;
    RuleField field = RuleField::Any;
    std::uint32_t min_abstract = 0;
};

bool is_space(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}
bool ends_bare_word(char c) noexcept {
    return is_space(c) || c == '(' || c == ')' || c == '"';
}

std::string quote_for_message(const Lexeme& lexeme) {
    switch (lexeme.kind) {
    case LexKind::LParen:
        return "'('";
    case LexKind::RParen:
        return "')'";
    case LexKind::And:
        return "AND";
    case LexKind::Or:
        return "OR";
    case LexKind::Not:
        return "NOT";
    case LexKind::Word:
        return lexeme.quoted ? "\"" + lexeme.text + "\"" : "'" + lexeme.text + "'";
    case LexKind::Field:
        return "'" + lexeme.text + "'";
    case LexKind::Exact:
        return "'='";
    case LexKind::End:
        break;
    }
    return "the end of the rule";
}

/// Splits a rule into lexemes. Field prefixes (`title:`, `abstract:`, `abstract>=N:`) and the
/// exact marker `=` are separate lexemes that must touch what follows them.
class Lexer {
  public:
    explicit Lexer(std::string_view text) : text_(text) {}

    std::vector<Lexeme> run() {
        std::vector<Lexeme> out;
        while (true) {
            skip_space();
            if (at_ >= text_.size()) {
                break;
            }
            const char c = text_[at_];
            if (c == '(' || c == ')') {
                out.push_back(
                    {.kind = c == '(' ? LexKind::LParen : LexKind::RParen, .column = at_ + 1});
                ++at_;
            } else if (c == '"') {
                out.push_back(quoted());
            } else {
                bare(out);
            }
        }
        out.push_back({.kind = LexKind::End, .column = text_.size() + 1});
        return out;
    }

  private:
    void skip_space() {
        while (at_ < text_.size() && is_space(text_[at_])) {
            ++at_;
        }
    }

    Lexeme quoted() {
        const std::size_t open = at_;
        const std::size_t close = text_.find('"', open + 1);
        if (close == std::string_view::npos) {
            throw RuleSyntaxError(open + 1,
                                  "unbalanced quote: the '\"' at column " + std::to_string(open + 1)
                                      + " is never closed");
        }
        at_ = close + 1;
        Lexeme lexeme{.kind = LexKind::Word, .column = open + 1, .quoted = true};
        lexeme.text = std::string(text_.substr(open + 1, close - open - 1));
        return lexeme;
    }

    /// A prefix must be followed, without a space, by a word, a phrase or (for fields) a group.
    void require_attached(const Lexeme& prefix) const {
        if (at_ >= text_.size() || is_space(text_[at_]) || text_[at_] == ')') {
            throw RuleSyntaxError(
                prefix.column,
                "'" + prefix.text + "' must be followed directly by a word, a \"phrase\" or '('");
        }
    }

    void bare(std::vector<Lexeme>& out) {
        const std::size_t start = at_;
        while (at_ < text_.size() && !ends_bare_word(text_[at_]) && text_[at_] != ':') {
            ++at_;
        }
        std::string_view chunk = text_.substr(start, at_ - start);
        if (at_ < text_.size() && text_[at_] == ':') {
            ++at_;
            out.push_back(field_prefix(chunk, start));
            require_attached(out.back());
            return;
        }
        if (chunk == "AND" || chunk == "OR" || chunk == "NOT") {
            const LexKind kind =
                chunk == "AND" ? LexKind::And : (chunk == "OR" ? LexKind::Or : LexKind::Not);
            out.push_back({.kind = kind, .column = start + 1});
            return;
        }
        if (!chunk.empty() && chunk.front() == '=') {
            Lexeme exact{.kind = LexKind::Exact, .column = start + 1, .text = "="};
            at_ = start + 1;
            require_attached(exact);
            if (text_[at_] == '(') {
                throw RuleSyntaxError(start + 1,
                                      "'=' applies to one word or phrase, not to a group");
            }
            out.push_back(std::move(exact));
            return;
        }
        out.push_back({.kind = LexKind::Word, .column = start + 1, .text = std::string(chunk)});
    }

    static Lexeme field_prefix(std::string_view name, std::size_t start) {
        Lexeme lexeme{.kind = LexKind::Field, .column = start + 1};
        lexeme.text = std::string(name) + ":";
        if (name == "title") {
            lexeme.field = RuleField::Title;
            return lexeme;
        }
        if (name == "abstract") {
            lexeme.field = RuleField::Abstract;
            return lexeme;
        }
        constexpr std::string_view kAtLeast = "abstract>=";
        if (name.substr(0, kAtLeast.size()) == kAtLeast) {
            std::string_view digits = name.substr(kAtLeast.size());
            std::uint32_t count = 0;
            auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), count);
            if (ec != std::errc() || end != digits.data() + digits.size() || count < 1
                || count > 100) {
                throw RuleSyntaxError(start + 1,
                                      "'" + lexeme.text
                                          + "' needs a count from 1 to 100, as in 'abstract>=2:'");
            }
            lexeme.field = RuleField::Abstract;
            lexeme.min_abstract = count;
            return lexeme;
        }
        throw RuleSyntaxError(start + 1,
                              "unknown field '" + std::string(name)
                                  + ":' (expected title:, abstract: or abstract>=N:)");
    }

    std::string_view text_;
    std::size_t at_ = 0;
};

RuleExpr make_group(RuleExpr::Kind kind, std::vector<RuleExpr> items) {
    if (items.size() == 1) {
        return std::move(items.front());
    }
    RuleExpr group;
    group.kind = kind;
    for (RuleExpr& item : items) {
        if (item.kind == kind && item.min_abstract == 0) {
            for (RuleExpr& child : item.children) {
                group.children.push_back(std::move(child));
            }
        } else {
            group.children.push_back(std::move(item));
        }
    }
    return group;
}

/// Pushes a field restriction down to every term of a group.
void restrict_field(RuleExpr& expr, RuleField field, std::size_t column) {
    if (expr.kind != RuleExpr::Kind::Term) {
        for (RuleExpr& child : expr.children) {
            restrict_field(child, field, column);
        }
        return;
    }
    if (expr.field != RuleField::Any && expr.field != field) {
        throw RuleSyntaxError(column,
                              "conflicting fields: '" + expr.text
                                  + "' is restricted to another field inside this group");
    }
    expr.field = field;
}

class Parser {
  public:
    explicit Parser(std::vector<Lexeme> lexemes) : lexemes_(std::move(lexemes)) {}

    RuleExpr run() {
        if (peek().kind == LexKind::End) {
            throw RuleSyntaxError(1, "empty rule");
        }
        RuleExpr expr = parse_or();
        if (peek().kind == LexKind::RParen) {
            throw RuleSyntaxError(peek().column,
                                  "unbalanced parenthesis: the ')' at column "
                                      + std::to_string(peek().column) + " has no matching '('");
        }
        if (peek().kind != LexKind::End) {
            throw RuleSyntaxError(peek().column, "unexpected " + quote_for_message(peek()));
        }
        return expr;
    }

  private:
    [[nodiscard]] const Lexeme& peek() const { return lexemes_[at_]; }
    const Lexeme& next() { return lexemes_[at_++]; }

    [[nodiscard]] bool starts_operand() const {
        switch (peek().kind) {
        case LexKind::LParen:
        case LexKind::Not:
        case LexKind::Word:
        case LexKind::Field:
        case LexKind::Exact:
            return true;
        default:
            return false;
        }
    }

    void expect_operand(const Lexeme& op) const {
        if (!starts_operand()) {
            throw RuleSyntaxError(op.column,
                                  quote_for_message(op)
                                      + " needs a word, a \"phrase\" or '(' after it, not "
                                      + quote_for_message(peek()));
        }
    }

    RuleExpr parse_or() {
        std::vector<RuleExpr> items;
        items.push_back(parse_and());
        while (peek().kind == LexKind::Or) {
            const Lexeme& op = next();
            expect_operand(op);
            items.push_back(parse_and());
        }
        return make_group(RuleExpr::Kind::Or, std::move(items));
    }

    RuleExpr parse_and() {
        std::vector<RuleExpr> items;
        items.push_back(parse_unary());
        while (true) {
            if (peek().kind == LexKind::And) {
                const Lexeme& op = next();
                expect_operand(op);
            } else if (!starts_operand()) {
                break;
            }
            items.push_back(parse_unary());
        }
        return make_group(RuleExpr::Kind::And, std::move(items));
    }

    RuleExpr parse_unary() {
        const Lexeme& lexeme = next();
        switch (lexeme.kind) {
        case LexKind::Not: {
            expect_operand(lexeme);
            RuleExpr negation;
            negation.kind = RuleExpr::Kind::Not;
            negation.children.push_back(parse_unary());
            return negation;
        }
        case LexKind::Field: {
            if (peek().kind == LexKind::LParen) {
                RuleExpr group = parse_unary();
                restrict_field(group, lexeme.field, lexeme.column);
                if (lexeme.min_abstract > 0) {
                    if (!is_positive(group)) {
                        throw RuleSyntaxError(lexeme.column,
                                              "'" + lexeme.text
                                                  + "' needs a group that can match by itself, "
                                                    "not a negation");
                    }
                    if (group.min_abstract > 0) {
                        throw RuleSyntaxError(lexeme.column,
                                              "'" + lexeme.text + "' is given twice for one group");
                    }
                    group.min_abstract = lexeme.min_abstract;
                }
                return group;
            }
            RuleExpr term = parse_unary();
            if (term.kind != RuleExpr::Kind::Term) {
                throw RuleSyntaxError(lexeme.column,
                                      "'" + lexeme.text
                                          + "' must be followed by a word, a \"phrase\" or '('");
            }
            restrict_field(term, lexeme.field, lexeme.column);
            term.min_abstract = lexeme.min_abstract;
            return term;
        }
        case LexKind::Exact: {
            if (peek().kind != LexKind::Word) {
                throw RuleSyntaxError(lexeme.column,
                                      "'=' must be followed by a word or a \"phrase\"");
            }
            RuleExpr term = parse_unary();
            term.exact = true;
            return term;
        }
        case LexKind::Word: {
            if (lexeme.quoted && lexeme.text.find_first_not_of(" \t") == std::string::npos) {
                throw RuleSyntaxError(lexeme.column, "empty phrase \"\"");
            }
            RuleExpr term;
            term.text = lexeme.text;
            term.quoted = lexeme.quoted;
            return term;
        }
        case LexKind::LParen: {
            if (peek().kind == LexKind::RParen) {
                throw RuleSyntaxError(lexeme.column, "empty parentheses '()'");
            }
            RuleExpr inner = parse_or();
            if (peek().kind != LexKind::RParen) {
                throw RuleSyntaxError(lexeme.column,
                                      "unbalanced parenthesis: the '(' at column "
                                          + std::to_string(lexeme.column) + " is never closed");
            }
            ++at_;
            return inner;
        }
        case LexKind::RParen:
            throw RuleSyntaxError(lexeme.column,
                                  "unbalanced parenthesis: the ')' at column "
                                      + std::to_string(lexeme.column) + " has no matching '('");
        case LexKind::And:
        case LexKind::Or:
            throw RuleSyntaxError(lexeme.column,
                                  quote_for_message(lexeme) + " needs a term on both sides");
        case LexKind::End:
            break;
        }
        throw RuleSyntaxError(lexeme.column,
                              "the rule ends where a word, a \"phrase\" or '(' is expected");
    }

    std::vector<Lexeme> lexemes_;
    std::size_t at_ = 0;
};

} // namespace

bool is_positive(const RuleExpr& expr) noexcept {
    switch (expr.kind) {
    case RuleExpr::Kind::Term:
        return true;
    case RuleExpr::Kind::Not:
        return false;
    case RuleExpr::Kind::And:
        for (const RuleExpr& child : expr.children) {
            if (is_positive(child)) {
                return true;
            }
        }
        return false;
    case RuleExpr::Kind::Or:
        for (const RuleExpr& child : expr.children) {
            if (!is_positive(child)) {
                return false;
            }
        }
        return true;
    }
    return false;
}

RuleExpr parse_rule(std::string_view text) {
    RuleExpr expr = Parser(Lexer(text).run()).run();
    if (!is_positive(expr)) {
        throw RuleSyntaxError(1,
                              "the rule could match a work without any of its words: NOT must be "
                              "combined with AND and a positive word or phrase");
    }
    return expr;
}

} // namespace peerscope::indexer::taxonomy_detail
