#include "peerscope/server/config.hpp"

int main(int argc, char** argv) {
    return peerscope::server::server_main(argc, argv);
}
