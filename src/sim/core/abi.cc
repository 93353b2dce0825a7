// The kernel ABI (ttsim/abi.h) for arguments, memory, CBs, NoC, semaphores, DST sync and misc:
// each call acts on the running (core, RISC), checks the hardware contract, charges time.
#include "ttsim/abi.h"

#include <cstdio>
#include <cstring>
#include <memory>
#include <cstdlib>
#include <string>
#include <vector>

#include "sim/core/engine.h"
#include "sim/core/strict.h"
#include "sim/timing/recorder.h"
#include "ttsim/error.hpp"

using namespace ttsim;

namespace {

Engine& eng() {
  Engine* e = Engine::current();
  if (!e) throw tt::tt_metal::SimulatorError("ttsim: kernel API called outside a running kernel");
  return *e;
}

std::string nstr(uint64_t v) { return std::to_string(v); }

std::string hexs(uint64_t v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
  return buf;
}

CbState& cb_of(Engine& e, int32_t cb, const char* call) {
  Task& t = e.task();
  auto& cbs = e.core(t.core).cbs;
  if (cb < 0 || static_cast<size_t>(cb) >= cbs.size() || !cbs[cb].configured) {
    e.fail(
        t, call,
        "circular buffer " + nstr(static_cast<uint32_t>(cb)) + " is not configured on this core");
  }
  return cbs[cb];
}

std::string cb_detail(const CbState& s, int32_t cb) {
  return "CB " + nstr(cb) + " (" + nstr(s.num_pages) + " pages: received " + nstr(s.received) +
         ", acked " + nstr(s.acked) + ", " + nstr(s.received - s.acked) + " filled)";
}

void lenient(Engine& e, const char* call, const std::string& message) {
  ttsim::lenient(e, e.task(), call, message);
}

uint32_t noc_of(Engine& e, int noc) { return noc == 1 ? 1 : 0; }

int trid_of(int trid) { return trid >= 0 && trid < 16 ? trid : -1; }

// Timing-only runs skip payload copies of this size and up; smaller writes (semaphores, flags)
// still land because kernels' control flow reads them.
constexpr uint32_t kTimingOnlyMinPayload = 64;

}  // namespace

