// End to end on the simulator core: real compute kernels (tests/numerics/kernels) compiled by the
// JIT with reader/writer kernels and run through the host API; outputs are checked against host
// oracles (the numerics library for bit-exact expectations, double precision for accuracy).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include <tt-metalium/host_api.hpp>

#include "sim/numerics/numerics.h"
#include "ttsim/simulator.hpp"

using namespace tt::tt_metal;
namespace num = ttsim::num;
using tt::DataFormat;

namespace {

std::string kernel(const std::string& name) { return std::string(NUMERICS_KERNELS) + "/" + name; }

float bf(float v) { return num::bf16_to_float(num::float_to_bf16(v)); }

std::vector<float> random_tiles(uint32_t n, uint32_t seed, float lo, float hi) {
  std::vector<float> v(size_t(n) * 1024);
  uint32_t x = seed * 2654435761u + 12345;
  for (auto& e : v) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    e = bf(lo + (hi - lo) * static_cast<float>(x % 100000) / 100000.0f);
  }
  return v;
}
float at(const std::vector<float>& t, uint32_t tile, int r, int c) {
  return t[size_t(tile) * 1024 + num::tile_index(r, c)];
}

// One device, one core, buffers of tiles in a given format.
struct Rig {
  IDevice* dev = CreateDevice(0);
  CommandQueue& cq = dev->command_queue();
  Program program = CreateProgram();
  CoreCoord core{0, 0};
  ~Rig() { CloseDevice(dev); }

  std::shared_ptr<Buffer> buffer(DataFormat fmt, uint32_t tiles) {
    uint32_t page = num::tile_size_bytes(fmt);
    return CreateBuffer(
        InterleavedBufferConfig{dev, uint64_t(page) * tiles, page, BufferType::DRAM});
  }
  std::shared_ptr<Buffer> upload(DataFormat fmt, const std::vector<float>& tiles) {
    uint32_t n = static_cast<uint32_t>(tiles.size() / 1024), page = num::tile_size_bytes(fmt);
    std::vector<uint32_t> words(size_t(page) * n / 4);
    for (uint32_t t = 0; t < n; ++t) {
      num::pack_tile(fmt, tiles.data() + size_t(t) * 1024,
                     reinterpret_cast<uint8_t*>(words.data()) + size_t(t) * page);
    }
    auto b = buffer(fmt, n);
    EnqueueWriteBuffer(cq, b, words, false);
    return b;
  }
  std::vector<float> download(DataFormat fmt, const std::shared_ptr<Buffer>& b, uint32_t n) {
    std::vector<uint32_t> words;
    EnqueueReadBuffer(cq, b, words, true);
    std::vector<float> out(size_t(n) * 1024);
    for (uint32_t t = 0; t < n; ++t) {
      num::unpack_tile(
          fmt,
          reinterpret_cast<const uint8_t*>(words.data()) + size_t(t) * num::tile_size_bytes(fmt),
          out.data() + size_t(t) * 1024);
    }
    return out;
  }
  void cb(uint32_t index, DataFormat fmt, uint32_t pages) {
    uint32_t page = num::tile_size_bytes(fmt);
    CreateCircularBuffer(
        program, core,
        CircularBufferConfig(page * pages, {{index, fmt}}).set_page_size(index, page));
  }
  struct Stream {
    std::shared_ptr<Buffer> buf;
    uint32_t cb, count;
  };
  static std::vector<uint32_t> stream_args(const std::vector<Stream>& s) {
    std::vector<uint32_t> a = {static_cast<uint32_t>(s.size())};
    for (auto& x : s) {
      a.insert(a.end(), {static_cast<uint32_t>(x.buf->address()), x.cb, x.count});
    }
    return a;
  }
  void reader(const std::vector<Stream>& s) {
    auto k = CreateKernel(program, kernel("reader_streams.cpp"), core, ReaderDataMovementConfig());
    SetRuntimeArgs(program, k, core, stream_args(s));
  }
  void writer(const std::vector<Stream>& s) {
    auto k = CreateKernel(program, kernel("writer_streams.cpp"), core, WriterDataMovementConfig());
    SetRuntimeArgs(program, k, core, stream_args(s));
  }
  KernelHandle compute(const std::string& file, std::vector<uint32_t> compile_args,
                       MathFidelity fid = MathFidelity::HiFi4, bool fp32 = false) {
    ComputeConfig cfg;
    cfg.math_fidelity = fid;
    cfg.fp32_dest_acc_en = fp32;
    cfg.compile_args = std::move(compile_args);
    return CreateKernel(program, kernel(file), core, cfg);
  }
  uint64_t run() {
    EnqueueProgram(cq, program, false);
    Finish(cq);
    return ttsim::Simulator::last_program_cycles(*dev);
  }
};

