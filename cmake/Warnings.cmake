# Project-wide warning flags, applied per target so third-party code is unaffected.
function(mcpc_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                                           -Wold-style-cast -Wcast-align -Woverloaded-virtual
                                           # C++20 designated initializers rely on member defaults.
                                           -Wno-missing-field-initializers)
  if(MCPC_WARNINGS_AS_ERRORS)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
