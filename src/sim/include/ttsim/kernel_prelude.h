// Included by the JIT wrapper before the kernel file: weak declarations of both kernel entry
// forms (`void kernel_main()` and era-A `namespace NAMESPACE { void MAIN { } }`) so the wrapper
// can call whichever the kernel defines.
#pragma once
#include "hostdevcommon/kernel_structs.h"
#include "ttsim/abi.h"

#ifndef NAMESPACE
#define NAMESPACE ttsim_kernel_ns
#endif
#ifndef MAIN
#define MAIN ttsim_kernel_main()
#endif

__attribute__((weak, visibility("hidden"))) void kernel_main();
namespace ttsim_kernel_ns {
__attribute__((weak, visibility("hidden"))) void ttsim_kernel_main();
}

// What the SDK's firmware wrappers make visible to every kernel without an include: DPRINT, and
// for data-movement kernels the whole data-movement API.
#include "api/debug/dprint.h"
#if defined(COMPILE_FOR_BRISC) || defined(COMPILE_FOR_NCRISC)
#include "api/dataflow/dataflow_api.h"
#endif
