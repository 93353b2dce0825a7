// Unit tests of `tltt run --input NAME=SPEC` (runner/inputs.h): every form of SPEC, the values
// it gives, and the messages for what it refuses.
#include "runner/inputs.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>

#include "runner/data_io.h"

namespace tltt::runner {
namespace {

namespace fs = std::filesystem;
using ir::DataType;

struct Made {
  bool ok = false;
  reference::Tensor t;
  std::string how, error;
};

Made make(const std::string& spec, DataType dt, std::vector<int64_t> shape, uint64_t seed = 0) {
  Made m;
  m.ok = make_input(spec, dt, shape, seed, 3, &m.t, &m.how, &m.error);
  return m;
}

std::string temp_path(const std::string& name) {
  return (fs::temp_directory_path() / (std::to_string(::getpid()) + "_" + name)).string();
}

// A .npy file of version 1 with the given header fields and raw data bytes.
std::string write_npy(const std::string& name, const std::string& descr, const std::string& shape,
                      const std::string& data, bool fortran = false) {
  std::string header = "{'descr': '" + descr +
                       "', 'fortran_order': " + (fortran ? "True" : "False") +
                       ", 'shape': " + shape + ", }";
  while ((10 + header.size() + 1) % 64 != 0) {
    header += ' ';
  }
  header += '\n';
  std::string bytes = std::string("\x93NUMPY\x01\x00", 8);
  bytes += static_cast<char>(header.size() & 0xff);
  bytes += static_cast<char>(header.size() >> 8);
  bytes += header + data;
  const std::string path = temp_path(name);
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

template <class T>
std::string raw(std::initializer_list<T> vs) {
  std::string out;
  for (T v : vs) {
    out.append(reinterpret_cast<const char*>(&v), sizeof v);
  }
  return out;
}

TEST(Inputs, LiteralValuesRangeAndOneForAll) {
  Made m = make("values:0,40,110,160", DataType::int32(), {4});
  ASSERT_TRUE(m.ok) << m.error;
  EXPECT_EQ(m.t.data, (std::vector<double>{0, 40, 110, 160}));
  EXPECT_EQ(m.how, "values = [0, 40, 110, 160]");
  m = make("values:7", DataType::int32(), {2, 3});
  ASSERT_TRUE(m.ok);
  EXPECT_EQ(m.t.data, std::vector<double>(6, 7));
  m = make("range:5,-2", DataType::int32(), {2, 2});
  ASSERT_TRUE(m.ok);
  EXPECT_EQ(m.t.data, (std::vector<double>{5, 3, 1, -1}));
  // Floats are rounded to the dtype.
  m = make("values:0.1", DataType::bfloat16(), {1});
  ASSERT_TRUE(m.ok);
  EXPECT_EQ(m.t.data[0], reference::round_to_dtype(DataType::bfloat16(), 0.1));
}

TEST(Inputs, CumsumOfLengthsPerRow) {
  Made m = make("cumsum:40,70,50", DataType::int32(), {4});
  ASSERT_TRUE(m.ok) << m.error;
  EXPECT_EQ(m.t.data, (std::vector<double>{0, 40, 110, 160}));
  EXPECT_EQ(m.how, "prefix sums of the lengths = [0, 40, 110, 160]");
  m = make("cumsum:1,2", DataType::int32(), {2, 3});
  ASSERT_TRUE(m.ok);
  EXPECT_EQ(m.t.data, (std::vector<double>{0, 1, 3, 0, 1, 3}));
  m = make("cumsum:1,2", DataType::int32(), {4});
  EXPECT_FALSE(m.ok);
  EXPECT_EQ(m.error,
            "--input 'cumsum:1,2': 2 lengths for a last axis of 4 elements [4]: give 3 (the first "
            "offset is 0)");
}

TEST(Inputs, SeededGeneratorsStayInRangeAndRepeat) {
  Made a = make("cumsum:128..384/128", DataType::int32(), {5}, 7);
  ASSERT_TRUE(a.ok) << a.error;
  EXPECT_EQ(a.t.data[0], 0);
  for (size_t i = 1; i < 5; ++i) {
    const double len = a.t.data[i] - a.t.data[i - 1];
    EXPECT_TRUE(len == 128 || len == 256 || len == 384) << len;
  }
  EXPECT_EQ(make("cumsum:128..384/128", DataType::int32(), {5}, 7).t.data, a.t.data);
  Made r = make("randint:-3..9/3", DataType::int32(), {64}, 1);
  ASSERT_TRUE(r.ok);
  bool seen[5] = {};
  for (double v : r.t.data) {
    ASSERT_TRUE(v == -3 || v == 0 || v == 3 || v == 6 || v == 9) << v;
    seen[static_cast<int>(v + 3) / 3] = true;
  }
  EXPECT_TRUE(seen[0] && seen[4]);
  EXPECT_EQ(r.how, "seeded integers in [-3, 9], multiples of 3");
  EXPECT_FALSE(make("randint:5..7/4", DataType::int32(), {2}).ok);
  EXPECT_FALSE(make("randint:7..5", DataType::int32(), {2}).ok);
}

TEST(Inputs, IntegerParametersRefuseOtherValues) {
  Made m = make("values:1.5", DataType::int32(), {1});
  EXPECT_FALSE(m.ok);
  EXPECT_EQ(m.error, "--input 'values:1.5': 1.5 is not a value of int32");
  m = make("values:-1", DataType::uint32(), {1});
  EXPECT_FALSE(m.ok);
  EXPECT_EQ(m.error, "--input 'values:-1': -1 is not a value of uint32");
  m = make("values:1,2", DataType::int32(), {3});
  EXPECT_EQ(m.error,
            "--input 'values:1,2': 2 values for 3 elements [3] (give one value per element, or "
            "one for all)");
  m = make("lengths:1,2", DataType::int32(), {3});
  EXPECT_EQ(m.error,
            "--input 'lengths:1,2': unknown form 'lengths:' (values:, range:, randint:, cumsum:, "
            "a .npy file or a raw data file)");
}

TEST(Inputs, NpyFilesOfSeveralDtypesAndOrders) {
  std::string p = write_npy("cu.npy", "<i8", "(4,)", raw<int64_t>({0, 40, 110, 160}));
  Made m = make(p, DataType::int32(), {4});
  ASSERT_TRUE(m.ok) << m.error;
  EXPECT_EQ(m.t.data, (std::vector<double>{0, 40, 110, 160}));
  // Fortran order: the first axis varies fastest in the file.
  p = write_npy("f.npy", "<f4", "(2, 3)", raw<float>({1, 4, 2, 5, 3, 6}), true);
  m = make(p, DataType::float32(), {2, 3});
  ASSERT_TRUE(m.ok) << m.error;
  EXPECT_EQ(m.t.data, (std::vector<double>{1, 2, 3, 4, 5, 6}));
  m = make(p, DataType::float32(), {3, 2});
  EXPECT_FALSE(m.ok);
  EXPECT_EQ(m.error, "--input '" + p + "': the array is [2, 3], the parameter [3, 2]");
  p = write_npy("h.npy", "<f2", "(2,)", raw<uint16_t>({0x3c00, 0xc000}));
  m = make(p, DataType::float32(), {2});
  ASSERT_TRUE(m.ok) << m.error;
  EXPECT_EQ(m.t.data, (std::vector<double>{1, -2}));
  p = write_npy("big.npy", ">i4", "(1,)", raw<int32_t>({1}));
  m = make(p, DataType::int32(), {1});
  EXPECT_FALSE(m.ok);
  EXPECT_NE(m.error.find("dtype '>i4' is not read"), std::string::npos) << m.error;
}

TEST(Inputs, RawDataFilesOfTheParameterDtype) {
  const std::string p = temp_path("cu.bin");
  std::ofstream(p, std::ios::binary) << raw<int32_t>({0, 3, -2});
  Made m = make(p, DataType::int32(), {3});
  ASSERT_TRUE(m.ok) << m.error;
  EXPECT_EQ(m.t.data, (std::vector<double>{0, 3, -2}));
  m = make(p, DataType::int32(), {4});
  EXPECT_FALSE(m.ok);
  EXPECT_NE(m.error.find("has 12 bytes, expected 16"), std::string::npos) << m.error;
  m = make(temp_path("missing.bin"), DataType::int32(), {4});
  EXPECT_NE(m.error.find("no such file"), std::string::npos) << m.error;
}

}  // namespace
}  // namespace tltt::runner
