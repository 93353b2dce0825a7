// The Python-subset parser.
#include "frontend/parser.h"

#include <set>

#include "frontend/token.h"

namespace tltt::fe {

namespace {

using ast::Expr;
using ast::ExprKind;
using ast::ExprP;
using ast::Stmt;
using ast::StmtKind;
using ast::StmtP;

struct ParseFailure {
  Location loc;
  std::string message;
};

constexpr int kMaxDepth = 120;

const std::set<std::string>& keywords() {
  static const std::set<std::string> k = {
      "False", "None",     "True",  "and",    "as",   "assert", "async",  "await",    "break",
      "class", "continue", "def",   "del",    "elif", "else",   "except", "finally",  "for",
      "from",  "global",   "if",    "import", "in",   "is",     "lambda", "nonlocal", "not",
      "or",    "pass",     "raise", "return", "try",  "while",  "with",   "yield"};
  return k;
}

class Parser {
 public:
  Parser(std::vector<Token> toks) : t_(std::move(toks)) {}

  std::vector<TopLevelStmt> module() {
    std::vector<TopLevelStmt> out;
    while (!at(Tok::kEnd)) {
      if (at(Tok::kNewline) || at(Tok::kDedent)) {
        ++p_;
        continue;
      }
      if (at(Tok::kIndent)) {
        // Unexpected indentation at top level: record and skip the indented block.
        TopLevelStmt bad;
        bad.loc = cur().loc;
        bad.errors.push_back({cur().loc, "unexpected indent"});
        skip_block();
        out.push_back(std::move(bad));
        continue;
      }
      TopLevelStmt entry;
      entry.loc = cur().loc;
      describe(&entry);
      errors_.clear();
      size_t start = p_;
      try {
        entry.stmt = statement();
      } catch (const ParseFailure& f) {
        errors_.push_back({f.loc, f.message});
        sync_statement();
      }
      if (p_ == start) {
        ++p_;  // guarantee progress
      }
      if (!errors_.empty()) {
        entry.stmt = nullptr;
        entry.errors = errors_;
      }
      out.push_back(std::move(entry));
    }
    return out;
  }

  ExprP single_expression(std::vector<SyntaxError>* errors) {
    try {
      while (at(Tok::kIndent)) {
        ++p_;
      }
      ExprP e = testlist();
      while (at(Tok::kNewline) || at(Tok::kDedent)) {
        ++p_;
      }
      if (!at(Tok::kEnd)) {
        fail_here("unexpected " + describe_tok(cur()) + " after the expression");
      }
      return e;
    } catch (const ParseFailure& f) {
      errors->push_back({f.loc, f.message});
      return nullptr;
    }
  }

 private:
  std::vector<Token> t_;
  size_t p_ = 0;
  int depth_ = 0;
  std::vector<SyntaxError> errors_;

  struct DepthGuard {
    Parser* p;
    explicit DepthGuard(Parser* parser) : p(parser) {
      if (++p->depth_ > kMaxDepth) {
        --p->depth_;
        p->fail_here("expression or block nested too deeply");
      }
    }
    ~DepthGuard() { --p->depth_; }
  };

  const Token& cur() const { return t_[p_]; }
  const Token& peek(size_t n = 1) const { return t_[std::min(p_ + n, t_.size() - 1)]; }
  bool at(Tok k) const { return cur().kind == k; }
  bool at_op(const char* s) const { return cur().is_op(s); }
  bool at_kw(const char* s) const { return cur().is_name(s); }

  static std::string describe_tok(const Token& t) {
    switch (t.kind) {
      case Tok::kName:
        return "'" + t.text + "'";
      case Tok::kInt:
      case Tok::kFloat:
        return "number";
      case Tok::kString:
        return "string";
      case Tok::kOp:
        return "'" + t.text + "'";
      case Tok::kNewline:
        return "end of line";
      case Tok::kIndent:
        return "indent";
      case Tok::kDedent:
        return "dedent";
      case Tok::kError:
        return t.text;
      case Tok::kEnd:
        return "end of file";
    }
    return "token";
  }

  [[noreturn]] void fail_here(const std::string& msg) {
    if (at(Tok::kError)) {
      throw ParseFailure{cur().loc, cur().text};
    }
    if (at_op(":=")) {
      throw ParseFailure{cur().loc, "assignment expressions (':=') are not supported"};
    }
    throw ParseFailure{cur().loc, msg};
  }
  [[noreturn]] void fail_at(const Location& loc, const std::string& msg) {
    throw ParseFailure{loc, msg};
  }

  void expect_op(const char* s, const char* context) {
    if (!at_op(s)) {
      fail_here(std::string("expected '") + s + "' " + context + ", found " + describe_tok(cur()));
    }
    ++p_;
  }

  std::string expect_name(const char* context) {
    if (!at(Tok::kName) || keywords().count(cur().text)) {
      fail_here(std::string("expected a name ") + context + ", found " + describe_tok(cur()));
    }
    return t_[p_++].text;
  }

