// WorkerToFabricEdmSender (tt_metal/fabric/hw/inc/edm_fabric/edm_fabric_worker_adapters.hpp): a
// worker's connection to one routing plane of the fabric, towards a neighbouring device over one
// Ethernet link. The host appended its arguments (append_fabric_connection_rt_args); a packet is
// its payload (sent without header first) followed by its header, which completes the send.
#pragma once
#include <cstddef>
#include <cstdint>

#include "api/dataflow/dataflow_api.h"
#include "tt-metalium/fabric_edm_packet_header.hpp"
#include "ttsim/abi.h"

namespace tt::tt_fabric {

struct WorkerToFabricEdmSender {
  template <ProgrammableCoreType my_core_type = ProgrammableCoreType::TENSIX>
  static WorkerToFabricEdmSender build_from_args(size_t& arg_idx) {
    WorkerToFabricEdmSender s;
    s.neighbor_ = get_arg_val<uint32_t>(static_cast<int>(arg_idx++));
    s.link_ = get_arg_val<uint32_t>(static_cast<int>(arg_idx++));
    return s;
  }

  void open() { max_payload_ = ttsim_fabric_open(neighbor_, link_); }
  void open_start() { open(); }
  void open_finish() {}
  void close() {}
  void close_start() {}
  void close_finish() {}
  bool is_logically_connected() const { return max_payload_ != 0; }

  // The router has room for the next packet once the previous one entered its link (the send
  // waits for that), so these never block.
  bool edm_has_space_for_packet() const { return true; }
  void wait_for_empty_write_slot() const {}

  void send_payload_without_header_non_blocking_from_address(uint32_t source_address,
                                                             size_t size_bytes) {
    payload_address_ = source_address;
    payload_bytes_ = static_cast<uint32_t>(size_bytes);
  }
  // The header at `header_address` completes the packet whose payload was given before.
  void send_payload_flush_blocking_from_address(uint32_t header_address, size_t) {
    ttsim_fabric_send(neighbor_, link_, header_address, payload_address_, payload_bytes_);
    payload_address_ = payload_bytes_ = 0;
  }
  void send_payload_flush_non_blocking_from_address(uint32_t header_address, size_t size) {
    send_payload_flush_blocking_from_address(header_address, size);
  }
  void send_payload_non_blocking_from_address(uint32_t header_address, size_t size) {
    send_payload_flush_blocking_from_address(header_address, size);
  }
  // A header immediately followed in L1 by its payload, `size_bytes` in all.
  void send_payload_blocking_from_address(uint32_t address, size_t size_bytes) {
    uint32_t header = static_cast<uint32_t>(sizeof(PACKET_HEADER_TYPE));
    ttsim_fabric_send(neighbor_, link_, address, address + header,
                      static_cast<uint32_t>(size_bytes) - header);
  }

 private:
  uint32_t neighbor_ = 0, link_ = 0, max_payload_ = 0;
  uint32_t payload_address_ = 0, payload_bytes_ = 0;
};

}  // namespace tt::tt_fabric
