#include "peerscope/indexer/error.hpp"
#include "peerscope/indexer/reader.hpp"
#include "peerscope/schema/term_builder.hpp"
#include "peerscope/test/data_paths.hpp"
#include "peerscope/test/temp_dir.hpp"
#include "taxonomy.hpp"

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <ctime>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace indexer = peerscope::indexer;
namespace schema = peerscope::schema;
namespace test = peerscope::test;
namespace bdata = boost::unit_test::data;
using indexer::Taxonomy;
using indexer::TopicAssignment;

namespace {

/// A domain, a field and a subfield "s" for hand-made topics; 17 lines and a blank one.
const std::string kHeader = R"([d]
code: 1
level: domain
name: D
description: A domain.
[f]
code: 2
level: field
parent: d
name: F
description: A field.
[s]
code: 3
level: subfield
parent: f
name: S
description: A subfield.

)";
constexpr std::size_t kHeaderLines = 18;

/// A topic block under subfield "s".
std::string topic(const std::string& id, int code, const std::vector<std::string>& rules) {
    std::string out = "[" + id + "]\ncode: " + std::to_string(code)
                      + "\nlevel: topic\nparent: s\nname: " + id + "\ndescription: Topic " + id
                      + ".\n";
    for (const std::string& rule : rules) {
        out += "rule: " + rule + "\n";
    }
    return out + "\n";
}

/// One taxonomy and one term builder, and the topics it gives hand-made works.
struct Matcher {
    schema::TermBuilder builder;
    Taxonomy taxonomy;

    explicit Matcher(const std::string& topics)
        : taxonomy(Taxonomy::parse(kHeader + topics, "test.taxonomy", builder)) {}

    std::vector<TopicAssignment> assign(const std::string& title,
                                        const std::string& abstract = "") {
        const auto title_tokens = builder.analyzer().analyze(title);
        const auto abstract_tokens = builder.analyzer().analyze(abstract);
        return taxonomy.assign(title_tokens, abstract_tokens, builder);
    }

    /// The ids of the assigned topics, best first.
    std::vector<std::string> keys(const std::string& title, const std::string& abstract = "") {
        std::vector<std::string> out;
        for (const TopicAssignment& a : assign(title, abstract)) {
            out.push_back(taxonomy.nodes()[a.node].key);
        }
        return out;
    }

    /// The score of topic @p key, or 0 when it is not assigned.
    double
    score(const std::string& key, const std::string& title, const std::string& abstract = "") {
        for (const TopicAssignment& a : assign(title, abstract)) {
            if (taxonomy.nodes()[a.node].key == key) {
                return a.score;
            }
        }
        return 0.0;
    }
};

bool has(const std::vector<std::string>& keys, const std::string& key) {
    return std::find(keys.begin(), keys.end(), key) != keys.end();
}

// ------------------------------------------------------------------------------ parse errors

struct BadTaxonomy {
    std::string name;
    std::string text;     ///< after kHeader
    std::size_t line;     ///< within text, 1-based
    std::string fragment; ///< expected in the message
};

std::ostream& operator<<(std::ostream& os, const BadTaxonomy& c) {
    return os << c.name;
}