  void expect_newline() {
    if (at(Tok::kNewline)) {
      ++p_;
      return;
    }
    if (at(Tok::kEnd) || at(Tok::kDedent)) {
      return;
    }
    fail_here("expected end of line, found " + describe_tok(cur()));
  }

  // Skips an INDENT ... DEDENT block (the current token is INDENT).
  void skip_block() {
    int level = 0;
    do {
      if (at(Tok::kIndent)) {
        ++level;
      } else if (at(Tok::kDedent)) {
        --level;
      }
      ++p_;
    } while (level > 0 && !at(Tok::kEnd));
  }

  // Error recovery: skip to the end of the current logical line, and over a block it opens.
  void sync_statement() {
    while (!at(Tok::kEnd) && !at(Tok::kNewline)) {
      if (at(Tok::kDedent) || at(Tok::kIndent)) {
        break;
      }
      ++p_;
    }
    if (at(Tok::kNewline)) {
      ++p_;
    }
    if (at(Tok::kIndent)) {
      skip_block();
    }
  }

  void describe(TopLevelStmt* e) {
    size_t q = p_;
    while (t_[q].is_op("@")) {
      e->decorated = true;
      ++q;
      std::string text;
      while (t_[q].kind != Tok::kNewline && t_[q].kind != Tok::kEnd) {
        if (t_[q].kind == Tok::kName || t_[q].is_op(".")) {
          text += t_[q].text;
        } else {
          break;
        }
        ++q;
      }
      if (!e->decorator_text.empty()) {
        e->decorator_text += " ";
      }
      e->decorator_text += text;
      while (t_[q].kind != Tok::kNewline && t_[q].kind != Tok::kEnd) {
        ++q;
      }
      if (t_[q].kind == Tok::kNewline) {
        ++q;
      }
    }
    if ((t_[q].is_name("def") || t_[q].is_name("class")) && t_[q + 1].kind == Tok::kName) {
      e->defined_name = t_[q + 1].text;
    } else if (t_[q].kind == Tok::kName && t_[q + 1].is_op("=")) {
      e->defined_name = t_[q].text;
    }
  }

  template <class T>
  std::shared_ptr<T> node(Location loc) {
    auto n = std::make_shared<T>();
    n->loc = loc;
    return n;
  }

  // The text of f-string `s` as a str.format template; each replacement field's expression
  // (parsed on its own, located at the string) is appended to `fields`. `!r`/`!s` conversions
  // are dropped: values print in their one form.
  std::string replacement_fields(const Token& s, std::vector<ExprP>* fields) {
    const std::string& text = s.text;
    std::string tmpl;
    for (size_t i = 0; i < text.size(); ++i) {
      char c = text[i];
      if ((c == '{' || c == '}') && i + 1 < text.size() && text[i + 1] == c) {
        tmpl += {c, c};
        ++i;
        continue;
      }
      if (c == '}') {
        throw ParseFailure{s.loc, "f-string: single '}' is not allowed"};
      }
      if (c != '{') {
        tmpl += c;
        continue;
      }
      // The field ends at the '}' that closes it, outside brackets and quotes; a top-level
      // '!' or ':' ends the expression.
      int depth = 0;
      char quote = 0;
      size_t end = std::string::npos, expr_end = std::string::npos;
      for (size_t j = i + 1; j < text.size(); ++j) {
        char d = text[j];
        if (quote) {
          if (d == quote) {
            quote = 0;
          }
        } else if (d == '\'' || d == '"') {
          quote = d;
        } else if (d == '(' || d == '[' || d == '{') {
          ++depth;
        } else if ((d == ')' || d == ']' || d == '}') && depth > 0) {
          --depth;
        } else if (d == '}') {
          end = j;
          break;
        } else if (depth == 0 && expr_end == std::string::npos &&
                   (d == ':' || (d == '!' && j + 1 < text.size() && text[j + 1] != '='))) {
          expr_end = j;
        }
      }
      if (end == std::string::npos) {
        throw ParseFailure{s.loc, "f-string: expecting '}'"};
      }
      if (expr_end == std::string::npos) {
        expr_end = end;
      }
      std::vector<Token> toks =
          tokenize(std::string_view(text).substr(i + 1, expr_end - i - 1), s.loc.file);
      for (Token& t : toks) {
        t.loc = s.loc;
      }
      std::vector<SyntaxError> errors;
      ExprP e = Parser(std::move(toks)).single_expression(&errors);
      if (!e) {
        throw ParseFailure{s.loc, "f-string: " + errors.front().message};
      }
      fields->push_back(e);
      std::string spec = text.substr(expr_end, end - expr_end);
      if (!spec.empty() && spec[0] == '!') {
        size_t colon = spec.find(':');
        spec = colon == std::string::npos ? "" : spec.substr(colon);
      }
      tmpl += "{" + spec + "}";
      i = end;
    }
    return tmpl;
  }