extern "C" {

// ---- Arguments ----------------------------------------------------------------------------------

uint32_t ttsim_get_arg(int idx) {
  Engine& e = eng();
  Task& t = e.task();
  size_t n = 0;
  if (auto it = t.kernel->runtime_args.find(t.core); it != t.kernel->runtime_args.end()) {
    n = it->second.size();
  }
  if (idx < 0 || static_cast<size_t>(idx) >= n) {
    e.fail(
        t, "get_arg_val",
        "runtime arg " + std::to_string(idx) + " was not set (" + nstr(n) + " set for this core)");
  }
  uint32_t v;
  std::memcpy(&v, e.l1(t.core, L1Layout::kArgsBase + t.risc * L1Layout::kArgsStride + idx * 4), 4);
  e.step(e.cost().call_cycles(e.device().spec(), ApiCall::Arg));
  return v;
}

uint32_t ttsim_get_common_arg(int idx) {
  Engine& e = eng();
  Task& t = e.task();
  if (idx < 0 || static_cast<size_t>(idx) >= t.kernel->common_args.size()) {
    e.fail(t, "get_common_arg_val",
           "common runtime arg " + std::to_string(idx) + " was not set (" +
               nstr(t.kernel->common_args.size()) + " set)");
  }
  uint32_t v;
  std::memcpy(
      &v, e.l1(t.core, L1Layout::kCommonArgsBase + t.risc * L1Layout::kArgsStride + idx * 4), 4);
  e.step(e.cost().call_cycles(e.device().spec(), ApiCall::Arg));
  return v;
}

uintptr_t ttsim_get_arg_addr(int idx) {
  Task& t = eng().task();
  return L1Layout::kArgsBase + t.risc * L1Layout::kArgsStride + idx * 4;
}

uintptr_t ttsim_get_common_arg_addr(int idx) {
  Task& t = eng().task();
  return L1Layout::kCommonArgsBase + t.risc * L1Layout::kArgsStride + idx * 4;
}

// ---- Memory -------------------------------------------------------------------------------------

void* ttsim_l1_ptr(uint32_t l1_addr, uint32_t size) {
  Engine& e = eng();
  e.check_local_l1(l1_addr, size, "L1 access");
  return reinterpret_cast<void*>(static_cast<uintptr_t>(l1_addr));
}

uint32_t ttsim_my_x(int noc) {
  Engine& e = eng();
  return e.device().physical_of(e.task().core).x;
}

uint32_t ttsim_my_y(int noc) {
  Engine& e = eng();
  return e.device().physical_of(e.task().core).y;
}

// ---- Circular buffers
// -----------------------------------------------------------------------------

void ttsim_cb_reserve_back(int32_t cb, int32_t n) {
  Engine& e = eng();
  CbState& s = cb_of(e, cb, "cb_reserve_back");
  if (n == 0) {
    return lenient(e, "cb_reserve_back", "reserves 0 pages of CB " + nstr(cb) + " (a no-op)");
  }
  if (n < 0 || static_cast<uint32_t>(n) > s.num_pages) {
    e.fail(e.task(), "cb_reserve_back",
           "reserves " + std::to_string(n) + " pages of CB " + nstr(cb) + " which holds " +
               nstr(s.num_pages));
  }
  CbState* sp = &s;
  timing::cb(e.task(), timing::Cb::Reserve, cb, n);
  e.block("cb_reserve_back",
          [sp, n] { return sp->num_pages - (sp->received - sp->acked) >= static_cast<uint32_t>(n); },
          [sp, cb, n] { return cb_detail(*sp, cb) + ", needs " + std::to_string(n) + " free"; });
  timing::cb(e.task(), timing::Cb::Reserved, cb, n);
  if (static_cast<uint32_t>(n) > s.reserved) s.reserved = static_cast<uint32_t>(n);
  e.step(e.cost().call_cycles(e.device().spec(), ApiCall::CbReserve));
}

void ttsim_cb_push_back(int32_t cb, int32_t n) {
  Engine& e = eng();
  Task& t = e.task();
  CbState& s = cb_of(e, cb, "cb_push_back");
  if (n > 0 && static_cast<uint32_t>(n) > s.reserved) {
    // The hardware only advances the CB's counters; a push without a reserve works when the
    // producer knows the space is free.
    lenient(e, "cb_push_back",
            "pushes " + std::to_string(n) + " pages to CB " + nstr(cb) + " but only " +
                nstr(s.reserved) + " are reserved (call cb_reserve_back first)");
    s.reserved = static_cast<uint32_t>(n);
  }
  if (n <= 0 || static_cast<uint32_t>(n) > s.reserved) {
    e.fail(t, "cb_push_back",
           "pushes " + std::to_string(n) + " pages to CB " + nstr(cb) + " but only " +
               nstr(s.reserved) + " are reserved (call cb_reserve_back first)");
  }
  uint64_t next = s.wr_ptr + uint64_t(n) * s.page_size;
  if (next > s.base + s.size) {
    e.fail(t, "cb_push_back",
           "write pointer of CB " + nstr(cb) + " would pass the end of the CB: pushes within one " +
               "trip round the CB must add up to exactly its " + nstr(s.num_pages) + " pages");
  }
  timing::cb(t, timing::Cb::Push, cb, n);
  s.wr_ptr = next == s.base + s.size ? s.base : static_cast<uint32_t>(next);
  s.received += static_cast<uint32_t>(n);
  s.reserved -= static_cast<uint32_t>(n);
  s.last_push_time = t.clock;
  e.mark_dirty(t.core);
  e.step(e.cost().call_cycles(e.device().spec(), ApiCall::CbPush));
}

void ttsim_cb_wait_front(int32_t cb, int32_t n) {
  Engine& e = eng();
  CbState& s = cb_of(e, cb, "cb_wait_front");
  if (n == 0) {
    return lenient(e, "cb_wait_front", "waits for 0 pages of CB " + nstr(cb) + " (a no-op)");
  }
  if (n < 0 || static_cast<uint32_t>(n) > s.num_pages) {
    e.fail(e.task(), "cb_wait_front",
           "waits for " + std::to_string(n) + " pages of CB " + nstr(cb) + " which holds " +
               nstr(s.num_pages) + " (this can never complete)");
  }
  CbState* sp = &s;
  timing::cb(e.task(), timing::Cb::Wait, cb, n);
  e.block("cb_wait_front",
          [sp, n] { return sp->received - sp->acked >= static_cast<uint32_t>(n); },
          [sp, cb, n] { return cb_detail(*sp, cb) + ", needs " + std::to_string(n) + " filled"; });
  timing::cb(e.task(), timing::Cb::Waited, cb, n);
  if (static_cast<uint32_t>(n) > s.waited) s.waited = static_cast<uint32_t>(n);
  e.step(e.cost().call_cycles(e.device().spec(), ApiCall::CbWait));
}

void ttsim_cb_pop_front(int32_t cb, int32_t n) {
  Engine& e = eng();
  Task& t = e.task();
  CbState& s = cb_of(e, cb, "cb_pop_front");
  if (n > 0 && static_cast<uint32_t>(n) > s.waited && s.aliased) {
    lenient(e, "cb_pop_front",
            "pops " + std::to_string(n) + " pages of CB " + nstr(cb) +
                " (aliasing an L1 buffer) without a cb_wait_front for them");
    s.waited = static_cast<uint32_t>(n);
  }
  if (n <= 0 || static_cast<uint32_t>(n) > s.waited) {
    e.fail(t, "cb_pop_front",
           "pops " + std::to_string(n) + " pages of CB " + nstr(cb) + " but only " +
               nstr(s.waited) + " were waited for (call cb_wait_front first)");
  }
  uint64_t next = s.rd_ptr + uint64_t(n) * s.page_size;
  if (next > s.base + s.size) {
    e.fail(t, "cb_pop_front",
           "read pointer of CB " + nstr(cb) + " would pass the end of the CB: pops within one " +
               "trip round the CB must add up to exactly its " + nstr(s.num_pages) + " pages");
  }
  timing::cb(t, timing::Cb::Pop, cb, n);
  s.rd_ptr = next == s.base + s.size ? s.base : static_cast<uint32_t>(next);
  s.acked += static_cast<uint32_t>(n);
  s.waited -= static_cast<uint32_t>(n);
  e.mark_dirty(t.core);
  e.step(e.cost().call_cycles(e.device().spec(), ApiCall::CbPop));
}

uint32_t ttsim_get_write_ptr(uint32_t cb) {
  Engine& e = eng();
  return cb_of(e, static_cast<int32_t>(cb), "get_write_ptr").wr_ptr;
}

uint32_t ttsim_get_read_ptr(uint32_t cb) {
  Engine& e = eng();
  CbState& s = cb_of(e, static_cast<int32_t>(cb), "get_read_ptr");
  if (s.waited == 0) {
    // Production readers take a CB's base address this way before any data arrives.
    lenient(e, "get_read_ptr",
            "CB " + nstr(cb) + " read pointer taken before any cb_wait_front on it");
  }
  return s.rd_ptr;
}

int ttsim_cb_pages_reservable_at_back(int32_t cb, int32_t n) {
  Engine& e = eng();
  CbState& s = cb_of(e, cb, "cb_pages_reservable_at_back");
  e.step(e.cost().call_cycles(e.device().spec(), ApiCall::CbQuery));
  return s.num_pages - (s.received - s.acked) >= static_cast<uint32_t>(n);
}

int ttsim_cb_pages_available_at_front(int32_t cb, int32_t n) {
  Engine& e = eng();
  CbState& s = cb_of(e, cb, "cb_pages_available_at_front");
  e.step(e.cost().call_cycles(e.device().spec(), ApiCall::CbQuery));
  return s.received - s.acked >= static_cast<uint32_t>(n);
}

uint32_t ttsim_cb_page_size(uint32_t cb) {
  Engine& e = eng();
  return cb_of(e, static_cast<int32_t>(cb), "get_tile_size").page_size;
}

uint32_t ttsim_cb_data_format(uint32_t cb) {
  Engine& e = eng();
  return static_cast<uint32_t>(cb_of(e, static_cast<int32_t>(cb), "get_dataformat").format);
}

// ---- NoC
// ------------------------------------------------------------------------------------------

uint64_t ttsim_noc_xy_addr(uint32_t x, uint32_t y, uint64_t local, int noc) {
  return (uint64_t(y & 63) << 54) | (uint64_t(x & 63) << 48) | (uint64_t(y & 63) << 42) |
         (uint64_t(x & 63) << 36) | (local & ((1ull << 36) - 1));
}

uint64_t ttsim_noc_mcast_addr(uint32_t x0, uint32_t y0, uint32_t x1, uint32_t y1, uint64_t local,
                              int noc) {
  return (uint64_t(y0 & 63) << 54) | (uint64_t(x0 & 63) << 48) | (uint64_t(y1 & 63) << 42) |
         (uint64_t(x1 & 63) << 36) | (local & ((1ull << 36) - 1));
}

uint64_t ttsim_bank_noc_addr(int is_dram, uint32_t bank, uint64_t offset, int noc) {
  Engine& e = eng();
  const ArchSpec& s = e.device().spec();
  if (is_dram) {
    if (bank >= s.num_dram_banks()) {
      e.fail(
          e.task(), "get_noc_addr_from_bank_id",
          "DRAM bank " + nstr(bank) + " does not exist (" + nstr(s.num_dram_banks()) + " banks)");
    }
    XY xy = s.dram_bank_xy(bank);
    uint64_t view = s.dram_views > 1 ? bank % s.dram_views : 0;
    return ttsim_noc_xy_addr(xy.x, xy.y, offset + view * s.view_offset, noc);
  }
  if (bank >= e.device().num_cores()) {
    e.fail(
        e.task(), "get_noc_addr_from_bank_id",
        "L1 bank " + nstr(bank) + " does not exist (" + nstr(e.device().num_cores()) + " banks)");
  }
  XY xy = e.device().physical_of(bank);
  return ttsim_noc_xy_addr(xy.x, xy.y, offset, noc);
}

uint32_t ttsim_num_banks(int is_dram) {
  Engine& e = eng();
  return is_dram ? e.device().spec().num_dram_banks() : e.device().num_cores();
}

uint32_t ttsim_dram_alignment(void) { return eng().device().spec().dram_alignment; }
uint32_t ttsim_l1_alignment(void) { return eng().device().spec().l1_alignment; }

void ttsim_noc_read(uint64_t src_noc_addr, uint32_t dst_l1, uint32_t size, int noc, int trid) {
  Engine& e = eng();
  Task& t = e.task();
  if (size == 0) return;
  e.check_local_l1(dst_l1, size, "noc_async_read");
  Engine::Target src = e.resolve(src_noc_addr, size, "noc_async_read");
  NocTransfer tr{src.xy, e.device().physical_of(t.core), size, src.dram, true, noc, 1};
  tr.dram_bank = src.bank;
  uint64_t done = timing::noc(t, tr, "noc_async_read").done;
  bool copy = !timing::timing_only() || size < kTimingOnlyMinPayload;
  uint32_t n = noc_of(e, noc);
  int id = trid_of(trid);
  t.noc[n].reads++;
  if (id >= 0) t.noc[n].trid_reads[id]++;
  uint8_t* dst = e.l1(t.core, dst_l1);
  Task* tp = &t;
  e.post(done, [&e, tp, n, id, dst, from = src.ptr, size, copy] {
    if (copy) std::memmove(dst, from, size);
    tp->noc[n].reads--;
    if (id >= 0) tp->noc[n].trid_reads[id]--;
    e.mark_dirty(tp->core);
  });
  e.step(e.cost().call_cycles(e.device().spec(), ApiCall::NocIssue));
}

static void post_write(Engine& e, Task& t, std::vector<uint32_t> cores, uint8_t* dram_dst,
                       uint32_t dst_off, const uint8_t* src, uint32_t size, uint64_t done,
                       uint32_t n, int id, bool atomic_inc, uint32_t incr) {
  Task* tp = &t;
  auto data = std::make_shared<std::vector<uint8_t>>();
  bool copy = !timing::timing_only() || size < kTimingOnlyMinPayload;
  if (!atomic_inc && copy) data->assign(src, src + size);  // the source is read as the packet departs
  if (atomic_inc) {
    t.noc[n].atomics++;
  } else {
    t.noc[n].writes++;
    if (id >= 0) t.noc[n].trid_writes[id]++;
  }
  e.post(done, [&e, tp, cores = std::move(cores), dram_dst, dst_off, data, size, n, id,
                atomic_inc, incr, copy] {
    if (atomic_inc) {
      for (uint32_t c : cores) {
        uint32_t v;
        std::memcpy(&v, e.l1(c, dst_off), 4);
        v += incr;
        std::memcpy(e.l1(c, dst_off), &v, 4);
        e.mark_dirty(c);
      }
      tp->noc[n].atomics--;
    } else {
      if (dram_dst && copy) std::memcpy(dram_dst, data->data(), size);
      for (uint32_t c : cores) {
        if (copy) std::memcpy(e.l1(c, dst_off), data->data(), size);
        e.mark_dirty(c);
      }
      tp->noc[n].writes--;
      if (id >= 0) tp->noc[n].trid_writes[id]--;
    }
    e.mark_dirty(tp->core);
  });
}

static void unicast_write(const char* call, uint32_t src_l1, uint64_t dst_noc_addr, uint32_t size,
                          int noc, int trid, bool atomic_inc, uint32_t incr) {
  Engine& e = eng();
  Task& t = e.task();
  if (size == 0) return;
  Engine::Target dst = e.resolve(dst_noc_addr, size, call);
  if (atomic_inc && dst.dram) e.fail(t, call, "semaphore increments must target L1, not DRAM");
  if (!atomic_inc) e.check_local_l1(src_l1, size, call);
  NocTransfer tr{e.device().physical_of(t.core), dst.xy, size, dst.dram, false, noc, 1};
  tr.dram_bank = dst.bank;
  NocTiming tm = timing::noc(t, tr, call);
  uint64_t done = tm.done;
  uint32_t n = noc_of(e, noc);
  t.noc[n].last_depart = std::max(t.noc[n].last_depart, tm.depart);
  std::vector<uint32_t> cores;
  uint32_t off = 0;
  if (!dst.dram) {
    cores.push_back(static_cast<uint32_t>(dst.core));
    off = static_cast<uint32_t>(dst_noc_addr & ((1ull << 36) - 1));
  }
  post_write(e, t, std::move(cores), dst.dram ? dst.ptr : nullptr, off,
             atomic_inc ? nullptr : e.l1(t.core, src_l1), size, done, n, trid_of(trid), atomic_inc,
             incr);
  e.step(e.cost().call_cycles(e.device().spec(), ApiCall::NocIssue));
}

void ttsim_noc_write(uint32_t src_l1, uint64_t dst_noc_addr, uint32_t size, int noc, int trid,
                     int posted) {
  unicast_write("noc_async_write", src_l1, dst_noc_addr, size, noc, trid, false, 0);
}

static void mcast(const char* call, uint32_t src_l1, uint64_t dst_mcast, uint32_t size,
                  uint32_t num_dests, int loopback, int noc, bool atomic_inc, uint32_t incr) {
  Engine& e = eng();
  Task& t = e.task();
  std::vector<uint32_t> cores = e.mcast_cores(dst_mcast, call);
  std::vector<uint32_t> receivers;
  for (uint32_t c : cores) {
    if (c != t.core || loopback) receivers.push_back(c);
  }
  if (receivers.size() != num_dests) {
    e.fail(t, call,
           "num_dests is " + nstr(num_dests) + " but the rectangle holds " +
               nstr(receivers.size()) + " receiving cores" +
               (loopback ? " (including the sender)" : " (sender excluded)"));
  }
  uint32_t off = static_cast<uint32_t>(dst_mcast & ((1ull << 36) - 1));
  if (off < L1Layout::kFirmwareEnd || uint64_t(off) + size > e.device().spec().l1_size) {
    e.fail(t, call,
           "multicast destination [" + hexs(off) + ", " + hexs(uint64_t(off) + size) +
               ") is outside L1");
  }
  if (!atomic_inc) e.check_local_l1(src_l1, size, call);
  XY me = e.device().physical_of(t.core);
  NocTransfer tr{me, me, size, false, false, noc, num_dests};
  tr.mcast = true;
  tr.mcast_lo = {static_cast<uint32_t>((dst_mcast >> 48) & 63),
                 static_cast<uint32_t>((dst_mcast >> 54) & 63)};
  tr.mcast_hi = {static_cast<uint32_t>((dst_mcast >> 36) & 63),
                 static_cast<uint32_t>((dst_mcast >> 42) & 63)};
  tr.loopback = loopback != 0;
  NocTiming tm = timing::noc(t, tr, call);
  uint32_t n = noc_of(e, noc);
  t.noc[n].last_depart = std::max(t.noc[n].last_depart, tm.depart);
  post_write(e, t, std::move(receivers), nullptr, off, atomic_inc ? nullptr : e.l1(t.core, src_l1),
             size, tm.done, n, -1, atomic_inc, incr);
  e.step(e.cost().call_cycles(e.device().spec(), ApiCall::NocIssue));
}

void ttsim_noc_write_multicast(uint32_t src_l1, uint64_t dst_mcast, uint32_t size,
                               uint32_t num_dests, int loopback, int noc) {
  if (size == 0) return;
  mcast(loopback ? "noc_async_write_multicast_loopback_src" : "noc_async_write_multicast", src_l1,
        dst_mcast, size, num_dests, loopback, noc, false, 0);
}

void ttsim_noc_inline_write(uint64_t dst_noc_addr, uint32_t value, int noc) {
  Engine& e = eng();
  Task& t = e.task();
  Engine::Target dst = e.resolve(dst_noc_addr, 4, "noc_inline_dw_write");
  if (dst.dram) e.fail(t, "noc_inline_dw_write", "inline writes cannot target DRAM");
  NocTransfer tr{e.device().physical_of(t.core), dst.xy, 4, false, false, noc, 1};
  uint64_t done = timing::noc(t, tr, "noc_inline_dw_write").done;
  uint32_t off = static_cast<uint32_t>(dst_noc_addr & ((1ull << 36) - 1));
  uint8_t bytes[4];
  std::memcpy(bytes, &value, 4);
  post_write(e, t, {static_cast<uint32_t>(dst.core)}, nullptr, off, bytes, 4, done, noc_of(e, noc),
             -1, false, 0);
  e.step(e.cost().call_cycles(e.device().spec(), ApiCall::NocIssue));
}

static void barrier(const char* call, int noc, std::function<bool(const NocCounters&)> done,
                    std::string what) {
  Engine& e = eng();
  Task& t = e.task();
  for (uint32_t n = 0; n < 2; ++n) {
    if (noc >= 0 && static_cast<uint32_t>(noc) != n) continue;
    NocCounters* c = &t.noc[n];
    e.block(
        call, [c, done] { return done(*c); },
        [c, what, n] {
          return what + " on NoC" + std::to_string(n) + " (" + std::to_string(c->reads) +
                 " reads, " + std::to_string(c->writes) + " writes, " + std::to_string(c->atomics) +
                 " atomics outstanding)";
        });
  }
  e.step(e.cost().call_cycles(e.device().spec(), ApiCall::Barrier));
}

void ttsim_noc_read_barrier(int noc, int trid) {
  int id = trid_of(trid);
  barrier(
      "noc_async_read_barrier", noc,
      [id](const NocCounters& c) { return id >= 0 ? c.trid_reads[id] == 0 : c.reads == 0; },
      "reads");
}

void ttsim_noc_write_barrier(int noc, int trid) {
  int id = trid_of(trid);
  barrier(
      "noc_async_write_barrier", noc,
      [id](const NocCounters& c) { return id >= 0 ? c.trid_writes[id] == 0 : c.writes == 0; },
      "writes");
}

void ttsim_noc_writes_flushed(int noc) {
  Engine& e = eng();
  Task& t = e.task();
  for (uint32_t n = 0; n < 2; ++n) {
    if (noc < 0 || static_cast<uint32_t>(noc) == n) {
      t.clock = std::max(t.clock, t.noc[n].last_depart);
    }
  }
  e.step(e.cost().call_cycles(e.device().spec(), ApiCall::Barrier));
}

void ttsim_noc_atomic_barrier(int noc) {
  barrier(
      "noc_async_atomic_barrier", noc, [](const NocCounters& c) { return c.atomics == 0; },
      "atomics");
}

void ttsim_noc_full_barrier(int noc) {
  barrier(
      "noc_async_full_barrier", noc,
      [](const NocCounters& c) { return c.reads == 0 && c.writes == 0 && c.atomics == 0; },
      "transactions");
}

// ---- Semaphores
// -----------------------------------------------------------------------------------

uint32_t ttsim_get_semaphore(uint32_t id) {
  Engine& e = eng();
  if (id >= L1Layout::kNumSems) {
    e.fail(e.task(), "get_semaphore", "semaphore id " + nstr(id) + " out of range");
  }
  return L1Layout::kSemBase + id * L1Layout::kSemStride;
}

void ttsim_sem_wait(uint32_t l1_addr, uint32_t value, int at_least) {
  Engine& e = eng();
  Task& t = e.task();
  const char* call = at_least ? "noc_semaphore_wait_min" : "noc_semaphore_wait";
  e.check_local_l1(l1_addr, 4, call);
  const uint8_t* p = e.l1(t.core, l1_addr);
  auto read = [p] {
    uint32_t v;
    std::memcpy(&v, p, 4);
    return v;
  };
  e.block(
      call, [read, value, at_least] { return at_least ? read() >= value : read() == value; },
      [read, value, at_least, l1_addr] {
        return "semaphore at L1 " + hexs(l1_addr) + " is " + std::to_string(read()) +
               ", waiting for " + (at_least ? ">= " : "== ") + std::to_string(value);
      });
  e.step(e.cost().call_cycles(e.device().spec(), ApiCall::Semaphore));
}

void ttsim_sem_set(uint32_t l1_addr, uint32_t value) {
  Engine& e = eng();
  Task& t = e.task();
  e.check_local_l1(l1_addr, 4, "noc_semaphore_set");
  std::memcpy(e.l1(t.core, l1_addr), &value, 4);
  e.mark_dirty(t.core);
  e.step(e.cost().call_cycles(e.device().spec(), ApiCall::Semaphore));
}

void ttsim_sem_inc(uint64_t noc_addr, uint32_t incr, int noc) {
  unicast_write("noc_semaphore_inc", 0, noc_addr, 4, noc, -1, true, incr);
}

void ttsim_sem_inc_multicast(uint64_t mcast_addr, uint32_t incr, uint32_t num_dests, int noc) {
  mcast("noc_semaphore_inc_multicast", 0, mcast_addr, 4, num_dests, 0, noc, true, incr);
}

void ttsim_sem_set_remote(uint32_t src_l1, uint64_t dst_noc_addr, int noc) {
  unicast_write("noc_semaphore_set_remote", src_l1, dst_noc_addr, 4, noc, -1, false, 0);
}

void ttsim_sem_set_multicast(uint32_t src_l1, uint64_t dst_mcast, uint32_t num_dests, int loopback,
                             int noc) {
  mcast(loopback ? "noc_semaphore_set_multicast_loopback_src" : "noc_semaphore_set_multicast",
        src_l1, dst_mcast, 4, num_dests, loopback, noc, false, 0);
}

// ---- DST synchronisation (one fiber runs the UNPACK, MATH and PACK threads in order) -----------

static Task& compute_task(const char* call) {
  Engine& e = eng();
  Task& t = e.task();
  if (t.risc != 2) e.fail(t, call, "only compute kernels own DST");
  return t;
}

// Zeroes the DST tiles a kernel can address (dst_tile rejects indices from dst_capacity on);
// nothing in timing-only runs, where no op reads DST values.
static void clear_dst(Task& t) {
  if (t.timing_only()) return;
  std::fill(t.dst.begin(), t.dst.begin() + size_t(t.dst_capacity) * 1024, 0.0f);
}

void ttsim_tile_regs_acquire(void) {
  Task& t = compute_task("tile_regs_acquire");
  if (t.dst_state != DstState::Free) {
    t.fail("tile_regs_acquire", "DST is already acquired (missing tile_regs_release)");
  }
  clear_dst(t);  // the packer zeroes the half it drained
  t.dst_state = DstState::Acquired;
  timing::dst(t, timing::Dst::Acquire);
  eng().step(eng().cost().call_cycles(eng().device().spec(), ApiCall::DstSync));
}

void ttsim_tile_regs_commit(void) {
  Task& t = compute_task("tile_regs_commit");
  if (t.dst_state != DstState::Acquired) {
    t.fail("tile_regs_commit", "DST was not acquired by tile_regs_acquire");
  }
  t.dst_state = DstState::Committed;
  timing::dst(t, timing::Dst::Commit);
  eng().step(eng().cost().call_cycles(eng().device().spec(), ApiCall::DstSync));
}

void ttsim_tile_regs_wait(void) {
  Task& t = compute_task("tile_regs_wait");
  if (t.dst_state != DstState::Committed) {
    t.fail("tile_regs_wait", "waits for DST that math has not committed (tile_regs_commit)");
  }
  t.dst_state = DstState::Waited;
  timing::dst(t, timing::Dst::Wait);
  eng().step(eng().cost().call_cycles(eng().device().spec(), ApiCall::DstSync));
}

void ttsim_tile_regs_release(void) {
  Task& t = compute_task("tile_regs_release");
  if (t.dst_state != DstState::Waited) {
    t.fail("tile_regs_release", "releases DST that the packer did not wait for (tile_regs_wait)");
  }
  t.dst_state = DstState::Free;
  timing::dst(t, timing::Dst::Release);
  eng().step(eng().cost().call_cycles(eng().device().spec(), ApiCall::DstSync));
}

void ttsim_acquire_dst(void) {
  Task& t = compute_task("acquire_dst");
  if (t.dst_state != DstState::Free) t.fail("acquire_dst", "DST is already acquired");
  clear_dst(t);
  t.dst_state = DstState::Legacy;
  timing::dst(t, timing::Dst::LegacyAcquire);
  eng().step(eng().cost().call_cycles(eng().device().spec(), ApiCall::DstSync));
}

void ttsim_release_dst(void) {
  Task& t = compute_task("release_dst");
  if (t.dst_state == DstState::Free) {
    // A release_dst() after tile_regs_release() (seen in official kernels) is a no-op on hardware.
    return lenient(eng(), "release_dst", "DST is already released (tile_regs_release); no-op");
  }
  if (t.dst_state != DstState::Legacy) t.fail("release_dst", "DST was not acquired by acquire_dst");
  timing::dst(t, timing::Dst::LegacyRelease);
  t.dst_state = DstState::Free;
  eng().step(eng().cost().call_cycles(eng().device().spec(), ApiCall::DstSync));
}

// ---- Misc
// -------------------------------------------------------------------------------------------

void ttsim_kernel_error(const char* call, const char* message) {
  Engine& e = eng();
  e.fail(e.task(), call, message);
}

void ttsim_dprint(const char* text) { ttsim_dprint_thread(text, -1); }

// Each line starts with "<device>:(x=X,y=Y):<RISC>: " (logical core; BR, NC, TR0/TR1/TR2 or TR
// for a compute kernel's plain DPRINT, which the simulator runs once, not on all three TRISCs),
// as the SDK's DPRINT server prints; TT_METAL_DPRINT_PREPEND_DEVICE_CORE_RISC=0 turns it off.
// Lines appear in simulated order, as each RISC's kernel reaches them.
void ttsim_dprint_thread(const char* text, int thread) {
  Engine& e = eng();
  Task& t = e.task();
  const char* pre = std::getenv("TT_METAL_DPRINT_PREPEND_DEVICE_CORE_RISC");
  std::string out;
  if (!(pre && std::string(pre) == "0")) {
    XY l = e.device().logical_of(t.core);
    std::string risc = t.risc == 0   ? "BR"
                       : t.risc == 1 ? "NC"
                       : thread >= 0 ? "TR" + std::to_string(thread)
                                     : "TR";
    std::string prefix =
        "0:(x=" + std::to_string(l.x) + ",y=" + std::to_string(l.y) + "):" + risc + ": ";
    bool start = true;
    for (const char* c = text; *c; ++c) {
      if (start) out += prefix;
      out += *c;
      start = *c == '\n';
    }
  } else {
    out = text;
  }
  std::fputs(out.c_str(), stdout);
  std::fflush(stdout);
  e.step(e.cost().call_cycles(e.device().spec(), ApiCall::Dprint));
}

uint64_t ttsim_cycle(void) { return eng().task().clock; }

uint32_t ttsim_logical_x(void) {
  Engine& e = eng();
  return e.device().logical_of(e.task().core).x;
}
uint32_t ttsim_logical_y(void) {
  Engine& e = eng();
  return e.device().logical_of(e.task().core).y;
}

}  // extern "C"
