#include "evaluator.hpp"

#include "peerscope/schema/codec.hpp"
#include "peerscope/schema/prefixes.hpp"
#include "peerscope/schema/slots.hpp"
#include "peerscope/schema/terms.hpp"
#include "peerscope/search/error.hpp"
#include "ranking_feedback.hpp"
#include "ranking_terms.hpp"

#include <algorithm>
#include <limits>
#include <map>

namespace peerscope::search {
namespace {

namespace prefix = schema::prefix;

using schema::term;

/// Collects matching docids during a boolean Xapian match (returns false so nothing is ranked).
class CollectDecider final : public Xapian::MatchDecider {
  public:
    explicit CollectDecider(DocSet& out) : out_(out) {}
    bool operator()(const Xapian::Document& doc) const override {
        out_.insert(doc.get_docid());
        return false;
    }

  private:
    DocSet& out_;
};

std::string strip_url(std::string_view id) {
    std::size_t slash = id.rfind('/');
    if (slash != std::string_view::npos && id.find("://") != std::string_view::npos) {
        id.remove_prefix(slash + 1);
    }
    return std::string(id);
}

std::string normalise_doi(std::string_view doi) {
    std::string out(doi);
    for (std::string_view p :
         {"https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "doi:", "DOI:"}) {
        if (out.rfind(p, 0) == 0) {
            out = out.substr(p.size());
            break;
        }
    }
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
        return static_cast<char>(std::tolower(c));
    });
    return out;
}

double qtf_factor(std::size_t count, double k3) {
    auto c = static_cast<double>(count);
    return (k3 + 1.0) * c / (k3 + c);
}

void add_unique(std::vector<std::string>& v, std::string s) {
    if (std::find(v.begin(), v.end(), s) == v.end()) {
        v.push_back(std::move(s));
    }
}

/// @p q scaled by @p factor (unchanged when the factor is 1).
Xapian::Query scaled_query(double factor, Xapian::Query q) {
    return factor == 1.0 ? q : Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, factor);
}

} // namespace

void Evaluator::word_clauses(const RankingTerms& t,
                             double factor,
                             bool exact_df,
                             std::vector<Xapian::Query>& out,
                             std::vector<ScoreClause>* scored) {
    RankingParams params = params_;
    if (!exact_df) {
        params.title_boost = 0.0;
        params.exact_weight = 0.0;
    }
    const Xapian::doccount documents = impl_.works.get_doccount();
    bool text = true;
    for (const ClauseSpec& clause : ranking_clauses(t, params)) {
        // Only the text clause (the first) gets its exact document frequency: it carries the
        // word's weight, and counting a union costs a pass over the bitmaps. The title and exact
        // clauses keep Xapian's estimate, corrected to Lucene's idf formula only.
        const bool count_union = exact_df && text;
        std::vector<std::string> present;
        std::vector<Xapian::doccount> freqs;
        for (const std::string& term : clause.terms) {
            const auto f =
                static_cast<Xapian::doccount>(snap_.term_postings(impl_.works, term)->docs.size());
            if (f > 0) {
                present.push_back(term);
                freqs.push_back(f);
            }
        }
        if (!present.empty()) {
            const double estimate = synonym_termfreq_estimate(documents, freqs);
            const double largest = *std::max_element(freqs.begin(), freqs.end());
            const double exact = count_union ? static_cast<double>(union_of(present).count())
                                 : exact_df  ? estimate
                                             : largest;
            Xapian::Query q =
                present.size() == 1
                    ? Xapian::Query(present.front())
                    : Xapian::Query(Xapian::Query::OP_SYNONYM, present.begin(), present.end());
            const double correction = idf_correction(documents, estimate, exact);
            out.push_back(scaled_query(factor * clause.weight * correction, std::move(q)));
            if (scored != nullptr) {
                scored->push_back(
                    {present, factor * clause.weight * correction, estimate, nullptr});
            }
        }
        text = false;
    }
}

Evaluator::Evaluator(Searcher::Impl& impl, const RankingParams& params)
    : impl_(impl), snap_(*impl.snapshot), params_(params) {}

DocSet Evaluator::term_set(const std::string& t) {
    return *snap_.term_docs(impl_.works, t);
}

