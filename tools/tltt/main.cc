// The tltt command: parse, compile and run TileLang kernels for Tenstorrent on the simulator.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <exception>

#include "command.h"

namespace tltt::cli {
std::vector<Command>& command_registry() {
  static std::vector<Command> commands;
  return commands;
}
}  // namespace tltt::cli

int main(int argc, char** argv) {
  using namespace tltt::cli;
  CLI::App app{"tltt: TileLang for Tenstorrent (compiler and device simulator)"};
  app.require_subcommand(1);
  auto& commands = command_registry();
  std::sort(commands.begin(), commands.end(),
            [](const Command& a, const Command& b) { return a.name < b.name; });
  std::function<int()> action;
  for (auto& cmd : commands) {
    CLI::App* sub = app.add_subcommand(cmd.name, cmd.summary);
    auto run = cmd.setup(*sub);
    sub->callback([&action, run] { action = run; });
  }
  CLI11_PARSE(app, argc, argv);
  try {
    return action ? action() : 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "tltt: internal compiler error: %s\n", e.what());
    return 70;
  }
}
