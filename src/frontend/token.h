// Tokens of the Python subset read by the front end (including INDENT/DEDENT/NEWLINE).
#pragma once
#include <string>
#include <vector>

#include "support/location.h"

namespace tltt::fe {

enum class Tok : uint8_t {
  kName,
  kInt,
  kFloat,
  kString,
  kOp,  // operators and delimiters; `text` holds the spelling
  kNewline,
  kIndent,
  kDedent,
  kError,  // a lexical error; `text` holds the message (reported only if the parser needs it)
  kEnd,
};

struct Token {
  Tok kind = Tok::kEnd;
  std::string text;  // identifier / operator spelling / decoded string value / error message
  int64_t int_value = 0;
  double float_value = 0;
  bool int_overflow = false;  // integer literal too large for int64
  bool fstring = false;       // a string with an f prefix: `text` holds its replacement fields
  Location loc;

  bool is_op(const char* s) const { return kind == Tok::kOp && text == s; }
  bool is_name(const char* s) const { return kind == Tok::kName && text == s; }
};

// Splits `source` into tokens. Never fails: lexical problems become kError tokens.
std::vector<Token> tokenize(std::string_view source, std::string_view file);

}  // namespace tltt::fe
