// DPRINT for kernels (api/debug/dprint.h, older debug/dprint.h): a stream that hands each finished
// line to the simulator, which prefixes it with device, core and RISC as the SDK's server does.
#pragma once
#include <stdint.h>
#include <stdio.h>

#include "ttsim/abi.h"

struct TileSlice;

namespace ttsim_dp {

struct Endl {};
struct Hex {};
struct Dec {};
struct SetW {
  int w;
};
struct SetPrecision {
  int p;
};
struct Fixed {};
// The SDK's typed wrappers: DPRINT << F32(x) << BF16(bits) << U32(n) ...
struct F32 {
  float v;
};
struct BF16 {
  uint16_t bits;
};
struct U32 {
  uint32_t v;
};
struct I32 {
  int32_t v;
};
struct U16 {
  uint16_t v;
};
struct I16 {
  int16_t v;
};
struct U8 {
  uint8_t v;
};
struct I8 {
  int8_t v;
};
struct U64 {
  uint64_t v;
};
struct I64 {
  int64_t v;
};

// The compute thread a DPRINT_UNPACK/MATH/PACK block prints from (-1 outside such a block).
inline int g_thread = -1;
struct ThreadScope {
  int old;
  explicit ThreadScope(int t) : old(g_thread) { g_thread = t; }
  ~ThreadScope() { g_thread = old; }
};

class Printer {
 public:
  ~Printer() { flush(); }
  Printer& operator<<(const char* s) {
    for (; s && *s; ++s) {
      put(*s);
      if (*s == '\n') {
        flush();
      }
    }
    return *this;
  }
  Printer& operator<<(char c) {
    put(c);
    return *this;
  }
  Printer& operator<<(Endl) {
    put('\n');
    flush();
    return *this;
  }
  Printer& operator<<(Hex) {
    hex_ = true;
    return *this;
  }
  Printer& operator<<(Dec) {
    hex_ = false;
    return *this;
  }
  Printer& operator<<(SetW w) {
    width_ = w.w;
    return *this;
  }
  Printer& operator<<(SetPrecision p) {
    precision_ = p.p;
    return *this;
  }
  Printer& operator<<(Fixed) { return *this; }
  Printer& operator<<(F32 v) { return *this << v.v; }
  Printer& operator<<(BF16 v) {
    uint32_t u = static_cast<uint32_t>(v.bits) << 16;
    float f;
    __builtin_memcpy(&f, &u, 4);
    return *this << f;
  }
  Printer& operator<<(U32 v) { return *this << v.v; }
  Printer& operator<<(I32 v) { return *this << v.v; }
  Printer& operator<<(U16 v) { return *this << v.v; }
  Printer& operator<<(I16 v) { return *this << v.v; }
  Printer& operator<<(U8 v) { return *this << v.v; }
  Printer& operator<<(I8 v) { return *this << v.v; }
  Printer& operator<<(U64 v) { return *this << v.v; }
  Printer& operator<<(I64 v) { return *this << v.v; }
  Printer& operator<<(const ::TileSlice& t);  // defined with TileSlice below
  // Format-style printing of newer SDKs, DPRINT("x={} y={}\n", x, y): each {} takes the next
  // argument, printed as `<<` prints it.
  template <typename... Args>
  Printer& operator()(const char* fmt, const Args&... args) {
    format_next(fmt, args...);
    return *this;
  }
  Printer& operator<<(bool v) { return *this << (v ? "true" : "false"); }
  Printer& operator<<(int32_t v) { return num(hex_ ? "%*x" : "%*d", v); }
  Printer& operator<<(uint32_t v) { return num(hex_ ? "%*x" : "%*u", v); }
  Printer& operator<<(int64_t v) { return num(hex_ ? "%*llx" : "%*lld", (long long)v); }
  Printer& operator<<(uint64_t v) { return num(hex_ ? "%*llx" : "%*llu", (unsigned long long)v); }
  Printer& operator<<(int16_t v) { return *this << (int32_t)v; }
  Printer& operator<<(uint16_t v) { return *this << (uint32_t)v; }
  Printer& operator<<(int8_t v) { return *this << (int32_t)v; }
  Printer& operator<<(uint8_t v) { return *this << (uint32_t)v; }
  Printer& operator<<(float v) { return *this << (double)v; }
  Printer& operator<<(double v) {
    char tmp[64];
    if (precision_ >= 0) {
      snprintf(tmp, sizeof tmp, "%*.*f", width_, precision_, v);
    } else {
      snprintf(tmp, sizeof tmp, "%*g", width_, v);
    }
    width_ = 0;
    return *this << (const char*)tmp;
  }
  Printer& operator<<(const void* p) { return num("%*p", p); }

