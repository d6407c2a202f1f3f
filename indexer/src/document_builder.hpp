/// @file Turns a resolved work into its Xapian document (terms, values, data).
#pragma once

#include "entities.hpp"
#include "resolver.hpp"
#include "taxonomy.hpp"

#include "peerscope/schema/term_builder.hpp"

#include <xapian.h>

#include <string>
#include <vector>

namespace peerscope::indexer {

/// Builds work documents. Holds per-thread analysis state: one instance per thread.
class DocumentBuilder final {
public:
    /// @p taxonomy may be null (no assigned topics); it and @p tree must outlive the builder.
    DocumentBuilder(const Taxonomy* taxonomy, const TopicTree& tree);

    /// Assigns taxonomy topics to @p work when it has none from its source (updating
    /// work.data.topics), then builds its document. The cited-by count must already be final.
    [[nodiscard]] Xapian::Document build(ResolvedWork& work);

    /// The term builder (analysis) of this thread.
    [[nodiscard]] schema::TermBuilder& terms() noexcept { return terms_; }

private:
    const Taxonomy* taxonomy_;
    const TopicTree& tree_;
    schema::TermBuilder terms_;
    std::vector<analyzers::Token> title_tokens_;
    std::vector<analyzers::Token> abstract_tokens_;
    std::vector<analyzers::Token> name_tokens_;
};

/// The entity id of a taxonomy node.
[[nodiscard]] std::string taxonomy_topic_id(const TaxonomyNode& node);

/// The unique-id term of a work.
[[nodiscard]] std::string work_id_term(const std::string& work_id);

/// Rewrites the cited-by count of a stored work document (data, value and facet codes).
void set_cited_by(Xapian::Document& doc, schema::WorkData& work, long cited_by);

} // namespace peerscope::indexer
