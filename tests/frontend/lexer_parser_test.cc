// Unit tests of the Python tokenizer and parser: indentation, line joining, literals, recovery.
#include <gtest/gtest.h>

#include "frontend/parser.h"
#include "frontend/token.h"

namespace tltt::fe {
namespace {

std::string kinds(const std::vector<Token>& toks) {
  std::string s;
  for (const auto& t : toks) {
    switch (t.kind) {
      case Tok::kName:
        s += "N(" + t.text + ")";
        break;
      case Tok::kInt:
        s += "I(" + std::to_string(t.int_value) + ")";
        break;
      case Tok::kFloat:
        s += "F";
        break;
      case Tok::kString:
        s += "S(" + t.text + ")";
        break;
      case Tok::kOp:
        s += t.text;
        break;
      case Tok::kNewline:
        s += ";";
        break;
      case Tok::kIndent:
        s += ">";
        break;
      case Tok::kDedent:
        s += "<";
        break;
      case Tok::kError:
        s += "E(" + t.text + ")";
        break;
      case Tok::kEnd:
        s += "$";
        break;
    }
    s += " ";
  }
  return s;
}

TEST(Lexer, IndentationProducesIndentAndDedent) {
  auto toks = tokenize("if x:\n    y = 1\n\n    # comment\n    z\nw\n", "t.py");
  EXPECT_EQ(kinds(toks), "N(if) N(x) : ; > N(y) = I(1) ; N(z) ; < N(w) ; $ ");
}

TEST(Lexer, BracketsJoinLinesAndBackslashContinues) {
  auto toks = tokenize("f(a,\n  b)\nx = 1 + \\\n 2\n", "t.py");
  EXPECT_EQ(kinds(toks), "N(f) ( N(a) , N(b) ) ; N(x) = I(1) + I(2) ; $ ");
}

TEST(Lexer, NumbersAndStrings) {
  auto toks = tokenize("0x1F 1_000 1e-12 .5 'a\\tb' \"\"\"x\ny\"\"\" r'\\n'\n", "t.py");
  ASSERT_GE(toks.size(), 8u);
  EXPECT_EQ(toks[0].int_value, 31);
  EXPECT_EQ(toks[1].int_value, 1000);
  EXPECT_DOUBLE_EQ(toks[2].float_value, 1e-12);
  EXPECT_DOUBLE_EQ(toks[3].float_value, 0.5);
  EXPECT_EQ(toks[4].text, "a\tb");
  EXPECT_EQ(toks[5].text, "x\ny");
  EXPECT_EQ(toks[6].text, "\\n");
}

TEST(Lexer, ErrorsBecomeTokensWithLocations) {
  auto toks = tokenize("x = 'abc\ny = 3 $\n", "t.py");
  EXPECT_EQ(kinds(toks),
            "N(x) = E(unterminated string literal) ; N(y) = I(3) E(unexpected character '$') ; $ ");
  EXPECT_EQ(toks[2].loc.line, 1u);
  EXPECT_EQ(toks[2].loc.col, 5u);
  EXPECT_EQ(toks[7].loc.line, 2u);
  EXPECT_EQ(toks[7].loc.col, 7u);
}

TEST(Lexer, UnclosedBracketIsReportedBeforeTheNextStatement) {
  auto toks = tokenize("a = f(1,\nb = 2\n", "t.py");
  EXPECT_EQ(kinds(toks), "N(a) = N(f) ( I(1) , E('(' was never closed) ; N(b) = I(2) ; $ ");
}

TEST(Parser, TopLevelStatementsFailIndependently) {
  auto top = parse_module(
      "import tilelang\n"
      "def broken(:\n"
      "    pass\n"
      "@tilelang.jit(out_idx=[-1])\n"
      "def good(M):\n"
      "    return M\n"
      "k = good(3)\n",
      "t.py");
  ASSERT_EQ(top.size(), 4u);
  EXPECT_TRUE(top[0].stmt != nullptr);
  EXPECT_EQ(top[1].stmt, nullptr);
  EXPECT_EQ(top[1].defined_name, "broken");
  ASSERT_EQ(top[1].errors.size(), 1u);
  EXPECT_EQ(top[1].errors[0].loc.line, 2u);
  EXPECT_TRUE(top[2].stmt != nullptr);
  EXPECT_EQ(top[2].decorator_text, "tilelang.jit");
  EXPECT_TRUE(top[3].stmt != nullptr);
}

TEST(Parser, RecoversInsideABlockAndReportsEveryError) {
  auto top = parse_module(
      "def f():\n"
      "    a = )\n"
      "    b = 1\n"
      "    c = [\n"
      "    return 2\n",
      "t.py");
  ASSERT_EQ(top.size(), 1u);
  EXPECT_EQ(top[0].stmt, nullptr);
  ASSERT_EQ(top[0].errors.size(), 2u);
  EXPECT_EQ(top[0].errors[0].loc.line, 2u);
  EXPECT_EQ(top[0].errors[1].message, "'[' was never closed");
}

TEST(Parser, ExpressionShapes) {
  std::vector<SyntaxError> errs;
  auto e = parse_expression("A[bz, k * 4:(k + 1) * 4, :] if c else -x ** 2", "e", &errs);
  ASSERT_TRUE(errs.empty());
  ASSERT_EQ(e->kind, ast::ExprKind::kIfExp);
  const auto& sub = *e->a;
  ASSERT_EQ(sub.kind, ast::ExprKind::kSubscript);
  ASSERT_EQ(sub.b->kind, ast::ExprKind::kTuple);
  EXPECT_EQ(sub.b->elts[1]->kind, ast::ExprKind::kSlice);
  EXPECT_EQ(sub.b->elts[2]->kind, ast::ExprKind::kSlice);
  // -x ** 2 is -(x ** 2)
  EXPECT_EQ(e->c->kind, ast::ExprKind::kUnaryOp);
  EXPECT_EQ(e->c->a->name, "**");
}

TEST(Parser, DeepNestingIsAnErrorNotACrash) {
  std::string deep(5000, '(');
  std::vector<SyntaxError> errs;
  auto e = parse_expression(deep + "1" + std::string(5000, ')'), "e", &errs);
  EXPECT_EQ(e, nullptr);
  ASSERT_EQ(errs.size(), 1u);
  EXPECT_EQ(errs[0].message, "expression or block nested too deeply");
}

}  // namespace
}  // namespace tltt::fe
