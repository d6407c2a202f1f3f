// bench-related: how well related works recover a paper's real references when the ranking may
// not use them, against a BM25 baseline measured in the same run.
//
//   bench-related [--data DIR] [--datasets cacm,aan] [--papers N] [--folds K] [--work DIR
//   [--reuse]]
//
// For each dataset (CACM with its citation data; AAN titles with citations.upto2010.txt):
//  1. Read the records with Peerscope's readers; attach AAN's citation edges.
//  2. Evaluate a deterministic sample of up to N papers that cite at least one paper of the
//     corpus, split into K folds. For each fold, build an index from every record, except that
//     the fold's papers (and records with the same title, which the indexer would group with them)
//     lose their references, and their references lose any citation back to them. So when the
//     ranking looks at a held-out paper P, neither P's references nor links from P's references to
//     P are anywhere in the index. What stays is what a real index would know about P without its
//     bibliography: its text, authors, topics, the works citing P and what those cite with it.
//  3. For each held-out paper, rank with related works (GET /v1/works/{id}/related, per_page 20)
//     and with the baseline: BM25 over the index with the paper's whole title and abstract as the
//     query (each word with its stem forms, title matches weighted as /v1/works weights them). Both
//     leave out the paper itself and its versions. The paper's references are the relevant works.
//  4. Print Recall@10, Recall@20 and nDCG@10 (binary gains), means over the papers.
#include "peerscope/indexer/indexer.hpp"
#include "peerscope/indexer/reader.hpp"
#include "peerscope/schema/prefixes.hpp"
#include "peerscope/schema/term_builder.hpp"
#include "peerscope/schema/work_data.hpp"
#include "peerscope/search/service.hpp"

#include <nlohmann/json.hpp>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace {

namespace fs = std::filesystem;
namespace ix = peerscope::indexer;
namespace ps = peerscope::search;
namespace schema = peerscope::schema;
namespace prefix = peerscope::schema::prefix;

constexpr std::size_t kDepth = 20;

struct Options {
    fs::path data = "../shared/data";
    std::vector<std::string> datasets = {"cacm", "aan"};
    std::size_t papers = 1000;
    std::size_t skip = 0;
    std::size_t folds = 5;
    fs::path work;
    bool reuse = false; ///< keep fold indexes already built in --work (same records and folds)
};

std::uint64_t fnv(std::string_view s) {
    std::uint64_t h = 1469598103934665603ULL;
    for (unsigned char c : s) {
        h = (h ^ c) * 1099511628211ULL;
    }
    return h;
}

/// Lower-case letters and digits of a title: records sharing it are grouped by the indexer.
std::string title_key(std::string_view title) {
    std::string key;
    for (unsigned char c : title) {
        if (std::isalnum(c) != 0) {
            key += static_cast<char>(std::tolower(c));
        }
    }
    return key;
}

std::vector<ix::WorkRecord> read_records(const fs::path& path, ix::Format format) {
    std::vector<ix::WorkRecord> records;
    ix::ReadSink sink;
    sink.on_record = [&records](ix::WorkRecord&& r) {
        records.push_back(std::move(r));
        return true;
    };
    sink.on_problem = [](const ix::ReadProblem&) { return true; };
    ix::read_input(path.string(), format, sink);
    return records;
}

/// The dataset's records with references (ids of the same corpus only).
std::vector<ix::WorkRecord> load(const Options& options, const std::string& name) {
    std::vector<ix::WorkRecord> records;
    if (name == "cacm") {
        records = read_records(options.data / "cacm" / "cacm.all", ix::Format::Smart);
    } else if (name == "aan") {
        records = read_records(options.data / "aan" / "acl-metadata.txt", ix::Format::Aan);
        std::unordered_map<std::string, std::size_t> index;
        for (std::size_t i = 0; i < records.size(); ++i) {
            index.emplace(records[i].id, i);
        }
        for (const ix::CitationEdge& edge :
             ix::read_citation_edges((options.data / "aan" / "citations.upto2010.txt").string())) {
            auto citing = index.find(edge.citing);
            if (citing != index.end() && index.count(edge.cited) != 0
                && edge.citing != edge.cited) {
                records[citing->second].references.push_back(edge.cited);
            }
        }
    } else {
        throw std::runtime_error("unknown dataset '" + name + "' (use cacm or aan)");
    }
    std::set<std::string> ids;
    for (const auto& r : records) {
        ids.insert(r.id);
    }
    for (auto& r : records) {
        std::vector<std::string> kept;
        for (const auto& ref : r.references) {
            if (ids.count(ref) != 0 && ref != r.id
                && std::find(kept.begin(), kept.end(), ref) == kept.end()) {
                kept.push_back(ref);
            }
        }
        r.references = std::move(kept);
    }
    return records;
}

