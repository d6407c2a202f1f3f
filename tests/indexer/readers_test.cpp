#include "peerscope/indexer/error.hpp"
#include "peerscope/indexer/reader.hpp"
#include "peerscope/indexer/work.hpp"
#include "peerscope/test/data_paths.hpp"
#include "peerscope/test/temp_dir.hpp"

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <fcntl.h>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <ostream>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <unistd.h>
#include <utility>
#include <vector>

namespace indexer = peerscope::indexer;
namespace test = peerscope::test;
namespace bdata = boost::unit_test::data;
using indexer::Format;
using indexer::WorkRecord;

namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size()
           && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

/// Everything one or more inputs yield.
struct ReadResult {
    std::vector<WorkRecord> records;
    std::vector<indexer::ReadProblem> problems;
    std::vector<std::pair<std::string, std::size_t>> repairs;

    [[nodiscard]] const WorkRecord& by_id(const std::string& id) const {
        const auto it = std::find_if(
            records.begin(), records.end(), [&](const WorkRecord& r) { return r.id == id; });
        if (it == records.end()) {
            throw std::runtime_error("no record " + id);
        }
        return *it;
    }
};

/// Reads @p files in order; @p display_name, when given, names them in origins.
ReadResult read_files(const std::vector<std::string>& files,
                      std::optional<Format> format = std::nullopt,
                      bool stop_on_problem = false,
                      const std::string& display_name = {}) {
    ReadResult result;
    indexer::ReadSink sink;
    sink.on_record = [&](WorkRecord&& r) {
        result.records.push_back(std::move(r));
        return true;
    };
    sink.on_problem = [&](const indexer::ReadProblem& p) {
        result.problems.push_back(p);
        return !stop_on_problem;
    };
    sink.on_repair = [&](const std::string& origin, std::size_t n) {
        result.repairs.emplace_back(origin, n);
    };
    for (const std::string& file : files) {
        if (display_name.empty()) {
            indexer::read_input(file, format, sink);
        } else {
            indexer::read_input(file, format, sink, display_name);
        }
    }
    return result;
}

/// A small dataset of the mirror, read once per process.
const ReadResult& dataset(const std::string& folder) {
    static std::mutex mutex;
    static std::map<std::string, ReadResult> cache;
    const std::lock_guard<std::mutex> lock(mutex);
    auto it = cache.find(folder);
    if (it == cache.end()) {
        const std::string path =
            folder == "seed" ? test::seed_dir().string() : test::mirror_file(folder).string();
        it = cache.emplace(folder, read_files(indexer::expand_inputs({path}))).first;
    }
    return it->second;
}

/// What the whole ML Anthology mirror yields (too big to keep every record): read once, on two
/// threads as the indexer does, which also exercises read_input's thread safety.
struct MlAnthologySummary {
    std::size_t files = 0;
    std::size_t records = 0;
    std::size_t with_abstract = 0;
    std::size_t zero_year = 0;
    int min_year = 9999;
    int max_year = 0;
    std::set<std::string> slugs;
    std::size_t authors_without_slug = 0;
    std::size_t markup_left = 0;
    std::vector<std::string> without_authors;
    std::vector<indexer::ReadProblem> problems;
    std::size_t repairs = 0;
    std::map<std::string, WorkRecord> kept; ///< the records the tests look at, by id
    double seconds = 0;
};

const std::set<std::string> kKeptIds = {"rajbhandari2022icml-deepspeedmoe",
                                        "2016neurips-only",
                                        "gasarch1988colt-learning",
                                        "amsterdam1988icml-extending",
                                        "ghoshdastidar2017colt-twosample",
                                        "buslaev2018cvprw-fully"};

const MlAnthologySummary& mlanthology() {
    static const MlAnthologySummary summary = [] {
        MlAnthologySummary s;
        const std::vector<std::string> files =
            indexer::expand_inputs({test::mirror_file("mlanthology").string()});
        s.files = files.size();
        std::mutex mutex;
        std::atomic<std::size_t> next{0};
        const auto start = std::chrono::steady_clock::now();
        const auto worker = [&] {
            indexer::ReadSink sink;
            sink.on_record = [&](WorkRecord&& r) {
                const std::lock_guard<std::mutex> lock(mutex);
                ++s.records;
                s.with_abstract += r.abstract.empty() ? 0 : 1;
                if (r.publication_year == 0) {
                    ++s.zero_year;
                } else {
                    s.min_year = std::min(s.min_year, r.publication_year);
                    s.max_year = std::max(s.max_year, r.publication_year);
                }
                for (const auto& a : r.authors) {
                    if (a.source_id.empty()) {
                        ++s.authors_without_slug;
                    } else {
                        s.slugs.insert(a.source_id);
                    }
                }
                for (const std::string* text : {&r.title, &r.abstract}) {
                    for (const char* marker : {"<ETX", "</sub>", "xmlns", "&gt;", "&amp;", "&#"}) {
                        if (text->find(marker) != std::string::npos) {
                            ++s.markup_left;
                        }
                    }
                }
                if (r.authors.empty()) {
                    s.without_authors.push_back(r.id);
                }
                if (kKeptIds.count(r.id) != 0) {
                    s.kept.emplace(r.id, std::move(r));
                }
                return true;
            };
            sink.on_problem = [&](const indexer::ReadProblem& p) {
                const std::lock_guard<std::mutex> lock(mutex);
                s.problems.push_back(p);
                return true;
            };
            sink.on_repair = [&](const std::string&, std::size_t n) {
                const std::lock_guard<std::mutex> lock(mutex);
                s.repairs += n;
            };
            for (std::size_t i = next++; i < files.size(); i = next++) {
                indexer::read_input(files[i], std::nullopt, sink);
            }
        };
        std::thread other(worker);
        worker();
        other.join();
        s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        return s;
    }();
    return summary;
}

/// The first bytes of a (maybe gzip) file, decompressed.
std::string file_head(const std::string& path, std::size_t n = 64 * 1024) {
    gzFile f = gzopen(path.c_str(), "rb");
    BOOST_REQUIRE(f != nullptr);
    std::string buf(n, '\0');
    const int got = gzread(f, buf.data(), static_cast<unsigned>(n));
    gzclose(f);
    buf.resize(got > 0 ? static_cast<std::size_t>(got) : 0);
    return buf;
}

void write_file(const std::string& path, const std::string& content) {
    std::ofstream out(path, std::ios::binary);
    out << content;
}

