#include "peerscope/analyzers/transliterate.hpp"

#include "icu_check.hpp"
#include "peerscope/analyzers/error.hpp"
#include "utf8.hpp"

#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <cstdint>
#include <limits>
#include <memory>
#include <utility>

namespace peerscope::analyzers {
namespace {

// A transliterator built on first use; ICU transliterators are not thread-safe, so each thread
// has its own (see to_latin()).
class LazyTransliterator final {
  public:
    icu::Transliterator& get() {
        if (transliterator_ == nullptr) {
            UErrorCode status = U_ZERO_ERROR;
            std::unique_ptr<icu::Transliterator> created(icu::Transliterator::createInstance(
                icu::UnicodeString(u"Any-Latin; Latin-ASCII"), UTRANS_FORWARD, status));
            detail::check_icu(status, "Transliterator::createInstance(Any-Latin; Latin-ASCII)");
            transliterator_ = std::move(created);
        }
        return *transliterator_;
    }

  private:
    std::unique_ptr<icu::Transliterator> transliterator_;
};

} // namespace

std::string to_latin(std::string_view utf8) {
    if (utf8.size() >= static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max())) {
        throw Error(Errc::InvalidInput,
                    "text of " + std::to_string(utf8.size())
                        + " bytes is too long to transliterate (limit 2 GiB)");
    }
    std::string latin;
    if (detail::find_non_ascii(utf8, 0) == utf8.size()) {
        latin.assign(utf8);
        return latin;
    }
    detail::Utf16Text decoded;
    detail::decode_utf8(utf8, 0, decoded);
    icu::UnicodeString text(decoded.units.data(), static_cast<std::int32_t>(decoded.units.size()));
    thread_local LazyTransliterator transliterator;
    transliterator.get().transliterate(text);
    detail::append_utf8(text.getBuffer(), static_cast<std::size_t>(text.length()), latin);
    return latin;
}

} // namespace peerscope::analyzers
