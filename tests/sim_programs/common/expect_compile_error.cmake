# ctest wrapper of a compile-time negative test: compiles SOURCE against the simulator's headers
# (INCLUDE) with COMPILER and passes only if compilation fails with a diagnostic matching REGEX.
execute_process(COMMAND "${COMPILER}" -std=c++20 -fsyntax-only "-I${INCLUDE}" "${SOURCE}"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 120)
message("${out}${err}")
if(rc EQUAL 0)
  message(FATAL_ERROR "${SOURCE} compiled; expected an error matching '${REGEX}'")
endif()
if(NOT "${out}${err}" MATCHES "${REGEX}")
  message(FATAL_ERROR "${SOURCE} failed to compile but no diagnostic matches '${REGEX}'")
endif()
message("${SOURCE}: compile error matches '${REGEX}'")
