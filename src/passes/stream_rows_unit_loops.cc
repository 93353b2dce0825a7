// A4: a kernel that walks its rows in its own block-wide chunks (`for i_n in T.Pipelined(
// ceildiv(N, BLOCK_N))`, the online softmax) has one chunk when BLOCK_N covers the row; that
// loop runs once, so its body is a plain row block that A4 can stream like any other.
#include "ir/substitute.h"
#include "passes/pass_util.h"
#include "passes/stream_rows_plan.h"

namespace tltt::passes::stream {

using namespace ir;

namespace {

// The statements of `s` with every serial or pipelined loop of one iteration replaced by its
// body at the loop's start (recursively, so nested one-iteration loops go too); `changed` is
// set when one was.
void inline_into(const Stmt& s, std::vector<Stmt>& out, bool& changed) {
  for (const Stmt& st : flatten(s)) {
    const For* f = st.as<For>();
    bool once = f && (f->for_kind == ForKind::kSerial || f->for_kind == ForKind::kPipelined) &&
                as_const_int(f->extent) == 1;
    if (!once) {
      out.push_back(st);
      continue;
    }
    changed = true;
    inline_into(substitute(f->body, VarMap{{f->var.get(), f->min}}), out, changed);
  }
}

}  // namespace

Stmt inline_unit_loops(const Stmt& launch_body) {
  std::vector<const Allocate*> allocs;
  Stmt body = launch_body;
  while (const Allocate* a = body.as<Allocate>()) {
    allocs.push_back(a);
    body = a->body;
  }
  std::vector<Stmt> stmts;
  bool changed = false;
  inline_into(body, stmts, changed);
  if (!changed) {
    return launch_body;
  }
  Stmt nb = seq(stmts, body.loc());
  for (size_t a = allocs.size(); a-- > 0;) {
    nb = Allocate::make(allocs[a]->buffer, nb, allocs[a]->loc);
  }
  return nb;
}

}  // namespace tltt::passes::stream
