"""Import time of the CLI and of the server, and whether the heavy model libraries stay unloaded.

`python -m eval.perf.imports OURS_HOME [RUNS]`: each case runs in a fresh interpreter. The import
cases (`import policyqa.cli`, `import webui.app`, and a bare interpreter for reference) run RUNS
times; the wall time is from spawn to exit as the parent sees it, the import time is measured in the
child around the import alone; medians. Every case records which of torch, sentence_transformers and
transformers ended up in `sys.modules`: none should for the CLI, the server or the default (onnx)
searcher; the sentence-transformers embedder is the control that must load them. When a heavy module
is found, the case runs once more with an import hook that records the stack that first asked for it.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from policyqa.settings import PROJECT_DIR

HEAVY = ("torch", "sentence_transformers", "transformers")
ST_MODEL = PROJECT_DIR / "var" / "models" / "multilingual-e5-small"
SEARCH_QUESTION = "Tỷ trọng kinh tế số trong GDP năm 2030 là bao nhiêu?"

# Records, for each heavy package, the stack of the first import that asked for it.
SPY = """
import sys, traceback
class _Spy:
    chains = {}
    def find_spec(self, name, path=None, target=None):
        top = name.partition('.')[0]
        if top in HEAVY and top not in self.chains:
            stack = [f for f in traceback.extract_stack()[:-1] if not f.filename.startswith('<')]
            if not any(f.filename.endswith('importlib/util.py') for f in stack):  # a probe, not an import
                self.chains[top] = [f"{f.filename}:{f.lineno}: {f.line}" for f in stack]
        return None
sys.meta_path.insert(0, _Spy())
"""
CHILD = """
import time; T0 = time.monotonic()
HEAVY = {heavy!r}
{spy}
{code}
T1 = time.monotonic()
import json, sys
print(json.dumps({{"t0": T0, "t1": T1, "heavy": [m for m in HEAVY if m in sys.modules],
                  "chains": _Spy.chains if {spying!r} else {{}}}}))
"""

SEARCHER = ("from policyqa.settings import Settings\n"
            "from webui.service import open_searcher\n"
            "searcher = open_searcher(Settings.from_env())\n"
            "searcher.search({question!r})").format(question=SEARCH_QUESTION)
ST_EMBEDDER = ("from policyqa.settings import Settings\n"
               "from index.embedders import load_embedder\n"
               "load_embedder(Settings.from_env().embedder).embed_queries(['khởi động'])")
def _child(code: str, env: dict[str, str] | None = None, spying: bool = False) -> dict:
    script = CHILD.format(heavy=HEAVY, spy=SPY if spying else "class _Spy: chains = {}", code=code, spying=spying)
    environment = {key: value for key, value in os.environ.items() if key != "POLICYQA_EMBEDDER"}  # the default
    environment.update(env or {})
    spawned = time.monotonic()
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=PROJECT_DIR,
                          env=environment)
    exited = time.monotonic()
    if done.returncode != 0:
        raise SystemExit(f"import case failed:\n{code}\n{done.stderr[-3000:]}")
    found = json.loads(done.stdout.strip().splitlines()[-1])
    return {"wall_s": exited - spawned, "inside_s": found["t1"] - found["t0"], "heavy": found["heavy"],
            "chains": found["chains"]}


def _chain(stack: list[str]) -> list[str]:
    """The import chain in short: the project's own frames, then the library frame they led into."""
    root = str(PROJECT_DIR) + os.sep

    def ours(frame: str) -> bool:
        return frame.startswith(root) and "/.venv/" not in frame

    last = max((i for i, frame in enumerate(stack) if ours(frame)), default=-1)
    frames = [frame for frame in stack[:last + 1] if ours(frame)] + stack[last + 1:last + 2]
    return [frame.replace(root, "").split("site-packages/")[-1] for frame in frames]


def _case(code: str, env: dict[str, str] | None, runs: int) -> dict:
    found = [_child(code, env) for _ in range(runs)]
    report = {"runs": runs, "wall_ms": round(1000 * statistics.median(r["wall_s"] for r in found)),
              "child_ms": round(1000 * statistics.median(r["inside_s"] for r in found)),
              "loaded": {m: any(m in r["heavy"] for r in found) for m in HEAVY}}
    if any(report["loaded"].values()):
        chains = _child(code, env, spying=True)["chains"]
        report["chains"] = {m: {"chain": _chain(stack), "stack": stack}
                            for m, stack in chains.items()}
    return report


def run(ours_home: Path, runs: int = 5) -> dict:
    """Per case: what ran, whether the heavy libraries may load (`expect_heavy`), times, what loaded."""
    cases = [("python", "bare interpreter (reference)", "pass", {}, runs, False),
             ("cli", "import policyqa.cli", "import policyqa.cli", {}, runs, False),
             ("server", "import webui.app", "import webui.app", {}, runs, False),
             ("searcher", "open the default (onnx) searcher, one search", SEARCHER,
              {"POLICYQA_HOME": str(ours_home)}, 1, False)]
    if (ST_MODEL / "modules.json").is_file():
        cases.append(("st_control", "control: POLICYQA_EMBEDDER=sentence-transformers:…, load, one query",
                      ST_EMBEDDER, {"POLICYQA_EMBEDDER": f"sentence-transformers:{ST_MODEL}"}, 1, True))
    report = {}
    for key, label, code, env, repeat, expect_heavy in cases:
        found = _case(code, env, repeat)
        report[key] = {"case": label, "expect_heavy": expect_heavy, **found,
                       "as_expected": any(found["loaded"].values()) == expect_heavy}
    return report


def main() -> None:
    ours, *rest = sys.argv[1:]
    print(json.dumps(run(Path(ours), int(rest[0]) if rest else 5), ensure_ascii=False))


if __name__ == "__main__":
    main()
