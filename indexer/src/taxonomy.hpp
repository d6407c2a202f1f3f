/// @file Topics assigned from a taxonomy file by rules over the analysed title and abstract.
#pragma once

#include "peerscope/analyzers/token.hpp"
#include "peerscope/schema/term_builder.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace peerscope::indexer {

/// One node of the taxonomy: a domain, field, subfield or topic.
struct TaxonomyNode {
    std::string key;           ///< the taxonomy's own id ("ml.rl"), unique in the file
    std::uint32_t code = 0;    ///< stable numeric code from the file; the entity id is "T" + code
    std::string display_name;  ///< "Reinforcement Learning"
    std::string description;   ///< one sentence
    std::string level;         ///< "domain", "field", "subfield" or "topic"
    std::string parent_key;    ///< key of the parent; empty for a domain
    std::vector<std::string> rules; ///< the rules as written in the file (empty for pure grouping nodes)
};

/// A topic assigned to a work, with the evidence.
struct TopicAssignment {
    std::size_t node = 0;      ///< index into Taxonomy::nodes()
    double score = 0.0;        ///< strength in (0, 1]; higher when the title matched
    std::string explanation;   ///< the rule that matched and the words that satisfied it
};

/// A parsed taxonomy with compiled rules. Immutable after construction; assign() is const and
/// thread-safe given one TermBuilder per thread.
class Taxonomy final {
public:
    /// Parses a taxonomy file; throws indexer::Error(Errc::BadTaxonomy, "FILE:LINE: what is wrong").
    /// @p builder is used to analyse rule words exactly as documents and queries are analysed.
    static Taxonomy load(const std::string& path, schema::TermBuilder& builder);
    /// Same, from text (origin names it in messages).
    static Taxonomy parse(std::string_view text, const std::string& origin, schema::TermBuilder& builder);
    /// The ML / CS taxonomy shipped with Peerscope (embedded in the binary at build time).
    static Taxonomy builtin(schema::TermBuilder& builder);

    Taxonomy(Taxonomy&&) noexcept;
    Taxonomy& operator=(Taxonomy&&) noexcept;
    ~Taxonomy();

    /// Every node, parents before children.
    [[nodiscard]] const std::vector<TaxonomyNode>& nodes() const noexcept;

    /// Topics for a work from its analysed title and abstract tokens (as produced by
    /// builder.analyzer()), best first. @p builder supplies stems (not shared across threads).
    [[nodiscard]] std::vector<TopicAssignment> assign(const std::vector<analyzers::Token>& title,
                                                      const std::vector<analyzers::Token>& abstract,
                                                      schema::TermBuilder& builder) const;

private:
    struct Impl;
    explicit Taxonomy(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

} // namespace peerscope::indexer
