// Host-side checking kit of the simulator acceptance programs: bf16 conversion, a seeded RNG,
// tile layout, double-precision references, PCC / max-error metrics and format-derived tolerances.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>
#include <vector>

namespace simcheck {

// ---- bf16 ------------------------------------------------------------------------------------
// Round-to-nearest-even float -> bf16; NaN stays a quiet NaN.
inline uint16_t to_bf16(float v) {
  uint32_t u;
  std::memcpy(&u, &v, 4);
  if ((u & 0x7fffffffu) > 0x7f800000u) {
    return static_cast<uint16_t>((u >> 16) | 0x40);
  }
  uint32_t rounding = 0x7fffu + ((u >> 16) & 1u);
  return static_cast<uint16_t>((u + rounding) >> 16);
}
inline float from_bf16(uint16_t b) {
  uint32_t u = static_cast<uint32_t>(b) << 16;
  float v;
  std::memcpy(&v, &u, 4);
  return v;
}
inline float round_bf16(float v) { return from_bf16(to_bf16(v)); }

inline std::vector<uint16_t> to_bf16(const std::vector<float>& v) {
  std::vector<uint16_t> out(v.size());
  for (size_t i = 0; i < v.size(); ++i) {
    out[i] = to_bf16(v[i]);
  }
  return out;
}
inline std::vector<float> from_bf16(const std::vector<uint16_t>& v) {
  std::vector<float> out(v.size());
  for (size_t i = 0; i < v.size(); ++i) {
    out[i] = from_bf16(v[i]);
  }
  return out;
}

// Two bf16 values per 32-bit word (element 2i in the low half), as the device stores them.
inline std::vector<uint32_t> pack_words(const std::vector<uint16_t>& v) {
  std::vector<uint32_t> out((v.size() + 1) / 2, 0);
  for (size_t i = 0; i < v.size(); ++i) {
    out[i / 2] |= static_cast<uint32_t>(v[i]) << (16 * (i % 2));
  }
  return out;
}
inline std::vector<uint16_t> unpack_words(const std::vector<uint32_t>& w, size_t n) {
  std::vector<uint16_t> out(n);
  for (size_t i = 0; i < n; ++i) {
    out[i] = static_cast<uint16_t>(w[i / 2] >> (16 * (i % 2)));
  }
  return out;
}

// ---- Seeded RNG (splitmix64; no std::random so results are identical everywhere) -------------
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  double uniform(double lo, double hi) {
    return lo + (hi - lo) * static_cast<double>(next() >> 11) * 0x1.0p-53;
  }
  // n values uniform in [lo, hi), already rounded to bf16 so host and device see the same inputs.
  std::vector<float> bf16_vector(size_t n, double lo, double hi) {
    std::vector<float> v(n);
    for (auto& x : v) {
      x = round_bf16(static_cast<float>(uniform(lo, hi)));
    }
    return v;
  }

 private:
  uint64_t state_;
};

// ---- Tile layout (32x32 tiles of four 16x16 faces; tiles in row-major tile order) ------------
constexpr int kTile = 32;
inline int tile_elem(int r, int c) {
  return ((r / 16) * 2 + (c / 16)) * 256 + (r % 16) * 16 + c % 16;
}

// Row-major rows x cols -> tiled; rows and cols multiples of 32.
template <typename T>
std::vector<T> to_tiles(const std::vector<T>& rm, int rows, int cols) {
  std::vector<T> out(rm.size());
  int tiles_per_row = cols / kTile;
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < cols; ++c) {
      size_t tile = static_cast<size_t>(r / kTile) * tiles_per_row + c / kTile;
      out[tile * 1024 + tile_elem(r % kTile, c % kTile)] = rm[static_cast<size_t>(r) * cols + c];
    }
  }
  return out;
}
template <typename T>
std::vector<T> from_tiles(const std::vector<T>& tiled, int rows, int cols) {
  std::vector<T> out(tiled.size());
  int tiles_per_row = cols / kTile;
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < cols; ++c) {
      size_t tile = static_cast<size_t>(r / kTile) * tiles_per_row + c / kTile;
      out[static_cast<size_t>(r) * cols + c] = tiled[tile * 1024 + tile_elem(r % kTile, c % kTile)];
    }
  }
  return out;
}