void write_gz(const std::string& path, const std::string& content) {
    gzFile f = gzopen(path.c_str(), "wb");
    BOOST_REQUIRE(f != nullptr);
    BOOST_REQUIRE(gzwrite(f, content.data(), static_cast<unsigned>(content.size()))
                  == static_cast<int>(content.size()));
    gzclose(f);
}

std::string read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

/// Standard input redirected from a file for the lifetime of the object.
class StdinFrom final {
  public:
    explicit StdinFrom(const std::string& path) : saved_(::dup(STDIN_FILENO)) {
        const int fd = ::open(path.c_str(), O_RDONLY);
        BOOST_REQUIRE(fd >= 0);
        ::dup2(fd, STDIN_FILENO);
        ::close(fd);
    }
    ~StdinFrom() {
        ::dup2(saved_, STDIN_FILENO);
        ::close(saved_);
    }
    StdinFrom(const StdinFrom&) = delete;
    StdinFrom& operator=(const StdinFrom&) = delete;

  private:
    int saved_;
};

/// A JSON lines file with good and bad BEIR records (line numbers matter).
const std::string kMixedBeirLines =
    "{\"_id\": \"1\", \"title\": \"Good one\", \"text\": \"first\"}\n"
    "{\"_id\": \"2\", \"title\": \n"
    "{\"_id\": 3, \"title\": [\"not\", \"a\", \"string\"]}\n"
    "{\"text\": \"neither id nor title\"}\n"
    "\n"
    "{\"_id\": \"5\", \"title\": \"Good two\", \"text\": \"second\"}\n";

void check_mixed_beir(const ReadResult& r, const std::string& name) {
    BOOST_TEST_REQUIRE(r.records.size() == 2u);
    BOOST_TEST(r.records[0].id == "1");
    BOOST_TEST(r.records[0].origin == name + ":1");
    BOOST_TEST(r.records[1].id == "5");
    BOOST_TEST(r.records[1].origin == name + ":6");
    BOOST_TEST_REQUIRE(r.problems.size() == 3u);
    BOOST_TEST(r.problems[0].origin == name + ":2");
    BOOST_TEST(r.problems[0].reason.find("malformed JSON") != std::string::npos);
    BOOST_TEST(r.problems[1].origin == name + ":3");
    BOOST_TEST(r.problems[1].reason == "field \"title\" is array, expected a string");
    BOOST_TEST(r.problems[2].origin == name + ":4");
    BOOST_TEST(r.problems[2].reason == "record has neither an id nor a title");
}

struct CountCase {
    std::string folder;
    std::size_t records;
};
std::ostream& operator<<(std::ostream& os, const CountCase& c) {
    return os << c.folder;
}

/// Record counts stated by the data README.
const std::vector<CountCase> kCounts = {{"scifact", 5183},
                                        {"cacm", 3204},
                                        {"cranfield", 1400},
                                        {"aan", 18041},
                                        {"dblp-cgm", 16599},
                                        {"fixtures/arxiv", 200},
                                        {"seed", 7}};

struct DetectCase {
    std::string file;
    std::optional<Format> format;
};
std::ostream& operator<<(std::ostream& os, const DetectCase& c) {
    return os << c.file;
}

const std::vector<DetectCase> kDetect = {
    {"mlanthology/papers/icml-2022.json.gz", Format::MlAnthology},
    {"mlanthology/legacy/icml-legacy.jsonl.gz", Format::MlAnthology},
    {"scifact/corpus.jsonl.gz", Format::Beir},
    {"scifact/queries.train.jsonl", std::nullopt},
    {"scifact/qrels/train.tsv", std::nullopt},
    {"cacm/cacm.all", Format::Smart},
    {"cacm/query.text", std::nullopt},
    {"cacm/qrels.text", std::nullopt},
    {"cacm/cite.info", std::nullopt},
    {"cacm/common_words", std::nullopt},
    {"cacm/README.orig", std::nullopt},
    {"cranfield/cran.all.1400", Format::Smart},
    {"cranfield/cran.qry", std::nullopt},
    {"cranfield/cranqrel", std::nullopt},
    {"aan/acl-metadata.txt", Format::Aan},
    {"aan/citations.upto2010.txt", std::nullopt},
    {"dblp-cgm/CGM-meta.txt", Format::Aan},
    {"fixtures/arxiv/arxiv-metadata-oai-snapshot.head200.json", Format::Arxiv},
    {"fixtures/openalex/W2741809807.json", Format::OpenAlex},
    {"fixtures/openalex/W-api-response.json", Format::OpenAlex},
    {"fixtures/openalex/A5023888391.json", std::nullopt},
    {"fixtures/openalex/S137773608.json", std::nullopt},
    {"fixtures/s2/sample-S2-records.jsonl", std::nullopt},
    {"README.md", std::nullopt},
};

} // namespace

BOOST_AUTO_TEST_SUITE(readers)

BOOST_DATA_TEST_CASE(each_dataset_yields_its_documented_record_count, bdata::make(kCounts), c) {
    const ReadResult& r = dataset(c.folder);
    BOOST_TEST(r.records.size() == c.records);
    BOOST_TEST(r.problems.empty());
    for (const WorkRecord& w : r.records) {
        BOOST_TEST_REQUIRE(!w.id.empty());
        BOOST_TEST_REQUIRE(!w.format.empty());
    }
}

BOOST_AUTO_TEST_CASE(mlanthology_yields_every_paper_on_two_threads) {
    const MlAnthologySummary& s = mlanthology();
    BOOST_TEST(s.files == 194u);
    BOOST_TEST(s.records == 158357u);
    // the README counts 156,985 non-blank abstracts; three of them hold only control characters
    // (grudic2001neurips-rates, slonim2002neurips-maximum, newman2007neurips-distributed)
    BOOST_TEST(s.with_abstract == 156982u);
    BOOST_TEST(s.problems.empty());
    BOOST_TEST(s.repairs == 0u);
    BOOST_TEST(s.zero_year == 0u);
    BOOST_TEST(s.min_year == 1985);
    BOOST_TEST(s.max_year == 2026);
    // the README counts 163,764 author slugs; the files hold 163,763 distinct slugs and 16,292
    // author entries without one (cvprw, colt and icmlw legacy files)
    BOOST_TEST(s.slugs.size() == 163763u);
    BOOST_TEST(s.authors_without_slug == 16292u);
    BOOST_TEST(s.markup_left == 0u);
    BOOST_TEST_MESSAGE("mlanthology: " << s.records << " records in " << s.seconds << " s, "
                                       << static_cast<long>(s.records / s.seconds)
                                       << " records/s on 2 threads");
}

