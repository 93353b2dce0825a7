// DPRINT for kernels: a minimal stream that hands each finished line to the simulator.
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
  Printer& operator<<(bool v) { return *this << (v ? "true" : "false"); }
  Printer& operator<<(int32_t v) { return num(hex_ ? "%*x" : "%*d", v); }
  Printer& operator<<(uint32_t v) { return num(hex_ ? "%*x" : "%*u", v); }
  Printer& operator<<(int64_t v) { return num(hex_ ? "%*llx" : "%*lld", (long long)v); }
  Printer& operator<<(uint64_t v) { return num(hex_ ? "%*llx" : "%*llu", (unsigned long long)v); }
  Printer& operator<<(int16_t v) { return *this << (int32_t)v; }
  Printer& operator<<(uint16_t v) { return *this << (uint32_t)v; }
  Printer& operator<<(int8_t v) { return *this << (int32_t)v; }
  Printer& operator<<(uint8_t v) { return *this << (uint32_t)v; }
  Printer& operator<<(float v) { return num("%*g", (double)v); }
  Printer& operator<<(double v) { return num("%*g", v); }
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
    ttsim_dprint(buf_);
    len_ = 0;
  }
  char buf_[256];
  unsigned len_ = 0;
  bool hex_ = false;
  int width_ = 0;
};

}  // namespace ttsim_dp

inline ttsim_dp::Endl ENDL() { return {}; }
inline ttsim_dp::Hex HEX() { return {}; }
inline ttsim_dp::Dec DEC() { return {}; }
inline ttsim_dp::SetW SETW(int w) { return {w}; }

#define DPRINT ttsim_dp::Printer()
#define DPRINT_DATA0(x) x
#define DPRINT_DATA1(x) x
#define DPRINT_UNPACK(x) x
#define DPRINT_MATH(x) x
#define DPRINT_PACK(x) x
