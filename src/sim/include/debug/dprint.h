// DPRINT for kernels (api/debug/dprint.h, older debug/dprint.h): a stream that hands each finished
// line to the simulator, which prefixes it with device, core and RISC as the SDK's server does.
#pragma once
#include <stdint.h>
#include <stdio.h>

#include "ttsim/abi.h"

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
    while (s && *s) put(*s++);
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
  void put(char c) {
    if (len_ + 1 >= sizeof(buf_)) flush();
    buf_[len_++] = c;
  }
  void flush() {
    if (len_ == 0) return;
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
#define DPRINT_UNPACK(x)                          \
  do {                                            \
    ::ttsim_dp::ThreadScope ttsim_dp_scope_(0); \
    x;                                            \
  } while (0)
#define DPRINT_MATH(x)                            \
  do {                                            \
    ::ttsim_dp::ThreadScope ttsim_dp_scope_(1); \
    x;                                            \
  } while (0)
#define DPRINT_PACK(x)                            \
  do {                                            \
    ::ttsim_dp::ThreadScope ttsim_dp_scope_(2); \
    x;                                            \
  } while (0)

// Printing a CB tile slice needs the SDK's DPRINT server protocol, which the simulator does not
// model: using it fails to compile with a message naming the call.
template <typename... Args>
inline int TileSlice(Args...) {
  static_assert(sizeof...(Args) < 0, "TileSlice: DPRINT of tile slices is not supported by ttsim");
  return 0;
}
