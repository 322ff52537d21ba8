# Issue 6's robustness tests, and what the sanitized build (BENEFITROLL_SANITIZE: make asan, make
# test) does with every test; included last by the top CMakeLists.txt. The libFuzzer targets and
# the mutation sweep are built only in the clang builds, by tests/fuzz/CMakeLists.txt:
# robustness/mutation_sweep and the fuzz/<target> smoke runs are tests of the sanitized build.

# Every test of the sanitized build (of the calling directory) runs with leak detection on and
# UBSan stopping at its first report, with the stack. The other two ASan options only make its
# shadow memory cheaper to clear: every CSV reader allocates fast-cpp-csv-parser's 48 MiB
# buffer, and without them the page faults on that shadow more than double the CPU time of the
# unit tests. The tests of BENEFITROLL_SANITIZE_SKIP are listed there as not run (Disabled);
# README.md says why.
set(BENEFITROLL_SANITIZE_SKIP script/large_file bench/build_floor bench/smoke CACHE STRING
    "Tests not run in the sanitized build")
function(benefitroll_sanitized_tests)
  get_property(tests DIRECTORY PROPERTY TESTS)
  set_tests_properties(${tests} PROPERTIES ENVIRONMENT_MODIFICATION
    "ASAN_OPTIONS=set:detect_leaks=1:no_huge_pages_for_shadow=0:clear_shadow_mmap_threshold=1073741824;UBSAN_OPTIONS=set:print_stacktrace=1:halt_on_error=1")
  foreach(test ${BENEFITROLL_SANITIZE_SKIP})
    if(test IN_LIST tests)
      set_tests_properties(${test} PROPERTIES DISABLED TRUE)
    endif()
  endforeach()
endfunction()

if(BENEFITROLL_SANITIZE OR BENEFITROLL_FUZZ)
  add_subdirectory(tests/fuzz)
endif()
if(BENEFITROLL_SANITIZE)
  benefitroll_sanitized_tests()
endif()