TEST(E2eCompute, EltwiseAddBf16) {
  Rig rig;
  const uint32_t n = 5;
  auto a = random_tiles(n, 1, -4, 4), b = random_tiles(n, 2, -4, 4);
  auto ba = rig.upload(DataFormat::Float16_b, a), bb = rig.upload(DataFormat::Float16_b, b);
  auto bo = rig.buffer(DataFormat::Float16_b, n);
  rig.cb(0, DataFormat::Float16_b, 2);
  rig.cb(1, DataFormat::Float16_b, 2);
  rig.cb(16, DataFormat::Float16_b, 2);
  rig.reader({{ba, 0, n}, {bb, 1, n}});
  rig.writer({{bo, 16, n}});
  auto k = rig.compute("eltwise_add.cpp", {});
  SetRuntimeArgs(rig.program, k, rig.core, {n});
  EXPECT_GT(rig.run(), 0u);
  auto out = rig.download(DataFormat::Float16_b, bo, n);
  for (size_t i = 0; i < out.size(); ++i) {
    ASSERT_EQ(out[i], bf(a[i] + b[i])) << i;
  }
}

TEST(E2eCompute, SfpuChainBfp8Input) {
  Rig rig;
  const uint32_t n = 3;
  auto x = random_tiles(n, 3, -2, 2);
  // The input travels as Bfp8_b: what the kernel sees is the BFP-rounded value.
  std::vector<uint8_t> tmp(1088);
  std::vector<float> xq(x.size());
  for (uint32_t t = 0; t < n; ++t) {
    num::pack_tile(DataFormat::Bfp8_b, x.data() + t * 1024, tmp.data());
    num::unpack_tile(DataFormat::Bfp8_b, tmp.data(), xq.data() + t * 1024);
  }
  auto bx = rig.upload(DataFormat::Bfp8_b, x);
  auto bo = rig.buffer(DataFormat::Float32, n);
  rig.cb(0, DataFormat::Bfp8_b, 2);
  rig.cb(16, DataFormat::Float32, 2);
  rig.reader({{bx, 0, n}});
  rig.writer({{bo, 16, n}});
  rig.compute("sfpu_chain.cpp", {n});
  rig.run();
  auto out = rig.download(DataFormat::Float32, bo, n);
  for (size_t i = 0; i < out.size(); ++i) {
    float v = bf(std::max(xq[i], 0.0f));
    v = bf(std::exp(v));
    v = bf(std::sqrt(v));
    v = bf(0.5f * v * (1.0f + std::erf(v * 0.7071067811865476f)));
    v = bf(v * 0.5f);
    float s = bf(1.0f / (1.0f + std::exp(-xq[i])));
    ASSERT_EQ(out[i], std::max(v, s)) << i;
  }
}

// Bit-exact oracle: the same numerics the simulator documents, applied tile by tile on the host.
std::vector<float> matmul_oracle(const num::MathConfig& cfg, const std::vector<float>& a,
                                 const std::vector<float>& b, uint32_t Mt, uint32_t Kt,
                                 uint32_t Nt) {
  std::vector<float> c(size_t(Mt) * Nt * 1024, 0.0f);
  for (uint32_t m = 0; m < Mt; ++m) {
    for (uint32_t n = 0; n < Nt; ++n) {
      float* d = c.data() + size_t(m * Nt + n) * 1024;
      for (uint32_t k = 0; k < Kt; ++k) {
        num::matmul_tile(cfg, a.data() + size_t(m * Kt + k) * 1024,
                         b.data() + size_t(k * Nt + n) * 1024, false, d);
      }
      for (int i = 0; i < 1024; ++i) {
        d[i] = num::round_to_format(DataFormat::Float16_b, d[i]);
      }
    }
  }
  return c;
}

struct MatmulResult {
  std::vector<float> out;
  uint64_t cycles;
};
MatmulResult run_matmul(MathFidelity fid, bool fp32, const std::vector<float>& a,
                        const std::vector<float>& b, uint32_t Mt, uint32_t Kt, uint32_t Nt) {
  Rig rig;
  auto ba = rig.upload(DataFormat::Float16_b, a), bb = rig.upload(DataFormat::Float16_b, b);
  auto bo = rig.buffer(DataFormat::Float16_b, Mt * Nt);
  rig.cb(0, DataFormat::Float16_b, 2);
  rig.cb(1, DataFormat::Float16_b, 2);
  rig.cb(16, DataFormat::Float16_b, 2);
  auto r =
      CreateKernel(rig.program, kernel("reader_matmul.cpp"), rig.core, ReaderDataMovementConfig());
  SetRuntimeArgs(
      rig.program, r, rig.core,
      {static_cast<uint32_t>(ba->address()), static_cast<uint32_t>(bb->address()), Mt, Kt, Nt});
  rig.writer({{bo, 16, Mt * Nt}});
  rig.compute("matmul.cpp", {Mt, Kt, Nt}, fid, fp32);
  uint64_t cycles = rig.run();
  return {rig.download(DataFormat::Float16_b, bo, Mt * Nt), cycles};
}

