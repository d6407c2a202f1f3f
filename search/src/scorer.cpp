#include "scorer.hpp"

#include "ranking_terms.hpp"

#include <algorithm>

namespace peerscope::search {
namespace {

/// Xapian's BM25Weight floor on a document's length relative to the average (rank() uses the same).
constexpr double kMinNormLength = 0.5;

/// Xapian's BM25Weight term weight of a clause (k2 = 0, k3 = 1, one occurrence in the query):
/// idf * scale * (k1 + 1); a document's part is that * wdf / (k1 * (b * normlen + 1 - b) + wdf).
double
clause_weight(const ScoreClause& clause, const Snapshot& snap, const RankingOptions& params) {
    return xapian_idf(static_cast<Xapian::doccount>(snap.works), clause.termfreq) * clause.scale
           * (params.k1 + 1.0);
}

/// A clause's BM25 part in a document of @p length with @p wdf of its terms.
double bm25_part(double term_weight,
                 double wdf,
                 std::uint32_t length,
                 double inverse_average,
                 const RankingOptions& params) {
    const double normlen = std::max(static_cast<double>(length) * inverse_average, kMinNormLength);
    return term_weight * wdf / (params.k1 * (normlen * params.b + (1.0 - params.b)) + wdf);
}

} // namespace

Scorer::Scorer(const Snapshot& snap,
               Xapian::Database& works,
               const RankingOptions& params,
               ScoreBuffers& buffers)
    : snap_(snap), works_(works), params_(params), buf_(buffers) {
    if (buf_.score.size() < snap_.limit) {
        buf_.score.assign(snap_.limit, 0.0);
        buf_.wdf.assign(snap_.limit, 0);
        buf_.seen.assign(snap_.limit, 0);
    }
    buf_.scored.clear();
    buf_.touched.clear();
}

Scorer::~Scorer() {
    for (const Xapian::docid d : buf_.scored) {
        buf_.score[d] = 0.0;
        buf_.seen[d] = 0;
    }
    for (const Xapian::docid d : buf_.touched) {
        buf_.wdf[d] = 0;
    }
    buf_.scored.clear();
    buf_.touched.clear();
}

void Scorer::add(const std::vector<ScoreClause>& clauses) {
    const double inverse_average = 1.0 / snap_.average_length;
    for (const ScoreClause& clause : clauses) {
        const double term_weight = clause_weight(clause, snap_, params_);
        buf_.touched.clear();
        for (const std::string& term : clause.terms) {
            const std::shared_ptr<const Postings> postings = snap_.term_postings(works_, term);
            const std::size_t n = postings->docs.size();
            for (std::size_t i = 0; i < n; ++i) {
                const Xapian::docid d = postings->docs[i];
                if (d >= snap_.limit || (clause.only && !clause.only->contains(d))) {
                    continue;
                }
                // The counter holds 1 + the summed wdf: 0 means "not yet in this clause" even
                // for wdf-0 postings.
                if (buf_.wdf[d] == 0) {
                    buf_.touched.push_back(d);
                    buf_.wdf[d] = 1;
                }
                buf_.wdf[d] += postings->wdfs[i];
            }
        }
        for (const Xapian::docid d : buf_.touched) {
            const double wdf = buf_.wdf[d] - 1;
            buf_.wdf[d] = 0;
            if (buf_.seen[d] == 0) {
                buf_.seen[d] = 1;
                buf_.scored.push_back(d);
            }
            buf_.score[d] +=
                bm25_part(term_weight, wdf, snap_.doc_length[d], inverse_average, params_);
        }
        buf_.touched.clear();
    }
}

std::vector<Scored> Scorer::top(const DocSet& within, std::size_t offset, std::size_t count) const {
    std::vector<Scored> candidates;
    candidates.reserve(buf_.scored.size());
    for (const Xapian::docid d : buf_.scored) {
        if (within.contains(d)) {
            candidates.push_back({d, buf_.score[d]});
        }
    }
    std::vector<Scored> out;
    if (offset >= candidates.size() || count == 0) {
        return out;
    }
    const std::size_t end = std::min(candidates.size(), offset + count);
    auto better = [](const Scored& a, const Scored& c) {
        return a.weight != c.weight ? a.weight > c.weight : a.did < c.did;
    };
    std::partial_sort(candidates.begin(),
                      candidates.begin() + static_cast<std::ptrdiff_t>(end),
                      candidates.end(),
                      better);
    out.assign(candidates.begin() + static_cast<std::ptrdiff_t>(offset),
               candidates.begin() + static_cast<std::ptrdiff_t>(end));
    return out;
}

std::vector<double> weigh(const Snapshot& snap,
                          Xapian::Database& works,
                          const RankingOptions& params,
                          const std::vector<ScoreClause>& clauses,
                          const std::vector<Xapian::docid>& docs) {
    std::vector<double> out(docs.size(), 0.0);
    const double inverse_average = 1.0 / snap.average_length;
    std::vector<std::uint32_t> wdfs(docs.size());
    std::vector<char> hit(docs.size());
    for (const ScoreClause& clause : clauses) {
        std::fill(wdfs.begin(), wdfs.end(), 0);
        std::fill(hit.begin(), hit.end(), 0);
        for (const std::string& term : clause.terms) {
            const std::shared_ptr<const Postings> postings = snap.term_postings(works, term);
            for (std::size_t i = 0; i < docs.size(); ++i) {
                if (clause.only && !clause.only->contains(docs[i])) {
                    continue;
                }
                auto it = std::lower_bound(postings->docs.begin(), postings->docs.end(), docs[i]);
                if (it != postings->docs.end() && *it == docs[i]) {
                    hit[i] = 1;
                    wdfs[i] +=
                        postings->wdfs[static_cast<std::size_t>(it - postings->docs.begin())];
                }
            }
        }
        const double term_weight = clause_weight(clause, snap, params);
        for (std::size_t i = 0; i < docs.size(); ++i) {
            if (hit[i] == 0 || docs[i] >= snap.limit) {
                continue;
            }
            out[i] +=
                bm25_part(term_weight, wdfs[i], snap.doc_length[docs[i]], inverse_average, params);
        }
    }
    return out;
}

} // namespace peerscope::search
