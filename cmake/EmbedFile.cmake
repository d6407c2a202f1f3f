# Embeds a data file into a binary as a generated .cpp that defines
#   std::string_view <NAMESPACE>::<FUNCTION>() noexcept
# (declared by the caller in HEADER). The file is regenerated at build time whenever the data
# file changes, without re-running CMake.
#
# Use from a CMakeLists.txt:
#   include(${PROJECT_SOURCE_DIR}/cmake/EmbedFile.cmake)
#   peerscope_embed_file(INPUT <file> OUTPUT <generated.cpp> NAMESPACE <ns> FUNCTION <name>
#                        HEADER <header included by the generated file>)
# This same file is the generator when run with `cmake -P` (script mode).

if(CMAKE_SCRIPT_MODE_FILE)
  foreach(var INPUT OUTPUT NAMESPACE FUNCTION HEADER)
    if(NOT DEFINED ${var})
      message(FATAL_ERROR "EmbedFile.cmake: -D${var}=... is required")
    endif()
  endforeach()
  file(READ "${INPUT}" hex HEX)
  string(LENGTH "${hex}" hex_length)
  math(EXPR size "${hex_length} / 2")
  # 16 bytes a line, then each byte as 0x.., (CMake regexes have no {n} repetition).
  string(REPEAT "[0-9a-f]" 32 line_pattern)
  string(REGEX REPLACE "(${line_pattern})" "\\1\n" hex "${hex}")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  get_filename_component(input_name "${INPUT}" NAME)
  set(content "// Generated from ${input_name} by cmake/EmbedFile.cmake at build time; do not edit.
#include \"${HEADER}\"

namespace ${NAMESPACE} {
namespace {
// One extra zero byte so the array is never empty.
constexpr unsigned char kBytes[] = {
${bytes}0x00};
} // namespace

std::string_view ${FUNCTION}() noexcept {
    return {reinterpret_cast<const char*>(kBytes), ${size}};
}

} // namespace ${NAMESPACE}
")
  file(WRITE "${OUTPUT}.tmp" "${content}")
  file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
  file(REMOVE "${OUTPUT}.tmp")
  return()
endif()

function(peerscope_embed_file)
  cmake_parse_arguments(ARG "" "INPUT;OUTPUT;NAMESPACE;FUNCTION;HEADER" "" ${ARGN})
  foreach(var INPUT OUTPUT NAMESPACE FUNCTION HEADER)
    if(NOT ARG_${var})
      message(FATAL_ERROR "peerscope_embed_file: ${var} is required")
    endif()
  endforeach()
  add_custom_command(
    OUTPUT "${ARG_OUTPUT}"
    COMMAND "${CMAKE_COMMAND}"
      "-DINPUT=${ARG_INPUT}" "-DOUTPUT=${ARG_OUTPUT}" "-DNAMESPACE=${ARG_NAMESPACE}"
      "-DFUNCTION=${ARG_FUNCTION}" "-DHEADER=${ARG_HEADER}"
      -P "${CMAKE_CURRENT_FUNCTION_LIST_FILE}"
    DEPENDS "${ARG_INPUT}" "${CMAKE_CURRENT_FUNCTION_LIST_FILE}"
    COMMENT "Embedding ${ARG_INPUT}"
    VERBATIM)
endfunction()
