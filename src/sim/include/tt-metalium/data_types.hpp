// Processor, NoC and core-type enums (tt-metalium/data_types.hpp).
#pragma once
#include "tt-metalium/kernel_types.hpp"