  std::shared_ptr<Expr> enode(ExprKind k, Location loc) {
    auto n = node<Expr>(loc);
    n->kind = k;
    return n;
  }
  std::shared_ptr<Stmt> snode(StmtKind k, Location loc) {
    auto n = node<Stmt>(loc);
    n->kind = k;
    return n;
  }

  Location prev_end_span(const Location& start) const {
    Location l = start;
    const Location& e = t_[p_ == 0 ? 0 : p_ - 1].loc;
    return Location::span(l, e);
  }

  // ------------------------------------------------------------------ statements

  ast::Body block(const char* context) {
    ast::Body body;
    if (!at(Tok::kNewline)) {
      // Simple statements on the same line as the colon.
      simple_statements(&body);
      return body;
    }
    ++p_;
    if (!at(Tok::kIndent)) {
      fail_here(std::string("expected an indented block ") + context);
    }
    ++p_;
    while (!at(Tok::kDedent) && !at(Tok::kEnd)) {
      if (at(Tok::kNewline)) {
        ++p_;
        continue;
      }
      if (at(Tok::kIndent)) {
        errors_.push_back({cur().loc, "unexpected indent"});
        skip_block();
        continue;
      }
      size_t start = p_;
      try {
        body.push_back(statement());
      } catch (const ParseFailure& f) {
        errors_.push_back({f.loc, f.message});
        p_ = std::max(p_, start);
        sync_statement();
      }
      if (p_ == start) {
        ++p_;
      }
    }
    if (at(Tok::kDedent)) {
      ++p_;
    }
    return body;
  }

  StmtP statement() {
    DepthGuard g(this);
    if (at(Tok::kError)) {
      fail_here("");
    }
    if (at_op("@")) {
      return decorated();
    }
    if (at(Tok::kName)) {
      const std::string& k = cur().text;
      if (k == "if") {
        return if_stmt();
      }
      if (k == "for") {
        return for_stmt();
      }
      if (k == "while") {
        return while_stmt();
      }
      if (k == "with") {
        return with_stmt();
      }
      if (k == "def") {
        return funcdef({});
      }
      if (k == "class") {
        return classdef({});
      }
      if (k == "try") {
        return try_stmt();
      }
      if (k == "async") {
        fail_here("'async' is not supported");
      }
    }
    ast::Body body;
    simple_statements(&body);
    if (body.size() == 1) {
      return body[0];
    }
    // Several simple statements on one line: wrap them in an always-true `if`.
    auto s = snode(StmtKind::kIf, body[0]->loc);
    auto t = enode(ExprKind::kBool, body[0]->loc);
    t->bool_value = true;
    s->annotation = t;
    s->body = std::move(body);
    return s;
  }

  void simple_statements(ast::Body* out) {
    out->push_back(small_statement());
    while (at_op(";")) {
      ++p_;
      if (at(Tok::kNewline) || at(Tok::kEnd)) {
        break;
      }
      out->push_back(small_statement());
    }
    expect_newline();
  }

