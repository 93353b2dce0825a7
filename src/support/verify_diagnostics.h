// `--verify-diagnostics`: the diagnostics a test expects are written in its own source as
// comments (`# expected-error@+1 {{text}}`); a missing or an unexpected diagnostic fails.
#pragma once
#include <cstdio>
#include <string>
#include <vector>

#include "support/diagnostics.h"

namespace tltt {

// Compares `reported` (notes included) with the expectations in `file`. Every mismatch is
// printed to `out`; returns true when every expectation was met by exactly one diagnostic and
// no diagnostic was left over.
bool verify_diagnostics(const std::vector<Diagnostic>& reported, const std::string& file,
                        std::FILE* out = stderr);

}  // namespace tltt
