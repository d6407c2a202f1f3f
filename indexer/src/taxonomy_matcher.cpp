#include "taxonomy_matcher.hpp"

#include "taxonomy_common_stems.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace peerscope::indexer::taxonomy_detail {

using Kind = RuleExpr::Kind;
using Token = analyzers::Token;

/// Per-work scratch state. One per thread, reused from work to work: cached results are valid only
/// when their stamp equals the current generation, so nothing has to be cleared between works.
struct RuleMatcher::WorkState {
    struct Occurrence {
        std::uint32_t key = 0;
        std::uint32_t position = 0;
        std::uint32_t token = 0; ///< index into the field's tokens
    };
    /// The rule words of one field of the current work.
    struct Field {
        const std::vector<Token>* tokens = nullptr;
        std::vector<Occurrence> occurrences; ///< by key, then position
        /// Per key: its run in `occurrences`; valid when run_stamp is the current generation.
        std::vector<std::uint32_t> run_start;
        std::vector<std::uint32_t> run_length;
        std::vector<std::uint64_t> run_stamp;
    };
    struct Hits {
        std::uint32_t title = 0;
        std::uint32_t abstract = 0;
    };

    Field title;
    Field abstract;
    std::uint64_t generation = 0;
    std::vector<std::uint64_t> stamps; ///< per term: generation of the hits below
    std::vector<Hits> hits;            ///< per term
    std::vector<std::uint32_t> rules;  ///< candidate rules of the current work
};

/// A place where a term matched, for explanations.
struct RuleMatcher::Match {
    bool in_title = false;
    std::uint32_t first = 0; ///< position of the first word
    std::uint32_t last = 0;  ///< position of the last word
    std::string text{};      ///< the matched words, folded
};

