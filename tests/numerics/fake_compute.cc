// The test-only compute core: CB bookkeeping, DST states and the ABI functions kernels call.
#include "fake_compute.h"

#include <cstring>

#include "ttsim/abi.h"

namespace ttsim {
namespace test {
namespace {
FakeCompute* g_current = nullptr;
}

FakeCompute::FakeCompute() { g_current = this; }
FakeCompute::~FakeCompute() { g_current = nullptr; }

void FakeCompute::add_cb(uint32_t id, tt::DataFormat fmt, uint32_t pages) {
  Cb c;
  c.fmt = fmt;
  c.page = num::tile_size_bytes(fmt) ? num::tile_size_bytes(fmt) : 1024;
  c.pages = pages;
  c.mem.assign(size_t(c.page) * pages, 0);
  cbs[id] = c;
}

FakeCompute::Cb& FakeCompute::cb(uint32_t id, const char* call) {
  auto it = cbs.find(id);
  if (it == cbs.end()) {
    fail(call, "CB " + std::to_string(id) + " is not configured");
  }
  return it->second;
}

void FakeCompute::push_tiles(uint32_t id, const std::vector<float>& tiles) {
  Cb& c = cb(id, "push_tiles");
  uint32_t n = static_cast<uint32_t>(tiles.size() / num::kTileElems);
  for (uint32_t t = 0; t < n; ++t) {
    if (c.avail + c.reserved >= c.pages) {
      fail("push_tiles", "CB full");
    }
    num::pack_tile(c.fmt, tiles.data() + size_t(t) * num::kTileElems,
                   &c.mem[size_t((c.wr) % c.pages) * c.page]);
    c.wr = (c.wr + 1) % c.pages;
    ++c.avail;
  }
}

std::vector<float> FakeCompute::pop_tiles(uint32_t id, uint32_t n) {
  Cb& c = cb(id, "pop_tiles");
  if (c.avail < n) {
    fail("pop_tiles", "only " + std::to_string(c.avail) + " tiles available");
  }
  std::vector<float> out(size_t(n) * num::kTileElems);
  for (uint32_t t = 0; t < n; ++t) {
    num::unpack_tile(c.fmt, &c.mem[size_t(c.rd) * c.page],
                     out.data() + size_t(t) * num::kTileElems);
    c.rd = (c.rd + 1) % c.pages;
    --c.avail;
  }
  return out;
}

void FakeCompute::push_raw(uint32_t id, const std::vector<uint8_t>& bytes) {
  Cb& c = cb(id, "push_raw");
  for (size_t off = 0; off < bytes.size(); off += c.page) {
    std::memcpy(&c.mem[size_t(c.wr) * c.page], bytes.data() + off, c.page);
    c.wr = (c.wr + 1) % c.pages;
    ++c.avail;
  }
}

std::vector<uint8_t> FakeCompute::pop_raw(uint32_t id, uint32_t n) {
  Cb& c = cb(id, "pop_raw");
  std::vector<uint8_t> out;
  for (uint32_t t = 0; t < n; ++t) {
    out.insert(out.end(), c.mem.begin() + size_t(c.rd) * c.page,
               c.mem.begin() + size_t(c.rd + 1) * c.page);
    c.rd = (c.rd + 1) % c.pages;
    --c.avail;
  }
  return out;
}

const uint8_t* FakeCompute::front_tile(uint32_t id, uint32_t index, const char* call) {
  Cb& c = cb(id, call);
  if (index >= c.avail) {
    fail(call, "reads tile " + std::to_string(index) + " of CB " + std::to_string(id) +
                   " but only " + std::to_string(c.avail) + " are available");
  }
  return &c.mem[size_t((c.rd + index) % c.pages) * c.page];
}

uint8_t* FakeCompute::back_tile(uint32_t id, uint32_t index, const char* call) {
  Cb& c = cb(id, call);
  if (index >= c.reserved) {
    fail(call, "writes tile " + std::to_string(index) + " of CB " + std::to_string(id) +
                   " but only " + std::to_string(c.reserved) + " are reserved");
  }
  return &c.mem[size_t((c.wr + index) % c.pages) * c.page];
}

tt::DataFormat FakeCompute::cb_format(uint32_t id) { return cb(id, "cb_format").fmt; }

float* FakeCompute::dst_tile(uint32_t idst, bool for_pack, const char* call) {
  if (dst_state == Dst::Free) {
    fail(call, "DST is not acquired");
  }
  if (for_pack && dst_state != Dst::Waited && dst_state != Dst::Legacy) {
    fail(call, "packs from DST before tile_regs_commit/tile_regs_wait");
  }
  if (!for_pack && dst_state != Dst::Acquired && dst_state != Dst::Legacy) {
    fail(call, "writes DST after tile_regs_commit");
  }
  uint32_t cap = cfg.fp32_dest_acc ? 4 : 8;
  if (idst >= cap) {
    fail(call, "DST overflow: tile " + std::to_string(idst));
  }
  return dst.data() + size_t(idst) * num::kTileElems;
}

void FakeCompute::charge(const char* what, uint64_t c) {
  cycles += c;
  charged[what] += c;
}

void FakeCompute::fail(const char* call, const std::string& message) {
  throw KernelFailure(std::string(call) + ": " + message);
}

FakeCompute& current() {
  if (!g_current) {
    throw KernelFailure("no fake compute context");
  }
  return *g_current;
}

}  // namespace test

ComputeContext& current_compute() { return test::current(); }

}  // namespace ttsim

