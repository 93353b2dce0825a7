// tltt._tltt: the compiler and the simulator in the Python process (pybind11). The pure-Python
// package `tltt` (python/tltt) converts tensors and wraps these three calls; see docs/python.md.
#include <dlfcn.h>
#include <fcntl.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "device/device.h"
#include "driver/driver.h"
#include "frontend/frontend.h"
#include "ir/device_plan.h"
#include "runner/build.h"
#include "support/assert.h"
#include "support/diagnostics.h"
#include "support/source_manager.h"
#include "ttsim/simulator.hpp"
#include "ttsim/stats.hpp"

namespace py = pybind11;
namespace fs = std::filesystem;

namespace {

// The three failure kinds, raised as tltt.CompileError / BuildError / SimulatorError.
struct CompileFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};
struct BuildFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};
struct SimulatorFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A memory FILE* the diagnostics engine prints into, so the exception carries exactly the text
// `tltt compile` would print (file:line:col: error: ..., the source line and the caret).
class CapturedText {
 public:
  CapturedText() : file_(open_memstream(&buf_, &size_)) {}
  ~CapturedText() {
    if (file_) {
      std::fclose(file_);
    }
    std::free(buf_);
  }
  std::FILE* file() { return file_; }
  std::string text() {
    std::fflush(file_);
    return std::string(buf_ ? buf_ : "", size_);
  }

 private:
  char* buf_ = nullptr;
  size_t size_ = 0;
  std::FILE* file_;
};

// Compiles `source` (or the file `name` when no source is given) and returns the artifacts
// {file name: text}. The front end, the passes and the code generators run in this process.
py::dict compile(const std::string& name, const std::optional<std::string>& source,
                 const std::string& entry, const std::vector<std::string>& sets,
                 const std::string& device, const std::vector<std::string>& layouts,
                 const std::vector<std::string>& disabled_passes, int opt_level) {
  tltt::SourceManager sources;
  CapturedText out;
  tltt::DiagnosticEngine diag(&sources, out.file());
  tltt::driver::CompileOptions opts;
  opts.file = name;
  opts.entry = entry;
  opts.sets = sets;
  opts.device = device;
  opts.layouts = layouts;
  opts.disabled_passes = disabled_passes;
  opts.opt_level = opt_level;
  std::optional<tltt::driver::Artifacts> artifacts;
  try {
    const tltt::fe::EntryOptions entry_opts = tltt::driver::entry_options(opts);
    std::optional<tltt::ir::Module> m =
        source ? tltt::fe::load_source(name, *source, entry_opts, sources, diag)
               : tltt::fe::load(name, entry_opts, sources, diag);
    if (m && !diag.has_errors()) {
      artifacts = tltt::driver::compile_module(*m, opts, diag);
    }
  } catch (const tltt::InternalError& e) {
    throw CompileFailure(out.text() + name + ": internal compiler error: " + e.what());
  }
  if (!artifacts || diag.has_errors()) {
    std::string text = out.text();
    throw CompileFailure(text.empty() ? name + ": error: compilation failed" : text);
  }
  py::dict files;
  for (const auto& [file, text] : artifacts->files) {
    files[py::str(file)] = py::str(text);
  }
  py::dict result;
  result["files"] = files;
  result["warnings"] = out.text();  // warnings and notes of a successful compile
  return result;
}

