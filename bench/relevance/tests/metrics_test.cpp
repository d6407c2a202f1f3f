// Hand-computed cases for the relevance evaluator: each expected value is written out as the
// arithmetic of its definition (see metrics.hpp), with its decimal value beside it.
#include "metrics.hpp"
#include "peerscope/test/temp_dir.hpp"
#include "run_file.hpp"

#include <boost/test/unit_test.hpp>

#include <cmath>
#include <fstream>

namespace rel = peerscope::bench::relevance;
namespace tt = boost::test_tools;

namespace {

double inv_log2(double x) {
    return 1.0 / std::log2(x);
}

} // namespace

BOOST_AUTO_TEST_SUITE(metrics)

BOOST_AUTO_TEST_CASE(ndcg_with_binary_gains_discounts_by_log2_of_rank_plus_one) {
    const rel::QueryJudgments judged = {{"a", 1}, {"b", 1}, {"c", 1}};
    // a at rank 2, b at rank 4; the ideal puts the three relevant documents at ranks 1..3.
    const double expected =
        (inv_log2(3) + inv_log2(5)) / (1 + inv_log2(3) + inv_log2(4)); // 0.49819
    BOOST_TEST(rel::ndcg_at({"x", "a", "y", "b"}, judged, 10) == expected, tt::tolerance(1e-12));
    BOOST_TEST(rel::ndcg_at({"x", "a", "y", "b"}, judged, 10) == 0.49819, tt::tolerance(1e-4));
}

BOOST_AUTO_TEST_CASE(ndcg_uses_graded_gains_and_ignores_judged_non_relevant_documents) {
    // Cranfield gains: grade 1 -> 4, grade 2 -> 3, grade 4 -> 1; a -1 line -> 0.
    const rel::QueryJudgments judged = {{"a", 4}, {"b", 3}, {"c", 1}, {"z", 0}};
    // b (3) at rank 1, z (0) at rank 2, a (4) at rank 3; ideal a, b, c.
    const double expected =
        (3.0 + 4 * inv_log2(4)) / (4 + 3 * inv_log2(3) + 1 * inv_log2(4)); // 5 / 6.39279
    BOOST_TEST(rel::ndcg_at({"b", "z", "a"}, judged, 10) == expected, tt::tolerance(1e-12));
    BOOST_TEST(rel::ndcg_at({"b", "z", "a"}, judged, 10) == 0.78214, tt::tolerance(1e-4));
}

