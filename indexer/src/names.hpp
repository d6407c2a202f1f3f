/// @file Person names: splitting, identity keys and given-name compatibility.
#pragma once

#include "peerscope/analyzers/analyzer.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace peerscope::indexer {

/// A name split into given and family parts (both cleaned, original spelling).
struct SplitName {
    std::string given;
    std::string family;
};

/// Splits a display name: "Last, First" or "First [particles] Last"; suffixes (Jr., III) dropped;
/// particles (van, von, de, der, da, di, del, la, le, du, dos, ten, ter, bin, al) join the family
/// name ("Luc Van Gool" -> given "Luc", family "Van Gool"). Thread-safe.
[[nodiscard]] SplitName split_name(std::string_view display_name);

/// Identity keys of a family name: the folded name with spaces, hyphens and apostrophes removed
/// ("Schölkopf" -> "scholkopf"), and when it is spelt with a German umlaut also the transcribed
/// form ("schoelkopf"), so Schölkopf, Scholkopf and Schoelkopf share a key while Xu and Xue do not.
/// The first key is the primary one. Not thread-safe (uses @p analyzer).
[[nodiscard]] std::vector<std::string> family_keys(std::string_view family,
                                                   analyzers::Analyzer& analyzer);

/// Folded given-name parts: "Jean-Pierre M." -> {"jean", "pierre", "m"}.
[[nodiscard]] std::vector<std::string> given_parts(std::string_view given,
                                                   analyzers::Analyzer& analyzer);

/// True when two given names may name the same person: each part pair is equal or an initial of
/// the other, compared as far as both go ("B." ~ "Bernhard", "Bernhard" ~ "Bernhard K.",
/// "Hailey" !~ "Bernhard"); joined forms are equal too ("Yu-Xiong" ~ "Yuxiong"). Thread-safe.
[[nodiscard]] bool given_compatible(const std::vector<std::string>& a,
                                    const std::vector<std::string>& b);

/// True when the first given part is only an initial ("S.", "S").
[[nodiscard]] bool initial_only(const std::vector<std::string>& parts);

/// Joined given key used to store and compare given names ("jean pierre m").
[[nodiscard]] std::string given_key(const std::vector<std::string>& parts);
/// Inverse of given_key.
[[nodiscard]] std::vector<std::string> parts_from_key(std::string_view key);

} // namespace peerscope::indexer
