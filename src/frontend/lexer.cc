// Hand-written Python tokenizer: indentation (INDENT/DEDENT), implicit line joining inside
// brackets, backslash continuations, comments, numbers and (triple-)quoted strings.
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>

#include "frontend/token.h"

namespace tltt::fe {

namespace {

class Lexer {
 public:
  Lexer(std::string_view src, std::string_view file) : src_(src), file_(file) {}

  std::vector<Token> run() {
    indents_.push_back(0);
    at_line_start_ = true;
    while (true) {
      if (at_line_start_ && depth_ == 0) {
        if (!handle_indentation()) {
          break;
        }
      }
      if (pos_ >= src_.size()) {
        break;
      }
      char c = src_[pos_];
      if (c == ' ' || c == '\t' || c == '\f' || c == '\r') {
        advance();
        continue;
      }
      if (c == '#') {
        while (pos_ < src_.size() && src_[pos_] != '\n') {
          advance();
        }
        continue;
      }
      if (c == '\\') {
        size_t p = pos_ + 1;
        while (p < src_.size() && src_[p] == '\r') {
          ++p;
        }
        if (p < src_.size() && src_[p] == '\n') {
          while (pos_ <= p) {
            advance();
          }
          continue;
        }
        error_token("unexpected character '\\'", 1);
        continue;
      }
      if (c == '\n') {
        if (depth_ > 0 && bracket_never_closed()) {
          Token t;
          t.kind = Tok::kError;
          t.text = "'" + std::string(1, open_brackets_.back().first) + "' was never closed";
          t.loc = open_brackets_.back().second;
          toks_.push_back(std::move(t));
          depth_ = 0;
          open_brackets_.clear();
        }
        if (depth_ == 0) {
          push_simple(Tok::kNewline, "\n", 1);
          at_line_start_ = true;
        }
        advance();
        continue;
      }
      if (is_ident_start(c) && !string_prefix()) {
        lex_name();
        continue;
      }
      if (std::isdigit(static_cast<unsigned char>(c)) ||
          (c == '.' && pos_ + 1 < src_.size() &&
           std::isdigit(static_cast<unsigned char>(src_[pos_ + 1])))) {
        lex_number();
        continue;
      }
      if (c == '"' || c == '\'' || string_prefix()) {
        lex_string();
        continue;
      }
      lex_op();
    }
    // Close the last logical line and all open blocks.
    if (!toks_.empty() && toks_.back().kind != Tok::kNewline && toks_.back().kind != Tok::kDedent) {
      push_simple(Tok::kNewline, "\n", 0);
    }
    while (indents_.size() > 1) {
      indents_.pop_back();
      push_simple(Tok::kDedent, "", 0);
    }
    push_simple(Tok::kEnd, "", 0);
    return std::move(toks_);
  }

 private:
  std::string_view src_;
  std::string_view file_;
  size_t pos_ = 0;
  uint32_t line_ = 1, col_ = 1;
  int depth_ = 0;
  bool at_line_start_ = true;
  std::vector<int> indents_;
  std::vector<Token> toks_;
  std::vector<std::pair<char, Location>> open_brackets_;
  int stmt_indent_ = 0;  // indentation of the current logical line

