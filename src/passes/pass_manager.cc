// The pass registry and pipeline runner.
#include "passes/pass_manager.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "ir/printer.h"
#include "ir/verifier.h"
#include "support/assert.h"

#define TLTT_PASS(id, name, function, summary, description)   \
  namespace tltt::passes {                                    \
  ir::Module function(const ir::Module& m, PassContext& ctx); \
  }
#include "passes/passes.def"

namespace tltt::passes {

const std::vector<PassInfo>& pass_registry() {
  static const std::vector<PassInfo> registry = {
#define TLTT_PASS(id, name, function, summary, description) \
  {#id, name, &function, summary, description, false},
#define TLTT_OPT_PASS(id, name, function, summary, description) \
  {#id, name, &function, summary, description, true},
#include "passes/passes.def"
  };
  return registry;
}

const PassInfo* find_pass(std::string_view name) {
  for (const auto& p : pass_registry()) {
    if (name == p.name || name == p.id) {
      return &p;
    }
  }
  return nullptr;
}

std::string list_passes_text() {
  std::string out;
  for (const auto& p : pass_registry()) {
    out += fmt::format("{:<3} {:<27} {}{}\n", p.id, p.name, p.summary,
                       p.optimization ? " [optimization]" : "");
    out += fmt::format("    {}\n", p.description);
  }
  return out;
}

std::optional<ir::Module> run_pass(const PassInfo& pass, const ir::Module& m, PassContext& ctx) {
  size_t errors_before = ctx.diag->error_count();
  ctx.pass_id = pass.id;
  ctx.pass_name = pass.name;
  ir::Module out = pass.fn(m, ctx);
  if (ctx.diag->error_count() > errors_before) {
    return std::nullopt;
  }
  auto problems = ir::verify(out);
  TILE_ASSERT(problems.empty()) << "IR verification failed after pass " << pass.name << ":\n"
                                << ir::format_verify_errors(problems) << "\n"
                                << ir::print(out);
  return out;
}

namespace {
bool matches(const std::string& want, const PassInfo& p) {
  return want == "all" || want == p.name || want == p.id;
}
}  // namespace

std::optional<std::vector<const PassInfo*>> disabled_passes(const PipelineOptions& options,
                                                            PassContext& ctx) {
  std::vector<const PassInfo*> out;
  if (options.no_optimization) {
    for (const auto& p : pass_registry()) {
      if (p.optimization) {
        out.push_back(&p);
      }
    }
  }
  bool ok = true;
  for (const std::string& name : options.disabled_passes) {
    const PassInfo* p = find_pass(name);
    if (!p) {
      ctx.error(ctx.cli_loc) << "--disable-pass: unknown pass '" << name << "' (see --list-passes)";
      ok = false;
    } else if (!p->optimization) {
      ctx.error(ctx.cli_loc) << "--disable-pass: pass '" << p->name << "' (" << p->id
                             << ") is a required lowering pass and cannot be disabled";
      ok = false;
    } else if (std::find(out.begin(), out.end(), p) == out.end()) {
      out.push_back(p);
    }
  }
  if (!ok) {
    return std::nullopt;
  }
  return out;
}

std::optional<ir::Module> run_pipeline(const ir::Module& m, PassContext& ctx,
                                       const PipelineOptions& options) {
  namespace fs = std::filesystem;
  auto disabled = disabled_passes(options, ctx);
  if (!disabled) {
    return std::nullopt;
  }
  for (const PassInfo* p : *disabled) {
    ctx.disabled.push_back(p->name);
  }
  auto dump = [&](const std::string& file, const ir::Module& mod) {
    std::ofstream(fs::path(options.dump_ir_dir) / file) << ir::print(mod);
  };
  if (!options.dump_ir_dir.empty()) {
    fs::create_directories(options.dump_ir_dir);
    dump("00_input.tir", m);
  }
  struct Timing {
    const PassInfo* pass;
    double ms;
  };
  std::vector<Timing> timings;
  ir::Module cur = m;
  int index = 0;
  bool ok = true;
  for (const auto& pass : pass_registry()) {
    ++index;
    // A disabled pass leaves the IR as it is; its dump and print-after show that.
    if (std::find(disabled->begin(), disabled->end(), &pass) != disabled->end()) {
      if (!options.dump_ir_dir.empty()) {
        dump(fmt::format("{:02d}_{}.tir", index, pass.name), cur);
      }
      if (!options.print_after.empty() && matches(options.print_after, pass)) {
        std::fputs(fmt::format("// IR after {} ({}) (disabled)\n", pass.name, pass.id).c_str(),
                   stdout);
        std::fputs(ir::print(cur).c_str(), stdout);
      }
      if (!options.stop_after.empty() && matches(options.stop_after, pass)) {
        break;
      }
      continue;
    }
    auto start = std::chrono::steady_clock::now();
    auto next = run_pass(pass, cur, ctx);
    double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    timings.push_back({&pass, ms});
    if (!next) {
      ok = false;
      break;
    }
    bool printing = !options.print_after.empty() && matches(options.print_after, pass);
    std::string before = printing ? ir::print(cur) : std::string();
    cur = std::move(*next);
    if (!options.dump_ir_dir.empty()) {
      dump(fmt::format("{:02d}_{}.tir", index, pass.name), cur);
    }
    if (printing) {
      std::string after = ir::print(cur);
      std::fputs(fmt::format("// IR after {} ({}){}\n", pass.name, pass.id,
                             after == before ? " (unchanged)" : "")
                     .c_str(),
                 stdout);
      std::fputs(after.c_str(), stdout);
    }
    if (!options.stop_after.empty() && matches(options.stop_after, pass)) {
      break;
    }
  }
  if (options.time_passes) {
    double total = 0;
    for (const auto& t : timings) {
      total += t.ms;
    }
    std::vector<Timing> sorted = timings;
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const Timing& a, const Timing& b) { return a.ms > b.ms; });
    std::string table = "===-- pass timing --===\n";
    table += fmt::format("{:>10}  {:>6}  {}\n", "time (ms)", "%", "pass");
    for (const auto& t : sorted) {
      table += fmt::format("{:>10.3f}  {:>5.1f}%  {} {}\n", t.ms,
                           total > 0 ? 100.0 * t.ms / total : 0.0, t.pass->id, t.pass->name);
    }
    table += fmt::format("{:>10.3f}  {:>5.1f}%  total\n", total, 100.0);
    std::fputs(table.c_str(), stderr);
  }
  if (!ok) {
    return std::nullopt;
  }
  return cur;
}

}  // namespace tltt::passes