DocSet Evaluator::union_of(const std::vector<std::string>& terms) {
    DocSet out(snap_.limit);
    for (const auto& t : terms) {
        out.unite(*snap_.term_docs(impl_.works, t));
    }
    return out;
}

Evaluator::Forms Evaluator::forms(QueryField field, const std::string& word, bool stemmable) {
    Forms f;
    std::string stem = stemmable ? impl_.terms.stem(word) : word;
    bool title = field == QueryField::Default || field == QueryField::Title;
    bool abstract = field == QueryField::Default || field == QueryField::Abstract;
    if (title) {
        add_unique(f.title, term(prefix::kTitle, word));
        if (stemmable) {
            add_unique(f.title, term(prefix::kTitleStem, stem));
            add_unique(f.title, term(prefix::kTitle, stem));
        }
    }
    if (abstract) {
        add_unique(f.abstract, term(prefix::kAbstract, word));
        if (stemmable) {
            add_unique(f.abstract, term(prefix::kAbstractStem, stem));
            add_unique(f.abstract, term(prefix::kAbstract, stem));
        }
    }
    if (field == QueryField::Author) {
        add_unique(f.author, term(prefix::kAuthorName, word));
    }
    highlight_words_.insert(word);
    if (stemmable) {
        highlight_stems_.insert(stem);
    }
    return f;
}

Xapian::Query Evaluator::phrase_query(std::string_view pfx, const std::vector<std::string>& words) {
    std::vector<Xapian::Query> parts;
    for (const auto& w : words) {
        parts.emplace_back(term(pfx, w));
    }
    return {Xapian::Query::OP_PHRASE,
            parts.begin(),
            parts.end(),
            static_cast<Xapian::termcount>(parts.size())};
}

std::shared_ptr<const DocSet> Evaluator::phrase_docs(std::string_view pfx,
                                                     const std::vector<std::string>& words) {
    std::string key(pfx);
    for (const auto& w : words) {
        key += '\0';
        key += w;
    }
    auto& docs = phrase_docs_[key];
    if (!docs) {
        docs = std::make_shared<const DocSet>(query_docs(phrase_query(pfx, words)));
    }
    return docs;
}

DocSet Evaluator::phrase_set(const QueryNode& node) {
    for (const auto& w : node.words) {
        highlight_words_.insert(w);
    }
    DocSet out(snap_.limit);
    auto add = [&](std::string_view pfx) { out.unite(*phrase_docs(pfx, node.words)); };
    if (node.field == QueryField::Default || node.field == QueryField::Title) {
        add(prefix::kTitle);
    }
    if (node.field == QueryField::Default || node.field == QueryField::Abstract) {
        add(prefix::kAbstract);
    }
    if (node.field == QueryField::Author) {
        add(prefix::kAuthorName);
    }
    return out;
}

DocSet Evaluator::query_docs(const Xapian::Query& query) {
    DocSet out(snap_.limit);
    Xapian::Enquire enquire(impl_.works);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.set_docid_order(Xapian::Enquire::ASCENDING);
    CollectDecider decider(out);
    (void)enquire.get_mset(0, 0, impl_.works.get_doccount(), nullptr, &decider);
    return out;
}

std::vector<std::string> Evaluator::wildcard_terms(QueryField field,
                                                   const std::string& word_prefix) {
    std::vector<std::string> prefixes;
    if (field == QueryField::Default || field == QueryField::Title) {
        prefixes.emplace_back(prefix::kTitle);
    }
    if (field == QueryField::Default || field == QueryField::Abstract) {
        prefixes.emplace_back(prefix::kAbstract);
    }
    if (field == QueryField::Author) {
        prefixes.emplace_back(prefix::kAuthorName);
    }
    std::vector<std::string> out;
    std::size_t total = 0;
    for (const auto& pfx : prefixes) {
        std::string start = pfx + word_prefix;
        std::vector<std::pair<Xapian::doccount, std::string>> found;
        for (auto it = impl_.works.allterms_begin(start); it != impl_.works.allterms_end(start);
             ++it) {
            std::string t = *it;
            // Abstract words are unprefixed: skip longer prefixes' terms that happen to share it.
            found.emplace_back(it.get_termfreq(), std::move(t));
        }
        total = std::max(total, found.size());
        if (found.size() > kMaxWildcardTerms) {
            std::partial_sort(found.begin(),
                              found.begin() + kMaxWildcardTerms,
                              found.end(),
                              [](const auto& a, const auto& b) { return a.first > b.first; });
            found.resize(kMaxWildcardTerms);
        }
        for (auto& [freq, t] : found) {
            highlight_words_.insert(t.substr(pfx.size()));
            out.push_back(std::move(t));
        }
    }
    if (total > kMaxWildcardTerms) {
        warnings_.push_back(word_prefix + "* matches " + std::to_string(total) + " words; the "
                            + std::to_string(kMaxWildcardTerms) + " most frequent were used");
    }
    return out;
}

