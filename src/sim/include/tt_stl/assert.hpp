// tt_stl/assert.hpp of the SDK: where TT_FATAL / TT_THROW / TT_ASSERT are declared.
#pragma once
#include "tt-metalium/assert.hpp"
