/// @file Folding of one token or string: NFKC case folding plus accent folding (private).
#pragma once

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <cstdint>
#include <string>

namespace peerscope::analyzers::detail {

/// Folds UTF-16 text to the form tokens are compared in: NFKC_Casefold (NFKC, full case folding,
/// default ignorables removed), then the marks of the Combining Diacritical Marks blocks removed
/// and Latin letters without a decomposition spelled out (ø→o, ł→l, æ→ae, ı→i...), ’ and ‘ turned
/// into ', and the result recomposed (NFC) so Hangul and kana stay whole.
/// Not thread-safe (reuses its buffers); one per Analyzer.
class Folder final {
  public:
    /// Looks up ICU's normalizers; throws Error(Errc::IcuFailure) when ICU's data is missing.
    Folder();

    /// Replaces @p out with the folded UTF-8 form of @p length units at @p units.
    void fold(const char16_t* units, std::int32_t length, std::string& out);

  private:
    const icu::Normalizer2* nfkc_casefold_ = nullptr;
    const icu::Normalizer2* nfd_ = nullptr;
    const icu::Normalizer2* nfc_ = nullptr;
    icu::UnicodeString normalized_;
    std::u16string stripped_;
    icu::UnicodeString composed_;
    icu::UnicodeString decomposition_;
};

/// ASCII lower-casing in place (the whole folding for ASCII text). Thread-safe.
void ascii_lower(std::string& text) noexcept;

} // namespace peerscope::analyzers::detail