DocSet Evaluator::years(int from, int to) {
    DocSet out(snap_.limit);
    snap_.all.for_each([&](Xapian::docid did) {
        int y = snap_.year[did];
        if (y != 0 && y >= from && y <= to) {
            out.insert(did);
        }
    });
    return out;
}

DocSet Evaluator::entity_set(const QueryNode& node) {
    bool venue = node.field == QueryField::Venue;
    std::string_view kind = venue ? "source" : "topic";
    std::string_view work_prefix = venue ? prefix::kSourceId : prefix::kTopicId;
    std::vector<std::string> ids;
    if (auto ref = schema::parse_entity_id(node.text);
        ref && ref->kind == (venue ? schema::EntityKind::Source : schema::EntityKind::Topic)) {
        ids.push_back(schema::entity_id(ref->kind, ref->code));
    } else {
        std::vector<analyzers::Token> tokens = impl_.terms.analyzer().analyze(node.text);
        std::vector<Xapian::Query> words;
        for (const auto& t : tokens) {
            if (!t.joined) {
                words.emplace_back(term(prefix::kEntityName, t.term));
            }
        }
        if (!words.empty()) {
            Xapian::Query q(Xapian::Query::OP_FILTER,
                            Xapian::Query(Xapian::Query::OP_AND, words.begin(), words.end()),
                            Xapian::Query(term(prefix::kEntityType, kind)));
            Xapian::Enquire enquire(impl_.entities);
            enquire.set_query(q);
            Xapian::MSet mset = enquire.get_mset(0, 50);
            for (auto it = mset.begin(); it != mset.end(); ++it) {
                std::string id = it.get_document().get_value(schema::slot(schema::EntitySlot::Id));
                if (!id.empty()) {
                    ids.push_back(id);
                }
            }
        }
    }
    if (ids.empty()) {
        warnings_.push_back(std::string("no ") + (venue ? "venue" : "topic") + " matches '"
                            + node.text + "'");
    }
    std::vector<std::string> terms;
    for (const auto& id : ids) {
        terms.push_back(term(work_prefix, id));
    }
    return union_of(terms);
}

DocSet Evaluator::match(const QueryNode& node) {
    using K = QueryNode::Kind;
    switch (node.kind) {
    case K::Word: {
        Forms f = forms(node.field, node.words.front(), node.stemmable.front());
        std::vector<std::string> all = f.title;
        all.insert(all.end(), f.abstract.begin(), f.abstract.end());
        all.insert(all.end(), f.author.begin(), f.author.end());
        return union_of(all);
    }
    case K::Phrase:
        return phrase_set(node);
    case K::Wildcard:
        return union_of(wildcard_terms(node.field, node.prefix));
    case K::Years:
        return years(node.year_from, node.year_to);
    case K::Entity:
        return entity_set(node);
    case K::Nothing:
    case K::Not:
        return DocSet(snap_.limit);
    case K::Or: {
        DocSet out(snap_.limit);
        for (const auto& c : node.children) {
            out.unite(match(c));
        }
        return out;
    }
    case K::And:
    case K::Loose: {
        DocSet out(snap_.limit);
        bool loose = node.kind == K::Loose;
        const auto& must = loose ? node.required : node.children;
        if (!must.empty()) {
            out = match(must.front());
            for (std::size_t i = 1; i < must.size(); ++i) {
                out.intersect(match(must[i]));
            }
            if (loose && !node.children.empty()) {
                DocSet any(snap_.limit);
                for (const auto& c : node.children) {
                    any.unite(match(c));
                }
                out.intersect(any);
            }
        } else if (loose && !node.children.empty()) {
            for (const auto& c : node.children) {
                out.unite(match(c));
            }
        } else {
            out = snap_.all;
        }
        for (const auto& x : node.excluded) {
            out.subtract(match(x));
        }
        out.intersect(snap_.all);
        return out;
    }
    }
    return DocSet(snap_.limit);
}