  StmtP small_statement() {
    Location loc = cur().loc;
    if (at(Tok::kName)) {
      const std::string k = cur().text;
      if (k == "pass" || k == "break" || k == "continue") {
        ++p_;
        return snode(k == "pass"    ? StmtKind::kPass
                     : k == "break" ? StmtKind::kBreak
                                    : StmtKind::kContinue,
                     loc);
      }
      if (k == "return") {
        ++p_;
        auto s = snode(StmtKind::kReturn, loc);
        if (!at(Tok::kNewline) && !at_op(";") && !at(Tok::kEnd)) {
          s->value = testlist();
        }
        s->loc = prev_end_span(loc);
        return s;
      }
      if (k == "import") {
        ++p_;
        auto s = snode(StmtKind::kImport, loc);
        do {
          ast::Alias a;
          a.loc = cur().loc;
          a.name = dotted_name();
          if (at_kw("as")) {
            ++p_;
            a.alias = expect_name("after 'as'");
          }
          s->names.push_back(a);
        } while (at_op(",") && (++p_, true));
        return s;
      }
      if (k == "from") {
        ++p_;
        auto s = snode(StmtKind::kImportFrom, loc);
        while (at_op(".") || at_op("...")) {
          s->level += at_op(".") ? 1 : 3;
          ++p_;
        }
        if (!at_kw("import")) {
          s->module = dotted_name();
        }
        if (!at_kw("import")) {
          fail_here("expected 'import', found " + describe_tok(cur()));
        }
        ++p_;
        bool paren = at_op("(");
        if (paren) {
          ++p_;
        }
        if (at_op("*")) {
          ast::Alias a;
          a.loc = cur().loc;
          a.name = "*";
          s->names.push_back(a);
          ++p_;
        } else {
          do {
            if (paren && at_op(")")) {
              break;
            }
            ast::Alias a;
            a.loc = cur().loc;
            a.name = expect_name("in import list");
            if (at_kw("as")) {
              ++p_;
              a.alias = expect_name("after 'as'");
            }
            s->names.push_back(a);
          } while (at_op(",") && (++p_, true));
        }
        if (paren) {
          expect_op(")", "to close the import list");
        }
        return s;
      }
      if (k == "global" || k == "nonlocal") {
        ++p_;
        auto s = snode(StmtKind::kGlobal, loc);
        do {
          ast::Alias a;
          a.loc = cur().loc;
          a.name = expect_name("after 'global'");
          s->names.push_back(a);
        } while (at_op(",") && (++p_, true));
        return s;
      }
      if (k == "del") {
        ++p_;
        auto s = snode(StmtKind::kDel, loc);
        s->targets.push_back(testlist());
        return s;
      }
      if (k == "assert") {
        ++p_;
        auto s = snode(StmtKind::kAssert, loc);
        s->annotation = test();
        if (at_op(",")) {
          ++p_;
          s->value = test();
        }
        s->loc = prev_end_span(loc);
        return s;
      }
      if (k == "raise") {
        ++p_;
        auto s = snode(StmtKind::kRaise, loc);
        if (!at(Tok::kNewline) && !at(Tok::kEnd) && !at_op(";")) {
          s->value = test();
          if (at_kw("from")) {
            ++p_;
            test();
          }
        }
        return s;
      }
      if (k == "yield" || k == "async" || k == "await") {
        fail_here("'" + k + "' is not supported");
      }
    }
    // Expression statement, assignment, augmented or annotated assignment.
    ExprP first = testlist_star();
    if (at_op(":")) {
      ++p_;
      auto s = snode(StmtKind::kAnnAssign, loc);
      s->targets.push_back(first);
      s->annotation = test();
      if (at_op("=")) {
        ++p_;
        s->value = testlist();
      }
      s->loc = prev_end_span(loc);
      return s;
    }
    static const char* kAug[] = {
        "+=", "-=", "*=", "/=", "//=", "%=", "**=", "&=", "|=", "^=", "<<=", ">>=", "@="};
    for (const char* op : kAug) {
      if (at_op(op)) {
        ++p_;
        auto s = snode(StmtKind::kAugAssign, loc);
        s->targets.push_back(first);
        s->op = std::string(op, std::char_traits<char>::length(op) - 1);
        s->value = testlist();
        s->loc = prev_end_span(loc);
        return s;
      }
    }
    if (at_op("=")) {
      auto s = snode(StmtKind::kAssign, loc);
      s->targets.push_back(first);
      ExprP value;
      while (at_op("=")) {
        ++p_;
        value = testlist_star();
        s->targets.push_back(value);
      }
      s->targets.pop_back();
      s->value = value;
      s->loc = prev_end_span(loc);
      return s;
    }
    auto s = snode(StmtKind::kExpr, first->loc);
    s->value = first;
    return s;
  }

  std::string dotted_name() {
    std::string n = expect_name("(module name)");
    while (at_op(".")) {
      ++p_;
      n += "." + expect_name("after '.'");
    }
    return n;
  }

  StmtP decorated() {
    std::vector<ExprP> decorators;
    while (at_op("@")) {
      ++p_;
      decorators.push_back(test());
      expect_newline();
    }
    if (at_kw("def")) {
      return funcdef(std::move(decorators));
    }
    if (at_kw("class")) {
      return classdef(std::move(decorators));
    }
    fail_here("expected 'def' or 'class' after decorators, found " + describe_tok(cur()));
  }

  StmtP funcdef(std::vector<ExprP> decorators) {
    Location loc = cur().loc;
    ++p_;  // def
    auto s = snode(StmtKind::kFunctionDef, loc);
    s->decorators = std::move(decorators);
    s->name = expect_name("after 'def'");
    s->loc = prev_end_span(loc);
    expect_op("(", "after the function name");
    while (!at_op(")")) {
      ast::Param prm;
      prm.loc = cur().loc;
      if (at_op("*")) {
        ++p_;
        if (at(Tok::kName)) {
          prm.kind = ast::Param::kVarArgs;
          prm.name = expect_name("after '*'");
        } else {
          prm.kind = ast::Param::kKeywordOnlyMarker;
        }
      } else if (at_op("**")) {
        ++p_;
        prm.kind = ast::Param::kKwArgs;
        prm.name = expect_name("after '**'");
      } else if (at_op("/")) {
        ++p_;
        if (at_op(",")) {
          ++p_;
        }
        continue;
      } else {
        prm.name = expect_name("in the parameter list");
      }
      if (at_op(":")) {
        ++p_;
        prm.annotation = test();
      }
      if (at_op("=")) {
        ++p_;
        prm.default_value = test();
      }
      s->params.push_back(prm);
      if (!at_op(",")) {
        break;
      }
      ++p_;
    }
    expect_op(")", "to close the parameter list");
    if (at_op("->")) {
      ++p_;
      test();
    }
    expect_op(":", "after the function signature");
    s->body = block("after 'def'");
    return s;
  }

