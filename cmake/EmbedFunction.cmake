# mcpc_embed_files(OUTPUT_VARIABLE var GLOB pattern NAMESPACE ns SYMBOL name COMMENT text)
# Generates a C++ source (through EmbedFiles.cmake) holding every file the glob
# matches, so an installed executable carries its data without the source tree;
# sets `var` to that source, for add_library. A file added to the glob re-runs it.
function(mcpc_embed_files)
  cmake_parse_arguments(ARG "" "OUTPUT_VARIABLE;GLOB;NAMESPACE;SYMBOL;COMMENT" "" ${ARGN})
  file(GLOB inputs CONFIGURE_DEPENDS ${ARG_GLOB})
  set(output ${CMAKE_CURRENT_BINARY_DIR}/${ARG_SYMBOL}.cpp)
  string(REPLACE ";" "|" inputs_arg "${inputs}")  # ";" does not survive a command line
  add_custom_command(
    OUTPUT ${output}
    COMMAND ${CMAKE_COMMAND} -DOUTPUT=${output} -DNAMESPACE=${ARG_NAMESPACE} -DSYMBOL=${ARG_SYMBOL}
            -DINPUTS=${inputs_arg} -P ${PROJECT_SOURCE_DIR}/cmake/EmbedFiles.cmake
    DEPENDS ${inputs} ${PROJECT_SOURCE_DIR}/cmake/EmbedFiles.cmake
    COMMENT "${ARG_COMMENT}"
    VERBATIM)
  set(${ARG_OUTPUT_VARIABLE} ${output} PARENT_SCOPE)
endfunction()
