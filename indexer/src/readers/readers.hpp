/// @file One reader per input format; read_input() picks one and calls it.
#pragma once

namespace peerscope::indexer::detail {

class InputStream;
class ReadState;

/// Each reader reads every record of @p in and reports it through @p state (records, problems,
/// repairs). None throws for bad content; all are reentrant (no shared mutable state).
void read_openalex(InputStream& in, ReadState& state);
void read_mlanthology(InputStream& in, ReadState& state);
void read_arxiv(InputStream& in, ReadState& state);
void read_beir(InputStream& in, ReadState& state);
void read_smart(InputStream& in, ReadState& state);
void read_aan(InputStream& in, ReadState& state);

} // namespace peerscope::indexer::detail
