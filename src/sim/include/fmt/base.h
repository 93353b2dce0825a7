// fmt >= 11 splits the core API into fmt/base.h, which current SDK headers and examples include;
// Debian 12 ships fmt 9, whose fmt/core.h provides the same names.
#pragma once
#include <fmt/core.h>
