// Standalone host program built with only `tltt sim-config --cflags --libs`: runs a kernel that
// deadlocks and does not catch the error, so libttsim's terminate handler must print
// "error: ..." and exit with status 1. With argv[1] == "ok" it runs a passing loopback instead.
#include <cstdio>
#include <cstring>
#include <tt-metalium/host_api.hpp>

using namespace tt::tt_metal;

int main(int argc, char** argv) {
  bool ok = argc > 1 && std::strcmp(argv[1], "ok") == 0;
  IDevice* dev = CreateDevice(0);
  Program p = CreateProgram();
  CoreCoord core{0, 0};
  CreateCircularBuffer(
      p, core, CircularBufferConfig(2048, {{0, tt::DataFormat::Float16_b}}).set_page_size(0, 2048));
  const char* src = ok ? "#include \"api/dataflow/dataflow_api.h\"\n"
                         "void kernel_main() { cb_reserve_back(0, 1); cb_push_back(0, 1);"
                         " cb_wait_front(0, 1); cb_pop_front(0, 1); }\n"
                       : "#include \"api/dataflow/dataflow_api.h\"\n"
                         "void kernel_main() { cb_wait_front(0, 1); }\n";
  CreateKernelFromString(p, src, core, DataMovementConfig{});
  EnqueueProgram(dev->command_queue(), p, true);
  std::printf("program finished\n");
  CloseDevice(dev);
  return 0;
}
