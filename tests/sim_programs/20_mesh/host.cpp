// Mesh acceptance program (issue 18): opens the system mesh ($TTSIM_MESH, e.g. 1x2 or 2x4) and
// runs one check: `dispatch` (different programs on different device ranges), `shards` (sharded
// and replicated mesh buffers, one device's shard read and written), `add` (element-wise add on
// every device), `trace` (a captured workload replayed after events), `all_gather`,
// `reduce_scatter`, `all_reduce` (collectives over the fabric, collectives.h). Prints the check,
// a FINGERPRINT line (simulated cycles and an output hash, for the determinism test) and PASS.
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <tt-metalium/bfloat16.hpp>
#include <tt-metalium/system_mesh.hpp>

#include "20_mesh/collectives.h"

using namespace tt::tt_metal;
using namespace tt::tt_metal::distributed;

namespace {

uint64_t g_hash = 1469598103934665603ull;
void hash_bytes(const void* p, size_t n) {
  const uint8_t* b = static_cast<const uint8_t*>(p);
  for (size_t i = 0; i < n; ++i) {
    g_hash = (g_hash ^ b[i]) * 1099511628211ull;
  }
}

[[noreturn]] void fail(const std::string& what) {
  std::printf("FAIL: %s\n", what.c_str());
  std::exit(1);
}

const CoreCoord kCore{0, 0};

std::vector<uint16_t> read_shard(MeshDevice& mesh, const ccl::MeshBufferPtr& b,
                                 const MeshCoordinate& c) {
  std::vector<uint16_t> v;
  ReadShard(mesh.mesh_command_queue(), v, b, c, true);
  hash_bytes(v.data(), v.size() * 2);
  return v;
}

// Small integers, exact in bfloat16 and in their sums over 8 devices.
std::vector<uint16_t> ints(size_t n, int seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> d(-3, 3);
  std::vector<uint16_t> v(n);
  for (auto& x : v) {
    x = bfloat16(static_cast<float>(d(rng))).to_uint16();
  }
  return v;
}

float f(uint16_t b) {
  uint32_t u = uint32_t(b) << 16;
  float x;
  std::memcpy(&x, &u, 4);
  return x;
}

void check_dispatch(MeshDevice& mesh) {
  // Column 0 runs one program, the other columns another (different fill values and sizes).
  uint32_t R = mesh.num_rows(), C = mesh.num_cols();
  auto out = ccl::dram_buffer(mesh, 2);
  MeshWorkload workload;
  auto program_for = [&](uint32_t value, uint32_t tiles) {
    Program p = CreateProgram();
    ccl::add_cb(p, kCore, tt::CBIndex::c_0, 1);
    std::vector<uint32_t> ct;
    TensorAccessorArgs(*out).append_to(ct);
    auto k = CreateKernel(p, "kernels/fill.cpp", kCore,
                          DataMovementConfig{.processor = DataMovementProcessor::RISCV_0,
                                             .noc = NOC::RISCV_0_default,
                                             .compile_args = ct});
    SetRuntimeArgs(p, k, kCore, {static_cast<uint32_t>(out->address()), tiles, value});
    return p;
  };
  workload.add_program(MeshCoordinateRange({0, 0}, {R - 1, 0}), program_for(1000, 2));
  if (C > 1) {
    workload.add_program(MeshCoordinateRange({0, 1}, {R - 1, C - 1}), program_for(5000, 1));
  }
  EnqueueMeshWorkload(mesh.mesh_command_queue(), workload, false);
  Finish(mesh.mesh_command_queue());
  for (const auto& c : MeshCoordinateRange(mesh.shape())) {
    std::vector<uint32_t> v;
    ReadShard(mesh.mesh_command_queue(), v, out, c, true);
    hash_bytes(v.data(), v.size() * 4);
    bool first = c[1] == 0;
    uint32_t base = first ? 1000 : 5000, written = first ? 1024 : 512;
    for (uint32_t i = 0; i < written; ++i) {
      if (v[i] != base + i) {
        fail("dispatch: device " + c.str() + " word " + std::to_string(i) + " is " +
             std::to_string(v[i]));
      }
    }
  }
  std::printf("dispatch: %zu devices ran their range's program ok\n", mesh.num_devices());
}

void check_shards(MeshDevice& mesh) {
  uint32_t R = mesh.num_rows(), C = mesh.num_cols();
  const uint32_t sh = 16, sw = 64;  // uint32 elements per shard: 16 rows of 64
  distributed::ShardedBufferConfig global{.global_size = uint64_t(R * sh) * C * sw * 4,
                                          .global_buffer_shape = Shape2D(R * sh, C * sw),
                                          .shard_shape = Shape2D(sh, sw)};
  DeviceLocalBufferConfig local{.page_size = 1024, .buffer_type = BufferType::DRAM};
  auto buf = MeshBuffer::create(global, local, &mesh);
  std::vector<uint32_t> data(R * sh * C * sw);
  for (size_t i = 0; i < data.size(); ++i) {
    data[i] = static_cast<uint32_t>(i * 7 + 3);
  }
  auto& cq = mesh.mesh_command_queue();
  EnqueueWriteMeshBuffer(cq, buf, data, true);
  for (const auto& c : MeshCoordinateRange(mesh.shape())) {
    std::vector<uint32_t> shard;
    ReadShard(cq, shard, buf, c, true);
    for (uint32_t r = 0; r < sh; ++r) {
      for (uint32_t k = 0; k < sw; ++k) {
        uint32_t want = data[(c[0] * sh + r) * C * sw + c[1] * sw + k];
        if (shard[r * sw + k] != want) {
          fail("shards: device " + c.str() + " element (" + std::to_string(r) + "," +
               std::to_string(k) + ")");
        }
      }
    }
  }
  // Writing the last device's shard changes exactly its block of the global buffer.
  MeshCoordinate last(R - 1, C - 1);
  std::vector<uint32_t> mine(sh * sw, 0xabcd0000u);
  WriteShard(cq, buf, mine, last, true);
  std::vector<uint32_t> back;
  EnqueueReadMeshBuffer(cq, back, buf, true);
  for (uint32_t r = 0; r < R * sh; ++r) {
    for (uint32_t k = 0; k < C * sw; ++k) {
      bool in_last = r / sh == R - 1 && k / sw == C - 1;
      uint32_t want = in_last ? 0xabcd0000u : data[r * C * sw + k];
      if (back[r * C * sw + k] != want) {
        fail("shards: global element (" + std::to_string(r) + "," + std::to_string(k) + ")");
      }
    }
  }
  hash_bytes(back.data(), back.size() * 4);
  // Replicated: every device holds what was written.
  auto rep = ccl::dram_buffer(mesh, 1);
  std::vector<uint32_t> ones(512, 0x01020304u);
  EnqueueWriteMeshBuffer(cq, rep, ones, true);
  for (const auto& c : MeshCoordinateRange(mesh.shape())) {
    std::vector<uint32_t> v;
    ReadShard(cq, v, rep, c, true);
    if (v != ones) {
      fail("shards: replicated copy on device " + c.str());
    }
  }
  std::printf("shards: %u sharded blocks and replicated copies ok\n", R * C);
}

// A, B and C of the element-wise add, with different data on every device.
struct AddBuffers {
  ccl::MeshBufferPtr a, b, c;
  uint32_t tiles = 4;
};

MeshWorkload add_workload(MeshDevice& mesh, AddBuffers& t) {
  Program program = CreateProgram();
  for (uint32_t cb : {tt::CBIndex::c_0, tt::CBIndex::c_1, tt::CBIndex::c_16}) {
    ccl::add_cb(program, kCore, cb, 2);
  }
  std::vector<uint32_t> reader_ct, writer_ct;
  TensorAccessorArgs(*t.a).append_to(reader_ct);
  TensorAccessorArgs(*t.b).append_to(reader_ct);
  TensorAccessorArgs(*t.c).append_to(writer_ct);
  auto reader = CreateKernel(program, "../14_current_idioms/kernels/reader.cpp", kCore,
                             DataMovementConfig{.processor = DataMovementProcessor::RISCV_0,
                                                .noc = NOC::RISCV_0_default,
                                                .compile_args = reader_ct});
  auto writer = CreateKernel(program, "../14_current_idioms/kernels/writer.cpp", kCore,
                             DataMovementConfig{.processor = DataMovementProcessor::RISCV_1,
                                                .noc = NOC::RISCV_1_default,
                                                .compile_args = writer_ct});
  auto add = CreateKernel(program, "../14_current_idioms/kernels/add.cpp", kCore, ComputeConfig{});
  SetRuntimeArgs(
      program, reader, kCore,
      {static_cast<uint32_t>(t.a->address()), static_cast<uint32_t>(t.b->address()), t.tiles});
  SetRuntimeArgs(program, writer, kCore, {static_cast<uint32_t>(t.c->address()), t.tiles});
  SetRuntimeArgs(program, add, kCore, {t.tiles});
  MeshWorkload w;
  w.add_program(MeshCoordinateRange(mesh.shape()), std::move(program));
  return w;
}

void write_inputs(MeshDevice& mesh, AddBuffers& t, int seed) {
  int i = 0;
  for (const auto& c : MeshCoordinateRange(mesh.shape())) {
    WriteShard(mesh.mesh_command_queue(), t.a, ints(t.tiles * 1024, seed + 2 * i), c, true);
    WriteShard(mesh.mesh_command_queue(), t.b, ints(t.tiles * 1024, seed + 2 * i + 1), c, true);
    ++i;
  }
}

void check_sums(MeshDevice& mesh, AddBuffers& t, int seed, const char* what) {
  int i = 0;
  for (const auto& c : MeshCoordinateRange(mesh.shape())) {
    auto a = ints(t.tiles * 1024, seed + 2 * i), b = ints(t.tiles * 1024, seed + 2 * i + 1);
    auto out = read_shard(mesh, t.c, c);
    for (size_t k = 0; k < a.size(); ++k) {
      if (f(out[k]) != f(a[k]) + f(b[k])) {
        fail(std::string(what) + ": device " + c.str() + " element " + std::to_string(k));
      }
    }
    ++i;
  }
}

AddBuffers add_buffers(MeshDevice& mesh) {
  AddBuffers t;
  t.a = ccl::dram_buffer(mesh, t.tiles);
  t.b = ccl::dram_buffer(mesh, t.tiles);
  t.c = ccl::dram_buffer(mesh, t.tiles);
  return t;
}

void check_add(MeshDevice& mesh) {
  AddBuffers t = add_buffers(mesh);
  write_inputs(mesh, t, 10);
  MeshWorkload w = add_workload(mesh, t);
  EnqueueMeshWorkload(mesh.mesh_command_queue(), w, false);
  Finish(mesh.mesh_command_queue());
  check_sums(mesh, t, 10, "add");
  std::printf("add: %zu devices x %u tiles ok\n", mesh.num_devices(), t.tiles);
}

void check_trace(MeshDevice& mesh) {
  AddBuffers t = add_buffers(mesh);
  MeshWorkload w = add_workload(mesh, t);
  auto& cq = mesh.mesh_command_queue();
  auto trace = BeginTraceCapture(&mesh, 0);
  EnqueueMeshWorkload(cq, w, false);
  EndTraceCapture(&mesh, 0, trace);
  for (int round = 0; round < 2; ++round) {
    write_inputs(mesh, t, 100 + round);
    MeshEvent written = EnqueueRecordEvent(cq);
    EnqueueWaitForEvent(cq, written);
    ReplayTrace(&mesh, 0, trace, false);
    MeshEvent done = EnqueueRecordEventToHost(cq);
    EventSynchronize(done);
    check_sums(mesh, t, 100 + round, "trace");
  }
  ReleaseTrace(&mesh, trace);
  std::printf("trace: replayed twice on %zu devices ok\n", mesh.num_devices());
}

void check_all_gather(MeshDevice& mesh) {
  const uint32_t tiles = 2, n = static_cast<uint32_t>(mesh.num_devices());
  auto in = ccl::dram_buffer(mesh, tiles);
  auto out = ccl::dram_buffer(mesh, n * tiles);
  for (uint32_t d = 0; d < n; ++d) {
    WriteShard(mesh.mesh_command_queue(), in, ints(tiles * 1024, 200 + d),
               MeshCoordinate(d / mesh.num_cols(), d % mesh.num_cols()), true);
  }
  double us = ccl::all_gather(mesh, in, out, tiles, "kernels");
  for (const auto& c : MeshCoordinateRange(mesh.shape())) {
    auto v = read_shard(mesh, out, c);
    for (uint32_t s = 0; s < n; ++s) {
      auto want = ints(tiles * 1024, 200 + s);
      if (!std::equal(want.begin(), want.end(), v.begin() + s * tiles * 1024)) {
        fail("all_gather: device " + c.str() + " slot " + std::to_string(s));
      }
    }
  }
  std::printf("all_gather: %u devices x %u tiles ok (%.2f us)\n", n, tiles, us);
}

void check_reduce(MeshDevice& mesh, bool all) {
  const uint32_t tiles = 2, n = static_cast<uint32_t>(mesh.num_devices());
  auto in = ccl::dram_buffer(mesh, n * tiles);
  for (uint32_t d = 0; d < n; ++d) {
    WriteShard(mesh.mesh_command_queue(), in, ints(n * tiles * 1024, 300 + d),
               MeshCoordinate(d / mesh.num_cols(), d % mesh.num_cols()), true);
  }
  std::vector<float> sum(n * tiles * 1024, 0.0f);
  for (uint32_t d = 0; d < n; ++d) {
    auto v = ints(n * tiles * 1024, 300 + d);
    for (size_t k = 0; k < v.size(); ++k) {
      sum[k] += f(v[k]);
    }
  }
  const char* name = all ? "all_reduce" : "reduce_scatter";
  double us;
  ccl::MeshBufferPtr out;
  if (all) {
    out = ccl::dram_buffer(mesh, n * tiles);
    us = ccl::all_reduce(mesh, in, out, tiles, "kernels");
  } else {
    out = ccl::dram_buffer(mesh, tiles);
    us = ccl::reduce_scatter(mesh, in, out, tiles, "kernels");
  }
  for (const auto& c : MeshCoordinateRange(mesh.shape())) {
    auto v = read_shard(mesh, out, c);
    uint32_t chip = mesh.chip_index(c);
    for (size_t k = 0; k < v.size(); ++k) {
      size_t g = all ? k : chip * tiles * 1024 + k;
      if (f(v[k]) != sum[g]) {
        fail(std::string(name) + ": device " + c.str() + " element " + std::to_string(k) + " is " +
             std::to_string(f(v[k])) + ", want " + std::to_string(sum[g]));
      }
    }
  }
  std::printf("%s: %u devices x %u tiles ok (%.2f us)\n", name, n, tiles, us);
}

}  // namespace