BOOST_AUTO_TEST_CASE(mlanthology_icml_2022_paper_is_read_field_by_field) {
    const WorkRecord& w = mlanthology().kept.at("rajbhandari2022icml-deepspeedmoe");
    BOOST_TEST(w.title
               == "DeepSpeed-MoE: Advancing Mixture-of-Experts Inference and Training to Power "
                  "Next-Generation AI Scale");
    BOOST_TEST(w.abstract.rfind("As the training of giant dense models hits the boundary", 0) == 0);
    BOOST_TEST(ends_with(w.abstract, "becomes more widely possible."));
    BOOST_TEST_REQUIRE(w.authors.size() == 8u);
    BOOST_TEST(w.authors[0].display_name == "Samyam Rajbhandari");
    BOOST_TEST(w.authors[0].given == "Samyam");
    BOOST_TEST(w.authors[0].family == "Rajbhandari");
    BOOST_TEST(w.authors[0].source_id == "rajbhandari-samyam");
    BOOST_TEST(w.authors[4].display_name == "Reza Yazdani Aminabadi");
    BOOST_TEST(w.authors[4].source_id == "aminabadi-reza-yazdani");
    BOOST_TEST(w.publication_year == 2022);
    BOOST_TEST(w.publication_date.empty());
    BOOST_TEST(w.venue.source_id == "icml");
    BOOST_TEST(w.venue.display_name == "icml"); // no venue_name in the 2022 file
    BOOST_TEST(w.venue.type == "conference");
    BOOST_TEST(w.type == "article");
    BOOST_TEST(w.doi.empty());
    BOOST_TEST(w.arxiv_id.empty());
    const std::vector<std::string> urls = {
        "https://proceedings.mlr.press/v162/rajbhandari22a.html",
        "https://proceedings.mlr.press/v162/rajbhandari22a/rajbhandari22a.pdf"};
    BOOST_TEST(w.urls == urls, boost::test_tools::per_element());
    BOOST_TEST(w.format == "mlanthology");
    // the paper's object starts on this line of the pretty-printed file
    BOOST_TEST(ends_with(w.origin, "mlanthology/papers/icml-2022.json.gz:32507"));
}

BOOST_AUTO_TEST_CASE(mlanthology_legacy_lines_markup_prefixes_and_missing_authors) {
    const MlAnthologySummary& s = mlanthology();
    const std::vector<std::string> no_authors = {"2016neurips-only"};
    BOOST_TEST(s.without_authors == no_authors, boost::test_tools::per_element());
    const WorkRecord& lonely = s.kept.at("2016neurips-only");
    BOOST_TEST(lonely.title == "Only H is left: Near-tight Episodic PAC RL");

    const WorkRecord& first = s.kept.at("amsterdam1988icml-extending");
    BOOST_TEST(ends_with(first.origin, "mlanthology/legacy/icml-legacy.jsonl.gz:1"));
    BOOST_TEST(first.venue.display_name == "International Conference on Machine Learning");
    BOOST_TEST(first.doi == "10.1016/b978-0-934613-64-4.50044-x");
    // a newline inside the abstract becomes a space
    BOOST_TEST(first.abstract.find("open problem; if they are equivalent") != std::string::npos);
    BOOST_TEST(first.abstract.find('\n') == std::string::npos);

    const WorkRecord& etx = s.kept.at("gasarch1988colt-learning");
    BOOST_TEST(ends_with(etx.abstract, "Learning languages are also considered."));

    const WorkRecord& von = s.kept.at("ghoshdastidar2017colt-twosample");
    BOOST_TEST_REQUIRE(von.authors.size() == 4u);
    BOOST_TEST(von.authors[3].display_name == "Ulrike von Luxburg");
    BOOST_TEST(von.authors[3].family == "von Luxburg");

    const WorkRecord& slugless = s.kept.at("buslaev2018cvprw-fully");
    BOOST_TEST_REQUIRE(!slugless.authors.empty());
    BOOST_TEST(slugless.authors[0].display_name == "Alexander Buslaev");
    BOOST_TEST(slugless.authors[0].source_id.empty()); // not invented
}

BOOST_AUTO_TEST_CASE(seed_deepspeed_moe_abstract_is_rebuilt_from_the_inverted_index) {
    const ReadResult& r = dataset("seed");
    const WorkRecord& w = r.by_id("seed:W3");
    BOOST_TEST(w.format == "openalex");
    BOOST_TEST(w.openalex_id.empty()); // "seed:W3" is not an OpenAlex id
    BOOST_TEST(w.title
               == "DeepSpeed-MoE: Advancing Mixture-of-Experts Inference and Training to Power "
                  "Next-Generation AI Scale");
    BOOST_TEST(w.abstract.rfind("As the training of giant dense models hits the boundary on the "
                                "availability and capability of the hardware resources today, "
                                "Mixture-of-Experts (MoE) models become one of",
                                0)
               == 0);
    BOOST_TEST(ends_with(w.abstract, "with fewer resources becomes more widely possible."));
    BOOST_TEST(std::count(w.abstract.begin(), w.abstract.end(), ' ') == 216); // 217 positions
    BOOST_TEST_REQUIRE(w.authors.size() == 1u);
    BOOST_TEST(w.authors[0].display_name == "Samyam Rajbhandari");
    BOOST_TEST(w.authors[0].source_id == "seed:A1");
    BOOST_TEST(w.authors[0].raw_name == "Samyam Rajbhandari");
    BOOST_TEST(w.publication_year == 2022);
    BOOST_TEST(w.type == "preprint");
    BOOST_TEST(w.venue.source_id == "seed:S1");
    BOOST_TEST(w.venue.display_name == "arXiv");
    BOOST_TEST(w.venue.type == "repository");
}

