// The calibrated cost model: per-device constants from data/devices/*.json; compute priced per
// Tensix thread; NoC transfers priced by a link-reservation model (each transfer holds the links
// of its dimension-ordered route, its endpoints' NoC ports and DRAM bank/channel for its
// occupancy; later transfers queue behind) plus latency by hops.
#include <algorithm>
#include <cmath>
#include <vector>

#include "sim/timing/cost_params.h"
#include "sim/timing/noc_links.h"
#include "sim/timing/registry.h"

namespace ttsim {
namespace {

uint64_t cyc(double v) { return static_cast<uint64_t>(std::llround(std::max(0.0, v))); }

bool is_worker(const ArchSpec& a, uint32_t x, uint32_t y) {
  return std::find(a.desc->worker_x.begin(), a.desc->worker_x.end(), x) != a.desc->worker_x.end() &&
         std::find(a.desc->worker_y.begin(), a.desc->worker_y.end(), y) != a.desc->worker_y.end();
}

class CalibratedCostModel final : public ICostModel {
 public:
  explicit CalibratedCostModel(const CostModelOptions& o) : data_dir_(o.data_dir) {}

  uint64_t call_cycles(const ArchSpec& a, ApiCall call) const override {
    const CostParams& p = params(a);
    switch (call) {
      case ApiCall::Arg:
        return cyc(p.risc.arg_cycles);
      case ApiCall::CbReserve:
      case ApiCall::CbWait:
      case ApiCall::CbPush:
      case ApiCall::CbPop:
        return cyc(p.risc.cb_call_cycles);
      case ApiCall::CbQuery:
        return cyc(p.risc.cb_query_cycles);
      case ApiCall::NocIssue:
        return cyc(p.noc.issue_cycles);
      case ApiCall::Barrier:
        return cyc(p.noc.barrier_cycles);
      case ApiCall::Semaphore:
        return cyc(p.noc.semaphore_cycles);
      case ApiCall::Dprint:
        return cyc(p.risc.dprint_cycles);
      case ApiCall::DstSync:
        return cyc(p.compute.dst_sync_cycles);
      case ApiCall::KernelStart:
        return cyc(p.risc.kernel_start_cycles);
    }
    return 1;
  }

