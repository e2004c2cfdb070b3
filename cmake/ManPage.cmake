# cmake -DHELP2MAN=path -DPROGRAM=exe -DNAME=name -DSUMMARY=text -DSEE_ALSO="a|b"
#       -DOUTPUT=name.1.gz -P ManPage.cmake
# Writes the man page (section 1, gzipped as Debian ships them) of one program
# from its --help and --version, with help2man. The whole --help is the page: it
# already holds every subcommand's options (protocol/command_line.cpp shapes it
# for help2man). The paragraph that starts "exit status:" becomes the EXIT
# STATUS section, and SEE ALSO names the other programs' pages.
get_filename_component(work "${OUTPUT}" DIRECTORY)
set(page "${work}/${NAME}.1")
set(include "${work}/${NAME}.h2m")

string(REPLACE "|" ";" SEE_ALSO "${SEE_ALSO}")  # "|" because ";" does not survive a command line
list(TRANSFORM SEE_ALSO APPEND " (1)")
list(JOIN SEE_ALSO ",\n.BR " see_also)
file(WRITE "${include}" "[SEE ALSO]\n.BR ${see_also}\n")

execute_process(
  COMMAND "${HELP2MAN}" --no-info --section=1 --name=${SUMMARY} --include=${include}
          --output=${page} "${PROGRAM}"
  RESULT_VARIABLE status ERROR_VARIABLE error)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "help2man failed on ${PROGRAM}: ${error}")
endif()

file(READ "${page}" roff)
string(REPLACE "\n.PP\nexit status: " "\n.SH \"EXIT STATUS\"\n" roff "${roff}")
file(WRITE "${page}" "${roff}")

# gzip -n: no name or time stamp inside, so the same page gives the same bytes.
execute_process(COMMAND gzip -9 -n -c "${page}" OUTPUT_FILE "${OUTPUT}" RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "gzip failed on ${page}")
endif()
