// The shared compile cache (sim/core/compile_cache.h): builds once under concurrency, installs
// atomically, evicts least recently used entries beyond its size bound, and keys kernels by
// content so a copy of a kernel in another directory hits the same object.
#include "sim/core/compile_cache.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

namespace fs = std::filesystem;
using ttsim::CompileCache;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() /
           ("ttsim-cc-test-" + std::to_string(getpid()) + "-" +
            std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
};

bool write_bytes(const std::string& path, size_t n) {
  std::ofstream(path, std::ios::binary) << std::string(n, 'x');
  return true;
}

}  // namespace

TEST(CompileCache, ConcurrentBuildsOfOneEntryBuildOnce) {
  TempDir d;
  std::atomic<int> builds{0};
  std::string results[4];
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] {
      CompileCache cache(d.path.string(), 0);
      std::string err;
      results[i] = cache.get_or_build(
          "entry",
          [&](const std::string& tmp, std::string*) {
            ++builds;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            return write_bytes(tmp, 10);
          },
          &err);
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  EXPECT_EQ(builds.load(), 1);
  for (auto& r : results) {
    EXPECT_EQ(r, (d.path / "entry").string());
  }
  EXPECT_EQ(fs::file_size(d.path / "entry"), 10u);
  // Nothing but the entry and the lock directory remains (no temporaries).
  int files = 0;
  for (auto& e : fs::directory_iterator(d.path)) {
    files += e.is_regular_file();
  }
  EXPECT_EQ(files, 1);
}

TEST(CompileCache, FailedBuildInstallsNothing) {
  TempDir d;
  CompileCache cache(d.path.string(), 0);
  std::string err;
  bool built = true;
  std::string p = cache.get_or_build(
      "bad",
      [](const std::string& tmp, std::string* e) {
        write_bytes(tmp, 3);
        *e = "does not compile";
        return false;
      },
      &err, &built);
  EXPECT_EQ(p, "");
  EXPECT_EQ(err, "does not compile");
  EXPECT_FALSE(built);
  EXPECT_EQ(cache.lookup("bad"), "");
}

TEST(CompileCache, EvictsLeastRecentlyUsedBeyondTheBound) {
  TempDir d;
  CompileCache cache(d.path.string(), 2500);
  const auto old = fs::file_time_type::clock::now() - std::chrono::hours(2);
  for (int i = 0; i < 3; ++i) {
    std::string name = "e" + std::to_string(i);
    write_bytes(cache.path_of(name), 1000);
    fs::last_write_time(cache.path_of(name), old + std::chrono::minutes(i));
  }
  // A hit refreshes e0, so e1 is now the least recently used.
  EXPECT_NE(cache.lookup("e0"), "");
  cache.evict();
  EXPECT_TRUE(fs::exists(cache.path_of("e0")));
  EXPECT_FALSE(fs::exists(cache.path_of("e1")));
  EXPECT_TRUE(fs::exists(cache.path_of("e2")));
  // Entries used within the grace period stay even over the bound.
  write_bytes(cache.path_of("e3"), 1000);
  cache.evict();
  EXPECT_TRUE(fs::exists(cache.path_of("e0")));
  EXPECT_TRUE(fs::exists(cache.path_of("e3")));
}

TEST(CompileCache, MaxBytesFromEnvironment) {
  setenv("TTSIM_TEST_CACHE_MB", "7", 1);
  EXPECT_EQ(CompileCache::max_bytes_from_env("TTSIM_TEST_CACHE_MB", 3), 7u << 20);
  unsetenv("TTSIM_TEST_CACHE_MB");
  EXPECT_EQ(CompileCache::max_bytes_from_env("TTSIM_TEST_CACHE_MB", 3), 3u << 20);
}

TEST(CompileCache, ContentHashSeparatesParts) {
  ttsim::ContentHash a, b;
  a.add("ab");
  a.add("c");
  b.add("a");
  b.add("bc");
  EXPECT_NE(a.hex(), b.hex());
  EXPECT_EQ(a.hex().size(), 32u);
}
