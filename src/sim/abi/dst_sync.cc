// Kernel ABI, DST synchronisation between MATH and PACK: tile_regs_acquire/commit/wait/release
// and the deprecated acquire_dst/release_dst (one fiber runs the UNPACK, MATH and PACK threads in
// order). Cost: ApiCall::DstSync (compute.dst_sync_cycles); the half/full-sync waits are the
// Recorder's thread timelines (timing/recorder.cc, Recorder::dst).
#include <algorithm>
#include "sim/abi/abi_util.h"

using namespace ttsim;
using namespace ttsim::abi;

namespace ttsim::abi {

Task& compute_task(const char* call) {
  Engine& e = eng();
  Task& t = e.task();
  if (t.risc != 2) {
    e.fail(t, call, "only compute kernels own DST");
  }
  return t;
}

// Zeroes the DST tiles a kernel can address (dst_tile rejects indices from dst_capacity on);
// nothing in timing-only runs, where no op reads DST values.
void clear_dst(Task& t) {
  if (t.timing_only()) {
    return;
  }
  std::fill(t.dst.begin(), t.dst.begin() + size_t(t.dst_capacity) * 1024, 0.0f);
}

bool full_sync(const Task& t) { return t.kernel && t.kernel->compute.dst_full_sync; }

}  // namespace ttsim::abi

extern "C" {

void ttsim_tile_regs_acquire(void) {
  Task& t = compute_task("tile_regs_acquire");
  if (t.dst_state != DstState::Free) {
    t.fail("tile_regs_acquire", "DST is already acquired (missing tile_regs_release)");
  }
  clear_dst(t);  // the packer zeroes the half it drained
  t.dst_acquired();
  t.dst_state = DstState::Acquired;
  eng().recorder().dst(t, timing::Dst::Acquire, full_sync(t));
  eng().charge_call(ApiCall::DstSync);
}

void ttsim_tile_regs_commit(void) {
  Task& t = compute_task("tile_regs_commit");
  if (t.dst_state != DstState::Acquired) {
    t.fail("tile_regs_commit", "DST was not acquired by tile_regs_acquire");
  }
  t.dst_state = DstState::Committed;
  eng().recorder().dst(t, timing::Dst::Commit, full_sync(t));
  eng().charge_call(ApiCall::DstSync);
}

void ttsim_tile_regs_wait(void) {
  Task& t = compute_task("tile_regs_wait");
  if (t.dst_state != DstState::Committed) {
    t.fail("tile_regs_wait", "waits for DST that math has not committed (tile_regs_commit)");
  }
  t.dst_state = DstState::Waited;
  eng().recorder().dst(t, timing::Dst::Wait, full_sync(t));
  eng().charge_call(ApiCall::DstSync);
}

void ttsim_tile_regs_release(void) {
  Task& t = compute_task("tile_regs_release");
  if (t.dst_state != DstState::Waited) {
    t.fail("tile_regs_release", "releases DST that the packer did not wait for (tile_regs_wait)");
  }
  t.dst_state = DstState::Free;
  eng().recorder().dst(t, timing::Dst::Release, full_sync(t));
  eng().charge_call(ApiCall::DstSync);
}

void ttsim_acquire_dst(void) {
  Task& t = compute_task("acquire_dst");
  if (t.dst_state != DstState::Free) {
    t.fail("acquire_dst", "DST is already acquired");
  }
  clear_dst(t);
  t.dst_acquired();
  t.dst_state = DstState::Legacy;
  eng().recorder().dst(t, timing::Dst::LegacyAcquire, full_sync(t));
  eng().charge_call(ApiCall::DstSync);
}

void ttsim_release_dst(void) {
  Task& t = compute_task("release_dst");
  if (t.dst_state == DstState::Free) {
    // A release_dst() after tile_regs_release() (seen in official kernels) is a no-op on hardware.
    return lenient(eng(), "release_dst", "DST is already released (tile_regs_release); no-op");
  }
  if (t.dst_state != DstState::Legacy) {
    t.fail("release_dst", "DST was not acquired by acquire_dst");
  }
  eng().recorder().dst(t, timing::Dst::LegacyRelease, full_sync(t));
  t.dst_state = DstState::Free;
  eng().charge_call(ApiCall::DstSync);
}

}  // extern "C"
