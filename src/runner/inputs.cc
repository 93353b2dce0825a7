// `tltt run --input NAME=SPEC`: user-given inputs (files, literal values, integer generators)
// for parameters whose random values mean nothing, such as the offsets of index tensors.
#include "runner/inputs.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "runner/data_io.h"

namespace tltt::runner {

namespace {

std::string shape_str(const std::vector<int64_t>& s) {
  return fmt::format("[{}]", fmt::join(s, ", "));
}

int64_t numel_of(const std::vector<int64_t>& s) {
  int64_t n = 1;
  for (int64_t d : s) {
    n *= d;
  }
  return n;
}

// A whole decimal integer, optionally signed; nothing else in `text`.
bool parse_i64(std::string_view text, int64_t* v) {
  if (!text.empty() && text[0] == '+') {
    text.remove_prefix(1);
  }
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *v);
  return ec == std::errc() && end == text.data() + text.size() && !text.empty();
}

bool parse_f64(const std::string& text, double* v) {
  char* end = nullptr;
  *v = std::strtod(text.c_str(), &end);
  return !text.empty() && end == text.c_str() + text.size();
}

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t at; (at = text.find(sep, start)) != std::string::npos; start = at + 1) {
    out.push_back(text.substr(start, at - start));
  }
  out.push_back(text.substr(start));
  return out;
}

// `LO..HI[/M]`: an inclusive integer range and the step the values are multiples of.
bool parse_range(const std::string& text, int64_t* lo, int64_t* hi, int64_t* mult) {
  std::string body = text;
  *mult = 1;
  if (size_t slash = body.find('/'); slash != std::string::npos) {
    if (!parse_i64(std::string_view(body).substr(slash + 1), mult) || *mult <= 0) {
      return false;
    }
    body = body.substr(0, slash);
  }
  size_t dots = body.find("..");
  return dots != std::string::npos && parse_i64(std::string_view(body).substr(0, dots), lo) &&
         parse_i64(std::string_view(body).substr(dots + 2), hi) && *lo <= *hi;
}

uint64_t splitmix(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// Seeded multiples of `mult` in [lo, hi]; false when the range holds none.
struct IntStream {
  uint64_t state;
  int64_t first = 0, count = 0, mult = 1;
  bool init(int64_t lo, int64_t hi, int64_t m) {
    mult = m;
    first = lo >= 0 ? (lo + m - 1) / m : -((-lo) / m);             // ceil(lo / m)
    const int64_t last = hi >= 0 ? hi / m : -((-hi + m - 1) / m);  // floor(hi / m)
    count = last - first + 1;
    return count > 0;
  }
  int64_t next() { return (first + static_cast<int64_t>(splitmix(state) % count)) * mult; }
};

// Whether `v` is a value of the integer (or bool) dtype, exactly.
bool fits_integer(ir::DataType dt, double v) {
  if (v != std::floor(v)) {
    return false;
  }
  if (dt.is_bool()) {
    return v == 0 || v == 1;
  }
  const int bits = dt.bits();
  const double lo = dt.is_uint() ? 0.0 : -std::ldexp(1.0, bits - 1);
  const double hi = dt.is_uint() ? std::ldexp(1.0, bits) - 1 : std::ldexp(1.0, bits - 1) - 1;
  return v >= lo && v <= hi;
}

template <class T>
double load(const char* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return static_cast<double>(v);
}

std::string text_of(double v) {
  return v == std::floor(v) && std::abs(v) < 1e15 ? fmt::format("{}", static_cast<int64_t>(v))
                                                  : fmt::format("{:g}", v);
}

}  // namespace

