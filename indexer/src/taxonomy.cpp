#include "taxonomy.hpp"

#include "peerscope/indexer/error.hpp"
#include "taxonomy_builtin.hpp"
#include "taxonomy_file.hpp"
#include "taxonomy_matcher.hpp"
#include "taxonomy_rule.hpp"

#include <fstream>
#include <sstream>
#include <utility>

namespace peerscope::indexer {

struct Taxonomy::Impl {
    std::vector<TaxonomyNode> nodes;
    taxonomy_detail::RuleMatcher matcher;
};

Taxonomy::Taxonomy(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Taxonomy::Taxonomy(Taxonomy&&) noexcept = default;
Taxonomy& Taxonomy::operator=(Taxonomy&&) noexcept = default;
Taxonomy::~Taxonomy() = default;

Taxonomy Taxonomy::load(const std::string& path, schema::TermBuilder& builder) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw Error(Errc::Io, "cannot open taxonomy file " + path);
    }
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) {
        throw Error(Errc::Io, "cannot read taxonomy file " + path);
    }
    return parse(text.str(), path, builder);
}

Taxonomy
Taxonomy::parse(std::string_view text, const std::string& origin, schema::TermBuilder& builder) {
    using taxonomy_detail::located;
    std::vector<taxonomy_detail::FileNode> file_nodes =
        taxonomy_detail::read_taxonomy_file(text, origin);
    auto impl = std::make_unique<Impl>();
    impl->nodes.reserve(file_nodes.size());
    for (std::size_t index = 0; index < file_nodes.size(); ++index) {
        const taxonomy_detail::FileNode& file_node = file_nodes[index];
        for (std::size_t r = 0; r < file_node.node.rules.size(); ++r) {
            const std::string& rule = file_node.node.rules[r];
            const std::size_t line = file_node.rule_lines[r];
            try {
                impl->matcher.add_rule(index, rule, taxonomy_detail::parse_rule(rule), builder);
            } catch (const taxonomy_detail::RuleSyntaxError& e) {
                throw Error(Errc::BadTaxonomy,
                            located(origin,
                                    line,
                                    "rule of '" + file_node.node.key + "', column "
                                        + std::to_string(e.column()) + ": " + e.what()));
            } catch (const taxonomy_detail::RuleAnalysisError& e) {
                throw Error(
                    Errc::BadTaxonomy,
                    located(origin, line, "rule of '" + file_node.node.key + "': " + e.what()));
            }
        }
        impl->nodes.push_back(file_node.node);
    }
    impl->matcher.finish();
    return Taxonomy(std::move(impl));
}

Taxonomy Taxonomy::builtin(schema::TermBuilder& builder) {
    return parse(taxonomy_detail::builtin_taxonomy_text(), "builtin:ml-cs.taxonomy", builder);
}

const std::vector<TaxonomyNode>& Taxonomy::nodes() const noexcept {
    return impl_->nodes;
}

std::vector<TopicAssignment> Taxonomy::assign(const std::vector<analyzers::Token>& title,
                                              const std::vector<analyzers::Token>& abstract,
                                              schema::TermBuilder& builder) const {
    return impl_->matcher.match(title, abstract, builder);
}

} // namespace peerscope::indexer
