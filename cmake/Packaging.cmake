# Installing like a real tool (docs/install.md): `cmake --install` puts the three
# programs in bin/ and their man pages in share/man/man1/; `cpack -G DEB` makes a
# Debian package of the same under /usr. The programs carry their data (profiles,
# schemas) inside, so an installed program needs nothing from the checkout.
include(GNUInstallDirs)

# The programs we ship, each with the one-line summary of its man page.
set(mcpc_programs mcp-reference-server mock-openai mcp-conformance)
set(mcpc_summary_mcp-reference-server "a complete, correct MCP server (Streamable HTTP or stdio)")
set(mcpc_summary_mock-openai "replay OpenAI's MCP client against an MCP server")
set(mcpc_summary_mcp-conformance "check an MCP server against the MCP specification")

install(TARGETS ${mcpc_programs} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

# ---- Man pages: generated from each program's --help at build time ----
find_program(MCPC_HELP2MAN help2man)
if(NOT MCPC_HELP2MAN)
  message(FATAL_ERROR "help2man makes the man pages from --help: scripts/bootstrap.sh installs it "
                      "(apt-get install help2man)")
endif()
set(mcpc_man_pages "")
foreach(program IN LISTS mcpc_programs)
  set(page ${PROJECT_BINARY_DIR}/man/${program}.1.gz)
  set(others ${mcpc_programs})
  list(REMOVE_ITEM others ${program})
  list(JOIN others "|" see_also)
  add_custom_command(
    OUTPUT ${page}
    COMMAND ${CMAKE_COMMAND} -DHELP2MAN=${MCPC_HELP2MAN} -DPROGRAM=$<TARGET_FILE:${program}>
            -DNAME=${program} -DSUMMARY=${mcpc_summary_${program}} -DSEE_ALSO=${see_also}
            -DOUTPUT=${page} -P ${PROJECT_SOURCE_DIR}/cmake/ManPage.cmake
    DEPENDS ${program} ${PROJECT_SOURCE_DIR}/cmake/ManPage.cmake
    COMMENT "Generating the man page of ${program} from its --help"
    VERBATIM)
  list(APPEND mcpc_man_pages ${page})
endforeach()
add_custom_target(man-pages ALL DEPENDS ${mcpc_man_pages})
install(FILES ${mcpc_man_pages} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

# ---- The Debian package: cpack -G DEB in the build directory ----
# The maintainer field of the package; set it to whoever publishes the .deb.
set(MCPC_PACKAGE_MAINTAINER "mcp-conformance maintainers <maintainers@example.invalid>"
    CACHE STRING "Maintainer of the Debian package (Name <email>)")
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME mcp-conformance)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
string(CONCAT CPACK_PACKAGE_DESCRIPTION
  "A toolkit for the Model Context Protocol (MCP), in three programs:\n"
  "mcp-conformance checks a server against a spec-referenced catalogue and writes\n"
  "JUnit, JSON, Markdown and HTML reports for CI; mock-openai replays OpenAI's MCP\n"
  "client against a server and shows what the Responses API would; and\n"
  "mcp-reference-server is a complete, correct MCP server to compare with.")
set(CPACK_PACKAGE_CONTACT "${MCPC_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${MCPC_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # mcp-conformance_VERSION_ARCH.deb
# Depends: computed from the programs' shared libraries (dpkg-shlibdeps).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)  # the debug info of a RelWithDebInfo build stays out of the package
include(CPack)

# ---- Tests: the package and `cmake --install`, each run from outside the checkout ----
# Not in sanitizer builds: a sanitized program is not one to ship, and its runtime
# reads files (suppressions) from the checkout these tests hide.
if(MCPC_BUILD_TESTS AND NOT CMAKE_CXX_FLAGS MATCHES "-fsanitize")
  set(mcpc_packaging_tests ${PROJECT_SOURCE_DIR}/packaging/tests)
  add_test(NAME packaging.deb
           COMMAND bash ${mcpc_packaging_tests}/deb_test.sh ${PROJECT_BINARY_DIR}
                   ${PROJECT_SOURCE_DIR} ${PROJECT_VERSION} ${mcpc_programs})
  add_test(NAME packaging.cmake_install
           COMMAND bash ${mcpc_packaging_tests}/install_test.sh ${PROJECT_BINARY_DIR}
                   ${PROJECT_SOURCE_DIR} ${PROJECT_VERSION} ${mcpc_programs})
  set_tests_properties(packaging.deb packaging.cmake_install
                       PROPERTIES LABELS "integration;packaging" TIMEOUT 180)
endif()
# --version everywhere: the shipped programs and the helpers a user may run.
if(MCPC_BUILD_TESTS)
  set(mcpc_versioned ${mcpc_programs} bench-bare-httplib bench-sse-latency bench-hostile-clients
                     bench-serve-throughput mcp-scripted-stdio-server mcpc-hostile-server)
  list(TRANSFORM mcpc_versioned REPLACE "(.+)" "$<TARGET_FILE:\\1>")
  add_test(NAME packaging.version
           COMMAND bash ${PROJECT_SOURCE_DIR}/packaging/tests/version_test.sh ${PROJECT_VERSION}
                   ${mcpc_versioned})
  set_tests_properties(packaging.version PROPERTIES LABELS unit TIMEOUT 30)
endif()
