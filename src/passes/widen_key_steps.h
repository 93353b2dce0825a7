// Pass B0d `widen-key-steps` (see passes.def): an online softmax's key loop (flash attention's
// loop over key/value blocks) runs G of the user's key blocks per iteration, so the per-step row
// work (running maximum, rescale factors, row sums, the accumulator's rescale) is done once for G
// times the keys.
#pragma once
#include <map>
#include <set>
#include <string>

#include "ir/ir.h"
#include "passes/pass.h"

namespace tltt::passes {

// Keys per step above which widening saves little more: the row work per step is then under
// ~10% of the step (measured at head dim 128: 64 -> 128 keys 1.26x, docs/performance.md) while
// larger steps lengthen the first fill of K and V. B0a reserves L1 for a step this wide when the
// streamed key blocks are multicast.
inline constexpr int64_t kMaxKeysPerStep = 256;

// A serial loop `kb` whose body copies tensor regions `kb * B +: B` into on-chip buffers.
struct KeyStepAnalysis {
  const ir::For* loop = nullptr;
  const ir::Variable* kb = nullptr;
  int64_t width = 0;                             // B: the keys of one iteration
  std::map<const ir::BufferNode*, size_t> tied;  // on-chip buffer -> its key axis
  std::set<const ir::Variable*> col_vars;        // T.Parallel variables over key axes
  std::string why_not;                           // empty when the loop can be widened
};

// The serial loops under `body` that copy a tensor region selected by their variable.
std::vector<const ir::For*> key_loops(const ir::Stmt& body);

// Ties the key axis through copies, T.gemm's K and N axes and T.Parallel indices, checks that the
// loop variable and the key indices are used only as `kb * B + j`, that the key-tied buffers live
// only inside the loop, and that the loop-carried state follows the online-softmax recurrence
// (widen_key_steps_check.cc), which makes G iterations one iteration of G * B keys exactly (in
// real arithmetic): m = max(m, rowmax(S)), F = exp(c * (m_prev - m)), P = exp(c * (S - m)), every
// other carried X = X * F + (a sum over the keys of P, or P @ V).
KeyStepAnalysis analyse_key_steps(const ir::KernelLaunch* launch, const ir::For* loop);

// Sets a.why_not unless the loop body is an online-softmax step (widen_key_steps_check.cc).
void check_online_softmax(KeyStepAnalysis& a);

ir::Module widen_key_steps(const ir::Module& m, PassContext& ctx);

}  // namespace tltt::passes
