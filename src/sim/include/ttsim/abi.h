// The kernel ABI of the simulator: the C functions that the SDK-spelled kernel headers
// (api/dataflow/..., api/compute/..., compute_kernel_api/...) call. They are defined in libttsim
// and resolved when a kernel's shared object is loaded; each acts on the (core, RISC) whose
// kernel is running, so kernel headers never see simulator types.
#pragma once
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

// ---- Arguments -------------------------------------------------------------------------------
uint32_t ttsim_get_arg(int idx);         // unique runtime arg (error past the set count)
uint32_t ttsim_get_common_arg(int idx);  // common runtime arg
uintptr_t ttsim_get_arg_addr(int idx);   // L1 address of a runtime arg
uintptr_t ttsim_get_common_arg_addr(int idx);

// ---- Memory: L1 byte addresses of the running core map to host pointers ------------------------
void* ttsim_l1_ptr(uint32_t l1_addr, uint32_t size);  // checked: error outside L1
uint32_t ttsim_my_x(int noc);                         // this core's physical NoC coordinates
uint32_t ttsim_my_y(int noc);

// ---- Fabric: packets between the chips of a mesh over Ethernet ---------------------------------
// A fabric packet header as the kernel API (fabric_edm_packet_header.hpp) writes it in L1.
enum {
  TTSIM_NOC_WRITE = 0,
  TTSIM_NOC_ATOMIC_INC = 1,
  TTSIM_NOC_FUSED_WRITE_ATOMIC_INC = 2,
  TTSIM_NOC_SCATTER_WRITE = 3
};
enum { TTSIM_SCATTER_MAX_CHUNKS = 4 };
enum { TTSIM_CHIP_UNICAST = 0, TTSIM_CHIP_MULTICAST = 1 };
struct ttsim_packet_header {
  uint8_t noc_send_type;   // TTSIM_NOC_*
  uint8_t chip_send_type;  // TTSIM_CHIP_*
  uint8_t start_hops;      // first chip (in hops from the sender) that receives the packet
  uint8_t range_hops;      // number of consecutive chips that receive it (1: unicast)
  uint32_t payload_bytes;
  uint64_t noc_address;            // write destination on each receiving chip
  uint64_t semaphore_noc_address;  // increment destination (atomic and fused packets)
  uint32_t increment;
  uint32_t flush;
  // Scatter writes: the payload cut into chunk_count chunks, the first written at noc_address,
  // chunk i > 0 at scatter_address[i - 1]; chunk i has chunk_size[i] bytes, the last the rest.
  uint64_t scatter_address[TTSIM_SCATTER_MAX_CHUNKS - 1];
  uint16_t chunk_size[TTSIM_SCATTER_MAX_CHUNKS - 1];
  uint8_t chunk_count;
};
// Checks a connection to the neighbouring chip `neighbor` (row-major index in the mesh) over
// link `link`; returns the largest payload one packet may carry.
uint32_t ttsim_fabric_open(uint32_t neighbor, uint32_t link);
// Sends the header at L1 `header_l1` with `payload_bytes` from L1 `payload_l1` on the connection;
// returns when the packet has entered the link.
void ttsim_fabric_send(uint32_t neighbor, uint32_t link, uint32_t header_l1, uint32_t payload_l1,
                       uint32_t payload_bytes);
// L1 address and count of the per-core packet header slots (PacketHeaderPool).
uint32_t ttsim_packet_header_pool(uint32_t* count);

// ---- Circular buffers (dataflow and compute) ---------------------------------------------------
void ttsim_cb_reserve_back(int32_t cb, int32_t n);
void ttsim_cb_push_back(int32_t cb, int32_t n);
void ttsim_cb_wait_front(int32_t cb, int32_t n);
void ttsim_cb_pop_front(int32_t cb, int32_t n);
uint32_t ttsim_get_write_ptr(uint32_t cb);  // L1 byte address
uint32_t ttsim_get_read_ptr(uint32_t cb);
int ttsim_cb_pages_reservable_at_back(int32_t cb, int32_t n);
int ttsim_cb_pages_available_at_front(int32_t cb, int32_t n);
uint32_t ttsim_cb_page_size(uint32_t cb);
uint32_t ttsim_cb_num_pages(uint32_t cb);    // capacity in pages
uint32_t ttsim_cb_data_format(uint32_t cb);  // tt::DataFormat value

// ---- NoC ---------------------------------------------------------------------------------------
// NoC addresses use the hardware encoding: (y_end, x_end, y_start, x_start) node ids above a
// 36-bit local offset; unicast has start == end.
uint64_t ttsim_noc_xy_addr(uint32_t x, uint32_t y, uint64_t local, int noc);
uint64_t ttsim_noc_mcast_addr(uint32_t x0, uint32_t y0, uint32_t x1, uint32_t y1, uint64_t local,
                              int noc);
uint64_t ttsim_bank_noc_addr(int is_dram, uint32_t bank, uint64_t offset, int noc);
uint32_t ttsim_num_banks(int is_dram);
uint32_t ttsim_dram_alignment(void);
uint32_t ttsim_l1_alignment(void);
void ttsim_noc_read(uint64_t src_noc_addr, uint32_t dst_l1, uint32_t size, int noc, int trid);
void ttsim_noc_write(uint32_t src_l1, uint64_t dst_noc_addr, uint32_t size, int noc, int trid,
                     int posted);
// num_dests counts receivers as the SDK does; loopback includes the sender's own L1.
void ttsim_noc_write_multicast(uint32_t src_l1, uint64_t dst_mcast, uint32_t size,
                               uint32_t num_dests, int loopback, int noc);
