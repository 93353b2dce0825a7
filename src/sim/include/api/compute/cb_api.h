// Circular-buffer calls of a compute kernel (the simulator's cb_push_back also restarts the
// packer's sequential write cursor for that CB, as the hardware's does).
#pragma once
#include "api/compute/common.h"

#ifndef TTSIM_CB_API_DEFINED
#define TTSIM_CB_API_DEFINED
ALWI void cb_wait_front(uint32_t cbid, uint32_t ntiles) {
  ttsim_cb_wait_front(static_cast<int32_t>(cbid), static_cast<int32_t>(ntiles));
}
ALWI void cb_pop_front(uint32_t cbid, uint32_t ntiles) {
  ttsim_cb_pop_front(static_cast<int32_t>(cbid), static_cast<int32_t>(ntiles));
}
ALWI void cb_reserve_back(uint32_t cbid, uint32_t ntiles) {
  ttsim_cb_reserve_back(static_cast<int32_t>(cbid), static_cast<int32_t>(ntiles));
}
ALWI void cb_push_back(uint32_t cbid, uint32_t ntiles) {
  ttsim_cb_push_back(static_cast<int32_t>(cbid), static_cast<int32_t>(ntiles));
}
ALWI bool cb_pages_available_at_front(uint32_t cbid, uint32_t ntiles) {
  return ttsim_cb_pages_available_at_front(static_cast<int32_t>(cbid),
                                           static_cast<int32_t>(ntiles)) != 0;
}
ALWI bool cb_pages_reservable_at_back(uint32_t cbid, uint32_t ntiles) {
  return ttsim_cb_pages_reservable_at_back(static_cast<int32_t>(cbid),
                                           static_cast<int32_t>(ntiles)) != 0;
}
// The SDK declares these in namespace ckernel; kernels may call them qualified.
namespace ckernel {
using ::cb_pages_available_at_front;
using ::cb_pages_reservable_at_back;
using ::cb_pop_front;
using ::cb_push_back;
using ::cb_reserve_back;
using ::cb_wait_front;
}  // namespace ckernel
#endif
