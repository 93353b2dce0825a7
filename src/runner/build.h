// Building the generated host program (main.cpp) against the simulator, cached by content hash.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace tltt::runner {

// How to compile and link a host program against libttsim. Defaults come from the build tree
// this tltt was built in (the simulator's headers and library directory); the environment
// variables TLTT_SIM_CXXFLAGS and TLTT_SIM_LDFLAGS (space-separated) replace them, and
// TLTT_CXX replaces the compiler (g++).
struct SimFlags {
  std::string compiler = "g++";
  std::vector<std::string> cxxflags;  // after -std=c++20 -O1
  std::vector<std::string> ldflags;   // after the sources
  std::string library_dir;            // where libttsim lives; may be empty
  std::string include_dir;            // the simulator's SDK-path headers
  std::string headers_hash;           // of the SDK-path header tree (the host side of the ABI)
};
SimFlags sim_flags();

// The environment a built program runs in: LD_LIBRARY_PATH leads with this tltt's libttsim
// directory. A cached program may have been linked in another checkout (the cache key leaves the
// checkout's paths out, so every checkout on the machine shares the programs), and its run path
// names that checkout's library; LD_LIBRARY_PATH comes first, so the program takes this one.
std::vector<std::pair<std::string, std::string>> program_env();

struct BuildResult {
  bool ok = false;
  bool cached = false;  // reused a program built earlier
  std::string program;  // absolute path of the executable
  std::string log;      // compiler output on failure
  std::string command;  // the compile command, for messages
};

// How the host program is built: an executable (`tltt run`), or a shared object whose `main`
// is exported as the C function `tltt_host_main(argc, argv)` so a process that already holds
// libttsim (the Python module) can run it in-process with dlopen.
enum class ProgramKind { kExecutable, kSharedObject };

// The symbol a kSharedObject build exports in place of `main`.
inline constexpr const char* kHostMainSymbol = "tltt_host_main";

// Every generated host program also exports (codegen/host_prologue.cpp) a binding of its
// parameters to the caller's memory, used instead of DATA_DIR files while bound:
// bind(name, data, count, element_bytes) hands it one tensor's `count` row-major elements
// (scalars: one element), unbind() forgets them all.
inline constexpr const char* kHostBindSymbol = "tltt_host_bind";
inline constexpr const char* kHostUnbindSymbol = "tltt_host_unbind";
using HostBindFn = void (*)(const char* name, void* data, uint64_t count, uint32_t element_bytes);
using HostUnbindFn = void (*)();

// Builds `main_cpp` (a file) into `<cache_dir>/program_<hash>` (`.so` for a shared object),
// where the hash covers the compiler, the flags (the simulator's include and library directories
// as placeholders: the headers enter by content), the kind and the source text, so a repeated
// run reuses the program, from any checkout. The cache is the simulator's CompileCache
// (sim/core/compile_cache.h): concurrent builds of the same program build it once (lock file,
// atomic rename); the size is bounded by $TLTT_PROGRAM_CACHE_MAX_MB (default 512 MiB, least
// recently used programs evicted).
BuildResult build_program(const std::string& main_cpp, const std::string& cache_dir,
                          double timeout_seconds, ProgramKind kind = ProgramKind::kExecutable);

}  // namespace tltt::runner
