// Hand-written reference host program for the multi-core bf16 GEMM C[128,128] = A[128,256] @
// B[256,128] (artifact contract: `./program DATA_DIR` reads A.bin, B.bin, writes C.bin).
// The 16 output tiles are split over a 4x2 core grid, two contiguous tiles per core.
#include <cstdint>
#include <cstdio>
#include <exception>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/mesh_buffer.hpp>
#include <tt-metalium/mesh_device.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>
#include <tt-metalium/tilize_utils.hpp>

using namespace tt::tt_metal;

namespace {

constexpr uint32_t kM = 128, kK = 256, kN = 128;
constexpr uint32_t kMt = kM / 32, kKt = kK / 32, kNt = kN / 32;
constexpr uint32_t kTileBytes = 32 * 32 * 2;  // bfloat16 tile
constexpr uint32_t kGridX = 4, kGridY = 2;
constexpr uint32_t kCores = kGridX * kGridY;
constexpr uint32_t kTilesPerCore = kMt * kNt / kCores;

std::vector<uint16_t> read_input(const std::string& path, size_t elems) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) {
    throw std::runtime_error("cannot open " + path);
  }
  if (static_cast<size_t>(in.tellg()) != elems * sizeof(uint16_t)) {
    throw std::runtime_error(path + " has the wrong size");
  }
  std::vector<uint16_t> data(elems);
  in.seekg(0);
  in.read(reinterpret_cast<char*>(data.data()), static_cast<std::streamsize>(elems * 2));
  return data;
}

void write_output(const std::string& path, const std::vector<uint16_t>& data) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data.data()),
            static_cast<std::streamsize>(data.size() * sizeof(uint16_t)));
  if (!out) {
    throw std::runtime_error("cannot write " + path);
  }
}

std::shared_ptr<distributed::MeshBuffer> dram_buffer(distributed::MeshDevice& mesh,
                                                     uint64_t bytes) {
  distributed::DeviceLocalBufferConfig local{.page_size = kTileBytes,
                                             .buffer_type = BufferType::DRAM};
  distributed::ReplicatedBufferConfig global{.size = bytes};
  return distributed::MeshBuffer::create(global, local, &mesh);
}

void add_cb(Program& program, const CoreRange& cores, tt::CBIndex index) {
  CircularBufferConfig cfg =
      CircularBufferConfig(2 * kTileBytes, {{index, tt::DataFormat::Float16_b}})
          .set_page_size(index, kTileBytes);
  CreateCircularBuffer(program, cores, cfg);
}

int run(const std::string& data_dir) {
  std::vector<uint16_t> a = read_input(data_dir + "/A.bin", kM * kK);
  std::vector<uint16_t> b = read_input(data_dir + "/B.bin", kK * kN);

  auto mesh = distributed::MeshDevice::create_unit_mesh(0);
  distributed::MeshCommandQueue& cq = mesh->mesh_command_queue();
  auto a_buf = dram_buffer(*mesh, kM * kK * 2);
  auto b_buf = dram_buffer(*mesh, kK * kN * 2);
  auto c_buf = dram_buffer(*mesh, kM * kN * 2);
  distributed::EnqueueWriteMeshBuffer(cq, a_buf, tilize_nfaces(a, kM, kK), false);
  distributed::EnqueueWriteMeshBuffer(cq, b_buf, tilize_nfaces(b, kK, kN), false);

  Program program = CreateProgram();
  const CoreRange cores({0, 0}, {kGridX - 1, kGridY - 1});
  add_cb(program, cores, tt::CBIndex::c_0);
  add_cb(program, cores, tt::CBIndex::c_1);
  add_cb(program, cores, tt::CBIndex::c_16);

  std::vector<uint32_t> reader_args;
  TensorAccessorArgs(*a_buf).append_to(reader_args);
  TensorAccessorArgs(*b_buf).append_to(reader_args);
  std::vector<uint32_t> writer_args;
  TensorAccessorArgs(*c_buf).append_to(writer_args);
  KernelHandle reader = CreateKernel(program, "reader.cpp", cores,
                                     DataMovementConfig{.processor = DataMovementProcessor::RISCV_1,
                                                        .noc = NOC::RISCV_1_default,
                                                        .compile_args = reader_args});
  KernelHandle writer = CreateKernel(program, "writer.cpp", cores,
                                     DataMovementConfig{.processor = DataMovementProcessor::RISCV_0,
                                                        .noc = NOC::RISCV_0_default,
                                                        .compile_args = writer_args});
  KernelHandle compute =
      CreateKernel(program, "compute.cpp", cores,
                   ComputeConfig{.math_fidelity = MathFidelity::HiFi4, .fp32_dest_acc_en = true});

  for (uint32_t y = 0; y < kGridY; ++y) {
    for (uint32_t x = 0; x < kGridX; ++x) {
      const CoreCoord core{x, y};
      const uint32_t first = (y * kGridX + x) * kTilesPerCore;
      SetRuntimeArgs(program, reader, core,
                     {static_cast<uint32_t>(a_buf->address()),
                      static_cast<uint32_t>(b_buf->address()), kKt, kNt, first, kTilesPerCore});
      SetRuntimeArgs(program, compute, core, {kTilesPerCore, kKt});
      SetRuntimeArgs(program, writer, core,
                     {static_cast<uint32_t>(c_buf->address()), first, kTilesPerCore});
    }
  }

  distributed::MeshWorkload workload;
  workload.add_program(distributed::MeshCoordinateRange(mesh->shape()), std::move(program));
  distributed::EnqueueMeshWorkload(cq, workload, false);
  distributed::Finish(cq);

  std::vector<uint16_t> c_tiled(kM * kN);
  distributed::EnqueueReadMeshBuffer(cq, c_tiled, c_buf, true);
  write_output(data_dir + "/C.bin", untilize_nfaces(c_tiled, kM, kN));
  mesh->close();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s DATA_DIR\n", argv[0]);
    return 2;
  }
  try {
    return run(argv[1]);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
}
