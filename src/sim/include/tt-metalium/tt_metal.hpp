// Slow-dispatch detail helpers (tt-metalium/tt_metal.hpp).
#pragma once
#include "tt-metalium/host_api.hpp"
