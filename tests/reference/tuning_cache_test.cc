// Tests of the tuning cache (driver/tuning_cache.h): what the key depends on (content, sizes,
// device and B0's options, never the file's path), the JSON form of an entry, and stores that
// concurrent writers cannot tear.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <thread>

#include "driver/driver.h"
#include "driver/tuning_cache.h"
#include "frontend/frontend.h"
#include "passes/pass_manager.h"

namespace fs = std::filesystem;

namespace tltt::driver {
namespace {

fs::path scratch(const std::string& name) {
  fs::path p =
      fs::temp_directory_path() / ("tltt-tuning-test-" + std::to_string(::getpid())) / name;
  fs::remove_all(p);
  fs::create_directories(p);
  return p;
}

std::string gemm_file() { return std::string(TLTT_SOURCE_DIR) + "/examples/gemm.py"; }

ir::Module load(const std::string& file, const std::string& entry) {
  SourceManager sources;
  DiagnosticEngine diag(&sources);
  CompileOptions o;
  o.entry = entry;
  auto m = fe::load(file, entry_options(o), sources, diag);
  EXPECT_TRUE(m.has_value()) << file << " " << entry;
  return m ? *m : ir::Module{};
}

// Sets (or, with nullptr, unsets) an environment variable for one test and restores it.
class EnvVar {
 public:
  EnvVar(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) {
      saved_ = old;
    }
    if (value) {
      ::setenv(name, value, 1);
    } else {
      ::unsetenv(name);
    }
  }
  ~EnvVar() {
    if (saved_) {
      ::setenv(name_, saved_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }

 private:
  const char* name_;
  std::optional<std::string> saved_;
};

TEST(TuningCache, KeyFollowsContentSizesDeviceAndOptionsNotPaths) {
  const std::string entry = "matmul(256, 256, 256, 64, 64, 32)";
  const ir::Module m = load(gemm_file(), entry);
  CompileOptions o;
  o.entry = entry;
  const std::string key = tuning_key(m, o);
  EXPECT_EQ(key.size(), 32u);
  EXPECT_EQ(tuning_key(m, o), key) << "deterministic";

  // The same kernel text under another path and file name: the same key.
  fs::path copy = scratch("copy") / "renamed_gemm.py";
  fs::copy_file(gemm_file(), copy);
  EXPECT_EQ(tuning_key(load(copy.string(), entry), o), key);

  // Other sizes, another device, options that change B0's candidates: other keys.
  EXPECT_NE(tuning_key(load(gemm_file(), "matmul(512, 256, 256, 64, 64, 32)"), o), key);
  CompileOptions bh = o;
  bh.device = "blackhole";
  EXPECT_NE(tuning_key(m, bh), key);
  CompileOptions alias = o;
  alias.device = "n150";  // an alias of wormhole_b0
  EXPECT_EQ(tuning_key(m, alias), key);
  CompileOptions off = o;
  off.disabled_passes = {"operand-multicast"};
  EXPECT_NE(tuning_key(m, off), key);
  CompileOptions by_id = o;
  by_id.disabled_passes = {passes::find_pass("operand-multicast")->id};
  EXPECT_EQ(tuning_key(m, by_id), tuning_key(m, off)) << "a pass by id or by name";
  CompileOptions o0 = o;
  o0.opt_level = 0;
  EXPECT_NE(tuning_key(m, o0), key);
  // Output options do not change the choice.
  CompileOptions out = o;
  out.out_dir = "/somewhere/else";
  out.diagnostics.set_remarks("all");
  EXPECT_EQ(tuning_key(m, out), key);
}

TuningEntry sample_entry() {
  TuningEntry e;
  e.key = "0123456789abcdef0123456789abcdef";
  e.kernel = "gemm.py";
  e.entry = "matmul(2048, 2048, 2048, 128, 128, 32)";
  e.device = "wormhole_b0";
  e.blocks["gemm"] = {128, 256, 64};
  e.runs = {{{128, 256, 64}, 250000, 412.5, 0.78}, {{256, 256, 32}, 260000, 401.25, 0.80}};
  return e;
}

TEST(TuningCache, EntryRoundTripsThroughJson) {
  const TuningEntry e = sample_entry();
  auto back = entry_from_json(to_json(e));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->key, e.key);
  EXPECT_EQ(back->kernel, e.kernel);
  EXPECT_EQ(back->entry, e.entry);
  EXPECT_EQ(back->device, e.device);
  EXPECT_EQ(back->blocks, e.blocks);
  ASSERT_EQ(back->runs.size(), 2u);
  EXPECT_EQ(back->runs[1].block, (passes::GemmBlock{256, 256, 32}));
  EXPECT_DOUBLE_EQ(back->runs[1].simulated_us, 401.25);
  EXPECT_DOUBLE_EQ(back->runs[0].roofline, 0.78);
  EXPECT_EQ(to_json(*back), to_json(e));

  // Another format version, a malformed block or no JSON at all: no entry.
  std::string text = to_json(e);
  std::string other = text;
  other.replace(other.find("\"version\": 1"), 12, "\"version\": 0");
  EXPECT_FALSE(entry_from_json(other).has_value());
  std::string bad = text;
  bad.replace(bad.find("128,"), 4, "\"x\",");
  EXPECT_FALSE(entry_from_json(bad).has_value());
  EXPECT_FALSE(entry_from_json("not json").has_value());
}

TEST(TuningCache, StoresUnderTheKernelCacheDirectoryAndSurvivesConcurrentWriters) {
  const fs::path dir = scratch("cache");
  EnvVar kernel_cache("TTSIM_CACHE_DIR", dir.c_str());
  EnvVar own_dir("TLTT_TUNING_CACHE_DIR", nullptr);
  EXPECT_EQ(tuning_cache_dir(), (dir / "tuning").string());
  TuningEntry e = sample_entry();
  EXPECT_FALSE(load_tuning(e.key).has_value());
  std::string error;
  ASSERT_TRUE(store_tuning(e, &error)) << error;
  auto back = load_tuning(e.key);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->blocks, e.blocks);

