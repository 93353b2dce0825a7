// TTSIM_TRACE writes a Chrome trace (JSON Trace Event Format) and TTSIM_REPORT_DIR a table and an
// SVG of the core grid: required fields, per-track monotonic timestamps, event kinds, determinism.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "gemm/gemm_program.h"
#include "ttsim/stats.hpp"

namespace fs = std::filesystem;

namespace {
bench::GemmConfig cfg() {
  bench::GemmConfig c;
  c.m = c.n = 128;
  c.k = 256;
  c.grid_x = c.grid_y = 2;
  c.fidelity = MathFidelity::HiFi2;
  return c;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string traced_run(const fs::path& path) {
  fs::remove(path);
  setenv("TTSIM_TRACE", path.c_str(), 1);
  bench::run_gemm(cfg());
  unsetenv("TTSIM_TRACE");
  return slurp(path);
}
}  // namespace

TEST(Trace, ChromeTraceEventFormat) {
  fs::path path = fs::temp_directory_path() / "ttsim_trace_test.json";
  std::string text = traced_run(path);
  auto j = nlohmann::json::parse(text);
  ASSERT_TRUE(j.contains("traceEvents"));
  const auto& ev = j.at("traceEvents");
  ASSERT_GT(ev.size(), 50u);
  std::map<std::pair<int, int>, double> last_ts;
  std::set<std::string> cats, thread_names;
  std::set<int> pids;
  for (const auto& e : ev) {
    ASSERT_TRUE(e.contains("ph"));
    ASSERT_TRUE(e.contains("name"));
    ASSERT_TRUE(e.contains("pid"));
    std::string ph = e.at("ph");
    if (ph == "M") {
      if (e.at("name") == "thread_name") {
        thread_names.insert(e.at("args").at("name"));
      }
      continue;
    }
    ASSERT_EQ(ph, "X");
    for (const char* k : {"ts", "dur", "tid", "cat"}) {
      ASSERT_TRUE(e.contains(k)) << k;
    }
    EXPECT_GE(e.at("dur").get<double>(), 0.0);
    auto key = std::make_pair(e.at("pid").get<int>(), e.at("tid").get<int>());
    double ts = e.at("ts");
    auto it = last_ts.find(key);
    if (it != last_ts.end()) {
      EXPECT_GE(ts, it->second) << "track " << key.first << "/" << key.second;
    }
    last_ts[key] = ts;
    cats.insert(e.at("cat"));
    pids.insert(key.first);
  }
  EXPECT_EQ(pids.size(), 4u);  // one process per core
  for (const char* c : {"kernel", "op", "wait", "noc"}) {
    EXPECT_TRUE(cats.count(c)) << c;
  }
  for (const char* t : {"BRISC", "NCRISC", "TRISC0 unpack", "TRISC1 math", "TRISC2 pack"}) {
    EXPECT_TRUE(thread_names.count(t)) << t;
  }
  fs::remove(path);
}

TEST(Trace, ByteIdenticalAcrossRuns) {
  fs::path path = fs::temp_directory_path() / "ttsim_trace_det.json";
  // Each run is on a device of its own, whose trace starts at cycle 0.
  std::string a = traced_run(path);
  ttsim::RunCapture capture;
  std::string b = traced_run(path);
  EXPECT_EQ(a, b);
  EXPECT_EQ(capture.total().programs, 1u);
  fs::remove(path);
}

TEST(Report, TableAndGridSvg) {
  fs::path dir = fs::temp_directory_path() / "ttsim_report_test";
  fs::remove_all(dir);
  setenv("TTSIM_REPORT_DIR", dir.c_str(), 1);
  bench::run_gemm(cfg());
  unsetenv("TTSIM_REPORT_DIR");
  std::string table = slurp(dir / "report.txt");
  EXPECT_NE(table.find("matrix utilization"), std::string::npos);
  EXPECT_NE(table.find("TRISC1"), std::string::npos);
  EXPECT_NE(table.find("stall_cb"), std::string::npos);
  std::string svg = slurp(dir / "cores.svg");
  EXPECT_EQ(svg.rfind("<svg", 0), 0u);
  EXPECT_NE(svg.find("</svg>"), std::string::npos);
  // 8x8 Wormhole grid: 64 cells.
  size_t rects = 0;
  for (size_t p = svg.find("<rect"); p != std::string::npos; p = svg.find("<rect", p + 1)) {
    ++rects;
  }
  EXPECT_EQ(rects, 64u);
  fs::remove_all(dir);
}
