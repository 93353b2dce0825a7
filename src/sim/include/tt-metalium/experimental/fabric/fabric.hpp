// The fabric host API under its experimental path (tt-metalium/experimental/fabric/fabric.hpp).
#pragma once
#include "tt-metalium/fabric.hpp"
