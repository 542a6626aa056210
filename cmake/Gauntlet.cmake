# CMake helpers shared by every family folder.
#
# A family folder registers what it builds with these functions; they record
# each target in a manifest (build/<preset>/gauntlet_manifest.json) that
# scripts/gauntlet reads to know which binaries to run for `bench FAMILY` and
# `verify FAMILY`. Nothing else needs wiring.

# add_subdirectory() every immediate child of ROOT that has a CMakeLists.txt.
# GAUNTLET_FAMILIES (a ;-list of folder names, empty = all) narrows the build
# to some folders, e.g. -DGAUNTLET_FAMILIES="common;rwlock".
set(GAUNTLET_FAMILIES "" CACHE STRING "Folders of bench/ and verify/ to build (empty: all)")
function(gauntlet_add_family_dirs root)
  file(GLOB children LIST_DIRECTORIES true RELATIVE ${CMAKE_SOURCE_DIR}/${root} ${CMAKE_SOURCE_DIR}/${root}/*)
  list(SORT children)
  foreach(child IN LISTS children)
    if(GAUNTLET_FAMILIES AND NOT child IN_LIST GAUNTLET_FAMILIES)
      continue()
    endif()
    if(EXISTS ${CMAKE_SOURCE_DIR}/${root}/${child}/CMakeLists.txt)
      add_subdirectory(${root}/${child})
    endif()
  endforeach()
endfunction()

function(_gauntlet_record kind family target)
  set_property(GLOBAL APPEND PROPERTY GAUNTLET_MANIFEST "${kind}|${family}|${target}|$<TARGET_FILE:${target}>")
endfunction()

# A Google Benchmark binary for FAMILY. `scripts/gauntlet bench FAMILY` runs it.
function(gauntlet_add_bench family target)
  add_executable(${target} ${ARGN})
  target_link_libraries(${target} PRIVATE gauntlet_bench_common benchmark::benchmark)
  string(TOUPPER "${CMAKE_BUILD_TYPE}" bt)
  target_compile_definitions(${target} PRIVATE GAUNTLET_CXX_FLAGS="${CMAKE_CXX_FLAGS} ${CMAKE_CXX_FLAGS_${bt}}")
  _gauntlet_record(bench ${family} ${target})
endfunction()

# A Catch2 test binary; registered with ctest.
function(gauntlet_add_tests family target)
  add_executable(${target} ${ARGN})
  target_link_libraries(${target} PRIVATE gauntlet_catch_main)
  add_test(NAME ${target} COMMAND ${target})
  set_tests_properties(${target} PROPERTIES LABELS "unit;${family}")
  add_dependencies(gauntlet_unit_tests ${target})
endfunction()

# A verifier: an executable that follows the verifier contract
# (verify/common/verdict.hpp): `TARGET [--depth ci|full] [--json-out FILE]`,
# writes verdict rows, exits non-zero on any `missed` or `failed` row.
# Registered with ctest at CI depth and run by `scripts/gauntlet verify FAMILY`.
function(gauntlet_add_verifier family target)
  add_executable(${target} ${ARGN})
  target_link_libraries(${target} PRIVATE gauntlet_verify_common)
  add_test(NAME ${target} COMMAND ${target} --depth ci)
  set_tests_properties(${target} PROPERTIES LABELS "verify;${family}")
  _gauntlet_record(verify ${family} ${target})
endfunction()

# A Relacy verifier: as above, compiled with the platform layer switched to
# Relacy's instrumented types.
function(gauntlet_add_relacy family target)
  if(NOT GAUNTLET_BUILD_RELACY)
    return()
  endif()
  gauntlet_add_verifier(${family} ${target} ${ARGN})
  target_compile_definitions(${target} PRIVATE GAUNTLET_RELACY=1)
  # Relacy's headers are old C++ and noisy; their warnings are not ours.
  # Relacy replaces only the unsized operator delete (inline, so libstdc++ does
  # not see it): sized deletes (the default since C++14, used by delete[] of a
  # type with a destructor) would free Relacy's memory with libc's free().
  target_compile_options(${target} PRIVATE -Wno-all -Wno-extra -w -fno-sized-deallocation)
  set_tests_properties(${target} PROPERTIES LABELS "relacy;${family}")
endfunction()

# Another tool a family ships (e.g. gauntlet-check, gauntlet-sim); recorded so
# scripts/gauntlet can find it by name.
function(gauntlet_add_tool family target)
  add_executable(${target} ${ARGN})
  _gauntlet_record(tool ${family} ${target})
endfunction()

function(gauntlet_write_manifest)
  get_property(entries GLOBAL PROPERTY GAUNTLET_MANIFEST)
  set(json "[\n")
  set(sep "")
  foreach(e IN LISTS entries)
    string(REPLACE "|" ";" parts "${e}")
    list(GET parts 0 kind)
    list(GET parts 1 family)
    list(GET parts 2 target)
    list(GET parts 3 path)
    string(APPEND json "${sep}  {\"kind\": \"${kind}\", \"family\": \"${family}\", \"target\": \"${target}\", \"path\": \"${path}\"}")
    set(sep ",\n")
  endforeach()
  string(APPEND json "\n]\n")
  file(GENERATE OUTPUT ${CMAKE_BINARY_DIR}/gauntlet_manifest.json CONTENT "${json}")
endfunction()
