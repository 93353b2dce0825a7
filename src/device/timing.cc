// Reads the timing constants (timing.h) out of a device description: the embedded ones when the
// descriptions are loaded (device.cc), or a replacement file (the simulator's data directory).
#include "device/timing.h"

#include <string>

#include "device/json_reader.h"

namespace tltt::device {

Timing timing_of(const Reader& r) {
  Timing t;
  auto v = [&](const char* section, const char* key) {
    return r.number(std::string(section) + "." + key + ".value");
  };
  t.clock_mhz = r.number("clock_mhz.value");
  auto& c = t.compute;
#define C(name) c.name = v("compute", #name)
  C(matmul_phase_cycles);
  C(matmul_phase_overhead);
  C(matmul_call_overhead);
  C(matmul_unpack_bytes_per_cycle);
  C(matmul_unpack_bfp_bytes_per_cycle);
  C(unpack_bytes_per_cycle);
  C(unpack_tile_overhead);
  C(eltwise_tile_cycles);
  C(copy_tile_cycles);
  C(reduce_phase_cycles);
  C(sfpu_vectors_per_tile);
  C(sfpu_op_overhead);
  C(sfpi_instruction_cycles);
  C(pack_bytes_per_cycle);
  C(pack_tile_overhead);
  C(tilize_unpack_cycles);
  C(tilize_pack_cycles);
  C(untilize_tile_cycles);
  C(pack_untilize_tile_cycles);
  C(transpose_tile_cycles);
  C(init_cycles);
  C(dst_sync_cycles);
#undef C
  auto& n = t.noc;
#define N(name) n.name = v("noc", #name)
  N(link_bytes_per_cycle);
  N(niu_bytes_per_cycle);
  N(hop_cycles);
  N(write_latency_base);
  N(read_latency_base);
  N(dram_read_latency_base);
  N(dram_write_latency_base);
  N(issue_cycles);
  N(barrier_cycles);
  N(semaphore_cycles);
  N(transaction_cycles);
  N(dram_read_transaction_cycles);
  N(dram_write_transaction_cycles);
  N(mcast_dest_cycles);
#undef N
  for (const auto& [key, list] :
       {std::pair{"noc.packet_efficiency.sizes", &n.packet_sizes},
        std::pair{"noc.packet_efficiency.bytes_per_cycle", &n.packet_bytes_per_cycle}}) {
    const nlohmann::json& a = r.at(key);
    if (!a.is_array() || a.empty()) {
      r.fail(key, "is not a non-empty list");
    }
    for (const nlohmann::json& e : a) {
      if (!e.is_number()) {
        r.fail(key, "holds a value that is not a number");
      }
      list->push_back(e.get<double>());
    }
  }
  if (n.packet_sizes.size() != n.packet_bytes_per_cycle.size()) {
    r.fail("noc.packet_efficiency", "has sizes and bytes_per_cycle of different lengths");
  }
  t.dram.banks = v("dram", "banks");
  t.dram.bank_bytes_per_cycle = v("dram", "bank_bytes_per_cycle");
  t.dram.channel_bytes_per_cycle = v("dram", "channel_bytes_per_cycle");
  auto& k = t.risc;
#define R(name) k.name = v("risc", #name)
  R(kernel_start_cycles);
  R(arg_cycles);
  R(cb_call_cycles);
  R(cb_query_cycles);
  R(dprint_cycles);
#undef R
  auto& e = t.eth;
#define E(name) e.name = v("ethernet", #name)
  E(link_gbytes_per_s);
  E(hop_latency_ns);
  E(packet_payload_bytes);
  E(max_packet_payload_bytes);
  E(fabric_header_bytes);
  E(frame_max_bytes);
  E(frame_overhead_bytes);
  E(sender_channel_slots);
  E(receiver_channel_slots);
  E(erisc_send_ns);
  E(erisc_packet_ns);
  E(erisc_flush_ns);
  E(erisc_flush_bytes_per_ns);
  E(connection_setup_ns);
  E(links_per_neighbor);
#undef E
  return t;
}

Timing parse_timing(std::string_view json_text, std::string_view file) {
  nlohmann::json root = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded()) {
    throw std::runtime_error("device description " + std::string(file) + " is not valid JSON");
  }
  return timing_of(Reader(file, root));
}

double Timing::packet_bandwidth(double size) const {
  const auto& s = noc.packet_sizes;
  const auto& b = noc.packet_bytes_per_cycle;
  if (size <= s.front()) {
    return b.front() * size / s.front();  // fixed per-packet overhead
  }
  for (size_t i = 1; i < s.size(); ++i) {
    if (size <= s[i]) {
      return b[i - 1] + (b[i] - b[i - 1]) * (size - s[i - 1]) / (s[i] - s[i - 1]);
    }
  }
  return b.back();
}

}  // namespace tltt::device
