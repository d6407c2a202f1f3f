#include "peerscope/schema/term_builder.hpp"

#include "peerscope/schema/prefixes.hpp"

namespace peerscope::schema {

std::string_view word_prefix(TextField field) noexcept {
    switch (field) {
    case TextField::Title:
        return prefix::kTitle;
    case TextField::Abstract:
        return prefix::kAbstract;
    case TextField::AuthorName:
        return prefix::kAuthorName;
    case TextField::EntityName:
        return prefix::kEntityName;
    }
    return {};
}

std::string_view stem_prefix(TextField field) noexcept {
    switch (field) {
    case TextField::Title:
        return prefix::kTitleStem;
    case TextField::Abstract:
        return prefix::kAbstractStem;
    case TextField::AuthorName:
    case TextField::EntityName:
        return {};
    }
    return {};
}

bool has_stems(TextField field) noexcept {
    return field == TextField::Title || field == TextField::Abstract;
}

TermBuilder::TermBuilder() : stemmer_("english") {}

const std::string& TermBuilder::stem(const std::string& word) {
    auto found = stem_cache_.find(word);
    if (found != stem_cache_.end()) {
        return found->second;
    }
    // The cache is bounded so a long-running searcher cannot grow without limit.
    if (stem_cache_.size() > 200'000) {
        stem_cache_.clear();
    }
    return stem_cache_.emplace(word, stemmer_(word)).first->second;
}

TokenTerms TermBuilder::terms_for(TextField field, const analyzers::Token& token) {
    TokenTerms terms;
    std::string_view word_pfx = word_prefix(field);
    terms.word.reserve(word_pfx.size() + token.term.size());
    terms.word.append(word_pfx).append(token.term);
    if (has_stems(field) && token.stemmable()) {
        const std::string& stemmed = stem(token.term);
        if (stemmed != token.term) {
            std::string_view stem_pfx = stem_prefix(field);
            terms.stem.reserve(stem_pfx.size() + stemmed.size());
            terms.stem.append(stem_pfx).append(stemmed);
        }
    }
    return terms;
}

std::uint32_t TermBuilder::index_text(Xapian::Document& doc,
                                      TextField field,
                                      std::string_view text,
                                      std::uint32_t first_position) {
    scratch_.clear();
    std::uint32_t next = analyzer_.analyze(text, scratch_, 0);
    index_tokens(doc, field, scratch_, first_position);
    return first_position + next;
}

void TermBuilder::index_tokens(Xapian::Document& doc,
                               TextField field,
                               const std::vector<analyzers::Token>& tokens,
                               std::uint32_t position_offset) {
    std::string_view word_pfx = word_prefix(field);
    std::string_view stem_pfx = stem_prefix(field);
    const bool stems = has_stems(field);
    std::string term;
    for (const analyzers::Token& token : tokens) {
        term.assign(word_pfx).append(token.term);
        doc.add_posting(term, token.position + position_offset);
        if (stems && token.stemmable()) {
            const std::string& stemmed = stem(token.term);
            if (stemmed != token.term) {
                term.assign(stem_pfx).append(stemmed);
                doc.add_term(term);
            }
        }
    }
}

} // namespace peerscope::schema