BOOST_AUTO_TEST_CASE(openalex_work_maps_ids_authors_topics_venue_and_references) {
    const ReadResult r =
        read_files({test::mirror_file("fixtures/openalex/W2741809807.json").string()});
    BOOST_TEST_REQUIRE(r.records.size() == 1u);
    BOOST_TEST(r.problems.empty());
    const WorkRecord& w = r.records[0];
    BOOST_TEST(w.id == "W2741809807");
    BOOST_TEST(w.openalex_id == "W2741809807");
    BOOST_TEST(w.doi == "10.7717/peerj.4375");
    BOOST_TEST(w.title
               == "The state of OA: a large-scale analysis of the prevalence and impact of Open "
                  "Access articles");
    BOOST_TEST(w.abstract.rfind("Despite growing interest in Open Access (OA) to scholarly "
                                "literature, there is an unmet need",
                                0)
               == 0);
    BOOST_TEST_REQUIRE(!w.authors.empty());
    BOOST_TEST(w.authors[0].display_name == "Heather Piwowar");
    BOOST_TEST(w.authors[0].source_id == "A5048491430");
    BOOST_TEST(w.authors[0].orcid == "0000-0003-1613-5981");
    BOOST_TEST(w.authors[0].raw_name == "Heather Piwowar");
    const std::vector<std::string> affiliations = {"Impact Technology Development (United States)"};
    BOOST_TEST(w.authors[0].affiliations == affiliations, boost::test_tools::per_element());
    BOOST_TEST(w.publication_year == 2018);
    BOOST_TEST(w.publication_date == "2018-02-13");
    BOOST_TEST(w.venue.source_id == "S1983995261");
    BOOST_TEST(w.venue.display_name == "PeerJ");
    BOOST_TEST(w.venue.type == "journal");
    BOOST_TEST(w.type == "article");
    BOOST_TEST_REQUIRE(!w.topics.empty());
    BOOST_TEST(w.topics[0].source_id == "T10102");
    BOOST_TEST(w.topics[0].display_name == "scientometrics and bibliometrics research");
    BOOST_TEST(w.topics[0].parent == "Statistics, Probability and Uncertainty");
    BOOST_TEST(w.topics[0].score == 0.9969);
    BOOST_TEST_REQUIRE(!w.references.empty());
    BOOST_TEST(w.references[0] == "W1560783210");
    BOOST_TEST(w.language == "en");
    BOOST_TEST(w.cited_by_count.value_or(-1) == 962);
    BOOST_TEST((std::find(w.urls.begin(), w.urls.end(), "https://peerj.com/articles/4375.pdf")
                != w.urls.end()));
}

BOOST_AUTO_TEST_CASE(openalex_list_response_yields_its_results_with_their_lines) {
    const std::string path = (test::test_data_dir() / "readers" / "openalex-list.json").string();
    const ReadResult r = read_files({path});
    BOOST_TEST(r.problems.empty());
    BOOST_TEST_REQUIRE(r.records.size() == 2u);
    BOOST_TEST(r.records[0].origin == path + ":4");
    BOOST_TEST(r.records[1].origin == path + ":5");
    // the abstract index of the first work was cut to its first 12 positions
    BOOST_TEST(r.records[0].abstract
               == "Despite growing interest in Open Access (OA) to scholarly literature, there is");
    // the second is an older response: its venue is a host_venue
    const WorkRecord& old = r.records[1];
    BOOST_TEST(old.id == "W2755950973");
    BOOST_TEST(old.title
               == "GW170104: Observation of a 50-Solar-Mass Binary Black Hole Coalescence at "
                  "Redshift 0.2");
    BOOST_TEST(old.venue.source_id == "V78458016");
    BOOST_TEST(old.venue.display_name == "Physical Review Letters");
    BOOST_TEST(old.doi == "10.1103/physrevlett.118.091101");
    BOOST_TEST((indexer::detect_format(path, file_head(path)) == std::optional(Format::OpenAlex)));
}

BOOST_AUTO_TEST_CASE(arxiv_record_maps_authors_categories_dates_and_doi) {
    const ReadResult& r = dataset("fixtures/arxiv");
    const WorkRecord& w = r.by_id("0704.0001");
    BOOST_TEST(w.arxiv_id == "0704.0001");
    BOOST_TEST(w.title
               == "Calculation of prompt diphoton production cross sections at Tevatron and LHC "
                  "energies");
    BOOST_TEST(w.abstract.rfind("A fully differential calculation in perturbative quantum "
                                "chromodynamics is presented",
                                0)
               == 0);
    BOOST_TEST_REQUIRE(w.authors.size() == 4u);
    BOOST_TEST(w.authors[0].display_name == "C. Balázs");
    BOOST_TEST(w.authors[0].given == "C.");
    BOOST_TEST(w.authors[0].family == "Balázs");
    BOOST_TEST(w.authors[3].display_name == "C. -P. Yuan");
    BOOST_TEST_REQUIRE(w.topics.size() == 1u);
    BOOST_TEST(w.topics[0].source_id == "hep-ph");
    BOOST_TEST(w.topics[0].display_name == "High Energy Physics - Phenomenology (hep-ph)");
    BOOST_TEST(w.topics[0].parent == "Physics");
    BOOST_TEST(w.doi == "10.1103/physrevd.76.013009");
    BOOST_TEST(w.publication_date == "2007-04-02");
    BOOST_TEST(w.publication_year == 2007);
    BOOST_TEST(w.type == "preprint");
    BOOST_TEST(w.venue.display_name == "arXiv");
    BOOST_TEST(w.venue.type == "repository");
    const std::vector<std::string> urls = {"https://arxiv.org/abs/0704.0001"};
    BOOST_TEST(w.urls == urls, boost::test_tools::per_element());
    // every category of the fixture has its arXiv name; cs categories have Computer Science above
    std::size_t cs = 0;
    for (const WorkRecord& rec : r.records) {
        for (const indexer::TopicRef& t : rec.topics) {
            BOOST_TEST(t.display_name != t.source_id, t.source_id);
            if (t.source_id.rfind("cs.", 0) == 0) {
                ++cs;
                BOOST_TEST(t.parent == "Computer Science");
            }
        }
    }
    BOOST_TEST(cs == 12u);
    const WorkRecord& lg = r.by_id("0704.0002");
    BOOST_TEST_REQUIRE(lg.topics.size() == 2u);
    BOOST_TEST(lg.topics[0].display_name == "Combinatorics (math.CO)");
    BOOST_TEST(lg.topics[1].display_name == "Computational Geometry (cs.CG)");
}

