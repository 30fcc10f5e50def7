"""`ask` latency, warm, over every question of both splits, for the three systems in one process.

Ours and BM25 alone answer with the default (extractive) answerer; the baseline's answer is its top
chunk. Question by question in turn, so machine noise hits all alike.
`python -m eval.perf.ask OURS_HOME BASELINE_HOME` uses the indexes built by `eval.perf.retrieval`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from policyqa.settings import prepare_runtime
from eval.perf.systems import all_questions, open_all, time_alternating


def main() -> None:
    prepare_runtime()
    systems = open_all(Path(sys.argv[1]), Path(sys.argv[2]))
    print(json.dumps(time_alternating({name: system.ask for name, system in systems.items()}, all_questions())))


if __name__ == "__main__":
    main()
