#!/bin/sh
# Builds the standalone host program with find_package(ttsim) from the build tree, then from an
# install tree (cmake --install), and runs both; the installed one must find its kernel headers
# next to the installed library. Usage: package_test.sh <source dir> <build dir> <work dir>
set -e
src=$1 build=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
cmake -S "$src" -B "$work/from-build" -G Ninja -Dttsim_DIR="$build/cmake" >/dev/null
cmake --build "$work/from-build" >/dev/null
"$work/from-build/host_deadlock" ok
cmake --install "$build" --prefix "$work/prefix" --component Unspecified >/dev/null
libdir=$(dirname "$(find "$work/prefix" -name 'libttsim.so' | head -1)")
cmake -S "$src" -B "$work/from-install" -G Ninja -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/from-install" >/dev/null
TTSIM_INCLUDE_DIR= LD_LIBRARY_PATH="$libdir" "$work/from-install/host_deadlock" ok
echo "package test passed"