// ---- Bfp8_b (block float: per 16 consecutive datums in tile order, one shared 8-bit exponent)
// ---- Tile bytes: 64 exponents, then 1024 datums (sign << 7 | 7-bit magnitude); a datum's value is
// mag / 2^6 * 2^(exp - 127) with no hidden bit (metalium.md 3.4). The checker only encodes values
// that are exactly representable, so no rounding convention is assumed on the host side.
constexpr uint32_t kBfp8TileBytes = 1088;

// n_tiles tiles of exact Bfp8_b values in tile order; each group's shared exponent is drawn from
// [exp_lo, exp_hi] (unbiased) and the group's largest magnitude uses the top bit (mag >= 64).
inline std::vector<float> bfp8b_values(Rng& rng, size_t n_tiles, int exp_lo, int exp_hi) {
  std::vector<float> v(n_tiles * 1024);
  for (size_t g = 0; g < v.size() / 16; ++g) {
    int e = exp_lo + static_cast<int>(rng.next() % static_cast<uint64_t>(exp_hi - exp_lo + 1));
    int lead = static_cast<int>(rng.next() % 16);
    for (int i = 0; i < 16; ++i) {
      int mag = static_cast<int>(rng.next() % 128);
      if (i == lead) {
        mag |= 64;
      }
      double x = std::ldexp(mag / 64.0, e);
      v[g * 16 + i] = static_cast<float>(mag != 0 && (rng.next() & 1) ? -x : x);
    }
  }
  return v;
}

// Encodes tiles (tile order) whose values are exactly representable; returns empty otherwise.
inline std::vector<uint8_t> pack_bfp8b(const std::vector<float>& v) {
  std::vector<uint8_t> out(v.size() / 1024 * kBfp8TileBytes, 0);
  for (size_t t = 0; t < v.size() / 1024; ++t) {
    uint8_t* exps = &out[t * kBfp8TileBytes];
    uint8_t* data = exps + 64;
    for (int g = 0; g < 64; ++g) {
      const float* x = &v[t * 1024 + g * 16];
      int e = -127;
      for (int i = 0; i < 16; ++i) {
        if (x[i] != 0.0f) {
          e = std::max(e, std::ilogb(x[i]));
        }
      }
      exps[g] = static_cast<uint8_t>(e + 127);
      for (int i = 0; i < 16; ++i) {
        double mag = std::ldexp(std::fabs(static_cast<double>(x[i])), 6 - e);
        if (mag != std::floor(mag) || mag > 127) {
          return {};
        }
        data[g * 16 + i] = static_cast<uint8_t>((x[i] < 0 ? 0x80 : 0) | static_cast<int>(mag));
      }
    }
  }
  return out;
}

inline std::vector<float> unpack_bfp8b(const std::vector<uint8_t>& bytes) {
  std::vector<float> v(bytes.size() / kBfp8TileBytes * 1024);
  for (size_t t = 0; t < v.size() / 1024; ++t) {
    const uint8_t* exps = &bytes[t * kBfp8TileBytes];
    const uint8_t* data = exps + 64;
    for (int i = 0; i < 1024; ++i) {
      double x = std::ldexp((data[i] & 0x7f) / 64.0, static_cast<int>(exps[i / 16]) - 127);
      v[t * 1024 + i] = static_cast<float>(data[i] & 0x80 ? -x : x);
    }
  }
  return v;
}

// Tolerance of a value packed to Bfp8_b: one step of its group's grid (2^(E-6), E the exponent of
// the group's largest |value|), doubled because rounding may bump the shared exponent by one.
// `ref` is in tile order; returns per-element tolerances.
inline std::vector<double> bfp8b_pack_tol(const std::vector<double>& ref) {
  std::vector<double> tol(ref.size());
  for (size_t g = 0; g < ref.size() / 16; ++g) {
    double m = 0;
    for (int i = 0; i < 16; ++i) {
      m = std::max(m, std::fabs(ref[g * 16 + i]));
    }
    double step = m > 0 ? std::ldexp(1.0, std::ilogb(m) - 6) : 0.0;
    for (int i = 0; i < 16; ++i) {
      tol[g * 16 + i] = 2.0 * step + 1e-30;
    }
  }
  return tol;
}

