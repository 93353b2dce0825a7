// Circular-buffer calls of a compute kernel; cb_push_back also restarts the packer's sequential
// write cursor for that CB, as the hardware's does.
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
  ttsim_compute_cb_pushed(cbid);
}
ALWI bool cb_pages_available_at_front(uint32_t cbid, uint32_t ntiles) {
  return ttsim_cb_pages_available_at_front(static_cast<int32_t>(cbid),
                                           static_cast<int32_t>(ntiles)) != 0;
}
ALWI bool cb_pages_reservable_at_back(uint32_t cbid, uint32_t ntiles) {
  return ttsim_cb_pages_reservable_at_back(static_cast<int32_t>(cbid),
                                           static_cast<int32_t>(ntiles)) != 0;
}
// L1 byte address of tile `tile_index` of the CB's front (received) pages, and one 32-bit word
// of it; the SDK distributes these to all three TRISCs, here the kernel runs once.
ALWI uint32_t get_tile_address(uint32_t cb_id, uint32_t tile_index) {
  return ttsim_get_read_ptr(cb_id) + ttsim_cb_page_size(cb_id) * tile_index;
}
ALWI uint32_t read_tile_value(uint32_t cb_id, uint32_t tile_index, uint32_t element_offset) {
  return reinterpret_cast<volatile uint32_t*>(
      static_cast<uintptr_t>(get_tile_address(cb_id, tile_index)))[element_offset];
}
// The SDK declares these in namespace ckernel; kernels may call them qualified.
namespace ckernel {
using ::get_tile_address;
using ::read_tile_value;
using ::cb_pages_available_at_front;
using ::cb_pages_reservable_at_back;
using ::cb_pop_front;
using ::cb_push_back;
using ::cb_reserve_back;
using ::cb_wait_front;
}  // namespace ckernel
#endif
