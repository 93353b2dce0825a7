// `tltt sim-config`: pkg-config style flags to build a host program against the simulator,
// from the build tree or, once installed, from the install tree (as libttsim reports them).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>

#include "command.h"
#include "ttsim/simulator.hpp"

static tltt::cli::Registrar reg(
    "sim-config", "print compiler/linker flags for host programs that use the simulator",
    [](CLI::App& app) {
      auto cflags = std::make_shared<bool>(false);
      auto libs = std::make_shared<bool>(false);
      app.add_flag("--cflags", *cflags, "print the compile flags");
      app.add_flag("--libs", *libs, "print the link flags");
      return [cflags, libs]() -> int {
        if (!*cflags && !*libs) {
          std::fprintf(stderr, "tltt sim-config: give --cflags and/or --libs\n");
          return 2;
        }
        std::string inc = ttsim::Simulator::include_dir();
        std::string lib = ttsim::Simulator::library_dir();
        std::string out;
        // A sanitizer build's libttsim links only into programs built with the same flags.
        std::string san = ttsim::Simulator::sanitize_flags();
        if (!san.empty()) {
          san = " " + san;
        }
        if (*cflags) {
          out += "-std=c++20 -I" + inc + san;
        }
        if (*libs) {
          if (!out.empty()) {
            out += " ";
          }
          out += "-L" + lib + " -Wl,-rpath," + lib + " -lttsim -lfmt" + (*cflags ? "" : san);
        }
        std::printf("%s\n", out.c_str());
        return 0;
      };
    });
