// Kernel ABI, NoC: address encoding, bank addresses, async reads/writes/multicasts, inline writes,
// barriers and flushes. Cost: ApiCall::NocIssue (noc.issue_cycles) per call and
// ApiCall::Barrier (noc.barrier_cycles); the transfer itself is priced and booked by
// ICostModel::transfer (timing/calibrated_cost_model.cc, link/endpoint/DRAM contention).
#include <algorithm>
#include <cstring>
#include <memory>
#include "sim/abi/abi_util.h"

using namespace ttsim;
using namespace ttsim::abi;

namespace ttsim::abi {

void post_write(Engine& e, Task& t, std::vector<uint32_t> cores, uint8_t* dram_dst,
                uint32_t dst_off, const uint8_t* src, uint32_t size, uint64_t done, uint32_t n,
                int id, bool atomic_inc, uint32_t incr) {
  Task* tp = &t;
  auto data = std::make_shared<std::vector<uint8_t>>();
  bool copy = !e.settings().timing_only || size < kTimingOnlyMinPayload;
  if (!atomic_inc && copy) {
    data->assign(src, src + size);  // the source is read as the packet departs
  }
  if (atomic_inc) {
    t.noc[n].atomics++;
  } else {
    t.noc[n].writes++;
    if (id >= 0) {
      t.noc[n].trid_writes[id]++;
    }
  }
  e.post(done, [&e, tp, cores = std::move(cores), dram_dst, dst_off, data, size, n, id, atomic_inc,
                incr, copy] {
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
      if (dram_dst && copy) {
        std::memcpy(dram_dst, data->data(), size);
      }
      for (uint32_t c : cores) {
        if (copy) {
          std::memcpy(e.l1(c, dst_off), data->data(), size);
        }
        e.mark_dirty(c);
      }
      tp->noc[n].writes--;
      if (id >= 0) {
        tp->noc[n].trid_writes[id]--;
      }
    }
    e.mark_dirty(tp->core);
  });
}

void unicast_write(const char* call, uint32_t src_l1, uint64_t dst_noc_addr, uint32_t size, int noc,
                   int trid, bool atomic_inc, uint32_t incr) {
  Engine& e = eng();
  Task& t = e.task();
  if (size == 0) {
    return;
  }
  Engine::Target dst = e.resolve(dst_noc_addr, size, call);
  if (atomic_inc && dst.dram) {
    e.fail(t, call, "semaphore increments must target L1, not DRAM");
  }
  if (!atomic_inc) {
    e.check_local_l1(src_l1, size, call);
  }
  NocTransfer tr{e.device().physical_of(t.core), dst.xy, size, dst.dram, false, noc, 1};
  tr.dram_bank = dst.bank;
  NocTiming tm = e.recorder().noc(t, tr, call);
  uint64_t done = tm.done;
  uint32_t n = noc_of(noc);
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
  e.charge_call(ApiCall::NocIssue);
}

void mcast(const char* call, uint32_t src_l1, uint64_t dst_mcast, uint32_t size, uint32_t num_dests,
           int loopback, int noc, bool atomic_inc, uint32_t incr) {
  Engine& e = eng();
  Task& t = e.task();
  std::vector<uint32_t> cores = e.mcast_cores(dst_mcast, call);
  std::vector<uint32_t> receivers;
  for (uint32_t c : cores) {
    if (c != t.core || loopback) {
      receivers.push_back(c);
    }
  }
  if (receivers.size() != num_dests) {
    e.fail(t, call,
           "num_dests is " + nstr(num_dests) + " but the rectangle holds " +
               nstr(receivers.size()) + " receiving cores" +
               (loopback ? " (including the sender)" : " (sender excluded)"));
  }
  uint32_t off = static_cast<uint32_t>(dst_mcast & ((1ull << 36) - 1));
  if (off < L1Layout::kFirmwareEnd || uint64_t(off) + size > e.device().spec().desc->l1_size) {
    e.fail(t, call,
           "multicast destination [" + hexs(off) + ", " + hexs(uint64_t(off) + size) +
               ") is outside L1");
  }
  if (!atomic_inc) {
    e.check_local_l1(src_l1, size, call);
  }
  XY me = e.device().physical_of(t.core);
  NocTransfer tr{me, me, size, false, false, noc, num_dests};
  tr.mcast = true;
  tr.mcast_lo = {static_cast<uint32_t>((dst_mcast >> 48) & 63),
                 static_cast<uint32_t>((dst_mcast >> 54) & 63)};
  tr.mcast_hi = {static_cast<uint32_t>((dst_mcast >> 36) & 63),
                 static_cast<uint32_t>((dst_mcast >> 42) & 63)};
  tr.loopback = loopback != 0;
  NocTiming tm = e.recorder().noc(t, tr, call);
  uint32_t n = noc_of(noc);
  t.noc[n].last_depart = std::max(t.noc[n].last_depart, tm.depart);
  post_write(e, t, std::move(receivers), nullptr, off, atomic_inc ? nullptr : e.l1(t.core, src_l1),
             size, tm.done, n, -1, atomic_inc, incr);
  e.charge_call(ApiCall::NocIssue);
}

