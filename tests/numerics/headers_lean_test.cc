// Every compute kernel header together in one translation unit, checked to stay lean: kernels
// are compiled at run time, so the headers must not drag in <map>, <functional> or <string>.
#include "api/compute/bcast.h"
#include "api/compute/binary_max_min.h"
#include "api/compute/cb_api.h"
#include "api/compute/compute_kernel_api.h"
#include "api/compute/compute_kernel_hw_startup.h"
#include "api/compute/eltwise_binary.h"
#include "api/compute/eltwise_binary_sfpu.h"
#include "api/compute/eltwise_unary/activations.h"
#include "api/compute/eltwise_unary/binop_with_scalar.h"
#include "api/compute/eltwise_unary/eltwise_unary.h"
#include "api/compute/eltwise_unary/exp.h"
#include "api/compute/eltwise_unary/fill.h"
#include "api/compute/eltwise_unary/gelu.h"
#include "api/compute/eltwise_unary/log.h"
#include "api/compute/eltwise_unary/negative.h"
#include "api/compute/eltwise_unary/recip.h"
#include "api/compute/eltwise_unary/relu.h"
#include "api/compute/eltwise_unary/rsqrt.h"
#include "api/compute/eltwise_unary/sfpu_split_includes.h"
#include "api/compute/eltwise_unary/sigmoid.h"
#include "api/compute/eltwise_unary/sqrt.h"
#include "api/compute/eltwise_unary/tanh.h"
#include "api/compute/matmul.h"
#include "api/compute/pack.h"
#include "api/compute/pack_untilize.h"
#include "api/compute/reduce.h"
#include "api/compute/reg_api.h"
#include "api/compute/tile_move_copy.h"
#include "api/compute/tilize.h"
#include "api/compute/transpose_wh.h"
#include "api/compute/untilize.h"
#include "compute_kernel_api.h"
#include "compute_kernel_api/bcast.h"
#include "compute_kernel_api/eltwise_binary.h"
#include "compute_kernel_api/matmul.h"
#include "compute_kernel_api/reduce.h"

#if defined(_GLIBCXX_MAP) || defined(_GLIBCXX_FUNCTIONAL) || defined(_GLIBCXX_STRING)
#error "compute kernel headers must not include <map>, <functional> or <string>"
#endif

// Overload sets that differ by era must all resolve.
void ttsim_headers_compile_check() {
  matmul_tiles(0, 1, 0, 0, 0);
  matmul_tiles(0, 1, 0, 0, 0, 1);
  reduce_init<true>(0, 2, 16);
  reduce_init<PoolType::SUM, ReduceDim::REDUCE_SCALAR>(0, 2, 16);
  sigmoid_tile(0);
  sigmoid_tile<true>(0);
  sigmoid_tile<VectorMode::RC, true>(0);
  exp_tile<true>(0);
  exp_tile_init<true>();
  compute_kernel_hw_startup(0, 16);
  compute_kernel_hw_startup(0, 1, 16);
  compute_kernel_hw_startup<SrcOrder::Reverse>(0, 1, 16);
  binary_max_tile(0, 1);
  binary_max_tile(0, 1, 2);
  pack_tile(0, 16);
  pack_tile<true>(0, 16, 3);
}

void ttsim_qualified_calls_check() {
  ckernel::cb_wait_front(0, 1);  // the SDK's namespace works for CB calls too
  ckernel::pack_tile(0, 16);
  cb_pop_front(0, 1);
}
