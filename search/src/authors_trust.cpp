#include "authors_trust.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace peerscope::search {
namespace {

/// How many items of @p rule earn points (the rest would exceed its cap).
std::size_t items_counted(const TrustRule& rule, std::size_t available) {
    auto cap = static_cast<std::size_t>(rule.max_points / rule.points_each);
    return std::min(available, cap);
}

int points_for(const TrustRule& rule, std::size_t counted) {
    return std::min(rule.max_points, static_cast<int>(counted) * rule.points_each);
}

std::string plural(long n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string rule_text(const TrustRule& rule, const char* per) {
    return std::to_string(rule.points_each) + (rule.points_each == 1 ? " point" : " points")
           + " per " + per + ", at most " + std::to_string(rule.max_points);
}

std::vector<std::string> first_of(const std::vector<std::string>& ids, std::size_t n) {
    return {ids.begin(), ids.begin() + static_cast<std::ptrdiff_t>(std::min(n, ids.size()))};
}

std::string names_of(const std::vector<schema::CountedRef>& refs, std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < refs.size() && i < n; ++i) {
        out += (out.empty() ? "" : ", ")
               + (refs[i].display_name.empty() ? refs[i].id : refs[i].display_name);
    }
    return out;
}

TrustEvidence evidence(const TrustRule& rule, std::size_t counted) {
    TrustEvidence e;
    e.kind = rule.kind;
    e.max_points = rule.max_points;
    e.points = points_for(rule, counted);
    return e;
}

TrustEvidence works_evidence(const schema::AuthorData& a) {
    std::size_t counted = items_counted(kTrustWorks, a.work_ids.size());
    TrustEvidence e = evidence(kTrustWorks, counted);
    e.work_ids = first_of(a.work_ids, counted);
    e.detail = plural(a.works_count, "work", "works") + " in the index ("
               + rule_text(kTrustWorks, "work") + "); the " + std::to_string(counted)
               + " newest are counted";
    return e;
}

TrustEvidence years_evidence(const schema::AuthorData& a) {
    int span = a.first_year != 0 && a.last_year != 0 ? a.last_year - a.first_year + 1 : 0;
    std::size_t counted = items_counted(kTrustYears, static_cast<std::size_t>(span));
    TrustEvidence e = evidence(kTrustYears, counted);
    if (span == 0) {
        e.detail = "no work has a publication year (" + rule_text(kTrustYears, "year active") + ")";
        return e;
    }
    if (!a.first_work_id.empty()) {
        e.work_ids.push_back(a.first_work_id);
    }
    if (!a.work_ids.empty() && a.work_ids.front() != a.first_work_id) {
        e.work_ids.push_back(a.work_ids.front());
    }
    e.detail = "active " + std::to_string(a.first_year) + "-" + std::to_string(a.last_year) + ", "
               + plural(span, "year", "years") + " from the first work to the newest ("
               + rule_text(kTrustYears, "year") + ")";
    return e;
}

TrustEvidence peer_reviewed_evidence(const schema::AuthorData& a) {
    std::size_t counted =
        items_counted(kTrustPeerReviewed, static_cast<std::size_t>(a.peer_reviewed_works));
    counted = std::min(counted, a.peer_reviewed_ids.size());
    TrustEvidence e = evidence(kTrustPeerReviewed, counted);
    e.work_ids = first_of(a.peer_reviewed_ids, counted);
    e.detail = plural(a.peer_reviewed_works, "work has", "works have")
               + " a peer-reviewed version (conference, journal or workshop) and "
               + plural(a.preprint_works, "is", "are")
               + " known only as preprints or without venue ("
               + rule_text(kTrustPeerReviewed, "peer-reviewed work") + ")";
    return e;
}

TrustEvidence venues_evidence(const schema::AuthorData& a) {
    std::size_t counted = items_counted(kTrustVenues, a.peer_reviewed_venues.size());
    TrustEvidence e = evidence(kTrustVenues, counted);
    for (std::size_t i = 0; i < counted; ++i) {
        e.identifiers.push_back(a.peer_reviewed_venues[i].id);
    }
    e.detail =
        counted == 0
            ? "no peer-reviewed venue (" + rule_text(kTrustVenues, "venue") + ")"
            : "peer-reviewed in "
                  + plural(static_cast<long>(a.peer_reviewed_venues.size()), "venue", "venues")
                  + ": " + names_of(a.peer_reviewed_venues, counted) + " ("
                  + rule_text(kTrustVenues, "distinct venue") + ")";
    return e;
}

TrustEvidence collaborators_evidence(const schema::AuthorData& a) {
    std::vector<const schema::CollaboratorData*> repeat;
    for (const auto& c : a.collaborators) {
        if (c.shared_works >= kRepeatCollaboration) {
            repeat.push_back(&c); // collaborators are stored most shared works first
        }
    }
    std::size_t counted = items_counted(kTrustCollaborators, repeat.size());
    TrustEvidence e = evidence(kTrustCollaborators, counted);
    std::string names;
    for (std::size_t i = 0; i < counted; ++i) {
        e.identifiers.push_back(repeat[i]->id);
        names += (names.empty() ? "" : ", ") + repeat[i]->display_name + " ("
                 + std::to_string(repeat[i]->shared_works) + ")";
    }
    e.detail = plural(static_cast<long>(repeat.size()), "co-author shares", "co-authors share")
               + " two or more works, among "
               + plural(a.distinct_collaborators, "co-author", "co-authors")
               + (names.empty() ? "" : ": " + names) + " ("
               + rule_text(kTrustCollaborators, "repeat co-author") + ")";
    return e;
}

TrustEvidence dois_evidence(const schema::AuthorData& a) {
    std::size_t counted = items_counted(kTrustDois, a.dois.size());
    TrustEvidence e = evidence(kTrustDois, counted);
    for (std::size_t i = 0; i < counted; ++i) {
        e.work_ids.push_back(a.dois[i].work_id);
        e.identifiers.push_back(a.dois[i].identifier);
    }
    e.detail = plural(a.works_with_doi, "work has", "works have") + " a DOI ("
               + rule_text(kTrustDois, "work with a DOI") + ")";
    return e;
}

TrustEvidence citations_evidence(const schema::AuthorData& a) {
    std::size_t counted = items_counted(kTrustCitations, a.h_index_work_ids.size());
    TrustEvidence e = evidence(kTrustCitations, counted);
    e.work_ids = first_of(a.h_index_work_ids, counted);
    e.detail = "h-index " + std::to_string(a.h_index) + " from "
               + plural(a.cited_by_count, "citation", "citations") + " by works in the index ("
               + rule_text(kTrustCitations, "h-index point")
               + "; the h most cited works are named)";
    return e;
}

TrustEvidence corroboration_evidence(const schema::AuthorData& a) {
    TrustEvidence e = evidence(kTrustCorroboration, a.multi_source_work_ids.empty() ? 0 : 1);
    e.work_ids = a.multi_source_work_ids;
    for (const auto& source : a.provenance) {
        e.identifiers.push_back(source.id);
    }
    e.detail =
        a.multi_source_work_ids.empty()
            ? "no work of this author is listed by two inputs ("
                  + std::to_string(kTrustCorroboration.max_points) + " points when one is)"
            : plural(static_cast<long>(a.multi_source_work_ids.size()), "work is", "works are")
                  + " listed under this name by two or more inputs ("
                  + names_of(a.provenance, a.provenance.size()) + "): independent records agree ("
                  + std::to_string(kTrustCorroboration.max_points) + " points)";
    return e;
}

TrustEvidence orcid_evidence(const schema::AuthorData& a) {
    TrustEvidence e = evidence(kTrustOrcid, a.orcid.empty() ? 0 : 1);
    if (!a.orcid.empty()) {
        e.identifiers.push_back(a.orcid);
        e.detail = "ORCID " + a.orcid + " is on record (" + std::to_string(kTrustOrcid.max_points)
                   + " points)";
    } else {
        e.detail = "no ORCID is on record (" + std::to_string(kTrustOrcid.max_points)
                   + " points with one)";
    }
    return e;
}

TrustEvidence claimed_evidence() {
    TrustEvidence e = evidence(kTrustClaimed, 0);
    e.detail = "unclaimed: the index holds no claims of authorship by the researcher ("
               + std::to_string(kTrustClaimed.max_points) + " points once claimed)";
    return e;
}

std::string tier_of(int score) {
    std::string name;
    for (const TrustTier& tier : kTrustTiers) {
        if (score >= tier.from) {
            name = tier.name;
        }
    }
    return name;
}

} // namespace

Trust compute_trust(const schema::AuthorData& author) {
    Trust trust;
    trust.evidence = {works_evidence(author),
                      years_evidence(author),
                      peer_reviewed_evidence(author),
                      venues_evidence(author),
                      collaborators_evidence(author),
                      dois_evidence(author),
                      citations_evidence(author),
                      corroboration_evidence(author),
                      orcid_evidence(author),
                      claimed_evidence()};
    for (const TrustEvidence& e : trust.evidence) {
        trust.score += e.points;
    }
    trust.score = std::clamp(trust.score, 0, 100);
    trust.tier = tier_of(trust.score);
    trust.claimed = false;
    if (!author.orcid.empty()) {
        trust.verification_level = "L3";
        trust.verification = "an ORCID identifies this author";
    } else if (!author.multi_source_work_ids.empty()) {
        trust.verification_level = "L2";
        trust.verification = "two independent inputs list this author on the same work";
    } else if (!author.source_ids.empty()) {
        trust.verification_level = "L1";
        trust.verification =
            "an input gave an author id for this person; the profile rests on one source";
    } else {
        trust.verification_level = "L0";
        trust.verification = "known by name only";
    }
    return trust;
}

} // namespace peerscope::search
