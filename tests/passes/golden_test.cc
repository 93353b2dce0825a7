// Golden tests of every pass: for each test kernel, the IR before a pass is the previous
// golden file (00_input.tir for the first), the pass runs alone, and its output must equal
// golden/<kernel>/NN_<pass>.tir. Set TLTT_UPDATE_GOLDEN=1 to rewrite the files (then review
// the diff). A dump prints the device plan and each function in full only where it differs
// from its last full print; otherwise one line names the file that holds it (see elide_unchanged).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "codegen/codegen.h"
#include "ir/printer.h"
#include "kernels.h"
#include "passes/pass_manager.h"

namespace tltt::testing {
namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The top-level sections of a printed module: the plan block and each function, each with the
// blank line after it. A section's key is "plan" or "func <name>".
struct Section {
  std::string key;
  std::string text;
};
std::vector<Section> split_sections(const std::string& printed) {
  std::vector<Section> out;
  std::istringstream in(printed);
  for (std::string line; std::getline(in, line);) {
    const bool header = !line.empty() && line[0] != ' ' && line != "}";
    if (header || out.empty()) {
      std::string key = line.substr(0, line.find_first_of(" ({"));
      if (key == "func") {
        key = line.substr(0, line.find('('));
      }
      out.push_back({key, ""});
    }
    out.back().text += line + "\n";
  }
  return out;
}

// Most passes change one part of the IR, and the plan (about 1 KB) is printed in every dump, so
// full dumps repeat themselves: a section equal to its last full print becomes one line naming
// the file that holds it. Each dump then shows exactly what its pass changed, and comparing the
// shortened dumps in order still compares every full dump.
class Elider {
 public:
  std::string elide_unchanged(const std::string& file, const std::string& printed) {
    std::string out;
    for (Section& s : split_sections(printed)) {
      auto it = last_.find(s.key);
      if (it != last_.end() && it->second.text == s.text) {
        out += s.key + ": unchanged since " + it->second.file + "\n";
        continue;
      }
      out += s.text;
      last_[s.key] = {file, std::move(s.text)};
    }
    return out;
  }

 private:
  struct Full {
    std::string file;
    std::string text;
  };
  std::map<std::string, Full> last_;
};

struct GoldenKernel {
  std::string name;
  ir::Module (*make)();
  std::string device = "wormhole_b0";
};

void PrintTo(const GoldenKernel& k, std::ostream* os) { *os << k.name << " on " << k.device; }

ir::Module gemm_default() { return make_gemm({}); }
ir::Module gemm_spill() {
  GemmConfig g;
  g.bm = 128;
  g.bn = 128;
  g.bk = 64;
  g.num_stages = 3;
  return make_gemm(g);
}
ir::Module gemm_transpose_b() {
  GemmConfig g;
  g.transpose_b = true;
  g.in = ir::DataType::float16();
  g.acc = ir::DataType::float16();
  g.out = ir::DataType::float16();
  g.stage_output = true;
  return make_gemm(g);
}
// transpose_A: A is [K, M]; every A tile goes through transpose_wh_tile into A_shared_t.
ir::Module gemm_transpose_a() {
  GemmConfig g;
  g.transpose_a = true;
  g.bk = 64;
  return make_gemm(g);
}
// T.fill(C_local, 1.5): the accumulation starts from fill_tile values; bf16 accumulation keeps
// the whole block in DST.
ir::Module gemm_fill() {
  GemmConfig g;
  g.fill_value = 1.5;
  g.acc = ir::DataType::bfloat16();
  return make_gemm(g);
}
// block N = 256 with fp32 accumulation: a block row (8 tiles) is wider than DST (4 tiles), so
// 1 x 4 sub-blocks pack out of order into the reserved output block.
ir::Module gemm_wide() {
  GemmConfig g;
  g.n = 512;
  g.bn = 256;
  return make_gemm(g);
}
ir::Module eltwise_staged() { return make_eltwise({}); }
ir::Module eltwise_direct() {
  EltwiseConfig e;
  e.form = EltwiseForm::kDirect;
  e.op = ir::BinaryOp::kMul;
  return make_eltwise(e);
}

class Golden : public ::testing::TestWithParam<GoldenKernel> {};

TEST_P(Golden, EveryPassMatchesItsGoldenOutput) {
  const GoldenKernel& k = GetParam();
  fs::path dir = fs::path(TLTT_SOURCE_DIR) / "tests/passes/golden" / k.name;
  bool update = std::getenv("TLTT_UPDATE_GOLDEN") != nullptr;
  if (update) {
    fs::create_directories(dir);
  }
  DiagnosticEngine diag;
  passes::PassContext ctx;
  ctx.diag = &diag;
  ctx.device = *passes::DeviceModel::by_name(k.device);
  ir::Module m = k.make();
  auto check = [&](const std::string& file, const std::string& text) {
    if (update) {
      std::ofstream(dir / file) << text;
      return;
    }
    ASSERT_TRUE(fs::exists(dir / file)) << "missing golden file " << (dir / file);
    EXPECT_EQ(text, read_file(dir / file)) << "golden mismatch: " << (dir / file);
  };
  Elider elider;
  check("00_input.tir", elider.elide_unchanged("00_input.tir", ir::print(m)));
  int index = 0;
  for (const auto& pass : passes::pass_registry()) {
    ++index;
    auto next = passes::run_pass(pass, m, ctx);
    ASSERT_TRUE(next) << pass.name << " failed on " << k.name;
    m = *next;
    char name[64];
    std::snprintf(name, sizeof name, "%02d_%s.tir", index, pass.name);
    check(name, elider.elide_unchanged(name, ir::print(m)));
  }
  for (const auto& [file, text] : codegen::generate(m)) {
    check("out." + file, text);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Kernels, Golden,
    ::testing::Values(GoldenKernel{"gemm", &gemm_default}, GoldenKernel{"gemm_spill", &gemm_spill},
                      GoldenKernel{"gemm_transpose_b_fp16", &gemm_transpose_b},
                      GoldenKernel{"gemm_transpose_a", &gemm_transpose_a},
                      GoldenKernel{"gemm_fill", &gemm_fill},
                      GoldenKernel{"gemm_wide_blackhole", &gemm_wide, "blackhole"},
                      GoldenKernel{"eltwise_add_staged", &eltwise_staged},
                      GoldenKernel{"eltwise_mul_direct_blackhole", &eltwise_direct, "blackhole"}),
    [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace tltt::testing
