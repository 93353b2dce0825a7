// Texts compiled into the binary by tltt_embed_files (cmake/embed.cmake): each embedding defines
// one function of this namespace returning its files; the layer that reads them declares it.
#pragma once
#include <string_view>
#include <vector>

namespace tltt::embedded {

struct File {
  std::string_view name;  // the file's name without its directory: "wormhole_b0.json"
  std::string_view text;
};

}  // namespace tltt::embedded
