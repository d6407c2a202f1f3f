/// @file What every reader shares: origins, the sink, text cleaning with repair counting, and
/// small normalisers for ids (DOI, OpenAlex, arXiv) and dates.
#pragma once

#include "peerscope/analyzers/cleaner.hpp"
#include "peerscope/indexer/reader.hpp"
#include "peerscope/indexer/work.hpp"

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace peerscope::indexer::detail {

/// Thrown inside a reader while converting one record that cannot be read; the reader catches
/// it, reports a ReadProblem and goes on with the next record. Never leaves a reader.
class RecordError final : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// The state of one read_input() call: the input's name, the sink, whether to stop, and the
/// repairs counted for the record being built. Not thread-safe; one per call.
class ReadState final {
  public:
    ReadState(std::string input_name, Format format, const ReadSink& sink);

    /// "NAME:LINE".
    [[nodiscard]] std::string origin(std::size_t line) const;
    /// The input's name as used in origins.
    [[nodiscard]] const std::string& input_name() const noexcept { return name_; }
    /// True once a callback returned false: the reader must stop.
    [[nodiscard]] bool stopped() const noexcept { return stopped_; }

    /// Cleans one text field (to_valid_utf8 in @p mode, then clean_markup) and counts repairs
    /// for the current record.
    [[nodiscard]] std::string clean(std::string raw,
                                    analyzers::InvalidUtf8 mode = analyzers::InvalidUtf8::Replace);
    /// Adds repairs found outside clean() (a JSON line repaired before parsing).
    void add_repairs(std::size_t count) noexcept { repairs_ += count; }
    /// Forgets repairs counted so far (start of a record).
    void begin_record() noexcept { repairs_ = 0; }

    /// Hands a finished record to the sink, with format and @p origin set, after reporting its
    /// repairs; rejects a record with neither id nor title as a problem. Returns false when
    /// reading must stop.
    bool emit(WorkRecord&& record, std::string origin);
    /// Reports a record that could not be read. Returns false when reading must stop.
    bool problem(std::string origin, std::string reason);

  private:
    std::string name_;
    Format format_;
    const ReadSink& sink_;
    std::size_t repairs_ = 0;
    bool stopped_ = false;
};

/// "https://doi.org/10.1/ABC", "doi:10.1/abc", "10.1/ABC" → "10.1/abc"; empty when not a DOI.
[[nodiscard]] std::string normalize_doi(std::string_view raw);

/// "https://openalex.org/W123" → "W123"; any other id ("seed:W1") is returned as given.
[[nodiscard]] std::string shorten_openalex_id(std::string_view raw);

/// "https://orcid.org/0000-0002-1825-0097" → "0000-0002-1825-0097".
[[nodiscard]] std::string bare_orcid(std::string_view raw);

/// The arXiv id in an arXiv URL or DOI ("https://arxiv.org/abs/2201.05596v2",
/// "arxiv.org/pdf/cs/0502074v2.pdf", "10.48550/arXiv.2201.05596") without its version; empty when
/// @p text holds none.
[[nodiscard]] std::string arxiv_id_from(std::string_view text);

/// Strips the version suffix of an arXiv id: "2201.05596v2" → "2201.05596".
[[nodiscard]] std::string strip_arxiv_version(std::string_view id);

/// A year of publication in 1000..2999 from decimal digits; 0 when @p text is not one.
[[nodiscard]] int parse_year(std::string_view text);

/// The 1-based month of an English month name or its 3-letter abbreviation; 0 when unknown.
[[nodiscard]] int month_number(std::string_view name);

/// "YYYY-MM" or "YYYY-MM-DD" from numbers (day 0 = no day).
[[nodiscard]] std::string make_date(int year, int month, int day);

/// @p text when it is a date "YYYY-MM-DD" or "YYYY-MM" (digits in range), else "".
[[nodiscard]] std::string checked_date(std::string_view text);

/// Whitespace-trimmed view.
[[nodiscard]] std::string_view trim(std::string_view text);

/// ASCII lower case copy.
[[nodiscard]] std::string ascii_lower(std::string_view text);

/// "Given Family" with either part possibly empty.
[[nodiscard]] std::string join_name(std::string_view given, std::string_view family);

} // namespace peerscope::indexer::detail
