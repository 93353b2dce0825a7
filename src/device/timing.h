// The timing constants of one device: the compute, noc, dram, risc and ethernet sections of its
// description (data/devices/<device>.json; each number sits beside its source there). The
// simulator's cost model charges them and the compiler's cost models rank choices with them.
#pragma once
#include <string_view>
#include <vector>

namespace tltt::device {

struct Timing {
  double clock_mhz = 1000;
  struct {
    double matmul_phase_cycles, matmul_phase_overhead, matmul_call_overhead;
    // Matmul operand unpack rates: float tiles (BF16, FP16, FP32) and block-float tiles (BFP8/4/2).
    double matmul_unpack_bytes_per_cycle, matmul_unpack_bfp_bytes_per_cycle;
    double unpack_bytes_per_cycle, unpack_tile_overhead, eltwise_tile_cycles, copy_tile_cycles;
    double reduce_phase_cycles, sfpu_vectors_per_tile, sfpu_op_overhead, sfpi_instruction_cycles;
    double pack_bytes_per_cycle;
    double pack_tile_overhead, tilize_unpack_cycles, tilize_pack_cycles, untilize_tile_cycles;
    double pack_untilize_tile_cycles, transpose_tile_cycles, init_cycles, dst_sync_cycles;
  } compute{};
  struct {
    double link_bytes_per_cycle, niu_bytes_per_cycle, hop_cycles, write_latency_base;
    double read_latency_base, dram_read_latency_base, dram_write_latency_base;
    double issue_cycles, barrier_cycles, semaphore_cycles;
    // Per-transaction minimum at the requester: L1, DRAM read, DRAM write (one core, one bank).
    double transaction_cycles, dram_read_transaction_cycles, dram_write_transaction_cycles;
    double mcast_dest_cycles;  // sender NIU time per destination of each multicast packet
    std::vector<double> packet_sizes, packet_bytes_per_cycle;
  } noc{};
  struct {
    double banks, bank_bytes_per_cycle, channel_bytes_per_cycle;
  } dram{};
  struct {
    double kernel_start_cycles, arg_cycles, cb_call_cycles, cb_query_cycles, dprint_cycles;
  } risc{};
  struct {  // Ethernet links between the chips of a mesh (the fabric)
    double link_gbytes_per_s, hop_latency_ns, packet_payload_bytes, max_packet_payload_bytes;
    double fabric_header_bytes, frame_max_bytes, frame_overhead_bytes;
    double sender_channel_slots, receiver_channel_slots;
    double erisc_send_ns, erisc_packet_ns, erisc_flush_ns, erisc_flush_bytes_per_ns;
    double connection_setup_ns;
    double links_per_neighbor;
  } eth{};

  // Sustained bytes/cycle of back-to-back packets of `size` bytes (interpolated measured table).
  double packet_bandwidth(double size) const;
  // All DRAM banks together, bytes/cycle.
  double dram_bytes_per_cycle() const { return dram.banks * dram.bank_bytes_per_cycle; }
};

// The timing sections of a description's text (`file` names it in errors). A missing or
// non-numeric field is a std::runtime_error naming the file and the field.
Timing parse_timing(std::string_view json_text, std::string_view file);

}  // namespace tltt::device
