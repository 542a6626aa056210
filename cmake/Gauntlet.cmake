# CMake helpers shared by every family folder.
#
# A family folder registers what it builds with these functions; they record
# each target in a manifest (build/<preset>/gauntlet_manifest.json) that
# scripts/gauntlet reads to know which binaries to run for `bench FAMILY` and
# `verify FAMILY`. Nothing else needs wiring.

# add_subdirectory() every family folder of ROOT (bench or verify): a child
# named after an impls/<folder>/family.hpp. Any other child is a mistake (a
# library is added by name in the top-level CMakeLists.txt), said at configure.
# GAUNTLET_FAMILIES (a ;-list of folder names, empty = all) narrows the build
# to some families, e.g. -DGAUNTLET_FAMILIES="rwlock;semaphore". The libraries
# are always built; "lincheck" and "sim" in the list also keep their own tests.
set(GAUNTLET_FAMILIES "" CACHE STRING "Family folders of bench/ and verify/ to build (empty: all)")
set(GAUNTLET_LIBRARY_DIRS common lincheck sim cli report)
function(gauntlet_add_family_dirs root)
  file(GLOB children LIST_DIRECTORIES true RELATIVE ${CMAKE_SOURCE_DIR}/${root} ${CMAKE_SOURCE_DIR}/${root}/*)
  list(SORT children)
  foreach(child IN LISTS children)
    if(NOT IS_DIRECTORY ${CMAKE_SOURCE_DIR}/${root}/${child} OR child IN_LIST GAUNTLET_LIBRARY_DIRS)
      continue()
    endif()
    if(NOT EXISTS ${CMAKE_SOURCE_DIR}/impls/${child}/family.hpp)
      message(FATAL_ERROR "${root}/${child}: not a family (no impls/${child}/family.hpp) and not a library; "
                          "see CONTRIBUTING.md, 'A family'")
    endif()
    if(GAUNTLET_FAMILIES AND NOT child IN_LIST GAUNTLET_FAMILIES)
      continue()
    endif()
    if(EXISTS ${CMAKE_SOURCE_DIR}/${root}/${child}/CMakeLists.txt)
      add_subdirectory(${root}/${child})
    endif()
  endforeach()
endfunction()

# Whether a library's own tests and tools are wanted (GAUNTLET_FAMILIES empty or naming it).
function(gauntlet_library_selected name out)
  if(NOT GAUNTLET_FAMILIES OR name IN_LIST GAUNTLET_FAMILIES)
    set(${out} TRUE PARENT_SCOPE)
  else()
    set(${out} FALSE PARENT_SCOPE)
  endif()
endfunction()

function(_gauntlet_record kind family target)
  set_property(GLOBAL APPEND PROPERTY GAUNTLET_MANIFEST "${kind}|${family}|${target}|$<TARGET_FILE:${target}>")
endfunction()

# A Google Benchmark binary for FAMILY. `scripts/gauntlet bench FAMILY` runs it.
function(gauntlet_add_bench family target)
  add_executable(${target} ${ARGN})
  target_link_libraries(${target} PRIVATE gauntlet::bench gauntlet_adopted)
  string(TOUPPER "${CMAKE_BUILD_TYPE}" bt)
  target_compile_definitions(${target} PRIVATE GAUNTLET_CXX_FLAGS="${CMAKE_CXX_FLAGS} ${CMAKE_CXX_FLAGS_${bt}}")
  _gauntlet_record(bench ${family} ${target})
endfunction()

# In an adopt build the verifiers and tests iterate the adopted class alone
# (impls/platform/adopted.hpp); the benchmarks keep every class, to compare.
function(_gauntlet_adopt_only target)
  if(GAUNTLET_ADOPT_HEADER)
    target_compile_definitions(${target} PRIVATE GAUNTLET_ADOPT_ONLY=1)
  endif()
endfunction()

# A Catch2 test binary; registered with ctest.
function(gauntlet_add_tests family target)
  add_executable(${target} ${ARGN})
  target_link_libraries(${target} PRIVATE gauntlet::catch_main gauntlet_adopted)
  _gauntlet_adopt_only(${target})
  _gauntlet_record(test ${family} ${target})
  add_test(NAME ${target} COMMAND ${target})
  # A bound, so that a deadlocked suite fails instead of hanging CI; roomy
  # enough for the slowest sanitizer build.
  set_tests_properties(${target} PROPERTIES LABELS "unit;${family}" TIMEOUT 300)
  add_dependencies(gauntlet_unit_tests ${target})
endfunction()

# A verifier: an executable that follows the verifier contract
# (verify/common/verdict.hpp): `TARGET [--depth ci|full] [--json-out FILE]`,
# writes verdict rows, exits non-zero on any `missed` or `failed` row.
# Registered with ctest at CI depth and run by `scripts/gauntlet verify FAMILY`.
function(gauntlet_add_verifier family target)
  add_executable(${target} ${ARGN})
  target_link_libraries(${target} PRIVATE gauntlet::verdict gauntlet_adopted)
  _gauntlet_adopt_only(${target})
  add_test(NAME ${target} COMMAND ${target} --depth ci)
  # CI depth only; `scripts/gauntlet verify` runs full depth outside ctest.
  set_tests_properties(${target} PROPERTIES LABELS "verify;${family}" TIMEOUT 600)
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
  target_link_libraries(${target} PRIVATE gauntlet::impls gauntlet_adopted)
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
