// Host-program builds for `tltt run`.
#include "runner/build.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "runner/process.h"

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

}  // namespace

SimFlags sim_flags() {
  SimFlags f;
  if (const char* cxx = std::getenv("TLTT_CXX"); cxx && *cxx) {
    f.compiler = cxx;
  }
  // libttsim knows where it and its SDK-path headers live (build or install tree).
  const std::string inc = ttsim::Simulator::include_dir();
  f.library_dir = ttsim::Simulator::library_dir();
  f.cxxflags.push_back("-I" + inc);
  if (!f.library_dir.empty()) {
    f.ldflags = {"-L" + f.library_dir, "-Wl,-rpath," + f.library_dir};
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

std::string content_hash(const std::string& text) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char ch : text) {
    h ^= ch;
    h *= 0x100000001b3ull;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
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
  std::vector<std::string> argv = {flags.compiler, "-std=c++20", "-O1"};
  if (shared) {
    // `main` renamed by the preprocessor; the forced-included declaration gives the renamed
    // function C linkage, so dlsym finds it under its plain name.
    argv.insert(argv.end(), {"-shared", "-fPIC", std::string("-Dmain=") + kHostMainSymbol});
  }
  argv.insert(argv.end(), flags.cxxflags.begin(), flags.cxxflags.end());
  std::string key = flags.compiler + (shared ? " shared" : "");
  for (const auto& a : flags.cxxflags) {
    key += " " + a;
  }
  for (const auto& a : flags.ldflags) {
    key += " " + a;
  }
  key += "\n" + ss.str();
  const fs::path dir = fs::path(cache_dir) / content_hash(key);
  const fs::path program = dir / (shared ? "program.so" : "program");
  r.program = program.string();
  std::error_code ec;
  if (fs::exists(program, ec)) {
    r.ok = true;
    r.cached = true;
    return r;
  }
  fs::create_directories(dir, ec);
  if (ec) {
    r.log = "cannot create " + dir.string() + ": " + ec.message();
    return r;
  }
  // Compile from a private copy of the source so the cache entry is self-contained.
  const std::string tag = std::to_string(::getpid());
  const fs::path src = dir / ("main." + tag + ".cpp");
  fs::copy_file(main_cpp, src, fs::copy_options::overwrite_existing, ec);
  if (ec) {
    r.log = "cannot copy " + main_cpp + ": " + ec.message();
    return r;
  }
  const fs::path tmp = dir / ("program." + tag + (shared ? ".so" : ""));
  if (shared) {
    const fs::path decl = dir / ("host_main." + tag + ".h");
    std::ofstream(decl) << "// Gives the renamed main C linkage (see build.h).\n"
                        << "extern \"C\" int " << kHostMainSymbol << "(int, char**);\n";
    argv.insert(argv.end(), {"-include", decl.string()});
  }
  argv.push_back(src.string());
  argv.push_back("-o");
  argv.push_back(tmp.string());
  argv.insert(argv.end(), flags.ldflags.begin(), flags.ldflags.end());
  for (const auto& a : argv) {
    r.command += (r.command.empty() ? "" : " ") + a;
  }
  ProcessResult p =
      run_process(argv, "", {}, timeout_seconds, (dir / ("build." + tag + ".log")).string());
  fs::remove(dir / ("build." + tag + ".log"), ec);
  fs::remove(dir / ("host_main." + tag + ".h"), ec);
  if (!p.ok()) {
    r.log = p.output.empty() ? p.status_text() : p.output;
    fs::remove(src, ec);
    fs::remove(tmp, ec);
    return r;
  }
  fs::rename(src, dir / "main.cpp", ec);
  fs::rename(tmp, program, ec);
  if (ec) {
    r.log = "cannot install " + program.string() + ": " + ec.message();
    return r;
  }
  r.ok = true;
  return r;
}

}  // namespace tltt::runner