namespace {

using WorkState = RuleMatcher::WorkState;
using Occurrence = WorkState::Occurrence;
using Field = WorkState::Field;

bool by_key_position(const Occurrence& a, const Occurrence& b) noexcept {
    return a.key != b.key ? a.key < b.key : a.position < b.position;
}

/// The occurrences of @p key in a field of the current work, by position.
std::pair<const Occurrence*, const Occurrence*>
key_range(const WorkState& work, const Field& field, std::uint32_t key) {
    if (field.run_stamp[key] != work.generation) {
        return {nullptr, nullptr};
    }
    const Occurrence* begin = field.occurrences.data() + field.run_start[key];
    return {begin, begin + field.run_length[key]};
}

/// The token of @p field at @p position that stands for @p key, or nullptr.
const Occurrence*
find_at(const WorkState& work, const Field& field, std::uint32_t key, std::uint32_t position) {
    const auto [begin, end] = key_range(work, field, key);
    for (const Occurrence* at = begin; at != end && at->position <= position; ++at) {
        if (at->position == position) {
            return at;
        }
    }
    return nullptr;
}

/// True when @p phrase occurs in @p field from position @p start, given that its anchor is token
/// @p anchor_token; appends the tokens of all its words, in order, to @p parts when not null.
bool phrase_at(const WorkState& work,
               const Field& field,
               const RuleMatcher::Phrase& phrase,
               std::uint32_t start,
               std::uint32_t anchor_token,
               std::vector<std::uint32_t>* parts) {
    for (std::size_t i = 0; i < phrase.parts.size(); ++i) {
        std::uint32_t token = anchor_token;
        if (i != phrase.anchor) {
            const Occurrence* found =
                find_at(work, field, phrase.parts[i].key, start + phrase.parts[i].offset);
            if (found == nullptr) {
                return false;
            }
            token = found->token;
        }
        if (parts != nullptr) {
            parts->push_back(token);
        }
    }
    return true;
}

/// Calls @p on_match(phrase, start, anchor_token) for each place where an alternative of
/// @p term occurs in @p field (a place may be reported once per alternative matching there).
template <typename OnMatch>
void for_each_match(const WorkState& work,
                    const Field& field,
                    const RuleMatcher::Term& term,
                    OnMatch&& on_match) {
    for (const RuleMatcher::Phrase& phrase : term.alternatives) {
        const RuleMatcher::PhrasePart& anchor = phrase.parts[phrase.anchor];
        const auto [begin, end] = key_range(work, field, anchor.key);
        for (const Occurrence* at = begin; at != end; ++at) {
            if (at->position >= anchor.offset
                && (phrase.parts.size() == 1
                    || phrase_at(
                        work, field, phrase, at->position - anchor.offset, at->token, nullptr))) {
                on_match(phrase, at->position - anchor.offset, at->token);
            }
        }
    }
}

/// Occurrences of @p term in @p field, counted once per start position (a hyphenated word can
/// match both through its parts and through its joined form).
std::uint32_t count(const WorkState& work, const Field& field, const RuleMatcher::Term& term) {
    if (term.alternatives.size() == 1 && term.alternatives.front().parts.size() == 1) {
        const auto [begin, end] =
            key_range(work, field, term.alternatives.front().parts.front().key);
        std::uint32_t hits = 0;
        for (const Occurrence* at = begin; at != end; ++at) {
            hits += at == begin || at->position != (at - 1)->position ? 1 : 0;
        }
        return hits;
    }
    thread_local std::vector<std::uint32_t> starts;
    starts.clear();
    for_each_match(
        work, field, term, [&](const RuleMatcher::Phrase&, std::uint32_t start, std::uint32_t) {
            starts.push_back(start);
        });
    std::sort(starts.begin(), starts.end());
    return static_cast<std::uint32_t>(std::unique(starts.begin(), starts.end()) - starts.begin());
}

/// Score of evidence found only in the abstract, from the number of occurrences.
double abstract_score(std::uint32_t hits) noexcept {
    if (hits == 0) {
        return 0.0;
    }
    return std::min(kAbstractFirstScore + kAbstractStepScore * static_cast<double>(hits - 1),
                    kAbstractMaxScore);
}

/// A word of a rule term while its alternatives are formed: original position, how many
/// positions it stands for (more than one for a hyphen-joined form), and its key.
struct Segment {
    std::uint32_t position = 0;
    std::uint32_t span = 1;
    std::uint32_t key = 0;
};

RuleMatcher::Phrase to_phrase(const std::vector<Segment>& segments) {
    RuleMatcher::Phrase phrase;
    phrase.parts.reserve(segments.size());
    const std::uint32_t first = segments.front().position;
    std::uint32_t shrink = 0;
    for (const Segment& segment : segments) {
        phrase.parts.push_back({.offset = segment.position - first - shrink, .key = segment.key});
        shrink += segment.span - 1;
    }
    return phrase;
}

/// Replaces the parts at [joined.position, joined.position + joined.span) by @p joined.
std::vector<Segment> join_parts(const std::vector<Segment>& segments, const Segment& joined) {
    std::vector<Segment> out;
    for (const Segment& segment : segments) {
        if (segment.position < joined.position
            || segment.position >= joined.position + joined.span) {
            out.push_back(segment);
        } else if (segment.position == joined.position) {
            out.push_back(joined);
        }
    }
    return out;
}

/// A string that is equal for equal terms, so that each distinct term is counted once.
std::string signature(const RuleMatcher::Term& term) {
    std::string out(1, static_cast<char>('0' + static_cast<int>(term.field)));
    for (const RuleMatcher::Phrase& phrase : term.alternatives) {
        out += '|';
        for (const RuleMatcher::PhrasePart& part : phrase.parts) {
            out += std::to_string(part.offset) + ':' + std::to_string(part.key) + ',';
        }
    }
    return out;
}

void append_matches(std::string& out,
                    const std::vector<RuleMatcher::Match>& matches,
                    bool in_title) {
    std::vector<std::pair<std::string, std::uint32_t>> counted;
    for (const RuleMatcher::Match& match : matches) {
        if (match.in_title != in_title) {
            continue;
        }
        auto same = std::find_if(counted.begin(), counted.end(), [&](const auto& entry) {
            return entry.first == match.text;
        });
        if (same == counted.end()) {
            counted.emplace_back(match.text, 1);
        } else {
            ++same->second;
        }
    }
    bool first = true;
    for (const auto& [text, times] : counted) {
        out += first ? " " : ", ";
        first = false;
        out += text;
        if (times > 1) {
            out += " \u00d7" + std::to_string(times);
        }
    }
}

} // namespace