  StmtP classdef(std::vector<ExprP> decorators) {
    Location loc = cur().loc;
    ++p_;
    auto s = snode(StmtKind::kClassDef, loc);
    s->decorators = std::move(decorators);
    s->name = expect_name("after 'class'");
    if (at_op("(")) {
      ++p_;
      if (!at_op(")")) {
        call_arguments(enode(ExprKind::kCall, loc).get());
      }
      expect_op(")", "to close the base list");
    }
    expect_op(":", "after the class header");
    s->body = block("after 'class'");
    return s;
  }

  StmtP if_stmt() {
    Location loc = cur().loc;
    ++p_;  // if / elif
    auto s = snode(StmtKind::kIf, loc);
    s->annotation = named_test();
    expect_op(":", "after the 'if' condition");
    s->body = block("after 'if'");
    if (at_kw("elif")) {
      s->orelse.push_back(if_stmt());
    } else if (at_kw("else")) {
      ++p_;
      expect_op(":", "after 'else'");
      s->orelse = block("after 'else'");
    }
    return s;
  }

  StmtP for_stmt() {
    Location loc = cur().loc;
    ++p_;
    auto s = snode(StmtKind::kFor, loc);
    s->targets.push_back(target_list());
    if (!at_kw("in")) {
      fail_here("expected 'in' in the 'for' statement, found " + describe_tok(cur()));
    }
    ++p_;
    s->value = testlist();
    expect_op(":", "after the 'for' header");
    s->body = block("after 'for'");
    if (at_kw("else")) {
      ++p_;
      expect_op(":", "after 'else'");
      s->orelse = block("after 'else'");
    }
    return s;
  }

  StmtP while_stmt() {
    Location loc = cur().loc;
    ++p_;
    auto s = snode(StmtKind::kWhile, loc);
    s->annotation = named_test();
    expect_op(":", "after the 'while' condition");
    s->body = block("after 'while'");
    if (at_kw("else")) {
      ++p_;
      expect_op(":", "after 'else'");
      s->orelse = block("after 'else'");
    }
    return s;
  }

  // `with A as a, B as b: body` is `with A as a: with B as b: body` (the Python reference says
  // so); each item becomes one nested statement. A target is one target: `as bx, B` is two items,
  // several names need parentheses, `as (bx, by)`.
  StmtP with_stmt() {
    Location loc = cur().loc;
    ++p_;
    std::vector<ast::WithItem> items;
    do {
      ast::WithItem item;
      item.context = test();
      if (at_kw("as")) {
        ++p_;
        item.target = bitor_expr();
      }
      items.push_back(item);
    } while (at_op(",") && (++p_, true));
    expect_op(":", "after the 'with' header");
    ast::Body body = block("after 'with'");
    for (size_t i = items.size(); i-- > 0;) {
      auto s = snode(StmtKind::kWith, i == 0 ? loc : items[i].context->loc);
      s->items = {items[i]};
      s->body = std::move(body);
      body = {s};
    }
    return body[0];
  }

  StmtP try_stmt() {
    Location loc = cur().loc;
    ++p_;
    auto s = snode(StmtKind::kTry, loc);
    expect_op(":", "after 'try'");
    s->body = block("after 'try'");
    bool any = false;
    while (at_kw("except")) {
      any = true;
      ++p_;
      if (!at_op(":")) {
        test();
        if (at_kw("as")) {
          ++p_;
          expect_name("after 'as'");
        }
      }
      expect_op(":", "after 'except'");
      block("after 'except'");
    }
    if (at_kw("else")) {
      ++p_;
      expect_op(":", "after 'else'");
      s->orelse = block("after 'else'");
    }
    if (at_kw("finally")) {
      any = true;
      ++p_;
      expect_op(":", "after 'finally'");
      s->finalbody = block("after 'finally'");
    }
    if (!any) {
      fail_here("expected 'except' or 'finally' after the 'try' block");
    }
    return s;
  }

  // ------------------------------------------------------------------ expressions

  // Targets of `for` and `with ... as`: a name, attribute/subscript, or a (parenthesised) tuple.
  ExprP target_list() {
    Location loc = cur().loc;
    ExprP first = bitor_expr();
    if (!at_op(",")) {
      return first;
    }
    auto t = enode(ExprKind::kTuple, loc);
    t->elts.push_back(first);
    while (at_op(",")) {
      ++p_;
      if (at_kw("in") || at_op("=")) {
        break;
      }
      t->elts.push_back(bitor_expr());
    }
    t->loc = prev_end_span(loc);
    return t;
  }

  ExprP testlist_star() {
    Location loc = cur().loc;
    ExprP first = star_or_test();
    if (!at_op(",")) {
      return first;
    }
    auto t = enode(ExprKind::kTuple, loc);
    t->elts.push_back(first);
    while (at_op(",")) {
      ++p_;
      if (at(Tok::kNewline) || at_op("=") || at_op(")") || at(Tok::kEnd) || at_op(";") ||
          at_op(":")) {
        break;
      }
      t->elts.push_back(star_or_test());
    }
    t->loc = prev_end_span(loc);
    return t;
  }

  ExprP testlist() { return testlist_star(); }

