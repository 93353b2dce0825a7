#!/usr/bin/env bash
# Installs the Debian 12 packages the project builds and tests with (idempotent, quiet). The
# Python module is built for and tested with Debian's /usr/bin/python3, which gets numpy, torch
# and pytest here (another python3 earlier on the PATH does not see them).
set -euo pipefail
pkgs=(g++ cmake ninja-build ccache libfmt-dev nlohmann-json3-dev libcli11-dev libgtest-dev
      libgmock-dev libbenchmark-dev llvm-14-tools clang-14 libclang-rt-14-dev clang-format-16 python3
      python3-dev pybind11-dev python3-numpy python3-torch python3-pytest)
missing=()
for p in "${pkgs[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
