# Every external dependency, found once. Imported targets only; nothing is appended to CMAKE_CXX_FLAGS.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(ZLIB REQUIRED)
find_package(ICU 72 REQUIRED COMPONENTS uc i18n)
find_package(nlohmann_json 3.11 REQUIRED CONFIG)

# Xapian's CMake config sets variables only; wrap them in an imported target.
find_package(xapian 1.4 REQUIRED CONFIG)
if(NOT TARGET Xapian::xapian)
  add_library(Xapian::xapian INTERFACE IMPORTED)
  target_include_directories(Xapian::xapian SYSTEM INTERFACE ${XAPIAN_INCLUDE_DIR})
  target_link_libraries(Xapian::xapian INTERFACE ${XAPIAN_LIBRARIES})
endif()

# Pistache ships no CMake package, only a .pc file.
pkg_check_modules(PISTACHE REQUIRED IMPORTED_TARGET libpistache>=0.0.5)

if(PEERSCOPE_BUILD_TESTS)
  find_package(Boost 1.74 REQUIRED CONFIG COMPONENTS unit_test_framework)
endif()
