// SFPI, the C++ vector interface of the SFPU, as compute kernels write custom SFPU code with it:
// vFloat/vInt/vUInt (32 lanes of 32 bits), dst_reg[] (DST rows), the constant registers, v_if /
// v_elseif / v_else / v_endif lane predication, and the sfpi:: bit-field functions. The
// simulator's own declarations of the documented interface: lanes live in host memory, DST loads,
// stores and FP32 multiply-adds go to the simulator (ttsim_sfpi_* in ttsim/abi.h), which applies
// the hardware's numerics (src/sim/numerics/sfpi.cc). Every vector instruction is counted and
// charged when the LLK wrapper that runs the code returns (api/compute/detail/sfpi_params.h).
#pragma once
#include <stdint.h>

#include "ttsim/abi.h"

namespace sfpi {

namespace ttsim_detail {
constexpr int kLanes = 32;
#if defined(ARCH_BLACKHOLE)
constexpr int kBlackhole = 1;
#else
constexpr int kBlackhole = 0;
#endif
// Per core (each core loads its own copy of the kernel): the lanes the current v_if chain
// enables, the instructions not yet charged, and where dst_reg[0] is (row address and the
// dst_reg++ advance since the face started).
inline uint32_t enabled = 0xffffffffu;
inline uint32_t instructions = 0;
inline uint32_t dst_base = 0;
inline uint32_t dst_advance = 0;

inline void count(uint32_t n = 1) { instructions += n; }
inline uint32_t bits_of(float f) { return __builtin_bit_cast(uint32_t, f); }
}  // namespace ttsim_detail

class vFloat;
template <bool Signed>
class vIntBase;
using vInt = vIntBase<true>;
using vUInt = vIntBase<false>;
class DstRef;

// A lane mask produced by a comparison; v_if/v_elseif/v_and take it.
struct vCond {
  uint32_t mask;
};
inline vCond operator&&(vCond a, vCond b) { return {a.mask & b.mask}; }
inline vCond operator||(vCond a, vCond b) { return {a.mask | b.mask}; }
inline vCond operator!(vCond a) { return {~a.mask}; }

// 32 lanes of raw 32-bit words; the typed vectors below interpret them.
struct vBase {
  uint32_t w[ttsim_detail::kLanes] = {};

  // Assignment to an existing variable is predicated: lanes v_if disabled keep their value.
  void assign(const vBase& o) {
    const uint32_t m = ttsim_detail::enabled;
    for (int l = 0; l < ttsim_detail::kLanes; ++l) {
      if (m >> l & 1) {
        w[l] = o.w[l];
      }
    }
  }
  void fill(uint32_t bits) {
    for (uint32_t& x : w) {
      x = bits;
    }
  }
};

struct vMulExpr;

class vFloat : public vBase {
 public:
  vFloat() = default;
  vFloat(const vFloat&) = default;
  vFloat(float f) {  // SFPLOADI: one load for a bf16-exact value, two otherwise
    const uint32_t b = ttsim_detail::bits_of(f);
    fill(b);
    ttsim_detail::count((b & 0xffff) ? 2 : 1);
  }
  vFloat(double d) : vFloat(static_cast<float>(d)) {}
  vFloat(int i) : vFloat(static_cast<float>(i)) {}
  inline vFloat(const vMulExpr& m);
  inline vFloat(const DstRef& d);

  vFloat& operator=(const vFloat& o) {
    assign(o);
    ttsim_detail::count();  // SFPMOV
    return *this;
  }
  vFloat& operator=(vFloat&& o) {  // a computed value is written straight to the register
    assign(o);
    return *this;
  }
  vFloat& operator=(float f) { return *this = vFloat(f); }
  inline vFloat& operator+=(const vFloat& o);
  inline vFloat& operator-=(const vFloat& o);
  inline vFloat& operator*=(const vFloat& o);