std::uint32_t RuleMatcher::compile_term(const RuleExpr& expr, schema::TermBuilder& builder) {
    const std::vector<Token> tokens = builder.analyzer().analyze(expr.text);
    std::vector<Segment> plain;
    std::vector<const Token*> joined;
    for (const Token& token : tokens) {
        if (token.joined) {
            joined.push_back(&token);
        } else {
            plain.push_back({.position = token.position,
                             .key = vocabulary_.intern(token, expr.exact, builder)});
        }
    }
    if (plain.empty()) {
        throw RuleAnalysisError("'" + expr.text + "' gives no word after analysis");
    }
    Term term{.field = expr.field, .alternatives = {to_phrase(plain)}};
    std::vector<Segment> all_joined = plain;
    for (const Token* token : joined) {
        // The joined form stands for the parts that start at its position and spell it.
        Segment segment{.position = token->position,
                        .span = 0,
                        .key = vocabulary_.intern(*token, expr.exact, builder)};
        std::size_t spelled = 0;
        for (const Token& part : tokens) {
            if (!part.joined && part.position >= token->position && spelled < token->term.size()) {
                spelled += part.term.size();
                ++segment.span;
            }
        }
        segment.span = std::max<std::uint32_t>(segment.span, 1);
        term.alternatives.push_back(to_phrase(join_parts(plain, segment)));
        all_joined = join_parts(all_joined, segment);
    }
    if (joined.size() > 1) {
        term.alternatives.push_back(to_phrase(all_joined));
    }

    const auto [known, inserted] =
        term_ids_.emplace(signature(term), static_cast<std::uint32_t>(terms_.size()));
    if (inserted) {
        terms_.push_back(std::move(term));
    }
    return known->second;
}

std::uint32_t RuleMatcher::compile_expr(const RuleExpr& expr, schema::TermBuilder& builder) {
    Expr compiled;
    compiled.kind = expr.kind;
    compiled.min_abstract = expr.min_abstract;
    if (expr.kind == Kind::Term) {
        compiled.term = compile_term(expr, builder);
    } else {
        for (const RuleExpr& child : expr.children) {
            const std::uint32_t index = compile_expr(child, builder);
            // The same term twice in one group ("optimizer OR optimizers" share a stem) would
            // count its occurrences twice.
            const auto same_term = [&](std::uint32_t other) {
                return exprs_[other].kind == Kind::Term && exprs_[other].min_abstract == 0
                       && exprs_[other].term == exprs_[index].term;
            };
            const bool repeated =
                exprs_[index].kind == Kind::Term && exprs_[index].min_abstract == 0
                && std::any_of(compiled.children.begin(), compiled.children.end(), same_term);
            if (!repeated) {
                compiled.children.push_back(index);
            }
        }
    }
    exprs_.push_back(std::move(compiled));
    return static_cast<std::uint32_t>(exprs_.size() - 1);
}

void RuleMatcher::add_rule(std::size_t node,
                           std::string_view text,
                           const RuleExpr& expr,
                           schema::TermBuilder& builder) {
    const std::uint32_t root = compile_expr(expr, builder);
    rules_.push_back({.node = node, .text = std::string(text), .root = root});
}

