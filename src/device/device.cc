// Parses the embedded data/devices/*.json into Descriptions, once per process.
#include "device/device.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "device/json_reader.h"
#include "support/embedded.h"

namespace tltt::embedded {
const std::vector<File>& devices();  // data/devices/*.json
}

namespace tltt::device {
namespace {

using nlohmann::json;

Description parse(const embedded::File& f) {
  json root = json::parse(f.text, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded()) {
    throw std::runtime_error("device description " + std::string(f.name) + " is not valid JSON");
  }
  Reader r(f.name, root);
  Description d;
  d.json_text = f.text;
  if (!r.at("device").is_string()) {
    r.fail("device", "is not a string");
  }
  d.name = r.at("device").get<std::string>();
  for (const json& a : r.at("aliases.names")) {
    if (!a.is_string()) {
      r.fail("aliases.names", "holds a value that is not a string");
    }
    d.aliases.push_back(a.get<std::string>());
  }
  std::vector<uint32_t> noc = r.u32_list("grid.noc_size");
  if (noc.size() != 2) {
    r.fail("grid.noc_size", "is not [x, y]");
  }
  d.noc_x = noc[0];
  d.noc_y = noc[1];
  d.worker_x = r.u32_list("grid.worker_x");
  d.worker_y = r.u32_list("grid.worker_y");
  for (uint32_t x : d.worker_x) {
    if (x >= d.noc_x) {
      r.fail("grid.worker_x", "lies outside the NoC grid");
    }
  }
  for (uint32_t y : d.worker_y) {
    if (y >= d.noc_y) {
      r.fail("grid.worker_y", "lies outside the NoC grid");
    }
  }
  for (const char* kind : {"ethernet", "router_only", "pcie", "arc"}) {
    const std::string path = std::string("other_tiles.") + kind;
    std::vector<Coord> tiles;
    for (const json& e : r.at(path)) {
      if (!e.is_array() || e.size() != 2 || !e[0].is_number_unsigned() ||
          !e[1].is_number_unsigned()) {
        r.fail(path, "holds a coordinate that is not [x, y]");
      }
      tiles.push_back({e[0].get<uint32_t>(), e[1].get<uint32_t>()});
    }
    d.other_tiles.emplace_back(kind, std::move(tiles));
  }
  d.l1_size = r.u32("l1.size.value");
  d.l1_reserved = r.u32("l1.reserved.value");
  d.l1_alignment = r.u32("l1.alignment.value");
  if (d.l1_reserved >= d.l1_size) {
    r.fail("l1.reserved.value", "leaves no L1");
  }
  d.num_cbs = r.u32("circular_buffers.value");
  for (int full = 0; full < 2; ++full) {
    for (int fp32 = 0; fp32 < 2; ++fp32) {
      std::string path = std::string("dst_tiles.") + (full ? "full_sync" : "half_sync") + "." +
                         (fp32 ? "fp32" : "16bit");
      d.dst_tiles_by_mode[full][fp32] = r.u32(path);
      if (d.dst_tiles_by_mode[full][fp32] == 0) {
        r.fail(path, "is zero");
      }
    }
  }
  const json& channels = r.at("dram.channels.endpoints");
  if (!channels.is_array() || channels.empty()) {
    r.fail("dram.channels.endpoints", "is empty");
  }
  for (const json& ch : channels) {
    std::vector<Coord> eps;
    for (const json& e : ch) {
      if (!e.is_array() || e.size() != 2 || !e[0].is_number_unsigned() ||
          !e[1].is_number_unsigned()) {
        r.fail("dram.channels.endpoints", "holds an endpoint that is not [x, y]");
      }
      eps.push_back({e[0].get<uint32_t>(), e[1].get<uint32_t>()});
    }
    if (eps.empty()) {
      r.fail("dram.channels.endpoints", "holds a channel without endpoints");
    }
    d.dram_channel_endpoints.push_back(eps);
  }
  d.dram_views = r.u32("dram.channels.views");
  d.dram_bank_endpoint = r.u32_list("dram.channels.bank_endpoint");
  d.dram_bank_endpoint_noc1 = r.u32_list("dram.channels.bank_endpoint_noc1");
  d.dram_view_offset = r.uint("dram.channels.view_offset");
  d.dram_bank_size = r.uint("dram.bank_size.value");
  d.dram_alignment = r.u32("dram.alignment.value");
  for (const auto& [key, list] :
       {std::pair{"dram.channels.bank_endpoint", &d.dram_bank_endpoint},
        std::pair{"dram.channels.bank_endpoint_noc1", &d.dram_bank_endpoint_noc1}}) {
    if (list->size() != d.num_dram_banks()) {
      r.fail(key, "does not have one entry per bank (channels x views)");
    }
    for (size_t b = 0; b < list->size(); ++b) {
      if ((*list)[b] >= d.dram_channel_endpoints[b / d.dram_views].size()) {
        r.fail(key, "names an endpoint its channel does not have");
      }
    }
  }
  // The timing model's bank count sits beside the layout; the two must agree.
  const json& banks = r.at("dram.banks.value");
  if (!banks.is_number() || banks.get<double>() != d.num_dram_banks()) {
    r.fail("dram.banks.value", "differs from channels x views");
  }
  d.noc_max_burst = r.u32("noc.max_burst.value");
  d.clock_mhz = r.u32("clock_mhz.value");
  d.timing = timing_of(r);
  return d;
}

std::vector<Description> load() {
  std::vector<Description> out;
  for (const embedded::File& f : embedded::devices()) {
    Description d = parse(f);
    if (std::string(f.name) != d.name + ".json") {
      throw std::runtime_error("device description " + std::string(f.name) + " describes '" +
                               d.name + "'; the file must be named after the device");
    }
    out.push_back(std::move(d));
  }
  std::sort(out.begin(), out.end(),
            [](const Description& a, const Description& b) { return a.name < b.name; });
  // Every name selects one device.
  std::vector<std::string> names;
  for (const Description& d : out) {
    names.push_back(d.name);
    names.insert(names.end(), d.aliases.begin(), d.aliases.end());
  }
  std::sort(names.begin(), names.end());
  if (auto dup = std::adjacent_find(names.begin(), names.end()); dup != names.end()) {
    throw std::runtime_error("device name '" + *dup + "' is given to two devices");
  }
  return out;
}

}  // namespace

const std::vector<Description>& all() {
  static const std::vector<Description> devices = load();
  return devices;
}

const Description* find(std::string_view name) {
  for (const Description& d : all()) {
    if (d.name == name || std::find(d.aliases.begin(), d.aliases.end(), name) != d.aliases.end()) {
      return &d;
    }
  }
  return nullptr;
}

const Description& default_device() {
  const Description* d = find("wormhole_b0");
  if (!d) {
    throw std::runtime_error("no description of the default device wormhole_b0");
  }
  return *d;
}

std::string known_names() {
  std::string out;
  for (const Description& d : all()) {
    if (!out.empty()) {
      out += ", ";
    }
    out += d.name;
    if (!d.aliases.empty()) {
      out += " (";
      for (size_t i = 0; i < d.aliases.size(); ++i) {
        out += (i ? ", " : "") + d.aliases[i];
      }
      out += ")";
    }
  }
  return out;
}

std::vector<std::string> all_names() {
  std::vector<std::string> out;
  for (const Description& d : all()) {
    out.push_back(d.name);
    out.insert(out.end(), d.aliases.begin(), d.aliases.end());
  }
  return out;
}

}  // namespace tltt::device
