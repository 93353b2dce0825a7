// Compile-time negative case: a host program that creates an Ethernet kernel. Ethernet cores are
// not simulated, so CreateKernel with an EthernetConfig must not compile, and the message must
// name the call (common/expect_compile_error.cmake runs the compiler on this file).
#include <tt-metalium/host_api.hpp>

using namespace tt::tt_metal;

void create(Program& program) {
  CreateKernel(program, "kernels/empty.cpp", CoreCoord{0, 0},
               EthernetConfig{.eth_mode = Eth::RECEIVER, .noc = NOC::NOC_0});
}
