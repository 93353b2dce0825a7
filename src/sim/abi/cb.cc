// Kernel ABI, circular buffers (data-movement and compute kernels): reserve/push/wait/pop, read
// and write pointers, page queries. Cost: ApiCall::CbReserve/CbPush/CbWait/CbPop
// (risc.cb_call_cycles) and ApiCall::CbQuery (risc.cb_query_cycles); blocking time is the
// Recorder's CB history (timing/recorder.cc).
#include "sim/abi/abi_util.h"

using namespace ttsim;
using namespace ttsim::abi;

namespace ttsim::abi {

std::string cb_detail(const CbState& s, int32_t cb) {
  return "CB " + nstr(cb) + " (" + nstr(s.num_pages) + " pages: received " + nstr(s.received) +
         ", acked " + nstr(s.acked) + ", " + nstr(s.received - s.acked) + " filled)";
}

timing::CbCounts counts(const CbState& s) { return {s.received, s.acked, s.num_pages}; }

}  // namespace ttsim::abi

extern "C" {

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
  e.recorder().cb(e.task(), timing::Cb::Reserve, cb, n, counts(s));
  e.block(
      "cb_reserve_back",
      [sp, n] { return sp->num_pages - (sp->received - sp->acked) >= static_cast<uint32_t>(n); },
      [sp, cb, n] { return cb_detail(*sp, cb) + ", needs " + std::to_string(n) + " free"; });
  e.recorder().cb(e.task(), timing::Cb::Reserved, cb, n, counts(s));
  if (static_cast<uint32_t>(n) > s.reserved) {
    s.reserved = static_cast<uint32_t>(n);
  }
  e.charge_call(ApiCall::CbReserve);
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
  e.recorder().cb(t, timing::Cb::Push, cb, n, counts(s));
  s.wr_ptr = next == s.base + s.size ? s.base : static_cast<uint32_t>(next);
  s.received += static_cast<uint32_t>(n);
  s.reserved -= static_cast<uint32_t>(n);
  s.last_push_time = t.clock;
  if (t.risc == 2) {
    t.cb_pushed(static_cast<uint32_t>(cb));
  }
  e.mark_dirty(t.core);
  e.charge_call(ApiCall::CbPush);
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
  e.recorder().cb(e.task(), timing::Cb::Wait, cb, n, counts(s));
  e.block(
      "cb_wait_front", [sp, n] { return sp->received - sp->acked >= static_cast<uint32_t>(n); },
      [sp, cb, n] { return cb_detail(*sp, cb) + ", needs " + std::to_string(n) + " filled"; });
  e.recorder().cb(e.task(), timing::Cb::Waited, cb, n, counts(s));
  if (static_cast<uint32_t>(n) > s.waited) {
    s.waited = static_cast<uint32_t>(n);
  }
  e.charge_call(ApiCall::CbWait);
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
  e.recorder().cb(t, timing::Cb::Pop, cb, n, counts(s));
  s.rd_ptr = next == s.base + s.size ? s.base : static_cast<uint32_t>(next);
  s.acked += static_cast<uint32_t>(n);
  s.waited -= static_cast<uint32_t>(n);
  e.mark_dirty(t.core);
  e.charge_call(ApiCall::CbPop);
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
  e.charge_call(ApiCall::CbQuery);
  return s.num_pages - (s.received - s.acked) >= static_cast<uint32_t>(n);
}

int ttsim_cb_pages_available_at_front(int32_t cb, int32_t n) {
  Engine& e = eng();
  CbState& s = cb_of(e, cb, "cb_pages_available_at_front");
  e.charge_call(ApiCall::CbQuery);
  return s.received - s.acked >= static_cast<uint32_t>(n);
}

uint32_t ttsim_cb_page_size(uint32_t cb) {
  Engine& e = eng();
  return cb_of(e, static_cast<int32_t>(cb), "get_tile_size").page_size;
}

uint32_t ttsim_cb_num_pages(uint32_t cb) {
  Engine& e = eng();
  return cb_of(e, static_cast<int32_t>(cb), "DataflowBuffer::get_total_num_entries").num_pages;
}

uint32_t ttsim_cb_data_format(uint32_t cb) {
  Engine& e = eng();
  return static_cast<uint32_t>(cb_of(e, static_cast<int32_t>(cb), "get_dataformat").format);
}

}  // extern "C"