void barrier(const char* call, int noc, std::function<bool(const NocCounters&)> done,
             std::string what) {
  Engine& e = eng();
  Task& t = e.task();
  for (uint32_t n = 0; n < 2; ++n) {
    if (noc >= 0 && static_cast<uint32_t>(noc) != n) {
      continue;
    }
    NocCounters* c = &t.noc[n];
    e.block(
        call, [c, done] { return done(*c); },
        [c, what, n] {
          return what + " on NoC" + std::to_string(n) + " (" + std::to_string(c->reads) +
                 " reads, " + std::to_string(c->writes) + " writes, " + std::to_string(c->atomics) +
                 " atomics outstanding)";
        });
  }
  e.charge_call(ApiCall::Barrier);
}

}  // namespace ttsim::abi

extern "C" {

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
    XY xy = s.dram_bank_xy(bank, noc == 1 ? 1 : 0);
    uint64_t view = s.desc->dram_views > 1 ? bank % s.desc->dram_views : 0;
    return ttsim_noc_xy_addr(xy.x, xy.y, offset + view * s.desc->dram_view_offset, noc);
  }
  if (bank >= e.device().cores_per_chip()) {
    e.fail(e.task(), "get_noc_addr_from_bank_id",
           "L1 bank " + nstr(bank) + " does not exist (" + nstr(e.device().cores_per_chip()) +
               " banks)");
  }
  XY xy = e.device().physical_of(bank);
  return ttsim_noc_xy_addr(xy.x, xy.y, offset, noc);
}

uint32_t ttsim_num_banks(int is_dram) {
  Engine& e = eng();
  return is_dram ? e.device().spec().num_dram_banks() : e.device().cores_per_chip();
}

uint32_t ttsim_dram_alignment(void) { return eng().device().spec().desc->dram_alignment; }
uint32_t ttsim_l1_alignment(void) { return eng().device().spec().desc->l1_alignment; }

void ttsim_noc_read(uint64_t src_noc_addr, uint32_t dst_l1, uint32_t size, int noc, int trid) {
  Engine& e = eng();
  Task& t = e.task();
  if (size == 0) {
    return;
  }
  e.check_local_l1(dst_l1, size, "noc_async_read");
  Engine::Target src = e.resolve(src_noc_addr, size, "noc_async_read");
  NocTransfer tr{src.xy, e.device().physical_of(t.core), size, src.dram, true, noc, 1};
  tr.dram_bank = src.bank;
  uint64_t done = e.recorder().noc(t, tr, "noc_async_read").done;
  bool copy = !e.settings().timing_only || size < kTimingOnlyMinPayload;
  uint32_t n = noc_of(noc);
  int id = trid_of(trid);
  t.noc[n].reads++;
  if (id >= 0) {
    t.noc[n].trid_reads[id]++;
  }
  uint8_t* dst = e.l1(t.core, dst_l1);
  Task* tp = &t;
  e.post(done, [&e, tp, n, id, dst, from = src.ptr, size, copy] {
    if (copy) {
      std::memmove(dst, from, size);
    }
    tp->noc[n].reads--;
    if (id >= 0) {
      tp->noc[n].trid_reads[id]--;
    }
    e.mark_dirty(tp->core);
  });
  e.charge_call(ApiCall::NocIssue);
}

void ttsim_noc_write(uint32_t src_l1, uint64_t dst_noc_addr, uint32_t size, int noc, int trid,
                     int posted) {
  unicast_write("noc_async_write", src_l1, dst_noc_addr, size, noc, trid, false, 0);
}

void ttsim_noc_write_multicast(uint32_t src_l1, uint64_t dst_mcast, uint32_t size,
                               uint32_t num_dests, int loopback, int noc) {
  if (size == 0) {
    return;
  }
  mcast(loopback ? "noc_async_write_multicast_loopback_src" : "noc_async_write_multicast", src_l1,
        dst_mcast, size, num_dests, loopback, noc, false, 0);
}

void ttsim_noc_inline_write(uint64_t dst_noc_addr, uint32_t value, int noc) {
  Engine& e = eng();
  Task& t = e.task();
  Engine::Target dst = e.resolve(dst_noc_addr, 4, "noc_inline_dw_write");
  if (dst.dram) {
    e.fail(t, "noc_inline_dw_write", "inline writes cannot target DRAM");
  }
  NocTransfer tr{e.device().physical_of(t.core), dst.xy, 4, false, false, noc, 1};
  uint64_t done = e.recorder().noc(t, tr, "noc_inline_dw_write").done;
  uint32_t off = static_cast<uint32_t>(dst_noc_addr & ((1ull << 36) - 1));
  uint8_t bytes[4];
  std::memcpy(bytes, &value, 4);
  post_write(e, t, {static_cast<uint32_t>(dst.core)}, nullptr, off, bytes, 4, done, noc_of(noc), -1,
             false, 0);
  e.charge_call(ApiCall::NocIssue);
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
  e.charge_call(ApiCall::Barrier);
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

}  // extern "C"