  NocTiming transfer(const ArchSpec& a, const NocTransfer& t, uint64_t issue,
                     NocLinkState& st) const override {
    const CostParams& p = params(a);
    int noc = t.noc == 1 ? 1 : 0;
    // Occupancy: full bursts plus the remainder, each at the measured rate for its size.
    double burst = a.desc->noc_max_burst;
    uint64_t full = t.bytes / a.desc->noc_max_burst;
    double rest = t.bytes % a.desc->noc_max_burst;
    double occ = full * (burst / p.packet_bandwidth(burst)) +
                 (rest > 0 ? rest / p.packet_bandwidth(rest) : 0.0);
    occ = std::max(occ, double(t.bytes) / p.noc.niu_bytes_per_cycle);
    uint64_t packets = full + (rest > 0 ? 1 : 0);
    // The per-transaction minimum is the requester's (a DRAM read or write costs the requesting
    // NIU the same time per packet whichever bank it targets); the banks add only their byte rate,
    // so reads spread over banks are not limited to one bank's stream rate.
    const double per_packet = !t.dram  ? p.noc.transaction_cycles
                              : t.read ? p.noc.dram_read_transaction_cycles
                                       : p.noc.dram_write_transaction_cycles;
    occ = std::max(occ, packets * per_packet);
    uint64_t occ_c = std::max<uint64_t>(1, cyc(occ));

    // Route(s): data flows src → dst (for reads, from the remote side to the requester).
    std::vector<LinkId> links;
    std::vector<XY> sinks;
    uint32_t hops = 0;
    if (t.mcast) {
      uint32_t x0 = std::min(t.mcast_lo.x, t.mcast_hi.x), x1 = std::max(t.mcast_lo.x, t.mcast_hi.x);
      uint32_t y0 = std::min(t.mcast_lo.y, t.mcast_hi.y), y1 = std::max(t.mcast_lo.y, t.mcast_hi.y);
      for (uint32_t y = y0; y <= y1; ++y) {
        for (uint32_t x = x0; x <= x1; ++x) {
          if (!is_worker(a, x, y) || (XY{x, y} == t.src && !t.loopback)) {
            continue;
          }
          sinks.push_back({x, y});
          hops = std::max(hops, noc_route(st.nx(), st.ny(), noc, t.src, {x, y}, &links));
        }
      }
      std::sort(links.begin(), links.end());
      links.erase(std::unique(links.begin(), links.end()), links.end());
    } else {
      hops = noc_route(st.nx(), st.ny(), noc, t.src, t.dst, &links);
      sinks.push_back(t.dst);
    }

    // Every resource serves transfers in issue order at its own pace; a transfer finishes when
    // its slowest resource has passed it (no artificial reservation of idle links).
    auto serve = [issue](uint64_t& free, uint64_t occupancy) {
      uint64_t s = std::max(free, issue);
      free = s + occupancy;
      return free;
    };
    bool src_is_dram = t.dram && t.read, dst_is_dram = t.dram && !t.read;
    uint64_t finish = issue + occ_c, depart = issue + occ_c;
    // Links carry one flit per cycle (plus a header flit per packet); the per-size inefficiency
    // and per-transaction minimum belong to the endpoints.
    uint64_t link_c =
        cyc(std::ceil(t.bytes / p.noc.link_bytes_per_cycle)) + full + (rest > 0 ? 1 : 0);
    for (const LinkId& l : links) {
      finish = std::max(finish, serve(st.link(noc, l.axis, l.x, l.y), link_c));
    }
    if (!src_is_dram) {
      // A multicast packet holds the sender's NIU for every destination it reaches (measured:
      // the one_to_all multicast time per packet grows linearly with the receivers, by the same
      // amount for 64 B and 2 KB packets), on top of the data's own occupancy.
      const uint64_t inject_c =
          occ_c + (t.mcast ? cyc(double(packets) * sinks.size() * p.noc.mcast_dest_cycles) : 0);
      depart = serve(st.inject(noc, t.src), inject_c);
      finish = std::max(finish, depart);
    }
    if (!dst_is_dram) {
      for (const XY& s : sinks) {
        finish = std::max(finish, serve(st.absorb(noc, s), occ_c));
      }
    }
    if (t.dram && t.dram_bank >= 0) {
      uint32_t bank = static_cast<uint32_t>(t.dram_bank), chan = bank / a.desc->dram_views;
      finish = std::max(finish, serve(st.bank(bank), cyc(t.bytes / p.dram.bank_bytes_per_cycle)));
      finish =
          std::max(finish, serve(st.channel(chan), cyc(t.bytes / p.dram.channel_bytes_per_cycle)));
    }
    double base = t.read ? (t.dram ? p.noc.dram_read_latency_base : p.noc.read_latency_base)
                         : (t.dram ? p.noc.dram_write_latency_base : p.noc.write_latency_base);
    // The base latencies are fitted to measured round trips; hops add the data path's length.
    uint64_t latency = cyc(base + p.noc.hop_cycles * hops);
    NocTiming r;
    r.links = static_cast<uint32_t>(links.size());
    r.done = finish + latency;
    r.depart = depart;
    return r;
  }

