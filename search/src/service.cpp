#include "internal.hpp"

#include "peerscope/schema/version.hpp"
#include "peerscope/search/error.hpp"

#include <sys/stat.h>

namespace peerscope::search {

namespace fs = std::filesystem;

FileStamp stamp_of(const fs::path& db_dir) {
    struct stat st {};
    std::string path = (db_dir / "iamglass").string();
    if (::stat(path.c_str(), &st) != 0) {
        return {};
    }
    return FileStamp{static_cast<std::uint64_t>(st.st_ino),
                     static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec};
}

std::shared_ptr<const Snapshot> SearchService::Impl::snapshot_for(Xapian::Database& works, Xapian::Database& entities) {
    auto matches = [&](const std::shared_ptr<const Snapshot>& s) {
        return s && s->works_revision == works.get_revision() && s->works_uuid == works.get_uuid()
            && s->entities_revision == entities.get_revision() && s->entities_uuid == entities.get_uuid();
    };
    {
        std::lock_guard lock(mutex);
        if (matches(latest)) {
            return latest;
        }
    }
    std::lock_guard build_lock(build_mutex);
    {
        std::lock_guard lock(mutex);
        if (matches(latest)) {
            return latest;
        }
    }
    auto snapshot = std::make_shared<Snapshot>(works, entities);
    snapshot->set_cache_budget(options.bitmap_cache_mib << 20U);
    std::lock_guard lock(mutex);
    if (!latest || latest->works_revision <= snapshot->works_revision || latest->works_uuid != snapshot->works_uuid) {
        latest = snapshot;
    }
    return snapshot;
}

Searcher::Impl::Impl(SearchService::Impl& s) : service(s) { open(); }

void Searcher::Impl::open() {
    fs::path dir = service.dir;
    fs::path works_path = dir / schema::kWorksDir;
    fs::path entities_path = dir / schema::kEntitiesDir;
    try {
        works = Xapian::Database(works_path.string());
        entities = Xapian::Database(entities_path.string());
    } catch (const Xapian::Error& e) {
        throw Error(Errc::IndexUnavailable, "cannot open the index at " + service.dir + ": " + e.get_msg());
    }
    for (auto* db : {&works, &entities}) {
        std::string version = db->get_metadata(std::string(schema::kSchemaVersionKey));
        if (version != std::to_string(schema::kSchemaVersion)) {
            throw Error(Errc::SchemaMismatch,
                        "the index at " + service.dir + " has schema version '" + version + "' but this server reads "
                            + std::to_string(schema::kSchemaVersion) + ": rebuild it with peerscope-index");
        }
    }
    works_stamp = stamp_of(works_path);
    entities_stamp = stamp_of(entities_path);
    snapshot = service.snapshot_for(works, entities);
    last_check = std::chrono::steady_clock::now();
}

void Searcher::Impl::refresh(bool force) {
    auto now = std::chrono::steady_clock::now();
    if (!force && now - last_check < std::chrono::milliseconds(service.options.refresh_interval_ms)) {
        return;
    }
    last_check = now;
    fs::path dir = service.dir;
    FileStamp w = stamp_of(dir / schema::kWorksDir);
    FileStamp e = stamp_of(dir / schema::kEntitiesDir);
    if (!force && w == works_stamp && e == entities_stamp) {
        return;
    }
    try {
        if (w.inode != works_stamp.inode || e.inode != entities_stamp.inode) {
            open(); // a rebuild swapped the directories in
            return;
        }
        works.reopen();
        entities.reopen();
        works_stamp = w;
        entities_stamp = e;
        snapshot = service.snapshot_for(works, entities);
    } catch (const Xapian::Error& err) {
        throw Error(Errc::IndexUnavailable, "cannot reopen the index: " + err.get_msg());
    }
}

SearchService::SearchService(std::string index_dir, ServiceOptions options) : impl_(std::make_unique<Impl>()) {
    impl_->dir = std::move(index_dir);
    impl_->options = options;
    impl_->ranking = options.ranking;
    // Open one searcher now so a bad directory fails at start-up, not on the first request.
    auto first = std::unique_ptr<Searcher>(new Searcher(std::make_unique<Searcher::Impl>(*impl_)));
    impl_->idle.push_back(std::move(first));
}

SearchService::~SearchService() = default;

const std::string& SearchService::index_dir() const noexcept { return impl_->dir; }

SearchService::Lease SearchService::lease() {
    std::unique_ptr<Searcher> searcher;
    {
        std::lock_guard lock(impl_->mutex);
        if (!impl_->idle.empty()) {
            searcher = std::move(impl_->idle.back());
            impl_->idle.pop_back();
        }
    }
    if (!searcher) {
        searcher = std::unique_ptr<Searcher>(new Searcher(std::make_unique<Searcher::Impl>(*impl_)));
    }
    searcher->impl_->refresh(false);
    return Lease(*this, std::move(searcher));
}

SearchService::Lease::Lease(SearchService& service, std::unique_ptr<Searcher> searcher)
    : service_(&service), searcher_(std::move(searcher)) {}

SearchService::Lease::Lease(Lease&& other) noexcept
    : service_(other.service_), searcher_(std::move(other.searcher_)) {}

SearchService::Lease::~Lease() {
    if (searcher_) {
        std::lock_guard lock(service_->impl_->mutex);
        service_->impl_->idle.push_back(std::move(searcher_));
    }
}

Searcher::Searcher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Searcher::~Searcher() = default;

} // namespace peerscope::search