  // Inside brackets a newline normally joins lines. When the next line is indented no deeper
  // than the statement holding the bracket and starts like a new statement (a keyword, a
  // decorator, or `name =`), the bracket was almost certainly never closed: report it there so
  // the following statements still parse.
  bool bracket_never_closed() const {
    size_t p = pos_ + 1;
    while (true) {
      int width = 0;
      size_t q = p;
      while (q < src_.size() && (src_[q] == ' ' || src_[q] == '\t')) {
        width = src_[q] == '\t' ? (width / 8 + 1) * 8 : width + 1;
        ++q;
      }
      if (q >= src_.size()) {
        return false;
      }
      if (src_[q] == '\n' || src_[q] == '\r' || src_[q] == '#') {
        size_t nl = src_.find('\n', q);
        if (nl == std::string_view::npos) {
          return false;
        }
        p = nl + 1;
        continue;
      }
      if (width < stmt_indent_) {
        return true;
      }
      if (width > stmt_indent_) {
        return false;
      }
      if (src_[q] == '@') {
        return true;
      }
      size_t e = q;
      while (e < src_.size() && is_ident_char(src_[e])) {
        ++e;
      }
      std::string_view word = src_.substr(q, e - q);
      static const char* kStarters[] = {"def",    "class",  "return", "if",   "for",  "while",
                                        "with",   "import", "from",   "elif", "else", "try",
                                        "except", "pass",   "assert", "raise"};
      for (const char* k : kStarters) {
        if (word == k) {
          return true;
        }
      }
      if (word.empty()) {
        return false;
      }
      while (e < src_.size() && (src_[e] == ' ' || src_[e] == '\t')) {
        ++e;
      }
      return e + 1 < src_.size() && src_[e] == '=' && src_[e + 1] != '=';
    }
  }

  static bool is_ident_start(char c) {
    return std::isalpha(static_cast<unsigned char>(c)) || c == '_' ||
           static_cast<unsigned char>(c) >= 0x80;
  }
  static bool is_ident_char(char c) {
    return is_ident_start(c) || std::isdigit(static_cast<unsigned char>(c));
  }

  void advance() {
    if (src_[pos_] == '\n') {
      ++line_;
      col_ = 1;
    } else {
      ++col_;
    }
    ++pos_;
  }

  Location here() const { return Location{file_, line_, col_, line_, col_ + 1}; }

  void push_simple(Tok kind, std::string text, uint32_t width) {
    Token t;
    t.kind = kind;
    t.text = std::move(text);
    t.loc = Location{file_, line_, col_, line_, col_ + width};
    toks_.push_back(std::move(t));
  }

  void error_token(std::string msg, size_t width) {
    Token t;
    t.kind = Tok::kError;
    t.text = std::move(msg);
    t.loc = Location{file_, line_, col_, line_, col_ + static_cast<uint32_t>(width)};
    toks_.push_back(std::move(t));
    for (size_t i = 0; i < width && pos_ < src_.size(); ++i) {
      advance();
    }
  }

  // Measures the indentation of the next non-blank line and emits INDENT/DEDENT tokens.
  // Returns false at end of input.
  bool handle_indentation() {
    while (true) {
      int width = 0;
      size_t p = pos_;
      while (p < src_.size() && (src_[p] == ' ' || src_[p] == '\t' || src_[p] == '\f')) {
        width = src_[p] == '\t' ? (width / 8 + 1) * 8 : width + (src_[p] == ' ' ? 1 : 0);
        ++p;
      }
      size_t q = p;
      while (q < src_.size() && src_[q] == '\r') {
        ++q;
      }
      if (q >= src_.size()) {
        while (pos_ < src_.size()) {
          advance();
        }
        return false;
      }
      if (src_[q] == '\n' || src_[q] == '#') {
        // Blank or comment-only line: no indentation change, no NEWLINE token.
        while (pos_ < src_.size() && src_[pos_] != '\n') {
          advance();
        }
        if (pos_ < src_.size()) {
          advance();
        }
        continue;
      }
      while (pos_ < p) {
        advance();
      }
      at_line_start_ = false;
      stmt_indent_ = width;
      if (width > indents_.back()) {
        indents_.push_back(width);
        push_simple(Tok::kIndent, "", 0);
      } else {
        while (width < indents_.back()) {
          indents_.pop_back();
          push_simple(Tok::kDedent, "", 0);
        }
        if (width != indents_.back()) {
          error_token("unindent does not match any outer indentation level", 0);
          indents_.push_back(width);
        }
      }
      return true;
    }
  }

  void lex_name() {
    Location start = here();
    size_t b = pos_;
    while (pos_ < src_.size() && is_ident_char(src_[pos_])) {
      advance();
    }
    Token t;
    t.kind = Tok::kName;
    t.text = std::string(src_.substr(b, pos_ - b));
    t.loc = start;
    t.loc.end_col = col_;
    toks_.push_back(std::move(t));
  }

