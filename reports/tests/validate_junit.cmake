# Writes a sample report with junit_sample and checks it against one XSD with xmllint.
#
#   cmake -DSAMPLE=<junit_sample> -DOUTPUT=<file.xml> -DXSD=<schema.xsd>
#         [-DFLAGS=--extras,--without-files] -DEXPECT=valid|invalid
#         [-DEXPECT_ERROR=<regex>] -P validate_junit.cmake
#
# EXPECT=invalid pins down a known incompatibility rather than hiding it: the file must
# still be well-formed (xmllint exits 3, a schema error, not 1, a parse error) and the
# schema error must match EXPECT_ERROR, so the test fails if the reason changes.
foreach(required SAMPLE OUTPUT XSD EXPECT)
  if(NOT DEFINED ${required})
    message(FATAL_ERROR "validate_junit.cmake: -D${required}=... is required")
  endif()
endforeach()

find_program(XMLLINT xmllint)
if(NOT XMLLINT)
  message(FATAL_ERROR "xmllint not found; install libxml2-utils (scripts/bootstrap.sh does)")
endif()

string(REPLACE "," ";" flags "${FLAGS}")
execute_process(COMMAND "${SAMPLE}" "${OUTPUT}" ${flags} RESULT_VARIABLE sample_result)
if(NOT sample_result EQUAL 0)
  message(FATAL_ERROR "${SAMPLE} ${OUTPUT} ${flags} failed: ${sample_result}")
endif()

execute_process(
  COMMAND "${XMLLINT}" --noout --schema "${XSD}" "${OUTPUT}"
  RESULT_VARIABLE lint_result
  ERROR_VARIABLE lint_errors)

if(EXPECT STREQUAL "valid")
  if(NOT lint_result EQUAL 0)
    message(FATAL_ERROR "${OUTPUT} does not validate against ${XSD}:\n${lint_errors}")
  endif()
elseif(EXPECT STREQUAL "invalid")
  if(NOT lint_result EQUAL 3)
    message(FATAL_ERROR
      "expected a schema error (xmllint exit 3) for ${OUTPUT} against ${XSD}, "
      "got exit ${lint_result}:\n${lint_errors}")
  endif()
  if(DEFINED EXPECT_ERROR AND NOT lint_errors MATCHES "${EXPECT_ERROR}")
    message(FATAL_ERROR
      "${OUTPUT} fails ${XSD} for another reason than '${EXPECT_ERROR}':\n${lint_errors}")
  endif()
else()
  message(FATAL_ERROR "EXPECT must be valid or invalid, not '${EXPECT}'")
endif()
