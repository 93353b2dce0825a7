// The kernel ABI's table (src/sim/abi/abi_calls.def): every function libttsim exports is in it,
// every entry is declared in the ABI headers, defined in the file the table names, and has a cost
// entry the cost model prices on both devices (or says why it costs nothing).
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "api/compute/detail/abi_ext.h"
#include "sim/arch/arch.h"
#include "sim/timing/i_cost_model.h"
#include "sim/timing/noc_links.h"
#include "ttsim/abi.h"
#include "ttsim/simulator.hpp"

using namespace ttsim;

namespace {

enum class CostKind { Call, Noc, Op, Free };

struct AbiRow {
  const char* name;
  const void* fn;  // taking the address checks that the ABI headers declare it
  const char* file;
  CostKind kind;
  int entry;  // ApiCall or ComputeKind value
  const char* why_free;
};

#define Call(e) CostKind::Call, static_cast<int>(ApiCall::e), ""
#define Noc(e) CostKind::Noc, static_cast<int>(ApiCall::e), ""
#define Op(k) CostKind::Op, static_cast<int>(ComputeKind::k), ""
#define Free(why) CostKind::Free, 0, why
#define TTSIM_ABI(fn, file, cost) {#fn, reinterpret_cast<const void*>(&fn), file, cost},
const std::vector<AbiRow> kAbi = {
#include "sim/abi/abi_calls.def"
};
#undef TTSIM_ABI
#undef Call
#undef Noc
#undef Op
#undef Free

const ICostModel& calibrated() {
  static const std::unique_ptr<ICostModel> m = make_cost_model("calibrated");
  return *m;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST(AbiTable, ListsEveryFunctionLibttsimExports) {
  std::string lib = Simulator::library_dir() + "/libttsim.so";
  std::unique_ptr<FILE, int (*)(FILE*)> p(
      popen(("nm -D --defined-only '" + lib + "' 2>/dev/null").c_str(), "r"), pclose);
  ASSERT_TRUE(p);
  std::set<std::string> exported;
  char line[512];
  std::regex sym(R"(^[0-9a-f]+ T (ttsim_\w+)$)");
  while (std::fgets(line, sizeof line, p.get())) {
    std::string l(line);
    if (!l.empty() && l.back() == '\n') {
      l.pop_back();
    }
    std::smatch m;
    if (std::regex_match(l, m, sym)) {
      exported.insert(m[1]);
    }
  }
  ASSERT_GT(exported.size(), 50u) << "nm found too few symbols in " << lib;
  std::set<std::string> listed;
  for (const AbiRow& r : kAbi) {
    EXPECT_TRUE(listed.insert(r.name).second) << r.name << " is listed twice";
  }
  for (const std::string& s : exported) {
    EXPECT_TRUE(listed.count(s)) << s << " is not in the table";
  }
  for (const std::string& s : listed) {
    EXPECT_TRUE(exported.count(s)) << s << " is not exported";
  }
}

TEST(AbiTable, EachFunctionIsDefinedInTheFileItsRowNames) {
  for (const AbiRow& r : kAbi) {
    std::string text = read_file(std::string(TTSIM_SRC_DIR) + "/" + r.file);
    ASSERT_FALSE(text.empty()) << r.file;
    std::regex def("\\b" + std::string(r.name) + "\\([^;]*\\)\\s*\\{");
    EXPECT_TRUE(std::regex_search(text, def)) << r.name << " is not defined in " << r.file;
  }
}

TEST(AbiTable, EveryFunctionHasACostEntryTheModelPrices) {
  for (Arch arch : {Arch::WormholeB0, Arch::Blackhole}) {
    const ArchSpec& a = arch_spec(arch);
    for (const AbiRow& r : kAbi) {
      switch (r.kind) {
        case CostKind::Call:
          EXPECT_GT(calibrated().call_cycles(a, static_cast<ApiCall>(r.entry)), 0u) << r.name;
          break;
        case CostKind::Noc: {
          EXPECT_GT(calibrated().call_cycles(a, static_cast<ApiCall>(r.entry)), 0u) << r.name;
          NocLinkState links(a);
          NocTransfer t{{a.desc->worker_x[0], a.desc->worker_y[0]},
                        {a.desc->worker_x[1], a.desc->worker_y[0]},
                        64};
          EXPECT_GT(calibrated().transfer(a, t, 100, links).done, 100u) << r.name;
          break;
        }
        case CostKind::Op: {
          ComputeOp op;
          op.kind = static_cast<ComputeKind>(r.entry);
          op.name = r.name;
          op.in_tiles = 1;
          op.in_bytes = 2048;
          op.out_bytes = 2048;
          op.sfpu_instr = 1;
          ComputeCost c = calibrated().compute(a, op);
          EXPECT_GT(c.unpack + c.math + c.pack, 0u) << r.name << " on " << a.name();
          break;
        }
        case CostKind::Free:
          EXPECT_STRNE(r.why_free, "") << r.name << " costs nothing without saying why";
          break;
      }
    }
  }
}