  // Writers racing on one key: the entry is always one writer's whole entry, and no temporary
  // file is left behind.
  std::vector<std::thread> writers;
  for (int w = 0; w < 4; ++w) {
    writers.emplace_back([w, e] {
      for (int i = 0; i < 25; ++i) {
        TuningEntry mine = e;
        mine.blocks["gemm"] = {32 * (w + 1), 32 * (i + 1), 32};
        std::string err;
        EXPECT_TRUE(store_tuning(mine, &err)) << err;
      }
    });
  }
  for (int i = 0; i < 100; ++i) {
    auto seen = load_tuning(e.key);
    ASSERT_TRUE(seen.has_value()) << "a reader saw a torn entry";
    EXPECT_EQ(seen->blocks.size(), 1u);
  }
  for (std::thread& t : writers) {
    t.join();
  }
  auto last = load_tuning(e.key);
  ASSERT_TRUE(last.has_value());
  EXPECT_EQ(last->blocks.at("gemm").bn, 32 * 25);
  int files = 0;
  for (const auto& f : fs::directory_iterator(dir / "tuning")) {
    ++files;
    EXPECT_EQ(f.path().filename().string(), e.key + ".json");
  }
  EXPECT_EQ(files, 1);

  // An entry renamed to another key is not taken for that key.
  fs::copy_file(dir / "tuning" / (e.key + ".json"), dir / "tuning" / "ffff.json");
  EXPECT_FALSE(load_tuning("ffff").has_value());

  // TLTT_TUNING_CACHE_DIR moves the tuning cache alone.
  EnvVar moved("TLTT_TUNING_CACHE_DIR", (dir / "elsewhere").c_str());
  EXPECT_EQ(tuning_cache_dir(), (dir / "elsewhere").string());
  EXPECT_FALSE(load_tuning(e.key).has_value());
}

TEST(TuningCache, FlagAndEnvironmentTurnItOff) {
  CompileOptions o;
  EnvVar env("TLTT_TUNING_CACHE", nullptr);
  EXPECT_TRUE(tuning_cache_enabled(o));
  ::setenv("TLTT_TUNING_CACHE", "0", 1);
  EXPECT_FALSE(tuning_cache_enabled(o));
  ::setenv("TLTT_TUNING_CACHE", "1", 1);
  EXPECT_TRUE(tuning_cache_enabled(o));
  o.tuning_cache = false;  // --no-tuning-cache
  EXPECT_FALSE(tuning_cache_enabled(o));
}

}  // namespace
}  // namespace tltt::driver
