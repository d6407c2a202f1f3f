// arXiv OAI metadata snapshot (Kaggle "arxiv-metadata-oai-snapshot.json"): JSON lines with
// "id","authors","title","comments","journal-ref","doi","categories","abstract","versions",
// "update_date","authors_parsed". Mapping: id and arxiv_id = "id"; authors from authors_parsed
// ([last, first, suffix]); categories -> topics named as arXiv names them ("Machine Learning
// (cs.LG)") with the archive as parent; date and year from the first version (else update_date);
// the first DOI (the published version's); type "preprint"; venue arXiv (repository).
// journal-ref has no WorkRecord field and is not kept.
#include "input_stream.hpp"
#include "json_records.hpp"
#include "read_state.hpp"
#include "readers.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace peerscope::indexer::detail {
namespace {

struct Category {
    std::string_view code;
    std::string_view name;
};

/// The arXiv category taxonomy (arxiv.org/category_taxonomy) plus the archive-level codes of old
/// records, sorted by code.
constexpr std::array kCategories = std::to_array<Category>({
    {"acc-phys", "Accelerator Physics"},
    {"adap-org", "Adaptation, Noise, and Self-Organizing Systems"},
    {"alg-geom", "Algebraic Geometry"},
    {"ao-sci", "Atmospheric-Oceanic Sciences"},
    {"astro-ph", "Astrophysics"},
    {"astro-ph.CO", "Cosmology and Nongalactic Astrophysics"},
    {"astro-ph.EP", "Earth and Planetary Astrophysics"},
    {"astro-ph.GA", "Astrophysics of Galaxies"},
    {"astro-ph.HE", "High Energy Astrophysical Phenomena"},
    {"astro-ph.IM", "Instrumentation and Methods for Astrophysics"},
    {"astro-ph.SR", "Solar and Stellar Astrophysics"},
    {"atom-ph", "Atomic, Molecular and Optical Physics"},
    {"bayes-an", "Bayesian Analysis"},
    {"chao-dyn", "Chaotic Dynamics"},
    {"chem-ph", "Chemical Physics"},
    {"cmp-lg", "Computation and Language"},
    {"comp-gas", "Cellular Automata and Lattice Gases"},
    {"cond-mat", "Condensed Matter"},
    {"cond-mat.dis-nn", "Disordered Systems and Neural Networks"},
    {"cond-mat.mes-hall", "Mesoscale and Nanoscale Physics"},
    {"cond-mat.mtrl-sci", "Materials Science"},
    {"cond-mat.other", "Other Condensed Matter"},
    {"cond-mat.quant-gas", "Quantum Gases"},
    {"cond-mat.soft", "Soft Condensed Matter"},
    {"cond-mat.stat-mech", "Statistical Mechanics"},
    {"cond-mat.str-el", "Strongly Correlated Electrons"},
    {"cond-mat.supr-con", "Superconductivity"},
    {"cs.AI", "Artificial Intelligence"},
    {"cs.AR", "Hardware Architecture"},
    {"cs.CC", "Computational Complexity"},
    {"cs.CE", "Computational Engineering, Finance, and Science"},
    {"cs.CG", "Computational Geometry"},
    {"cs.CL", "Computation and Language"},
    {"cs.CR", "Cryptography and Security"},
    {"cs.CV", "Computer Vision and Pattern Recognition"},
    {"cs.CY", "Computers and Society"},
    {"cs.DB", "Databases"},
    {"cs.DC", "Distributed, Parallel, and Cluster Computing"},
    {"cs.DL", "Digital Libraries"},
    {"cs.DM", "Discrete Mathematics"},
    {"cs.DS", "Data Structures and Algorithms"},
    {"cs.ET", "Emerging Technologies"},
    {"cs.FL", "Formal Languages and Automata Theory"},
    {"cs.GL", "General Literature"},
    {"cs.GR", "Graphics"},
    {"cs.GT", "Computer Science and Game Theory"},
    {"cs.HC", "Human-Computer Interaction"},
    {"cs.IR", "Information Retrieval"},
    {"cs.IT", "Information Theory"},
    {"cs.LG", "Machine Learning"},
    {"cs.LO", "Logic in Computer Science"},
    {"cs.MA", "Multiagent Systems"},
    {"cs.MM", "Multimedia"},
    {"cs.MS", "Mathematical Software"},
    {"cs.NA", "Numerical Analysis"},
    {"cs.NE", "Neural and Evolutionary Computing"},
    {"cs.NI", "Networking and Internet Architecture"},
    {"cs.OH", "Other Computer Science"},
    {"cs.OS", "Operating Systems"},
    {"cs.PF", "Performance"},
    {"cs.PL", "Programming Languages"},
    {"cs.RO", "Robotics"},
    {"cs.SC", "Symbolic Computation"},
    {"cs.SD", "Sound"},
    {"cs.SE", "Software Engineering"},
    {"cs.SI", "Social and Information Networks"},
    {"cs.SY", "Systems and Control"},
    {"dg-ga", "Differential Geometry"},
    {"econ.EM", "Econometrics"},
    {"econ.GN", "General Economics"},
    {"econ.TH", "Theoretical Economics"},
    {"eess.AS", "Audio and Speech Processing"},
    {"eess.IV", "Image and Video Processing"},
    {"eess.SP", "Signal Processing"},
    {"eess.SY", "Systems and Control"},
    {"funct-an", "Functional Analysis"},
    {"gr-qc", "General Relativity and Quantum Cosmology"},
    {"hep-ex", "High Energy Physics - Experiment"},
    {"hep-lat", "High Energy Physics - Lattice"},
    {"hep-ph", "High Energy Physics - Phenomenology"},
    {"hep-th", "High Energy Physics - Theory"},
    {"math-ph", "Mathematical Physics"},
    {"math.AC", "Commutative Algebra"},
    {"math.AG", "Algebraic Geometry"},
    {"math.AP", "Analysis of PDEs"},
    {"math.AT", "Algebraic Topology"},
    {"math.CA", "Classical Analysis and ODEs"},
    {"math.CO", "Combinatorics"},
    {"math.CT", "Category Theory"},
    {"math.CV", "Complex Variables"},
    {"math.DG", "Differential Geometry"},
    {"math.DS", "Dynamical Systems"},
    {"math.FA", "Functional Analysis"},
    {"math.GM", "General Mathematics"},
    {"math.GN", "General Topology"},
    {"math.GR", "Group Theory"},
    {"math.GT", "Geometric Topology"},
    {"math.HO", "History and Overview"},
    {"math.IT", "Information Theory"},
    {"math.KT", "K-Theory and Homology"},
    {"math.LO", "Logic"},
    {"math.MG", "Metric Geometry"},
    {"math.MP", "Mathematical Physics"},
    {"math.NA", "Numerical Analysis"},
    {"math.NT", "Number Theory"},
    {"math.OA", "Operator Algebras"},
    {"math.OC", "Optimization and Control"},
    {"math.PR", "Probability"},
    {"math.QA", "Quantum Algebra"},
    {"math.RA", "Rings and Algebras"},
    {"math.RT", "Representation Theory"},
    {"math.SG", "Symplectic Geometry"},
    {"math.SP", "Spectral Theory"},
    {"math.ST", "Statistics Theory"},
    {"mtrl-th", "Materials Theory"},
    {"nlin.AO", "Adaptation and Self-Organizing Systems"},
    {"nlin.CD", "Chaotic Dynamics"},
    {"nlin.CG", "Cellular Automata and Lattice Gases"},
    {"nlin.PS", "Pattern Formation and Solitons"},
    {"nlin.SI", "Exactly Solvable and Integrable Systems"},
    {"nucl-ex", "Nuclear Experiment"},
    {"nucl-th", "Nuclear Theory"},
    {"patt-sol", "Pattern Formation and Solitons"},
    {"physics.acc-ph", "Accelerator Physics"},
    {"physics.ao-ph", "Atmospheric and Oceanic Physics"},
    {"physics.app-ph", "Applied Physics"},
    {"physics.atm-clus", "Atomic and Molecular Clusters"},
    {"physics.atom-ph", "Atomic Physics"},
    {"physics.bio-ph", "Biological Physics"},
    {"physics.chem-ph", "Chemical Physics"},
    {"physics.class-ph", "Classical Physics"},
    {"physics.comp-ph", "Computational Physics"},
    {"physics.data-an", "Data Analysis, Statistics and Probability"},
    {"physics.ed-ph", "Physics Education"},
    {"physics.flu-dyn", "Fluid Dynamics"},
    {"physics.gen-ph", "General Physics"},
    {"physics.geo-ph", "Geophysics"},
    {"physics.hist-ph", "History and Philosophy of Physics"},
    {"physics.ins-det", "Instrumentation and Detectors"},
    {"physics.med-ph", "Medical Physics"},
    {"physics.optics", "Optics"},
    {"physics.plasm-ph", "Plasma Physics"},
    {"physics.pop-ph", "Popular Physics"},
    {"physics.soc-ph", "Physics and Society"},
    {"physics.space-ph", "Space Physics"},
    {"plasm-ph", "Plasma Physics"},
    {"q-alg", "Quantum Algebra and Topology"},
    {"q-bio", "Quantitative Biology"},
    {"q-bio.BM", "Biomolecules"},
    {"q-bio.CB", "Cell Behavior"},
    {"q-bio.GN", "Genomics"},
    {"q-bio.MN", "Molecular Networks"},
    {"q-bio.NC", "Neurons and Cognition"},
    {"q-bio.OT", "Other Quantitative Biology"},
    {"q-bio.PE", "Populations and Evolution"},
    {"q-bio.QM", "Quantitative Methods"},
    {"q-bio.SC", "Subcellular Processes"},
    {"q-bio.TO", "Tissues and Organs"},
    {"q-fin.CP", "Computational Finance"},
    {"q-fin.EC", "Economics"},
    {"q-fin.GN", "General Finance"},
    {"q-fin.MF", "Mathematical Finance"},
    {"q-fin.PM", "Portfolio Management"},
    {"q-fin.PR", "Pricing of Securities"},
    {"q-fin.RM", "Risk Management"},
    {"q-fin.ST", "Statistical Finance"},
    {"q-fin.TR", "Trading and Market Microstructure"},
    {"quant-ph", "Quantum Physics"},
    {"solv-int", "Exactly Solvable and Integrable Systems"},
    {"stat.AP", "Applications"},
    {"stat.CO", "Computation"},
    {"stat.ME", "Methodology"},
    {"stat.ML", "Machine Learning"},
    {"stat.OT", "Other Statistics"},
    {"stat.TH", "Statistics Theory"},
    {"supr-con", "Superconductivity"},
});

static_assert(std::is_sorted(kCategories.begin(),
                             kCategories.end(),
                             [](const Category& a, const Category& b) { return a.code < b.code; }),
              "kCategories must be sorted by code for binary search");

/// The archive a category belongs to, as arXiv names its groups and archives.
std::string_view archive_name(std::string_view code) {
    const std::string_view archive = code.substr(0, code.find('.'));
    static constexpr std::array kArchives = std::to_array<Category>({
        {"astro-ph", "Astrophysics"},
        {"cond-mat", "Condensed Matter"},
        {"cs", "Computer Science"},
        {"econ", "Economics"},
        {"eess", "Electrical Engineering and Systems Science"},
        {"math", "Mathematics"},
        {"nlin", "Nonlinear Sciences"},
        {"physics", "Physics"},
        {"q-bio", "Quantitative Biology"},
        {"q-fin", "Quantitative Finance"},
        {"stat", "Statistics"},
    });
    for (const Category& a : kArchives) {
        if (a.code == archive) {
            return a.name;
        }
    }
    // gr-qc, hep-*, nucl-*, quant-ph, math-ph and the old physics archives
    return code.empty() ? std::string_view() : std::string_view("Physics");
}

TopicRef category_topic(std::string_view code) {
    TopicRef topic;
    topic.source_id = std::string(code);
    const auto it = std::lower_bound(
        kCategories.begin(), kCategories.end(), code, [](const Category& c, std::string_view k) {
            return c.code < k;
        });
    const bool known = it != kCategories.end() && it->code == code;
    topic.display_name =
        known ? std::string(it->name) + " (" + std::string(code) + ")" : std::string(code);
    const std::string_view parent = archive_name(code);
    if (!(known && it->name == parent)) { // an archive ("astro-ph") is its own parent
        topic.parent = std::string(parent);
    }
    return topic;
}

/// "Mon, 2 Apr 2007 19:18:42 GMT" → {2007, 4, 2}.
bool parse_rfc2822_date(std::string_view text, int& year, int& month, int& day) {
    year = month = day = 0;
    std::size_t p = 0;
    while (p < text.size()) {
        while (p < text.size() && (text[p] == ' ' || text[p] == ',')) {
            ++p;
        }
        std::size_t e = p;
        while (e < text.size() && text[e] != ' ' && text[e] != ',') {
            ++e;
        }
        const std::string_view token = text.substr(p, e - p);
        p = e;
        if (token.empty()) {
            continue;
        }
        const bool digits =
            std::all_of(token.begin(), token.end(), [](char c) { return c >= '0' && c <= '9'; });
        if (digits && token.size() <= 2 && day == 0 && month == 0) {
            day = std::stoi(std::string(token));
        } else if (digits && token.size() == 4 && year == 0) {
            year = parse_year(token);
        } else if (!digits && month == 0 && month_number(token) != 0 && token.size() == 3) {
            month = month_number(token);
        }
    }
    return year != 0 && month != 0;
}

void set_dates(WorkRecord& work, Json& record) {
    if (Json* versions = array_member(record, "versions")) {
        for (Json& version : *versions) {
            if (!version.is_object()) {
                continue;
            }
            const std::string created = take_string(version, "created");
            int year = 0;
            int month = 0;
            int day = 0;
            if (parse_rfc2822_date(created, year, month, day)) {
                work.publication_year = year;
                work.publication_date = make_date(year, month, day);
                return; // versions are listed oldest first: v1
            }
        }
    }
    work.publication_date = checked_date(take_string(record, "update_date")); // "2008-11-13"
    if (!work.publication_date.empty()) {
        work.publication_year = parse_year(std::string_view(work.publication_date).substr(0, 4));
    }
}

void read_authors(WorkRecord& work, Json& record, ReadState& state) {
    if (Json* parsed = array_member(record, "authors_parsed")) {
        std::size_t index = 0;
        for (Json& parts : *parsed) {
            if (!parts.is_array()) {
                throw RecordError("authors_parsed[" + std::to_string(index)
                                  + "] is not an array [last, first, suffix]");
            }
            ++index;
            std::string family = parts.size() > 0 && parts[0].is_string()
                                     ? std::move(parts[0].get_ref<std::string&>())
                                     : std::string();
            std::string given = parts.size() > 1 && parts[1].is_string()
                                    ? std::move(parts[1].get_ref<std::string&>())
                                    : std::string();
            const std::string suffix = parts.size() > 2 && parts[2].is_string()
                                           ? parts[2].get<std::string>()
                                           : std::string();
            AuthorRef author;
            author.raw_name = join_name(join_name(given, family), suffix);
            author.given = state.clean(std::move(given));
            author.family = state.clean(std::move(family));
            author.display_name =
                join_name(join_name(author.given, author.family), state.clean(suffix));
            if (!author.display_name.empty()) {
                work.authors.push_back(std::move(author));
            }
        }
        return;
    }
    // no authors_parsed: split "A. One, B. Two and C. Three"
    std::string all = take_string(record, "authors");
    std::size_t p = 0;
    while (p < all.size()) {
        std::size_t comma = all.find(',', p);
        std::size_t and_pos = all.find(" and ", p);
        std::size_t end = std::min(comma, and_pos);
        const std::size_t skip = end == and_pos && and_pos != std::string::npos ? 5 : 1;
        if (end == std::string::npos) {
            end = all.size();
        }
        std::string name = state.clean(all.substr(p, end - p));
        if (!name.empty()) {
            AuthorRef author;
            author.raw_name = std::string(trim(std::string_view(all).substr(p, end - p)));
            author.display_name = std::move(name);
            work.authors.push_back(std::move(author));
        }
        p = end == all.size() ? end : end + skip;
    }
}

WorkRecord convert_record(Json& r, ReadState& state) {
    WorkRecord work;
    work.id = take_string(r, "id");
    work.arxiv_id = strip_arxiv_version(trim(work.id));
    work.title = state.clean(take_string(r, "title"));
    work.abstract = state.clean(take_string(r, "abstract"));
    read_authors(work, r, state);
    const std::string dois = take_string(r, "doi"); // may list several, space separated
    work.doi = normalize_doi(std::string_view(dois).substr(0, dois.find(' ')));
    const std::string categories = take_string(r, "categories");
    std::size_t p = 0;
    while (p < categories.size()) {
        std::size_t e = categories.find(' ', p);
        if (e == std::string::npos) {
            e = categories.size();
        }
        if (e > p) {
            work.topics.push_back(category_topic(std::string_view(categories).substr(p, e - p)));
        }
        p = e + 1;
    }
    set_dates(work, r);
    work.type = "preprint";
    work.venue.source_id = "arxiv";
    work.venue.display_name = "arXiv";
    work.venue.type = "repository";
    if (!work.arxiv_id.empty()) {
        work.urls.push_back("https://arxiv.org/abs/" + work.arxiv_id);
    }
    return work;
}

} // namespace

void read_arxiv(InputStream& in, ReadState& state) {
    read_json_records(in, state, {}, [&state](Json& record, const Json*) {
        return convert_record(record, state);
    });
}

} // namespace peerscope::indexer::detail
