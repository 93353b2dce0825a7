# Run by tltt_embed_text (cmake -P): writes IN as a C++ raw string literal named SYMBOL into OUT.
file(READ ${IN} _text)
string(FIND "${_text}" ")tltt_embed\"" _clash)
if(NOT _clash EQUAL -1)
  message(FATAL_ERROR "${IN} contains the raw-string delimiter )tltt_embed\"")
endif()
file(WRITE ${OUT}.tmp
     "// Generated from ${IN} by cmake/embed.cmake; do not edit.\n"
     "namespace tltt::embedded {\n"
     "extern const char* const ${SYMBOL};\n"
     "const char* const ${SYMBOL} = R\"tltt_embed(${_text})tltt_embed\";\n"
     "}  // namespace tltt::embedded\n")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
file(REMOVE ${OUT}.tmp)
