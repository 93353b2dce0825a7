// Registry of tltt subcommands: each cmd_*.cc registers one subcommand with a static Registrar,
// so adding a command never edits main.cc.
#pragma once
#include <functional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace tltt::cli {

// Adds the subcommand's options to `app` and returns the action that runs it (its exit status).
using CommandSetup = std::function<std::function<int()>(CLI::App& app)>;

struct Command {
  std::string name;
  std::string summary;
  CommandSetup setup;
};

std::vector<Command>& command_registry();

struct Registrar {
  Registrar(std::string name, std::string summary, CommandSetup setup) {
    command_registry().push_back({std::move(name), std::move(summary), std::move(setup)});
  }
};

}  // namespace tltt::cli
