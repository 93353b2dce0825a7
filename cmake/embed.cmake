# tltt_embed_files(<target> <symbol> <file>...): compiles the text of each <file> into <target>
# as `const std::vector<tltt::embedded::File>& tltt::embedded::<symbol>()` (src/support/embedded.h),
# so data the tools need at run time (device descriptions, source templates) is part of the
# binary, not a data directory. The generated source is remade whenever a file changes.
set(TLTT_EMBED_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/embed_script.cmake)

function(tltt_embed_files target symbol)
  set(_abs "")
  foreach(_file ${ARGN})
    get_filename_component(_path ${_file} ABSOLUTE)
    list(APPEND _abs ${_path})
  endforeach()
  string(REPLACE ";" "|" _files "${_abs}")  # one shell word
  set(_out ${CMAKE_CURRENT_BINARY_DIR}/embedded_${symbol}.cc)
  add_custom_command(
    OUTPUT ${_out}
    COMMAND ${CMAKE_COMMAND} -DFILES=${_files} -DOUT=${_out} -DSYMBOL=${symbol}
            -P ${TLTT_EMBED_SCRIPT}
    DEPENDS ${_abs} ${TLTT_EMBED_SCRIPT}
    COMMENT "Embedding ${symbol}"
    VERBATIM)
  target_sources(${target} PRIVATE ${_out})
endfunction()
