// Kernel JIT: wrapper generation, preprocessing for the cache key, g++ invocation, disk cache.
#include "sim/core/jit.h"

#include "sim/core/settings.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "sim/core/compile_cache.h"
#include "ttsim/error.hpp"

extern char** environ;

namespace ttsim {

using tt::tt_metal::SimulatorError;
namespace fs = std::filesystem;

namespace {

std::atomic<uint64_t> g_compiles{0};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Runs argv; returns the exit status, stdout and stderr.
int run(const std::vector<std::string>& args, std::string* out, std::string* err) {
  static std::atomic<unsigned> counter{0};
  std::string dir = jit_cache_dir() + "/tmp";
  std::string base = dir + "/run." + std::to_string(getpid()) + "." + std::to_string(counter++);
  std::string out_path = base + ".out", err_path = base + ".err";
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&fa, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  std::vector<char*> argv;
  for (auto& a : args) {
    argv.push_back(const_cast<char*>(a.c_str()));
  }
  argv.push_back(nullptr);
  pid_t pid;
  int rc = posix_spawnp(&pid, argv[0], &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) {
    if (err) {
      *err = "cannot run " + args[0];
    }
    return 127;
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
  }
  if (out) {
    *out = read_file(out_path);
  }
  if (err) {
    *err = read_file(err_path);
  }
  unlink(out_path.c_str());
  unlink(err_path.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

std::string compiler() { return Settings::from_env().cxx; }

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

// Files under the kernel's own directory are recorded relative to it ("@/name"), and the
// simulator's headers relative to their directory ("^/name"), so a manifest written for one copy
// of the kernel (tltt run's fresh work directory) holds for the next copy, and one written in one
// checkout of the project for another (each file is still checked by content).
struct ManifestDirs {
  std::string kernel, include;
};
constexpr std::pair<const char*, std::string ManifestDirs::*> kManifestTags[] = {
    {"@/", &ManifestDirs::kernel}, {"^/", &ManifestDirs::include}};

std::string manifest_path(const std::string& recorded, const ManifestDirs& dirs) {
  for (const auto& [tag, dir] : kManifestTags) {
    if (recorded.rfind(tag, 0) == 0) {
      return dirs.*dir + "/" + recorded.substr(2);
    }
  }
  return recorded;
}

std::string manifest_record(const std::string& path, const ManifestDirs& dirs) {
  for (const auto& [tag, dir] : kManifestTags) {
    if (path.rfind(dirs.*dir + "/", 0) == 0) {
      return tag + path.substr((dirs.*dir).size() + 1);
    }
  }
  return path;
}

// Manifest: the .so entry name, then "<content hash> <path>" per file the preprocessor read.
std::string check_manifest(CompileCache& cache, const std::string& manifest,
                           const ManifestDirs& dirs) {
  std::string text_path = cache.lookup(manifest);
  if (text_path.empty()) {
    return "";
  }
  std::ifstream in(text_path);
  std::string so;
  if (!in || !std::getline(in, so)) {
    return "";
  }
  std::string line;
  while (std::getline(in, line)) {
    size_t sp = line.find(' ');
    if (sp == std::string::npos ||
        file_content_hash(manifest_path(line.substr(sp + 1), dirs)) != line.substr(0, sp)) {
      return "";
    }
  }
  return cache.lookup(so);
}

void write_manifest(CompileCache& cache, const std::string& manifest, const std::string& so,
                    const std::string& deps, const ManifestDirs& dirs) {
  // Depfile: "target: dep dep \\\n dep ..."; paths here contain no spaces.
  std::string body = so + "\n";
  size_t colon = deps.find(": ");
  std::stringstream ss(colon == std::string::npos ? "" : deps.substr(colon + 2));
  std::string tok;
  while (ss >> tok) {
    if (tok == "\\" || tok.rfind(cache.dir() + "/tmp/", 0) == 0) {
      continue;
    }
    std::string h = file_content_hash(tok);
    if (h.empty()) {
      return;
    }
    body += h + " " + manifest_record(tok, dirs) + "\n";
  }
  cache.put_text(manifest, body);
}

}  // namespace

uint64_t jit_compile_count() { return g_compiles; }

std::string jit_cache_dir() {
  std::string dir = Settings::from_env().cache_dir;
  std::error_code ec;
  fs::create_directories(dir + "/tmp", ec);
  if (ec) {
    throw SimulatorError("ttsim: cannot create the kernel cache " + dir + ": " + ec.message());
  }
  return dir;
}

std::string sim_include_dir() {
  if (std::string d = Settings::from_env().include_dir; !d.empty()) {
    return d;
  }
  Dl_info info;
  if (dladdr(reinterpret_cast<void*>(&sim_include_dir), &info) && info.dli_fname) {
    fs::path lib = fs::path(info.dli_fname).parent_path();
    fs::path inst = lib / ".." / "include" / "ttsim";
    std::error_code ec;
    if (fs::exists(inst / "ttsim" / "abi.h", ec)) {
      return fs::weakly_canonical(inst).string();
    }
  }
  return TTSIM_SOURCE_INCLUDE_DIR;
}

const std::string& sim_sanitize_flags() {
  static const std::string flags = TTSIM_SANITIZE_FLAGS;
  return flags;
}

// The SDK's order: absolute path; else the working directory, TT_METAL_KERNEL_PATH, the system
// kernel directory, TT_METAL_HOME.
std::string resolve_kernel_path(const std::string& file, std::string* tried) {
  std::vector<std::string> cands = {file};
  if (!fs::path(file).is_absolute()) {
    Settings s = Settings::from_env();
    if (!s.kernel_path.empty()) {
      cands.push_back(s.kernel_path + "/" + file);
    }
    cands.push_back("/usr/share/tenstorrent/kernels/" + file);
    if (!s.metal_home.empty()) {
      cands.push_back(s.metal_home + "/" + file);
    }
  }
  std::string list;
  for (auto& c : cands) {
    std::error_code ec;
    if (fs::is_regular_file(c, ec)) {
      return fs::canonical(c).string();
    }
    list += (list.empty() ? "" : ", ") + c;
  }
  if (tried) {
    *tried = list;
  }
  return "";
}

std::string jit_compile(const KernelDesc& k, const ArchSpec& arch) {
  CompileCache cache(jit_cache_dir(), Settings::from_env().cache_max_mib * 1024 * 1024);
  std::string path;
  if (!k.source.empty()) {
    ContentHash h;
    h.add(k.source);
    std::string name = "src_" + h.hex() + ".cpp";
    path = cache.lookup(name);
    if (path.empty()) {
      cache.put_text(name, k.source);
      path = cache.path_of(name);
    }
  } else {
    std::string tried;
    path = resolve_kernel_path(k.file, &tried);
    if (path.empty()) {
      throw SimulatorError("kernel file '" + k.file + "' not found (tried " + tried +
                           "; set TT_METAL_HOME or TT_METAL_KERNEL_PATH)");
    }
  }
  const std::string kdir = fs::path(path).parent_path().string();
  const std::string kernel_hash = file_content_hash(path);
  const std::string label = k.source.empty() ? k.file : path;

  // The wrapper: defines for the kernel's configuration, then the kernel itself.
  std::string w = "// ttsim kernel wrapper (generated)\n";
  w += define_line("TTSIM_KERNEL", "1");
  w += define_line(arch.arch == Arch::Blackhole ? "ARCH_BLACKHOLE" : "ARCH_WORMHOLE", "1");
  std::string cta;
  for (size_t i = 0; i < k.compile_args.size(); ++i) {
    cta += (i ? "," : "") + std::to_string(k.compile_args[i]) + "u";
  }
  w += define_line("KERNEL_COMPILE_TIME_ARGS", cta);
  std::string named;
  for (auto& [n, v] : k.named_args) {
    named += "{\"" + n + "\", " + std::to_string(v) + "u},";
  }
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
      // The SDK compiles a compute kernel once per TRISC; the simulator runs it once with the
      // math thread's view, so code the SDK keeps for TRISC_MATH (custom SFPU code) is present.
      w += define_line("TRISC_MATH", "1");
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
  if (!k.cb_formats.empty()) {
    w += define_line("TTSIM_CB_FORMATS", k.cb_formats);
  }
  for (auto& [n, v] : k.defines) {
    w += define_line(n, v);
  }
  w += "#include \"ttsim/kernel_prelude.h\"\n";
  const std::string kernel_include = "#include \"" + path + "\"\n";
  const std::string entry_include = "#include \"ttsim/kernel_entry.h\"\n";

  const ManifestDirs dirs{kdir, sim_include_dir()};
  std::vector<std::string> flags = {"-std=c++20", "-O1", "-fPIC", "-fvisibility=hidden",
                                    "-fno-gnu-unique",
                                    // Kernels are 32-bit RISC-V code and cast L1 pointers to
                                    // uint32_t ((uint32_t)packet_header); the L1 window lies
                                    // below 4 GiB, so that narrowing is exact here too.
                                    "-fpermissive", "-w", "-I" + dirs.include};
  {
    std::istringstream words(sim_sanitize_flags());
    for (std::string f; words >> f;) {
      flags.push_back(f);
    }
  }
  flags.push_back("-I" + kdir);  // last: the key below leaves it out
  // What determines the object, without the paths: the kernel enters by content, its directory
  // and the simulator's headers as placeholders (the files read from them are checked by content
  // through the manifest, and the preprocessed text carries their content), so every checkout of
  // the project on the machine shares the objects.
  auto key_of = [&](const std::string& text) {
    ContentHash h;
    h.add(text);
    for (size_t i = 0; i + 1 < flags.size(); ++i) {
      h.add(flags[i] == "-I" + dirs.include ? "-I<sim include>" : flags[i]);
    }
    h.add("-I<kernel dir>");
    h.add(compiler_identity());
    h.add("abi " + std::to_string(kKernelAbiVersion));
    return h.hex();
  };

  // Direct lookup first: the manifest of a previous compile of this configuration and kernel
  // content lists the files the preprocessor read with their content hashes; if none changed, no
  // compiler process is needed.
  const std::string manifest =
      "m_" + key_of(w + "#include <kernel " + kernel_hash + ">\n" + entry_include) + ".txt";
  if (std::string hit = check_manifest(cache, manifest, dirs); !hit.empty()) {
    return hit;
  }

  static std::atomic<unsigned> counter{0};
  std::string wrap = cache.dir() + "/tmp/wrap." + std::to_string(getpid()) + "." +
                     std::to_string(counter++) + ".cpp";
  std::ofstream(wrap) << w + kernel_include + entry_include;
  struct Unlink {
    std::string p;
    ~Unlink() { unlink(p.c_str()); }
  } wrap_guard{wrap}, dep_guard{wrap + ".d"};

  const std::string depfile = wrap + ".d";
  std::vector<std::string> pp = {compiler()};
  pp.insert(pp.end(), flags.begin(), flags.end());
  pp.insert(pp.end(), {"-E", "-P", "-MD", "-MF", depfile, wrap});
  std::string pre, err;
  if (run(pp, &pre, &err) != 0) {
    throw SimulatorError("kernel " + label + " failed to compile:\n" + err);
  }
  const std::string deps = read_file(depfile);
  const std::string so = "k_" + key_of(pre) + ".so";
  bool built = false;
  std::string so_path = cache.get_or_build(
      so,
      [&](const std::string& tmp, std::string* error) {
        std::vector<std::string> cc = {compiler()};
        cc.insert(cc.end(), flags.begin(), flags.end());
        cc.insert(cc.end(), {"-shared", wrap, "-o", tmp});
        std::string cerr;
        if (run(cc, nullptr, &cerr) != 0) {
          *error = cerr;
          return false;
        }
        return true;
      },
      &err, &built);
  if (so_path.empty()) {
    throw SimulatorError("kernel " + label + " failed to compile:\n" + err);
  }
  if (built) {
    ++g_compiles;
  }
  write_manifest(cache, manifest, so, deps, dirs);
  return so_path;
}

}  // namespace ttsim
