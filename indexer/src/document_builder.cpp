#include "document_builder.hpp"

#include "peerscope/schema/codec.hpp"
#include "peerscope/schema/prefixes.hpp"
#include "peerscope/schema/slots.hpp"
#include "peerscope/schema/terms.hpp"

#include <algorithm>
#include <set>

namespace peerscope::indexer {
namespace {

namespace prefix = schema::prefix;

constexpr std::size_t kMaxAssignedTopics = 3;
constexpr std::uint32_t kAuthorPositionGap = 4;

using schema::term;

std::uint32_t code_of(const std::string& id) {
    auto ref = schema::parse_entity_id(id);
    return ref ? ref->code : 0;
}

schema::FacetCodes facet_codes(const schema::WorkData& work) {
    schema::FacetCodes codes;
    codes.source = code_of(work.primary_source.id);
    codes.year = work.publication_year > 0 && work.publication_year < 65536
        ? static_cast<std::uint16_t>(work.publication_year) : 0;
    codes.type = schema::type_code(work.type);
    codes.cited_by = static_cast<std::uint32_t>(std::max(0L, work.cited_by_count));
    for (const auto& topic : work.topics) {
        if (std::uint32_t code = code_of(topic.id)) {
            codes.topics.push_back(code);
        }
    }
    for (const auto& a : work.authorships) {
        if (std::uint32_t code = code_of(a.author_id)) {
            codes.authors.push_back(code);
        }
    }
    return codes;
}

} // namespace

std::string taxonomy_topic_id(const TaxonomyNode& node) {
    return schema::entity_id(schema::EntityKind::Topic, node.code);
}

std::string work_id_term(const std::string& work_id) { return term(prefix::kWorkId, work_id); }

DocumentBuilder::DocumentBuilder(const Taxonomy* taxonomy, const TopicTree& tree)
    : taxonomy_(taxonomy), tree_(tree) {}

Xapian::Document DocumentBuilder::build(ResolvedWork& resolved) {
    schema::WorkData& work = resolved.data;
    analyzers::Analyzer& analyzer = terms_.analyzer();
    title_tokens_.clear();
    abstract_tokens_.clear();
    analyzer.analyze(work.title, title_tokens_);
    analyzer.analyze(work.abstract, abstract_tokens_);

    if (!resolved.has_source_topics && taxonomy_ != nullptr) {
        work.topics.erase(std::remove_if(work.topics.begin(), work.topics.end(),
                                         [](const auto& t) { return t.reason != "source"; }),
                          work.topics.end());
        std::vector<TopicAssignment> assigned = taxonomy_->assign(title_tokens_, abstract_tokens_, terms_);
        const auto& nodes = taxonomy_->nodes();
        for (const TopicAssignment& a : assigned) {
            if (work.topics.size() >= kMaxAssignedTopics) {
                break;
            }
            const TaxonomyNode& node = nodes[a.node];
            work.topics.push_back(schema::TopicData{taxonomy_topic_id(node), node.display_name, a.score,
                                                    a.explanation});
        }
    }

    Xapian::Document doc;
    terms_.index_tokens(doc, schema::TextField::Title, title_tokens_, 1);
    terms_.index_tokens(doc, schema::TextField::Abstract, abstract_tokens_, 1);
    std::uint32_t position = 1;
    for (const auto& a : work.authorships) {
        name_tokens_.clear();
        std::uint32_t next = analyzer.analyze(a.display_name, name_tokens_, 0);
        terms_.index_tokens(doc, schema::TextField::AuthorName, name_tokens_, position);
        position += next + kAuthorPositionGap;
    }

    doc.add_boolean_term(work_id_term(work.id));
    for (const auto& alt : work.alt_ids) {
        doc.add_boolean_term(term(prefix::kAltId, alt));
    }
    for (const auto& a : work.authorships) {
        if (!a.author_id.empty()) {
            doc.add_boolean_term(term(prefix::kAuthorId, a.author_id));
        }
    }
    if (!work.primary_source.id.empty()) {
        doc.add_boolean_term(term(prefix::kSourceId, work.primary_source.id));
    }
    std::set<std::string> topic_terms;
    for (const auto& topic : work.topics) {
        for (const auto& id : tree_.lineage(topic.id)) {
            topic_terms.insert(id);
        }
    }
    for (const auto& id : topic_terms) {
        doc.add_boolean_term(term(prefix::kTopicId, id));
    }
    if (work.publication_year != 0) {
        doc.add_boolean_term(term(prefix::kYear, std::to_string(work.publication_year)));
        doc.add_value(schema::slot(schema::WorkSlot::Year), schema::encode_number(work.publication_year));
    }
    if (!work.publication_date.empty()) {
        doc.add_value(schema::slot(schema::WorkSlot::Date), work.publication_date);
    }
    if (!work.type.empty()) {
        doc.add_boolean_term(term(prefix::kType, work.type));
    }
    if (!work.doi.empty()) {
        doc.add_boolean_term(term(prefix::kDoi, work.doi));
    }
    if (!work.arxiv_id.empty()) {
        doc.add_boolean_term(term(prefix::kArxiv, work.arxiv_id));
    }
    if (!work.openalex_id.empty()) {
        doc.add_boolean_term(term(prefix::kOpenAlex, work.openalex_id));
    }
    if (!work.language.empty()) {
        doc.add_boolean_term(term(prefix::kLanguage, work.language));
    }
    for (const auto& ref : work.referenced_works) {
        doc.add_boolean_term(term(prefix::kCites, ref));
    }
    if (!resolved.version_key.empty()) {
        doc.add_boolean_term(term(prefix::kVersionKey, resolved.version_key));
    }
    if (!work.abstract.empty()) {
        doc.add_boolean_term(term(prefix::kHas, "abstract"));
    }
    doc.add_value(schema::slot(schema::WorkSlot::CitedBy), schema::encode_number(static_cast<double>(work.cited_by_count)));
    doc.add_value(schema::slot(schema::WorkSlot::Facets), schema::encode_facets(facet_codes(work)));
    doc.add_value(schema::slot(schema::WorkSlot::TitleKey), analyzer.fold(work.title));
    doc.set_data(schema::encode_work(work));
    return doc;
}

void set_cited_by(Xapian::Document& doc, schema::WorkData& work, long cited_by) {
    work.cited_by_count = cited_by;
    doc.add_value(schema::slot(schema::WorkSlot::CitedBy), schema::encode_number(static_cast<double>(cited_by)));
    doc.add_value(schema::slot(schema::WorkSlot::Facets), schema::encode_facets(facet_codes(work)));
    doc.set_data(schema::encode_work(work));
}

} // namespace peerscope::indexer