// ---- Double-precision references (row-major) -------------------------------------------------
struct MatmulRef {
  std::vector<double> c;   // sum_k a_ik b_kj
  std::vector<double> l1;  // sum_k |a_ik b_kj|   (bounds every partial sum)
  std::vector<double> l2;  // sqrt(sum_k (a_ik b_kj)^2)  (scale of random-sign error sums)
  std::vector<double> mp;  // max |partial sum| over the prefixes k = 16, 32, ... (DST contents)
};
inline MatmulRef matmul_ref(const std::vector<float>& a, const std::vector<float>& b, int m, int k,
                            int n) {
  MatmulRef r;
  r.c.assign(static_cast<size_t>(m) * n, 0.0);
  r.l1 = r.c;
  r.l2 = r.c;
  r.mp = r.c;
  for (int i = 0; i < m; ++i) {
    for (int j = 0; j < n; ++j) {
      double s = 0, s1 = 0, s2 = 0, mp = 0;
      for (int x = 0; x < k; ++x) {
        double t = static_cast<double>(a[static_cast<size_t>(i) * k + x]) *
                   static_cast<double>(b[static_cast<size_t>(x) * n + j]);
        s += t;
        s1 += std::fabs(t);
        s2 += t * t;
        if (x % 16 == 15 || x == k - 1) {
          mp = std::max(mp, std::fabs(s));
        }
      }
      size_t o = static_cast<size_t>(i) * n + j;
      r.c[o] = s;
      r.l1[o] = s1;
      r.l2[o] = std::sqrt(s2);
      r.mp[o] = mp;
    }
  }
  return r;
}

// ---- Metrics ---------------------------------------------------------------------------------
inline double pcc(const std::vector<double>& ref, const std::vector<float>& got) {
  size_t n = ref.size();
  double mr = 0, mg = 0;
  for (size_t i = 0; i < n; ++i) {
    mr += ref[i];
    mg += got[i];
  }
  mr /= n;
  mg /= n;
  double num = 0, dr = 0, dg = 0;
  for (size_t i = 0; i < n; ++i) {
    double x = ref[i] - mr, y = got[i] - mg;
    num += x * y;
    dr += x * x;
    dg += y * y;
  }
  if (dr == 0 && dg == 0) {
    return 1.0;
  }
  return num / std::sqrt(dr * dg);
}
inline double max_abs_err(const std::vector<double>& ref, const std::vector<float>& got) {
  double m = 0;
  for (size_t i = 0; i < ref.size(); ++i) {
    m = std::max(m, std::fabs(ref[i] - got[i]));
  }
  return m;
}