  ExprP star_or_test() {
    if (at_op("*")) {
      Location loc = cur().loc;
      ++p_;
      auto s = enode(ExprKind::kStarred, loc);
      s->a = bitor_expr();
      s->loc = prev_end_span(loc);
      return s;
    }
    return test();
  }

  ExprP named_test() {
    ExprP e = test();
    if (at_op(":=")) {
      fail_here("assignment expressions (':=') are not supported");
    }
    return e;
  }

  ExprP test() {
    DepthGuard g(this);
    Location loc = cur().loc;
    if (at_kw("lambda")) {
      ++p_;
      auto l = enode(ExprKind::kLambda, loc);
      auto def = snode(StmtKind::kFunctionDef, loc);
      def->name = "<lambda>";
      while (!at_op(":")) {
        ast::Param prm;
        prm.loc = cur().loc;
        if (at_op("*")) {
          ++p_;
          prm.kind = ast::Param::kVarArgs;
        } else if (at_op("**")) {
          ++p_;
          prm.kind = ast::Param::kKwArgs;
        }
        prm.name = expect_name("in the lambda parameter list");
        if (at_op("=")) {
          ++p_;
          prm.default_value = test();
        }
        def->params.push_back(prm);
        if (!at_op(",")) {
          break;
        }
        ++p_;
      }
      expect_op(":", "in lambda");
      l->a = test();
      auto ret = snode(StmtKind::kReturn, l->a->loc);
      ret->value = l->a;
      def->body.push_back(ret);
      l->def = def;
      l->loc = prev_end_span(loc);
      return l;
    }
    ExprP body = or_test();
    if (at_kw("if")) {
      ++p_;
      auto e = enode(ExprKind::kIfExp, loc);
      e->a = body;
      e->b = or_test();
      if (!at_kw("else")) {
        fail_here("expected 'else' in the conditional expression, found " + describe_tok(cur()));
      }
      ++p_;
      e->c = test();
      e->loc = prev_end_span(loc);
      return e;
    }
    return body;
  }

  ExprP or_test() {
    Location loc = cur().loc;
    ExprP a = and_test();
    if (!at_kw("or")) {
      return a;
    }
    auto e = enode(ExprKind::kBoolOp, loc);
    e->name = "or";
    e->elts.push_back(a);
    while (at_kw("or")) {
      ++p_;
      e->elts.push_back(and_test());
    }
    e->loc = prev_end_span(loc);
    return e;
  }

  ExprP and_test() {
    Location loc = cur().loc;
    ExprP a = not_test();
    if (!at_kw("and")) {
      return a;
    }
    auto e = enode(ExprKind::kBoolOp, loc);
    e->name = "and";
    e->elts.push_back(a);
    while (at_kw("and")) {
      ++p_;
      e->elts.push_back(not_test());
    }
    e->loc = prev_end_span(loc);
    return e;
  }

  ExprP not_test() {
    if (at_kw("not")) {
      DepthGuard g(this);
      Location loc = cur().loc;
      ++p_;
      auto e = enode(ExprKind::kUnaryOp, loc);
      e->name = "not";
      e->a = not_test();
      e->loc = prev_end_span(loc);
      return e;
    }
    return comparison();
  }

  ExprP comparison() {
    Location loc = cur().loc;
    ExprP a = bitor_expr();
    std::shared_ptr<Expr> cmp;
    while (true) {
      std::string op;
      if (at_op("<") || at_op(">") || at_op("==") || at_op(">=") || at_op("<=") || at_op("!=")) {
        op = cur().text;
        ++p_;
      } else if (at_kw("in")) {
        op = "in";
        ++p_;
      } else if (at_kw("not") && peek().is_name("in")) {
        op = "not in";
        p_ += 2;
      } else if (at_kw("is")) {
        ++p_;
        op = "is";
        if (at_kw("not")) {
          ++p_;
          op = "is not";
        }
      } else {
        break;
      }
      if (!cmp) {
        cmp = enode(ExprKind::kCompare, loc);
        cmp->a = a;
      }
      cmp->ops.push_back(op);
      cmp->elts.push_back(bitor_expr());
    }
    if (!cmp) {
      return a;
    }
    cmp->loc = prev_end_span(loc);
    return cmp;
  }

  ExprP binary_level(int level) {
    static const std::vector<std::vector<const char*>> kLevels = {
        {"|"}, {"^"}, {"&"}, {"<<", ">>"}, {"+", "-"}, {"*", "/", "//", "%", "@"}};
    if (level == static_cast<int>(kLevels.size())) {
      return factor();
    }
    Location loc = cur().loc;
    ExprP a = binary_level(level + 1);
    while (true) {
      const char* found = nullptr;
      for (const char* op : kLevels[level]) {
        if (at_op(op)) {
          found = op;
        }
      }
      if (!found) {
        return a;
      }
      ++p_;
      auto e = enode(ExprKind::kBinOp, loc);
      e->name = found;
      e->a = a;
      e->b = binary_level(level + 1);
      e->loc = prev_end_span(loc);
      a = e;
    }
  }

