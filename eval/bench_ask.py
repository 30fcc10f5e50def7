"""`ask` latency with the default (extractive) answerer, warm, over every question of both splits.

`python -m eval.bench_ask HOME` uses the index already built in HOME (by `eval.bench_retrieval`).
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

from assistant.config import Settings, prepare_runtime
from eval.questions import SPLITS, load, split_path
from eval.runner import latency_summary


def main() -> None:
    prepare_runtime()
    from assistant.assistant import Assistant

    assistant = Assistant.open(Settings(home=Path(sys.argv[1])))
    assistant.ask("Tỷ trọng kinh tế số trong GDP năm 2030?")  # warm: models loaded, first-call costs paid
    timings = []
    for question in [q.question for split in SPLITS for q in load(split_path(split))]:
        started = time.perf_counter()
        assistant.ask(question)
        timings.append(time.perf_counter() - started)
    print(json.dumps({"questions": len(timings), **latency_summary(timings),
                      "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}))


if __name__ == "__main__":
    main()
