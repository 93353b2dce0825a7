# ctest wrapper of the cross-process determinism check: runs PROGRAM --fingerprint twice in
# separate processes with TTSIM_DEVICE=DEVICE and requires identical FINGERPRINT lines.
set(ENV{TTSIM_DEVICE} "${DEVICE}")
foreach(run 1 2)
  execute_process(COMMAND "${PROGRAM}" --fingerprint RESULT_VARIABLE rc OUTPUT_VARIABLE out
                  ERROR_VARIABLE err TIMEOUT 240)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "run ${run} failed (${rc}):\n${out}${err}")
  endif()
  string(REGEX MATCH "FINGERPRINT[^\n]*" fp${run} "${out}")
  if(fp${run} STREQUAL "")
    message(FATAL_ERROR "run ${run} printed no FINGERPRINT line:\n${out}${err}")
  endif()
  message("run ${run}: ${fp${run}}")
endforeach()
if(NOT fp1 STREQUAL fp2)
  message(FATAL_ERROR "runs differ across processes:\n  ${fp1}\n  ${fp2}")
endif()