const std::vector<BadTaxonomy> kBadTaxonomies = {
    {"unknown parent",
     "[t]\ncode: 9\nlevel: topic\nparent: nowhere\nname: T\ndescription: T.\nrule: a\n",
     4,
     "unknown parent 'nowhere' of 't'"},
    {"duplicate id",
     topic("t", 9, {"a"}) + topic("t", 10, {"b"}),
     9,
     "duplicate id 't' (first defined at line 19)"},
    {"duplicate code",
     topic("t", 9, {"a"}) + topic("u", 9, {"b"}),
     10,
     "duplicate code 9 in 'u' (already used by 't')"},
    {"unclosed parenthesis",
     topic("t", 9, {"(graph OR tree"}),
     7,
     "column 1: unbalanced parenthesis: the '(' at column 1 is never closed"},
    {"stray closing parenthesis",
     topic("t", 9, {"graph) OR tree"}),
     7,
     "unbalanced parenthesis: the ')' at column 6 has no matching '('"},
    {"unclosed quote",
     topic("t", 9, {"\"graph neural OR tree"}),
     7,
     "unbalanced quote: the '\"' at column 1 is never closed"},
    {"empty rule", topic("t", 9, {""}), 7, "empty rule"},
    {"empty parentheses", topic("t", 9, {"graph AND ()"}), 7, "empty parentheses '()'"},
    {"dangling operator",
     topic("t", 9, {"graph OR"}),
     7,
     "OR needs a word, a \"phrase\" or '(' after it"},
    {"rule without a positive word",
     topic("t", 9, {"NOT survey"}),
     7,
     "the rule could match a work without any of its words"},
    {"unknown field prefix", topic("t", 9, {"venue:icml"}), 7, "unknown field 'venue:'"},
    {"bad count", topic("t", 9, {"abstract>=0:graph"}), 7, "needs a count from 1 to 100"},
    {"conflicting fields",
     topic("t", 9, {"title:(graph OR abstract:tree)"}),
     7,
     "conflicting fields"},
    {"word without terms",
     topic("t", 9, {"\"--\" OR graph"}),
     7,
     "'--' gives no word after analysis"},
    {"cycle of parents",
     "[x]\ncode: 9\nlevel: field\nparent: y\nname: X\ndescription: X.\n\n"
     "[y]\ncode: 10\nlevel: subfield\nparent: x\nname: Y\ndescription: Y.\n",
     4,
     "cycle of parents: x -> y -> x"},
    {"unknown key",
     "[t]\ncode: 9\ncolour: red\n",
     3,
     "unknown key 'colour' (expected code, name, level, parent, description or rule)"},
    {"duplicate key", "[t]\ncode: 9\ncode: 10\n", 3, "duplicate key 'code' in node 't'"},
    {"code not a number", "[t]\ncode: nine\n", 2, "code must be a positive whole number"},
    {"topic without rule",
     "[t]\ncode: 9\nlevel: topic\nparent: s\nname: T\ndescription: T.\n",
     1,
     "topic 't' has no 'rule:', so it could never be assigned"},
    {"rule on a subfield",
     "[u]\ncode: 9\nlevel: subfield\nparent: f\nname: U\ndescription: U.\nrule: a\n",
     7,
     "only topics have rules; 'u' is a subfield"},
    {"level out of order",
     "[t]\ncode: 9\nlevel: topic\nparent: f\nname: T\ndescription: T.\nrule: a\n",
     4,
     "the parent of topic 't' must be a subfield, but 'f' is a field"},
    {"unknown level",
     "[t]\ncode: 9\nlevel: chapter\nparent: s\nname: T\ndescription: T.\nrule: a\n",
     3,
     "unknown level 'chapter'"},
    {"missing description",
     "[t]\ncode: 9\nlevel: topic\nparent: s\nname: T\nrule: a\n",
     1,
     "node 't' has no 'description:'"},
    {"continuation without key", "  rule continues\n", 1, "indented line continues nothing"},
    {"bad id", "[Graph Stuff]\n", 1, "bad node id 'Graph Stuff'"},
};

// -------------------------------------------------------------------------- hand-made works

struct KnownWork {
    std::string title;
    std::string abstract;
    std::vector<std::string> expected; ///< topics it must get
    std::vector<std::string> refused;  ///< topics it must not get
};

std::ostream& operator<<(std::ostream& os, const KnownWork& w) {
    return os << w.title;
}

