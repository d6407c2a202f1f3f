// BEIR corpus files (corpus.jsonl, corpus.jsonl.gz): {"_id","title","text"} per line, as in
// SciFact. id = _id, title = title, abstract = text. BEIR query files ({"_id","text"} without a
// title) are not works: detect_format() and expand_inputs() leave them out by name.
#include "input_stream.hpp"
#include "json_records.hpp"
#include "read_state.hpp"
#include "readers.hpp"

#include <string>

namespace peerscope::indexer::detail {
namespace {

WorkRecord convert_document(Json& d, ReadState& state) {
    WorkRecord work;
    work.id = take_string(d, "_id");
    work.title = state.clean(take_string(d, "title"));
    work.abstract = state.clean(take_string(d, "text"));
    return work;
}

} // namespace

void read_beir(InputStream& in, ReadState& state) {
    read_json_records(in, state, {}, [&state](Json& record, const Json*) {
        return convert_document(record, state);
    });
}

} // namespace peerscope::indexer::detail
