// Host-program builds for `tltt run`.
#include "runner/build.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "runner/process.h"
#include "sim/core/compile_cache.h"

#include "ttsim/simulator.hpp"

namespace fs = std::filesystem;

namespace tltt::runner {

namespace {

std::vector<std::string> split_words(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  std::string w;
  while (in >> w) {
    out.push_back(w);
  }
  return out;
}

// The SDK-path headers host programs compile against (file names and contents, in order): their
// inline code and types are the host side of libttsim's ABI, so a program built against other
// headers must not be reused. Hashed once per process.
const std::string& include_tree_hash(const std::string& dir) {
  static const std::string hash = [&] {
    std::vector<fs::path> files;
    std::error_code ec;
    for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      if (it->is_regular_file(ec)) {
        files.push_back(it->path());
      }
    }
    std::sort(files.begin(), files.end());
    ttsim::ContentHash h;
    for (const fs::path& f : files) {
      std::ifstream in(f, std::ios::binary);
      std::stringstream text;
      text << in.rdbuf();
      h.add(fs::relative(f, dir, ec).string());
      h.add(text.str());
    }
    return h.hex();
  }();
  return hash;
}

}  // namespace

SimFlags sim_flags() {
  SimFlags f;
  if (const char* cxx = std::getenv("TLTT_CXX"); cxx && *cxx) {
    f.compiler = cxx;
  }
  // libttsim knows where it and its SDK-path headers live (build or install tree).
  const std::string inc = ttsim::Simulator::include_dir();
  f.library_dir = ttsim::Simulator::library_dir();
  f.include_dir = inc;
  f.cxxflags.push_back("-I" + inc);
  f.headers_hash = include_tree_hash(inc);
  if (!f.library_dir.empty()) {
    f.ldflags = {"-L" + f.library_dir, "-Wl,-rpath," + f.library_dir};
  }
  // A sanitizer build's libttsim needs the host program compiled and linked the same way.
  for (const std::string& w : split_words(ttsim::Simulator::sanitize_flags())) {
    f.cxxflags.push_back(w);
    f.ldflags.push_back(w);
  }
  f.ldflags.push_back("-lttsim");
  f.ldflags.insert(f.ldflags.end(), {"-lfmt", "-lpthread", "-ldl"});
  if (const char* c = std::getenv("TLTT_SIM_CXXFLAGS"); c && *c) {
    f.cxxflags = split_words(c);
  }
  if (const char* l = std::getenv("TLTT_SIM_LDFLAGS"); l && *l) {
    f.ldflags = split_words(l);
  }
  return f;
}

std::vector<std::pair<std::string, std::string>> program_env() {
  const std::string lib = sim_flags().library_dir;
  if (lib.empty()) {
    return {};
  }
  const char* old = std::getenv("LD_LIBRARY_PATH");
  return {{"LD_LIBRARY_PATH", old && *old ? lib + ":" + old : lib}};
}

BuildResult build_program(const std::string& main_cpp, const std::string& cache_dir,
                          double timeout_seconds, ProgramKind kind) {
  const bool shared = kind == ProgramKind::kSharedObject;
  BuildResult r;
  std::ifstream in(main_cpp);
  if (!in) {
    r.log = "cannot read " + main_cpp;
    return r;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  const SimFlags flags = sim_flags();
  // The key: compiler, flags, the headers, program kind and source text. No path enters it: not
  // the source's (it does not enter the program), nor the checkout's include and library
  // directories (the headers enter by content; the library is taken at run time, program_env).
  auto without_paths = [&](std::string a) {
    for (const auto& [dir, tag] : {std::pair{flags.include_dir, std::string("<include>")},
                                   std::pair{flags.library_dir, std::string("<lib>")}}) {
      for (size_t at; !dir.empty() && (at = a.find(dir)) != std::string::npos;) {
        a.replace(at, dir.size(), tag);
      }
    }
    return a;
  };
  ttsim::ContentHash key;
  key.add(flags.compiler);
  key.add(flags.headers_hash);
  key.add(shared ? "shared" : "executable");
  for (const auto& a : flags.cxxflags) {
    key.add(without_paths(a));
  }
  key.add("--");
  for (const auto& a : flags.ldflags) {
    key.add(without_paths(a));
  }
  key.add(ss.str());
  ttsim::CompileCache cache(
      cache_dir, ttsim::CompileCache::max_bytes_from_env("TLTT_PROGRAM_CACHE_MAX_MB", 512));
  std::string error;
  r.program = cache.get_or_build(
      "program_" + key.hex() + (shared ? ".so" : ""),
      [&](const std::string& tmp, std::string* err) {
        std::vector<std::string> argv = {flags.compiler, "-std=c++20", "-O1"};
        std::error_code ec;
        const std::string decl = tmp + ".host_main.h";
        if (shared) {
          // `main` renamed by the preprocessor; the forced-included declaration gives the
          // renamed function C linkage, so dlsym finds it under its plain name.
          std::ofstream(decl) << "// Gives the renamed main C linkage (see build.h).\n"
                              << "extern \"C\" int " << kHostMainSymbol << "(int, char**);\n";
          argv.insert(argv.end(), {"-shared", "-fPIC", std::string("-Dmain=") + kHostMainSymbol,
                                   "-include", decl});
        }
        argv.insert(argv.end(), flags.cxxflags.begin(), flags.cxxflags.end());
        argv.push_back(fs::absolute(main_cpp).string());
        argv.push_back("-o");
        argv.push_back(tmp);
        argv.insert(argv.end(), flags.ldflags.begin(), flags.ldflags.end());
        for (const auto& a : argv) {
          r.command += (r.command.empty() ? "" : " ") + a;
        }
        ProcessResult p = run_process(argv, "", {}, timeout_seconds, tmp + ".log");
        fs::remove(tmp + ".log", ec);
        fs::remove(decl, ec);
        if (!p.ok()) {
          *err = p.output.empty() ? p.status_text() : p.output;
          return false;
        }
        return true;
      },
      &error, &r.cached);
  // get_or_build reports whether it built; `cached` is the opposite.
  r.cached = !r.cached;
  if (r.program.empty()) {
    r.log = error;
    return r;
  }
  r.ok = true;
  return r;
}

}  // namespace tltt::runner