  static vFloat from_bits(uint32_t bits) {
    vFloat v;
    v.fill(bits);
    return v;
  }
};

// a * b not yet rounded: the SFPI compiler turns a product followed by an add into one SFPMAD,
// so `a * b + c` rounds once; used anywhere else the product is rounded on its own.
struct vMulExpr {
  vFloat a;
  vFloat b;
};

namespace ttsim_detail {
inline vFloat mad(const vFloat& a, const vFloat& b, const vFloat& c) {
  vFloat d;
  ttsim_sfpi_mad(a.w, b.w, c.w, d.w, kBlackhole);
  count();
  return d;
}
inline vFloat negated(const vFloat& a) {
  vFloat d = a;
  for (uint32_t& x : d.w) {
    x ^= 0x80000000u;
  }
  count();
  return d;
}
inline const vFloat& one() {
  static const vFloat v = vFloat::from_bits(0x3f800000u);
  return v;
}
inline const vFloat& zero() {
  static const vFloat v = vFloat::from_bits(0);
  return v;
}
}  // namespace ttsim_detail

inline vFloat::vFloat(const vMulExpr& m)
    : vFloat(ttsim_detail::mad(m.a, m.b, ttsim_detail::zero())) {}

inline vMulExpr operator*(const vFloat& a, const vFloat& b) { return {a, b}; }
inline vFloat operator+(const vFloat& a, const vFloat& b) {
  return ttsim_detail::mad(a, ttsim_detail::one(), b);
}
inline vFloat operator-(const vFloat& a, const vFloat& b) {
  vFloat nb = b;  // the negation is a MAD operand modifier: exact and free
  for (uint32_t& x : nb.w) {
    x ^= 0x80000000u;
  }
  return ttsim_detail::mad(a, ttsim_detail::one(), nb);
}
inline vFloat operator-(const vFloat& a) { return ttsim_detail::negated(a); }
inline vFloat operator+(const vMulExpr& m, const vFloat& c) {
  return ttsim_detail::mad(m.a, m.b, c);
}
inline vFloat operator+(const vFloat& c, const vMulExpr& m) {
  return ttsim_detail::mad(m.a, m.b, c);
}
inline vFloat operator+(const vMulExpr& m, const vMulExpr& n) { return m + vFloat(n); }
inline vFloat operator-(const vMulExpr& m, const vFloat& c) { return m + (-c); }
inline vFloat operator-(const vFloat& c, const vMulExpr& m) {
  vFloat na = m.a;
  for (uint32_t& x : na.w) {
    x ^= 0x80000000u;
  }
  return ttsim_detail::mad(na, m.b, c);
}
inline vFloat operator-(const vMulExpr& m, const vMulExpr& n) { return m - vFloat(n); }
inline vFloat operator+(const vMulExpr& m, float c) { return m + vFloat(c); }
inline vFloat operator+(float c, const vMulExpr& m) { return m + vFloat(c); }
inline vFloat operator-(const vMulExpr& m, float c) { return m - vFloat(c); }
inline vFloat operator-(float c, const vMulExpr& m) { return vFloat(c) - m; }
inline vFloat operator-(const vMulExpr& m) { return -vFloat(m); }

inline vFloat& vFloat::operator+=(const vFloat& o) { return *this = *this + o; }
inline vFloat& vFloat::operator-=(const vFloat& o) { return *this = *this - o; }
inline vFloat& vFloat::operator*=(const vFloat& o) { return *this = vFloat(*this * o); }

// Float comparisons: the SFPU subtracts (an SFPMAD, with its flushing) and tests the sign and
// zero of the difference.
namespace ttsim_detail {
template <typename Test>
inline vCond compare(const vFloat& a, const vFloat& b, Test test) {
  const vFloat d = a - b;
  count();  // SFPSETCC
  vCond c{0};
  for (int l = 0; l < kLanes; ++l) {
    const uint32_t x = d.w[l];
    const bool neg = (x >> 31) != 0 && (x & 0x7fffffffu) != 0;
    const bool zero = (x & 0x7fffffffu) == 0;
    c.mask |= static_cast<uint32_t>(test(neg, zero)) << l;
  }
  return c;
}
}  // namespace ttsim_detail
inline vCond operator<(const vFloat& a, const vFloat& b) {
  return ttsim_detail::compare(a, b, [](bool n, bool) { return n; });
}
inline vCond operator>=(const vFloat& a, const vFloat& b) {
  return ttsim_detail::compare(a, b, [](bool n, bool) { return !n; });
}
inline vCond operator>(const vFloat& a, const vFloat& b) {
  return ttsim_detail::compare(a, b, [](bool n, bool z) { return !n && !z; });
}
inline vCond operator<=(const vFloat& a, const vFloat& b) {
  return ttsim_detail::compare(a, b, [](bool n, bool z) { return n || z; });
}
inline vCond operator==(const vFloat& a, const vFloat& b) {
  return ttsim_detail::compare(a, b, [](bool, bool z) { return z; });
}
inline vCond operator!=(const vFloat& a, const vFloat& b) {
  return ttsim_detail::compare(a, b, [](bool, bool z) { return !z; });
}

// Integer vectors (two's complement in the lanes; vUInt shifts right logically).
template <bool Signed>
class vIntBase : public vBase {
 public:
  vIntBase() = default;
  vIntBase(const vIntBase&) = default;
  vIntBase(int32_t i) {
    fill(static_cast<uint32_t>(i));
    ttsim_detail::count((static_cast<uint32_t>(i) + 0x8000u) > 0xffffu ? 2 : 1);
  }
  vIntBase(uint32_t i) : vIntBase(static_cast<int32_t>(i)) {}
  vIntBase(const vIntBase<!Signed>& o) : vBase(o) {}
  inline vIntBase(const DstRef& d);