  void lex_number() {
    Location start = here();
    size_t b = pos_;
    bool is_float = false;
    std::string digits;
    int base = 10;
    if (src_[pos_] == '0' && pos_ + 1 < src_.size() &&
        std::strchr("xXoObB", src_[pos_ + 1]) != nullptr) {
      char k = static_cast<char>(std::tolower(static_cast<unsigned char>(src_[pos_ + 1])));
      base = k == 'x' ? 16 : k == 'o' ? 8 : 2;
      advance();
      advance();
      while (pos_ < src_.size() &&
             (std::isxdigit(static_cast<unsigned char>(src_[pos_])) || src_[pos_] == '_')) {
        if (src_[pos_] != '_') {
          digits += src_[pos_];
        }
        advance();
      }
    } else {
      auto take_digits = [&] {
        while (pos_ < src_.size() &&
               (std::isdigit(static_cast<unsigned char>(src_[pos_])) || src_[pos_] == '_')) {
          if (src_[pos_] != '_') {
            digits += src_[pos_];
          }
          advance();
        }
      };
      take_digits();
      if (pos_ < src_.size() && src_[pos_] == '.') {
        is_float = true;
        digits += '.';
        advance();
        take_digits();
      }
      if (pos_ < src_.size() && (src_[pos_] == 'e' || src_[pos_] == 'E')) {
        size_t p = pos_ + 1;
        if (p < src_.size() && (src_[p] == '+' || src_[p] == '-')) {
          ++p;
        }
        if (p < src_.size() && std::isdigit(static_cast<unsigned char>(src_[p]))) {
          is_float = true;
          digits += 'e';
          advance();
          if (src_[pos_] == '+' || src_[pos_] == '-') {
            digits += src_[pos_];
            advance();
          }
          take_digits();
        }
      }
    }
    Token t;
    t.loc = start;
    if (pos_ < src_.size() && (is_ident_char(src_[pos_]))) {
      // e.g. 3j, 1abc, 0x (no digits)
      while (pos_ < src_.size() && is_ident_char(src_[pos_])) {
        advance();
      }
      t.kind = Tok::kError;
      t.text = "invalid number literal '" + std::string(src_.substr(b, pos_ - b)) + "'";
      t.loc.end_col = col_;
      toks_.push_back(std::move(t));
      return;
    }
    t.loc.end_col = col_;
    t.text = std::string(src_.substr(b, pos_ - b));
    if (digits.empty() || digits == ".") {
      t.kind = Tok::kError;
      t.text = "invalid number literal '" + t.text + "'";
    } else if (is_float) {
      t.kind = Tok::kFloat;
      t.float_value = std::strtod(digits.c_str(), nullptr);
    } else {
      t.kind = Tok::kInt;
      errno = 0;
      char* end = nullptr;
      unsigned long long v = std::strtoull(digits.c_str(), &end, base);
      if (errno == ERANGE || v > static_cast<unsigned long long>(INT64_MAX) ||
          (end && *end != '\0')) {
        t.int_overflow = true;
        t.float_value = std::strtod(digits.c_str(), nullptr);
      } else {
        t.int_value = static_cast<int64_t>(v);
      }
    }
    toks_.push_back(std::move(t));
  }

  // True if a string prefix (r, b, u, f and two-letter combinations) starts here.
  bool string_prefix() const {
    size_t p = pos_;
    int n = 0;
    while (p < src_.size() && n < 2 && std::strchr("rRbBuUfF", src_[p]) != nullptr) {
      ++p;
      ++n;
    }
    return n > 0 && p < src_.size() && (src_[p] == '"' || src_[p] == '\'');
  }