bool read_npy(const std::string& path, std::vector<int64_t>* shape, std::vector<double>* values,
              std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = "cannot read " + path;
    return false;
  }
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (bytes.size() < 10 || bytes.compare(0, 6, "\x93NUMPY") != 0) {
    *error = path + " is not a .npy file (no \\x93NUMPY magic)";
    return false;
  }
  const auto major = static_cast<uint8_t>(bytes[6]);
  size_t header_len = 0, header_at = 0;
  if (major == 1) {
    header_len =
        static_cast<uint8_t>(bytes[8]) | static_cast<size_t>(static_cast<uint8_t>(bytes[9])) << 8;
    header_at = 10;
  } else if ((major == 2 || major == 3) && bytes.size() >= 12) {
    for (int i = 0; i < 4; ++i) {
      header_len |= static_cast<size_t>(static_cast<uint8_t>(bytes[8 + i])) << (8 * i);
    }
    header_at = 12;
  } else {
    *error = fmt::format("{}: .npy format version {} is not read (1, 2 and 3 are)", path, major);
    return false;
  }
  if (header_at + header_len > bytes.size()) {
    *error = path + ": truncated .npy header";
    return false;
  }
  const std::string header = bytes.substr(header_at, header_len);
  // The header is a Python dict literal: {'descr': '<i4', 'fortran_order': False, 'shape': (4,), }
  auto field = [&](const std::string& key) -> std::string {
    size_t at = header.find("'" + key + "'");
    if (at == std::string::npos) {
      return {};
    }
    at = header.find(':', at);
    return at == std::string::npos ? std::string() : header.substr(at + 1);
  };
  std::string descr = field("descr");
  const size_t q0 = descr.find('\''), q1 = q0 == std::string::npos ? q0 : descr.find('\'', q0 + 1);
  if (q1 == std::string::npos) {
    *error = path + ": .npy header has no 'descr'";
    return false;
  }
  descr = descr.substr(q0 + 1, q1 - q0 - 1);
  const bool fortran = field("fortran_order").find("True") < field("fortran_order").find(',');
  std::string shape_text = field("shape");
  const size_t p0 = shape_text.find('('), p1 = shape_text.find(')');
  if (p0 == std::string::npos || p1 == std::string::npos || p1 < p0) {
    *error = path + ": .npy header has no 'shape'";
    return false;
  }
  shape->clear();
  for (std::string dim : split(shape_text.substr(p0 + 1, p1 - p0 - 1), ',')) {
    dim.erase(0, dim.find_first_not_of(" L"));
    dim.erase(dim.find_last_not_of(" L") + 1);
    int64_t d = 0;
    if (dim.empty()) {
      continue;
    }
    if (!parse_i64(dim, &d) || d < 0) {
      *error = path + ": .npy shape '" + shape_text.substr(p0, p1 - p0 + 1) + "' is not read";
      return false;
    }
    shape->push_back(d);
  }
  // dtype: byte order ('<', '|', or '=' on this little-endian host), kind and size.
  if (descr.size() < 3 || descr[0] == '>') {
    *error = fmt::format(
        "{}: .npy dtype '{}' is not read (little-endian b1, i1-i8, u1-u8, f2, f4, "
        "f8 are)",
        path, descr);
    return false;
  }
  const char kind = descr[1];
  const std::string size = descr.substr(2);
  using Load = double (*)(const char*);
  Load ld = nullptr;
  size_t width = 0;
  auto pick = [&](char k, const char* s, Load f, size_t w) {
    if (kind == k && size == s) {
      ld = f;
      width = w;
    }
  };
  pick(
      'b', "1", [](const char* p) { return p[0] != 0 ? 1.0 : 0.0; }, 1);
  pick('i', "1", load<int8_t>, 1);
  pick('i', "2", load<int16_t>, 2);
  pick('i', "4", load<int32_t>, 4);
  pick('i', "8", load<int64_t>, 8);
  pick('u', "1", load<uint8_t>, 1);
  pick('u', "2", load<uint16_t>, 2);
  pick('u', "4", load<uint32_t>, 4);
  pick('u', "8", load<uint64_t>, 8);
  pick('f', "4", load<float>, 4);
  pick('f', "8", load<double>, 8);
  if (kind == 'f' && size == "2") {
    ld = [](const char* p) {
      uint16_t h;
      std::memcpy(&h, p, 2);
      const int e = (h >> 10) & 31, m = h & 1023;
      const double mag = e == 0    ? std::ldexp(m, -24)
                         : e == 31 ? (m ? NAN : INFINITY)
                                   : std::ldexp(1024 + m, e - 25);
      return (h & 0x8000) ? -mag : mag;
    };
    width = 2;
  }
  if (!ld) {
    *error = fmt::format(
        "{}: .npy dtype '{}' is not read (little-endian b1, i1-i8, u1-u8, f2, f4, "
        "f8 are)",
        path, descr);
    return false;
  }
  const int64_t n = numel_of(*shape);
  const size_t data_at = header_at + header_len;
  if (bytes.size() - data_at != static_cast<size_t>(n) * width) {
    *error = fmt::format("{}: {} bytes of data, expected {} ({} x '{}')", path,
                         bytes.size() - data_at, static_cast<size_t>(n) * width, n, descr);
    return false;
  }
  values->assign(static_cast<size_t>(n), 0.0);
  // Row-major position of each element; Fortran order stores the first axis fastest.
  std::vector<int64_t> idx(shape->size(), 0);
  for (int64_t f = 0; f < n; ++f) {
    int64_t flat = f;
    if (fortran) {
      int64_t rest = f;
      for (size_t a = 0; a < shape->size(); ++a) {
        idx[a] = rest % (*shape)[a];
        rest /= (*shape)[a];
      }
      flat = 0;
      for (size_t a = 0; a < shape->size(); ++a) {
        flat = flat * (*shape)[a] + idx[a];
      }
    }
    (*values)[static_cast<size_t>(flat)] =
        ld(bytes.data() + data_at + static_cast<size_t>(f) * width);
  }
  return true;
}

