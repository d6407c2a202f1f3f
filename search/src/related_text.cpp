// The text side of related works: relevance feedback over the seeds' documents.
//
// The seeds form Xapian's relevance set (RSet); the expand set (ESet) ranks the words of their
// titles and abstracts by how much more often they occur in the seeds than in the collection, so
// the words it picks are those that make the seeds distinctive. Works the seeds' citations single
// out add their ESet at half weight; negative seeds get their own ESet, whose weights are
// subtracted. The words then query titles (weighted as search weights them) and abstracts under
// BM25.
#include "peerscope/schema/prefixes.hpp"
#include "query_parser.hpp"
#include "related_evidence.hpp"

#include <algorithm>
#include <cctype>
#include <set>

namespace peerscope::search {
namespace {

namespace prefix = schema::prefix;

/// Largest share of the works a query word may occur in (in its title or abstract form).
constexpr double kMaxWordShare = 0.1;
/// ... but a word in this many works is never too common.
constexpr double kMinCommonDocs = 10.0;

/// Words the ESet may choose from: title words ("S" + word) and abstract words (unprefixed), not
/// function words ("from", "we": they are common in any one text, never distinctive), not numbers
/// (a word needs a letter), not single characters.
class WordDecider final : public Xapian::ExpandDecider {
  public:
    bool operator()(const std::string& term) const override {
        std::string_view word = word_of(term);
        if (word.size() < 2 || is_function_word(word)) {
            return false;
        }
        // A word needs a letter: "3.57" or "2019" say nothing about the subject.
        return std::any_of(word.begin(), word.end(), [](unsigned char c) {
            return std::isalpha(c) != 0 || c >= 0x80;
        });
    }

    /// The word of a title or abstract term; empty for any other term.
    static std::string_view word_of(std::string_view term) {
        auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
        if (term.empty()) {
            return {};
        }
        if (!upper(term[0])) {
            return term; // abstract word
        }
        if (term.size() > 1 && term[0] == prefix::kTitle[0] && !upper(term[1])) {
            return term.substr(1);
        }
        return {};
    }
};

/// Word -> ESet weight of the seeds' distinctive words (a word's title and abstract forms count
/// once, with the larger weight).
std::unordered_map<std::string, double> expand(Xapian::Database& works,
                                               const std::vector<Xapian::docid>& docs,
                                               Xapian::termcount max_terms) {
    std::unordered_map<std::string, double> out;
    if (docs.empty()) {
        return out;
    }
    Xapian::RSet rset;
    for (Xapian::docid did : docs) {
        rset.add_document(did);
    }
    Xapian::Enquire enquire(works);
    WordDecider decider;
    Xapian::ESet eset =
        enquire.get_eset(max_terms, rset, Xapian::Enquire::INCLUDE_QUERY_TERMS, &decider);
    // Words in a large share of the works say little about these ones (and cost the most to
    // match): "from", "learning" in ML. The floor keeps small collections usable.
    const double max_docs =
        std::max(kMinCommonDocs, kMaxWordShare * static_cast<double>(works.get_doccount()));
    for (auto it = eset.begin(); it != eset.end(); ++it) {
        if (static_cast<double>(works.get_termfreq(*it)) > max_docs) {
            continue;
        }
        std::string word(WordDecider::word_of(*it));
        double& weight = out[word];
        weight = std::max(weight, it.get_weight());
    }
    return out;
}

} // namespace

TextQuery text_query(Searcher::Impl& impl,
                     const std::vector<SeedWork>& positive,
                     const std::vector<SeedWork>& negative,
                     const std::vector<Xapian::docid>& feedback,
                     std::size_t max_words) {
    auto docids = [](const std::vector<SeedWork>& seeds) {
        std::vector<Xapian::docid> out;
        for (const SeedWork& s : seeds) {
            out.push_back(s.did);
        }
        return out;
    };
    // Ask for more terms than words: a word's title and abstract forms are two ESet entries.
    const auto wanted = static_cast<Xapian::termcount>(max_words * 3);
    std::unordered_map<std::string, double> weights = expand(impl.works, docids(positive), wanted);
    for (const auto& [word, weight] : expand(impl.works, feedback, wanted)) {
        weights[word] += kFeedbackWeight * weight;
    }
    for (const auto& [word, weight] : expand(impl.works, docids(negative), wanted)) {
        auto it = weights.find(word);
        if (it != weights.end()) {
            it->second -= weight;
        }
    }
    TextQuery out;
    for (const auto& [word, weight] : weights) {
        if (weight > 0.0) {
            out.words.push_back({word, weight});
        }
    }
    std::sort(out.words.begin(), out.words.end(), [](const QueryWord& a, const QueryWord& b) {
        return a.weight != b.weight ? a.weight > b.weight : a.word < b.word;
    });
    if (out.words.size() > max_words) {
        out.words.resize(max_words);
    }
    // Each word is looked up as written in titles and abstracts (the words the reasons show are
    // then literally shared). Stem forms were measured on CACM and AAN: they change the ranking
    // by less than 0.01 while they double the cost of the match on ML Anthology.
    const double title_weight = impl.service.ranking.title_weight;
    std::vector<Xapian::Query> parts;
    for (const QueryWord& w : out.words) {
        std::string title = std::string(prefix::kTitle) + w.word;
        std::string abstract = std::string(prefix::kAbstract) + w.word;
        out.word_of_term.emplace(title, w.word);
        out.word_of_term.emplace(abstract, w.word);
        Xapian::Query forms(
            Xapian::Query::OP_OR,
            Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(title), title_weight),
            Xapian::Query(abstract));
        parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, forms, w.weight);
    }
    if (!parts.empty()) {
        out.query = Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
    }
    return out;
}

