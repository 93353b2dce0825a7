// Run statistics: built from the run state at the end of each program (Recorder::finish), added to
// the run log the Recorder was given (the host API gives each device its own, read by
// last_run_stats / device_run_stats), and written as JSON to $TTSIM_STATS_FILE.

#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <tuple>

#include "sim/timing/cost_params.h"
#include "sim/timing/recorder.h"
#include "sim/timing/run_log.h"
#include "sim/timing/run_state.h"
#include "ttsim/error.hpp"

namespace ttsim {
namespace {

void add_unique(std::vector<std::string>& v, const std::string& m) {
  if (std::find(v.begin(), v.end(), m) == v.end()) {
    v.push_back(m);
  }
}

const char* kLaneNames[timing::kLanes] = {"BRISC", "NCRISC", "TRISC0", "TRISC1", "TRISC2"};

void finish(RunStats& s) {
  double hz = s.clock_mhz * 1e6;
  s.device_time_us = s.clock_mhz > 0 ? s.device_cycles / s.clock_mhz : 0;
  double secs = s.device_cycles / hz;
  s.dram_bytes = s.dram_read_bytes + s.dram_write_bytes;
  s.flops_per_second = secs > 0 ? s.flops / secs : 0;
  s.dram_bytes_per_second = secs > 0 ? s.dram_bytes / secs : 0;
  s.matrix_utilization = s.device_cycles && s.compute_cores
                             ? double(s.matrix_cycles) / (double(s.device_cycles) * s.compute_cores)
                             : 0;
  for (auto& c : s.cores) {
    c.utilization = s.device_cycles ? double(c.matrix_cycles) / s.device_cycles : 0;
  }
  for (auto& l : s.links) {
    l.utilization = s.device_cycles ? double(l.busy_cycles) / s.device_cycles : 0;
  }
}

RunStats build(const timing::RunState& r, const std::vector<XY>& logical, uint64_t cycles) {
  RunStats s;
  s.device = r.arch->name();
  s.clock_mhz = r.params->clock_mhz;
  // The DRAM roofline: all banks at their sustained rate, capped by the channels.
  const CostParams& cp = *r.params;
  const double channels = static_cast<double>(r.arch->desc->dram_channel_endpoints.size());
  s.peak_dram_bytes_per_cycle =
      std::min(cp.dram.banks * cp.dram.bank_bytes_per_cycle,
               channels > 0 ? channels * cp.dram.channel_bytes_per_cycle : 1e300);
  s.programs = 1;
  s.device_cycles = cycles;
  s.flops = r.flops;
  s.dram_read_bytes = r.dram_read;
  s.dram_write_bytes = r.dram_write;
  s.noc_bytes = r.noc_bytes;
  s.noc_transfers = r.noc_transfers;
  s.noc_link_bytes = r.noc_link_bytes;
  s.tile_ops = r.tile_ops;
  s.timing_only = r.timing_only;
  const uint32_t per_chip = r.arch->num_workers();
  const uint32_t chips = static_cast<uint32_t>(r.links.size());
  for (uint32_t d = 0; d < chips; ++d) {
    DeviceRunStats ds;
    ds.device = d;
    ds.row = d / r.mesh_cols;
    ds.col = d % r.mesh_cols;
    ds.noc_bytes = r.chip_noc_bytes[d];
    s.devices.push_back(ds);
  }
  for (const auto& [id, use] : r.eth.links()) {
    LinkRunStats ls;
    ls.from = id.from;
    ls.to = id.to;
    ls.link = id.link;
    ls.bytes = use.bytes;
    ls.packets = use.packets;
    ls.busy_cycles = use.busy_cycles;
    s.links.push_back(ls);
  }
  s.fabric_bytes = r.fabric_bytes;
  for (uint32_t c = 0; c < logical.size(); ++c) {
    CoreRunStats cs;
    XY l = logical[c];
    cs.device = c / per_chip;
    cs.x = l.x;
    cs.y = l.y;
    bool any = false;
    for (uint32_t lane = 0; lane < timing::kLanes; ++lane) {
      const timing::LaneRec& lr = r.lanes[c * timing::kLanes + lane];
      if (!lr.used) {
        continue;
      }
      any = true;
      RiscRunStats rs;
      rs.name = kLaneNames[lane];
      rs.kernel = r.kernel_names[c * timing::kLanes + lane];
      rs.start_cycle = lr.start;
      rs.end_cycle = lr.end;
      s.devices[cs.device].end_cycle = std::max(s.devices[cs.device].end_cycle, lr.end);
      rs.stall_cb = lr.stall[timing::kCbStall];
      rs.stall_noc = lr.stall[timing::kNocStall];
      rs.stall_semaphore = lr.stall[timing::kSemStall];
      rs.stall_compute = lr.stall[timing::kComputeStall];
      uint64_t stalls = rs.stall_cb + rs.stall_noc + rs.stall_semaphore + rs.stall_compute;
      uint64_t span = lr.end > lr.start ? lr.end - lr.start : 0;
      // Compute threads count their op cycles; data-movement RISCs everything but stalls.
      rs.busy_cycles =
          lane >= timing::kUnpack ? std::min(lr.busy, span) : (span > stalls ? span - stalls : 0);
      cs.riscs.push_back(std::move(rs));
    }
    if (!any) {
      continue;
    }
    if (r.lanes[c * timing::kLanes + timing::kMath].used) {
      s.compute_cores++;
    }
    s.devices[cs.device].cores++;
    cs.matrix_cycles = r.matrix_cycles[c];
    s.matrix_cycles += r.matrix_cycles[c];
    s.cores.push_back(std::move(cs));
  }
  finish(s);
  return s;
}

void accumulate(RunStats& t, const RunStats& s) {
  bool first = t.programs == 0;
  t.device = s.device;
  t.clock_mhz = s.clock_mhz;
  t.peak_dram_bytes_per_cycle = s.peak_dram_bytes_per_cycle;
  t.programs += 1;
  t.device_cycles += s.device_cycles;
  t.flops += s.flops;
  t.dram_read_bytes += s.dram_read_bytes;
  t.dram_write_bytes += s.dram_write_bytes;
  t.noc_bytes += s.noc_bytes;
  t.noc_transfers += s.noc_transfers;
  t.noc_link_bytes += s.noc_link_bytes;
  t.matrix_cycles += s.matrix_cycles;
  t.compute_cores = std::max(t.compute_cores, s.compute_cores);
  t.tile_ops += s.tile_ops;
  t.timing_only = first ? s.timing_only : (t.timing_only && s.timing_only);
  t.fabric_bytes += s.fabric_bytes;
  if (t.devices.size() < s.devices.size()) {
    t.devices.resize(s.devices.size());
  }
  for (const DeviceRunStats& d : s.devices) {
    DeviceRunStats& e = t.devices[d.device];
    uint64_t offset = t.device_cycles - s.device_cycles;  // this program's start in the process
    e.device = d.device;
    e.row = d.row;
    e.col = d.col;
    e.end_cycle = d.cores ? offset + d.end_cycle : e.end_cycle;
    e.noc_bytes += d.noc_bytes;
    e.cores = std::max(e.cores, d.cores);
  }
  for (const LinkRunStats& l : s.links) {
    auto it = std::find_if(t.links.begin(), t.links.end(), [&](const LinkRunStats& x) {
      return x.from == l.from && x.to == l.to && x.link == l.link;
    });
    if (it == t.links.end()) {
      t.links.push_back(l);
    } else {
      it->bytes += l.bytes;
      it->packets += l.packets;
      it->busy_cycles += l.busy_cycles;
    }
  }
  std::map<std::tuple<uint32_t, uint32_t, uint32_t>, size_t> index;
  for (size_t i = 0; i < t.cores.size(); ++i) {
    index[{t.cores[i].device, t.cores[i].y, t.cores[i].x}] = i;
  }
  for (const CoreRunStats& c : s.cores) {
    auto it = index.find({c.device, c.y, c.x});
    if (it == index.end()) {
      t.cores.push_back(c);
      continue;
    }
    CoreRunStats& d = t.cores[it->second];
    d.matrix_cycles += c.matrix_cycles;
    for (const RiscRunStats& r : c.riscs) {
      auto rit = std::find_if(d.riscs.begin(), d.riscs.end(),
                              [&](const RiscRunStats& x) { return x.name == r.name; });
      if (rit == d.riscs.end()) {
        d.riscs.push_back(r);
        continue;
      }
      rit->busy_cycles += r.busy_cycles;
      rit->stall_cb += r.stall_cb;
      rit->stall_noc += r.stall_noc;
      rit->stall_semaphore += r.stall_semaphore;
      rit->stall_compute += r.stall_compute;
      rit->end_cycle = r.end_cycle;
      if (rit->kernel != r.kernel) {
        rit->kernel += "," + r.kernel;
      }
    }
  }
  std::sort(t.cores.begin(), t.cores.end(), [](const CoreRunStats& a, const CoreRunStats& b) {
    return std::tie(a.device, a.y, a.x) < std::tie(b.device, b.y, b.x);
  });
  std::sort(t.links.begin(), t.links.end(), [](const LinkRunStats& a, const LinkRunStats& b) {
    return std::tie(a.from, a.to, a.link) < std::tie(b.from, b.to, b.link);
  });
  finish(t);
}

}  // namespace

namespace {

// The roofline the run is measured against. Matrix peak: the FLOPs per matrix-busy cycle this run
// achieved (so the fidelity and format it used) on every worker core of the device; DRAM peak:
// all banks at their sustained rate, capped by the channels. With matmul work the attainable
// rate is min(matrix peak, DRAM peak x FLOPs per DRAM byte); without, the run is DRAM-bound.
// On a mesh both peaks are the sum over the devices the run used (each has its own DRAM).
nlohmann::ordered_json roofline(const RunStats& s) {
  nlohmann::ordered_json r;
  Arch arch;
  if (!parse_arch(s.device, &arch) || s.device_cycles == 0) {
    return r;
  }
  const ArchSpec& spec = arch_spec(arch);
  const double hz = s.clock_mhz * 1e6;
  double devices = 0;  // a mesh run's peaks are the sum of its devices'
  for (const DeviceRunStats& d : s.devices) {
    devices += d.cores > 0 ? 1 : 0;
  }
  devices = std::max(devices, 1.0);
  const double dram_peak = s.peak_dram_bytes_per_cycle * hz * devices;
  r["peak_dram_bytes_per_second"] = dram_peak;
  if (s.flops > 0 && s.matrix_cycles > 0) {
    const double peak =
        double(s.flops) / double(s.matrix_cycles) * spec.num_workers() * hz * devices;
    const double attainable =
        s.dram_bytes > 0 ? std::min(peak, dram_peak * double(s.flops) / double(s.dram_bytes))
                         : peak;
    r["bound"] = attainable < peak ? "dram" : "compute";
    r["peak_flops_per_second"] = peak;
    r["attainable_flops_per_second"] = attainable;
    r["utilization"] =
        attainable < peak ? s.dram_bytes_per_second / dram_peak : s.flops_per_second / attainable;
  } else {
    r["bound"] = "dram";
    r["utilization"] = dram_peak > 0 ? s.dram_bytes_per_second / dram_peak : 0;
  }
  return r;
}

nlohmann::ordered_json stats_object(const RunStats& s) {
  nlohmann::ordered_json j;
  j["device"] = s.device;
  j["clock_mhz"] = s.clock_mhz;
  j["programs"] = s.programs;
  j["device_cycles"] = s.device_cycles;
  j["device_time_us"] = s.device_time_us;
  j["flops"] = s.flops;
  j["flops_per_second"] = s.flops_per_second;
  j["dram_bytes"] = s.dram_bytes;
  j["dram_read_bytes"] = s.dram_read_bytes;
  j["dram_write_bytes"] = s.dram_write_bytes;
  j["dram_bytes_per_second"] = s.dram_bytes_per_second;
  j["noc_bytes"] = s.noc_bytes;
  j["noc_transfers"] = s.noc_transfers;
  j["noc_link_bytes"] = s.noc_link_bytes;
  j["matrix_cycles"] = s.matrix_cycles;
  j["compute_cores"] = s.compute_cores;
  j["matrix_utilization"] = s.matrix_utilization;
  j["tile_ops"] = s.tile_ops;
  j["timing_only"] = s.timing_only;
  j["warnings"] = s.warnings;
  j["fabric_bytes"] = s.fabric_bytes;
  nlohmann::ordered_json devices = nlohmann::ordered_json::array();
  for (const auto& d : s.devices) {
    devices.push_back({{"device", d.device},
                       {"row", d.row},
                       {"col", d.col},
                       {"end_cycle", d.end_cycle},
                       {"noc_bytes", d.noc_bytes},
                       {"cores", d.cores}});
  }
  j["devices"] = devices;
  nlohmann::ordered_json links = nlohmann::ordered_json::array();
  for (const auto& l : s.links) {
    links.push_back({{"from", l.from},
                     {"to", l.to},
                     {"link", l.link},
                     {"bytes", l.bytes},
                     {"packets", l.packets},
                     {"busy_cycles", l.busy_cycles},
                     {"utilization", l.utilization}});
  }
  j["links"] = links;
  nlohmann::ordered_json cores = nlohmann::ordered_json::array();
  for (const auto& c : s.cores) {
    nlohmann::ordered_json cj;
    cj["device"] = c.device;
    cj["x"] = c.x;
    cj["y"] = c.y;
    cj["utilization"] = c.utilization;
    nlohmann::ordered_json rj = nlohmann::ordered_json::object();
    for (const auto& r : c.riscs) {
      rj[r.name] = {{"kernel", r.kernel},
                    {"start_cycle", r.start_cycle},
                    {"end_cycle", r.end_cycle},
                    {"busy_cycles", r.busy_cycles},
                    {"stalls",
                     {{"cb", r.stall_cb},
                      {"noc", r.stall_noc},
                      {"semaphore", r.stall_semaphore},
                      {"compute", r.stall_compute}}}};
    }
    cj["riscs"] = rj;
    cores.push_back(cj);
  }
  j["cores"] = cores;
  j["roofline"] = roofline(s);
  return j;
}
}  // namespace

std::string run_stats_json(const RunStats& s) { return stats_object(s).dump(1); }

namespace timing {

void add_run(RunStats& total, const RunStats& run) {
  accumulate(total, run);
  for (const auto& w : run.warnings) {
    add_unique(total.warnings, w);
  }
}

void Recorder::warn(const std::string& message) {
  if (std::find(warnings_.begin(), warnings_.end(), message) != warnings_.end()) {
    return;
  }
  warnings_.push_back(message);
  std::fprintf(stderr, "ttsim: warning: %s\n", message.c_str());
}

void Recorder::finish(uint64_t end, uint64_t kernels_compiled) {
  RunLog& p = log_;
  RunState& r = *run_;
  p.last = build(r, logical_, end);
  p.last.warnings = warnings_;
  add_run(p.total, p.last);
  if (r.progress_shown) {
    std::fputs("\n", stderr);  // end the progress line
  }
  if (!options_.stats_file.empty()) {
    std::ofstream out(options_.stats_file);
    if (!out) {
      throw tt::tt_metal::SimulatorError("TTSIM_STATS_FILE: cannot write " + options_.stats_file);
    }
    // The file describes every run of the log so far; the JIT's count of cache misses, the
    // whole process.
    nlohmann::ordered_json j = stats_object(p.total);
    j["kernels_compiled"] = kernels_compiled;
    out << j.dump(1) << "\n";
  }
  if (!options_.trace_file.empty()) {
    write_trace(r, *p.trace, options_.trace_file, p.trace_offset);
  }
  if (!options_.report_dir.empty()) {
    write_report(p.total, options_.report_dir);
  }
  p.trace_offset += end;
}

}  // namespace timing
}  // namespace ttsim