  void lex_string() {
    Location start = here();
    bool raw = false;
    bool fstring = false;
    while (src_[pos_] != '"' && src_[pos_] != '\'') {
      if (src_[pos_] == 'r' || src_[pos_] == 'R') {
        raw = true;
      }
      if (src_[pos_] == 'f' || src_[pos_] == 'F') {
        fstring = true;
      }
      advance();
    }
    char q = src_[pos_];
    bool triple = pos_ + 2 < src_.size() && src_[pos_ + 1] == q && src_[pos_ + 2] == q;
    int nq = triple ? 3 : 1;
    for (int i = 0; i < nq; ++i) {
      advance();
    }
    std::string value;
    while (true) {
      if (pos_ >= src_.size() || (!triple && src_[pos_] == '\n')) {
        Token t;
        t.kind = Tok::kError;
        t.text = triple ? "unterminated triple-quoted string" : "unterminated string literal";
        t.loc = start;
        t.loc.end_line = start.line;
        t.loc.end_col = start.line == line_ ? col_ : start.col + 1;
        toks_.push_back(std::move(t));
        return;
      }
      char c = src_[pos_];
      if (c == q &&
          (!triple || (pos_ + 2 < src_.size() && src_[pos_ + 1] == q && src_[pos_ + 2] == q))) {
        for (int i = 0; i < nq; ++i) {
          advance();
        }
        break;
      }
      if (c == '\\' && pos_ + 1 < src_.size()) {
        char n = src_[pos_ + 1];
        if (raw) {
          value += c;
          value += n;
          advance();
          advance();
          continue;
        }
        advance();
        advance();
        switch (n) {
          case 'n':
            value += '\n';
            break;
          case 't':
            value += '\t';
            break;
          case 'r':
            value += '\r';
            break;
          case '0':
            value += '\0';
            break;
          case '\\':
          case '\'':
          case '"':
            value += n;
            break;
          case '\n':
            break;
          default:
            value += '\\';
            value += n;
        }
        continue;
      }
      value += c;
      advance();
    }
    Token t;
    t.kind = Tok::kString;
    t.text = std::move(value);
    t.fstring = fstring;
    t.loc = start;
    t.loc.end_line = line_;
    t.loc.end_col = col_;
    toks_.push_back(std::move(t));
  }

  void lex_op() {
    static const char* kOps[] = {"**=", "//=", ">>=", "<<=", "...", "**", "//", ">>", "<<", "<=",
                                 ">=",  "==",  "!=",  "->",  "+=",  "-=", "*=", "/=", "%=", "&=",
                                 "|=",  "^=",  "@=",  ":=",  "+",   "-",  "*",  "/",  "%",  "@",
                                 "&",   "|",   "^",   "~",   "<",   ">",  "(",  ")",  "[",  "]",
                                 "{",   "}",   ",",   ":",   ".",   ";",  "="};
    for (const char* op : kOps) {
      size_t n = std::strlen(op);
      if (src_.substr(pos_, n) == op) {
        Token t;
        t.kind = Tok::kOp;
        t.text = op;
        t.loc = here();
        t.loc.end_col = col_ + static_cast<uint32_t>(n);
        if (n == 1 && std::strchr("([{", op[0])) {
          ++depth_;
          open_brackets_.push_back({op[0], t.loc});
        } else if (n == 1 && std::strchr(")]}", op[0]) && depth_ > 0) {
          --depth_;
          open_brackets_.pop_back();
        }
        toks_.push_back(std::move(t));
        for (size_t i = 0; i < n; ++i) {
          advance();
        }
        return;
      }
    }
    unsigned char c = static_cast<unsigned char>(src_[pos_]);
    std::string shown = std::isprint(c) ? std::string(1, static_cast<char>(c))
                                        : "\\x" + std::string(1, "0123456789abcdef"[c >> 4]) +
                                              std::string(1, "0123456789abcdef"[c & 15]);
    error_token("unexpected character '" + shown + "'", 1);
  }
};

}  // namespace

std::vector<Token> tokenize(std::string_view source, std::string_view file) {
  return Lexer(source, file).run();
}

}  // namespace tltt::fe