nlohmann::json to_openalex(const ix::WorkRecord& r) {
    nlohmann::json j;
    j["id"] = r.id;
    j["title"] = r.title;
    j["abstract"] = r.abstract;
    if (r.publication_year != 0) {
        j["publication_year"] = r.publication_year;
    }
    if (!r.publication_date.empty()) {
        j["publication_date"] = r.publication_date;
    }
    j["type"] = r.type;
    j["language"] = r.language;
    nlohmann::json authorships = nlohmann::json::array();
    for (const auto& a : r.authors) {
        authorships.push_back({{"author", {{"id", a.source_id}, {"display_name", a.display_name}}},
                               {"raw_author_name", a.raw_name}});
    }
    j["authorships"] = std::move(authorships);
    j["primary_location"] = {{"source",
                              {{"id", r.venue.source_id},
                               {"display_name", r.venue.display_name},
                               {"type", r.venue.type}}}};
    j["referenced_works"] = r.references;
    return j;
}

struct Metrics {
    double recall10 = 0;
    double recall20 = 0;
    double ndcg10 = 0;
    std::size_t papers = 0;
    double ms = 0;

    void add(const std::vector<std::string>& ranking,
             const std::set<std::string>& relevant,
             double elapsed) {
        std::size_t hits10 = 0;
        std::size_t hits20 = 0;
        double dcg = 0;
        for (std::size_t i = 0; i < ranking.size() && i < kDepth; ++i) {
            if (relevant.count(ranking[i]) == 0) {
                continue;
            }
            ++hits20;
            if (i < 10) {
                ++hits10;
                dcg += 1.0 / std::log2(static_cast<double>(i) + 2.0);
            }
        }
        double ideal = 0;
        for (std::size_t i = 0; i < std::min<std::size_t>(10, relevant.size()); ++i) {
            ideal += 1.0 / std::log2(static_cast<double>(i) + 2.0);
        }
        auto r = static_cast<double>(relevant.size());
        recall10 += static_cast<double>(hits10) / r;
        recall20 += static_cast<double>(hits20) / r;
        ndcg10 += dcg / ideal;
        ms += elapsed;
        ++papers;
    }
    [[nodiscard]] double mean(double total) const {
        return papers == 0 ? 0 : total / static_cast<double>(papers);
    }
};

/// BM25 with a paper's whole title and abstract as the query, as /v1/works ranks a pasted text:
/// every word with its stem forms, title matches weighted 2, BM25(k1 1.2, b 0.75).
class Baseline {
  public:
    explicit Baseline(const fs::path& index) : db_((index / "works").string()) {}