BOOST_AUTO_TEST_CASE(scifact_corpus_line_maps_id_title_and_text) {
    const WorkRecord& w = dataset("scifact").by_id("4983");
    BOOST_TEST(w.format == "beir");
    BOOST_TEST(w.title
               == "Microstructural development of human newborn cerebral white matter assessed in "
                  "vivo by diffusion tensor magnetic resonance imaging.");
    BOOST_TEST(w.abstract.rfind("Alterations of the architecture of cerebral white matter", 0)
               == 0);
    BOOST_TEST(ends_with(w.origin, "scifact/corpus.jsonl.gz:1"));
}

BOOST_AUTO_TEST_CASE(cacm_document_has_issue_date_authors_and_directed_citations) {
    const ReadResult& r = dataset("cacm");
    const WorkRecord& first = r.by_id("1");
    BOOST_TEST(first.title == "Preliminary Report-International Algebraic Language");
    BOOST_TEST(first.publication_year == 1958);
    BOOST_TEST(first.publication_date == "1958-12");
    BOOST_TEST_REQUIRE(first.authors.size() == 2u);
    BOOST_TEST(first.authors[0].family == "Perlis");
    BOOST_TEST(first.authors[0].given == "A. J.");
    BOOST_TEST(first.authors[0].display_name == "A. J. Perlis");
    BOOST_TEST(first.authors[1].display_name == "K. Samelson"); // "Samelson,K."
    BOOST_TEST(first.venue.display_name == "Communications of the ACM");
    BOOST_TEST(first.venue.type == "journal");
    BOOST_TEST(first.type == "article");
    BOOST_TEST(ends_with(first.origin, "cacm/cacm.all:1"));
    // doc 1 (1958) is linked to ten later papers, which cite it; it cites none of them
    BOOST_TEST(first.references.empty());
    const std::vector<std::string> cites_1 = {
        "100", "123", "164", "205", "210", "214", "398", "642", "669", "1982"};
    for (const std::string& id : cites_1) {
        const auto& refs = r.by_id(id).references;
        BOOST_TEST((std::find(refs.begin(), refs.end(), "1") != refs.end()), id);
    }
    // doc 3000 lists three references in its coupling vector and is linked to three documents
    const std::vector<std::string> refs_3000 = {"1879", "2095", "2864"};
    BOOST_TEST(r.by_id("3000").references == refs_3000, boost::test_tools::per_element());
    // .B forms without "CACM" or without a comma still give the date
    BOOST_TEST(r.by_id("1890").publication_date == "1969-06");
    BOOST_TEST(r.by_id("1951").publication_date == "1970-12");

    std::map<std::string, int> issue;
    for (const WorkRecord& w : r.records) {
        // every issue names its month, May included
        BOOST_TEST_REQUIRE(w.publication_date.size() == 7u, w.id);
        const int month =
            w.publication_date.size() >= 7 ? std::stoi(w.publication_date.substr(5, 2)) : 0;
        issue[w.id] = w.publication_year * 12 + month;
    }
    std::size_t references = 0;
    std::size_t to_later_issue = 0;
    for (const WorkRecord& w : r.records) {
        for (const std::string& cited : w.references) {
            BOOST_TEST_REQUIRE(issue.count(cited) == 1u);
            BOOST_TEST_REQUIRE(cited != w.id);
            ++references;
            to_later_issue += issue[cited] > issue[w.id] ? 1 : 0;
        }
    }
    BOOST_TEST(references == 2720u);   // every link once, in one direction
    BOOST_TEST(to_later_issue <= 27u); // under 1 %: the collection's own inconsistencies
}

BOOST_AUTO_TEST_CASE(cranfield_document_has_authors_year_and_no_repeated_title) {
    const ReadResult& r = dataset("cranfield");
    const WorkRecord& w = r.by_id("1");
    BOOST_TEST(w.title
               == "experimental investigation of the aerodynamics of a wing in a slipstream");
    BOOST_TEST(
        w.abstract.rfind("an experimental study of a wing in a propeller slipstream was made", 0)
        == 0);
    BOOST_TEST_REQUIRE(w.authors.size() == 1u);
    BOOST_TEST(w.authors[0].family == "brenckman");
    BOOST_TEST(w.authors[0].given == "m.");
    BOOST_TEST(w.publication_year == 1958); // from "j. ae. scs. 25, 1958, 324."
    BOOST_TEST(w.venue.display_name.empty());
    BOOST_TEST(w.references.empty());
    // an affiliation as source: no year
    BOOST_TEST(r.by_id("2").publication_year == 0);
    BOOST_TEST(r.by_id("2").authors.at(0).display_name == "ting-yili");
    // ".A" and ".B" lines inside the abstract of 240 continue the abstract
    const WorkRecord& odd = r.by_id("240");
    BOOST_TEST(odd.authors.size() == 1u);
    BOOST_TEST(
        odd.abstract.find("application to turbulent separations is made for a prandtl number "
                          "of unity in low-speed flow")
        != std::string::npos);
    // "steiger,m.h. and bloom,m.h."
    const auto two = std::find_if(r.records.begin(), r.records.end(), [](const WorkRecord& x) {
        return x.authors.size() == 2 && x.authors[0].family == "steiger";
    });
    BOOST_TEST_REQUIRE((two != r.records.end()));
    BOOST_TEST(two->authors[0].given == "m.h.");
    BOOST_TEST(two->authors[1].family == "bloom");
    // an empty record keeps its id
    BOOST_TEST(r.by_id("471").title.empty());
}

