// Loads CostParams from the timing sections of the device descriptions (src/device keeps the
// embedded text; this TU reads the timing constants out of it).
#include "sim/timing/cost_params.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>

#include "device/device.h"
#include "ttsim/error.hpp"

namespace ttsim {
namespace {

using nlohmann::json;
using tt::tt_metal::SimulatorError;

struct Reader {
  const json& root;
  std::string file;
  double get(const char* section, const char* key) const {
    const json* node = &root;
    if (section) {
      if (!root.contains(section)) {
        throw SimulatorError(file + ": missing section '" + section + "'");
      }
      node = &root.at(section);
    }
    if (!node->contains(key) || !node->at(key).contains("value") ||
        !node->at(key).at("value").is_number()) {
      throw SimulatorError(file + ": missing numeric field '" +
                           (section ? std::string(section) + "." : std::string()) + key +
                           ".value'");
    }
    return node->at(key).at("value").get<double>();
  }
};

CostParams load(Arch arch, const std::string& dir) {
  const ArchSpec& spec = arch_spec(arch);
  std::string file = "data/devices/" + spec.name() + ".json (built in)";
  json root;
  try {
    if (!dir.empty()) {
      file = dir + "/" + spec.name() + ".json";
      std::ifstream in(file);
      if (!in) {
        throw SimulatorError("ttsim: cannot open the device cost file " + file);
      }
      root = json::parse(in);
    } else {
      root = json::parse(spec.desc->json_text);
    }
  } catch (const json::exception& e) {
    throw SimulatorError(file + ": " + e.what());
  }
  Reader r{root, file};
  CostParams p;
  p.clock_mhz = r.get(nullptr, "clock_mhz");
  auto& c = p.compute;
#define C(name) c.name = r.get("compute", #name)
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
  auto& n = p.noc;
#define N(name) n.name = r.get("noc", #name)
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
  try {
    const json& pe = root.at("noc").at("packet_efficiency");
    n.packet_sizes = pe.at("sizes").get<std::vector<double>>();
    n.packet_bytes_per_cycle = pe.at("bytes_per_cycle").get<std::vector<double>>();
  } catch (const std::exception&) {
    throw SimulatorError(file + ": noc.packet_efficiency needs 'sizes' and 'bytes_per_cycle'");
  }
  if (n.packet_sizes.empty() || n.packet_sizes.size() != n.packet_bytes_per_cycle.size()) {
    throw SimulatorError(file +
                         ": noc.packet_efficiency sizes and bytes_per_cycle differ in length");
  }
  p.dram.banks = r.get("dram", "banks");
  p.dram.bank_bytes_per_cycle = r.get("dram", "bank_bytes_per_cycle");
  p.dram.channel_bytes_per_cycle = r.get("dram", "channel_bytes_per_cycle");
  auto& k = p.risc;
#define R(name) k.name = r.get("risc", #name)
  R(kernel_start_cycles);
  R(arg_cycles);
  R(cb_call_cycles);
  R(cb_query_cycles);
  R(dprint_cycles);
#undef R
  auto& e = p.eth;
#define E(name) e.name = r.get("ethernet", #name)
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
  return p;
}

}  // namespace

double CostParams::packet_bandwidth(double size) const {
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

const CostParams& cost_params(Arch arch, const std::string& data_dir) {
  if (data_dir.empty()) {  // the common case, without a lock
    static std::once_flag once[2];
    static CostParams params[2];
    int i = arch == Arch::Blackhole ? 1 : 0;
    std::call_once(once[i], [&] { params[i] = load(arch, data_dir); });
    return params[i];
  }
  // Loaded on first use and kept: references stay valid (std::map never moves its values).
  static std::mutex mu;
  static std::map<std::pair<Arch, std::string>, CostParams> loaded;
  std::lock_guard<std::mutex> lock(mu);
  auto key = std::make_pair(arch, data_dir);
  auto it = loaded.find(key);
  if (it == loaded.end()) {
    it = loaded.emplace(key, load(arch, data_dir)).first;
  }
  return it->second;
}

}  // namespace ttsim
