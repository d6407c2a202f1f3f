add_library(peerscope_warnings INTERFACE)
target_compile_options(peerscope_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Woverloaded-virtual
  -Wold-style-cast -Wcast-align -Wimplicit-fallthrough)
if(PEERSCOPE_WERROR)
  target_compile_options(peerscope_warnings INTERFACE -Werror)
endif()
