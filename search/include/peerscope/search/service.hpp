/// @file The entry point of the search library: one SearchService per index, shared by threads.
#pragma once

#include "peerscope/search/authors.hpp"
#include "peerscope/search/entities.hpp"
#include "peerscope/search/related.hpp"
#include "peerscope/search/topics.hpp"
#include "peerscope/search/works.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace peerscope::search {

/// Health of the index as served.
struct Health {
    bool ok = false;
    long works = 0;
    std::uint64_t revision = 0;     ///< works database revision currently served
    int schema_version = 0;
    std::string message;            ///< why not ok
};

/// Ranking parameters. Each query word is ranked by BM25 clauses over its stem class in title and
/// abstract (search/src/ranking_terms.hpp explains them); long queries add words from the best
/// documents of a first pass (pseudo-relevance feedback, ranking_feedback.hpp). The defaults were
/// tuned by bench/relevance on training queries only (bench/README.md). Plain value type.
struct RankingOptions {
    double k1 = 1.5; ///< BM25 term-frequency saturation
    double b = 0.75; ///< BM25 document-length normalisation
    /// Related works (not search): weight of a title match relative to an abstract match.
    double title_weight = 2.0;
    /// Search: weight of a word's title clause, added to its whole-text clause.
    double title_boost = 0.3;
    /// Search: weight of a clause matching a word exactly as typed (0 = none; it costs ~13% more
    /// time on short queries for a small gain, so it is off).
    double exact_weight = 0.0;
    double k3 = 2.0; ///< saturation of repeated query words (a pasted abstract)
    /// Pseudo-relevance feedback only for queries of this many distinct words or more (pasted text,
    /// not typed queries).
    std::size_t feedback_min_words = 5;
    std::size_t feedback_docs = 20;  ///< first-pass documents taken as relevant (0 = no feedback)
    std::size_t feedback_terms = 10; ///< words feedback adds
    double feedback_weight = 0.1;    ///< weight of the best feedback word (the others less)
    /// Rank queries by BM25 over in-memory posting arrays (search/src/scorer.hpp)
    /// instead of Xapian's matcher: the same weights, faster on long queries. false = Xapian's
    /// matcher for every query (for comparison).
    bool in_memory_scorer = true;
};

/// Tuning of the service.
struct ServiceOptions {
    /// Ranking parameters.
    RankingOptions ranking = {};
    /// How often a searcher checks the index for new commits (visibility delay bound).
    unsigned refresh_interval_ms = 250;
    /// Memory budget for cached term bitmaps, in MiB, and as much again for cached posting arrays
    /// (the in-memory scorer's).
    std::size_t bitmap_cache_mib = 256;
};

class Searcher;

/// Read-only access to one index directory. Thread-safe: any number of threads may call
/// lease() and use their leased Searcher concurrently (each lease is exclusive to one thread).
/// New commits by the indexer become visible within refresh_interval_ms.
class SearchService final {
public:
    /// Opens DIR. Throws Error(IndexUnavailable) when it is not an index, Error(SchemaMismatch)
    /// for another schema version.
    explicit SearchService(std::string index_dir, ServiceOptions options = {});
    ~SearchService();
    SearchService(const SearchService&) = delete;
    SearchService& operator=(const SearchService&) = delete;
    SearchService(SearchService&&) = delete;
    SearchService& operator=(SearchService&&) = delete;

    /// A searcher for the calling thread, returned to the pool when the lease is destroyed.
    class Lease final {
    public:
        Lease(SearchService& service, std::unique_ptr<Searcher> searcher);
        ~Lease();
        Lease(Lease&&) noexcept;
        Lease& operator=(Lease&&) = delete;
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        Searcher& operator*() const noexcept { return *searcher_; }
        Searcher* operator->() const noexcept { return searcher_.get(); }

    private:
        SearchService* service_;
        std::unique_ptr<Searcher> searcher_;
    };

    /// Takes a searcher from the pool (creating one when all are in use). Refreshes it to the
    /// newest commit when the refresh interval has passed. Throws Error(IndexUnavailable).
    [[nodiscard]] Lease lease();

    /// The index directory.
    [[nodiscard]] const std::string& index_dir() const noexcept;

    /// Private state (defined in the library).
    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
    friend class Searcher;
};

/// Answers requests over one consistent view of the index. Not thread-safe: one thread at a time
/// (obtained through SearchService::lease()). Every method throws search::Error only.
class Searcher final {
public:
    ~Searcher();
    Searcher(const Searcher&) = delete;
    Searcher& operator=(const Searcher&) = delete;
    Searcher(Searcher&&) = delete;
    Searcher& operator=(Searcher&&) = delete;

    /// GET /v1/works.
    [[nodiscard]] WorksPage search_works(const WorksQuery& query);
    /// GET /v1/works/{id}: id may be the work id, a version id, "W123", an OpenAlex URL, a DOI
    /// ("10.1/x", "doi:10.1/x", "https://doi.org/10.1/x"). nullopt when unknown.
    [[nodiscard]] std::optional<schema::WorkData> get_work(std::string_view id);
    /// GET /v1/works/random (or one from a seeded draw when @p seed is given).
    [[nodiscard]] std::optional<schema::WorkData> random_work(std::optional<std::uint64_t> seed);
    /// GET /v1/autocomplete/works?q=: up to 10 title completions.
    [[nodiscard]] std::vector<WorkCompletion> autocomplete_works(std::string_view q);
    /// GET /v1/sources.
    [[nodiscard]] SourcesPage search_sources(const EntityQuery& query);
    /// GET /v1/sources/{id} ("S3" or a URL ending in it). nullopt when unknown.
    [[nodiscard]] std::optional<schema::SourceEntityData> get_source(std::string_view id);
    /// GET /healthz.
    [[nodiscard]] Health health();

    // ---- authors (search/src/authors.cpp) ----
    /// GET /v1/authors: name search ignoring case, accents, order and initials.
    [[nodiscard]] AuthorsPage search_authors(const EntityQuery& query);
    /// GET /v1/authors/{id}; nullopt when unknown. Throws Error(InvalidParameter) for a malformed id.
    [[nodiscard]] std::optional<schema::AuthorData> get_author(std::string_view id);
    /// GET /v1/authors/{id}/card; nullopt when unknown.
    [[nodiscard]] std::optional<AuthorCard> author_card(std::string_view id);
    /// GET /v1/authors/{id}/graph; depth 1..2 and limit bounded (Error(InvalidParameter) otherwise).
    [[nodiscard]] std::optional<ResearchGraph> author_graph(std::string_view id, int depth, std::size_t limit);
    /// GET /v1/autocomplete/authors?q=: up to 10; empty for fewer than two letters.
    [[nodiscard]] std::vector<AuthorCompletion> autocomplete_authors(std::string_view q);

    // ---- topics (search/src/topics.cpp) ----
    /// GET /v1/topics.
    [[nodiscard]] TopicsPage search_topics(const EntityQuery& query);
    /// GET /v1/topics/{id}; nullopt when unknown.
    [[nodiscard]] std::optional<TopicDetail> get_topic(std::string_view id);

    // ---- related works (search/src/related.cpp) ----
    /// GET /v1/works/{id}/related (one positive seed) and POST /v1/related. Throws
    /// Error(NotFound) naming an unknown seed, Error(InvalidParameter) for bad input.
    [[nodiscard]] RelatedPage related_works(const RelatedQuery& query);

    /// Private state (defined in the library).
    struct Impl;

private:
    friend class SearchService;
    explicit Searcher(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

} // namespace peerscope::search
