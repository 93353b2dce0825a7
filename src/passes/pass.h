// What every pass sees: the diagnostic engine, the target device model and the command-line
// layout annotations. A pass maps a module to a module and reports user errors through `diag`.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "ir/ir.h"
#include "passes/device_model.h"
#include "passes/gemm_tuning.h"
#include "support/diagnostics.h"

namespace tltt::passes {

struct PassContext {
  DiagnosticEngine* diag = nullptr;
  DeviceModel device = DeviceModel::default_device();
  std::vector<std::string> cli_layouts;  // `--layout BUF=SPEC`
  Location cli_loc;                      // where command-line errors point
  // `--mesh RxC`: the mesh to run on (A1 splits the kernel over it and fills its block split).
  std::optional<ir::MeshPlan> mesh;
  std::string pass_id, pass_name;  // the running pass (set by the pass manager)
  // `tltt tune` and the tuning cache: B0 lists its block candidates here and takes a forced
  // one (gemm_tuning.h); null for a plain compile without a cached choice.
  GemmTuning* gemm_tuning = nullptr;
  // Names of the optimization passes switched off (-O0, --disable-pass): a pass whose choice
  // depends on a later one (B0 on operand-multicast) asks about it.
  std::vector<std::string> disabled;
  // The compute configuration the user chose: the kernel's `pass_configs` ("tt.math_fidelity",
  // "tt.fp32_dest_acc_en", docs/python.md), overridden by --math-fidelity / --fp32-dest-acc.
  // Unset: the compiler's choice (HiFi4; a float32 DST when a float32 or integer buffer takes
  // part in compute). D4 puts it in the plan; B0's cost model counts the fidelity's phases.
  std::optional<std::string> math_fidelity;
  std::optional<bool> fp32_dest_acc_en;
  bool enabled(const std::string& name) const {
    for (const std::string& d : disabled) {
      if (d == name) {
        return false;
      }
    }
    return true;
  }

  InFlightDiagnostic error(const Location& loc) { return diag->error(loc); }
  // A named warning of the running pass (names: support/diagnostics.cc known_warnings()).
  InFlightDiagnostic warning(const Location& loc, std::string name) {
    return diag->warning(loc, std::move(name), pass_name);
  }
  // A remark `<pass>.<what>`: one line saying what the running pass decided and why; shown
  // with --remarks (all passes) or --remarks=<pass name or id>.
  InFlightDiagnostic remark(const Location& loc, const std::string& what) {
    return diag->remark(loc, pass_name, what, pass_id);
  }
  bool remarks_enabled() const { return diag->remarks_enabled(pass_name, pass_id); }
  bool failed() const { return diag->has_errors(); }
};

// The matrix engine's passes over each tile product at a fidelity ("LoFi" 1 ... "HiFi4" 4;
// metalium.md 3.6); 4 for an unknown name.
inline int fidelity_phases(const std::string& fidelity) {
  const char* names[] = {"LoFi", "HiFi2", "HiFi3", "HiFi4"};
  for (int i = 0; i < 4; ++i) {
    if (fidelity == names[i]) {
      return i + 1;
    }
  }
  return 4;
}

using PassFn = ir::Module (*)(const ir::Module&, PassContext&);

}  // namespace tltt::passes