BOOST_AUTO_TEST_CASE(aan_records_decode_windows_1252_and_entities_and_key_venues_by_id) {
    const ReadResult& r = dataset("aan");
    const WorkRecord& review = r.by_id("J08-4006");
    BOOST_TEST(review.title == "Book Review: Mathematical Linguistics by Kornai, András");
    BOOST_TEST_REQUIRE(review.authors.size() == 2u);
    BOOST_TEST(review.authors[0].display_name == "Richard W. Sproat");
    BOOST_TEST(review.authors[0].family == "Sproat");
    BOOST_TEST(review.authors[1].display_name == "Roxana Gîrju"); // "G&icirc;rju"
    BOOST_TEST(review.authors[1].raw_name == "G&icirc;rju, Roxana");
    BOOST_TEST(review.venue.source_id == "J");
    BOOST_TEST(review.venue.display_name == "CL");
    BOOST_TEST(review.venue.type == "journal");
    BOOST_TEST(review.publication_year == 2008);
    BOOST_TEST((
        std::find(r.repairs.begin(), r.repairs.end(), std::make_pair(review.origin, std::size_t{1}))
        != r.repairs.end()));

    const WorkRecord& elra = r.by_id("L08-1068");
    BOOST_TEST(elra.title == "Latest Developments in ELRA’s Services");
    BOOST_TEST(elra.authors.at(0).display_name == "Valérie Mapelli");
    BOOST_TEST(elra.authors.at(2).display_name == "Hélène Mazo");
    BOOST_TEST(elra.venue.display_name == "LREC");

    BOOST_TEST(r.by_id("D10-1001").venue.display_name == "EMNLP");
    BOOST_TEST(r.by_id("D10-1001").authors.at(0).display_name == "Alexander M. Rush");
    BOOST_TEST(r.by_id("W11-2101").venue.source_id == "W");
    BOOST_TEST(r.by_id("W11-2101").venue.type == "workshop");
    BOOST_TEST(r.by_id("J79-1009a").venue.display_name == "CL");
    BOOST_TEST(r.repairs.size() == 35u); // the 35 records with Windows-1252 bytes (all in titles)
    for (const WorkRecord& w : r.records) {
        BOOST_TEST_REQUIRE(!w.venue.source_id.empty(), w.id);
        BOOST_TEST_REQUIRE(w.venue.source_id.size() == 1u, w.id);
    }
}

BOOST_AUTO_TEST_CASE(dblp_records_with_invalid_utf8_are_repaired_and_counted) {
    const ReadResult& r = dataset("dblp-cgm");
    // the data README: 172 records with invalid UTF-8 (a lost lead byte); each is reported once
    BOOST_TEST(r.repairs.size() == 172u);
    std::set<std::string> origins;
    for (const auto& [origin, n] : r.repairs) {
        BOOST_TEST(n >= 1u);
        origins.insert(origin);
    }
    BOOST_TEST(origins.size() == 172u);
    const WorkRecord& w = r.by_id("1100160");
    BOOST_TEST_REQUIRE(w.authors.size() == 3u);
    BOOST_TEST(w.authors[0].display_name == "Anders ?\xEF\xBF\xBDström");
    BOOST_TEST(w.authors[0].given.empty()); // DBLP names are not split
    BOOST_TEST(w.authors[2].display_name == "Per-Erik Danielsson");
    BOOST_TEST(w.title == "Intensity mappings within the context of near-sensor image processing");
    BOOST_TEST(w.venue.display_name == "IEEE Transactions on Image Processing");
    BOOST_TEST(w.venue.type == "journal");
    BOOST_TEST(w.venue.source_id.empty());
    BOOST_TEST(w.publication_year == 1998);
    BOOST_TEST(w.format == "aan");
    const auto conference =
        std::find_if(r.records.begin(), r.records.end(), [](const WorkRecord& x) {
            return x.venue.display_name == "Data Compression Conference";
        });
    BOOST_TEST_REQUIRE((conference != r.records.end()));
    BOOST_TEST(conference->venue.type == "conference");
}

BOOST_DATA_TEST_CASE(formats_are_detected_from_names_and_first_bytes, bdata::make(kDetect), c) {
    const std::string path = test::mirror_file(c.file).string();
    const std::string head = file_head(path);
    BOOST_TEST((indexer::detect_format(path, head) == c.format));
    if (c.format) {
        // the content alone tells the same (standard input has no name)
        BOOST_TEST((indexer::detect_format("-", head) == c.format));
    }
}

BOOST_AUTO_TEST_CASE(detect_format_reads_content_when_the_name_says_nothing) {
    const auto detect = [](const std::string& path, const std::string& head) {
        return indexer::detect_format(path, head);
    };
    BOOST_TEST((detect("-", ".I 1\n.T\nx\n") == std::optional(Format::Smart)));
    BOOST_TEST((detect("-", "id = {P10-1001}\n") == std::optional(Format::Aan)));
    BOOST_TEST(
        (detect("x.jsonl", "{\"_id\": \"1\", \"title\": \"t\"}\n") == std::optional(Format::Beir)));
    // a BEIR query, not a work
    BOOST_TEST((detect("x.jsonl", "{\"_id\": \"1\", \"text\": \"a claim\"}\n") == std::nullopt));
    BOOST_TEST((detect("x.json", "{\"venue\": \"icml\", \"year\": \"2020\", \"papers\": []}")
                == std::optional(Format::MlAnthology)));
    BOOST_TEST((detect("x.json", "{\"text\": \"the \\\"authorships\\\": key\"}") == std::nullopt));
    BOOST_TEST((detect("x.bin", std::string("\x00\x01\x02", 3)) == std::nullopt));
    BOOST_TEST((indexer::parse_format("DBLP") == std::optional(Format::Aan)));
    BOOST_TEST((indexer::parse_format("openalex") == std::optional(Format::OpenAlex)));
    BOOST_TEST((indexer::parse_format("s2") == std::nullopt));
    for (const Format f : {Format::OpenAlex,
                           Format::MlAnthology,
                           Format::Arxiv,
                           Format::Beir,
                           Format::Smart,
                           Format::Aan}) {
        BOOST_TEST((indexer::parse_format(indexer::format_name(f)) == std::optional(f)));
    }
}

BOOST_AUTO_TEST_CASE(expand_inputs_keeps_data_files_of_the_mirror_and_skips_the_rest) {
    const std::string root = test::data_mirror().string();
    const std::vector<std::string> files = indexer::expand_inputs({root});
    BOOST_TEST(std::is_sorted(files.begin(), files.end()));
    std::vector<std::string> others;
    std::size_t mlanthology = 0;
    for (const std::string& f : files) {
        const std::string rel = f.substr(root.size() + (ends_with(root, "/") ? 0 : 1));
        if (rel.rfind("mlanthology/papers/", 0) == 0 || rel.rfind("mlanthology/legacy/", 0) == 0) {
            BOOST_TEST(ends_with(rel, ".gz"));
            ++mlanthology;
        } else {
            others.push_back(rel);
        }
    }
    BOOST_TEST(mlanthology == 194u);
    const std::vector<std::string> expected = {
        "aan/acl-metadata.txt",
        "cacm/cacm.all",
        "cranfield/cran.all.1400",
        "dblp-cgm/CGM-meta.txt",
        "fixtures/arxiv/arxiv-metadata-oai-snapshot.head200.json",
        "fixtures/openalex/W-api-response.json",
        "fixtures/openalex/W2741809807.json",
        // not a format peerscope reads: kept, so that reading it reports the unknown format
        "fixtures/s2/sample-S2-records.jsonl",
        "scifact/corpus.jsonl.gz",
    };
    BOOST_TEST(others == expected, boost::test_tools::per_element());
    BOOST_CHECK_EXCEPTION(
        indexer::read_input(
            root + "/fixtures/s2/sample-S2-records.jsonl", std::nullopt, indexer::ReadSink{}),
        indexer::Error,
        [](const indexer::Error& e) { return e.code() == indexer::Errc::UnknownFormat; });
}