    std::vector<std::string> rank(const schema::WorkData& work, std::size_t depth) {
        std::map<std::string, std::size_t> counts;
        for (const std::string* text : {&work.title, &work.abstract}) {
            for (const auto& t : terms_.analyzer().analyze(*text)) {
                if (!t.joined) {
                    ++counts[t.term];
                }
            }
        }
        std::vector<Xapian::Query> parts;
        for (const auto& [word, count] : counts) {
            const std::string& stem = terms_.stem(word);
            std::vector<std::string> title{std::string(prefix::kTitle) + word};
            std::vector<std::string> abstract{std::string(prefix::kAbstract) + word};
            if (stem != word) {
                title.push_back(std::string(prefix::kTitleStem) + stem);
                title.push_back(std::string(prefix::kTitle) + stem);
                abstract.push_back(std::string(prefix::kAbstractStem) + stem);
                abstract.push_back(std::string(prefix::kAbstract) + stem);
            }
            auto c = static_cast<double>(count);
            double qtf = 2.0 * c / (1.0 + c); // k3 = 1, as search weighs repeated words
            Xapian::Query forms(
                Xapian::Query::OP_OR,
                Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                              Xapian::Query(Xapian::Query::OP_SYNONYM, title.begin(), title.end()),
                              2.0),
                Xapian::Query(Xapian::Query::OP_SYNONYM, abstract.begin(), abstract.end()));
            parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, forms, qtf);
        }
        std::vector<std::string> out;
        if (parts.empty()) {
            return out;
        }
        // The paper itself and its versions are left out, as related works leaves them out.
        std::vector<Xapian::Query> excluded{Xapian::Query(std::string(prefix::kWorkId) + work.id)};
        for (const auto& alt : work.alt_ids) {
            excluded.emplace_back(std::string(prefix::kWorkId) + alt);
        }
        Xapian::Query query(Xapian::Query::OP_AND_NOT,
                            Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end()),
                            Xapian::Query(Xapian::Query::OP_OR, excluded.begin(), excluded.end()));
        Xapian::Enquire enquire(db_);
        enquire.set_query(query);
        enquire.set_weighting_scheme(Xapian::BM25Weight(1.2, 0, 1, 0.75, 0.5));
        Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(depth));
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            out.push_back(schema::decode_work(it.get_document().get_data()).id);
        }
        return out;
    }

  private:
    Xapian::Database db_;
    schema::TermBuilder terms_;
};

struct Result {
    std::string dataset;
    std::size_t records = 0;
    std::size_t eligible = 0;
    std::size_t references = 0;
    Metrics ours;
    Metrics baseline;
    Metrics no_citations; ///< related works over an index without any citation
    double index_seconds = 0;
    std::map<std::string, std::size_t> relevant_reasons; ///< reason type -> relevant hits with it
    std::size_t relevant_hits = 0;                       ///< relevant works in the top 20
    std::map<std::string, std::size_t> other_reasons;    ///< reason type -> other hits with it
    std::size_t other_hits = 0;
};

