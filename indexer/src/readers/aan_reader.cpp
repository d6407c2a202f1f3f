// ACL Anthology Network metadata (aan/acl-metadata.txt) and the DBLP files in the same block
// format (dblp-cgm/CGM-meta.txt): records of "key = {value}" lines (id, author, title, venue,
// year) separated by blank lines.
//   AAN ids look like "P10-1001": authors are "Last, First; Last, First"; text is mostly UTF-8 with
//   some Windows-1252 bytes, decoded as such. The venue key is the id's letter, ACL Anthology's own
//   venue code (D=EMNLP, P=ACL, N=NAACL, J=CL, W=workshops, C=COLING, E=EACL, L=LREC, and
//   A=ANLP, H=HLT, I=IJCNLP, M=MUC, S=SemEval, T=TINLAP, X=TIPSTER, ...): VenueRef::source_id is
//   the letter and display_name its canonical short name. Only for a letter not in that table is
//   the record's raw venue string the display name (it is not normalised: "EMNLP" and
//   "Conference On Empirical Methods In Natural Language Processing" are both D).
//   DBLP ids are numbers: authors are "First Last; First Last" (not split into given/family);
//   invalid UTF-8 (a lost lead byte) is replaced by U+FFFD and reported as a repair; DBLP's final
//   period of a title is dropped; the venue string is the display name (no key), typed journal or
//   conference from its name.
// Every record is typed "article".
#include "input_stream.hpp"
#include "read_state.hpp"
#include "readers.hpp"

#include <array>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace peerscope::indexer::detail {
namespace {

using analyzers::InvalidUtf8;

struct Field {
    std::string key;
    std::string value; ///< raw bytes
};

struct Block {
    std::size_t line = 0;
    std::vector<Field> fields;
    std::string problem;
};

struct AclVenue {
    char letter;
    std::string_view name;
    std::string_view type;
};

/// ACL Anthology venue letters (aclanthology.org: the first letter of old-style ids).
constexpr std::array kAclVenues = std::to_array<AclVenue>({
    {'A', "ANLP", "conference"},
    {'C', "COLING", "conference"},
    {'D', "EMNLP", "conference"},
    {'E', "EACL", "conference"},
    {'F', "JEP/TALN/RECITAL", "conference"},
    {'H', "HLT", "conference"},
    {'I', "IJCNLP", "conference"},
    {'J', "CL", "journal"},
    {'K', "CoNLL", "conference"},
    {'L', "LREC", "conference"},
    {'M', "MUC", "conference"},
    {'N', "NAACL", "conference"},
    {'O', "ROCLING", "conference"},
    {'P', "ACL", "conference"},
    {'Q', "TACL", "journal"},
    {'R', "RANLP", "conference"},
    {'S', "SemEval", "workshop"},
    {'T', "TINLAP", "conference"},
    {'U', "ALTA", "workshop"},
    {'W', "Workshops", "workshop"},
    {'X', "TIPSTER", "workshop"},
    {'Y', "PACLIC", "conference"},
});

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

/// "P10-1001": a capital letter, two digits, '-', four digits, maybe a part letter ("J79-1009a").
bool is_acl_id(std::string_view id) {
    if (id.size() == 9 && id[8] >= 'a' && id[8] <= 'z') {
        id.remove_suffix(1);
    }
    return id.size() == 8 && id[0] >= 'A' && id[0] <= 'Z' && is_digit(id[1]) && is_digit(id[2])
           && id[3] == '-' && is_digit(id[4]) && is_digit(id[5]) && is_digit(id[6])
           && is_digit(id[7]);
}

/// Journal or conference from a DBLP venue name.
std::string_view dblp_venue_type(std::string_view name) {
    for (const std::string_view word : {"Conference", "Symposium", "Workshop", "Proceedings"}) {
        if (name.find(word) != std::string_view::npos) {
            return "conference";
        }
    }
    if (name.size() >= 13 && name.substr(name.size() - 13) == "International") {
        return "conference"; // "Computer Graphics International", "Shape Modeling International"
    }
    return "journal";
}

/// True when the ';' at @p semicolon ends an HTML entity ("G&icirc;rju", "&#233;").
bool ends_entity(std::string_view text, std::size_t semicolon) {
    std::size_t k = semicolon;
    while (k > 0 && semicolon - k < 32) {
        const char c = text[k - 1];
        if (c == '&') {
            return k < semicolon;
        }
        const bool name_char =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '#';
        if (!name_char) {
            return false;
        }
        --k;
    }
    return false;
}

/// Splits "a; b; c" into trimmed non-empty parts; a ';' ending an entity does not split.
std::vector<std::string_view> split_semicolons(std::string_view text) {
    std::vector<std::string_view> parts;
    std::size_t p = 0;
    while (p <= text.size()) {
        std::size_t e = text.find(';', p);
        while (e != std::string_view::npos && ends_entity(text, e)) {
            e = text.find(';', e + 1);
        }
        if (e == std::string_view::npos) {
            e = text.size();
        }
        const std::string_view part = trim(text.substr(p, e - p));
        if (!part.empty()) {
            parts.push_back(part);
        }
        p = e + 1;
    }
    return parts;
}

void convert_block(Block& block, ReadState& state) {
    const std::string origin = state.origin(block.line);
    if (!block.problem.empty()) {
        state.problem(origin, block.problem);
        return;
    }
    state.begin_record();
    std::string raw_id;
    std::string raw_authors;
    std::string raw_title;
    std::string raw_venue;
    std::string raw_year;
    for (Field& f : block.fields) {
        if (f.key == "id") {
            raw_id = std::move(f.value);
        } else if (f.key == "author") {
            raw_authors = std::move(f.value);
        } else if (f.key == "title") {
            raw_title = std::move(f.value);
        } else if (f.key == "venue") {
            raw_venue = std::move(f.value);
        } else if (f.key == "year") {
            raw_year = std::move(f.value);
        }
    }
    const bool acl = is_acl_id(trim(raw_id));
    const InvalidUtf8 mode = acl ? InvalidUtf8::Windows1252 : InvalidUtf8::Replace;

    WorkRecord work;
    work.id = state.clean(std::move(raw_id), mode);
    work.title = state.clean(std::move(raw_title), mode);
    if (!acl && work.title.size() > 1 && work.title.back() == '.'
        && work.title[work.title.size() - 2] != '.') {
        work.title.pop_back(); // DBLP ends every title with a period
    }
    std::size_t author_repairs = 0;
    const std::string authors = analyzers::to_valid_utf8(raw_authors, mode, &author_repairs);
    state.add_repairs(author_repairs);
    for (const std::string_view name : split_semicolons(authors)) {
        AuthorRef author;
        author.raw_name = std::string(name);
        const std::size_t comma = name.find(',');
        if (acl && comma != std::string_view::npos) {
            author.family = state.clean(std::string(name.substr(0, comma)));
            author.given = state.clean(std::string(name.substr(comma + 1)));
            author.display_name = join_name(author.given, author.family);
        } else {
            author.display_name = state.clean(std::string(name));
        }
        if (!author.display_name.empty()) {
            work.authors.push_back(std::move(author));
        }
    }

    std::string venue = state.clean(std::move(raw_venue), mode);
    if (acl) {
        const char letter = work.id[0];
        work.venue.source_id = std::string(1, letter);
        work.venue.type = "conference";
        work.venue.display_name = venue;
        for (const AclVenue& v : kAclVenues) {
            if (v.letter == letter) {
                work.venue.display_name = std::string(v.name);
                work.venue.type = std::string(v.type);
                break;
            }
        }
    } else if (!venue.empty()) {
        work.venue.type = std::string(dblp_venue_type(venue));
        work.venue.display_name = std::move(venue);
    }
    work.publication_year = parse_year(raw_year);
    work.type = "article";
    state.emit(std::move(work), origin);
}

} // namespace