namespace {

/// Rejects documents outside a set (for sets too large to drive the match as a filter).
class WithinDecider final : public Xapian::MatchDecider {
  public:
    explicit WithinDecider(const DocSet& set) : set_(set) {}
    bool operator()(const Xapian::Document& doc) const override {
        return set_.contains(doc.get_docid());
    }

  private:
    const DocSet& set_;
};

} // namespace

std::vector<TextMatch>
rank_text(Searcher::Impl& impl, const TextQuery& query, const DocSet& within, std::size_t count) {
    std::vector<TextMatch> out;
    if (query.query.empty() || count == 0 || within.empty()) {
        return out;
    }
    // A small set drives the match as a filter; a large one (most of the index) is checked only
    // for the documents that reach the top, so the matcher keeps its weight-based shortcuts.
    const bool large = within.count() * 2 >= impl.snapshot->works;
    DocSetSource source(within);
    WithinDecider decider(within);
    Xapian::Enquire enquire(impl.works);
    enquire.set_query(
        large ? query.query
              : Xapian::Query(Xapian::Query::OP_FILTER, query.query, Xapian::Query(&source)));
    const RankingParams& ranking = impl.service.ranking;
    enquire.set_weighting_scheme(Xapian::BM25Weight(ranking.k1, 0, 1, ranking.b, 0.5));
    enquire.set_docid_order(Xapian::Enquire::ASCENDING);
    Xapian::MSet mset = enquire.get_mset(
        0, static_cast<Xapian::doccount>(count), nullptr, large ? &decider : nullptr);
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        out.push_back({*it, it.get_weight()});
    }
    return out;
}

std::vector<std::string>
matched_words(Searcher::Impl& impl, const TextQuery& query, Xapian::docid did) {
    std::vector<std::string> terms;
    terms.reserve(query.word_of_term.size());
    for (const auto& [term, word] : query.word_of_term) {
        terms.push_back(term);
    }
    std::sort(terms.begin(), terms.end());
    std::set<std::string> found;
    auto it = impl.works.termlist_begin(did);
    const auto end = impl.works.termlist_end(did);
    for (const std::string& term : terms) {
        it.skip_to(term);
        if (it == end) {
            break;
        }
        if (*it == term) {
            found.insert(query.word_of_term.at(term));
        }
    }
    std::vector<std::string> out;
    for (const QueryWord& w : query.words) {
        if (found.count(w.word) != 0) {
            out.push_back(w.word);
        }
    }
    return out;
}

} // namespace peerscope::search