double RuleMatcher::trigger_cost(std::uint32_t index) const {
    const Expr& expr = exprs_[index];
    switch (expr.kind) {
    case Kind::Term:
        return term_costs_[expr.term];
    case Kind::Or: {
        double sum = 0.0;
        for (const std::uint32_t child : expr.children) {
            sum += trigger_cost(child);
        }
        return sum;
    }
    case Kind::And: {
        double best = std::numeric_limits<double>::infinity();
        for (const std::uint32_t child : expr.children) {
            if (exprs_[child].kind != Kind::Not) {
                best = std::min(best, trigger_cost(child));
            }
        }
        return best;
    }
    case Kind::Not:
        break;
    }
    return std::numeric_limits<double>::infinity();
}

void RuleMatcher::collect_triggers(std::uint32_t index, std::vector<std::uint32_t>& out) const {
    const Expr& expr = exprs_[index];
    switch (expr.kind) {
    case Kind::Term:
        out.push_back(expr.term);
        return;
    case Kind::Or:
        // The OR matches only if one of its children does: each child needs its triggers.
        for (const std::uint32_t child : expr.children) {
            collect_triggers(child, out);
        }
        return;
    case Kind::And: {
        // The AND matches only if all positive children do: the triggers of one suffice.
        std::uint32_t cheapest = 0;
        double best = std::numeric_limits<double>::infinity();
        for (const std::uint32_t child : expr.children) {
            const double cost = exprs_[child].kind == Kind::Not
                                    ? std::numeric_limits<double>::infinity()
                                    : trigger_cost(child);
            if (cost < best) {
                best = cost;
                cheapest = child;
            }
        }
        collect_triggers(cheapest, out);
        return;
    }
    case Kind::Not:
        return;
    }
}

void RuleMatcher::finish() {
    // Each phrase is looked up through one anchor word, preferably a rare one: words frequent in
    // scholarly abstracts are avoided (the less frequent of them preferred), then words of one or
    // two letters, and among the rest the word used by the fewest rule phrases wins.
    std::vector<std::uint32_t> uses(vocabulary_.size(), 0);
    for (const Term& term : terms_) {
        for (const Phrase& phrase : term.alternatives) {
            for (const PhrasePart& part : phrase.parts) {
                ++uses[part.key];
            }
        }
    }
    // Rank of each common stem, most frequent first.
    std::unordered_map<std::string_view, std::size_t> common_rank;
    for (std::size_t at = 0; at < kCommonStems.size();) {
        const std::size_t end = std::min(kCommonStems.find(' ', at), kCommonStems.size());
        common_rank.emplace(kCommonStems.substr(at, end - at), common_rank.size());
        at = end + 1;
    }
    const auto cost = [&](std::uint32_t key) -> double {
        const auto common = common_rank.find(vocabulary_.base(key));
        if (common != common_rank.end()) {
            const auto rank = static_cast<double>(common->second);
            return (static_cast<double>(common_rank.size()) - rank) * 1e6 + uses[key];
        }
        // A word of one or two letters is a short, unselective prefix ("re" starts many words).
        return (vocabulary_.base(key).size() <= 2 ? 1e5 : 0.0) + uses[key];
    };
    term_costs_.assign(terms_.size(), 0.0);
    for (std::size_t index = 0; index < terms_.size(); ++index) {
        Term& term = terms_[index];
        for (Phrase& phrase : term.alternatives) {
            for (std::uint32_t i = 1; i < phrase.parts.size(); ++i) {
                if (cost(phrase.parts[i].key) < cost(phrase.parts[phrase.anchor].key)) {
                    phrase.anchor = i;
                }
            }
            term_costs_[index] += cost(phrase.parts[phrase.anchor].key);
        }
        // Titles are short: finding an anchor there is cheap.
        if (term.field == RuleField::Title) {
            term_costs_[index] /= 20.0;
        }
    }

    // Triggers of each rule; they are the indexed terms.
    terms_by_key_.assign(vocabulary_.size(), {});
    rules_by_term_.assign(terms_.size(), {});
    std::vector<std::uint32_t> triggers;
    for (std::uint32_t rule = 0; rule < rules_.size(); ++rule) {
        triggers.clear();
        collect_triggers(rules_[rule].root, triggers);
        std::sort(triggers.begin(), triggers.end());
        triggers.erase(std::unique(triggers.begin(), triggers.end()), triggers.end());
        for (const std::uint32_t index : triggers) {
            rules_by_term_[index].push_back(rule);
            Term& term = terms_[index];
            if (term.indexed) {
                continue;
            }
            term.indexed = true;
            for (const Phrase& phrase : term.alternatives) {
                const std::uint32_t key = phrase.parts[phrase.anchor].key;
                if (term.field != RuleField::Abstract) {
                    vocabulary_.add_anchor(key, Vocabulary::Scope::Title);
                }
                if (term.field != RuleField::Title) {
                    vocabulary_.add_anchor(key, Vocabulary::Scope::Abstract);
                }
                auto& terms = terms_by_key_[key];
                if (terms.empty() || terms.back() != index) {
                    terms.push_back(index);
                }
            }
        }
    }
}