  vIntBase& operator=(const vIntBase& o) {
    assign(o);
    ttsim_detail::count();
    return *this;
  }
  vIntBase& operator=(vIntBase&& o) {
    assign(o);
    return *this;
  }

  template <typename F>
  static vIntBase map2(const vIntBase& a, const vIntBase& b, F f) {
    vIntBase d;
    for (int l = 0; l < ttsim_detail::kLanes; ++l) {
      d.w[l] = f(a.w[l], b.w[l]);
    }
    ttsim_detail::count();
    return d;
  }
  friend vIntBase operator+(const vIntBase& a, const vIntBase& b) {
    return map2(a, b, [](uint32_t x, uint32_t y) { return x + y; });
  }
  friend vIntBase operator-(const vIntBase& a, const vIntBase& b) {
    return map2(a, b, [](uint32_t x, uint32_t y) { return x - y; });
  }
  friend vIntBase operator&(const vIntBase& a, const vIntBase& b) {
    return map2(a, b, [](uint32_t x, uint32_t y) { return x & y; });
  }
  friend vIntBase operator|(const vIntBase& a, const vIntBase& b) {
    return map2(a, b, [](uint32_t x, uint32_t y) { return x | y; });
  }
  friend vIntBase operator^(const vIntBase& a, const vIntBase& b) {
    return map2(a, b, [](uint32_t x, uint32_t y) { return x ^ y; });
  }
  friend vIntBase operator~(const vIntBase& a) {
    return map2(a, a, [](uint32_t x, uint32_t) { return ~x; });
  }
  friend vIntBase operator-(const vIntBase& a) {
    return map2(a, a, [](uint32_t x, uint32_t) { return 0u - x; });
  }
  friend vIntBase operator<<(const vIntBase& a, int s) {
    return map2(a, a, [s](uint32_t x, uint32_t) { return s >= 32 ? 0u : x << s; });
  }
  friend vIntBase operator>>(const vIntBase& a, int s) {
    return map2(a, a, [s](uint32_t x, uint32_t) {
      if (Signed) {
        return static_cast<uint32_t>(static_cast<int32_t>(x) >> (s >= 32 ? 31 : s));
      }
      return s >= 32 ? 0u : x >> s;
    });
  }
  vIntBase& operator+=(const vIntBase& o) { return *this = *this + o; }
  vIntBase& operator-=(const vIntBase& o) { return *this = *this - o; }
  vIntBase& operator&=(const vIntBase& o) { return *this = *this & o; }
  vIntBase& operator|=(const vIntBase& o) { return *this = *this | o; }
  vIntBase& operator^=(const vIntBase& o) { return *this = *this ^ o; }
  vIntBase& operator<<=(int s) { return *this = *this << s; }
  vIntBase& operator>>=(int s) { return *this = *this >> s; }

  // Integer comparisons test the sign and zero of the wrapped difference (SFPIADD + SETCC).
  template <typename Test>
  static vCond compare(const vIntBase& a, const vIntBase& b, Test test) {
    vCond c{0};
    for (int l = 0; l < ttsim_detail::kLanes; ++l) {
      const uint32_t d = a.w[l] - b.w[l];
      c.mask |= static_cast<uint32_t>(test((d >> 31) != 0, d == 0)) << l;
    }
    ttsim_detail::count(2);
    return c;
  }
  friend vCond operator<(const vIntBase& a, const vIntBase& b) {
    return compare(a, b, [](bool n, bool) { return n; });
  }
  friend vCond operator>=(const vIntBase& a, const vIntBase& b) {
    return compare(a, b, [](bool n, bool) { return !n; });
  }
  friend vCond operator>(const vIntBase& a, const vIntBase& b) {
    return compare(a, b, [](bool n, bool z) { return !n && !z; });
  }
  friend vCond operator<=(const vIntBase& a, const vIntBase& b) {
    return compare(a, b, [](bool n, bool z) { return n || z; });
  }
  friend vCond operator==(const vIntBase& a, const vIntBase& b) {
    return compare(a, b, [](bool, bool z) { return z; });
  }
  friend vCond operator!=(const vIntBase& a, const vIntBase& b) {
    return compare(a, b, [](bool, bool z) { return !z; });
  }
};

// One DST position as dst_reg[i] names it: reading loads (SFPLOAD), assigning stores
// (SFPSTORE, only the lanes v_if enables).
class DstRef {
 public:
  explicit DstRef(uint32_t addr) : addr_(addr) {}
  vBase load() const {
    vBase v;
    ttsim_sfpi_load(addr_, v.w);
    ttsim_detail::count();
    return v;
  }
  void store(const vBase& v) const {
    ttsim_sfpi_store(addr_, v.w, ttsim_detail::enabled);
    ttsim_detail::count();
  }
  const DstRef& operator=(const vFloat& v) const {
    store(v);
    return *this;
  }
  const DstRef& operator=(const vInt& v) const {
    store(v);
    return *this;
  }
  const DstRef& operator=(const vUInt& v) const {
    store(v);
    return *this;
  }
  const DstRef& operator=(const vMulExpr& m) const { return *this = vFloat(m); }
  const DstRef& operator=(float f) const { return *this = vFloat(f); }
  const DstRef& operator=(const DstRef& o) const {
    store(o.load());
    return *this;
  }

