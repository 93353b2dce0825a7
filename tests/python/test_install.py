# `cmake --install` gives importable packages: the installed module finds the installed libttsim
# (relative RPATH) and its SDK-path headers, and runs a kernel.
import os
import subprocess
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
BUILD = os.environ.get("TLTT_BUILD_DIR", os.path.join(ROOT, "build"))


def test_installed_package_runs_a_kernel(tmp_path):
    prefix = tmp_path / "prefix"
    subprocess.run(["cmake", "--install", BUILD, "--prefix", str(prefix)], check=True,
                   capture_output=True)
    site = prefix / "lib" / "python3" / "dist-packages"
    code = ("import tltt, torch\n"
            "k = tltt.compile(file=%r, entry='vector_add(32, 64, 32, 32)')\n"
            "a, b = torch.randn(32, 64).half(), torch.randn(32, 64).half()\n"
            "assert torch.equal(k(a, b), a.float() + b.float())\n"
            "print(tltt.__file__, tltt._tltt.simulator_library_dir())\n"
            % os.path.join(ROOT, "examples", "elementwise_add.py"))
    env = dict(os.environ, PYTHONPATH=str(site))
    r = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                       cwd=str(tmp_path), timeout=600)
    assert r.returncode == 0, r.stderr
    module_file, lib_dir = r.stdout.split()
    assert module_file.startswith(str(site)) and lib_dir == str(prefix / "lib")