  ExprP bitor_expr() { return binary_level(0); }

  ExprP factor() {
    if (at_op("-") || at_op("+") || at_op("~")) {
      DepthGuard g(this);
      Location loc = cur().loc;
      std::string op = cur().text;
      ++p_;
      auto e = enode(ExprKind::kUnaryOp, loc);
      e->name = op;
      e->a = factor();
      e->loc = prev_end_span(loc);
      return e;
    }
    return power();
  }

  ExprP power() {
    Location loc = cur().loc;
    ExprP a = atom_expr();
    if (at_op("**")) {
      DepthGuard g(this);
      ++p_;
      auto e = enode(ExprKind::kBinOp, loc);
      e->name = "**";
      e->a = a;
      e->b = factor();
      e->loc = prev_end_span(loc);
      return e;
    }
    return a;
  }

  void call_arguments(Expr* call) {
    while (!at_op(")")) {
      Location loc = cur().loc;
      if (at_op("**")) {
        ++p_;
        call->keywords.push_back({"", test(), loc});
      } else if (at_op("*")) {
        call->elts.push_back(star_or_test());
      } else if (at(Tok::kName) && peek().is_op("=") && !keywords().count(cur().text)) {
        std::string name = cur().text;
        p_ += 2;
        call->keywords.push_back({name, test(), loc});
      } else {
        if (!call->keywords.empty()) {
          fail_here("positional argument follows keyword argument");
        }
        ExprP arg = test();
        if (at_kw("for")) {
          arg = comprehension(ExprKind::kListComp, arg, loc);
        }
        call->elts.push_back(arg);
      }
      if (!at_op(",")) {
        break;
      }
      ++p_;
    }
  }

  ExprP atom_expr() {
    DepthGuard g(this);
    Location loc = cur().loc;
    ExprP e = atom();
    while (true) {
      if (at_op("(")) {
        ++p_;
        auto c = enode(ExprKind::kCall, loc);
        c->a = e;
        call_arguments(c.get());
        expect_op(")", "to close the call");
        c->loc = prev_end_span(loc);
        e = c;
      } else if (at_op("[")) {
        ++p_;
        auto s = enode(ExprKind::kSubscript, loc);
        s->a = e;
        s->b = subscript_list();
        expect_op("]", "to close the subscript");
        s->loc = prev_end_span(loc);
        e = s;
      } else if (at_op(".")) {
        ++p_;
        auto a = enode(ExprKind::kAttribute, loc);
        a->a = e;
        a->name = expect_name("after '.'");
        a->loc = prev_end_span(loc);
        e = a;
      } else {
        return e;
      }
    }
  }

  ExprP subscript_item() {
    Location loc = cur().loc;
    ExprP lo;
    if (!at_op(":")) {
      lo = test();
      if (!at_op(":")) {
        return lo;
      }
    }
    auto s = enode(ExprKind::kSlice, loc);
    s->a = lo;
    ++p_;  // ':'
    if (!at_op(":") && !at_op(",") && !at_op("]")) {
      s->b = test();
    }
    if (at_op(":")) {
      ++p_;
      if (!at_op(",") && !at_op("]")) {
        s->c = test();
      }
    }
    s->loc = prev_end_span(loc);
    return s;
  }

  ExprP subscript_list() {
    Location loc = cur().loc;
    ExprP first = subscript_item();
    if (!at_op(",")) {
      return first;
    }
    auto t = enode(ExprKind::kTuple, loc);
    t->elts.push_back(first);
    while (at_op(",")) {
      ++p_;
      if (at_op("]")) {
        break;
      }
      t->elts.push_back(subscript_item());
    }
    t->loc = prev_end_span(loc);
    return t;
  }

  ExprP comprehension(ExprKind kind, ExprP element, Location loc) {
    auto e = enode(kind, loc);
    e->a = element;
    while (at_kw("for")) {
      ++p_;
      ast::Comprehension c;
      c.target = target_list();
      if (!at_kw("in")) {
        fail_here("expected 'in' in the comprehension, found " + describe_tok(cur()));
      }
      ++p_;
      c.iter = or_test();
      while (at_kw("if")) {
        ++p_;
        c.ifs.push_back(or_test());
      }
      e->comps.push_back(c);
    }
    e->loc = prev_end_span(loc);
    return e;
  }

