/// @file The "plain Xapian" indexing peer: what a minimal indexer built on Xapian's own
/// TermGenerator with default settings achieves on the same records as peerscope-index.
///
/// Input: the TSV that bench-extract writes (id, title, abstract, year, venue; one record a line).
/// Each record becomes one document: title, a term-position gap, abstract, indexed by a
/// TermGenerator with the English stemmer and its defaults (STEM_SOME: unstemmed terms with
/// positions plus Z-prefixed stems); the id as document data; venue and year as values 0 and 1
/// (as in the Xapian speed spike). Xapian's default flush threshold; one commit at the end.

#include <xapian.h>

#include <chrono>
#include <cstdio>
#include <exception>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace peerscope::bench {
namespace {

inline constexpr Xapian::valueno kVenueSlot = 0;
inline constexpr Xapian::valueno kYearSlot = 1;
inline constexpr std::size_t kFieldCount = 5;

/// One line of the TSV split at tabs (views into the line; valid while it lives).
[[nodiscard]] std::vector<std::string_view> split_tabs(std::string_view line) {
    std::vector<std::string_view> fields;
    std::size_t start = 0;
    while (true) {
        const std::size_t tab = line.find('\t', start);
        fields.push_back(line.substr(start, tab - start));
        if (tab == std::string_view::npos) {
            return fields;
        }
        start = tab + 1;
    }
}

void print_usage(std::ostream& out) {
    out << "Usage: xapian-plain-index RECORDS.tsv DB_DIR\n"
           "Indexes title+abstract of every record (id, title, abstract, year, venue; "
           "TAB-separated)\n"
           "with Xapian's TermGenerator (English stemmer, default settings) into a new database\n"
           "at DB_DIR (overwritten), commits once at the end and prints the figures.\n";
}

int run(const std::vector<std::string>& args) {
    if (args.size() == 1 && (args[0] == "--help" || args[0] == "-h")) {
        print_usage(std::cout);
        return 0;
    }
    if (args.size() != 2) {
        print_usage(std::cerr);
        return 2;
    }
    const std::string& input_path = args[0];
    std::ifstream input(input_path);
    if (!input) {
        throw std::runtime_error("cannot open " + input_path);
    }
    const auto start = std::chrono::steady_clock::now();
    Xapian::WritableDatabase db(args[1], Xapian::DB_CREATE_OR_OVERWRITE);
    Xapian::TermGenerator generator;
    generator.set_stemmer(Xapian::Stem("english"));

    std::string line;
    std::size_t line_no = 0;
    std::size_t documents = 0;
    while (std::getline(input, line)) {
        ++line_no;
        const std::vector<std::string_view> fields = split_tabs(line);
        if (fields.size() != kFieldCount) {
            throw std::runtime_error(input_path + ":" + std::to_string(line_no) + ": expected "
                                     + std::to_string(kFieldCount) + " TAB-separated fields, got "
                                     + std::to_string(fields.size()));
        }
        Xapian::Document doc;
        generator.set_document(doc);
        generator.index_text(std::string(fields[1]));
        generator.increase_termpos();
        generator.index_text(std::string(fields[2]));
        doc.set_data(std::string(fields[0]));
        doc.add_value(kVenueSlot, std::string(fields[4]));
        doc.add_value(kYearSlot, std::string(fields[3]));
        db.add_document(doc);
        ++documents;
    }
    if (input.bad()) {
        throw std::runtime_error("error reading " + input_path);
    }
    // Explicit commit: the figures must include writing everything to disk.
    db.commit();
    db.close();
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("xapian-plain-index: %zu documents in %.2f s (%.0f docs/s) -> %s\n",
                documents,
                seconds,
                seconds > 0 ? static_cast<double>(documents) / seconds : 0.0,
                args[1].c_str());
    return 0;
}

} // namespace
} // namespace peerscope::bench

int main(int argc, char** argv) try {
    return peerscope::bench::run(std::vector<std::string>(argv + 1, argv + argc));
} catch (const Xapian::Error& e) {
    std::cerr << "xapian-plain-index: " << e.get_description() << '\n';
    return 1;
} catch (const std::exception& e) {
    std::cerr << "xapian-plain-index: " << e.what() << '\n';
    return 1;
}