// The kernel's parameters straight from the front end (no passes), T.dynamic symbols given
// probe sizes (fe::EntryOptions::symbolic_dynamic): {"params": [(name, shape, dtype,
// is_tensor)], "dynamic": [symbol names]}, a dimension being an int or, where it equals a
// symbol's probe, the symbol's name. The tilelang package binds the symbols from the tensors
// passed and compiles with --set values.
py::dict signature(const std::string& name, const std::optional<std::string>& source,
                   const std::string& entry, const std::vector<std::string>& sets) {
  tltt::SourceManager sources;
  CapturedText out;
  tltt::DiagnosticEngine diag(&sources, out.file());
  std::vector<std::string> symbols;
  tltt::fe::EntryOptions opts;
  opts.entry = entry;
  opts.sets = sets;
  opts.symbolic_dynamic = true;
  opts.dynamic_symbols = &symbols;
  std::optional<tltt::ir::Module> m;
  try {
    m = source ? tltt::fe::load_source(name, *source, opts, sources, diag)
               : tltt::fe::load(name, opts, sources, diag);
  } catch (const tltt::InternalError& e) {
    throw CompileFailure(out.text() + name + ": internal compiler error: " + e.what());
  }
  if (!m || diag.has_errors() || m->functions.empty()) {
    std::string text = out.text();
    throw CompileFailure(text.empty() ? name + ": error: no kernel" : text);
  }
  py::list params;
  for (const tltt::ir::Param& p : m->functions.front().params) {
    py::list shape;
    if (p.is_buffer()) {
      for (const tltt::ir::Expr& d : p.buffer->shape) {
        const int64_t v = tltt::ir::as_const_int(d).value_or(-1);
        const int64_t k = (v - tltt::fe::kDynamicProbeBase) / tltt::fe::kDynamicProbeStep;
        if (v >= tltt::fe::kDynamicProbeBase &&
            (v - tltt::fe::kDynamicProbeBase) % tltt::fe::kDynamicProbeStep == 0 &&
            k < static_cast<int64_t>(symbols.size())) {
          shape.append(symbols[static_cast<size_t>(k)]);
        } else {
          shape.append(v);
        }
      }
    }
    const tltt::ir::DataType dt = p.is_buffer() ? p.buffer->dtype : p.var->dtype;
    params.append(py::make_tuple(p.name(), shape, dt.str(), p.is_buffer()));
  }
  py::dict result;
  result["params"] = params;
  result["dynamic"] = symbols;
  return result;
}

// Builds the generated host program `main_cpp` as a shared object (cached by content hash under
// `cache_dir`) and returns its path.
std::string build_host(const std::string& main_cpp, const std::string& cache_dir,
                       double timeout_seconds) {
  tltt::runner::BuildResult r = tltt::runner::build_program(
      main_cpp, cache_dir, timeout_seconds, tltt::runner::ProgramKind::kSharedObject);
  if (!r.ok) {
    throw BuildFailure("the host program does not build against the simulator:\n" + r.command +
                       "\n" + r.log);
  }
  return r.program;
}

using HostMain = int (*)(int, char**);

// A loaded host program: its entry and its tensor binding (runner/build.h).
struct HostProgram {
  HostMain main;
  tltt::runner::HostBindFn bind;
  tltt::runner::HostUnbindFn unbind;
};

// Loaded host programs stay loaded for the life of the process (a kernel is called many times).
const HostProgram& host_program(const std::string& so) {
  static std::map<std::string, HostProgram> loaded;
  if (auto it = loaded.find(so); it != loaded.end()) {
    return it->second;
  }
  void* h = dlopen(so.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!h) {
    throw SimulatorFailure(std::string("cannot load the host program: ") + dlerror());
  }
  HostProgram p{
      reinterpret_cast<HostMain>(dlsym(h, tltt::runner::kHostMainSymbol)),
      reinterpret_cast<tltt::runner::HostBindFn>(dlsym(h, tltt::runner::kHostBindSymbol)),
      reinterpret_cast<tltt::runner::HostUnbindFn>(dlsym(h, tltt::runner::kHostUnbindSymbol))};
  if (!p.main || !p.bind || !p.unbind) {
    throw SimulatorFailure("the host program " + so + " lacks the entry point or the binding");
  }
  return loaded.emplace(so, p).first->second;
}

