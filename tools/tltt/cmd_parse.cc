// `tltt parse FILE [--entry ...] [--set NAME=VALUE ...]`: run the front end and print the tile IR.
#include <CLI/CLI.hpp>
#include <cstdio>

#include "command.h"
#include "device/device.h"
#include "diag_flags.h"
#include "frontend/frontend.h"
#include "ir/printer.h"
#include "passes/device_model.h"
#include "support/assert.h"
#include "support/verify_diagnostics.h"

namespace tltt::cli {
namespace {

struct ParseOptions {
  std::string file;
  fe::EntryOptions entry;
  std::string device = "wormhole_b0";
  DiagFlags diag_flags;
};

Registrar reg_parse("parse", "Parse a TileLang file and print its tile IR", [](CLI::App& app) {
  auto opts = std::make_shared<ParseOptions>();
  app.add_option("file", opts->file, "TileLang source file")->required();
  app.add_option("--entry", opts->entry.entry,
                 "kernel instantiation, e.g. 'matmul(1024, 1024, 1024, 128, 128, 32)', or a "
                 "factory name (parameters from --set)");
  app.add_option("--set", opts->entry.sets,
                 "NAME=VALUE for a factory parameter, T.const symbol or module constant")
      ->take_all();
  app.add_option(
         "--device", opts->device,
         "device that device queries (get_num_sms(), ...) answer for: " + device::known_names())
      ->check(CLI::IsMember(device::all_names()));
  app.add_option("--path", opts->entry.search_path,
                 "directory searched for imported helper modules (repeatable; TLTT_PATH too)");
  add_diag_flags(app, opts->diag_flags);
  return [opts]() -> int {
    if (auto dev = passes::DeviceModel::by_name(opts->device)) {
      opts->entry.device = dev->name;
      opts->entry.num_sms = dev->num_cores();
    }
    SourceManager sources;
    DiagnosticEngine diag(&sources);
    DiagnosticOptions diag_options;
    if (!opts->diag_flags.to_options(diag_options)) {
      return 2;
    }
    diag.set_options(diag_options);
    try {
      auto module = fe::load(opts->file, opts->entry, sources, diag);
      if (diag_options.verify) {
        return verify_diagnostics(diag.diagnostics(), opts->file) ? 0 : 1;
      }
      if (!module) {
        return 1;
      }
      std::string text = ir::print(*module);
      std::fwrite(text.data(), 1, text.size(), stdout);
      return 0;
    } catch (const InternalError& e) {
      std::fprintf(stderr, "%s: internal compiler error: %s\n", opts->file.c_str(), e.what());
      return 70;
    }
  };
});

}  // namespace
}  // namespace tltt::cli