const std::vector<KnownWork> kKnownWorks = {
    {"Graph Neural Networks for Molecular Property Prediction",
     "",
     {"ml.gnn", "sci.molecules"},
     {}},
    {"Conservative Q-Learning for Offline Reinforcement Learning", "", {"ml.rl.offline"}, {}},
    {"Denoising Diffusion Probabilistic Models",
     "We present high quality image synthesis results using diffusion probabilistic models.",
     {"ml.diffusion"},
     {}},
    {"Deep Residual Learning for Image Recognition", "", {"cv.classification"}, {}},
    {"Attention Is All You Need",
     "We propose a new simple network architecture, the Transformer, based solely on attention "
     "mechanisms. Experiments show the Transformer generalizes well to other tasks.",
     {"ml.transformers"},
     {}},
    {"Federated Optimization in Heterogeneous Networks", "", {"ml.federated"}, {}},
    {"Outrageously Large Neural Networks: The Sparsely-Gated Mixture-of-Experts Layer",
     "",
     {"ml.moe"},
     {}},
    {"Towards Deep Learning Models Resistant to Adversarial Attacks", "", {"ml.adversarial"}, {}},
    {"Deep Learning with Differential Privacy", "", {"ml.dp"}, {}},
    {"Faster R-CNN: Towards Real-Time Object Detection with Region Proposal Networks",
     "",
     {"cv.detection"},
     {}},
    {"Sparse Gaussian Processes using Pseudo-inputs", "", {"ml.gp"}, {}},
    {"Language Models are Few-Shot Learners", "", {"nlp.llm", "ml.few-shot"}, {}},
    {"Finite-time Analysis of the Multiarmed Bandit Problem", "", {"ml.bandits"}, {}},
    {"NeRF: Representing Scenes as Neural Radiance Fields for View Synthesis",
     "",
     {"cv.neural-rendering"},
     {}},
    {"Self-Supervised Learning of Pretext-Invariant Representations",
     "",
     {"ml.self-supervised"},
     {}},
    {"Estimating Causal Effects of Treatments with Potential Outcomes",
     "",
     {"ml.causal-inference"},
     {}},
    // Regression tests for stemming traps found while tuning the rules.
    {"REINFORCE Adversarial Attacks on Large Language Models",
     "",
     {"ml.adversarial"},
     {"ml.rl.general"}},
    {"Learning the Unlearned: Mitigating Feature Suppression in Contrastive Learning",
     "",
     {"ml.self-supervised"},
     {"ml.unlearning"}},
    {"Transformation-Invariant Clustering Using the EM Algorithm",
     "",
     {"ml.clustering"},
     {"ml.transformers"}},
    {"Optimal Bounds for Sorting", "", {}, {"ml.dl-optimization", "opt.convex"}},
    {"Implicit Transfer Operator Learning for Molecular Dynamics",
     "",
     {"sci.materials"},
     {"ml.transfer"}},
    {"Tracking Linear-threshold Concepts with Winnow", "", {}, {"cv.tracking"}},
    {"A Hidden Markov Model for Speech", "", {"ml.hmm", "audio.asr"}, {}},
};

// ------------------------------------------------------------------------------- real data

/// What the built-in taxonomy gives the whole ML Anthology: read and matched once, on two
/// threads with one term builder each, as the indexer does.
struct Coverage {
    std::size_t works = 0;
    std::size_t covered = 0;
    std::size_t assignments = 0;
    std::size_t bad_assignments = 0; ///< scores outside (0, 1], empty explanations, order
    std::size_t too_many = 0;        ///< works with more than 3 topics
    double seconds_assigning = 0;
    std::map<std::string, std::size_t> by_topic;
};

