# lit configuration: every .py (TileLang kernel), .tir and .test file below holds RUN lines.
import os
import sys
import lit.formats

config.name = "tltt"
config.test_format = lit.formats.ShTest(execute_external=True)
config.suffixes = [".py", ".tir", ".test"]
config.excludes = ["Inputs", "lit.cfg.py", "lit.site.cfg.py"]
config.test_source_root = os.path.dirname(__file__)
config.environment["PATH"] = os.pathsep.join(
    [config.filecheck_dir, os.path.dirname(config.tltt), config.environment.get("PATH", os.environ["PATH"])])
# Compiles ignore blocks a developer's `tltt tune` cached (remarks and IR stay as the tests
# expect); the tuning tests turn the cache back on with a private TTSIM_CACHE_DIR.
config.environment["TLTT_TUNING_CACHE"] = "0"
config.substitutions.append(("%tltt", config.tltt))
config.substitutions.append(("%examples", os.path.join(config.source_root, "examples")))
config.substitutions.append(("%python", sys.executable))
