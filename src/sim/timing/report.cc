// $TTSIM_REPORT_DIR: a text table of per-core/per-RISC busy time and stalls (report.txt) and an
// SVG of the core grid coloured by utilization (cores.svg).
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>

#include "sim/arch/arch.h"
#include "sim/timing/run_state.h"
#include "ttsim/error.hpp"

namespace ttsim::timing {
namespace {

FILE* open_out(const std::filesystem::path& p) {
  FILE* f = std::fopen(p.c_str(), "w");
  if (!f) {
    throw tt::tt_metal::SimulatorError("TTSIM_REPORT_DIR: cannot write " + p.string());
  }
  return f;
}

// Utilization shown per core: matrix engine when the run did matmuls, else the busiest RISC.
double core_value(const RunStats& s, const CoreRunStats& c) {
  if (s.matrix_cycles) {
    return c.utilization;
  }
  uint64_t busy = 0;
  for (const auto& r : c.riscs) {
    busy = std::max(busy, r.busy_cycles);
  }
  return s.device_cycles ? double(busy) / s.device_cycles : 0;
}

}  // namespace

void write_report(const RunStats& s, const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    throw tt::tt_metal::SimulatorError("TTSIM_REPORT_DIR: cannot create " + dir);
  }
  FILE* f = open_out(std::filesystem::path(dir) / "report.txt");
  std::fprintf(f, "device %s, %llu programs, %llu cycles = %.3f us at %.0f MHz\n", s.device.c_str(),
               static_cast<unsigned long long>(s.programs),
               static_cast<unsigned long long>(s.device_cycles), s.device_time_us, s.clock_mhz);
  std::fprintf(f,
               "%.4g TFLOP/s, DRAM %.2f GB/s, matrix utilization %.1f%% over %u compute cores\n\n",
               s.flops_per_second / 1e12, s.dram_bytes_per_second / 1e9, 100 * s.matrix_utilization,
               s.compute_cores);
  std::fprintf(f, "%-8s %-8s %-28s %12s %6s %12s %12s %12s %12s\n", "core", "risc", "kernel",
               "busy", "busy%", "stall_cb", "stall_noc", "stall_sem", "stall_comp");
  for (const auto& c : s.cores) {
    std::string core = "(" + std::to_string(c.x) + "," + std::to_string(c.y) + ")";
    for (const auto& r : c.riscs) {
      std::fprintf(f, "%-8s %-8s %-28s %12llu %5.1f%% %12llu %12llu %12llu %12llu\n", core.c_str(),
                   r.name.c_str(), r.kernel.substr(0, 28).c_str(),
                   static_cast<unsigned long long>(r.busy_cycles),
                   s.device_cycles ? 100.0 * r.busy_cycles / s.device_cycles : 0.0,
                   static_cast<unsigned long long>(r.stall_cb),
                   static_cast<unsigned long long>(r.stall_noc),
                   static_cast<unsigned long long>(r.stall_semaphore),
                   static_cast<unsigned long long>(r.stall_compute));
    }
  }
  std::fclose(f);

  Arch arch = Arch::WormholeB0;
  parse_arch(s.device, &arch);
  const ArchSpec& a = arch_spec(arch);
  const int cell = 56, pad = 20;
  int w = pad * 2 + cell * static_cast<int>(a.grid_x());
  int h = pad * 2 + 30 + cell * static_cast<int>(a.grid_y());
  FILE* g = open_out(std::filesystem::path(dir) / "cores.svg");
  std::fprintf(g,
               "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
               "font-family=\"monospace\" font-size=\"11\">\n",
               w, h);
  std::fprintf(g, "<text x=\"%d\" y=\"%d\">%s: %s utilization, %llu cycles</text>\n", pad, pad,
               s.device.c_str(), s.matrix_cycles ? "matrix-engine" : "busiest-RISC",
               static_cast<unsigned long long>(s.device_cycles));
  for (uint32_t y = 0; y < a.grid_y(); ++y) {
    for (uint32_t x = 0; x < a.grid_x(); ++x) {
      const CoreRunStats* c = nullptr;
      for (const auto& cc : s.cores) {
        if (cc.x == x && cc.y == y) {
          c = &cc;
        }
      }
      double v = c ? std::clamp(core_value(s, *c), 0.0, 1.0) : -1;
      // Unused cores grey; used cores from white (idle) to dark green (fully busy).
      int r = v < 0 ? 220 : static_cast<int>(255 - 225 * v);
      int gr = v < 0 ? 220 : static_cast<int>(255 - 115 * v);
      int b = v < 0 ? 220 : static_cast<int>(255 - 200 * v);
      int px = pad + static_cast<int>(x) * cell, py = pad + 30 + static_cast<int>(y) * cell;
      std::fprintf(g,
                   "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"rgb(%d,%d,%d)\" "
                   "stroke=\"#444\"/>\n",
                   px, py, cell - 2, cell - 2, r, gr, b);
      std::fprintf(g, "<text x=\"%d\" y=\"%d\">%u,%u</text>\n", px + 4, py + 14, x, y);
      if (v >= 0) {
        std::fprintf(g, "<text x=\"%d\" y=\"%d\">%.0f%%</text>\n", px + 4, py + 34, 100 * v);
      }
    }
  }
  std::fputs("</svg>\n", g);
  std::fclose(g);
}

}  // namespace ttsim::timing