 private:
  uint32_t addr_;
};

inline vFloat::vFloat(const DstRef& d) {
  const vBase v = d.load();
  *static_cast<vBase*>(this) = v;
}
template <bool Signed>
inline vIntBase<Signed>::vIntBase(const DstRef& d) {
  const vBase v = d.load();
  *static_cast<vBase*>(this) = v;
}

// dst_reg[i] is DST row address dst_base + 2 * (i + advance): a vector covers two 16-wide rows;
// dst_reg++ advances by one vector (the LLK wrappers restart the advance at each face).
class DstRegs {
 public:
  DstRef operator[](int i) const {
    return DstRef(ttsim_detail::dst_base +
                  2 * (static_cast<uint32_t>(i) + ttsim_detail::dst_advance));
  }
  void operator++() { ttsim_detail::dst_advance += 1; }
  void operator++(int) { ttsim_detail::dst_advance += 1; }
  void operator+=(int n) { ttsim_detail::dst_advance += static_cast<uint32_t>(n); }
};
inline DstRegs dst_reg;

// The SFPU's constant registers; the programmable ones are set by assignment (SFPCONFIG).
class vConstFloat {
 public:
  constexpr explicit vConstFloat(uint32_t bits) : bits_(bits) {}
  operator vFloat() const { return vFloat::from_bits(bits_); }
  vConstFloat& operator=(float f) {
    bits_ = ttsim_detail::bits_of(f);
    ttsim_detail::count(2);
    return *this;
  }
  vConstFloat& operator=(const vFloat& v) {
    bits_ = v.w[0];
    ttsim_detail::count();
    return *this;
  }

 private:
  uint32_t bits_;
};
class vConstInt {
 public:
  constexpr explicit vConstInt(uint32_t bits) : bits_(bits) {}
  operator vInt() const {
    vInt v;
    v.fill(bits_);
    return v;
  }
  vConstInt& operator=(int32_t i) {
    bits_ = static_cast<uint32_t>(i);
    ttsim_detail::count(2);
    return *this;
  }

