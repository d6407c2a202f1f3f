#include "folder.hpp"

#include "icu_check.hpp"
#include "utf8.hpp"

#include <string_view>

namespace peerscope::analyzers::detail {
namespace {

// Marks used as accents on Latin, Greek and Cyrillic letters. Other scripts' marks (kana voicing,
// Thai vowels, Indic signs, Hebrew points) are letters' parts there and are kept.
[[nodiscard]] bool is_diacritic(char32_t c) noexcept {
    return (c >= 0x0300 && c <= 0x036F)     // Combining Diacritical Marks
           || (c >= 0x0483 && c <= 0x0489)  // Cyrillic combining marks (titlo...)
           || (c >= 0x1AB0 && c <= 0x1AFF)  // Combining Diacritical Marks Extended
           || (c >= 0x1DC0 && c <= 0x1DFF)  // Combining Diacritical Marks Supplement
           || (c >= 0x20D0 && c <= 0x20FF)  // Combining Diacritical Marks for Symbols
           || (c >= 0xFE20 && c <= 0xFE2F); // Combining Half Marks
}

// Letters (already case-folded) that have no canonical decomposition but are read as plain Latin
// letters by people who type names without them; and the typographic apostrophes.
[[nodiscard]] std::u16string_view spelled_out(char32_t c) noexcept {
    switch (c) {
    case 0x00E6: // æ
        return u"ae";
    case 0x00F0: // ð
    case 0x0111: // đ
        return u"d";
    case 0x00F8: // ø
        return u"o";
    case 0x00FE: // þ
        return u"th";
    case 0x0127: // ħ
        return u"h";
    case 0x0131: // ı
        return u"i";
    case 0x0142: // ł
        return u"l";
    case 0x0153: // œ
        return u"oe";
    case 0x0167: // ŧ
        return u"t";
    case 0x0180: // ƀ
        return u"b";
    case 0x0192: // ƒ
        return u"f";
    case 0x0237: // ȷ
        return u"j";
    case 0x2018: // ‘
    case 0x2019: // ’
        return u"'";
    default:
        return {};
    }
}

[[nodiscard]] constexpr std::int32_t utf16_length(char32_t c) noexcept {
    return c > 0xFFFF ? 2 : 1;
}

} // namespace

void ascii_lower(std::string& text) noexcept {
    for (char& c : text) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c + ('a' - 'A'));
        }
    }
}

Folder::Folder() {
    UErrorCode status = U_ZERO_ERROR;
    nfkc_casefold_ = icu::Normalizer2::getNFKCCasefoldInstance(status);
    check_icu(status, "Normalizer2::getNFKCCasefoldInstance");
    nfd_ = icu::Normalizer2::getNFDInstance(status);
    check_icu(status, "Normalizer2::getNFDInstance");
    nfc_ = icu::Normalizer2::getNFCInstance(status);
    check_icu(status, "Normalizer2::getNFCInstance");
}

void Folder::fold(const char16_t* units, std::int32_t length, std::string& out) {
    out.clear();
    bool ascii = true;
    for (std::int32_t i = 0; i < length && ascii; ++i) {
        ascii = units[i] < 0x80;
    }
    if (ascii) {
        out.reserve(static_cast<std::size_t>(length));
        for (std::int32_t i = 0; i < length; ++i) {
            const char16_t c = units[i];
            out.push_back(static_cast<char>(c >= u'A' && c <= u'Z' ? c + (u'a' - u'A') : c));
        }
        return;
    }

    UErrorCode status = U_ZERO_ERROR;
    const icu::UnicodeString source(false, units, length); // read-only alias, no copy
    nfkc_casefold_->normalize(source, normalized_, status);
    check_icu(status, "Normalizer2::normalize(NFKC_Casefold)");

    // Decompose, drop diacritics, spell out special letters. Only characters that can compose
    // (U+0300 and above) make the final NFC pass necessary.
    stripped_.clear();
    bool needs_composition = false;
    auto keep = [this, &needs_composition](char32_t c) {
        if (is_diacritic(c)) {
            return;
        }
        const std::u16string_view spelled = spelled_out(c);
        if (!spelled.empty()) {
            stripped_.append(spelled);
            return;
        }
        needs_composition = needs_composition || c >= 0x0300;
        if (c > 0xFFFF) {
            stripped_.push_back(static_cast<char16_t>(0xD7C0 + (c >> 10U)));
            stripped_.push_back(static_cast<char16_t>(0xDC00 | (c & 0x3FFU)));
        } else {
            stripped_.push_back(static_cast<char16_t>(c));
        }
    };
    const std::int32_t size = normalized_.length();
    for (std::int32_t i = 0; i < size;) {
        const auto c = static_cast<char32_t>(normalized_.char32At(i));
        i += utf16_length(c);
        if (c >= 0xC0 && nfd_->getDecomposition(static_cast<UChar32>(c), decomposition_)) {
            const std::int32_t parts = decomposition_.length();
            for (std::int32_t k = 0; k < parts;) {
                const auto d = static_cast<char32_t>(decomposition_.char32At(k));
                k += utf16_length(d);
                keep(d);
            }
        } else {
            keep(c);
        }
    }

    if (!needs_composition) {
        append_utf8(stripped_.data(), stripped_.size(), out);
        return;
    }
    const icu::UnicodeString stripped(
        false, stripped_.data(), static_cast<std::int32_t>(stripped_.size())); // alias
    nfc_->normalize(stripped, composed_, status);
    check_icu(status, "Normalizer2::normalize(NFC)");
    append_utf8(composed_.getBuffer(), static_cast<std::size_t>(composed_.length()), out);
}

} // namespace peerscope::analyzers::detail