BOOST_AUTO_TEST_CASE(expand_inputs_walks_folders_sorted_without_hidden_or_note_files) {
    test::TempDir dir;
    std::filesystem::create_directories(dir.path() / "b" / ".git");
    std::filesystem::create_directories(dir.path() / "a");
    const std::string beir = "{\"_id\": \"1\", \"title\": \"t\", \"text\": \"x\"}\n";
    write_file(dir / "b/corpus.jsonl", beir);
    write_file(dir / "a/corpus.jsonl", beir);
    write_file(dir / ".hidden.jsonl", beir);
    write_file(dir / "b/.git/objects.jsonl", beir);
    write_file(dir / "README.txt", "about this folder\n");
    write_file(dir / "notes.md", "# notes\n");
    write_file(dir / "queries.jsonl", "{\"_id\": \"q1\", \"text\": \"a claim\"}\n");
    write_file(dir / "empty.jsonl", "");
    write_file(dir / "other.txt", "just some text\n");
    write_file(dir / "mystery.json", "{\"paperId\": \"x\"}\n");
    const std::vector<std::string> got = indexer::expand_inputs({dir.path().string(), "-"});
    const std::vector<std::string> expected = {
        dir / "a/corpus.jsonl", dir / "b/corpus.jsonl", dir / "mystery.json", "-"};
    BOOST_TEST(got == expected, boost::test_tools::per_element());
    // a file named explicitly stays, and the same file twice is read once
    const std::vector<std::string> explicit_files =
        indexer::expand_inputs({dir / "notes.md", dir / "a/corpus.jsonl", dir.path().string()});
    BOOST_TEST(explicit_files.size() == 4u);
    BOOST_TEST(explicit_files[0] == dir / "notes.md");
    BOOST_CHECK_EXCEPTION(indexer::expand_inputs({dir / "missing.jsonl"}),
                          indexer::Error,
                          [](const indexer::Error& e) { return e.code() == indexer::Errc::Io; });
}

BOOST_AUTO_TEST_CASE(bad_records_are_reported_with_file_and_line_and_the_rest_is_read) {
    test::TempDir dir;
    const std::string path = dir / "mixed.jsonl";
    write_file(path, kMixedBeirLines);
    check_mixed_beir(read_files({path}, Format::Beir), path);
    // without a format: detected from the first line
    check_mixed_beir(read_files({path}), path);
}

BOOST_AUTO_TEST_CASE(openalex_lines_keep_only_well_formed_dates_and_known_parts) {
    test::TempDir dir;
    const std::string path = dir / "works.jsonl";
    write_file(path,
               "{\"id\": \"https://openalex.org/W1\", \"title\": \"A\", \"publication_year\": "
               "2020, \"publication_date\": \"June 2020\"}\n"
               "{\"id\": \"https://openalex.org/W2\", \"display_name\": \"B\", "
               "\"publication_date\": \"2019-02-30x\", \"ids\": {\"arxiv\": "
               "\"arXiv:2201.05596v2\"}}\n"
               "{\"id\": \"https://openalex.org/W3\", \"title\": \"C\", \"publication_date\": "
               "\"2021-07-09\", \"authorships\": [{\"raw_author_name\": \"Only Raw\"}]}\n");
    const ReadResult r = read_files({path});
    BOOST_TEST(r.problems.empty());
    BOOST_TEST_REQUIRE(r.records.size() == 3u);
    BOOST_TEST(r.records[0].publication_year == 2020);
    BOOST_TEST(r.records[0].publication_date.empty());
    BOOST_TEST(r.records[1].title == "B"); // display_name stands in for a missing title
    BOOST_TEST(r.records[1].publication_date.empty());
    BOOST_TEST(r.records[1].arxiv_id == "2201.05596");
    BOOST_TEST(r.records[2].publication_date == "2021-07-09");
    BOOST_TEST(r.records[2].publication_year == 2021);
    BOOST_TEST_REQUIRE(r.records[2].authors.size() == 1u);
    BOOST_TEST(r.records[2].authors[0].display_name == "Only Raw");
}

BOOST_AUTO_TEST_CASE(a_false_from_on_problem_stops_reading) {
    test::TempDir dir;
    const std::string path = dir / "mixed.jsonl";
    write_file(path, kMixedBeirLines);
    const ReadResult r = read_files({path}, Format::Beir, true);
    BOOST_TEST(r.records.size() == 1u);
    BOOST_TEST(r.problems.size() == 1u);
}

BOOST_AUTO_TEST_CASE(bad_paper_in_a_pretty_printed_document_is_reported_at_its_line) {
    test::TempDir dir;
    const std::string path = dir / "conf-2020.json";
    const std::string head =
        "{\n"
        "  \"venue\": \"testconf\",\n"
        "  \"year\": \"2020\",\n"
        "  \"papers\": [\n"
        "    {\"bibtex_key\": \"a2020\", \"title\": \"First\", \"authors\": []},\n"
        "    {\"bibtex_key\": \"b2020\", \"title\": \"Second\", \"authors\": "
        "\"nobody\"},\n"
        "    {\"bibtex_key\": \"c2020\",\n"
        "     \"title\": \"Third\", \"year\": \"2019\"}";
    write_file(path, head + "\n  ]\n}\n");
    const ReadResult r = read_files({path});
    BOOST_TEST_REQUIRE(r.records.size() == 2u);
    BOOST_TEST(r.records[0].id == "a2020");
    BOOST_TEST(r.records[0].origin == path + ":5");
    BOOST_TEST(r.records[0].publication_year == 2020); // from the file's own "year"
    BOOST_TEST(r.records[0].venue.source_id == "testconf");
    BOOST_TEST(r.records[1].id == "c2020");
    BOOST_TEST(r.records[1].origin == path + ":7");
    BOOST_TEST(r.records[1].publication_year == 2019);
    BOOST_TEST_REQUIRE(r.problems.size() == 1u);
    BOOST_TEST(r.problems[0].origin == path + ":6");
    BOOST_TEST(r.problems[0].reason == "field \"authors\" is string, expected an array");

    // the same file cut off: the papers before the cut are read, the cut is reported
    const std::string cut = dir / "cut-2020.json";
    write_file(cut, head.substr(0, head.size() - 20));
    const ReadResult c = read_files({cut}, Format::MlAnthology);
    BOOST_TEST(c.records.size() == 1u);
    BOOST_TEST_REQUIRE(c.problems.size() == 2u);
    BOOST_TEST(c.problems[1].reason.find("malformed JSON") != std::string::npos);
    BOOST_TEST(c.problems[1].reason.find("record starting at line 7 is incomplete")
               != std::string::npos);
    BOOST_TEST(c.problems[1].origin == cut + ":7");
}

