// Run-time kernel compilation: a wrapper TU around the kernel file, g++ into a shared object,
// cached on disk (sim/core/compile_cache.h) by a content hash of the preprocessed source, flags,
// compiler identity and kKernelAbiVersion; never by the kernel's path.
#pragma once
#include <cstdint>
#include <string>

#include "sim/arch/arch.h"
#include "sim/core/program_desc.h"

namespace ttsim {

// Part of every kernel cache key. Bump it when libttsim changes what a compiled kernel object
// means in a way the headers' text does not show (the headers are keyed by content already).
constexpr int kKernelAbiVersion = 2;

// Returns the path of the cached shared object for `k` (compiling it when not cached).
// Throws tt::tt_metal::SimulatorError when the file is missing or does not compile.
std::string jit_compile(const KernelDesc& k, const ArchSpec& arch);

// $TTSIM_CACHE_DIR, else $XDG_CACHE_HOME/ttsim, else ~/.cache/ttsim; bounded by
// $TTSIM_CACHE_MAX_MB (default 1024 MiB, least recently used objects are evicted).
std::string jit_cache_dir();
std::string sim_include_dir();
// The -fsanitize flags of a sanitizer build (empty otherwise); code compiled against the
// simulator at run time needs them to link with, and be checked like, libttsim.
const std::string& sim_sanitize_flags();
uint64_t jit_compile_count();  // compilations (cache misses) in this process
// Where CreateKernel's file resolves to ("" when not found); `tried` lists the candidates.
std::string resolve_kernel_path(const std::string& file, std::string* tried);

}  // namespace ttsim