// ---- Tolerances derived from the data formats ------------------------------------------------
//
// Unit roundoff u = 2^-p for a format with p significant bits under round-to-nearest:
//   bf16 (Float16_b): p = 8  -> u = 2^-8;  fp16: p = 11 -> 2^-11;  fp32: p = 24 -> 2^-24.
// The device may truncate instead of rounding in places (packer, SrcA/SrcB feed), which at most
// doubles the per-operation error, so every bound below uses 2u per rounding step.
//
// Matmul C = A*B with bf16 inputs (the reference uses the same bf16-rounded inputs, so input
// rounding is not an error source):
//  * Fidelity. The multiplier takes SrcA's hidden bit + 4 mantissa MSBs and SrcB's hidden bit + 6
//    MSBs per phase (metalium.md 3.6); bf16 has 1+7 bits. Dropped bits make each product too
//    small in magnitude by a relative delta in [0, eps_f):
//        LoFi  (phase 0):        A loses 3 bits, B loses 1   -> eps_f = 2^-4 + 2^-7
//        HiFi2 (phases 0,1):     B loses 1 bit               -> eps_f = 2^-7
//        HiFi3 (phases 0,1,2):   only A_low*B_last product   -> eps_f = 2^-11
//        HiFi4:                  exact products             -> eps_f = 0
//    Sum of K such errors: |sum d_k t_k| <= eps_f * (|C| + 2*l2) for random data (bias eps_f/2 * C
//    plus a zero-mean part with sigma <= eps_f/sqrt(12) * l2, taken to ~7 sigma), and never more
//    than eps_f * l1 (worst case), so the tighter of the two is used.
//  * Accumulation in DST. Each write to DST rounds to the DST format (u_dst = 2^-8 for bf16 DST,
//    2^-24 for fp32 DST); a 32x32x32 tile product is accumulated in two 16-deep halves per
//    fidelity phase, so K/16 * phases roundings, each <= 2u_dst * |partial|, where the partial
//    sums DST holds are bounded by mp = max |prefix sum| over k = 16, 32, ... (the reference
//    computes it). The errors have random sign, so they grow like sqrt(count); taken twice:
//    2 * 2u_dst * sqrt(K/16 * phases) * mp.
//  * Output packing to bf16: 2u_out * |C|.
// The sum of the three terms, times a safety factor of 2, is the per-element tolerance; it
// tightens from LoFi to HiFi4 exactly as eps_f does.
inline constexpr double kUnitBf16 = 0x1.0p-8;
inline constexpr double kUnitFp16 = 0x1.0p-11;
inline constexpr double kUnitFp32 = 0x1.0p-24;

enum class Fidelity { LoFi, HiFi2, HiFi3, HiFi4 };
inline double fidelity_product_eps(Fidelity f) {
  switch (f) {
    case Fidelity::LoFi:
      return 0x1.0p-4 + 0x1.0p-7;
    case Fidelity::HiFi2:
      return 0x1.0p-7;
    case Fidelity::HiFi3:
      return 0x1.0p-11;
    case Fidelity::HiFi4:
      return 0.0;
  }
  return 1.0;
}
inline int fidelity_phases(Fidelity f) { return static_cast<int>(f) + 1; }
inline const char* fidelity_name(Fidelity f) {
  static const char* names[] = {"LoFi", "HiFi2", "HiFi3", "HiFi4"};
  return names[static_cast<int>(f)];
}

struct MatmulTolerance {
  Fidelity fidelity = Fidelity::HiFi4;
  bool fp32_dest = false;
  double u_out = kUnitBf16;
  double safety = 2.0;
  double at(const MatmulRef& r, size_t i, int k) const {
    double eps_f = fidelity_product_eps(fidelity);
    double prod = eps_f * std::min(r.l1[i], std::fabs(r.c[i]) + 2.0 * r.l2[i]);
    double u_dst = fp32_dest ? kUnitFp32 : kUnitBf16;
    double roundings = std::max(1.0, static_cast<double>(k) / 16.0 * fidelity_phases(fidelity));
    double acc = 4.0 * u_dst * std::sqrt(roundings) * r.mp[i];
    double out = 2.0 * u_out * std::fabs(r.c[i]);
    return safety * (prod + acc + out) + 1e-30;
  }
};

// Elementwise bf16 op with exact-sum reference: one rounding into DST and possibly one at the
// packer, each <= 2u|result|.
inline double eltwise_bf16_tol(double ref) { return 4.0 * kUnitBf16 * std::fabs(ref) + 1e-30; }

// ---- Reporting -------------------------------------------------------------------------------
// Accumulates pass/fail over named checks and prints one line per check; main returns
// exit_code().
class Report {
 public:
  explicit Report(std::string program) : program_(std::move(program)) {}