  ComputeCost compute(const ArchSpec& a, const ComputeOp& op) const override {
    const auto& c = params(a).compute;
    ComputeCost r;
    double tiles = op.tiles, ph = std::max<uint32_t>(1, op.phases);
    auto unpack = [&](double bytes_per_cycle) {
      return cyc(std::max(op.in_tiles * c.unpack_tile_overhead, op.in_bytes / bytes_per_cycle));
    };
    switch (op.kind) {
      case ComputeKind::Init:
        r.unpack = r.math = r.pack = cyc(c.init_cycles);
        break;
      case ComputeKind::Matmul:
        // in_bytes is one in0 tile plus one in1 tile. The LLK streams one operand tile per
        // product into one source register while the other unpacker reuses its tile across the
        // sub-block, so the per-product cost does not depend on the sub-block shape. Block-float
        // tiles (shared exponents ahead of the datums, expanded by the unpacker) and float tiles
        // move at different rates per byte: on the measured GEMM tables a BF16 product costs
        // more cycles per operand byte than a BF8_B one. Both rates are fitted per device to its
        // GEMM cells (docs/timing.md).
        r.unpack = cyc(
            std::max(op.in_tiles * c.unpack_tile_overhead,
                     tiles * ((op.in_bytes - op.in_bfp_bytes) / c.matmul_unpack_bytes_per_cycle +
                              op.in_bfp_bytes / c.matmul_unpack_bfp_bytes_per_cycle)));
        // Each fidelity phase of a tile product is a pass of 16 MVMULs plus the counter/valid
        // handshakes between passes (matmul_phase_overhead), which keep real kernels below the
        // ideal 16 cycles per phase.
        r.math = cyc(tiles * (c.matmul_phase_cycles + c.matmul_phase_overhead) * ph +
                     c.matmul_call_overhead);
        r.flops = uint64_t(op.tiles) * 2 * 32 * 32 * 32;
        r.matrix_cycles = cyc(tiles * c.matmul_phase_cycles * ph);
        break;
      case ComputeKind::Eltwise:
        r.unpack = unpack(c.unpack_bytes_per_cycle);
        r.math = cyc(tiles * c.eltwise_tile_cycles * ph);
        r.flops = uint64_t(op.tiles) * 1024;
        break;
      case ComputeKind::Copy:
        r.unpack = unpack(c.unpack_bytes_per_cycle);
        r.math = cyc(tiles * c.copy_tile_cycles);
        break;
      case ComputeKind::Reduce:
        r.unpack = unpack(c.unpack_bytes_per_cycle);
        r.math = cyc(tiles * c.reduce_phase_cycles * ph);
        r.flops = uint64_t(op.tiles) * 2048;
        break;
      case ComputeKind::Sfpu:
        r.math = cyc(tiles * c.sfpu_vectors_per_tile * std::max<uint32_t>(1, op.sfpu_instr) +
                     c.sfpu_op_overhead);
        r.flops = uint64_t(op.tiles) * 1024 * std::max<uint32_t>(1, op.sfpu_instr);
        break;
      case ComputeKind::Sfpi:
        // Each SFPI vector instruction (load, store, MAD, compare, ...) acts on 32 lanes.
        r.math = cyc(op.sfpu_instr * c.sfpi_instruction_cycles + c.sfpu_op_overhead);
        r.flops = uint64_t(op.sfpu_instr) * 32;
        break;
      case ComputeKind::Pack:
        r.pack = cyc(tiles * c.pack_tile_overhead + op.out_bytes / c.pack_bytes_per_cycle);
        break;
      case ComputeKind::Tilize:
        r.unpack = cyc(tiles * c.tilize_unpack_cycles);
        r.math = cyc(tiles * c.copy_tile_cycles);
        r.pack = cyc(tiles * c.tilize_pack_cycles);
        break;
      case ComputeKind::Untilize:
        r.unpack = cyc(tiles * c.unpack_tile_overhead);
        r.math = cyc(tiles * c.untilize_tile_cycles);
        r.pack = cyc(tiles * c.pack_tile_overhead);
        break;
      case ComputeKind::PackUntilize:
        r.pack = cyc(tiles * c.pack_untilize_tile_cycles);
        break;
      case ComputeKind::Transpose:
        r.math = cyc(tiles * c.transpose_tile_cycles);
        break;
    }
    return r;
  }

 private:
  std::string data_dir_;
  // The constants of each device, resolved once (the calls above run per kernel API call).
  mutable const CostParams* params_[2] = {};
  const CostParams& params(const ArchSpec& a) const {
    const CostParams*& p = params_[a.arch == Arch::Blackhole ? 1 : 0];
    if (!p) {
      p = &cost_params(a.arch, data_dir_);
    }
    return *p;
  }
};

TTSIM_REGISTER_COST_MODEL(CalibratedCostModel, "calibrated");

}  // namespace
}  // namespace ttsim