bool make_input(const std::string& spec, ir::DataType dtype, const std::vector<int64_t>& shape,
                uint64_t seed, int param_index, reference::Tensor* out, std::string* description,
                std::string* error) {
  const int64_t n = numel_of(shape);
  *out = reference::Tensor::zeros(dtype, shape);
  std::vector<double>& data = out->data;
  const size_t colon = spec.find(':');
  const std::string kind = colon == std::string::npos ? std::string() : spec.substr(0, colon);
  const std::string arg = colon == std::string::npos ? std::string() : spec.substr(colon + 1);
  auto bad = [&](const std::string& why) {
    *error = fmt::format("--input '{}': {}", spec, why);
    return false;
  };
  uint64_t state = (seed ^ 0xC0FFEE) * 0x100000001B3ull + static_cast<uint64_t>(param_index) + 1;
  splitmix(state);
  const int64_t last = shape.empty() ? 1 : shape.back();
  std::string how;
  if (kind == "values") {
    std::vector<double> vs;
    for (const std::string& t : split(arg, ',')) {
      double v = 0;
      if (!parse_f64(t, &v)) {
        return bad("'" + t + "' is not a number");
      }
      vs.push_back(v);
    }
    if (vs.size() != 1 && static_cast<int64_t>(vs.size()) != n) {
      return bad(
          fmt::format("{} values for {} elements {} (give one value per element, or one "
                      "for all)",
                      vs.size(), n, shape_str(shape)));
    }
    for (int64_t i = 0; i < n; ++i) {
      data[static_cast<size_t>(i)] = vs.size() == 1 ? vs[0] : vs[static_cast<size_t>(i)];
    }
    how = "values";
  } else if (kind == "range") {
    std::vector<std::string> parts = split(arg, ',');
    double start = 0, step = 1;
    if (parts.size() > 2 || !parse_f64(parts[0], &start) ||
        (parts.size() == 2 && !parse_f64(parts[1], &step))) {
      return bad("expected range:START[,STEP]");
    }
    for (int64_t i = 0; i < n; ++i) {
      data[static_cast<size_t>(i)] = start + step * static_cast<double>(i);
    }
    how = "range";
  } else if (kind == "randint") {
    int64_t lo = 0, hi = 0, mult = 1;
    IntStream s{state};
    if (!parse_range(arg, &lo, &hi, &mult)) {
      return bad("expected randint:LO..HI or randint:LO..HI/M (LO <= HI, M > 0)");
    }
    if (!s.init(lo, hi, mult)) {
      return bad(fmt::format("no multiple of {} in [{}, {}]", mult, lo, hi));
    }
    for (double& v : data) {
      v = static_cast<double>(s.next());
    }
    how = fmt::format("seeded integers in [{}, {}]{}", lo, hi,
                      mult > 1 ? fmt::format(", multiples of {}", mult) : "");
  } else if (kind == "cumsum") {
    // Lengths: literal (one list for every row along the last axis) or seeded.
    std::vector<int64_t> lengths;
    int64_t lo = 0, hi = 0, mult = 1;
    IntStream s{state};
    const bool random = arg.find("..") != std::string::npos;
    if (random) {
      if (!parse_range(arg, &lo, &hi, &mult)) {
        return bad("expected cumsum:L0,L1,... or cumsum:LO..HI[/M] (LO <= HI, M > 0)");
      }
      if (!s.init(lo, hi, mult)) {
        return bad(fmt::format("no multiple of {} in [{}, {}]", mult, lo, hi));
      }
    } else {
      for (const std::string& t : split(arg, ',')) {
        int64_t v = 0;
        if (!parse_i64(t, &v)) {
          return bad("'" + t + "' is not an integer length");
        }
        lengths.push_back(v);
      }
      if (static_cast<int64_t>(lengths.size()) != last - 1) {
        return bad(
            fmt::format("{} lengths for a last axis of {} elements {}: give {} (the first "
                        "offset is 0)",
                        lengths.size(), last, shape_str(shape), last - 1));
      }
    }
    for (int64_t row = 0; row < n / std::max<int64_t>(last, 1); ++row) {
      int64_t sum = 0;
      for (int64_t i = 0; i < last; ++i) {
        if (i > 0) {
          sum += random ? s.next() : lengths[static_cast<size_t>(i - 1)];
        }
        data[static_cast<size_t>(row * last + i)] = static_cast<double>(sum);
      }
    }
    how = random ? fmt::format("prefix sums of seeded lengths in [{}, {}]{}", lo, hi,
                               mult > 1 ? fmt::format(", multiples of {}", mult) : "")
                 : "prefix sums of the lengths";
  } else if (std::filesystem::path(spec).extension() == ".npy") {
    std::vector<int64_t> file_shape;
    std::vector<double> values;
    if (!read_npy(spec, &file_shape, &values, error)) {
      *error = "--input: " + *error;
      return false;
    }
    if (file_shape != shape) {
      return bad(fmt::format("the array is {}, the parameter {}", shape_str(file_shape),
                             shape_str(shape)));
    }
    data = std::move(values);
    how = "from " + spec;
  } else if (!kind.empty() && kind.find('/') == std::string::npos && kind.size() > 1 &&
             !std::filesystem::exists(spec)) {
    return bad("unknown form '" + kind +
               ":' (values:, range:, randint:, cumsum:, a .npy file or a raw data file)");
  } else {
    // Raw data file of the parameter's dtype: the host program's own input format.
    if (!std::filesystem::exists(spec)) {
      return bad(
          "no such file (values:, range:, randint:, cumsum:, a .npy file or a raw data "
          "file)");
    }
    if (!read_tensor_file(spec, dtype, shape, out, error)) {
      *error = "--input: " + *error;
      return false;
    }
    how = "from " + spec + " (raw " + dtype.str() + ")";
  }
  for (double& v : data) {
    if (dtype.is_integer() || dtype.is_bool()) {
      if (!fits_integer(dtype, v)) {
        return bad(fmt::format("{} is not a value of {}", text_of(v), dtype.str()));
      }
    } else {
      v = reference::round_to_dtype(dtype, v);
    }
  }
  if (n <= 16) {
    std::vector<std::string> vs;
    for (double v : data) {
      vs.push_back(text_of(v));
    }
    how += fmt::format(" = [{}]", fmt::join(vs, ", "));
  }
  *description = how;
  return true;
}

}  // namespace tltt::runner
