"""Cold start to the first answer and peak RSS, for each of the three systems, in fresh processes.

`python -m eval.perf.startup OURS_HOME BASELINE_HOME [RUNS]` starts, RUNS times per system (the
systems taking turns), a fresh interpreter that imports what the system needs, opens it (embedder,
index, corpus), answers one question, then answers every question of both splits and exits. The
parent stamps the spawn and the child stamps its first line and each phase on the same system-wide
clock (CLOCK_MONOTONIC), so the cold start is measured from process creation, interpreter start
included. Peak RSS is the child's ru_maxrss after all its answers. The disk cache is warm (the
indexes were just built): this is a cold process, not a cold disk. Medians over the runs.
"""

from __future__ import annotations

import sys
import time

from eval.perf.resources import peak_rss_mb

FIRST_QUESTION = "Tỷ trọng kinh tế số trong GDP năm 2030 là bao nhiêu?"
HEAVY = ("torch", "sentence_transformers", "transformers")
# The child: its clock starts before anything else is imported.
CHILD = "import time; T0 = time.monotonic(); from eval.perf.startup import child; child(T0)"


def child(t0: float) -> None:
    """In the fresh process: `-c CHILD SYSTEM HOME`; prints the phase stamps as one JSON line."""
    import importlib
    import json
    from pathlib import Path

    from policyqa.settings import prepare_runtime
    from eval.perf.systems import MODULES, all_questions, open_system

    system, home = sys.argv[1], Path(sys.argv[2])
    prepare_runtime()
    for module in MODULES[system]:
        importlib.import_module(module)
    imported = time.monotonic()
    opened_system = open_system(system, home)
    opened = time.monotonic()
    answer = opened_system.ask(FIRST_QUESTION)
    answered = time.monotonic()
    rss_first = peak_rss_mb()
    questions = all_questions()
    for question in questions:
        opened_system.ask(question)
    print(json.dumps({"t0": t0, "imported": imported, "opened": opened, "answered": answered,
                      "answer_chars": len(answer if isinstance(answer, str) else answer.answer),
                      "rss_first_answer_mb": rss_first, "questions_after": len(questions),
                      "peak_rss_mb": peak_rss_mb(),
                      "heavy_loaded": [m for m in HEAVY if m in sys.modules]}))


def _one(system: str, home: str) -> dict:
    import json
    import subprocess

    from policyqa.settings import PROJECT_DIR

    spawned = time.monotonic()
    done = subprocess.run([sys.executable, "-c", CHILD, system, home], capture_output=True, text=True, cwd=PROJECT_DIR)
    if done.returncode != 0:
        raise SystemExit(f"cold start of {system} failed:\n{done.stderr[-3000:]}")
    stamps = json.loads(done.stdout.strip().splitlines()[-1])
    return {"interpreter_s": stamps["t0"] - spawned, "imports_s": stamps["imported"] - stamps["t0"],
            "open_s": stamps["opened"] - stamps["imported"], "first_answer_s": stamps["answered"] - stamps["opened"],
            "cold_start_s": stamps["answered"] - spawned, "rss_first_answer_mb": stamps["rss_first_answer_mb"],
            "peak_rss_mb": stamps["peak_rss_mb"], "heavy_loaded": stamps["heavy_loaded"]}


def run(ours_home: str, baseline_home: str, runs: int = 3) -> dict:
    import statistics

    from eval.perf.systems import SYSTEMS

    found: dict[str, list[dict]] = {name: [] for name in SYSTEMS}
    for turn in range(runs):  # the systems take turns, the first place rotating
        for name in SYSTEMS[turn % len(SYSTEMS):] + SYSTEMS[:turn % len(SYSTEMS)]:
            found[name].append(_one(name, baseline_home if name == "baseline" else ours_home))
    report = {}
    for name, rows in found.items():
        summary = {key: round(statistics.median(row[key] for row in rows), 3 if key.endswith("_s") else 1)
                   for key in rows[0] if key != "heavy_loaded"}
        summary["cold_start_runs_s"] = [round(row["cold_start_s"], 2) for row in rows]
        summary["heavy_loaded"] = sorted({m for row in rows for m in row["heavy_loaded"]})
        report[name] = {"runs": runs, **summary}
    return report


def main() -> None:
    import json

    ours, baseline, *rest = sys.argv[1:]
    print(json.dumps(run(ours, baseline, int(rest[0]) if rest else 3)))


if __name__ == "__main__":
    main()
