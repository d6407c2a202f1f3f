/// @file The only place that names Xapian term prefixes (docs/schema.md explains each).
///
/// Omega's conventions (xapian-omega/docs/termprefixes.rst) where one fits: S title, A author,
/// Q unique id, Y year, L language, Z stemmed form; our own prefixes start with X.
#pragma once

#include <string_view>

namespace peerscope::schema::prefix {

// ---- works database: free-text terms -------------------------------------------------------
/// Abstract words, unstemmed, with positions. Unprefixed: the abstract is the bulk of the text.
inline constexpr std::string_view kAbstract = "";
/// Stems of abstract words, only where the stem differs from the word (no positions).
inline constexpr std::string_view kAbstractStem = "Z";
/// Title words, unstemmed, with positions.
inline constexpr std::string_view kTitle = "S";
/// Stems of title words where the stem differs from the word.
inline constexpr std::string_view kTitleStem = "ZS";
/// Author name words (folded), with positions; authors separated by a position gap.
inline constexpr std::string_view kAuthorName = "A";

// ---- works database: boolean (filter) terms ------------------------------------------------
/// Unique work id: "QW" + work id.
inline constexpr std::string_view kWorkId = "QW";
/// Author entity id: "XAU" + "A123".
inline constexpr std::string_view kAuthorId = "XAU";
/// Source (venue) entity id: "XSO" + "S12".
inline constexpr std::string_view kSourceId = "XSO";
/// Topic entity id: "XTO" + "T45" (a work has the terms of its topics and of their ancestors).
inline constexpr std::string_view kTopicId = "XTO";
/// Publication year: "Y" + "2021".
inline constexpr std::string_view kYear = "Y";
/// Work type: "XTY" + "article".
inline constexpr std::string_view kType = "XTY";
/// DOI, lower case: "XDOI" + "10.1234/abc".
inline constexpr std::string_view kDoi = "XDOI";
/// arXiv id: "XARX" + "2201.05596".
inline constexpr std::string_view kArxiv = "XARX";
/// OpenAlex id: "XOA" + "W123".
inline constexpr std::string_view kOpenAlex = "XOA";
/// Any external or alternative id of a version (the input ids of merged versions): "XID" + id.
inline constexpr std::string_view kAltId = "XID";
/// Language: "L" + ISO 639-1 code.
inline constexpr std::string_view kLanguage = "L";
/// A cited work: "XCITE" + cited work id (so the citers of W are the postlist of XCITE+W).
inline constexpr std::string_view kCites = "XCITE";
/// Version key (normalised title) used to group versions of one work: "XVK" + key.
inline constexpr std::string_view kVersionKey = "XVK";
/// Present on works that have an abstract: "XHAS" + "abstract".
inline constexpr std::string_view kHas = "XHAS";

// ---- entities database ---------------------------------------------------------------------
/// Unique entity id: "Q" + "A123" / "S12" / "T45".
inline constexpr std::string_view kEntityId = "Q";
/// Entity type: "XET" + "author" / "source" / "topic".
inline constexpr std::string_view kEntityType = "XET";
/// Entity name words (folded, with positions) for name search.
inline constexpr std::string_view kEntityName = "XN";
/// Transliterated (Latin) name words, for names in other scripts, and the umlaut transcription of
/// German names ("schoelkopf" for Schölkopf); only words the name's own XN words lack.
inline constexpr std::string_view kEntityNameLatin = "XNL";
/// Initials of an author's name words (Latin letters): "XNI" + "s" for Samyam, so "S. Rajbhandari"
/// finds him.
inline constexpr std::string_view kEntityInitial = "XNI";
/// Whole-name key of each spelling of an author as written (schema/author_names.hpp), its folded
/// words sorted: "XNF" + "rajbhandari samyam"; a spelling "S. Rajbhandari" gives "rajbhandari s".
inline constexpr std::string_view kEntityNameKey = "XNF";
/// Whole-name keys of an author's spellings with leading words reduced to initials:
/// "XNA" + "rajbhandari s" for Samyam Rajbhandari, so the query "S. Rajbhandari" is a whole name.
inline constexpr std::string_view kEntityInitialsKey = "XNA";
/// Author identity key (folded family name + given-name key) used to merge name variants.
inline constexpr std::string_view kAuthorKey = "XAK";
/// ORCID of an author: "XORCID" + "0000-0002-...".
inline constexpr std::string_view kOrcid = "XORCID";
/// A source id given by an input for this entity (kept as an alternative): "XSRC" + id.
inline constexpr std::string_view kSourceAltId = "XSRC";
/// Identity key of a source or topic: "XKEY" + "venue:neurips" / "arxiv:cs.LG" / "taxonomy:ml.rl".
inline constexpr std::string_view kEntityKey = "XKEY";
/// Parent of a topic: "XPAR" + parent topic id.
inline constexpr std::string_view kParent = "XPAR";

} // namespace peerscope::schema::prefix
