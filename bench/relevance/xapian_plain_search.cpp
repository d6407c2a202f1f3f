/// @file The "plain Xapian" relevance peer: searches a database written by xapian-plain-index
/// (bench/peers/xapian_plain_index.cpp: TermGenerator, English stemmer, defaults) with Xapian's
/// own QueryParser at its defaults (English stemmer, STEM_SOME, default flags, OR) and BM25Weight
/// at its defaults (k1 1, k2 0, k3 1, b 0.5), and writes the top documents of every query as a
/// run file (query<TAB>document id<TAB>rank<TAB>weight).
///
///   xapian-plain-search DB_DIR QUERIES.tsv RUN_FILE [--depth N]
///
/// QUERIES.tsv: query id<TAB>query text, one a line (what peerscope-bench-relevance export writes).

#include <xapian.h>

#include <cstdio>
#include <exception>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

namespace peerscope::bench {
namespace {

void print_usage(std::ostream& out) {
    out << "Usage: xapian-plain-search DB_DIR QUERIES.tsv RUN_FILE [--depth N]\n"
           "Runs each query (id<TAB>text a line) through Xapian's QueryParser (English stemmer,\n"
           "default flags and operator) with BM25Weight defaults and writes the best N (default\n"
           "100) document ids of each as query<TAB>id<TAB>rank<TAB>weight lines.\n";
}

int run(const std::vector<std::string>& args) {
    if (args.size() == 1 && (args[0] == "--help" || args[0] == "-h")) {
        print_usage(std::cout);
        return 0;
    }
    Xapian::doccount depth = 100;
    if (args.size() == 5 && args[3] == "--depth") {
        depth = static_cast<Xapian::doccount>(std::stoul(args[4]));
    } else if (args.size() != 3) {
        print_usage(std::cerr);
        return 2;
    }
    Xapian::Database db(args[0]);
    std::ifstream queries(args[1]);
    if (!queries) {
        throw std::runtime_error("cannot open " + args[1]);
    }
    std::ofstream out(args[2]);
    if (!out) {
        throw std::runtime_error("cannot write " + args[2]);
    }
    Xapian::QueryParser parser;
    parser.set_stemmer(Xapian::Stem("english"));
    parser.set_database(db);
    Xapian::Enquire enquire(db);
    std::string line;
    std::size_t count = 0;
    while (std::getline(queries, line)) {
        const std::size_t tab = line.find('\t');
        if (tab == std::string::npos) {
            throw std::runtime_error(args[1] + ": expected id<TAB>text, got '" + line + "'");
        }
        enquire.set_query(parser.parse_query(line.substr(tab + 1)));
        const Xapian::MSet mset = enquire.get_mset(0, depth);
        std::size_t rank = 0;
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            out << line.substr(0, tab) << '\t' << it.get_document().get_data() << '\t' << ++rank
                << '\t' << it.get_weight() << '\n';
        }
        ++count;
    }
    if (!out.flush()) {
        throw std::runtime_error("error writing " + args[2]);
    }
    std::printf("xapian-plain-search: %zu queries -> %s\n", count, args[2].c_str());
    return 0;
}

} // namespace
} // namespace peerscope::bench

int main(int argc, char** argv) try {
    return peerscope::bench::run(std::vector<std::string>(argv + 1, argv + argc));
} catch (const Xapian::Error& e) {
    std::cerr << "xapian-plain-search: " << e.get_description() << '\n';
    return 1;
} catch (const std::exception& e) {
    std::cerr << "xapian-plain-search: " << e.what() << '\n';
    return 1;
}