int main(int argc, char** argv) {
  std::string mode = argc > 1 ? argv[1] : "";
  auto mesh = MeshDevice::create(MeshDeviceConfig(SystemMesh::instance().shape()));
  std::printf("mesh %ux%u\n", static_cast<unsigned>(mesh->num_rows()),
              static_cast<unsigned>(mesh->num_cols()));
  if (mode == "dispatch") {
    check_dispatch(*mesh);
  } else if (mode == "shards") {
    check_shards(*mesh);
  } else if (mode == "add") {
    check_add(*mesh);
  } else if (mode == "trace") {
    check_trace(*mesh);
  } else if (mode == "all_gather") {
    check_all_gather(*mesh);
  } else if (mode == "reduce_scatter") {
    check_reduce(*mesh, false);
  } else if (mode == "all_reduce") {
    check_reduce(*mesh, true);
  } else {
    fail("usage: sim_20_mesh dispatch|shards|add|trace|all_gather|reduce_scatter|all_reduce");
  }
  std::printf("FINGERPRINT cycles=%llu hash=%016llx\n",
              static_cast<unsigned long long>(ttsim::device_run_stats(*mesh).device_cycles),
              static_cast<unsigned long long>(g_hash));
  mesh->close();
  std::printf("PASS\n");
  return 0;
}