DocSet Evaluator::match_all_words(const QueryNode& node) {
    using K = QueryNode::Kind;
    switch (node.kind) {
    case K::Loose:
    case K::And: {
        std::vector<const QueryNode*> members;
        for (const auto& c : node.children) {
            members.push_back(&c);
        }
        for (const auto& c : node.required) {
            members.push_back(&c);
        }
        DocSet out = members.empty() ? snap_.all : match_all_words(*members.front());
        for (std::size_t i = 1; i < members.size(); ++i) {
            out.intersect(match_all_words(*members[i]));
        }
        for (const auto& x : node.excluded) {
            out.subtract(match(x));
        }
        return out;
    }
    case K::Or: {
        DocSet out(snap_.limit);
        for (const auto& c : node.children) {
            out.unite(match_all_words(c));
        }
        return out;
    }
    default:
        return match(node);
    }
}

void Evaluator::score_clause(std::vector<std::string> terms,
                             double scale,
                             std::shared_ptr<const DocSet> only) {
    std::vector<Xapian::doccount> freqs;
    for (const std::string& t : terms) {
        freqs.push_back(
            static_cast<Xapian::doccount>(snap_.term_postings(impl_.works, t)->docs.size()));
    }
    const double termfreq = synonym_termfreq_estimate(impl_.works.get_doccount(), freqs);
    score_clauses_.push_back({std::move(terms), scale, termfreq, std::move(only)});
}

void Evaluator::collect_ranking(const QueryNode& node, std::vector<Xapian::Query>& out) {
    using K = QueryNode::Kind;
    // Phrases and wildcards have no stem classes: their title part weighs what a title match of a
    // word adds up to (the text clause plus the title clause).
    const double title_factor = 1.0 + params_.title_boost;
    switch (node.kind) {
    case K::Word: {
        std::string key = std::to_string(static_cast<int>(node.field)) + ":" + node.words.front();
        std::size_t count = word_counts_[key];
        if (count == 0) {
            return; // already emitted
        }
        word_counts_[key] = 0;
        double factor = qtf_factor(count, params_.k3);
        Forms f = forms(node.field, node.words.front(), node.stemmable.front());
        if (node.field == QueryField::Author) {
            out.push_back(scaled_query(factor, Xapian::Query(f.author.front())));
            score_clause({f.author.front()}, factor);
            return;
        }
        const std::string& word = node.words.front();
        word_clauses(ranking_terms(node.field, word, node.stemmable.front(), impl_.terms),
                     factor,
                     true,
                     out,
                     &score_clauses_);
        return;
    }
    case K::Phrase: {
        auto phrase = [&](std::string_view pfx, double weight) {
            // Xapian weighs a phrase as the sum of its words' BM25 weights, where the phrase
            // occurs: the scorer gets one clause per word, limited to those works.
            const std::shared_ptr<const DocSet> where = phrase_docs(pfx, node.words);
            for (const auto& w : node.words) {
                score_clause({term(pfx, w)}, weight, where);
            }
            out.push_back(scaled_query(weight, phrase_query(pfx, node.words)));
        };
        if (node.field == QueryField::Default || node.field == QueryField::Title) {
            phrase(prefix::kTitle, node.field == QueryField::Default ? title_factor : 1.0);
        }
        if (node.field == QueryField::Default || node.field == QueryField::Abstract) {
            phrase(prefix::kAbstract, 1.0);
        }
        if (node.field == QueryField::Author) {
            phrase(prefix::kAuthorName, 1.0);
        }
        return;
    }
    case K::Wildcard: {
        std::vector<std::string> terms = wildcard_terms(node.field, node.prefix);
        std::vector<std::string> title;
        std::vector<std::string> rest;
        for (auto& t : terms) {
            (t.rfind(prefix::kTitle, 0) == 0 ? title : rest).push_back(t);
        }
        if (!title.empty()) {
            const double scale = node.field == QueryField::Default ? title_factor : 1.0;
            out.push_back(scaled_query(
                scale, Xapian::Query(Xapian::Query::OP_SYNONYM, title.begin(), title.end())));
            score_clause(title, scale);
        }
        if (!rest.empty()) {
            out.emplace_back(Xapian::Query::OP_SYNONYM, rest.begin(), rest.end());
            score_clause(rest, 1.0);
        }
        return;
    }
    case K::Loose:
    case K::And:
    case K::Or:
        for (const auto& c : node.children) {
            collect_ranking(c, out);
        }
        for (const auto& c : node.required) {
            collect_ranking(c, out);
        }
        return;
    default:
        return;
    }
}