TEST(E2eCompute, MatmulFidelityIsBitExactAndCostsPhases) {
  const uint32_t Mt = 2, Kt = 3, Nt = 2;
  auto a = random_tiles(Mt * Kt, 4, -1, 1), b = random_tiles(Kt * Nt, 5, -1, 1);
  double err[2] = {0, 0};
  uint64_t cycles[2] = {0, 0};
  int idx = 0;
  for (MathFidelity fid : {MathFidelity::LoFi, MathFidelity::HiFi4}) {
    for (bool fp32 : {false, true}) {
      auto r = run_matmul(fid, fp32, a, b, Mt, Kt, Nt);
      num::MathConfig cfg;
      cfg.fidelity = fid;
      cfg.fp32_dest_acc = fp32;
      auto want = matmul_oracle(cfg, a, b, Mt, Kt, Nt);
      for (size_t i = 0; i < want.size(); ++i) {
        ASSERT_EQ(r.out[i], want[i]) << "fidelity " << int(fid) << " fp32 " << fp32 << " at " << i;
      }
      if (fp32) {
        // Accuracy against double precision (output rounded to bf16).
        for (uint32_t m = 0; m < Mt; ++m) {
          for (uint32_t n = 0; n < Nt; ++n) {
            for (int i = 0; i < 32; ++i) {
              for (int j = 0; j < 32; ++j) {
                double ref = 0;
                for (uint32_t k = 0; k < Kt; ++k) {
                  for (int q = 0; q < 32; ++q) {
                    ref += double(at(a, m * Kt + k, i, q)) * at(b, k * Nt + n, q, j);
                  }
                }
                err[idx] = std::max(err[idx], std::fabs(at(r.out, m * Nt + n, i, j) - ref));
              }
            }
          }
        }
        cycles[idx] = r.cycles;
        ++idx;
      }
    }
  }
  EXPECT_LT(err[1], 0.05);          // HiFi4: bf16 output rounding only
  EXPECT_GT(err[0], err[1]);        // LoFi is less accurate
  EXPECT_GT(cycles[1], cycles[0]);  // and HiFi4 costs more time
}

TEST(E2eCompute, ReduceMaxSumAndSoftmaxEraA) {
  Rig rig;
  const uint32_t Wt = 2;
  auto x = random_tiles(Wt, 6, -6, 1);
  std::vector<float> scaler(1024, 0.0f);
  for (int f = 0; f < 4; ++f) {
    for (int c = 0; c < 16; ++c) {
      scaler[f * 256 + c] = 1.0f;
    }
  }
  auto bx = rig.upload(DataFormat::Float16_b, x);
  auto bs = rig.upload(DataFormat::Float16_b, scaler);
  auto bmax = rig.buffer(DataFormat::Float16_b, 1), bsum = rig.buffer(DataFormat::Float32, 1);
  auto bout = rig.buffer(DataFormat::Float16_b, Wt);
  rig.cb(0, DataFormat::Float16_b, Wt);
  rig.cb(2, DataFormat::Float16_b, 1);
  rig.cb(16, DataFormat::Float16_b, 1);
  rig.cb(17, DataFormat::Float32, 1);
  rig.cb(18, DataFormat::Float16_b, 2);
  rig.cb(24, DataFormat::Float16_b, 1);
  rig.cb(25, DataFormat::Float16_b, Wt);
  rig.cb(26, DataFormat::Float16_b, 1);
  rig.reader({{bs, 2, 1}, {bx, 0, Wt}});
  rig.writer({{bmax, 16, 1}, {bsum, 17, 1}, {bout, 18, Wt}});
  rig.compute("reduce_softmax.cpp", {Wt});
  rig.run();
  auto mx = rig.download(DataFormat::Float16_b, bmax, 1);
  auto sm = rig.download(DataFormat::Float32, bsum, 1);
  auto out = rig.download(DataFormat::Float16_b, bout, Wt);
  for (int r = 0; r < 32; ++r) {
    float m = -INFINITY;
    for (uint32_t t = 0; t < Wt; ++t) {
      for (int c = 0; c < 32; ++c) {
        m = std::max(m, at(x, t, r, c));
      }
    }
    ASSERT_EQ(at(mx, 0, r, 0), m) << "row " << r;  // negative rows stay negative
    ASSERT_EQ(at(mx, 0, r, 5), 0.0f);
    double sum = 0;
    for (uint32_t t = 0; t < Wt; ++t) {
      for (int c = 0; c < 32; ++c) {
        sum += std::exp(double(at(x, t, r, c)) - m);
      }
    }
    EXPECT_NEAR(at(sm, 0, r, 0), sum, 0.02 * sum) << "row " << r;
    for (uint32_t t = 0; t < Wt; ++t) {
      for (int c = 0; c < 32; ++c) {
        double want = std::exp(double(at(x, t, r, c)) - m) / sum;
        EXPECT_NEAR(at(out, t, r, c), want, 0.01 + 0.03 * want) << r << "," << c;
      }
    }
  }
}

}  // namespace
