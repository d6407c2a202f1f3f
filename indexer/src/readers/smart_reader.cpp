// SMART test collections (CACM cacm.all, Cranfield cran.all.1400): records start with ".I id";
// fields start with a line ".X" (the field letter) and run to the next field line:
//   .T title, .W abstract, .A authors, .B source, .N submission record, .X citation vectors,
//   .K keywords and .C CR categories (CACM; not kept: WorkRecord has no keyword field).
// CACM: .A has one author a line, "Last, F. M."; .B is the issue ("CACM December, 1958") and gives
// year and month; the venue is Communications of the ACM. Cranfield: .A holds all authors on one
// line ("steiger,m.h. and bloom,m.h."), .B is a bibliographic source string (journal citation or
// affiliation) whose year, when it names one, is the year; no venue. Cranfield repeats the title at
// the start of .W; that copy is dropped. A field marker seen a second time inside one record
// (Cranfield 240, 576, 578 have ".A"/".B"/".W" lines inside their abstracts) continues the
// current field.
//
// Citations (.X, see cacm/cite.info): each line is "Y TYPE X" in the vector of document X.
// Type 5 ("links") pairs X and Y when either cites the other, so it has no direction. The direction
// comes from the self entries: X's own weight in its type 4 (bibliographic coupling) vector is the
// number of X's references, in its type 6 (co-citation) vector the number of documents citing X.
// These degree constraints fix the direction of 2,696 of CACM's 2,720 links (a link whose one end
// has all its references, or all its citers, already accounted for must point the other way,
// propagated to a fixed point); the rest go from the later issue to the earlier (same issue: the
// higher number cites the lower). WorkRecord::references holds the ids (".I" numbers) X cites.
#include "input_stream.hpp"
#include "read_state.hpp"
#include "readers.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace peerscope::indexer::detail {
namespace {

struct XEntry {
    long other = 0;
    int type = 0;
};

/// One record as read, before conversion.
struct SmartRecord {
    std::string id;
    std::size_t line = 0;
    std::map<char, std::string> fields; ///< field letter -> raw text (lines joined with '\n')
    std::vector<XEntry> x;
    std::string problem; ///< non-empty when the record cannot be read
};

bool is_field_marker(std::string_view line) {
    return line.size() >= 2 && line[0] == '.' && line[1] >= 'A' && line[1] <= 'Z'
           && (line.size() == 2 || line[2] == ' ' || line[2] == '\t');
}

bool parse_long(std::string_view text, long& value) {
    text = trim(text);
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    return ec == std::errc() && end == text.data() + text.size();
}

/// "Perlis, A. J." → family "Perlis", given "A. J."; several "family, initials" pairs in one
/// string ("ferri, a. zakkay, v.") give several authors; a name without comma stays whole.
std::vector<std::pair<std::string, std::string>> split_names(std::string_view text) {
    std::vector<std::pair<std::string, std::string>> names; // (family, given); family empty = whole
    text = trim(text);
    if (text.empty()) {
        return names;
    }
    std::vector<std::string_view> parts;
    std::size_t p = 0;
    while (true) {
        const std::size_t comma = text.find(',', p);
        parts.push_back(trim(text.substr(p, comma - p)));
        if (comma == std::string_view::npos) {
            break;
        }
        p = comma + 1;
    }
    if (parts.size() == 1) {
        names.emplace_back(std::string(), std::string(parts[0]));
        return names;
    }
    if (parts.size() == 2) {
        names.emplace_back(std::string(parts[0]), std::string(parts[1]));
        return names;
    }
    // family, initials family, initials ... : split each middle part after its initials
    std::string family(parts[0]);
    for (std::size_t k = 1; k < parts.size(); ++k) {
        std::string_view rest = parts[k];
        std::size_t initials_end = 0;
        std::size_t q = 0;
        while (q < rest.size()) {
            std::size_t e = rest.find(' ', q);
            if (e == std::string_view::npos) {
                e = rest.size();
            }
            const std::string_view token = rest.substr(q, e - q);
            if (token.empty() || token.back() != '.') {
                break;
            }
            initials_end = e;
            q = e + 1;
        }
        const std::string given(trim(rest.substr(0, initials_end)));
        const std::string_view next = trim(rest.substr(std::min(initials_end, rest.size())));
        if (k + 1 < parts.size() && next.empty()) {
            return {{std::string(), std::string(text)}}; // not the pattern: keep it whole
        }
        names.emplace_back(family, given);
        family = std::string(next);
    }
    if (!family.empty()) {
        names.emplace_back(std::string(), family);
    }
    return names;
}

void add_author(WorkRecord& work, std::string_view raw, ReadState& state) {
    for (auto& [family, given] : split_names(raw)) {
        AuthorRef author;
        author.raw_name = std::string(trim(raw));
        if (family.empty()) {
            author.display_name = state.clean(std::move(given));
        } else {
            author.family = state.clean(std::move(family));
            author.given = state.clean(std::move(given));
            author.display_name = join_name(author.given, author.family);
        }
        if (!author.display_name.empty()) {
            work.authors.push_back(std::move(author));
        }
    }
}

/// CACM "CACM December, 1958" (also "June, 1969", "CACM December 1970") → year and month.
void cacm_date(std::string_view source, int& year, int& month) {
    year = 0;
    month = 0;
    std::size_t p = 0;
    while (p < source.size()) {
        std::size_t e = source.find_first_of(" ,.\t", p);
        if (e == std::string_view::npos) {
            e = source.size();
        }
        const std::string_view token = source.substr(p, e - p);
        if (month == 0 && token.size() >= 3) { // "May" has three letters
            month = month_number(token);
        }
        if (year == 0) {
            year = parse_year(token);
        }
        p = e + 1;
    }
}

/// The first 4-digit year (1800-2099) in a Cranfield source string, or 0.
int first_year(std::string_view source) {
    for (std::size_t k = 0; k + 4 <= source.size(); ++k) {
        const bool left_ok = k == 0 || !(source[k - 1] >= '0' && source[k - 1] <= '9');
        const bool right_ok =
            k + 4 == source.size() || !(source[k + 4] >= '0' && source[k + 4] <= '9');
        if (left_ok && right_ok) {
            const int year = parse_year(source.substr(k, 4));
            if (year >= 1800 && year < 2100) {
                return year;
            }
        }
    }
    return 0;
}

/// Directed citations from the undirected .X links and the degree self entries (see the top).
std::map<long, std::vector<long>> citation_graph(const std::vector<SmartRecord>& records,
                                                 const std::map<long, int>& issue_order) {
    std::map<long, std::vector<long>> links; // X -> linked documents
    std::map<long, long> refs_expected;      // type 4 self weight: X's reference count
    std::map<long, long> citers_expected;    // type 6 self weight: X's citation count
    for (const SmartRecord& r : records) {
        long self = 0;
        if (r.x.empty() || !parse_long(r.id, self)) {
            continue;
        }
        for (const XEntry& e : r.x) {
            if (e.other == self) {
                if (e.type == 4) {
                    ++refs_expected[self];
                } else if (e.type == 6) {
                    ++citers_expected[self];
                }
            } else if (e.type == 5 && issue_order.count(e.other) != 0) {
                links[self].push_back(e.other);
            }
        }
    }
    for (auto& [doc, others] : links) {
        std::sort(others.begin(), others.end());
        others.erase(std::unique(others.begin(), others.end()), others.end());
    }
    // decided[{a,b}] with a < b: +1 = a cites b, -1 = b cites a
    std::map<std::pair<long, long>, int> decided;
    const auto key = [](long a, long b) { return std::make_pair(std::min(a, b), std::max(a, b)); };
    const auto cites = [&](long a, long b) {
        const auto it = decided.find(key(a, b));
        return it != decided.end() && it->second == (a < b ? 1 : -1);
    };
    bool changed = true;
    while (changed) {
        changed = false;
        for (const auto& [doc, others] : links) {
            long out = 0;
            long in = 0;
            std::vector<long> open;
            for (const long other : others) {
                if (decided.count(key(doc, other)) == 0) {
                    open.push_back(other);
                } else if (cites(doc, other)) {
                    ++out;
                } else {
                    ++in;
                }
            }
            if (open.empty()) {
                continue;
            }
            const long want_out = refs_expected.count(doc) != 0 ? refs_expected.at(doc) : 0;
            const long want_in = citers_expected.count(doc) != 0 ? citers_expected.at(doc) : 0;
            int direction = 0; // +1: doc cites the open ones, -1: they cite doc
            if (out >= want_out) {
                direction = -1;
            } else if (in >= want_in) {
                direction = 1;
            }
            if (direction == 0) {
                continue;
            }
            for (const long other : open) {
                const bool doc_cites = direction == 1;
                decided[key(doc, other)] = (doc_cites == (doc < other)) ? 1 : -1;
            }
            changed = true;
        }
    }
    std::map<long, std::vector<long>> references;
    for (const auto& [doc, others] : links) {
        for (const long other : others) {
            bool doc_cites = false;
            if (decided.count(key(doc, other)) != 0) {
                doc_cites = cites(doc, other);
            } else {
                const int a = issue_order.at(doc);
                const int b = issue_order.at(other);
                doc_cites = a != b ? a > b : doc > other;
            }
            if (doc_cites) {
                references[doc].push_back(other);
            }
        }
    }
    return references;
}

void read_records(InputStream& in, ReadState& state, std::vector<SmartRecord>& records) {
    std::string_view line;
    SmartRecord* current = nullptr;
    char field = '\0';
    std::string seen; // field letters seen in the current record
    while (in.next_line(line)) {
        if (line.size() >= 3 && line.substr(0, 3) == ".I ") {
            records.emplace_back();
            current = &records.back();
            current->line = in.line_number();
            current->id = std::string(trim(line.substr(3)));
            if (current->id.empty()) {
                current->problem = "\".I\" line without a document id";
            }
            field = '\0';
            seen.clear();
            continue;
        }
        if (current == nullptr) {
            if (!trim(line).empty()) {
                state.problem(state.origin(in.line_number()),
                              "text before the first \".I\" record line");
                if (state.stopped()) {
                    return;
                }
            }
            continue;
        }
        if (is_field_marker(line) && line != ".I") {
            const char letter = line[1];
            if (seen.find(letter) == std::string::npos) {
                field = letter;
                seen.push_back(letter);
                const std::string_view rest = trim(line.substr(2));
                if (!rest.empty()) {
                    current->fields[field].append(rest);
                }
                continue;
            }
            continue; // repeated marker inside a field's text: the field goes on
        }
        if (field == '\0') {
            if (!trim(line).empty() && current->problem.empty()) {
                current->problem = "text before the first field marker of record " + current->id;
            }
            continue;
        }
        if (field == 'X') {
            const std::string_view t = trim(line);
            if (t.empty()) {
                continue;
            }
            // "Y TYPE X": three whole numbers separated by blanks
            long values[3] = {0, 0, 0};
            int n = 0;
            std::size_t p = 0;
            while (p < t.size() && n < 3) {
                while (p < t.size() && (t[p] == ' ' || t[p] == '\t')) {
                    ++p;
                }
                std::size_t e = p;
                while (e < t.size() && t[e] != ' ' && t[e] != '\t') {
                    ++e;
                }
                if (e > p && parse_long(t.substr(p, e - p), values[n])) {
                    ++n;
                }
                p = e;
            }
            if (n == 3) {
                current->x.push_back({values[0], static_cast<int>(values[1])});
            }
            continue;
        }
        std::string& text = current->fields[field];
        if (!text.empty()) {
            text.push_back('\n');
        }
        text.append(line);
    }
}

std::string field_text(SmartRecord& r, char letter) {
    const auto it = r.fields.find(letter);
    return it == r.fields.end() ? std::string() : std::move(it->second);
}

} // namespace