/// CPU time of the calling thread: the machine may be shared, so wall time would mislead.
double thread_cpu_seconds() {
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

const Coverage& mlanthology_coverage() {
    static const Coverage coverage = [] {
        Coverage c;
        const std::vector<std::string> files =
            indexer::expand_inputs({test::mirror_file("mlanthology").string()});
        schema::TermBuilder loader;
        const Taxonomy taxonomy = Taxonomy::builtin(loader);
        std::mutex mutex;
        std::atomic<std::size_t> next{0};
        const auto worker = [&] {
            schema::TermBuilder builder;
            std::vector<peerscope::analyzers::Token> title;
            std::vector<peerscope::analyzers::Token> abstract;
            Coverage local;
            indexer::ReadSink sink;
            sink.on_record = [&](indexer::WorkRecord&& r) {
                title.clear();
                abstract.clear();
                builder.analyzer().analyze(r.title, title);
                builder.analyzer().analyze(r.abstract, abstract);
                const double start = thread_cpu_seconds();
                const std::vector<TopicAssignment> topics =
                    taxonomy.assign(title, abstract, builder);
                local.seconds_assigning += thread_cpu_seconds() - start;
                ++local.works;
                local.covered += topics.empty() ? 0 : 1;
                local.assignments += topics.size();
                local.too_many += topics.size() > 3 ? 1 : 0;
                for (std::size_t i = 0; i < topics.size(); ++i) {
                    const bool ok = topics[i].score > 0.0 && topics[i].score <= 1.0
                                    && topics[i].explanation.rfind("rule: ", 0) == 0
                                    && (i == 0 || topics[i].score <= topics[i - 1].score);
                    local.bad_assignments += ok ? 0 : 1;
                    ++local.by_topic[taxonomy.nodes()[topics[i].node].key];
                }
                return true;
            };
            sink.on_problem = [](const indexer::ReadProblem&) { return true; };
            for (std::size_t i = next++; i < files.size(); i = next++) {
                indexer::read_input(files[i], std::nullopt, sink);
            }
            const std::lock_guard<std::mutex> lock(mutex);
            c.works += local.works;
            c.covered += local.covered;
            c.assignments += local.assignments;
            c.bad_assignments += local.bad_assignments;
            c.too_many += local.too_many;
            c.seconds_assigning += local.seconds_assigning;
            for (const auto& [key, n] : local.by_topic) {
                c.by_topic[key] += n;
            }
        };
        std::thread other(worker);
        worker();
        other.join();
        return c;
    }();
    return coverage;
}

} // namespace

BOOST_AUTO_TEST_SUITE(taxonomy)

BOOST_DATA_TEST_CASE(malformed_taxonomies_are_rejected_with_file_and_line,
                     bdata::make(kBadTaxonomies),
                     c) {
    schema::TermBuilder builder;
    const std::string where = "test.taxonomy:" + std::to_string(kHeaderLines + c.line) + ": ";
    BOOST_CHECK_EXCEPTION(Taxonomy::parse(kHeader + c.text, "test.taxonomy", builder),
                          indexer::Error,
                          [&](const indexer::Error& e) {
                              const std::string message = e.what();
                              BOOST_TEST_INFO("message: " << message);
                              return e.code() == indexer::Errc::BadTaxonomy
                                     && message.rfind(where, 0) == 0
                                     && message.find(c.fragment) != std::string::npos;
                          });
}

BOOST_AUTO_TEST_CASE(an_empty_file_is_rejected) {
    schema::TermBuilder builder;
    BOOST_CHECK_EXCEPTION(Taxonomy::parse("# only a comment\n", "empty.taxonomy", builder),
                          indexer::Error,
                          [](const indexer::Error& e) {
                              return e.code() == indexer::Errc::BadTaxonomy
                                     && std::string(e.what())
                                            == "empty.taxonomy:1: the taxonomy has no node";
                          });
}

BOOST_AUTO_TEST_CASE(load_reads_a_file_and_reports_a_missing_one) {
    test::TempDir dir;
    const std::string path = dir / "mine.taxonomy";
    std::ofstream(path) << kHeader << topic("t", 9, {"zebra"});
    schema::TermBuilder builder;
    const Taxonomy taxonomy = Taxonomy::load(path, builder);
    BOOST_TEST(taxonomy.nodes().size() == 4U);
    BOOST_CHECK_EXCEPTION(Taxonomy::load(dir / "missing.taxonomy", builder),
                          indexer::Error,
                          [](const indexer::Error& e) { return e.code() == indexer::Errc::Io; });
}