 private:
  template <typename T>
  Printer& num(const char* fmt, T v) {
    char tmp[64];
    snprintf(tmp, sizeof tmp, fmt, width_, v);
    width_ = 0;
    return *this << (const char*)tmp;
  }
  void format_next(const char* f) { *this << f; }
  template <typename A, typename... Rest>
  void format_next(const char* f, const A& a, const Rest&... rest) {
    for (; *f; ++f) {
      if (f[0] == '{' && f[1] == '}') {
        *this << a;
        return format_next(f + 2, rest...);
      }
      if (*f == '\n') {
        *this << Endl{};
      } else {
        put(*f);
      }
    }
  }
  void put(char c) {
    if (len_ + 1 >= sizeof(buf_)) {
      flush();
    }
    buf_[len_++] = c;
  }
  void flush() {
    if (len_ == 0) {
      return;
    }
    buf_[len_] = 0;
    ttsim_dprint_thread(buf_, thread_);
    len_ = 0;
  }
  char buf_[256];
  unsigned len_ = 0;
  bool hex_ = false;
  int width_ = 0;
  int precision_ = -1;
  int thread_ = g_thread;
};

}  // namespace ttsim_dp

inline ttsim_dp::Endl ENDL() { return {}; }
inline ttsim_dp::Hex HEX() { return {}; }
inline ttsim_dp::Dec DEC() { return {}; }
inline ttsim_dp::SetW SETW(int w) { return {w}; }

inline ttsim_dp::SetPrecision SETPRECISION(int p) { return {p}; }
inline ttsim_dp::Fixed FIXED() { return {}; }
using ttsim_dp::BF16;
using ttsim_dp::F32;
using ttsim_dp::I16;
using ttsim_dp::I32;
using ttsim_dp::I64;
using ttsim_dp::I8;
using ttsim_dp::U16;
using ttsim_dp::U32;
using ttsim_dp::U64;
using ttsim_dp::U8;

#define DPRINT ttsim_dp::Printer()
// Data-movement variants print only on their RISC; compute variants name their TRISC.
#if defined(COMPILE_FOR_BRISC)
#define DPRINT_DATA0(x) x
#define DPRINT_DATA1(x)
#elif defined(COMPILE_FOR_NCRISC)
#define DPRINT_DATA0(x)
#define DPRINT_DATA1(x) x
#else
#define DPRINT_DATA0(x)
#define DPRINT_DATA1(x)
#endif
#define DPRINT_UNPACK(x)                        \
  do {                                          \
    ::ttsim_dp::ThreadScope ttsim_dp_scope_(0); \
    x;                                          \
  } while (0)
#define DPRINT_MATH(x)                          \
  do {                                          \
    ::ttsim_dp::ThreadScope ttsim_dp_scope_(1); \
    x;                                          \
  } while (0)
#define DPRINT_PACK(x)                          \
  do {                                          \
    ::ttsim_dp::ThreadScope ttsim_dp_scope_(2); \
    x;                                          \
  } while (0)

// TileSlice: prints a numpy-style slice of tile `tile_idx` of a CB, read at the CB's read or
// write pointer in the CB's data format (tiles are stored as four 16x16 faces). Float16_b,
// Float16, Float32 and the integer formats print their values; block-float formats print
// "unsupported data format".
using dprint_tslice_ptr_t = bool;
#define TSLICE_RD_PTR true
#define TSLICE_WR_PTR false
using dprint_tslice_cb_t = bool;
#define TSLICE_INPUT_CB true
#define TSLICE_OUTPUT_CB false

