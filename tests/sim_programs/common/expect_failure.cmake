# ctest wrapper of a negative simulator test: runs PROGRAM CASE with TTSIM_DEVICE=DEVICE and
# passes only if it exits non-zero (no crash by signal) and its output matches REGEX.
set(ENV{TTSIM_DEVICE} "${DEVICE}")
set(ENV{TT_METAL_SLOW_DISPATCH_MODE} "1")
execute_process(COMMAND "${PROGRAM}" "${CASE}" RESULT_VARIABLE rc OUTPUT_VARIABLE out
                ERROR_VARIABLE err TIMEOUT 240)
message("${out}${err}")
if(rc EQUAL 0)
  message(FATAL_ERROR "expected a non-zero exit for case '${CASE}', got 0")
endif()
if(NOT rc MATCHES "^[0-9]+$")
  message(FATAL_ERROR "case '${CASE}' did not exit cleanly: ${rc} (crash or timeout)")
endif()
if(NOT "${out}${err}" MATCHES "${REGEX}")
  message(FATAL_ERROR "case '${CASE}' exited with ${rc} but its output does not match '${REGEX}'")
endif()
message("case '${CASE}': exit ${rc}, diagnostic matches '${REGEX}'")