Xapian::Query Evaluator::ranking_query(const QueryNode& node) {
    word_counts_.clear();
    score_clauses_.clear();
    // Count repeated words (a pasted abstract repeats its key terms) for query-term frequency, and
    // collect the stems of the free-text words (for feedback).
    std::set<std::string> stems;
    std::vector<const QueryNode*> stack{&node};
    while (!stack.empty()) {
        const QueryNode* n = stack.back();
        stack.pop_back();
        if (n->kind == QueryNode::Kind::Word) {
            ++word_counts_[std::to_string(static_cast<int>(n->field)) + ":" + n->words.front()];
            if (n->field == QueryField::Default) {
                const std::string& word = n->words.front();
                stems.insert(n->stemmable.front() ? impl_.terms.stem(word) : word);
            }
        }
        for (const auto& c : n->children) {
            stack.push_back(&c);
        }
        for (const auto& c : n->required) {
            stack.push_back(&c);
        }
    }
    std::vector<Xapian::Query> parts;
    collect_ranking(node, parts);
    if (parts.empty()) {
        return Xapian::Query();
    }
    feedback_stems_ =
        feedback_applies(stems.size(), params_) ? std::move(stems) : std::set<std::string>{};
    return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
}

Xapian::Query Evaluator::feedback_query(const std::vector<Xapian::docid>& top,
                                        std::vector<ScoreClause>* scored) {
    if (feedback_stems_.empty()) {
        return Xapian::Query();
    }
    // Long natural-language queries (a pasted claim or abstract): the words that best mark the
    // first pass's top documents, with a small weight. Ranking only: the match set is decided
    // elsewhere.
    std::vector<Xapian::Query> parts;
    std::set<std::string> stems; // two forms of one word ("wing", "wings") make one clause
    for (const FeedbackWord& w : feedback_words(
             impl_.works, top, params_, feedback_stems_, impl_.terms, impl_.collection_freqs)) {
        const bool stemmable =
            std::none_of(w.word.begin(), w.word.end(), [](char c) { return c >= '0' && c <= '9'; });
        if (!stems.insert(stemmable ? impl_.terms.stem(w.word) : w.word).second) {
            continue;
        }
        word_clauses(ranking_terms(QueryField::Default, w.word, stemmable, impl_.terms),
                     params_.feedback_weight * w.weight,
                     false,
                     parts,
                     scored);
    }
    if (parts.empty()) {
        return Xapian::Query();
    }
    return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
}

void Evaluator::text_filter(const std::string& text, QueryField field, DocSet& out) {
    std::vector<analyzers::Token> tokens = impl_.terms.analyzer().analyze(text);
    bool any = false;
    for (const auto& t : tokens) {
        // The parts of a hyphenated word are required; its joined form adds nothing.
        if (t.joined || is_stopword(t.term)) {
            continue;
        }
        Forms f = forms(field, t.term, t.stemmable());
        std::vector<std::string> all = f.title;
        all.insert(all.end(), f.abstract.begin(), f.abstract.end());
        out.intersect(union_of(all));
        any = true;
    }
    if (!any) {
        out = DocSet(snap_.limit);
    }
}