BOOST_AUTO_TEST_CASE(ndcg_counts_only_the_first_k_ranks_and_the_ideal_is_cut_at_k_too) {
    const rel::QueryJudgments judged = {{"a", 1}, {"b", 1}, {"c", 1}};
    const rel::Ranking eleventh = {
        "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10", "a"};
    BOOST_TEST(rel::ndcg_at(eleventh, judged, 10) == 0.0);
    // At k = 2 the ideal holds two documents: (1 + 1/log2 3); c at rank 2 gives 1/log2 3.
    BOOST_TEST(rel::ndcg_at({"x", "c"}, judged, 2) == inv_log2(3) / (1 + inv_log2(3)),
               tt::tolerance(1e-12));
    BOOST_TEST(rel::ndcg_at({"a", "b", "c"}, judged, 10) == 1.0, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(average_precision_divides_by_every_relevant_document_retrieved_or_not) {
    const rel::QueryJudgments judged = {{"a", 1}, {"b", 1}, {"c", 1}, {"d", 1}};
    // a at 1 (P=1/1), b at 3 (P=2/3), c at 6 (P=3/6); d never retrieved.
    const double expected = (1.0 / 1 + 2.0 / 3 + 3.0 / 6) / 4; // 0.541667
    BOOST_TEST(rel::average_precision({"a", "x", "b", "y", "z", "c"}, judged) == expected,
               tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(graded_judgments_count_as_relevant_for_average_precision_and_recall) {
    const rel::QueryJudgments judged = {{"a", 4}, {"b", 1}, {"z", 0}};
    // z is judged but not relevant: R = 2; a at 2 (P=1/2), b at 3 (P=2/3).
    BOOST_TEST(rel::average_precision({"z", "a", "b"}, judged) == (1.0 / 2 + 2.0 / 3) / 2,
               tt::tolerance(1e-12));
    BOOST_TEST(rel::recall_at({"z", "a"}, judged, 100) == 0.5, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(recall_at_100_ignores_documents_below_rank_100) {
    const rel::QueryJudgments judged = {{"a", 1}, {"b", 1}, {"c", 1}, {"d", 1}};
    rel::Ranking ranking = {"a", "b", "c"};
    for (int i = 0; i < 97; ++i) {
        ranking.push_back("n" + std::to_string(i));
    }
    ranking.push_back("d"); // rank 101
    BOOST_TEST(rel::recall_at(ranking, judged, 100) == 3.0 / 4, tt::tolerance(1e-12));
    BOOST_TEST(rel::recall_at(ranking, judged, 101) == 1.0, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(a_document_listed_twice_counts_once_and_does_not_take_a_rank) {
    const rel::QueryJudgments judged = {{"a", 1}, {"b", 1}};
    const rel::Ranking ranking = {"x", "a", "a", "b"}; // read as x, a, b
    BOOST_TEST(rel::average_precision(ranking, judged) == (1.0 / 2 + 2.0 / 3) / 2,
               tt::tolerance(1e-12));
    BOOST_TEST(rel::ndcg_at(ranking, judged, 10) == (inv_log2(3) + inv_log2(4)) / (1 + inv_log2(3)),
               tt::tolerance(1e-12));
    BOOST_TEST(rel::recall_at(ranking, judged, 2) == 0.5, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(queries_without_relevant_documents_are_left_out_of_the_means_and_counted) {
    const rel::Judgments judgments = {
        {"q1", {{"a", 1}, {"b", 1}}}, // AP (1/1 + 2/3)/2 ... see below
        {"q2", {{"z", 0}}},           // judged, nothing relevant
        {"q3", {}},                   // not judged at all
        {"q4", {{"c", 1}}},           // judged, missing from the run: scores 0
    };
    const rel::Run run = {{"q1", {"a", "x", "b"}}, {"q2", {"z"}}};
    const rel::Summary s = rel::evaluate(run, judgments);
    BOOST_TEST(s.queries == 2U);
    BOOST_TEST(s.without_relevant == 2U);
    // q1: AP (1/1 + 2/3) / 2, nDCG (1 + 1/log2 4) / (1 + 1/log2 3), R@100 1; q4: all 0.
    BOOST_TEST(s.map == ((1.0 + 2.0 / 3) / 2 + 0) / 2, tt::tolerance(1e-12));
    BOOST_TEST(s.ndcg10 == ((1 + inv_log2(4)) / (1 + inv_log2(3)) + 0) / 2, tt::tolerance(1e-12));
    BOOST_TEST(s.recall100 == (1.0 + 0) / 2, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(a_query_filter_selects_the_queries_evaluated) {
    const rel::Judgments judgments = {{"1", {{"a", 1}}}, {"2", {{"b", 1}}}, {"3", {{"c", 1}}}};
    const rel::Run run = {{"1", {"a"}}, {"2", {"x", "b"}}, {"3", {"x"}}};
    const rel::Summary odd = rel::evaluate(
        run, judgments, [](const std::string& q) { return rel::is_tuning_query("cacm", q); });
    BOOST_TEST(odd.queries == 2U);
    BOOST_TEST(odd.map == (1.0 + 0.0) / 2, tt::tolerance(1e-12));
    const rel::Summary even = rel::evaluate(
        run, judgments, [](const std::string& q) { return !rel::is_tuning_query("cacm", q); });
    BOOST_TEST(even.queries == 1U);
    BOOST_TEST(even.map == 1.0 / 2, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(every_scifact_query_and_odd_numbered_smart_queries_are_for_tuning) {
    BOOST_TEST(rel::is_tuning_query("scifact", "2"));
    BOOST_TEST(rel::is_tuning_query("cranfield", "225"));
    BOOST_TEST(!rel::is_tuning_query("cranfield", "10"));
    BOOST_TEST(!rel::is_tuning_query("cacm", "64"));
}

BOOST_AUTO_TEST_CASE(run_files_rank_by_their_rank_column_and_keep_file_order_for_tied_ranks) {
    const peerscope::test::TempDir dir;
    const std::string path = dir / "x.run";
    {
        std::ofstream out(path);
        out << "q\td2\t2\t0.5\nq\td1\t1\t0.9\nq\td3\t2\t0.5\nr\te1\t1\n";
    }
    const rel::Run run = rel::read_run(path);
    BOOST_TEST(run.at("q") == (rel::Ranking{"d1", "d2", "d3"}));
    BOOST_TEST(run.at("r") == (rel::Ranking{"e1"}));
    rel::write_run(dir / "y.run", run);
    BOOST_TEST(rel::read_run(dir / "y.run") == run);
}

BOOST_AUTO_TEST_CASE(malformed_run_lines_are_refused_with_file_and_line) {
    const peerscope::test::TempDir dir;
    const std::string path = dir / "bad.run";
    {
        std::ofstream out(path);
        out << "q\td1\t1\nq\td2\tfirst\n";
    }
    BOOST_CHECK_EXCEPTION(
        (void)rel::read_run(path), std::runtime_error, [&](const std::runtime_error& e) {
            return std::string(e.what()).find(path + ":2: rank 'first'") != std::string::npos;
        });
}

BOOST_AUTO_TEST_SUITE_END()