Result run(const Options& options, const std::string& name) {
    Result result;
    result.dataset = name;
    std::vector<ix::WorkRecord> records = load(options, name);
    result.records = records.size();
    std::unordered_map<std::string, std::vector<std::size_t>> by_title;
    std::unordered_map<std::string, std::size_t> by_id;
    for (std::size_t i = 0; i < records.size(); ++i) {
        by_title[title_key(records[i].title)].push_back(i);
        by_id.emplace(records[i].id, i);
    }
    std::vector<std::size_t> eligible;
    for (std::size_t i = 0; i < records.size(); ++i) {
        if (!records[i].references.empty()) {
            eligible.push_back(i);
        }
    }
    result.eligible = eligible.size();
    std::sort(eligible.begin(), eligible.end(), [&](std::size_t a, std::size_t b) {
        return fnv(records[a].id) < fnv(records[b].id);
    });
    eligible.erase(eligible.begin(),
                   eligible.begin()
                       + static_cast<std::ptrdiff_t>(std::min(options.skip, eligible.size())));
    if (eligible.size() > options.papers) {
        eligible.resize(options.papers);
    }
    // Passes 0..folds-1 hold out one fold each; the last pass indexes no citation at all (what a
    // brand-new paper in an index without references gets: text, authors, topics).
    for (std::size_t fold = 0; fold <= options.folds; ++fold) {
        const bool no_citations = fold == options.folds;
        std::vector<std::size_t> held;
        for (std::size_t k = no_citations ? 0 : fold; k < eligible.size();
             k += no_citations ? 1 : options.folds) {
            held.push_back(eligible[k]);
        }
        if (held.empty()) {
            continue;
        }
        // Mask: the held papers and the records the indexer would group with them.
        std::set<std::string> masked;
        for (std::size_t i : held) {
            for (std::size_t j : by_title[title_key(records[i].title)]) {
                masked.insert(records[j].id);
            }
        }
        std::vector<ix::WorkRecord> copy = records;
        if (no_citations) {
            for (auto& r : copy) {
                r.references.clear();
            }
        }
        for (std::size_t i = 0; i < copy.size(); ++i) {
            if (masked.count(copy[i].id) == 0) {
                continue;
            }
            for (const std::string& ref : records[i].references) {
                auto target = by_id.find(ref);
                if (target == by_id.end()) {
                    continue;
                }
                auto& back = copy[target->second].references;
                back.erase(
                    std::remove_if(back.begin(),
                                   back.end(),
                                   [&](const std::string& id) { return masked.count(id) != 0; }),
                    back.end());
            }
            copy[i].references.clear();
        }
        fs::path dir =
            options.work / name
            / (no_citations
                   ? std::string("no-citations")
                   : "fold-" + std::to_string(fold) + "-of-" + std::to_string(options.folds) + "-n"
                         + std::to_string(options.papers) + "-skip" + std::to_string(options.skip));
        ix::IndexOptions index_options;
        index_options.index_dir = (dir / "index").string();
        if (!(options.reuse && fs::exists(dir / "index" / "works"))) {
            fs::remove_all(dir);
            fs::create_directories(dir);
            fs::path input = dir / "records.openalex.jsonl";
            {
                std::ofstream out(input);
                for (const auto& r : copy) {
                    out << to_openalex(r).dump(
                        -1, ' ', false, nlohmann::json::error_handler_t::replace)
                        << '\n';
                }
            }
            index_options.inputs = {input.string()};
            index_options.format = ix::Format::OpenAlex;
            auto started = std::chrono::steady_clock::now();
            (void)ix::run_indexer(index_options, {});
            result.index_seconds +=
                std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        }

        ps::SearchService service(index_options.index_dir);
        auto searcher = service.lease();
        Baseline baseline(index_options.index_dir);
        for (std::size_t i : held) {
            const ix::WorkRecord& paper = records[i];
            std::optional<schema::WorkData> work = searcher->get_work(paper.id);
            if (!work) {
                continue;
            }
            std::set<std::string> relevant;
            for (const std::string& ref : paper.references) {
                if (auto cited = searcher->get_work(ref); cited && cited->id != work->id) {
                    relevant.insert(cited->id);
                }
            }
            if (relevant.empty()) {
                continue;
            }
            ps::RelatedQuery query;
            query.positive = {work->id};
            query.per_page = kDepth;
            auto t0 = std::chrono::steady_clock::now();
            ps::RelatedPage page = searcher->related_works(query);
            double ours_ms =
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                    .count();
            std::vector<std::string> ranking;
            for (const auto& hit : page.results) {
                ranking.push_back(hit.work.id);
            }
            if (no_citations) {
                result.no_citations.add(ranking, relevant, ours_ms);
                continue;
            }
            result.references += relevant.size();
            for (const auto& hit : page.results) {
                bool relevant_hit = relevant.count(hit.work.id) != 0;
                ++(relevant_hit ? result.relevant_hits : result.other_hits);
                for (const auto& reason : hit.reasons) {
                    ++(relevant_hit ? result.relevant_reasons : result.other_reasons)[reason.type];
                }
            }
            result.ours.add(ranking, relevant, ours_ms);
            t0 = std::chrono::steady_clock::now();
            std::vector<std::string> base = baseline.rank(*work, kDepth);
            double base_ms =
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                    .count();
            result.baseline.add(base, relevant, base_ms);
        }
        std::cerr << name << ": "
                  << (no_citations ? std::string("index without citations")
                                   : "fold " + std::to_string(fold + 1) + "/"
                                         + std::to_string(options.folds))
                  << " done (" << held.size() << " papers)\n";
    }
    return result;
}

