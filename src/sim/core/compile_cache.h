// A content-addressed on-disk cache of compiled files (kernel shared objects, tltt run's host
// programs), shared by the simulator's kernel JIT and the runner: keyed by hashes of what
// determines the output, safe for concurrent processes (per-entry lock files, atomic renames) and
// bounded in size (least recently used entries are evicted).
#pragma once
#include <cstdint>
#include <functional>
#include <string>

namespace ttsim {

// 128-bit FNV-style hash of byte strings, as 32 hex digits. Each add() ends with a separator, so
// add("ab"), add("c") differs from add("a"), add("bc").
struct ContentHash {
  uint64_t a = 0xcbf29ce484222325ull, b = 0x84222325cbf29ce4ull;
  void add(const std::string& s);
  std::string hex() const;
};

// The hash of a file's bytes ("" when it cannot be read). Memoized per process by path, size and
// modification time, so repeated cache checks do not re-read the simulator's headers.
std::string file_content_hash(const std::string& path);

class CompileCache {
 public:
  // `dir` is created when missing. `max_bytes` bounds the total size of the entries (0: no bound).
  CompileCache(std::string dir, uint64_t max_bytes);

  const std::string& dir() const { return dir_; }
  std::string path_of(const std::string& name) const { return dir_ + "/" + name; }

  // The entry's path when it exists ("" otherwise); a hit refreshes its modification time, which
  // is the recency eviction goes by.
  std::string lookup(const std::string& name) const;

  // Returns the entry `name`, building it when missing: `build(tmp)` must write the file `tmp`
  // (a private name in the cache directory) and return true, or return false with `*error` set.
  // The build runs under the entry's lock file, after a second lookup, so two processes that need
  // the same entry at once build it once; the result is installed with an atomic rename. Sets
  // `*built` when this call built it. Evicts old entries afterwards when over the size bound.
  // Returns "" on failure.
  std::string get_or_build(
      const std::string& name,
      const std::function<bool(const std::string& tmp, std::string* error)>& build,
      std::string* error, bool* built = nullptr);

  // Writes `content` as entry `name` (atomically, replacing any previous content).
  bool put_text(const std::string& name, const std::string& content) const;

  // Removes least recently used entries until the total is at most the bound. Entries used in the
  // last `grace_seconds` are kept (a concurrent process may be about to read them).
  void evict(double grace_seconds = 60) const;

  // The bound from $<env_var> in MiB when set, else `default_mib`.
  static uint64_t max_bytes_from_env(const char* env_var, uint64_t default_mib);

 private:
  std::string dir_;
  uint64_t max_bytes_;
};

}  // namespace ttsim
