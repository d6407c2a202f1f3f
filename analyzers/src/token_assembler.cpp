#include "token_assembler.hpp"

#include "peerscope/analyzers/analyzer.hpp"
#include "utf8.hpp"

#include <unicode/uchar.h>

namespace peerscope::analyzers::detail {
namespace {

[[nodiscard]] bool is_ascii_alnum(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// True when the folded @p term consists of letters only (no digits, dots, apostrophes, '@', '_').
[[nodiscard]] bool letters_only(std::string_view term) {
    for (std::size_t i = 0; i < term.size();) {
        const auto byte = static_cast<unsigned char>(term[i]);
        if (byte < 0x80) {
            if (byte < 'a' || byte > 'z') {
                return false;
            }
            ++i;
            continue;
        }
        std::size_t length = 0;
        const char32_t c = decode_utf8_at(term, i, length);
        if (u_hasBinaryProperty(static_cast<UChar32>(c), UCHAR_ALPHABETIC) == 0) {
            return false;
        }
        i += length;
    }
    return !term.empty();
}

// True when the character at @p at would continue a word after "C++" or "C#": then the symbols
// are not a suffix (e.g. "a#b", "C+++", "C#1"). A version number may follow "++" ("C++11").
[[nodiscard]] bool continues_word(std::string_view text, std::size_t at, bool digits_allowed) {
    const char c = text[at];
    if ((static_cast<unsigned char>(c) & 0x80U) == 0) {
        if (c >= '0' && c <= '9') {
            return !digits_allowed;
        }
        return is_ascii_alnum(c) || c == '_' || c == '@' || c == '+' || c == '#';
    }
    std::size_t length = 0;
    const auto code_point = static_cast<UChar32>(decode_utf8_at(text, at, length));
    if (u_isdigit(code_point) != 0) {
        return !digits_allowed;
    }
    return u_hasBinaryProperty(code_point, UCHAR_ALPHABETIC) != 0;
}

[[nodiscard]] bool is_joinable(TokenKind kind) noexcept {
    return kind == TokenKind::Word || kind == TokenKind::Number;
}

} // namespace

void TokenAssembler::reset(std::string_view text,
                           std::vector<Token>& out,
                           std::uint32_t first_position) {
    text_ = text;
    out_ = &out;
    position_ = first_position;
    chain_parts_ = 0;
    chain_has_letters_ = false;
}

std::string_view TokenAssembler::symbolic_suffix(std::uint32_t end) const {
    std::size_t length = 0;
    if (end < text_.size() && text_[end] == '#') {
        length = 1;
    } else if (end + 1 < text_.size() && text_[end] == '+' && text_[end + 1] == '+') {
        length = 2;
    } else {
        return {};
    }
    if (end + length < text_.size() && continues_word(text_, end + length, length == 2)) {
        return {};
    }
    return text_.substr(end, length);
}

bool TokenAssembler::hyphen_between(std::uint32_t end, std::uint32_t begin) const noexcept {
    const std::string_view gap = text_.substr(end, begin - end);
    // hyphen-minus, U+2010 HYPHEN, U+2011 NON-BREAKING HYPHEN; not dashes.
    return gap == "-" || gap == "\u2010" || gap == "\u2011";
}

void TokenAssembler::add(std::uint32_t begin,
                         std::uint32_t end,
                         std::string& term,
                         TokenKind kind) {
    std::vector<Token>& out = *out_;
    if (kind == TokenKind::Word && term.size() > 2 && term.ends_with("'s")) {
        term.resize(term.size() - 2); // possessive: "schölkopf's" -> "scholkopf"
    }
    if (term.empty()) {
        return;
    }
    if (kind == TokenKind::Word) {
        const std::string_view suffix = symbolic_suffix(end);
        if (!suffix.empty() && letters_only(term)) {
            term.append(suffix);
            end += static_cast<std::uint32_t>(suffix.size());
            kind = TokenKind::Symbolic;
        }
    }
    if (term.size() > kMaxTermBytes) {
        flush_chain();
        ++position_; // dropped, but phrases must not match across it
        return;
    }
    const bool joinable = is_joinable(kind);
    const bool extends_chain =
        joinable && chain_parts_ > 0 && hyphen_between(out[out.size() - 1].end, begin);
    if (extends_chain) {
        ++chain_parts_;
    } else {
        flush_chain();
        if (joinable) {
            chain_first_ = out.size();
            chain_parts_ = 1;
        }
    }
    chain_has_letters_ = chain_has_letters_ || kind == TokenKind::Word;
    out.push_back(Token{term, position_++, begin, end, kind, false});
}

void TokenAssembler::flush_chain() {
    std::vector<Token>& out = *out_;
    if (chain_parts_ >= 2 && chain_has_letters_) {
        joined_.clear();
        for (std::size_t i = chain_first_; i < chain_first_ + chain_parts_; ++i) {
            joined_.append(out[i].term);
        }
        if (joined_.size() <= kMaxTermBytes) {
            const Token& first = out[chain_first_];
            const std::uint32_t end = out[chain_first_ + chain_parts_ - 1].end;
            out.push_back(Token{joined_, first.position, first.begin, end, TokenKind::Word, true});
        }
    }
    chain_parts_ = 0;
    chain_has_letters_ = false;
}

std::uint32_t TokenAssembler::finish() {
    flush_chain();
    return position_;
}

} // namespace peerscope::analyzers::detail