BOOST_AUTO_TEST_CASE(gzip_files_and_standard_input_are_read_alike) {
    test::TempDir dir;
    const std::string gz = dir / "mixed.jsonl.gz";
    write_gz(gz, kMixedBeirLines);
    check_mixed_beir(read_files({gz}), gz);

    const std::string plain = dir / "mixed.jsonl";
    write_file(plain, kMixedBeirLines);
    {
        const StdinFrom in(plain);
        check_mixed_beir(read_files({"-"}), "stdin");
    }
    {
        const StdinFrom in(gz); // gzip recognised by its magic bytes
        check_mixed_beir(read_files({"-"}), "stdin");
    }
    {
        const StdinFrom in(gz);
        const ReadResult r = read_files({"-"}, Format::Beir, false, "piped.jsonl");
        BOOST_TEST_REQUIRE(r.records.size() == 2u);
        BOOST_TEST(r.records[1].origin == "piped.jsonl:6");
    }
}

BOOST_AUTO_TEST_CASE(truncated_gzip_reports_the_cut_after_the_records_before_it) {
    test::TempDir dir;
    std::string lines;
    for (int i = 0; i < 5000; ++i) {
        lines += "{\"_id\": \"" + std::to_string(i) + "\", \"title\": \"Title number "
                 + std::to_string(i * 7919) + "\", \"text\": \"body " + std::to_string(i * 31)
                 + "\"}\n";
    }
    const std::string whole = dir / "whole.jsonl.gz";
    write_gz(whole, lines);
    const std::string bytes = read_bytes(whole);
    const std::string cut = dir / "cut.jsonl.gz";
    write_file(cut, bytes.substr(0, bytes.size() * 2 / 3));
    const ReadResult r = read_files({cut});
    BOOST_TEST(r.records.size() > 1000u);
    BOOST_TEST(r.records.size() < 5000u);
    BOOST_TEST_REQUIRE(!r.problems.empty());
    BOOST_TEST(r.problems.back().reason.find("truncated") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(garbage_and_empty_inputs_never_crash_or_throw_for_records) {
    test::TempDir dir;
    std::mt19937 rng(42);
    std::uniform_int_distribution<int> byte(0, 255);
    std::string garbage;
    for (int i = 0; i < 200000; ++i) {
        garbage.push_back(static_cast<char>(byte(rng)));
        if (i % 97 == 0) {
            garbage += "{\"_id\": \"\xff\", \"title\": [\n.I 7\n.T\nid = {X\n";
        }
    }
    const std::string random = dir / "random.bin";
    write_file(random, garbage);
    const std::string random_gz = dir / "random.bin.gz";
    write_gz(random_gz, garbage);
    const std::string fake_gz = dir / "fake.gz";
    write_file(fake_gz, "\x1f\x8b\x08" + garbage.substr(0, 5000));
    for (const Format f : {Format::OpenAlex,
                           Format::MlAnthology,
                           Format::Arxiv,
                           Format::Beir,
                           Format::Smart,
                           Format::Aan}) {
        for (const std::string& file : {random, random_gz, fake_gz}) {
            BOOST_CHECK_NO_THROW(read_files({file}, f));
        }
    }
    BOOST_CHECK_EXCEPTION(read_files({random}), indexer::Error, [](const indexer::Error& e) {
        return e.code() == indexer::Errc::UnknownFormat;
    });
    const std::string empty = dir / "empty.jsonl";
    write_file(empty, "");
    const ReadResult r = read_files({empty});
    BOOST_TEST(r.records.empty());
    BOOST_TEST(r.problems.empty());
    BOOST_CHECK_EXCEPTION(read_files({dir / "missing.jsonl"}),
                          indexer::Error,
                          [](const indexer::Error& e) { return e.code() == indexer::Errc::Io; });
    BOOST_CHECK_EXCEPTION(read_files({dir.path().string()}),
                          indexer::Error,
                          [](const indexer::Error& e) { return e.code() == indexer::Errc::Io; });
}

BOOST_AUTO_TEST_CASE(aan_citation_edges_are_read_as_citing_cited_pairs) {
    const std::vector<indexer::CitationEdge> edges =
        indexer::read_citation_edges(test::mirror_file("aan/citations.upto2010.txt").string());
    BOOST_TEST(edges.size() == 73701u);
    BOOST_TEST_REQUIRE(!edges.empty());
    BOOST_TEST(edges[0].citing == "C08-3004");
    BOOST_TEST(edges[0].cited == "A00-1002");
    std::set<std::string> ids;
    for (const WorkRecord& w : dataset("aan").records) {
        ids.insert(w.id);
    }
    std::size_t outside = 0;
    for (const indexer::CitationEdge& e : edges) {
        outside += (ids.count(e.citing) == 0 || ids.count(e.cited) == 0) ? 1 : 0;
    }
    BOOST_TEST(outside == 0u); // both ends of every edge are AAN records

    test::TempDir dir;
    write_file(dir / "edges.txt", "a ==> b\n\n# comment\nnot an edge\nc , d\n");
    std::vector<indexer::ReadProblem> problems;
    const auto small =
        indexer::read_citation_edges(dir / "edges.txt", [&](const indexer::ReadProblem& p) {
            problems.push_back(p);
            return true;
        });
    BOOST_TEST_REQUIRE(small.size() == 2u);
    BOOST_TEST(small[0].citing == "a");
    BOOST_TEST(small[1].cited == "d");
    BOOST_TEST_REQUIRE(problems.size() == 1u);
    BOOST_TEST(problems[0].origin == dir / "edges.txt" + ":4");
}

BOOST_AUTO_TEST_SUITE_END()
