// Kernel JIT: wrapper generation, preprocessing for the cache key, g++ invocation, disk cache.
#include "sim/core/jit.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "ttsim/error.hpp"

extern char** environ;

namespace ttsim {

using tt::tt_metal::SimulatorError;
namespace fs = std::filesystem;

namespace {

uint64_t g_compiles = 0;

struct Hash128 {
  uint64_t a = 0xcbf29ce484222325ull, b = 0x84222325cbf29ce4ull;
  void add(const std::string& s) {
    for (unsigned char c : s) {
      a = (a ^ c) * 0x100000001b3ull;
      b = (b ^ (c + 0x9e)) * 0x100000001b3ull;
      b ^= b >> 29;
    }
    a ^= 0xff;
    a *= 0x100000001b3ull;
  }
  std::string hex() const {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(a),
                  static_cast<unsigned long long>(b));
    return buf;
  }
};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Runs argv; returns the exit status, stdout and stderr.
int run(const std::vector<std::string>& args, std::string* out, std::string* err) {
  std::string dir = jit_cache_dir() + "/tmp";
  std::string base = dir + "/run." + std::to_string(getpid());
  std::string out_path = base + ".out", err_path = base + ".err";
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&fa, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid;
  int rc = posix_spawnp(&pid, argv[0], &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) {
    if (err) *err = "cannot run " + args[0];
    return 127;
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
  }
  if (out) *out = read_file(out_path);
  if (err) *err = read_file(err_path);
  unlink(out_path.c_str());
  unlink(err_path.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

std::string compiler() {
  const char* cxx = std::getenv("TTSIM_CXX");
  return cxx && *cxx ? cxx : "g++";
}

const std::string& compiler_identity() {
  static std::string id = [] {
    std::string out;
    run({compiler(), "--version"}, &out, nullptr);
    return out;
  }();
  return id;
}

std::string define_line(const std::string& name, const std::string& value) {
  return "#define " + name + (value.empty() ? "" : " " + value) + "\n";
}

std::string content_hash(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "";
  std::stringstream ss;
  ss << in.rdbuf();
  Hash128 h;
  h.add(ss.str());
  return h.hex();
}

// Manifest: the .so name, then "<content hash> <path>" per file the preprocessor read.
std::string check_manifest(const std::string& manifest, const std::string& cache) {
  std::ifstream in(manifest);
  std::string so;
  if (!in || !std::getline(in, so)) return "";
  std::string line;
  while (std::getline(in, line)) {
    size_t sp = line.find(' ');
    if (sp == std::string::npos || content_hash(line.substr(sp + 1)) != line.substr(0, sp)) {
      return "";
    }
  }
  std::string full = cache + "/" + so;
  return fs::exists(full) ? full : "";
}

void write_manifest(const std::string& manifest, const std::string& so, const std::string& deps,
                    const std::string& cache) {
  // Depfile: "target: dep dep \\\n dep ..."; paths here contain no spaces.
  std::string body = fs::path(so).filename().string() + "\n";
  size_t colon = deps.find(": ");
  std::stringstream ss(colon == std::string::npos ? "" : deps.substr(colon + 2));
  std::string tok;
  while (ss >> tok) {
    if (tok == "\\" || tok.rfind(cache + "/tmp/", 0) == 0) continue;
    std::string h = content_hash(tok);
    if (h.empty()) return;
    body += h + " " + tok + "\n";
  }
  std::string tmp = manifest + ".tmp" + std::to_string(getpid());
  std::ofstream(tmp) << body;
  fs::rename(tmp, manifest);
}

}  // namespace

uint64_t jit_compile_count() { return g_compiles; }

std::string jit_cache_dir() {
  std::string dir;
  if (const char* d = std::getenv("TTSIM_CACHE_DIR"); d && *d) {
    dir = d;
  } else if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) {
    dir = std::string(x) + "/ttsim";
  } else if (const char* h = std::getenv("HOME"); h && *h) {
    dir = std::string(h) + "/.cache/ttsim";
  } else {
    dir = "/tmp/ttsim-cache";
  }
  std::error_code ec;
  fs::create_directories(dir + "/tmp", ec);
  if (ec)
    throw SimulatorError("ttsim: cannot create the kernel cache " + dir + ": " + ec.message());
  return dir;
}

std::string sim_include_dir() {
  if (const char* d = std::getenv("TTSIM_INCLUDE_DIR"); d && *d) return d;
  Dl_info info;
  if (dladdr(reinterpret_cast<void*>(&sim_include_dir), &info) && info.dli_fname) {
    fs::path lib = fs::path(info.dli_fname).parent_path();
    fs::path inst = lib / ".." / "include" / "ttsim";
    std::error_code ec;
    if (fs::exists(inst / "ttsim" / "abi.h", ec)) return fs::weakly_canonical(inst).string();
  }
  return TTSIM_SOURCE_INCLUDE_DIR;
}

// The SDK's order: absolute path; else the working directory, TT_METAL_KERNEL_PATH, the system
// kernel directory, TT_METAL_HOME.
std::string resolve_kernel_path(const std::string& file, std::string* tried) {
  std::vector<std::string> cands = {file};
  if (!fs::path(file).is_absolute()) {
    if (const char* p = std::getenv("TT_METAL_KERNEL_PATH"); p && *p) {
      cands.push_back(std::string(p) + "/" + file);
    }
    cands.push_back("/usr/share/tenstorrent/kernels/" + file);
    if (const char* p = std::getenv("TT_METAL_HOME"); p && *p) {
      cands.push_back(std::string(p) + "/" + file);
    }
  }
  std::string list;
  for (auto& c : cands) {
    std::error_code ec;
    if (fs::is_regular_file(c, ec)) return fs::canonical(c).string();
    list += (list.empty() ? "" : ", ") + c;
  }
  if (tried) *tried = list;
  return "";
}

std::string jit_compile(const KernelDesc& k, const ArchSpec& arch) {
  std::string cache = jit_cache_dir();
  std::string path;
  if (!k.source.empty()) {
    Hash128 h;
    h.add(k.source);
    path = cache + "/src_" + h.hex() + ".cpp";
    if (!fs::exists(path)) {
      std::string tmp = path + ".tmp" + std::to_string(getpid());
      std::ofstream(tmp) << k.source;
      fs::rename(tmp, path);
    }
  } else {
    std::string tried;
    path = resolve_kernel_path(k.file, &tried);
    if (path.empty()) {
      throw SimulatorError("kernel file '" + k.file + "' not found (tried " + tried +
                           "; set TT_METAL_HOME or TT_METAL_KERNEL_PATH)");
    }
  }

  std::string w = "// ttsim kernel wrapper (generated)\n";
  w += define_line("TTSIM_KERNEL", "1");
  w += define_line(arch.arch == Arch::Blackhole ? "ARCH_BLACKHOLE" : "ARCH_WORMHOLE", "1");
  std::string cta;
  for (size_t i = 0; i < k.compile_args.size(); ++i) {
    cta += (i ? "," : "") + std::to_string(k.compile_args[i]) + "u";
  }
  w += define_line("KERNEL_COMPILE_TIME_ARGS", cta);
  std::string named;
  for (auto& [n, v] : k.named_args) named += "{\"" + n + "\", " + std::to_string(v) + "u},";
  w += define_line("KERNEL_NAMED_COMPILE_TIME_ARGS", named);
  w += define_line("NOC_INDEX", std::to_string(k.noc));
  switch (k.kind) {
    case KernelKind::DataMovement0:
      w += define_line("COMPILE_FOR_BRISC", "1");
      break;
    case KernelKind::DataMovement1:
      w += define_line("COMPILE_FOR_NCRISC", "1");
      break;
    case KernelKind::Compute: {
      w += define_line("COMPILE_FOR_TRISC", "1");
      w += define_line("TTSIM_COMPUTE_KERNEL", "1");
      w += define_line("MATH_FIDELITY", std::to_string(static_cast<int>(k.compute.fidelity)));
      w += define_line("DST_ACCUM_MODE", k.compute.fp32_dest_acc ? "true" : "false");
      w += define_line("DST_SYNC_MODE", k.compute.dst_full_sync ? "1" : "0");
      w += define_line("APPROX", k.compute.approx ? "true" : "false");
      w += "#ifndef UNPACK\n#define UNPACK(x) x\n#endif\n";
      w += "#ifndef MATH\n#define MATH(x) x\n#endif\n";
      w += "#ifndef PACK\n#define PACK(x) x\n#endif\n";
      break;
    }
  }
  if (!k.cb_formats.empty()) w += define_line("TTSIM_CB_FORMATS", k.cb_formats);
  for (auto& [n, v] : k.defines) w += define_line(n, v);
  w += "#include \"ttsim/kernel_prelude.h\"\n";
  w += "#include \"" + path + "\"\n";
  w += "#include \"ttsim/kernel_entry.h\"\n";

  std::vector<std::string> flags = {"-std=c++20",
                                    "-O1",
                                    "-fPIC",
                                    "-fvisibility=hidden",
                                    "-fno-gnu-unique",
                                    "-w",
                                    "-I" + sim_include_dir(),
                                    "-I" + fs::path(path).parent_path().string()};
  static unsigned counter = 0;
  std::string wrap =
      cache + "/tmp/wrap." + std::to_string(getpid()) + "." + std::to_string(counter++) + ".cpp";
  std::ofstream(wrap) << w;

  // Direct lookup first: the manifest of a previous compile of this exact wrapper lists the
  // files it read with their content hashes; if none changed, no compiler process is needed.
  Hash128 direct;
  direct.add(w);
  for (auto& f : flags) direct.add(f);
  direct.add(compiler_identity());
  std::string manifest = cache + "/m_" + direct.hex() + ".txt";
  if (std::string hit = check_manifest(manifest, cache); !hit.empty()) {
    unlink(wrap.c_str());
    return hit;
  }

  std::string depfile = wrap + ".d";
  std::vector<std::string> pp = {compiler()};
  pp.insert(pp.end(), flags.begin(), flags.end());
  pp.insert(pp.end(), {"-E", "-P", "-MD", "-MF", depfile, wrap});
  std::string pre, err;
  if (run(pp, &pre, &err) != 0) {
    unlink(wrap.c_str());
    unlink(depfile.c_str());
    throw SimulatorError("kernel " + (k.source.empty() ? k.file : path) + " failed to compile:\n" +
                         err);
  }
  std::string deps = read_file(depfile);
  unlink(depfile.c_str());
  Hash128 h;
  h.add(pre);
  for (auto& f : flags) h.add(f);
  h.add(compiler_identity());
  std::string so = cache + "/k_" + h.hex() + ".so";
  if (fs::exists(so)) {
    unlink(wrap.c_str());
    write_manifest(manifest, so, deps, cache);
    return so;
  }
  std::string tmp_so = so + ".tmp" + std::to_string(getpid());
  std::vector<std::string> cc = {compiler()};
  cc.insert(cc.end(), flags.begin(), flags.end());
  cc.insert(cc.end(), {"-shared", wrap, "-o", tmp_so});
  int rc = run(cc, nullptr, &err);
  unlink(wrap.c_str());
  if (rc != 0) {
    unlink(tmp_so.c_str());
    throw SimulatorError("kernel " + (k.source.empty() ? k.file : path) + " failed to compile:\n" +
                         err);
  }
  ++g_compiles;
  fs::rename(tmp_so, so);
  write_manifest(manifest, so, deps, cache);
  return so;
}

}  // namespace ttsim