RuleMatcher::Evidence RuleMatcher::evaluate(std::uint32_t index, WorkState& work) const {
    const Expr& expr = exprs_[index];
    Evidence evidence = evaluate_node(expr, work);
    if (expr.min_abstract > 0 && evidence.abstract_hits < expr.min_abstract) {
        // `abstract>=N:` restricts its words to the abstract, so there is no title evidence.
        return {};
    }
    return evidence;
}

RuleMatcher::Evidence RuleMatcher::evaluate_node(const Expr& expr, WorkState& work) const {
    switch (expr.kind) {
    case Kind::Term: {
        const Term& term = terms_[expr.term];
        if (work.stamps[expr.term] != work.generation) {
            // An indexed term whose anchors are absent does not occur; others are counted now.
            WorkState::Hits hits;
            if (!term.indexed) {
                if (term.field != RuleField::Abstract) {
                    hits.title = count(work, work.title, term);
                }
                if (term.field != RuleField::Title) {
                    hits.abstract = count(work, work.abstract, term);
                }
            }
            work.stamps[expr.term] = work.generation;
            work.hits[expr.term] = hits;
        }
        const WorkState::Hits hits = work.hits[expr.term];
        return {.score = hits.title > 0 ? kTitleScore : abstract_score(hits.abstract),
                .abstract_hits = hits.abstract,
                .title_hits = hits.title};
    }
    case Kind::Or: {
        Evidence evidence;
        for (const std::uint32_t child : expr.children) {
            const Evidence found = evaluate(child, work);
            if (found.score > 0.0) {
                evidence.score = std::max(evidence.score, found.score);
                evidence.title_hits += found.title_hits;
                evidence.abstract_hits += found.abstract_hits;
            }
        }
        // Several words of one OR, each seen in the abstract, add up.
        evidence.score = std::max(evidence.score, abstract_score(evidence.abstract_hits));
        return evidence;
    }
    case Kind::And: {
        constexpr std::uint32_t kUnset = std::numeric_limits<std::uint32_t>::max();
        Evidence evidence{.score = kTitleScore, .abstract_hits = kUnset, .title_hits = kUnset};
        for (const std::uint32_t child : expr.children) {
            const Evidence found = evaluate(child, work);
            if (found.score <= 0.0) {
                return {};
            }
            evidence.score = std::min(evidence.score, found.score);
            if (exprs_[child].kind != Kind::Not) {
                evidence.abstract_hits = std::min(evidence.abstract_hits, found.abstract_hits);
                evidence.title_hits = std::min(evidence.title_hits, found.title_hits);
            }
        }
        if (evidence.abstract_hits == kUnset) {
            evidence.abstract_hits = 0;
            evidence.title_hits = 0;
        }
        return evidence;
    }
    case Kind::Not: {
        const Evidence found = evaluate(expr.children.front(), work);
        return {.score = found.score > 0.0 ? 0.0 : kTitleScore};
    }
    }
    return {};
}

