# mcpc_test_only(TARGET): test-only code gets MCPC_TEST_COMPILE_OPTIONS (e.g. -O0).
function(mcpc_test_only target)
  if(MCPC_TEST_COMPILE_OPTIONS)
    separate_arguments(options UNIX_COMMAND "${MCPC_TEST_COMPILE_OPTIONS}")
    target_compile_options(${target} PRIVATE ${options})
  endif()
endfunction()

# mcpc_add_test(NAME SOURCES... [LIBS ...] [LABELS ...])
# One GoogleTest executable per area; each TEST becomes its own ctest entry so
# failures are reported individually and run in parallel.
function(mcpc_add_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  mcpc_set_warnings(${name})
  mcpc_test_only(${name})
  target_link_libraries(${name} PRIVATE GTest::gtest GTest::gtest_main GTest::gmock ${ARG_LIBS})
  target_compile_definitions(${name} PRIVATE MCPC_FIXTURES_DIR="${PROJECT_SOURCE_DIR}/fixtures")
  set(labels unit)
  if(ARG_LABELS)
    set(labels ${ARG_LABELS})
  endif()
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 30 PROPERTIES LABELS "${labels}" TIMEOUT 120)
endfunction()
