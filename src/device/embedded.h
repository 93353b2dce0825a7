// The device description files as compiled into the binary (listed by src/device/CMakeLists.txt,
// each embedded by cmake/embed.cmake); only device.cc reads them.
#pragma once
#include <string_view>
#include <vector>

namespace tltt::device {

struct EmbeddedFile {
  std::string_view name;  // "wormhole_b0.json"
  std::string_view text;
};

const std::vector<EmbeddedFile>& embedded_files();

}  // namespace tltt::device