void RuleMatcher::collect_matches(std::uint32_t index,
                                  WorkState& work,
                                  std::vector<Match>& out) const {
    const Expr& expr = exprs_[index];
    if (expr.kind == Kind::Not || evaluate(index, work).score <= 0.0) {
        return;
    }
    if (expr.kind != Kind::Term) {
        for (const std::uint32_t child : expr.children) {
            collect_matches(child, work, out);
        }
        return;
    }
    const Term& term = terms_[expr.term];
    const auto gather = [&](Field& field, bool in_title) {
        std::vector<std::uint32_t> parts;
        for_each_match(work,
                       field,
                       term,
                       [&](const Phrase& phrase, std::uint32_t start, std::uint32_t anchor) {
                           parts.clear();
                           phrase_at(work, field, phrase, start, anchor, &parts);
                           Match match{.in_title = in_title,
                                       .first = start,
                                       .last = start + phrase.parts.back().offset};
                           for (const std::uint32_t token : parts) {
                               match.text += match.text.empty() ? "" : " ";
                               match.text += (*field.tokens)[token].term;
                           }
                           // Keep the longest of overlapping matches ("graph neural network" over
                           // "neural network"), and each place once.
                           const auto overlaps = [&](const Match& other) {
                               return other.in_title == in_title && other.first <= match.last
                                      && match.first <= other.last;
                           };
                           auto known = std::find_if(out.begin(), out.end(), overlaps);
                           if (known == out.end()) {
                               out.push_back(std::move(match));
                           } else if (match.last - match.first > known->last - known->first) {
                               *known = std::move(match);
                           }
                       });
    };
    if (term.field != RuleField::Abstract) {
        gather(work.title, true);
    }
    if (term.field != RuleField::Title) {
        gather(work.abstract, false);
    }
}

std::string RuleMatcher::explain(const Rule& rule, WorkState& work) const {
    std::vector<Match> matches;
    collect_matches(rule.root, work, matches);
    std::sort(matches.begin(), matches.end(), [](const Match& a, const Match& b) {
        return a.in_title != b.in_title ? a.in_title : a.first < b.first;
    });
    const bool in_title = !matches.empty() && matches.front().in_title;
    const bool in_abstract = !matches.empty() && !matches.back().in_title;
    std::string out = "rule: " + rule.text + " \u2014 matched";
    if (in_title) {
        out += " title:";
        append_matches(out, matches, true);
    }
    if (in_abstract) {
        out += in_title ? "; abstract:" : " abstract:";
        append_matches(out, matches, false);
    }
    return out;
}

