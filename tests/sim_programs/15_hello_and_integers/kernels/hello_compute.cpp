// Hello-world compute kernel: each TRISC's DPRINT block names its thread.
#include "api/compute/common.h"
#include "api/debug/device_print.h"

void kernel_main() {
  DPRINT_UNPACK(DPRINT << "hello from unpack" << ENDL());
  DPRINT_MATH(DPRINT << "hello from math " << F32(1.5f) << ENDL());
  DPRINT_PACK(DPRINT << "hello from pack " << U32(7) << ENDL());
  DPRINT_MATH(DEVICE_PRINT("device print {}\n", BF16(0x3fc0)));
}