  ExprP atom() {
    const Token& t = cur();
    Location loc = t.loc;
    switch (t.kind) {
      case Tok::kInt: {
        auto e = enode(ExprKind::kInt, loc);
        e->int_value = t.int_value;
        e->int_overflow = t.int_overflow;
        e->float_value = t.float_value;
        ++p_;
        return e;
      }
      case Tok::kFloat: {
        auto e = enode(ExprKind::kFloat, loc);
        e->float_value = t.float_value;
        ++p_;
        return e;
      }
      case Tok::kString: {
        // Adjacent literals concatenate. With an f-string among them the result is
        // `"template".format(fields...)`: plain text has its braces doubled, each replacement
        // field becomes `{}` or `{:spec}` in the template and its expression an argument.
        auto e = enode(ExprKind::kStr, loc);
        std::string tmpl;
        std::vector<ExprP> fields;
        bool formatted = false;
        while (at(Tok::kString)) {
          const Token& s = cur();
          e->name += s.text;
          if (s.fstring) {
            formatted = true;
            tmpl += replacement_fields(s, &fields);
          } else {
            for (char c : s.text) {
              tmpl += c;
              if (c == '{' || c == '}') {
                tmpl += c;
              }
            }
          }
          ++p_;
        }
        e->loc = prev_end_span(loc);
        if (!formatted) {
          return e;
        }
        e->name = tmpl;
        auto method = enode(ExprKind::kAttribute, e->loc);
        method->a = e;
        method->name = "format";
        auto call = enode(ExprKind::kCall, e->loc);
        call->a = method;
        call->elts = std::move(fields);
        return call;
      }
      case Tok::kName: {
        if (t.text == "True" || t.text == "False") {
          auto e = enode(ExprKind::kBool, loc);
          e->bool_value = t.text == "True";
          ++p_;
          return e;
        }
        if (t.text == "None") {
          ++p_;
          return enode(ExprKind::kNone, loc);
        }
        if (keywords().count(t.text)) {
          fail_here("unexpected keyword '" + t.text + "'");
        }
        auto e = enode(ExprKind::kName, loc);
        e->name = t.text;
        ++p_;
        return e;
      }
      case Tok::kOp:
        break;
      default:
        fail_here("expected an expression, found " + describe_tok(t));
    }
    if (t.text == "...") {
      ++p_;
      return enode(ExprKind::kEllipsis, loc);
    }
    if (t.text == "(") {
      ++p_;
      if (at_op(")")) {
        ++p_;
        auto e = enode(ExprKind::kTuple, loc);
        e->loc = prev_end_span(loc);
        return e;
      }
      ExprP first = star_or_test();
      if (at_kw("for")) {
        ExprP c = comprehension(ExprKind::kListComp, first, loc);
        expect_op(")", "to close the generator expression");
        return c;
      }
      if (at_op(")")) {
        ++p_;
        return first;  // parenthesised expression (not a tuple)
      }
      auto tup = enode(ExprKind::kTuple, loc);
      tup->elts.push_back(first);
      while (at_op(",")) {
        ++p_;
        if (at_op(")")) {
          break;
        }
        tup->elts.push_back(star_or_test());
      }
      expect_op(")", "to close the parenthesis");
      tup->loc = prev_end_span(loc);
      return tup;
    }
    if (t.text == "[") {
      ++p_;
      auto l = enode(ExprKind::kList, loc);
      if (!at_op("]")) {
        ExprP first = star_or_test();
        if (at_kw("for")) {
          ExprP c = comprehension(ExprKind::kListComp, first, loc);
          expect_op("]", "to close the list comprehension");
          return c;
        }
        l->elts.push_back(first);
        while (at_op(",")) {
          ++p_;
          if (at_op("]")) {
            break;
          }
          l->elts.push_back(star_or_test());
        }
      }
      expect_op("]", "to close the list");
      l->loc = prev_end_span(loc);
      return l;
    }
    if (t.text == "{") {
      ++p_;
      auto d = enode(ExprKind::kDict, loc);
      if (!at_op("}")) {
        bool is_set = false;
        ExprP k = test();
        if (at_op(":")) {
          ++p_;
          d->elts.push_back(k);
          d->values.push_back(test());
        } else {
          is_set = true;
          d->kind = ExprKind::kSet;
          d->elts.push_back(k);
        }
        if (at_kw("for")) {
          ExprP c;
          if (is_set) {
            auto sc = std::const_pointer_cast<Expr>(comprehension(ExprKind::kListComp, k, loc));
            sc->name = "set";  // duplicates are dropped
            c = sc;
          } else {
            auto dc = std::const_pointer_cast<Expr>(comprehension(ExprKind::kDictComp, k, loc));
            dc->b = d->values[0];
            c = dc;
          }
          expect_op("}", "to close the comprehension");
          return c;
        }
        while (at_op(",")) {
          ++p_;
          if (at_op("}")) {
            break;
          }
          if (at_op("**")) {
            fail_here("'**' in a dict literal is not supported");
          }
          d->elts.push_back(test());
          if (!is_set) {
            expect_op(":", "in the dict literal");
            d->values.push_back(test());
          }
        }
      }
      expect_op("}", "to close the dict");
      d->loc = prev_end_span(loc);
      return d;
    }
    fail_here("expected an expression, found " + describe_tok(t));
  }
};

}  // namespace

std::vector<TopLevelStmt> parse_module(std::string_view source, std::string_view file) {
  Parser p(tokenize(source, file));
  return p.module();
}

ast::ExprP parse_expression(std::string_view source, std::string_view file,
                            std::vector<SyntaxError>* errors) {
  Parser p(tokenize(source, file));
  return p.single_expression(errors);
}

}  // namespace tltt::fe
