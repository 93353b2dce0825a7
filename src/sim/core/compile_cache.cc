// The shared compile cache: lookups, locked builds, atomic installs and LRU eviction by size.
#include "sim/core/compile_cache.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <tuple>
#include <vector>

namespace fs = std::filesystem;

namespace ttsim {

void ContentHash::add(const std::string& s) {
  for (unsigned char c : s) {
    a = (a ^ c) * 0x100000001b3ull;
    b = (b ^ (c + 0x9e)) * 0x100000001b3ull;
    b ^= b >> 29;
  }
  a ^= 0xff;
  a *= 0x100000001b3ull;
}

std::string ContentHash::hex() const {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(a),
                static_cast<unsigned long long>(b));
  return buf;
}

std::string file_content_hash(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    return "";
  }
  using Key = std::tuple<std::string, int64_t, int64_t, int64_t>;
  static std::mutex mu;
  static std::map<Key, std::string> memo;
  Key key{path, static_cast<int64_t>(st.st_size), static_cast<int64_t>(st.st_mtim.tv_sec),
          static_cast<int64_t>(st.st_mtim.tv_nsec)};
  {
    std::lock_guard<std::mutex> g(mu);
    if (auto it = memo.find(key); it != memo.end()) {
      return it->second;
    }
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return "";
  }
  std::stringstream ss;
  ss << in.rdbuf();
  ContentHash h;
  h.add(ss.str());
  std::string hex = h.hex();
  std::lock_guard<std::mutex> g(mu);
  memo[key] = hex;
  return hex;
}

namespace {

std::string private_tmp_name(const std::string& dir, const std::string& name) {
  static std::atomic<unsigned> counter{0};
  return dir + "/.tmp." + std::to_string(::getpid()) + "." + std::to_string(counter++) + "." + name;
}

// An exclusive flock on <dir>/locks/<name>.lock for the lifetime of the object. Lock files are
// never removed: removing one while another process waits on it would break the exclusion.
class FileLock {
 public:
  explicit FileLock(const std::string& path) {
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ >= 0) {
      while (::flock(fd_, LOCK_EX) != 0 && errno == EINTR) {
      }
    }
  }
  ~FileLock() {
    if (fd_ >= 0) {
      ::close(fd_);  // closing releases the lock
    }
  }
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace

CompileCache::CompileCache(std::string dir, uint64_t max_bytes)
    : dir_(std::move(dir)), max_bytes_(max_bytes) {
  std::error_code ec;
  fs::create_directories(fs::path(dir_) / "locks", ec);
}

uint64_t CompileCache::max_bytes_from_env(const char* env_var, uint64_t default_mib) {
  uint64_t mib = default_mib;
  if (const char* v = std::getenv(env_var); v && *v) {
    char* end = nullptr;
    unsigned long long n = std::strtoull(v, &end, 10);
    if (end && *end == '\0') {
      mib = n;
    }
  }
  return mib * 1024 * 1024;
}

std::string CompileCache::lookup(const std::string& name) const {
  std::string path = path_of(name);
  // Refreshing the time stamp both marks the use and tells whether the entry exists.
  if (::utimensat(AT_FDCWD, path.c_str(), nullptr, 0) != 0) {
    return "";
  }
  return path;
}

bool CompileCache::put_text(const std::string& name, const std::string& content) const {
  std::string tmp = private_tmp_name(dir_, name);
  {
    std::ofstream out(tmp, std::ios::binary);
    out << content;
    if (!out) {
      return false;
    }
  }
  std::error_code ec;
  fs::rename(tmp, path_of(name), ec);
  if (ec) {
    fs::remove(tmp, ec);
  }
  return !ec;
}

std::string CompileCache::get_or_build(
    const std::string& name,
    const std::function<bool(const std::string& tmp, std::string* error)>& build,
    std::string* error, bool* built) {
  if (built) {
    *built = false;
  }
  if (std::string hit = lookup(name); !hit.empty()) {
    return hit;
  }
  {
    FileLock lock(dir_ + "/locks/" + name + ".lock");
    // Another process may have built it while this one waited for the lock.
    if (std::string hit = lookup(name); !hit.empty()) {
      return hit;
    }
    std::string tmp = private_tmp_name(dir_, name);
    if (!build(tmp, error)) {
      std::error_code ec;
      fs::remove(tmp, ec);
      return "";
    }
    std::error_code ec;
    fs::rename(tmp, path_of(name), ec);
    if (ec) {
      if (error) {
        *error = "cannot install " + path_of(name) + ": " + ec.message();
      }
      fs::remove(tmp, ec);
      return "";
    }
    if (built) {
      *built = true;
    }
  }
  evict();
  return path_of(name);
}

void CompileCache::evict(double grace_seconds) const {
  if (max_bytes_ == 0) {
    return;
  }
  struct Entry {
    fs::path path;
    fs::file_time_type time;
    uint64_t size;
  };
  std::vector<Entry> entries;
  uint64_t total = 0;
  const auto now = fs::file_time_type::clock::now();
  std::error_code ec;
  for (fs::directory_iterator it(dir_, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code e2;
    if (!it->is_regular_file(e2)) {
      continue;
    }
    const std::string fname = it->path().filename().string();
    auto t = it->last_write_time(e2);
    if (e2) {
      continue;
    }
    if (fname.rfind(".tmp.", 0) == 0) {
      // A temporary left by a process that died mid-build.
      if (now - t > std::chrono::hours(1)) {
        fs::remove(it->path(), e2);
      }
      continue;
    }
    uint64_t size = it->file_size(e2);
    if (e2) {
      continue;
    }
    entries.push_back({it->path(), t, size});
    total += size;
  }
  if (total <= max_bytes_) {
    return;
  }
  std::sort(entries.begin(), entries.end(),
            [](const Entry& x, const Entry& y) { return x.time < y.time; });
  const auto grace = std::chrono::duration_cast<fs::file_time_type::duration>(
      std::chrono::duration<double>(grace_seconds));
  for (const Entry& e : entries) {
    if (total <= max_bytes_) {
      break;
    }
    if (now - e.time < grace) {
      break;  // sorted: everything after is newer still
    }
    std::error_code e2;
    if (fs::remove(e.path, e2)) {
      total -= e.size;
    }
  }
}

}  // namespace ttsim
