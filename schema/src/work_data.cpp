#include "peerscope/schema/work_data.hpp"

#include <nlohmann/json.hpp>

#include <stdexcept>

namespace peerscope::schema {
namespace {

using nlohmann::json;

// Short keys keep document data small (it is stored for every work); empty fields are omitted.
void put(json& j, const char* key, const std::string& value) {
    if (!value.empty()) {
        j[key] = value;
    }
}

void put(json& j, const char* key, const std::vector<std::string>& values) {
    if (!values.empty()) {
        j[key] = values;
    }
}

std::string get_string(const json& j, const char* key) {
    auto found = j.find(key);
    if (found == j.end() || !found->is_string()) {
        return {};
    }
    return found->get<std::string>();
}

std::vector<std::string> get_strings(const json& j, const char* key) {
    auto found = j.find(key);
    if (found == j.end() || !found->is_array()) {
        return {};
    }
    return found->get<std::vector<std::string>>();
}

int get_int(const json& j, const char* key) {
    auto found = j.find(key);
    return (found != j.end() && found->is_number_integer()) ? found->get<int>() : 0;
}

json source_json(const SourceData& source) {
    json j = json::object();
    put(j, "i", source.id);
    put(j, "n", source.display_name);
    put(j, "t", source.type);
    return j;
}

SourceData source_from(const json& j) {
    return SourceData{get_string(j, "i"), get_string(j, "n"), get_string(j, "t")};
}

} // namespace

std::string encode_work(const WorkData& work) {
    json j = json::object();
    put(j, "id", work.id);
    put(j, "doi", work.doi);
    put(j, "arx", work.arxiv_id);
    put(j, "oa", work.openalex_id);
    put(j, "ti", work.title);
    put(j, "ab", work.abstract);
    if (work.publication_year != 0) {
        j["y"] = work.publication_year;
    }
    put(j, "d", work.publication_date);
    put(j, "ty", work.type);
    put(j, "la", work.language);
    if (!work.authorships.empty()) {
        json authors = json::array();
        for (const AuthorshipData& a : work.authorships) {
            json one = json::object();
            put(one, "i", a.author_id);
            put(one, "n", a.display_name);
            if (a.raw_name != a.display_name) {
                put(one, "r", a.raw_name);
            }
            put(one, "o", a.orcid);
            put(one, "in", a.institutions);
            put(one, "s", a.source_author_id);
            authors.push_back(std::move(one));
        }
        j["au"] = std::move(authors);
    }
    if (!work.primary_source.id.empty() || !work.primary_source.display_name.empty()) {
        j["so"] = source_json(work.primary_source);
    }
    if (!work.locations.empty()) {
        json locations = json::array();
        for (const LocationData& l : work.locations) {
            json one = json::object();
            one["so"] = source_json(l.source);
            put(one, "r", l.record_id);
            put(one, "f", l.format);
            put(one, "v", l.version);
            if (l.is_primary) {
                one["p"] = true;
            }
            if (l.year != 0) {
                one["y"] = l.year;
            }
            put(one, "ty", l.type);
            put(one, "doi", l.doi);
            put(one, "u", l.landing_page_url);
            put(one, "pdf", l.pdf_url);
            locations.push_back(std::move(one));
        }
        j["lo"] = std::move(locations);
    }
    if (!work.topics.empty()) {
        json topics = json::array();
        for (const TopicData& t : work.topics) {
            json one = json::object();
            put(one, "i", t.id);
            put(one, "n", t.display_name);
            one["s"] = t.score;
            put(one, "w", t.reason);
            topics.push_back(std::move(one));
        }
        j["to"] = std::move(topics);
    }
    put(j, "re", work.referenced_works);
    if (work.cited_by_count != 0) {
        j["cb"] = work.cited_by_count;
    }
    if (work.source_cited_by_count) {
        j["scb"] = *work.source_cited_by_count;
    }
    put(j, "alt", work.alt_ids);
    put(j, "url", work.urls);
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

WorkData decode_work(std::string_view data) {
    json j = json::parse(data, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        throw std::runtime_error("stored work data is not a JSON object");
    }
    WorkData work;
    work.id = get_string(j, "id");
    work.doi = get_string(j, "doi");
    work.arxiv_id = get_string(j, "arx");
    work.openalex_id = get_string(j, "oa");
    work.title = get_string(j, "ti");
    work.abstract = get_string(j, "ab");
    work.publication_year = get_int(j, "y");
    work.publication_date = get_string(j, "d");
    work.type = get_string(j, "ty");
    work.language = get_string(j, "la");
    if (auto found = j.find("au"); found != j.end() && found->is_array()) {
        for (const json& one : *found) {
            AuthorshipData a;
            a.author_id = get_string(one, "i");
            a.display_name = get_string(one, "n");
            a.raw_name = get_string(one, "r");
            if (a.raw_name.empty()) {
                a.raw_name = a.display_name;
            }
            a.orcid = get_string(one, "o");
            a.institutions = get_strings(one, "in");
            a.source_author_id = get_string(one, "s");
            work.authorships.push_back(std::move(a));
        }
    }
    if (auto found = j.find("so"); found != j.end() && found->is_object()) {
        work.primary_source = source_from(*found);
    }
    if (auto found = j.find("lo"); found != j.end() && found->is_array()) {
        for (const json& one : *found) {
            LocationData l;
            if (auto so = one.find("so"); so != one.end() && so->is_object()) {
                l.source = source_from(*so);
            }
            l.record_id = get_string(one, "r");
            l.format = get_string(one, "f");
            l.version = get_string(one, "v");
            l.is_primary = one.value("p", false);
            l.year = get_int(one, "y");
            l.type = get_string(one, "ty");
            l.doi = get_string(one, "doi");
            l.landing_page_url = get_string(one, "u");
            l.pdf_url = get_string(one, "pdf");
            work.locations.push_back(std::move(l));
        }
    }
    if (auto found = j.find("to"); found != j.end() && found->is_array()) {
        for (const json& one : *found) {
            TopicData t;
            t.id = get_string(one, "i");
            t.display_name = get_string(one, "n");
            t.score = one.value("s", 1.0);
            t.reason = get_string(one, "w");
            work.topics.push_back(std::move(t));
        }
    }
    work.referenced_works = get_strings(j, "re");
    work.cited_by_count = j.value("cb", 0L);
    if (auto found = j.find("scb"); found != j.end() && found->is_number_integer()) {
        work.source_cited_by_count = found->get<long>();
    }
    work.alt_ids = get_strings(j, "alt");
    work.urls = get_strings(j, "url");
    return work;
}

} // namespace peerscope::schema