 private:
  uint32_t bits_;
};
inline const vConstFloat vConst0{0x00000000u};
inline const vConstFloat vConst1{0x3f800000u};
inline const vConstFloat vConstNeg1{0xbf800000u};
inline const vConstFloat vConst0p8373{0x3f56594bu};  // 0.8373f
inline vConstFloat vConstFloatPrgm0{0};
inline vConstFloat vConstFloatPrgm1{0};
inline vConstFloat vConstFloatPrgm2{0};
inline vConstInt vConstIntPrgm0{0};
inline vConstInt vConstIntPrgm1{0};
inline vConstInt vConstIntPrgm2{0};

// Reinterprets the lanes' bits as another vector type (no instruction).
template <typename To, typename From>
inline To reinterpret(const From& v) {
  To t;
  *static_cast<vBase*>(&t) = static_cast<const vBase&>(v);
  return t;
}

namespace ttsim_detail {
template <typename To, typename From, typename F>
inline To map(const From& v, F f) {
  To t;
  for (int l = 0; l < kLanes; ++l) {
    t.w[l] = f(v.w[l], l);
  }
  count();
  return t;
}
}  // namespace ttsim_detail

// Bit-field functions on FP32 lanes (sign 1, exponent 8 biased by 127, mantissa 23).
inline vFloat abs(const vFloat& v) {
  return ttsim_detail::map<vFloat>(v, [](uint32_t x, int) { return x & 0x7fffffffu; });
}
inline vInt abs(const vInt& v) {
  return ttsim_detail::map<vInt>(
      v, [](uint32_t x, int) { return static_cast<int32_t>(x) < 0 ? 0u - x : x; });
}
inline vFloat setsgn(const vFloat& v, int sign) {
  return ttsim_detail::map<vFloat>(v, [sign](uint32_t x, int) {
    return (x & 0x7fffffffu) | (static_cast<uint32_t>(sign & 1) << 31);
  });
}
inline vFloat setsgn(const vFloat& v, const vFloat& sign) {
  return ttsim_detail::map<vFloat>(
      v, [&sign](uint32_t x, int l) { return (x & 0x7fffffffu) | (sign.w[l] & 0x80000000u); });
}
inline vInt exexp(const vFloat& v) {  // unbiased exponent
  return ttsim_detail::map<vInt>(v, [](uint32_t x, int) { return ((x >> 23) & 0xffu) - 127u; });
}
inline vInt exexp_nodebias(const vFloat& v) {
  return ttsim_detail::map<vInt>(v, [](uint32_t x, int) { return (x >> 23) & 0xffu; });
}
inline vInt exman8(const vFloat& v) {  // mantissa with the hidden bit (bit 23)
  return ttsim_detail::map<vInt>(v, [](uint32_t x, int) { return (x & 0x7fffffu) | 0x800000u; });
}
inline vInt exman9(const vFloat& v) {  // mantissa without the hidden bit
  return ttsim_detail::map<vInt>(v, [](uint32_t x, int) { return x & 0x7fffffu; });
}
inline vFloat setexp(const vFloat& v, const vUInt& e) {
  return ttsim_detail::map<vFloat>(
      v, [&e](uint32_t x, int l) { return (x & 0x807fffffu) | ((e.w[l] & 0xffu) << 23); });
}
inline vFloat setexp(const vFloat& v, uint32_t e) { return setexp(v, vUInt(e)); }
inline vFloat setman(const vFloat& v, const vUInt& m) {
  return ttsim_detail::map<vFloat>(
      v, [&m](uint32_t x, int l) { return (x & 0xff800000u) | (m.w[l] & 0x7fffffu); });
}
inline vFloat setman(const vFloat& v, uint32_t m) { return setman(v, vUInt(m)); }
inline vFloat addexp(const vFloat& v, int n) {
  return ttsim_detail::map<vFloat>(v, [n](uint32_t x, int) {
    const uint32_t e = (((x >> 23) & 0xffu) + static_cast<uint32_t>(n)) & 0xffu;
    return (x & 0x807fffffu) | (e << 23);
  });
}
inline vInt lz(const vInt& v) {
  return ttsim_detail::map<vInt>(
      v, [](uint32_t x, int) { return x == 0 ? 32u : static_cast<uint32_t>(__builtin_clz(x)); });
}
inline vInt lz(const vFloat& v) { return lz(reinterpret<vInt>(v)); }

// Lane predication scopes (the SFPU's condition-code stack).
class ttsim_cc {
 public:
  ttsim_cc() : outer_(ttsim_detail::enabled) { ttsim_detail::count(); }
  ~ttsim_cc() {
    ttsim_detail::enabled = outer_;
    ttsim_detail::count();
  }
  void if_(vCond c) {
    taken_ = outer_ & c.mask;
    ttsim_detail::enabled = taken_;
  }
  void elseif_(vCond c) {
    ttsim_detail::enabled = outer_ & ~taken_ & c.mask;
    taken_ |= ttsim_detail::enabled;
    ttsim_detail::count();
  }
  void else_() {
    ttsim_detail::enabled = outer_ & ~taken_;
    ttsim_detail::count();
  }
  void and_(vCond c) {
    ttsim_detail::enabled &= c.mask;
    taken_ |= ttsim_detail::enabled;
  }

 private:
  uint32_t outer_;
  uint32_t taken_ = 0;
};

}  // namespace sfpi

#define v_if(cond)              \
  {                             \
    ::sfpi::ttsim_cc ttsim_cc_; \
    ttsim_cc_.if_(cond);
#define v_elseif(cond) ttsim_cc_.elseif_(cond);
#define v_else ttsim_cc_.else_();
#define v_endif }
#define v_block \
  {             \
    ::sfpi::ttsim_cc ttsim_cc_;
#define v_endblock }
#define v_and(cond) ttsim_cc_.and_(cond)