std::vector<TopicAssignment> RuleMatcher::match(const std::vector<Token>& title,
                                                const std::vector<Token>& abstract,
                                                schema::TermBuilder& builder) const {
    struct Candidate {
        std::size_t node = 0;
        std::uint32_t rule = 0;
        double score = 0.0;
        std::uint32_t hits = 0;
    };
    // Scratch state reused per thread: match() runs once per work during the index build.
    thread_local WorkState work;
    thread_local std::vector<Candidate> candidates;
    ++work.generation;
    if (work.stamps.size() < terms_.size()) {
        work.stamps.resize(terms_.size(), 0);
        work.hits.resize(terms_.size());
    }
    const auto scan = [&](const std::vector<Token>& tokens, Field& field) {
        field.tokens = &tokens;
        field.occurrences.clear();
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            const TokenKeys keys = vocabulary_.keys_of(tokens[i], builder);
            for (std::uint32_t k = 0; k < keys.count; ++k) {
                field.occurrences.push_back({.key = keys.keys[k],
                                             .position = tokens[i].position,
                                             .token = static_cast<std::uint32_t>(i)});
            }
        }
        std::sort(field.occurrences.begin(), field.occurrences.end(), by_key_position);
        if (field.run_stamp.size() < vocabulary_.size()) {
            field.run_start.resize(vocabulary_.size());
            field.run_length.resize(vocabulary_.size());
            field.run_stamp.resize(vocabulary_.size(), 0);
        }
        for (std::size_t i = 0; i < field.occurrences.size(); ++i) {
            const std::uint32_t key = field.occurrences[i].key;
            if (field.run_stamp[key] != work.generation) {
                field.run_stamp[key] = work.generation;
                field.run_start[key] = static_cast<std::uint32_t>(i);
                field.run_length[key] = 0;
            }
            ++field.run_length[key];
        }
    };
    scan(title, work.title);
    scan(abstract, work.abstract);

    // Count the indexed terms whose anchors occur, and collect the rules they trigger.
    work.rules.clear();
    for (const auto& [field, scope] : {std::pair{&work.title, Vocabulary::Scope::Title},
                                       std::pair{&work.abstract, Vocabulary::Scope::Abstract}}) {
        std::uint32_t last = Vocabulary::kNoKey;
        for (const Occurrence& occurrence : field->occurrences) {
            if (occurrence.key == last || !vocabulary_.is_anchor(occurrence.key, scope)) {
                continue;
            }
            last = occurrence.key;
            for (const std::uint32_t index : terms_by_key_[occurrence.key]) {
                if (work.stamps[index] == work.generation) {
                    continue;
                }
                const Term& term = terms_[index];
                WorkState::Hits hits;
                if (term.field != RuleField::Abstract) {
                    hits.title = count(work, work.title, term);
                }
                if (term.field != RuleField::Title) {
                    hits.abstract = count(work, work.abstract, term);
                }
                work.stamps[index] = work.generation;
                work.hits[index] = hits;
                if (hits.title > 0 || hits.abstract > 0) {
                    const std::vector<std::uint32_t>& rules = rules_by_term_[index];
                    work.rules.insert(work.rules.end(), rules.begin(), rules.end());
                }
            }
        }
    }
    std::sort(work.rules.begin(), work.rules.end());
    work.rules.erase(std::unique(work.rules.begin(), work.rules.end()), work.rules.end());

    candidates.clear();
    for (const std::uint32_t rule : work.rules) {
        const Evidence evidence = evaluate(rules_[rule].root, work);
        if (evidence.score <= 0.0) {
            continue;
        }
        const std::size_t node = rules_[rule].node;
        const std::uint32_t hits = evidence.title_hits + evidence.abstract_hits;
        auto same = std::find_if(candidates.begin(), candidates.end(), [node](const Candidate& c) {
            return c.node == node;
        });
        if (same == candidates.end()) {
            candidates.push_back(
                {.node = node, .rule = rule, .score = evidence.score, .hits = hits});
        } else if (evidence.score > same->score
                   || (evidence.score == same->score && hits > same->hits)) {
            *same = {.node = node, .rule = rule, .score = evidence.score, .hits = hits};
        }
    }
    std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
        if (a.score != b.score) {
            return a.score > b.score;
        }
        if (a.hits != b.hits) {
            return a.hits > b.hits;
        }
        return a.node < b.node;
    });

    std::vector<TopicAssignment> out;
    if (candidates.size() > 1 && candidates.front().score < kAmbiguousBelow) {
        return out;
    }
    for (const Candidate& candidate : candidates) {
        if (out.size() == kMaxTopicsPerWork
            || candidate.score < candidates.front().score - kRelativeCut
            || (!out.empty() && candidate.score < kMinSecondaryScore)) {
            break;
        }
        out.push_back({.node = candidate.node,
                       .score = candidate.score,
                       .explanation = explain(rules_[candidate.rule], work)});
    }
    return out;
}

} // namespace peerscope::indexer::taxonomy_detail
