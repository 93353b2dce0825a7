# tltt_embed_text(<target> <symbol> <file>): compiles the text of <file> into <target> as
# `extern const char* const <symbol>;` (namespace tltt::embedded), so data the tools need at run
# time (device descriptions, source templates) is part of the binary, not a data directory.
# The generated source is remade whenever <file> changes.
set(TLTT_EMBED_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/embed_script.cmake)

function(tltt_embed_text target symbol file)
  get_filename_component(_abs ${file} ABSOLUTE)
  set(_out ${CMAKE_CURRENT_BINARY_DIR}/embedded_${symbol}.cc)
  add_custom_command(
    OUTPUT ${_out}
    COMMAND ${CMAKE_COMMAND} -DIN=${_abs} -DOUT=${_out} -DSYMBOL=${symbol} -P ${TLTT_EMBED_SCRIPT}
    DEPENDS ${_abs} ${TLTT_EMBED_SCRIPT}
    COMMENT "Embedding ${file}")
  target_sources(${target} PRIVATE ${_out})
endfunction()
