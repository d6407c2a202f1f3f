#include "peerscope/indexer/indexer.hpp"

int main(int argc, char** argv) { return peerscope::indexer::cli_main(argc, argv); }