BOOST_AUTO_TEST_CASE(nodes_come_parents_first_in_file_order_with_their_fields) {
    schema::TermBuilder builder;
    // The topic is written before its subfield: nodes() still lists parents first.
    const std::string text = topic("t", 9, {"zebra", "okapi OR lemur"}) + kHeader;
    const Taxonomy taxonomy = Taxonomy::parse(text, "test.taxonomy", builder);
    std::vector<std::string> keys;
    for (const auto& node : taxonomy.nodes()) {
        keys.push_back(node.key);
    }
    BOOST_TEST(keys == (std::vector<std::string>{"d", "f", "s", "t"}),
               boost::test_tools::per_element());
    const indexer::TaxonomyNode& t = taxonomy.nodes().back();
    BOOST_TEST(t.code == 9U);
    BOOST_TEST(t.level == "topic");
    BOOST_TEST(t.parent_key == "s");
    BOOST_TEST(t.display_name == "t");
    BOOST_TEST(t.description == "Topic t.");
    BOOST_TEST(t.rules == (std::vector<std::string>{"zebra", "okapi OR lemur"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(indented_lines_continue_a_rule_and_comments_are_ignored) {
    Matcher m("# a comment\n[t]\ncode: 9\nlevel: topic\nparent: s\nname: T\ndescription: T.\n"
              "rule: zebra\n  OR okapi\n");
    BOOST_TEST(m.taxonomy.nodes().back().rules.front() == "zebra OR okapi");
    BOOST_TEST(has(m.keys("An okapi"), "t"));
}

BOOST_AUTO_TEST_CASE(and_or_not_parentheses_and_adjacency_combine_as_documented) {
    Matcher m(topic("and", 10, {"zebra AND giraffe"}) + topic("adjacent", 11, {"zebra giraffe"})
              + topic("or", 12, {"okapi OR lemur"}) + topic("not", 13, {"gibbon NOT lemur"})
              + topic("group", 14, {"(tapir OR okapi) AND marmot"}));
    BOOST_TEST(m.keys("zebra and giraffe") == (std::vector<std::string>{"and", "adjacent"}),
               boost::test_tools::per_element());
    BOOST_TEST(m.keys("a zebra alone").empty());
    BOOST_TEST(m.keys("the lemur") == std::vector<std::string>{"or"},
               boost::test_tools::per_element());
    BOOST_TEST(m.keys("the okapi") == std::vector<std::string>{"or"},
               boost::test_tools::per_element());
    BOOST_TEST(m.keys("a gibbon") == std::vector<std::string>{"not"},
               boost::test_tools::per_element());
    BOOST_TEST(!has(m.keys("a gibbon and a lemur"), "not"));
    BOOST_TEST(!has(m.keys("a gibbon", "a lemur in the abstract"), "not"));
    BOOST_TEST(has(m.keys("tapir and marmot"), "group"));
    BOOST_TEST(!has(m.keys("tapir alone"), "group"));
}

BOOST_AUTO_TEST_CASE(not_binds_to_the_term_before_it_like_and) {
    // "a OR b NOT c" is a OR (b AND NOT c), as in Xapian's query parser.
    Matcher m(topic("t", 9, {"okapi OR tapir NOT lemur"}));
    BOOST_TEST(has(m.keys("okapi and lemur"), "t"));
    BOOST_TEST(!has(m.keys("tapir and lemur"), "t"));
}

BOOST_AUTO_TEST_CASE(phrases_need_adjacent_words_in_order_while_words_do_not) {
    Matcher m(topic("phrase", 9, {"\"neural network\""}) + topic("words", 10, {"neural network"}));
    BOOST_TEST(m.keys("A neural network for images")
                   == (std::vector<std::string>{"phrase", "words"}),
               boost::test_tools::per_element());
    BOOST_TEST(m.keys("The network of neural cells") == std::vector<std::string>{"words"},
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(rule_words_match_on_stems_unless_marked_exact) {
    Matcher m(topic("stem", 9, {"networks"}) + topic("exact", 10, {"=transformers"}));
    BOOST_TEST(has(m.keys("A network"), "stem"));
    BOOST_TEST(has(m.keys("Networking"), "stem"));
    BOOST_TEST(has(m.keys("Vision transformers"), "exact"));
    BOOST_TEST(!has(m.keys("Transformation of images"), "exact"));
    BOOST_TEST(!has(m.keys("A transformer"), "exact"));
}

BOOST_AUTO_TEST_CASE(a_hyphenated_rule_word_matches_all_three_spellings) {
    Matcher m(topic("t", 9, {"\"self-supervised learning\""}));
    for (const char* title : {"Self-supervised learning of speech",
                              "Self supervised learning of speech",
                              "Selfsupervised learning of speech"}) {
        BOOST_TEST_INFO(title);
        BOOST_TEST(has(m.keys(title), "t"));
    }
    BOOST_TEST(!has(m.keys("Self learning, supervised"), "t"));
}

BOOST_AUTO_TEST_CASE(title_evidence_scores_highest_and_abstract_evidence_grows_with_repetition,
                     *boost::unit_test::tolerance(1e-9)) {
    Matcher m(topic("t", 9, {"\"graph neural network\""}));
    BOOST_TEST(m.score("t", "Graph neural networks") == 1.0);
    BOOST_TEST(m.score("t", "A title", "We use a graph neural network.") == 0.5);
    BOOST_TEST(m.score("t", "A title", "A graph neural network. Another graph neural network.")
               == 0.6);
    const std::string many = "graph neural network. graph neural network. graph neural network. "
                             "graph neural network. graph neural network. graph neural network.";
    BOOST_TEST(m.score("t", "A title", many) == 0.8);
    BOOST_TEST(m.score("t", "A title", "No such words.") == 0.0);
}

BOOST_AUTO_TEST_CASE(field_prefixes_restrict_where_words_count,
                     *boost::unit_test::tolerance(1e-9)) {
    Matcher m(topic("title", 9, {"title:okapi"}) + topic("abstract", 10, {"abstract:lemur"})
              + topic("twice", 11, {"abstract>=2:tapir"})
              + topic("group", 12, {"abstract>=2:(zebra OR giraffe)"}));
    BOOST_TEST(m.score("title", "An okapi") == 1.0);
    BOOST_TEST(m.score("title", "A title", "An okapi.") == 0.0);
    BOOST_TEST(m.score("abstract", "A lemur") == 0.0);
    BOOST_TEST(m.score("abstract", "A title", "A lemur.") == 0.5);
    BOOST_TEST(m.score("twice", "A title", "A tapir.") == 0.0);
    BOOST_TEST(m.score("twice", "A tapir", "Nothing.") == 0.0);
    BOOST_TEST(m.score("twice", "A title", "A tapir and a tapir.") == 0.6);
    BOOST_TEST(m.score("group", "A title", "A zebra and a giraffe.") == 0.6);
    BOOST_TEST(m.score("group", "A title", "A zebra.") == 0.0);
}

BOOST_AUTO_TEST_CASE(the_explanation_names_the_rule_and_the_matched_words) {
    Matcher m(topic("gnn", 9, {"\"graph neural network\" OR gnn"}));
    const auto topics =
        m.assign("Graph Neural Networks for Chemistry", "We use a GNN. The GNN works.");
    BOOST_TEST_REQUIRE(topics.size() == 1U);
    BOOST_TEST(
        topics.front().explanation
        == "rule: \"graph neural network\" OR gnn \u2014 matched title: graph neural networks; "
           "abstract: gnn \u00d72");
    const auto abstract_only = m.assign("Chemistry", "A graph neural network.");
    BOOST_TEST_REQUIRE(abstract_only.size() == 1U);
    BOOST_TEST(
        abstract_only.front().explanation
        == "rule: \"graph neural network\" OR gnn \u2014 matched abstract: graph neural network");
}

BOOST_AUTO_TEST_CASE(the_explanation_comes_from_the_strongest_rule_of_a_topic) {
    Matcher m(topic("t", 9, {"abstract:zebra", "title:okapi"}));
    const auto topics = m.assign("An okapi", "A zebra.");
    BOOST_TEST_REQUIRE(topics.size() == 1U);
    BOOST_TEST(topics.front().score == 1.0);
    BOOST_TEST(topics.front().explanation == "rule: title:okapi \u2014 matched title: okapi");
}

BOOST_AUTO_TEST_CASE(at_most_three_topics_best_first_and_weak_ones_are_cut) {
    Matcher m(topic("a", 9, {"zebra"}) + topic("b", 10, {"okapi"}) + topic("c", 11, {"lemur"})
              + topic("t", 12, {"tapir"}) + topic("u", 13, {"gibbon"}));
    const auto four = m.keys("zebra okapi lemur tapir");
    BOOST_TEST(four.size() == 3U);
    // Title evidence first, then abstract evidence by the number of occurrences.
    BOOST_TEST(m.keys("zebra", "gibbon gibbon gibbon. tapir tapir tapir tapir.")
                   == (std::vector<std::string>{"a", "t", "u"}),
               boost::test_tools::per_element());
    // Beside a title match, abstract evidence needs three occurrences.
    BOOST_TEST(m.keys("zebra", "okapi okapi.") == std::vector<std::string>{"a"},
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(competing_single_mentions_in_the_abstract_assign_nothing) {
    Matcher m(topic("a", 9, {"zebra"}) + topic("b", 10, {"okapi"}));
    BOOST_TEST(m.keys("A title", "A zebra.") == std::vector<std::string>{"a"},
               boost::test_tools::per_element());
    BOOST_TEST(m.keys("A title", "A zebra and an okapi.").empty());
    // A single mention never adds a second topic; repeated ones may.
    BOOST_TEST(m.keys("A title", "A zebra, a zebra and an okapi.") == std::vector<std::string>{"a"},
               boost::test_tools::per_element());
    BOOST_TEST(m.keys("A title", "A zebra, a zebra, a zebra, an okapi and an okapi.")
                   == (std::vector<std::string>{"a", "b"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(the_builtin_taxonomy_loads_and_every_node_reaches_a_domain) {
    schema::TermBuilder builder;
    const Taxonomy taxonomy = Taxonomy::builtin(builder);
    const auto& nodes = taxonomy.nodes();
    BOOST_TEST(nodes.size() >= 100U);
    BOOST_TEST(nodes.size() <= 300U);
    std::map<std::string, const indexer::TaxonomyNode*> by_key;
    std::set<std::uint32_t> codes;
    std::map<std::string, std::size_t> per_level;
    for (const auto& node : nodes) {
        BOOST_TEST_INFO(node.key);
        BOOST_TEST(by_key.emplace(node.key, &node).second);
        BOOST_TEST(codes.insert(node.code).second);
        BOOST_TEST(!node.display_name.empty());
        BOOST_TEST(!node.description.empty());
        BOOST_TEST(node.description.back() == '.');
        BOOST_TEST(node.rules.empty() == (node.level != "topic"));
        ++per_level[node.level];
        if (!node.parent_key.empty()) {
            BOOST_TEST(by_key.count(node.parent_key) == 1U); // parents come first
        }
    }
    const std::vector<std::string> levels = {"domain", "field", "subfield", "topic"};
    for (const auto& node : nodes) {
        const indexer::TaxonomyNode* walk = &node;
        std::size_t depth = 0;
        while (!walk->parent_key.empty() && depth < 4) {
            walk = by_key.at(walk->parent_key);
            ++depth;
        }
        BOOST_TEST_INFO(node.key);
        BOOST_TEST(walk->level == "domain");
        BOOST_TEST(levels[depth] == node.level);
    }
    BOOST_TEST(per_level["domain"] >= 1U);
    BOOST_TEST(per_level["topic"] >= 100U);
    BOOST_TEST_MESSAGE("built-in taxonomy: " << per_level["domain"] << " domains, "
                                             << per_level["field"] << " fields, "
                                             << per_level["subfield"] << " subfields, "
                                             << per_level["topic"] << " topics");
}

BOOST_DATA_TEST_CASE(well_known_papers_get_the_expected_topics, bdata::make(kKnownWorks), w) {
    static schema::TermBuilder builder;
    static const Taxonomy taxonomy = Taxonomy::builtin(builder);
    std::vector<std::string> keys;
    std::string explained;
    for (const TopicAssignment& a : taxonomy.assign(builder.analyzer().analyze(w.title),
                                                    builder.analyzer().analyze(w.abstract),
                                                    builder)) {
        keys.push_back(taxonomy.nodes()[a.node].key);
        explained += "\n  " + keys.back() + ": " + a.explanation;
    }
    BOOST_TEST_INFO("assigned:" << explained);
    for (const std::string& key : w.expected) {
        BOOST_TEST(has(keys, key), key << " expected");
    }
    for (const std::string& key : w.refused) {
        BOOST_TEST(!has(keys, key), key << " not expected");
    }
}

BOOST_AUTO_TEST_CASE(assign_gives_the_same_answers_on_concurrent_threads) {
    schema::TermBuilder loader;
    const Taxonomy taxonomy = Taxonomy::builtin(loader);
    const auto run = [&](std::vector<std::string>& out) {
        schema::TermBuilder builder;
        for (int round = 0; round < 50; ++round) {
            for (const KnownWork& w : kKnownWorks) {
                for (const TopicAssignment& a :
                     taxonomy.assign(builder.analyzer().analyze(w.title),
                                     builder.analyzer().analyze(w.abstract),
                                     builder)) {
                    out.push_back(taxonomy.nodes()[a.node].key + " " + a.explanation);
                }
            }
        }
    };
    std::vector<std::string> first;
    std::vector<std::string> second;
    std::thread other([&] { run(second); });
    run(first);
    other.join();
    BOOST_TEST(!first.empty());
    BOOST_TEST(first == second);
}

BOOST_AUTO_TEST_CASE(at_least_ninety_percent_of_ml_anthology_gets_a_topic) {
    const Coverage& c = mlanthology_coverage();
    const double share = static_cast<double>(c.covered) / static_cast<double>(c.works);
    BOOST_TEST_MESSAGE("ML Anthology: "
                       << c.works << " works, " << c.covered << " with a topic (" << share * 100.0
                       << "%), "
                       << static_cast<double>(c.assignments) / static_cast<double>(c.works)
                       << " topics per work, "
                       << c.seconds_assigning * 1e6 / static_cast<double>(c.works)
                       << " us of CPU per work in assign()");
    BOOST_TEST(c.works >= 158'000U);
    BOOST_TEST(share >= 0.90);
    BOOST_TEST(c.bad_assignments == 0U);
    BOOST_TEST(c.too_many == 0U);
}

BOOST_AUTO_TEST_CASE(every_builtin_topic_is_assigned_somewhere_in_ml_anthology) {
    const Coverage& c = mlanthology_coverage();
    schema::TermBuilder builder;
    const Taxonomy taxonomy = Taxonomy::builtin(builder);
    for (const auto& node : taxonomy.nodes()) {
        if (node.level == "topic") {
            BOOST_TEST_INFO(node.key);
            BOOST_TEST(c.by_topic.count(node.key) == 1U);
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
