#include "peerscope/schema/prefixes.hpp"
#include "peerscope/schema/term_builder.hpp"
#include "peerscope/schema/terms.hpp"
#include "peerscope/test/data_paths.hpp"
#include "peerscope/test/temp_dir.hpp"

#include <boost/test/unit_test.hpp>
#include <xapian.h>

#include <fstream>
#include <set>

namespace sc = peerscope::schema;

namespace {

std::set<std::string> doc_terms(const Xapian::Document& doc) {
    std::set<std::string> out;
    for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
        out.insert(*it);
    }
    return out;
}

/// Real titles and abstracts: the CACM collection's .T and .W fields.
std::vector<std::string> cacm_texts(std::size_t limit) {
    std::ifstream in(peerscope::test::mirror_file("cacm/cacm.all"));
    std::vector<std::string> texts;
    std::string line;
    std::string current;
    bool in_text = false;
    while (std::getline(in, line) && texts.size() < limit) {
        if (line.rfind(".T", 0) == 0 || line.rfind(".W", 0) == 0) {
            in_text = true;
            continue;
        }
        if (!line.empty() && line[0] == '.') {
            if (!current.empty()) {
                texts.push_back(current);
            }
            current.clear();
            in_text = false;
            continue;
        }
        if (in_text) {
            current += line + " ";
        }
    }
    return texts;
}

} // namespace

BOOST_AUTO_TEST_SUITE(term_builder)

BOOST_AUTO_TEST_CASE(words_keep_positions_and_stems_appear_only_where_they_differ) {
    sc::TermBuilder builder;
    Xapian::Document doc;
    builder.index_text(doc, sc::TextField::Title, "Training Models for model training");
    std::set<std::string> terms = doc_terms(doc);
    BOOST_TEST(terms.count("Straining") == 1U);
    BOOST_TEST(terms.count("Smodels") == 1U);
    BOOST_TEST(terms.count("Smodel") == 1U);
    BOOST_TEST(terms.count("ZStrain") == 1U);
    BOOST_TEST(terms.count("ZSmodel") == 1U);   // from "models"
    BOOST_TEST(terms.count("ZSfor") == 0U);     // stem equals the word
    auto pos = doc.termlist_begin();
    pos.skip_to("Straining");
    BOOST_TEST(pos.positionlist_count() == 2U);
}

BOOST_AUTO_TEST_CASE(fields_use_their_own_prefixes) {
    sc::TermBuilder builder;
    Xapian::Document doc;
    builder.index_text(doc, sc::TextField::Abstract, "Graphs");
    builder.index_text(doc, sc::TextField::AuthorName, "Müller");
    std::set<std::string> terms = doc_terms(doc);
    BOOST_TEST(terms.count("graphs") == 1U);
    BOOST_TEST(terms.count("Zgraph") == 1U);
    BOOST_TEST(terms.count("Amuller") == 1U);
    BOOST_TEST(sc::stem_prefix(sc::TextField::AuthorName).empty());
}

BOOST_AUTO_TEST_CASE(every_indexed_term_is_produced_again_by_query_analysis_of_the_same_text) {
    sc::TermBuilder indexer_side;
    sc::TermBuilder query_side;
    for (const std::string& text : cacm_texts(400)) {
        for (sc::TextField field : {sc::TextField::Title, sc::TextField::Abstract}) {
            Xapian::Document doc;
            indexer_side.index_text(doc, field, text);
            std::set<std::string> from_query;
            for (const auto& token : query_side.analyzer().analyze(text)) {
                sc::TokenTerms t = query_side.terms_for(field, token);
                from_query.insert(t.word);
                if (!t.stem.empty()) {
                    from_query.insert(t.stem);
                }
            }
            BOOST_TEST(doc_terms(doc) == from_query, "text: " << text.substr(0, 80));
        }
    }
}

BOOST_AUTO_TEST_CASE(whole_string_terms_fit_xapian_and_long_values_stay_distinct) {
    BOOST_TEST(sc::term(sc::prefix::kDoi, "10.1234/abc") == "XDOI10.1234/abc");
    std::string fits(sc::kMaxTermBytes - sc::prefix::kDoi.size(), 'a');
    BOOST_TEST(sc::term(sc::prefix::kDoi, fits) == "XDOI" + fits);

    // 600 bytes of a title with two-byte letters: cut on a character boundary, hash appended.
    std::string long_a;
    while (long_a.size() < 600) {
        long_a += "aérodynamique ";
    }
    std::string long_b = long_a + "x";
    std::string ta = sc::term(sc::prefix::kVersionKey, long_a);
    std::string tb = sc::term(sc::prefix::kVersionKey, long_b);
    BOOST_TEST(ta.size() <= sc::kMaxTermBytes);
    BOOST_TEST(tb.size() <= sc::kMaxTermBytes);
    BOOST_TEST(ta != tb);
    BOOST_TEST(ta == sc::term(sc::prefix::kVersionKey, long_a)); // deterministic
    BOOST_TEST(ta.rfind("XVK" + long_a.substr(0, 100), 0) == 0U);
    BOOST_TEST(ta[ta.size() - 17] == '#');
    // The kept part is valid UTF-8: no lead byte without its continuation before the '#'.
    std::string kept = ta.substr(0, ta.size() - 17);
    auto last = static_cast<unsigned char>(kept.back());
    BOOST_TEST((last & 0x80U) == 0U);

    // Xapian's glass backend accepts every such term.
    peerscope::test::TempDir dir;
    Xapian::WritableDatabase db(dir / "db", Xapian::DB_CREATE);
    Xapian::Document doc;
    doc.add_boolean_term(ta);
    doc.add_boolean_term(sc::term(sc::prefix::kDoi, std::string(1000, 'd')));
    BOOST_TEST(db.add_document(doc) == 1U);
    BOOST_TEST(sc::term(sc::prefix::kDoi, std::string(1000, 'd')).size() == sc::kMaxTermBytes);
}

BOOST_AUTO_TEST_SUITE_END()