void read_aan(InputStream& in, ReadState& state) {
    std::string_view line;
    Block block;
    bool in_block = false;
    Field* open_value = nullptr; // a value whose closing brace is on a later line
    const auto finish = [&]() {
        if (in_block) {
            if (open_value != nullptr && block.problem.empty()) {
                block.problem = "field \"" + open_value->key + "\" has no closing '}'";
            }
            convert_block(block, state);
        }
        block = Block();
        in_block = false;
        open_value = nullptr;
    };
    while (!state.stopped() && in.next_line(line)) {
        if (trim(line).empty()) {
            if (open_value == nullptr) {
                finish();
            }
            continue;
        }
        if (!in_block) {
            in_block = true;
            block.line = in.line_number();
        }
        if (open_value != nullptr) {
            const std::string_view t = trim(line);
            open_value->value.push_back(' ');
            if (!t.empty() && t.back() == '}') {
                open_value->value.append(t.substr(0, t.size() - 1));
                open_value = nullptr;
            } else {
                open_value->value.append(t);
            }
            continue;
        }
        const std::size_t eq = line.find(" = {");
        if (eq == std::string_view::npos) {
            if (block.problem.empty()) {
                block.problem =
                    "line " + std::to_string(in.line_number()) + " is not a \"key = {value}\" line";
            }
            continue;
        }
        Field field;
        field.key = std::string(trim(line.substr(0, eq)));
        std::string_view value = line.substr(eq + 4);
        while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) {
            value.remove_suffix(1);
        }
        block.fields.push_back(std::move(field));
        if (!value.empty() && value.back() == '}') {
            block.fields.back().value = std::string(value.substr(0, value.size() - 1));
        } else {
            block.fields.back().value = std::string(value);
            open_value = &block.fields.back();
        }
    }
    if (!state.stopped()) {
        finish();
    }
}

} // namespace peerscope::indexer::detail
