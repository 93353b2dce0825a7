// Raw data files and seeded inputs for `tltt run`.
#include "runner/data_io.h"

#include <cmath>
#include <cstring>
#include <fstream>

#include "sim/numerics/numerics.h"

namespace tltt::runner {

using ir::DataType;

int element_bytes(DataType dtype) {
  if (dtype.is_bool()) {
    return 1;
  }
  if (dtype.is_float() || dtype.is_integer()) {
    return dtype.bytes();
  }
  return 0;
}

namespace {

template <class T>
void put(std::vector<uint8_t>& bytes, size_t i, T v) {
  std::memcpy(bytes.data() + i * sizeof(T), &v, sizeof(T));
}
template <class T>
T get(const std::vector<uint8_t>& bytes, size_t i) {
  T v;
  std::memcpy(&v, bytes.data() + i * sizeof(T), sizeof(T));
  return v;
}

void encode(DataType dt, double v, std::vector<uint8_t>& bytes, size_t i) {
  using Code = DataType::Code;
  if (reference::is_fp8(dt)) {
    return put<uint8_t>(bytes, i, reference::encode_fp8(dt, v));
  }
  switch (dt.code()) {
    case Code::kTFloat:
      return put<float>(bytes, i, static_cast<float>(v));
    case Code::kBFloat:
      return put<uint16_t>(bytes, i, ttsim::num::float_to_bf16(static_cast<float>(v)));
    case Code::kFloat:
      if (dt.bits() == 16) {
        return put<uint16_t>(bytes, i, ttsim::num::float_to_fp16(static_cast<float>(v)));
      }
      if (dt.bits() == 32) {
        return put<float>(bytes, i, static_cast<float>(v));
      }
      return put<double>(bytes, i, v);
    case Code::kBool:
      return put<uint8_t>(bytes, i, v != 0 ? 1 : 0);
    case Code::kInt:
    case Code::kUInt: {
      int64_t x = static_cast<int64_t>(v);
      switch (dt.bits()) {
        case 8:
          return put<uint8_t>(bytes, i, static_cast<uint8_t>(x));
        case 16:
          return put<uint16_t>(bytes, i, static_cast<uint16_t>(x));
        case 32:
          return put<uint32_t>(bytes, i, static_cast<uint32_t>(x));
        default:
          return put<int64_t>(bytes, i, x);
      }
    }
    default:
      return;
  }
}

double decode(DataType dt, const std::vector<uint8_t>& bytes, size_t i) {
  using Code = DataType::Code;
  if (reference::is_fp8(dt)) {
    return reference::decode_fp8(dt, get<uint8_t>(bytes, i));
  }
  switch (dt.code()) {
    case Code::kTFloat:
      return get<float>(bytes, i);
    case Code::kBFloat:
      return ttsim::num::bf16_to_float(get<uint16_t>(bytes, i));
    case Code::kFloat:
      if (dt.bits() == 16) {
        return ttsim::num::fp16_to_float(get<uint16_t>(bytes, i));
      }
      if (dt.bits() == 32) {
        return get<float>(bytes, i);
      }
      return get<double>(bytes, i);
    case Code::kBool:
      return get<uint8_t>(bytes, i) != 0 ? 1.0 : 0.0;
    case Code::kInt:
      switch (dt.bits()) {
        case 8:
          return get<int8_t>(bytes, i);
        case 16:
          return get<int16_t>(bytes, i);
        case 32:
          return get<int32_t>(bytes, i);
        default:
          return static_cast<double>(get<int64_t>(bytes, i));
      }
    case Code::kUInt:
      switch (dt.bits()) {
        case 8:
          return get<uint8_t>(bytes, i);
        case 16:
          return get<uint16_t>(bytes, i);
        case 32:
          return get<uint32_t>(bytes, i);
        default:
          return static_cast<double>(get<uint64_t>(bytes, i));
      }
    default:
      return 0;
  }
}

uint64_t splitmix64(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

}  // namespace

bool write_tensor_file(const std::string& path, const reference::Tensor& t, std::string* error) {
  const int eb = element_bytes(t.dtype);
  if (eb == 0) {
    *error = "dtype " + t.dtype.str() + " has no data-file encoding";
    return false;
  }
  std::vector<uint8_t> bytes(t.data.size() * static_cast<size_t>(eb));
  for (size_t i = 0; i < t.data.size(); ++i) {
    encode(t.dtype, t.data[i], bytes, i);
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
  if (!out) {
    *error = "cannot write " + path;
    return false;
  }
  return true;
}

bool read_tensor_file(const std::string& path, DataType dtype, std::vector<int64_t> shape,
                      reference::Tensor* out, std::string* error) {
  const int eb = element_bytes(dtype);
  if (eb == 0) {
    *error = "dtype " + dtype.str() + " has no data-file encoding";
    return false;
  }
  *out = reference::Tensor::zeros(dtype, std::move(shape));
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) {
    *error = "the program did not write " + path;
    return false;
  }
  const auto size = static_cast<size_t>(in.tellg());
  const size_t want = out->data.size() * static_cast<size_t>(eb);
  if (size != want) {
    *error = path + " has " + std::to_string(size) + " bytes, expected " + std::to_string(want) +
             " (" + std::to_string(out->data.size()) + " x " + dtype.str() + ")";
    return false;
  }
  std::vector<uint8_t> bytes(size);
  in.seekg(0);
  in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(size));
  for (size_t i = 0; i < out->data.size(); ++i) {
    out->data[i] = decode(dtype, bytes, i);
  }
  return true;
}

reference::Tensor random_tensor(DataType dtype, std::vector<int64_t> shape, uint64_t seed,
                                int param_index) {
  reference::Tensor t = reference::Tensor::zeros(dtype, std::move(shape));
  uint64_t state = seed * 0x100000001B3ull + static_cast<uint64_t>(param_index) + 1;
  splitmix64(state);
  for (double& v : t.data) {
    const uint64_t r = splitmix64(state);
    if (dtype.is_float()) {
      const double u = static_cast<double>(r >> 11) * 0x1.0p-53;  // [0, 1)
      v = reference::round_to_dtype(dtype, 2.0 * u - 1.0);
    } else if (dtype.is_bool()) {
      v = static_cast<double>(r >> 63);
    } else if (dtype.is_uint()) {
      v = static_cast<double>(r % 17);
    } else {
      v = static_cast<double>(r % 17) - 8.0;
    }
  }
  return t;
}

std::string input_range_text(DataType dtype) {
  if (dtype.is_float()) {
    return "uniform [-1, 1) rounded to " + dtype.str();
  }
  if (dtype.is_bool()) {
    return "0/1";
  }
  return dtype.is_uint() ? "integers in [0, 16]" : "integers in [-8, 8]";
}

}  // namespace tltt::runner
