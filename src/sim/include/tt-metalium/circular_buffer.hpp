// Circular buffer types (the SDK splits them over several headers).
#pragma once
#include "tt-metalium/circular_buffer_config.hpp"
