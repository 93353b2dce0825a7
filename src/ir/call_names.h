// Names of the IR calls the front end makes for kernel-language constructs that have neither a
// statement of their own nor a lowering yet: the pass that would lower each rejects it by name.
#pragma once

namespace tltt::ir {

// T.atomic_add(dst, value, return_prev=True) in a kernel expression: Call(kAtomicAddCall,
// {RegionRef(dst element), value}, {kAtomicReturnPrev: true}) is the element's value before the
// add. The front end binds it to a let variable where the call stands, so the add happens once.
inline constexpr const char* kAtomicAddCall = "atomic_add";
inline constexpr const char* kAtomicReturnPrev = "return_prev";

// `break` / `continue` inside a kernel loop (a T.serial/T.Pipelined loop or a `while` on a kernel
// expression): Evaluate(Call(kLoopBreakCall / kLoopContinueCall, {})) where the statement stands.
inline constexpr const char* kLoopBreakCall = "loop_break";
inline constexpr const char* kLoopContinueCall = "loop_continue";

// T.im2col(img, col, nhw_step, c_step, kernel, stride, dilation, pad): Evaluate(Call(kIm2colCall,
// {RegionRef(img), RegionRef(col), nhw_step, c_step}, {kernel, stride, dilation, pad})); the
// geometry and its element map are in ir/im2col.h. C2 lowers it to tt.read_im2col.
inline constexpr const char* kIm2colCall = "im2col";

}  // namespace tltt::ir