using ttsim::test::current;
using ttsim::test::FakeCompute;

extern "C" {

void ttsim_cb_wait_front(int32_t cb, int32_t n) {
  auto& c = current().cb(cb, "cb_wait_front");
  if (c.avail < static_cast<uint32_t>(n)) {
    current().fail("cb_wait_front", "would block forever (test CB has too few tiles)");
  }
}
void ttsim_cb_pop_front(int32_t cb, int32_t n) {
  auto& c = current().cb(cb, "cb_pop_front");
  if (c.avail < static_cast<uint32_t>(n)) {
    current().fail("cb_pop_front", "pops more than available");
  }
  c.rd = (c.rd + n) % c.pages;
  c.avail -= n;
}
void ttsim_cb_reserve_back(int32_t cb, int32_t n) {
  auto& c = current().cb(cb, "cb_reserve_back");
  if (c.pages - c.avail < static_cast<uint32_t>(n)) {
    current().fail("cb_reserve_back", "would block forever (test CB full)");
  }
  c.reserved = n;
}
void ttsim_cb_push_back(int32_t cb, int32_t n) {
  auto& c = current().cb(cb, "cb_push_back");
  c.wr = (c.wr + n) % c.pages;
  c.avail += n;
  c.reserved = c.reserved > static_cast<uint32_t>(n) ? c.reserved - n : 0;
  current().cb_pushed(static_cast<uint32_t>(cb));
}
int ttsim_cb_pages_available_at_front(int32_t cb, int32_t n) {
  return current().cb(cb, "cb_pages_available_at_front").avail >= static_cast<uint32_t>(n);
}
int ttsim_cb_pages_reservable_at_back(int32_t cb, int32_t n) {
  auto& c = current().cb(cb, "cb_pages_reservable_at_back");
  return c.pages - c.avail >= static_cast<uint32_t>(n);
}
uint32_t ttsim_cb_page_size(uint32_t cb) { return current().cb(cb, "get_tile_size").page; }
uint32_t ttsim_get_arg(int idx) { return static_cast<uint32_t>(idx) * 10; }
uint32_t ttsim_get_common_arg(int idx) { return static_cast<uint32_t>(idx) * 100; }

void ttsim_tile_regs_acquire(void) {
  auto& f = current();
  if (f.dst_state != FakeCompute::Dst::Free) {
    f.fail("tile_regs_acquire", "already acquired");
  }
  std::fill(f.dst.begin(), f.dst.end(), 0.0f);
  f.dst_acquired();
  f.dst_state = FakeCompute::Dst::Acquired;
}
void ttsim_tile_regs_commit(void) {
  auto& f = current();
  if (f.dst_state != FakeCompute::Dst::Acquired) {
    f.fail("tile_regs_commit", "not acquired");
  }
  f.dst_state = FakeCompute::Dst::Committed;
}
void ttsim_tile_regs_wait(void) {
  auto& f = current();
  if (f.dst_state != FakeCompute::Dst::Committed) {
    f.fail("tile_regs_wait", "not committed");
  }
  f.dst_state = FakeCompute::Dst::Waited;
}
void ttsim_tile_regs_release(void) {
  auto& f = current();
  if (f.dst_state != FakeCompute::Dst::Waited) {
    f.fail("tile_regs_release", "not waited");
  }
  f.dst_state = FakeCompute::Dst::Free;
}
void ttsim_acquire_dst(void) {
  auto& f = current();
  if (f.dst_state != FakeCompute::Dst::Free) {
    f.fail("acquire_dst", "already acquired");
  }
  std::fill(f.dst.begin(), f.dst.end(), 0.0f);
  f.dst_acquired();
  f.dst_state = FakeCompute::Dst::Legacy;
}
void ttsim_release_dst(void) {
  auto& f = current();
  if (f.dst_state != FakeCompute::Dst::Legacy) {
    f.fail("release_dst", "not acquired");
  }
  f.dst_state = FakeCompute::Dst::Free;
}
void ttsim_kernel_error(const char* call, const char* message) { current().fail(call, message); }

}  // extern "C"

extern "C" uint32_t ttsim_cb_data_format(uint32_t cb) {
  return static_cast<uint32_t>(current().cb(cb, "get_dataformat").fmt);
}
