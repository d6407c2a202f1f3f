#include "ranking_terms.hpp"

#include "peerscope/schema/prefixes.hpp"
#include "peerscope/schema/terms.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <queue>

namespace peerscope::search {
namespace {

namespace prefix = schema::prefix;

using schema::term;

} // namespace

RankingTerms ranking_terms(QueryField field,
                           const std::string& word,
                           bool stemmable,
                           schema::TermBuilder& terms) {
    RankingTerms out;
    const bool title = field == QueryField::Default || field == QueryField::Title;
    const bool abstract = field == QueryField::Default || field == QueryField::Abstract;
    const std::string& stem = stemmable ? terms.stem(word) : word;
    const bool stemmed = stem != word;
    // Stem class of a field: tokens whose stem differs (stem term) plus tokens that are their own
    // stem (the word term spelled like the stem). Both, also when the query word is its own stem:
    // "model" must reach the works that only say "models" (indexed as models + Zmodel).
    auto stem_class = [&](std::string_view word_prefix, std::string_view stem_prefix) {
        std::vector<std::string> v{term(word_prefix, stem)};
        if (stemmable) {
            v.push_back(term(stem_prefix, stem));
        }
        return v;
    };
    if (title) {
        out.title_class = stem_class(prefix::kTitle, prefix::kTitleStem);
        if (stemmed) {
            out.exact.push_back(term(prefix::kTitle, word));
        }
    }
    if (abstract) {
        out.abstract_class = stem_class(prefix::kAbstract, prefix::kAbstractStem);
        if (stemmed) {
            out.exact.push_back(term(prefix::kAbstract, word));
        }
    }
    return out;
}

std::vector<ClauseSpec> ranking_clauses(const RankingTerms& t, const RankingOptions& options) {
    std::vector<ClauseSpec> out;
    ClauseSpec text;
    text.terms = t.title_class;
    text.terms.insert(text.terms.end(), t.abstract_class.begin(), t.abstract_class.end());
    if (!text.terms.empty()) {
        out.push_back(std::move(text));
    }
    // A title clause only adds something when the text clause also covers the abstract.
    if (!t.title_class.empty() && !t.abstract_class.empty() && options.title_boost > 0.0) {
        out.push_back({t.title_class, options.title_boost});
    }
    if (!t.exact.empty() && options.exact_weight > 0.0) {
        out.push_back({t.exact, options.exact_weight});
    }
    return out;
}

double lucene_idf(Xapian::doccount documents, double termfreq) {
    const double n = std::min(termfreq, static_cast<double>(documents));
    return std::log(1.0 + (static_cast<double>(documents) - n + 0.5) / (n + 0.5));
}

double xapian_idf(Xapian::doccount documents, double termfreq) {
    double t = (static_cast<double>(documents) - termfreq + 0.5) / (termfreq + 0.5);
    if (t < 2.0) {
        t = t * 0.5 + 1.0;
    }
    return std::log(t);
}

double synonym_termfreq_estimate(Xapian::doccount documents,
                                 const std::vector<Xapian::doccount>& freqs) {
    if (freqs.empty()) {
        return 0.0;
    }
    // As Xapian 1.4 builds an OR of postings: a tree that joins the two least frequent first
    // (like a Huffman code), each join estimating l + r - l r / N, rounded to a whole number.
    const auto n = static_cast<double>(documents);
    std::priority_queue<double, std::vector<double>, std::greater<>> heap;
    for (const Xapian::doccount f : freqs) {
        heap.push(static_cast<double>(f));
    }
    while (heap.size() > 1) {
        const double r = heap.top();
        heap.pop();
        const double l = heap.top();
        heap.pop();
        heap.push(std::floor(l + r - l * r / n + 0.5));
    }
    return heap.top();
}

double idf_correction(Xapian::doccount documents, double estimated, double exact) {
    const double xapian = xapian_idf(documents, estimated);
    if (exact <= 0.0 || xapian <= 0.0) {
        return 1.0;
    }
    return lucene_idf(documents, exact) / xapian;
}

} // namespace peerscope::search