// Sets (or, with an empty value, unsets) an environment variable for one run and restores it.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    if (const char* old = std::getenv(name)) {
      old_ = old;
    }
    if (value.empty()) {
      unsetenv(name);
    } else {
      setenv(name, value.c_str(), 1);
    }
  }
  ~ScopedEnv() {
    if (old_) {
      setenv(name_, old_->c_str(), 1);
    } else {
      unsetenv(name_);
    }
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

// Redirects file descriptor 2 into an anonymous memory file while the host program runs, so
// its error messages end up in the Python exception (no file is created).
class StderrCapture {
 public:
  StderrCapture() {
    std::fflush(stderr);
    fd_ = memfd_create("tltt-host-stderr", MFD_CLOEXEC);
    saved_ = dup(2);
    if (fd_ >= 0 && saved_ >= 0) {
      dup2(fd_, 2);
    }
  }
  std::string finish() {
    std::fflush(stderr);
    if (saved_ >= 0) {
      dup2(saved_, 2);
      close(saved_);
      saved_ = -1;
    }
    std::string text;
    if (fd_ >= 0) {
      lseek(fd_, 0, SEEK_SET);
      char buf[4096];
      ssize_t n;
      while ((n = read(fd_, buf, sizeof buf)) > 0) {
        text.append(buf, static_cast<size_t>(n));
      }
      close(fd_);
      fd_ = -1;
    }
    return text;
  }
  ~StderrCapture() { finish(); }

 private:
  int fd_ = -1;
  int saved_ = -1;
};

// One parameter of a call: its name, a C-contiguous NumPy array of its row-major elements in the
// dtype's host encoding (inputs and scalars: the user's memory where possible), and whether the
// program writes it (an output, allocated by the caller and returned to the user).
using Tensor = std::tuple<std::string, py::buffer, bool>;

// The parameters bound to the host program for one call, and unbound when it ends.
class Binding {
 public:
  Binding(const HostProgram& program, const std::vector<Tensor>& tensors) : program_(program) {
    program_.unbind();  // whatever a call that failed while binding left
    for (const auto& [name, array, is_output] : tensors) {
      py::buffer_info info = array.request(is_output);
      ssize_t stride = info.itemsize;
      for (size_t d = info.shape.size(); d-- > 0;) {
        if (info.shape[d] != 1 && info.strides[d] != stride) {
          throw std::invalid_argument("tensor '" + name + "' is not C-contiguous");
        }
        stride *= info.shape[d];
      }
      program_.bind(name.c_str(), info.ptr, static_cast<uint64_t>(info.size),
                    static_cast<uint32_t>(info.itemsize));
      views_.push_back(std::move(info));  // keeps the memory valid during the call
    }
  }
  ~Binding() { program_.unbind(); }

 private:
  const HostProgram& program_;
  std::vector<py::buffer_info> views_;
};

// Runs a host program built by build_host on `device`, in this process: the program reads its
// inputs from and writes its outputs to the arrays of `tensors` (no files), its kernels are the
// files in `artifact_dir`. Returns the run statistics (the JSON document of docs/timing.md).
std::string run(const std::string& so, const std::string& artifact_dir,
                const std::vector<Tensor>& tensors, const std::string& device, bool timing_only,
                const std::string& trace_file, const std::string& report_dir) {
  const HostProgram& program = host_program(so);
  ttsim::Simulator::set_device(device);
  ScopedEnv e1("TTSIM_TIMING_ONLY", timing_only ? "1" : "");
  ScopedEnv e2("TTSIM_TRACE", trace_file.empty() ? "" : fs::absolute(trace_file).string());
  ScopedEnv e3("TTSIM_REPORT_DIR", report_dir.empty() ? "" : fs::absolute(report_dir).string());
  ScopedEnv e4("TTSIM_STATS_FILE", "");
  // The statistics of this call's runs only (the host program opens and closes its own device,
  // whose record starts at cycle 0).
  ttsim::RunCapture runs;
  // The host program names its kernels relative to its working directory; its DATA_DIR argument
  // is not used while its tensors are bound.
  const fs::path cwd = fs::current_path();
  // A program serving every value of a T.dynamic size takes it after DATA_DIR: the size this
  // Kernel was compiled for, from its plan.
  std::vector<std::string> args = {"program", ""};
  if (std::ifstream in(fs::path(artifact_dir) / "tt.plan.json"); in) {
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::string error;
    if (auto plan = tltt::ir::from_json(text, &error)) {
      for (const std::string& a : plan->size_args()) {
        args.push_back(a);
      }
    }
  }
  std::vector<char*> argv;
  for (std::string& a : args) {
    argv.push_back(a.data());
  }
  argv.push_back(nullptr);
  Binding binding(program, tensors);
  int status = 0;
  std::string error;
  StderrCapture capture;
  try {
    fs::current_path(artifact_dir);
    status = program.main(static_cast<int>(args.size()), argv.data());
  } catch (const std::exception& e) {
    error = e.what();
    status = -1;
  }
  std::error_code ec;
  fs::current_path(cwd, ec);
  const std::string log = capture.finish();
  if (status != 0) {
    std::string msg = log;
    if (!error.empty()) {
      msg += (msg.empty() || msg.back() == '\n' ? "" : "\n") + error;
    }
    if (msg.empty()) {
      msg = "the host program ended with status " + std::to_string(status);
    }
    throw SimulatorFailure(msg);
  }
  if (!log.empty()) {
    std::fputs(log.c_str(), stderr);  // warnings of a successful run
  }
  return ttsim::run_stats_json(runs.total());
}

// Kernel shared objects leave the ttsim_* ABI symbols undefined and expect to find them in the
// global scope, as they are in a host executable. Python loads extension modules (and with them
// libttsim) with RTLD_LOCAL, so libttsim is promoted to RTLD_GLOBAL once, here.
void make_simulator_global() {
  Dl_info info;
  if (dladdr(reinterpret_cast<void*>(&ttsim::run_stats_json), &info) && info.dli_fname) {
    if (!dlopen(info.dli_fname, RTLD_NOW | RTLD_NOLOAD | RTLD_GLOBAL)) {
      throw std::runtime_error(std::string("cannot make libttsim global: ") + dlerror());
    }
  }
}

}  // namespace