void ttsim_noc_inline_write(uint64_t dst_noc_addr, uint32_t value, int noc);
void ttsim_noc_read_barrier(int noc, int trid);  // trid < 0: all transactions
void ttsim_noc_write_barrier(int noc, int trid);
void ttsim_noc_writes_flushed(int noc);
void ttsim_noc_atomic_barrier(int noc);
void ttsim_noc_full_barrier(int noc);

// ---- Semaphores ---------------------------------------------------------------------------------
uint32_t ttsim_get_semaphore(uint32_t id);                            // L1 byte address
void ttsim_sem_wait(uint32_t l1_addr, uint32_t value, int at_least);  // blocks until == / >=
void ttsim_sem_set(uint32_t l1_addr, uint32_t value);                 // local store, wakes waiters
void ttsim_sem_inc(uint64_t noc_addr, uint32_t incr, int noc);
void ttsim_sem_inc_multicast(uint64_t mcast_addr, uint32_t incr, uint32_t num_dests, int noc);
void ttsim_sem_set_remote(uint32_t src_l1, uint64_t dst_noc_addr, int noc);
void ttsim_sem_set_multicast(uint32_t src_l1, uint64_t dst_mcast, uint32_t num_dests, int loopback,
                             int noc);

// ---- Compute (one compute kernel per core; DST and the FPU/SFPU live in the simulator) ----------
// Kinds of init calls; the simulator records the configuration and charges time.
enum ttsim_init_kind {
  TTSIM_INIT_HW_STARTUP,
  TTSIM_INIT_MATMUL,
  TTSIM_INIT_BINARY,
  TTSIM_INIT_BCAST,
  TTSIM_INIT_COPY,
  TTSIM_INIT_REDUCE,
  TTSIM_INIT_REDUCE_UNINIT,
  TTSIM_INIT_SFPU,
  TTSIM_INIT_PACK,
  TTSIM_INIT_TILIZE,
  TTSIM_INIT_UNTILIZE,
  TTSIM_INIT_UNARY_COMMON
};
void ttsim_compute_init(int kind, uint32_t icb0, uint32_t icb1, uint32_t ocb);
void ttsim_tile_regs_acquire(void);
void ttsim_tile_regs_commit(void);
void ttsim_tile_regs_wait(void);
void ttsim_tile_regs_release(void);
// Deprecated acquire_dst()/release_dst(): one section that both MATH and PACK may use.
void ttsim_acquire_dst(void);
void ttsim_release_dst(void);
// DST[idst + ...] += in0 tiles x in1 tiles; block form covers rt_dim x ct_dim outputs over kt_dim.
void ttsim_matmul(uint32_t in0, uint32_t in1, uint32_t i0, uint32_t i1, uint32_t idst,
                  uint32_t transpose, uint32_t ct_dim, uint32_t rt_dim, uint32_t kt_dim);
// op: ttsim::num::BinaryOp, bcast: ttsim::num::BcastDim.
void ttsim_binary(int op, int bcast, uint32_t in0, uint32_t in1, uint32_t i0, uint32_t i1,
                  uint32_t idst, int acc_to_dest);
void ttsim_copy_tile(uint32_t cb, uint32_t itile, uint32_t idst, int transpose);
void ttsim_pack_tile(uint32_t idst, uint32_t cb, uint32_t out_index, int out_of_order);
// pool: ttsim::num::PoolType, dim: ttsim::num::ReduceDim.
void ttsim_reduce_tile(int pool, int dim, uint32_t icb, uint32_t scaler_cb, uint32_t itile,
                       uint32_t iscaler, uint32_t idst);
void ttsim_sfpu_unary(int op, uint32_t idst, uint32_t param);    // op: ttsim::num::SfpuOp
void ttsim_sfpu_binary(int op, uint32_t idst0, uint32_t idst1);  // op: ttsim::num::SfpuBinaryOp
void ttsim_tilize_block(uint32_t icb, uint32_t block, uint32_t ocb);
void ttsim_untilize_block(uint32_t icb, uint32_t block, uint32_t ocb);
void ttsim_transpose_dst(uint32_t idst);
// SFPI vector code (sfpi.h). A vector is 32 lanes of 32 bits. `addr` is a DST row address as
// SFPLOAD/SFPSTORE take it (64 rows per tile; rows addr&~3 .. +3, even columns, odd when addr&2).
void ttsim_sfpi_load(uint32_t addr, uint32_t* lanes);
// Stores the lanes whose bit is set in `lane_mask`, converted to DST's format.
void ttsim_sfpi_store(uint32_t addr, const uint32_t* lanes, uint32_t lane_mask);
// d = a * b + c lanewise, as the SFPU's SFPMAD (Wormhole or Blackhole rules).
void ttsim_sfpi_mad(const uint32_t* a, const uint32_t* b, const uint32_t* c, uint32_t* d,
                    int blackhole);
// Charges `instructions` SFPU vector instructions to the math thread for the SFPU call `call`.
void ttsim_sfpi_charge(const char* call, uint32_t instructions);

// ---- Misc ---------------------------------------------------------------------------------------
// Reports misuse from a kernel header (e.g. an argument the hardware cannot take) and ends the run.
void ttsim_kernel_error(const char* call, const char* message);
void ttsim_dprint(const char* text);  // DPRINT output
// DPRINT output of one compute thread (0 unpack, 1 math, 2 pack; -1 the whole compute kernel).
void ttsim_dprint_thread(const char* text, int thread);
uint64_t ttsim_cycle(void);      // this RISC's simulated cycle
uint32_t ttsim_logical_x(void);  // this core's logical coordinates
uint32_t ttsim_logical_y(void);

#ifdef __cplusplus
}
#endif