  // Elementwise |got - ref| <= tol_i; prints the worst element and the error/tolerance ratio.
  template <typename TolFn>
  double check_close(const std::string& what, const std::vector<double>& ref,
                     const std::vector<float>& got, TolFn tol) {
    if (ref.size() != got.size()) {
      fail(what, "size mismatch: ref " + std::to_string(ref.size()) + " got " +
                     std::to_string(got.size()));
      return 1e30;
    }
    double worst_ratio = 0, worst_err = 0;
    size_t worst = 0, bad = 0;
    for (size_t i = 0; i < ref.size(); ++i) {
      double err = std::fabs(ref[i] - static_cast<double>(got[i]));
      double t = tol(i);
      double ratio = err / t;
      if (!(err <= t)) {
        ++bad;
      }
      if (!(ratio <= worst_ratio)) {
        worst_ratio = ratio;
        worst = i;
        worst_err = err;
      }
    }
    double p = pcc(ref, got);
    std::printf(
        "[%s] %s: n=%zu max_abs_err=%.6g pcc=%.7f worst[%zu] ref=%.6g got=%.6g tol=%.6g "
        "err/tol=%.4f %s\n",
        program_.c_str(), what.c_str(), ref.size(), max_abs_err(ref, got), p, worst,
        ref.empty() ? 0.0 : ref[worst], got.empty() ? 0.0 : got[worst],
        ref.empty() ? 0.0 : tol(worst), worst_ratio, bad ? "FAIL" : "ok");
    if (bad) {
      failed_ = true;
      std::printf("[%s] %s: %zu of %zu elements outside tolerance\n", program_.c_str(),
                  what.c_str(), bad, ref.size());
    }
    (void)worst_err;
    return worst_ratio;
  }

  void check_pcc(const std::string& what, const std::vector<double>& ref,
                 const std::vector<float>& got, double min_pcc) {
    double p = pcc(ref, got);
    bool ok = p >= min_pcc;
    std::printf("[%s] %s: pcc=%.7f (min %.4f) %s\n", program_.c_str(), what.c_str(), p, min_pcc,
                ok ? "ok" : "FAIL");
    failed_ |= !ok;
  }

  template <typename T>
  void check_equal(const std::string& what, const std::vector<T>& want, const std::vector<T>& got) {
    size_t bad = 0, first = want.size();
    for (size_t i = 0; i < want.size() && i < got.size(); ++i) {
      if (want[i] != got[i]) {
        if (bad++ == 0) {
          first = i;
        }
      }
    }
    bool ok = bad == 0 && want.size() == got.size();
    std::printf("[%s] %s: bit-exact over %zu values: %s", program_.c_str(), what.c_str(),
                want.size(), ok ? "ok\n" : "FAIL");
    if (!ok) {
      std::printf(" (%zu differ, sizes %zu/%zu", bad, want.size(), got.size());
      if (first < want.size() && first < got.size()) {
        std::printf(", first at %zu: want 0x%llx got 0x%llx", first,
                    static_cast<unsigned long long>(want[first]),
                    static_cast<unsigned long long>(got[first]));
      }
      std::printf(")\n");
    }
    failed_ |= !ok;
  }

  void expect(const std::string& what, bool ok, const std::string& detail = "") {
    std::printf("[%s] %s: %s%s%s\n", program_.c_str(), what.c_str(), ok ? "ok" : "FAIL",
                detail.empty() ? "" : " ", detail.c_str());
    failed_ |= !ok;
  }

  void fail(const std::string& what, const std::string& why) { expect(what, false, why); }

  int exit_code() const {
    std::printf("[%s] %s\n", program_.c_str(), failed_ ? "FAILED" : "PASSED");
    return failed_ ? 1 : 0;
  }

 private:
  std::string program_;
  bool failed_ = false;
};

// The simulated device the program runs on (TTSIM_DEVICE, default Wormhole B0), for the log.
inline const char* device_name() {
  const char* d = std::getenv("TTSIM_DEVICE");
  return d && *d ? d : "wormhole_b0";
}

// Runs a program's body; a thrown error (the SDK and the simulator report user errors by throwing)
// is printed and turned into exit code 2, so failures are clean non-zero exits, never aborts.
template <typename Fn>
int guarded_main(const char* program, Fn body) {
  try {
    return body();
  } catch (const std::exception& e) {
    std::fflush(stdout);
    std::fprintf(stderr, "[%s] error: %s\n", program, e.what());
    return 2;
  }
}

}  // namespace simcheck