struct SliceRange {
  uint8_t h0, h1, hs, w0, w1, ws;
  static SliceRange hw0_32_16() { return {0, 32, 16, 0, 32, 16}; }
  static SliceRange hw0_32_8() { return {0, 32, 8, 0, 32, 8}; }
  static SliceRange hw0_32_4() { return {0, 32, 4, 0, 32, 4}; }
  static SliceRange h0_w0_32() { return {0, 1, 1, 0, 32, 1}; }
  static SliceRange h0_32_w0() { return {0, 32, 1, 0, 1, 1}; }
};

struct TileSlice {
  uint32_t addr = 0;
  uint32_t format = 0;
  SliceRange range{};
  bool endl_rows = true;
#if defined(COMPILE_FOR_TRISC) || defined(TTSIM_COMPUTE_KERNEL)
  TileSlice(uint8_t cb, int tile_idx, const SliceRange& r, bool endl = true, bool = true)
      : range(r), endl_rows(endl) {
    init(cb, tile_idx, true);
  }
#else
  TileSlice(uint8_t cb, int tile_idx, const SliceRange& r, dprint_tslice_cb_t,
            dprint_tslice_ptr_t ptr_type = TSLICE_WR_PTR, bool endl = true, bool = true)
      : range(r), endl_rows(endl) {
    init(cb, tile_idx, ptr_type == TSLICE_RD_PTR);
  }
#endif

 private:
  void init(uint8_t cb, int tile_idx, bool rd) {
    format = ttsim_cb_data_format(cb);
    addr = (rd ? ttsim_get_read_ptr(cb) : ttsim_get_write_ptr(cb)) +
           static_cast<uint32_t>(tile_idx) * ttsim_cb_page_size(cb);
  }
};

namespace ttsim_dp {
inline float half_to_float(uint16_t h) {
  uint32_t sign = (h >> 15) & 1, exp = (h >> 10) & 31, man = h & 1023;
  float v = exp == 0 ? man * (1.0f / 16777216.0f)  // subnormal: man * 2^-24
            : exp == 31
                ? (man ? __builtin_nanf("") : __builtin_inff())
                : (1.0f + man / 1024.0f) * __builtin_ldexpf(1.0f, static_cast<int>(exp) - 15);
  return sign ? -v : v;
}

inline Printer& Printer::operator<<(const ::TileSlice& t) {
  Printer& p = *this;
  // tt::DataFormat values: Float32 0, Float16 1, Float16_b 5, Int32 8, UInt16 9, UInt32 24,
  // Int8 14, UInt8 30.
  uint32_t bytes = t.format == 0 || t.format == 8 || t.format == 24  ? 4
                   : t.format == 1 || t.format == 5 || t.format == 9 ? 2
                   : t.format == 14 || t.format == 30                ? 1
                                                                     : 0;
  if (bytes == 0) {
    return p << "unsupported data format" << ENDL();
  }
  const uint8_t* base = static_cast<const uint8_t*>(ttsim_l1_ptr(t.addr, 1024 * bytes));
  for (uint32_t r = t.range.h0; r < t.range.h1; r += t.range.hs ? t.range.hs : 1) {
    for (uint32_t c = t.range.w0; c < t.range.w1; c += t.range.ws ? t.range.ws : 1) {
      uint32_t i = ((r / 16) * 2 + (c / 16)) * 256 + (r % 16) * 16 + (c % 16);
      uint32_t bits = 0;
      __builtin_memcpy(&bits, base + i * bytes, bytes);
      if (c != t.range.w0) {
        p << " ";
      }
      if (t.format == 5) {
        p << BF16{static_cast<uint16_t>(bits)};
      } else if (t.format == 0) {
        float f;
        __builtin_memcpy(&f, &bits, 4);
        p << f;
      } else if (t.format == 1) {
        p << half_to_float(static_cast<uint16_t>(bits));
      } else if (t.format == 8) {
        p << static_cast<int32_t>(bits);
      } else if (t.format == 14) {
        p << static_cast<int32_t>(static_cast<int8_t>(bits));
      } else {
        p << bits;
      }
    }
    if (t.endl_rows) {
      p << ENDL();
    }
  }
  return p;
}
}  // namespace ttsim_dp