DocSet Evaluator::filter(const std::vector<FilterClause>& clauses) {
    DocSet result = snap_.all;
    for (const FilterClause& clause : clauses) {
        const std::string& key = clause.key;
        DocSet positive(snap_.limit);
        bool has_positive = false;
        DocSet negative(snap_.limit);
        if (key == "openalex_id" || key == "openalex" || key == "ids.openalex") {
            if (clause.values.size() > 100) {
                throw Error(Errc::InvalidParameter,
                            "filter: " + key + " takes at most 100 ids joined by |, not "
                                + std::to_string(clause.values.size()));
            }
        }
        for (const FilterValue& v : clause.values) {
            DocSet set(snap_.limit);
            if (key == "publication_year") {
                NumberRange r = parse_range(key, v.value, 0, 9999);
                set = years(static_cast<int>(std::max(0L, r.from)),
                            static_cast<int>(std::min(9999L, r.to)));
            } else if (key == "cited_by_count") {
                NumberRange r = parse_range(key, v.value, 0, std::numeric_limits<long>::max());
                snap_.all.for_each([&](Xapian::docid did) {
                    long c = snap_.cited_by[did];
                    if (c >= r.from && c <= r.to) {
                        set.insert(did);
                    }
                });
            } else if (key == "type") {
                set = term_set(term(prefix::kType, v.value));
            } else if (key == "primary_location.source.id" || key == "authorships.author.id"
                       || key == "topics.id" || key == "primary_topic.id") {
                schema::EntityKind want =
                    key == "primary_location.source.id" ? schema::EntityKind::Source
                    : key == "authorships.author.id"    ? schema::EntityKind::Author
                                                        : schema::EntityKind::Topic;
                auto ref = schema::parse_entity_id(v.value);
                if (!ref || ref->kind != want) {
                    throw Error(Errc::InvalidParameter,
                                "filter: " + key + ":" + v.value
                                    + " is not a valid id; expected an id like "
                                    + std::string(1, static_cast<char>(want))
                                    + "12 (or a URL ending in one)");
                }
                std::string id = schema::entity_id(ref->kind, ref->code);
                if (key == "primary_topic.id") {
                    snap_.all.for_each([&](Xapian::docid did) {
                        if (snap_.topic_begin[did] < snap_.topic_begin[did + 1]
                            && snap_.topic_codes[snap_.topic_begin[did]] == ref->code) {
                            set.insert(did);
                        }
                    });
                } else {
                    std::string_view pfx = want == schema::EntityKind::Source   ? prefix::kSourceId
                                           : want == schema::EntityKind::Author ? prefix::kAuthorId
                                                                                : prefix::kTopicId;
                    set = term_set(term(pfx, id));
                }
            } else if (key == "title.search" || key == "abstract.search"
                       || key == "default.search") {
                QueryField field = key == "title.search"      ? QueryField::Title
                                   : key == "abstract.search" ? QueryField::Abstract
                                                              : QueryField::Default;
                set = snap_.all;
                text_filter(v.value, field, set);
            } else if (key == "doi") {
                set = term_set(term(prefix::kDoi, normalise_doi(v.value)));
            } else if (key == "openalex_id" || key == "openalex" || key == "ids.openalex") {
                std::string id = strip_url(v.value);
                set = union_of({term(prefix::kWorkId, id),
                                term(prefix::kAltId, id),
                                term(prefix::kOpenAlex, id)});
            } else if (key == "has_abstract") {
                if (v.value != "true" && v.value != "false") {
                    throw Error(Errc::InvalidParameter,
                                "filter: has_abstract takes true or false, not '" + v.value + "'");
                }
                set = term_set(term(prefix::kHas, "abstract"));
                if (v.value == "false") {
                    DocSet all = snap_.all;
                    all.subtract(set);
                    set = std::move(all);
                }
            } else if (key == "cites") {
                set = term_set(term(prefix::kCites, strip_url(v.value)));
            } else if (key == "language") {
                set = term_set(term(prefix::kLanguage, v.value));
            }
            if (v.negate) {
                negative.unite(set);
            } else {
                positive.unite(set);
                has_positive = true;
            }
        }
        DocSet clause_set = has_positive ? std::move(positive) : snap_.all;
        clause_set.subtract(negative);
        result.intersect(clause_set);
    }
    return result;
}

} // namespace peerscope::search