void print(const std::vector<Result>& results) {
    std::printf("| dataset | papers | refs/paper | method | Recall@10 | Recall@20 | nDCG@10 | "
                "ms/query |\n");
    std::printf("|---|---|---|---|---|---|---|---|\n");
    for (const Result& r : results) {
        double per_paper = r.ours.papers == 0 ? 0
                                              : static_cast<double>(r.references)
                                                    / static_cast<double>(r.ours.papers);
        const std::pair<const char*, const Metrics*> rows[] = {
            {"related works", &r.ours},
            {"BM25 title+abstract", &r.baseline},
            {"related works, index without citations", &r.no_citations}};
        for (const auto& [label, m] : rows) {
            std::printf("| %s | %zu | %.1f | %s | %.3f | %.3f | %.3f | %.1f |\n",
                        r.dataset.c_str(),
                        m->papers,
                        per_paper,
                        label,
                        m->mean(m->recall10),
                        m->mean(m->recall20),
                        m->mean(m->ndcg10),
                        m->mean(m->ms));
        }
    }
    for (const Result& r : results) {
        std::printf(
            "\n%s: %zu records, %zu cite at least one paper of the corpus, %zu evaluated; %.1f s "
            "indexing in this run\n",
            r.dataset.c_str(),
            r.records,
            r.eligible,
            r.ours.papers,
            r.index_seconds);
        std::printf("  reasons on the %zu relevant works in the top 20 (and on the %zu others):",
                    r.relevant_hits,
                    r.other_hits);
        std::set<std::string> types;
        for (const auto& [type, n] : r.relevant_reasons) {
            types.insert(type);
        }
        for (const auto& [type, n] : r.other_reasons) {
            types.insert(type);
        }
        for (const auto& type : types) {
            auto share = [](const std::map<std::string, std::size_t>& m,
                            const std::string& t,
                            std::size_t total) {
                auto it = m.find(t);
                return total == 0 || it == m.end()
                           ? 0.0
                           : 100.0 * static_cast<double>(it->second) / static_cast<double>(total);
            };
            std::printf(" %s %.0f%% (%.0f%%)",
                        type.c_str(),
                        share(r.relevant_reasons, type, r.relevant_hits),
                        share(r.other_reasons, type, r.other_hits));
        }
        std::printf("\n");
    }
}

std::vector<std::string> split(const std::string& s) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= s.size()) {
        std::size_t comma = s.find(',', start);
        if (comma == std::string::npos) {
            comma = s.size();
        }
        if (comma > start) {
            out.push_back(s.substr(start, comma - start));
        }
        start = comma + 1;
    }
    return out;
}

} // namespace

int main(int argc, char** argv) try {
    Options options;
    if (const char* mirror = std::getenv("PEERSCOPE_DATA_MIRROR");
        mirror != nullptr && *mirror != '\0') {
        options.data = mirror;
    }
    bool keep = false;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) {
                throw std::runtime_error(arg + " needs a value");
            }
            return argv[++i];
        };
        if (arg == "--data") {
            options.data = value();
        } else if (arg == "--datasets") {
            options.datasets = split(value());
        } else if (arg == "--papers") {
            options.papers = std::stoul(value());
        } else if (arg == "--reuse") {
            options.reuse = true;
        } else if (arg == "--skip") {
            options.skip = std::stoul(value());
        } else if (arg == "--folds") {
            options.folds = std::max<std::size_t>(1, std::stoul(value()));
        } else if (arg == "--work") {
            options.work = value();
            keep = true;
        } else if (arg == "--help" || arg == "-h") {
            std::printf(
                "usage: bench-related [--data DIR] [--datasets cacm,aan] [--papers N] [--skip N] "
                "[--folds K] [--work DIR [--reuse]]\n");
            return 0;
        } else {
            throw std::runtime_error("unknown argument " + arg + " (see --help)");
        }
    }
    if (options.work.empty()) {
        std::string pattern = (fs::temp_directory_path() / "bench-related-XXXXXX").string();
        std::vector<char> buffer(pattern.begin(), pattern.end());
        buffer.push_back('\0');
        if (::mkdtemp(buffer.data()) == nullptr) {
            throw std::runtime_error("mkdtemp failed");
        }
        options.work = buffer.data();
    }
    std::vector<Result> results;
    for (const std::string& name : options.datasets) {
        results.push_back(run(options, name));
    }
    print(results);
    if (!keep) {
        fs::remove_all(options.work);
    }
    return 0;
} catch (const std::exception& e) {
    std::fprintf(stderr, "bench-related: %s\n", e.what());
    return 1;
}
