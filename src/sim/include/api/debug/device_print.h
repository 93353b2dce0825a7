// api/debug/device_print.h of newer SDKs: DEVICE_PRINT("fmt {}", args...) with {} placeholders,
// printed through the same per-core stream as DPRINT.
#pragma once
#include "debug/dprint.h"

#define DEVICE_PRINT(...) ttsim_dp::Printer()(__VA_ARGS__)
