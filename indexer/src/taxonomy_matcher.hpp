/// @file Compiled taxonomy rules: terms analysed into stem keys, the inverted indexes from anchor
/// words to terms and from trigger terms to rules, and the per-work evaluation that scores and
/// explains topics.
#pragma once

#include "peerscope/analyzers/token.hpp"
#include "peerscope/schema/term_builder.hpp"
#include "taxonomy.hpp"
#include "taxonomy_rule.hpp"
#include "taxonomy_vocabulary.hpp"

#include <cstddef>
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace peerscope::indexer::taxonomy_detail {

/// Scoring constants (documented in docs/taxonomy.md).
inline constexpr double kTitleScore = 1.0;         ///< a rule satisfied by title words
inline constexpr double kAbstractFirstScore = 0.5; ///< one occurrence in the abstract
inline constexpr double kAbstractStepScore = 0.1;  ///< per further occurrence
inline constexpr double kAbstractMaxScore = 0.8;   ///< abstract evidence stays below the title's
inline constexpr double kRelativeCut = 0.35;       ///< drop topics scoring below best - this
/// When the best evidence is a single abstract occurrence (score below this), a topic is assigned
/// only if it is the only candidate: several competing passing mentions are ambiguous.
inline constexpr double kAmbiguousBelow = kAbstractFirstScore + kAbstractStepScore / 2;
/// A topic after the first needs more than a single abstract occurrence.
inline constexpr double kMinSecondaryScore = kAmbiguousBelow;
inline constexpr std::size_t kMaxTopicsPerWork = 3; ///< at most this many topics per work

/// A rule word that yields no term after analysis (e.g. only punctuation).
class RuleAnalysisError final : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// The rules of a taxonomy in compiled form. Built once (not thread-safe while building), then
/// immutable: match() is const and thread-safe given one TermBuilder per thread (it keeps its
/// scratch state in thread-local storage).
///
/// How a work is matched: each rule has trigger terms, enough to tell that it cannot match when
/// none of them occurs (all positive terms of an OR, the cheapest positive child of an AND). Each
/// phrase of a trigger term has an anchor word, its rarest. The work's tokens are scanned for
/// anchors only (a prefix test rejects most tokens before they are stemmed); the trigger terms
/// of the anchors found are counted, and only the rules of the trigger terms that occur are
/// evaluated. Other terms of those rules are counted on demand.
class RuleMatcher final {
  public:
    /// Compiles one rule of @p node. @p text is kept for explanations. Throws RuleAnalysisError
    /// when a word or phrase of the rule analyses to nothing.
    void add_rule(std::size_t node,
                  std::string_view text,
                  const RuleExpr& expr,
                  schema::TermBuilder& builder);

    /// Chooses anchors and triggers and builds the indexes used by match(); call once, after
    /// the last add_rule().
    void finish();

    /// Topics of a work, best first (at most kMaxTopicsPerWork), each with its explanation.
    [[nodiscard]] std::vector<TopicAssignment> match(const std::vector<analyzers::Token>& title,
                                                     const std::vector<analyzers::Token>& abstract,
                                                     schema::TermBuilder& builder) const;

    /// Number of distinct keys (stems and exact words) the rules use.
    [[nodiscard]] std::size_t key_count() const noexcept { return vocabulary_.size(); }
    /// Number of distinct terms (words and phrases with their field) the rules use.
    [[nodiscard]] std::size_t term_count() const noexcept { return terms_.size(); }

    /// Implementation types, public so the helpers in the .cpp can name them.
    struct PhrasePart {
        std::uint32_t offset = 0; ///< position relative to the phrase's first word
        std::uint32_t key = 0;
    };
    struct Phrase {
        std::vector<PhrasePart> parts;
        std::uint32_t anchor = 0; ///< the part looked up first, the rarest
    };
    struct Term {
        RuleField field = RuleField::Any;
        std::vector<Phrase> alternatives; ///< plain parts, and forms with hyphen-joined words
        bool indexed = false;             ///< a trigger of some rule: found through its anchors
    };
    struct Expr {
        RuleExpr::Kind kind = RuleExpr::Kind::Term;
        std::uint32_t term = 0;              ///< Term: index into terms_
        std::uint32_t min_abstract = 0;      ///< `abstract>=N:` on this term or group
        std::vector<std::uint32_t> children; ///< And/Or/Not: indices into exprs_
    };
    struct Rule {
        std::size_t node = 0;
        std::string text;
        std::uint32_t root = 0; ///< index into exprs_
    };
    /// What is known about one rule expression for one work.
    struct Evidence {
        double score = 0.0; ///< 0 when not satisfied
        std::uint32_t abstract_hits = 0;
        std::uint32_t title_hits = 0;
    };
    struct WorkState;
    struct Match;

  private:
    std::uint32_t compile_expr(const RuleExpr& expr, schema::TermBuilder& builder);
    std::uint32_t compile_term(const RuleExpr& term, schema::TermBuilder& builder);
    [[nodiscard]] double trigger_cost(std::uint32_t expr) const;
    void collect_triggers(std::uint32_t expr, std::vector<std::uint32_t>& out) const;
    [[nodiscard]] Evidence evaluate(std::uint32_t expr, WorkState& work) const;
    [[nodiscard]] Evidence evaluate_node(const Expr& expr, WorkState& work) const;
    [[nodiscard]] std::string explain(const Rule& rule, WorkState& work) const;
    void collect_matches(std::uint32_t expr, WorkState& work, std::vector<Match>& out) const;

    Vocabulary vocabulary_;
    std::vector<Term> terms_;
    std::vector<double> term_costs_;                        ///< per term, for choosing triggers
    std::map<std::string, std::uint32_t> term_ids_;         ///< a term's signature -> its index
    std::vector<std::vector<std::uint32_t>> terms_by_key_;  ///< anchor key -> indexed terms
    std::vector<std::vector<std::uint32_t>> rules_by_term_; ///< trigger term -> its rules
    std::vector<Expr> exprs_;
    std::vector<Rule> rules_;
};

} // namespace peerscope::indexer::taxonomy_detail
