// What every pass sees: the diagnostic engine, the target device model and the command-line
// layout annotations. A pass maps a module to a module and reports user errors through `diag`.
#pragma once
#include <string>
#include <vector>

#include "ir/ir.h"
#include "passes/device_model.h"
#include "support/diagnostics.h"

namespace tltt::passes {

struct PassContext {
  DiagnosticEngine* diag = nullptr;
  DeviceModel device = DeviceModel::wormhole_b0();
  std::vector<std::string> cli_layouts;  // `--layout BUF=SPEC`
  Location cli_loc;                      // where command-line errors point

  InFlightDiagnostic error(const Location& loc) { return diag->error(loc); }
  bool failed() const { return diag->has_errors(); }
};

using PassFn = ir::Module (*)(const ir::Module&, PassContext&);

}  // namespace tltt::passes
