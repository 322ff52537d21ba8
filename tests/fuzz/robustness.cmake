# Issue 6's robustness tests inside the main build (included by the top CMakeLists.txt):
# - robustness/mutation_sweep: tests/fuzz/mutation_sweep.cc with ASan+UBSan;
# - fuzz/<target>: a short libFuzzer run of every fuzz target, then its seeds replayed.
# Both are built with clang (ASan+UBSan) in a sub-build of tests/fuzz/CMakeLists.txt, which
# compiles the library sources once more, so the main build stays unsanitized. Under
# BENEFITROLL_SANITIZE (make asan) the sweep is built here against the sanitized library.
# Without clang and libFuzzer these tests fail loudly.

set(BENEFITROLL_SWEEP_MUTANTS 2500 CACHE STRING "Mutants of the sample roll in robustness/mutation_sweep")
set(BENEFITROLL_FUZZ_SMOKE_SECONDS 5 CACHE STRING "Seconds of each fuzz/<target> smoke run in make test")
set(BENEFITROLL_FUZZ_TARGETS fuzz_readers fuzz_values fuzz_rules fuzz_csv_roundtrip)
set(FUZZ_SMOKE_DIR ${CMAKE_BINARY_DIR}/fuzz-smoke)

find_program(BENEFITROLL_CLANGXX NAMES clang++ clang++-14)
if(BENEFITROLL_CLANGXX)
  include(ExternalProject)
  ExternalProject_Add(fuzz_smoke
    SOURCE_DIR ${CMAKE_SOURCE_DIR}/tests/fuzz
    BINARY_DIR ${FUZZ_SMOKE_DIR}
    CMAKE_ARGS -DCMAKE_CXX_COMPILER=${BENEFITROLL_CLANGXX} -DFUZZ_SANITIZE=ON
    BUILD_ALWAYS ON
    INSTALL_COMMAND "")
endif()

if(BENEFITROLL_SANITIZE)
  add_executable(mutation_sweep tests/fuzz/mutation_sweep.cc src/faults/fault_off.cc)
  target_compile_options(mutation_sweep PRIVATE ${WARN})
  target_link_libraries(mutation_sweep PRIVATE benefitroll_lib)
  set(SWEEP_COMMAND $<TARGET_FILE:mutation_sweep>)
elseif(BENEFITROLL_CLANGXX)
  set(SWEEP_COMMAND ${FUZZ_SMOKE_DIR}/mutation_sweep)
endif()
set(NO_CLANG "clang++ with libFuzzer is not installed (make deps installs clang and libclang-rt-14-dev)")
if(SWEEP_COMMAND)
  add_test(NAME robustness/mutation_sweep
           COMMAND ${SWEEP_COMMAND} ${CMAKE_SOURCE_DIR}/samples/2020-09
                   ${CMAKE_SOURCE_DIR}/rules/erdao-2020.toml ${BENEFITROLL_SWEEP_MUTANTS})
  set_tests_properties(robustness/mutation_sweep PROPERTIES TIMEOUT 600 ENVIRONMENT
    "ASAN_OPTIONS=detect_leaks=1:abort_on_error=1;UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1")
else()
  add_test(NAME robustness/mutation_sweep COMMAND sh -c "echo 'mutation_sweep: ${NO_CLANG}' >&2; exit 1")
endif()

foreach(target ${BENEFITROLL_FUZZ_TARGETS})
  if(BENEFITROLL_CLANGXX)
    add_test(NAME fuzz/${target}
             COMMAND bash ${CMAKE_SOURCE_DIR}/tests/fuzz/run_fuzz.sh smoke ${FUZZ_SMOKE_DIR}/${target}
                     ${CMAKE_SOURCE_DIR}/tests/fuzz/corpus/${target} ${BENEFITROLL_FUZZ_SMOKE_SECONDS})
    set_tests_properties(fuzz/${target} PROPERTIES TIMEOUT 300 ENVIRONMENT
      "ASAN_OPTIONS=detect_leaks=1;UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1")
  else()
    add_test(NAME fuzz/${target} COMMAND sh -c "echo 'fuzz/${target}: ${NO_CLANG}' >&2; exit 1")
  endif()
endforeach()
