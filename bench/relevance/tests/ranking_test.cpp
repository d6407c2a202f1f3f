// The ranking code of the search library that bench/relevance tunes: the idf correction of
// Xapian's synonym weights (checked against hand-computed BM25 through a real Xapian match), the
// terms and clauses of a query word, and their behaviour through SearchService on a small
// hand-made collection.
#include "peerscope/search/service.hpp"
#include "peerscope/test/process.hpp"
#include "peerscope/test/temp_dir.hpp"
#include "ranking_feedback.hpp"
#include "ranking_terms.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>

namespace ps = peerscope::search;
namespace pt = peerscope::test;
namespace tt = boost::test_tools;

namespace {

/// Five documents: d1 a a x x (length 4), d2 b x (2), d3 x*6 (6), d4 a b (2), d5 b (1);
/// average length 15 / 5 = 3; a is in 2 documents, b in 3, a or b in 4 (Xapian estimates 3.8,
/// rounded to 4: the correction then changes only the idf formula; the 1000-document case in the
/// test above covers an estimate that differs from the true frequency).
Xapian::WritableDatabase five_documents() {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    const std::vector<std::vector<std::pair<std::string, Xapian::termcount>>> docs = {
        {{"a", 2}, {"x", 2}}, {{"b", 1}, {"x", 1}}, {{"x", 6}}, {{"a", 1}, {"b", 1}}, {{"b", 1}}};
    for (const auto& terms : docs) {
        Xapian::Document doc;
        for (const auto& [term, wdf] : terms) {
            doc.add_term(term, wdf);
        }
        db.add_document(doc);
    }
    return db;
}

/// The search library's weighting: BM25Weight(k1 1.2, k2 0, k3 1, b 0.75, min_normlen 0.5).
std::map<Xapian::docid, double> weights(Xapian::Database& db, const Xapian::Query& q) {
    Xapian::Enquire enquire(db);
    enquire.set_query(q);
    enquire.set_weighting_scheme(Xapian::BM25Weight(1.2, 0, 1, 0.75, 0.5));
    std::map<Xapian::docid, double> out;
    const Xapian::MSet mset = enquire.get_mset(0, 10);
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        out[*it] = it.get_weight();
    }
    return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(ranking)

BOOST_AUTO_TEST_CASE(lucene_idf_stays_positive_where_xapians_is_floored) {
    BOOST_TEST(ps::lucene_idf(10, 2) == std::log(1.0 + 8.5 / 2.5), tt::tolerance(1e-12));
    BOOST_TEST(ps::lucene_idf(10, 10) == std::log(1.0 + 0.5 / 10.5), tt::tolerance(1e-12));
    // Xapian: t = (10 - 2 + 0.5) / 2.5 = 3.4; for n = 8, t = 2.5 / 8.5 < 2 becomes t / 2 + 1.
    BOOST_TEST(ps::xapian_idf(10, 2) == std::log(3.4), tt::tolerance(1e-12));
    BOOST_TEST(ps::xapian_idf(10, 8) == std::log(2.5 / 8.5 / 2 + 1), tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(a_synonyms_frequency_is_estimated_as_if_its_terms_were_independent) {
    // 1000 (1 - (1 - 20/1000) (1 - 30/1000)) = 49.4 -> 49, where the union may hold 30 to 50.
    BOOST_TEST(ps::synonym_termfreq_estimate(1000, {20, 30}) == 49.0);
    BOOST_TEST(ps::synonym_termfreq_estimate(5, {2, 3}) == 4.0); // 3.8 rounded
    BOOST_TEST(ps::synonym_termfreq_estimate(5, {2}) == 2.0);
    // More terms: Xapian joins the two least frequent first and rounds each join.
    // 10 + 20 - 0.2 = 29.8 -> 30; 30 + 30 - 0.9 = 59.1 -> 59.
    BOOST_TEST(ps::synonym_termfreq_estimate(1000, {30, 10, 20}) == 59.0);
    // 2 + 2 - 0.8 = 3.2 -> 3; 3 + 2 - 1.2 = 3.8 -> 4.
    BOOST_TEST(ps::synonym_termfreq_estimate(5, {2, 2, 2}) == 4.0);
    // 1 + 1 - 0.25 -> 2, twice; 2 + 2 - 1 = 3, where rounding once would give 4 (1 - 0.75^4 of 4
    // = 2.73 -> 3: the same here, but 1.75 + 1.75 - 0.77 = 2.73 shows the joins differ).
    BOOST_TEST(ps::synonym_termfreq_estimate(4, {1, 1, 1, 1}) == 3.0);
    BOOST_TEST(ps::idf_correction(5, 4.0, 0) == 1.0);
}

BOOST_AUTO_TEST_CASE(a_corrected_synonym_scores_bm25_with_lucenes_idf_of_the_exact_frequency) {
    Xapian::WritableDatabase db = five_documents();
    const double correction = ps::idf_correction(5, ps::synonym_termfreq_estimate(5, {2, 3}), 4);
    const std::vector<std::string> ab = {"a", "b"};
    const Xapian::Query q(Xapian::Query::OP_SCALE_WEIGHT,
                          Xapian::Query(Xapian::Query::OP_SYNONYM, ab.begin(), ab.end()),
                          correction);
    const auto got = weights(db, q);
    BOOST_REQUIRE(got.size() == 4U);
    // idf = log(1 + (5 - 4 + 0.5) / (4 + 0.5)); weight = idf (k1 + 1) tf / (k1 ((1 - b) + b L) +
    // tf), L = max(length / 3, 0.5).
    const double idf = std::log(1.0 + 1.5 / 4.5);
    BOOST_TEST(got.at(4) == idf * 2.2 * 2 / (1.2 * (0.25 + 0.75 * 2 / 3.0) + 2),
               tt::tolerance(1e-9)); // a + b
    BOOST_TEST(got.at(1) == idf * 2.2 * 2 / (1.2 * (0.25 + 0.75 * 4 / 3.0) + 2),
               tt::tolerance(1e-9)); // a a
    BOOST_TEST(got.at(2) == idf * 2.2 * 1 / (1.2 * (0.25 + 0.75 * 2 / 3.0) + 1),
               tt::tolerance(1e-9));
    BOOST_TEST(got.at(5) == idf * 2.2 * 1 / (1.2 * (0.25 + 0.75 * 0.5) + 1),
               tt::tolerance(1e-9)); // short: 0.5
}

BOOST_AUTO_TEST_CASE(the_correction_undoes_xapians_overestimate_for_terms_that_occur_together) {
    // a and b both in documents 1..4 (as a title word is in the abstract too); x in 5..10; every
    // document has length 2. Xapian estimates 10 (1 - 0.6 * 0.6) = 6.4 -> 6 documents; there are 4.
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    for (int i = 0; i < 10; ++i) {
        Xapian::Document doc;
        if (i < 4) {
            doc.add_term("a");
            doc.add_term("b");
        } else {
            doc.add_term("x", 2);
        }
        db.add_document(doc);
    }
    const double correction = ps::idf_correction(10, ps::synonym_termfreq_estimate(10, {4, 4}), 4);
    const std::vector<std::string> ab = {"a", "b"};
    const auto got =
        weights(db,
                Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                              Xapian::Query(Xapian::Query::OP_SYNONYM, ab.begin(), ab.end()),
                              correction));
    BOOST_REQUIRE(got.size() == 4U);
    // tf 2, length = average: weight = log(1 + 6.5 / 4.5) * 2.2 * 2 / (1.2 + 2).
    BOOST_TEST(got.at(1) == std::log(1.0 + 6.5 / 4.5) * 2.2 * 2 / 3.2, tt::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(a_word_is_ranked_by_its_stem_class_in_title_and_abstract_and_its_exact_form) {
    peerscope::schema::TermBuilder terms;
    const ps::RankingTerms models =
        ps::ranking_terms(ps::QueryField::Default, "models", true, terms);
    BOOST_TEST(models.title_class == (std::vector<std::string>{"Smodel", "ZSmodel"}));
    BOOST_TEST(models.abstract_class == (std::vector<std::string>{"model", "Zmodel"}));
    BOOST_TEST(models.exact == (std::vector<std::string>{"Smodels", "models"}));
    // A word that is its own stem still reaches its other forms ("graphs" is indexed as graphs
    // and Zgraph): this class once lacked the stem terms, so "graph" missed works saying "graphs".
    const ps::RankingTerms graph = ps::ranking_terms(ps::QueryField::Default, "graph", true, terms);
    BOOST_TEST(graph.title_class == (std::vector<std::string>{"Sgraph", "ZSgraph"}));
    BOOST_TEST(graph.abstract_class == (std::vector<std::string>{"graph", "Zgraph"}));
    BOOST_TEST(graph.exact.empty());
    // A word kept as typed (not stemmable) has no stem terms.
    const ps::RankingTerms code = ps::ranking_terms(ps::QueryField::Default, "x86", false, terms);
    BOOST_TEST(code.title_class == (std::vector<std::string>{"Sx86"}));
    BOOST_TEST(code.abstract_class == (std::vector<std::string>{"x86"}));
    const ps::RankingTerms in_title =
        ps::ranking_terms(ps::QueryField::Title, "models", true, terms);
    BOOST_TEST(in_title.abstract_class.empty());
    BOOST_TEST(in_title.exact == (std::vector<std::string>{"Smodels"}));
    BOOST_TEST(
        ps::ranking_terms(ps::QueryField::Author, "models", true, terms).title_class.empty());
}

BOOST_AUTO_TEST_CASE(the_clauses_of_a_word_follow_the_ranking_options) {
    peerscope::schema::TermBuilder terms;
    ps::RankingOptions options;
    options.title_boost = 0.3;
    options.exact_weight = 0.25;
    const auto clauses = ps::ranking_clauses(
        ps::ranking_terms(ps::QueryField::Default, "models", true, terms), options);
    BOOST_REQUIRE(clauses.size() == 3U);
    BOOST_TEST(clauses[0].terms
               == (std::vector<std::string>{"Smodel", "ZSmodel", "model", "Zmodel"}));
    BOOST_TEST(clauses[0].weight == 1.0);
    BOOST_TEST(clauses[1].terms == (std::vector<std::string>{"Smodel", "ZSmodel"}));
    BOOST_TEST(clauses[1].weight == 0.3);
    BOOST_TEST(clauses[2].terms == (std::vector<std::string>{"Smodels", "models"}));
    BOOST_TEST(clauses[2].weight == 0.25);
    options.title_boost = 0.0;
    options.exact_weight = 0.0;
    BOOST_TEST(ps::ranking_clauses(
                   ps::ranking_terms(ps::QueryField::Default, "models", true, terms), options)
                   .size()
               == 1U);
    // A title-only search has no separate title clause.
    options.title_boost = 0.3;
    const auto title_only = ps::ranking_clauses(
        ps::ranking_terms(ps::QueryField::Title, "graph", true, terms), options);
    BOOST_REQUIRE(title_only.size() == 1U);
    BOOST_TEST(title_only[0].terms == (std::vector<std::string>{"Sgraph", "ZSgraph"}));
}

BOOST_AUTO_TEST_CASE(feedback_applies_only_when_on_and_to_long_enough_queries) {
    ps::RankingOptions options;
    options.feedback_docs = 10;
    options.feedback_terms = 10;
    options.feedback_weight = 0.2;
    options.feedback_min_words = 6;
    BOOST_TEST(!ps::feedback_applies(5, options));
    BOOST_TEST(ps::feedback_applies(6, options));
    options.feedback_docs = 0;
    BOOST_TEST(!ps::feedback_applies(20, options));
}

BOOST_AUTO_TEST_SUITE_END()

// ---- through the service ----------------------------------------------------------------------

namespace {

/// A small SMART collection: 1 has the query words in its title, 2 only in its abstract, 3 and 4
/// differ in "computing" / "computer", 5..8 are about other things.
const pt::TempDir& collection_dir() {
    static const pt::TempDir dir = [] {
        pt::TempDir d;
        std::ofstream out(d / "small.all");
        out << ".I 1\n.T\nSparse graph sampling\n.W\nWe describe a method and its analysis.\n"
               ".I 2\n.T\nA method and its analysis\n.W\nWe describe sparse graph sampling.\n"
               ".I 3\n.T\nCluster computing at scale\n.W\nScheduling jobs on many machines.\n"
               ".I 4\n.T\nCluster computer at scale\n.W\nScheduling jobs on many machines.\n"
               ".I 5\n.T\nProtein folding\n.W\nStructures of proteins predicted from sequences.\n"
               ".I 6\n.T\nGraph colouring\n.W\nColouring the vertices of a graph with few "
               "colours.\n"
               ".I 7\n.T\nSampling theory\n.W\nNyquist rates and aliasing.\n"
               ".I 8\n.T\nSparse matrices\n.W\nStorage formats for sparse matrices.\n";
        return d;
    }();
    return dir;
}

const std::string& index_dir() {
    static const std::string dir = [] {
        const std::string index = collection_dir() / "index";
        pt::build_index(index, {collection_dir() / "small.all"});
        return index;
    }();
    return dir;
}

std::vector<std::string> search_ids(const std::string& text, ps::RankingOptions ranking = {}) {
    ps::ServiceOptions options;
    options.ranking = ranking;
    ps::SearchService service(index_dir(), options);
    ps::WorksQuery q;
    q.search = text;
    q.per_page = 20;
    std::vector<std::string> ids;
    for (const auto& hit : service.lease()->search_works(q).results) {
        ids.push_back(hit.work.id);
    }
    return ids;
}

} // namespace

BOOST_AUTO_TEST_SUITE(ranking_through_the_service)

BOOST_AUTO_TEST_CASE(the_words_in_the_title_rank_above_the_same_words_in_the_abstract) {
    const auto ids = search_ids("sparse graph sampling");
    BOOST_REQUIRE(ids.size() >= 2U);
    BOOST_TEST(ids[0] == "1");
    BOOST_TEST(ids[1] == "2");
}

BOOST_AUTO_TEST_CASE(the_exact_form_ranks_first_when_the_exact_clause_is_on) {
    ps::RankingOptions ranking;
    ranking.exact_weight = 0.5;
    auto ids = search_ids("computing", ranking);
    BOOST_REQUIRE(ids.size() == 2U); // both have the stem "comput"
    BOOST_TEST(ids[0] == "3");
    ids = search_ids("computer", ranking);
    BOOST_REQUIRE(ids.size() == 2U);
    BOOST_TEST(ids[0] == "4");
}

BOOST_AUTO_TEST_CASE(feedback_reorders_but_never_changes_which_works_match) {
    ps::RankingOptions feedback;
    feedback.feedback_docs = 2;
    feedback.feedback_terms = 5;
    feedback.feedback_weight = 1.0;
    feedback.feedback_min_words = 1;
    for (const std::string text : {"sparse graph sampling", "colouring machines", "proteins"}) {
        auto plain = search_ids(text);
        auto expanded = search_ids(text, feedback);
        BOOST_TEST(std::set<std::string>(plain.begin(), plain.end())
                   == std::set<std::string>(expanded.begin(), expanded.end()));
    }
}

BOOST_AUTO_TEST_SUITE_END()