void read_smart(InputStream& in, ReadState& state) {
    std::vector<SmartRecord> records;
    read_records(in, state, records);
    if (state.stopped()) {
        return;
    }
    // CACM when the sources name the journal; then .B is an issue date
    const bool cacm = std::any_of(records.begin(), records.end(), [](const SmartRecord& r) {
        const auto it = r.fields.find('B');
        return it != r.fields.end() && trim(it->second).substr(0, 5) == "CACM ";
    });
    std::map<long, int> issue_order; // document -> year*12+month, for citation direction
    for (const SmartRecord& r : records) {
        long id = 0;
        if (parse_long(r.id, id)) {
            const auto it = r.fields.find('B');
            int year = 0;
            int month = 0;
            if (it != r.fields.end()) {
                cacm_date(it->second, year, month);
            }
            issue_order[id] = year * 12 + month;
        }
    }
    const std::map<long, std::vector<long>> references = citation_graph(records, issue_order);

    for (SmartRecord& r : records) {
        const std::string origin = state.origin(r.line);
        if (!r.problem.empty()) {
            if (!state.problem(origin, r.problem)) {
                return;
            }
            continue;
        }
        state.begin_record();
        WorkRecord work;
        work.id = r.id;
        work.title = state.clean(field_text(r, 'T'));
        work.abstract = state.clean(field_text(r, 'W'));
        const std::string source = field_text(r, 'B');
        const std::string authors = field_text(r, 'A');
        if (cacm) {
            std::size_t p = 0;
            while (p <= authors.size() && !authors.empty()) {
                std::size_t e = authors.find('\n', p);
                if (e == std::string::npos) {
                    e = authors.size();
                }
                add_author(work, std::string_view(authors).substr(p, e - p), state);
                p = e + 1;
            }
            int year = 0;
            int month = 0;
            cacm_date(source, year, month);
            work.publication_year = year;
            work.publication_date = make_date(year, month, 0);
            work.venue.source_id = "cacm";
            work.venue.display_name = "Communications of the ACM";
            work.venue.type = "journal";
            work.type = "article";
        } else {
            // Cranfield: "a and b and c", maybe ending in "et al."
            std::string all = state.clean(authors);
            if (all.size() >= 6 && all.substr(all.size() - 6) == "et al.") {
                all.resize(all.size() - 6);
            }
            std::size_t p = 0;
            while (p < all.size()) {
                std::size_t e = all.find(" and ", p);
                if (e == std::string::npos) {
                    e = all.size();
                }
                add_author(work, std::string_view(all).substr(p, e - p), state);
                p = e + 5;
            }
            work.publication_year = first_year(source);
            // the title is tokenised ("... slipstream ."): drop the lone final period
            if (work.title.size() > 2 && work.title.substr(work.title.size() - 2) == " .") {
                work.title.resize(work.title.size() - 2);
            }
            // the abstract starts with a copy of the title
            if (!work.title.empty()
                && work.abstract.compare(0, work.title.size(), work.title) == 0) {
                std::string_view rest = std::string_view(work.abstract).substr(work.title.size());
                rest = trim(rest);
                if (!rest.empty() && rest.front() == '.') {
                    rest.remove_prefix(1);
                }
                work.abstract = std::string(trim(rest));
            }
        }
        long self = 0;
        if (parse_long(work.id, self)) {
            if (const auto it = references.find(self); it != references.end()) {
                for (const long cited : it->second) {
                    work.references.push_back(std::to_string(cited));
                }
            }
        }
        if (!state.emit(std::move(work), origin)) {
            return;
        }
    }
}

} // namespace peerscope::indexer::detail