PYBIND11_MODULE(_tltt, m) {
  make_simulator_global();
  m.doc() = "tltt compiler and ttsim simulator, in-process (see docs/python.md)";
  py::register_exception<CompileFailure>(m, "CompileError");
  py::register_exception<BuildFailure>(m, "BuildError");
  py::register_exception<SimulatorFailure>(m, "SimulatorError");
  m.def("compile", &compile, py::arg("name"), py::arg("source") = py::none(), py::arg("entry") = "",
        py::arg("sets") = std::vector<std::string>{}, py::arg("device") = "wormhole_b0",
        py::arg("layouts") = std::vector<std::string>{},
        py::arg("disabled_passes") = std::vector<std::string>{}, py::arg("opt_level") = 1,
        "Compile a TileLang file (or source text registered under `name`); returns "
        "{'files': {name: text}, 'warnings': text}. Raises CompileError with the diagnostics.");
  m.def("signature", &signature, py::arg("name"), py::arg("source") = py::none(),
        py::arg("entry") = "", py::arg("sets") = std::vector<std::string>{},
        "The kernel's parameters from the front end, T.dynamic sizes left symbolic.");
  m.def("build_host", &build_host, py::arg("main_cpp"), py::arg("cache_dir"),
        py::arg("timeout_seconds") = 600.0,
        "Build a generated main.cpp as a shared object against libttsim; returns its path.");
  m.def("run", &run, py::arg("program"), py::arg("artifact_dir"), py::arg("tensors"),
        py::arg("device") = "wormhole_b0", py::arg("timing_only") = false,
        py::arg("trace_file") = "", py::arg("report_dir") = "",
        "Run a host program in-process on the simulator on [(name, array, is_output)] (every "
        "parameter; outputs are written into their arrays); returns the statistics as JSON.");
  m.def("simulator_library_dir", &ttsim::Simulator::library_dir);
  m.def(
      "devices",
      [] {
        std::map<std::string, std::vector<std::string>> out;
        for (const tltt::device::Description& d : tltt::device::all()) {
          out[d.name] = d.aliases;
        }
        return out;
      },
      "Every simulated device (data/devices/*.json) with its aliases: {name: [alias, ...]}.");
}
