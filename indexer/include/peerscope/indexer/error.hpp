/// @file Error type of the indexer library.
#pragma once

#include <stdexcept>
#include <string>

namespace peerscope::indexer {

/// What went wrong while indexing.
enum class Errc {
    Usage,         ///< bad command line or option value
    Io,            ///< an input or the index directory cannot be read or written
    UnknownFormat, ///< the format of an input cannot be told or is not supported
    BadTaxonomy,   ///< the taxonomy file is malformed (message names FILE:LINE)
    IndexLocked,   ///< another writer holds the index
    SchemaMismatch,///< the index was written with another schema version: reindex
    Index,         ///< the index could not be written (translated Xapian error)
};

/// The one exception type of the indexer library; Xapian errors are translated into it.
class Error final : public std::runtime_error {
public:
    Error(Errc code, const std::string& message) : std::runtime_error(message), code_(code) {}
    [[nodiscard]] Errc code() const noexcept { return code_; }

private:
    Errc code_;
};

} // namespace peerscope::indexer
