// The tuning cache (tuning_cache.h): keys, the JSON form of an entry, atomic stores.
#include "driver/tuning_cache.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "ir/printer.h"
#include "passes/device_model.h"
#include "passes/pass_manager.h"
#include "sim/core/compile_cache.h"
#include "sim/core/settings.h"

namespace fs = std::filesystem;

namespace tltt::driver {

namespace {

// Bump when the entry's meaning or the key's contents change: older entries are then ignored.
constexpr int kFormatVersion = 1;

nlohmann::json block_json(const passes::GemmBlock& b) { return {b.bm, b.bn, b.bk}; }

std::optional<passes::GemmBlock> block_from(const nlohmann::json& j) {
  if (!j.is_array() || j.size() != 3 || !j[0].is_number_integer() || !j[1].is_number_integer() ||
      !j[2].is_number_integer()) {
    return std::nullopt;
  }
  return passes::GemmBlock{j[0].get<int64_t>(), j[1].get<int64_t>(), j[2].get<int64_t>()};
}

}  // namespace

std::string tuning_key(const ir::Module& m, const CompileOptions& options) {
  ttsim::ContentHash h;
  h.add("tltt-tuning-" + std::to_string(kFormatVersion));
  h.add(ir::print(m));
  for (const std::string& s : options.sets) {
    h.add("set " + s);
  }
  auto device = passes::DeviceModel::by_name(options.device);
  h.add("device " + (device ? device->name : options.device));
  for (const std::string& l : options.layouts) {
    h.add("layout " + l);
  }
  h.add("mesh " + options.mesh);
  // Disabled passes by name (given by name or id, in any order): they change B0's candidates.
  std::vector<std::string> disabled;
  for (const std::string& d : options.disabled_passes) {
    const passes::PassInfo* p = passes::find_pass(d);
    disabled.push_back(p ? p->name : d);
  }
  std::sort(disabled.begin(), disabled.end());
  for (const std::string& d : disabled) {
    h.add("disable " + d);
  }
  h.add("O" + std::to_string(options.opt_level));
  h.add("fidelity " + options.math_fidelity + " fp32 " + options.fp32_dest_acc);
  if (!options.fast_math.empty()) {
    h.add("fast-math " + options.fast_math);
  }
  return h.hex();
}

std::string tuning_cache_dir() {
  if (const char* d = std::getenv("TLTT_TUNING_CACHE_DIR"); d && *d) {
    return d;
  }
  return (fs::path(ttsim::Settings::from_env().cache_dir) / "tuning").string();
}

std::string to_json(const TuningEntry& e) {
  nlohmann::json j;
  j["version"] = kFormatVersion;
  j["key"] = e.key;
  j["kernel"] = e.kernel;
  j["entry"] = e.entry;
  j["device"] = e.device;
  j["blocks"] = nlohmann::json::object();
  for (const auto& [function, block] : e.blocks) {
    j["blocks"][function] = block_json(block);
  }
  j["runs"] = nlohmann::json::array();
  for (const TunedRun& r : e.runs) {
    j["runs"].push_back({{"block", block_json(r.block)},
                         {"model_cycles", r.model_cycles},
                         {"simulated_us", r.simulated_us},
                         {"roofline", r.roofline}});
  }
  return j.dump(2) + "\n";
}

std::optional<TuningEntry> entry_from_json(const std::string& text) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object() || j.value("version", 0) != kFormatVersion || !j.contains("blocks") ||
      !j["blocks"].is_object()) {
    return std::nullopt;
  }
  TuningEntry e;
  e.key = j.value("key", "");
  e.kernel = j.value("kernel", "");
  e.entry = j.value("entry", "");
  e.device = j.value("device", "");
  for (const auto& [function, block] : j["blocks"].items()) {
    auto b = block_from(block);
    if (!b) {
      return std::nullopt;
    }
    e.blocks[function] = *b;
  }
  for (const nlohmann::json& r : j.value("runs", nlohmann::json::array())) {
    auto b = r.is_object() ? block_from(r.value("block", nlohmann::json())) : std::nullopt;
    if (!b) {
      return std::nullopt;
    }
    e.runs.push_back(
        {*b, r.value("model_cycles", 0.0), r.value("simulated_us", 0.0), r.value("roofline", 0.0)});
  }
  return e;
}

std::optional<TuningEntry> load_tuning(const std::string& key) {
  std::ifstream in(fs::path(tuning_cache_dir()) / (key + ".json"));
  if (!in) {
    return std::nullopt;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  auto e = entry_from_json(ss.str());
  if (!e || e->key != key) {
    return std::nullopt;  // an older format, or a file copied under another name
  }
  return e;
}

bool store_tuning(const TuningEntry& e, std::string* error) {
  const fs::path dir = tuning_cache_dir();
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    *error = "cannot create " + dir.string() + ": " + ec.message();
    return false;
  }
  // A name no other writer uses (process id and a per-process counter), renamed over the entry:
  // rename is atomic, so a reader sees the old entry or the new one, never a mix.
  static std::atomic<int> counter{0};
  const fs::path tmp =
      dir / (".tmp." + e.key + "." + std::to_string(::getpid()) + "." + std::to_string(counter++));
  {
    std::ofstream out(tmp, std::ios::binary);
    if (!(out << to_json(e)) || !(out.flush())) {
      *error = "cannot write " + tmp.string();
      fs::remove(tmp, ec);
      return false;
    }
  }
  fs::rename(tmp, dir / (e.key + ".json"), ec);
  if (ec) {
    *error = "cannot install " + (dir / (e.key + ".json")).string() + ": " + ec.message();
    fs::remove(tmp, ec);
    return false;
  }
  return true;
}

bool tuning_cache_enabled(const CompileOptions& options) {
  const char* env = std::getenv("TLTT_TUNING_CACHE");
  return options.tuning_cache && !(env && std::string(env) == "0");
}

}  // namespace tltt::driver
