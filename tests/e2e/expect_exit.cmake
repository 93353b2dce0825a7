# Runs TLTT with ARGS and checks both its exit status (STATUS) and that its combined output
# matches REGEX; used for `tltt run` cases that must fail in a specific way.
execute_process(COMMAND ${TLTT} ${ARGS} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
set(all "${err}\n${out}")
message("${all}")
if(NOT rc EQUAL STATUS)
  message(FATAL_ERROR "expected exit status ${STATUS}, got ${rc}")
endif()
if(NOT all MATCHES "${REGEX}")
  message(FATAL_ERROR "output does not match: ${REGEX}")
endif()
