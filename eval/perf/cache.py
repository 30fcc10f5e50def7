"""The answer cache on a replay: how often a repeated question is served from it, and how fast.

A replay of REPLAY questions drawn from the question set with Zipf-like popularity (the k-th most
asked question drawn in proportion to 1/k, seeded), as a public page sees a few popular questions
and a long tail, asked of an Assistant with the default cache size. Latency of hits and misses
apart. `python -m eval.perf.cache HOME`.
"""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path

from eval.perf.systems import EMBEDDER, all_questions
from eval.runner import latency_summary
from policyqa.settings import Settings, prepare_runtime

REPLAY = 2000
SEED = 14


def replay(questions: list[str], n: int = REPLAY, seed: int = SEED) -> list[str]:
    weights = [1 / rank for rank in range(1, len(questions) + 1)]
    return random.Random(seed).choices(questions, weights=weights, k=n)


def main() -> None:
    prepare_runtime()
    from assistant.assistant import Assistant
    from index.embedders import load_embedder
    from index.search import Searcher

    size = Settings.from_env({}).answer_cache
    assistant = Assistant(Searcher.open(Path(sys.argv[1]), load_embedder(EMBEDDER)), cache_size=size)
    hits, misses = [], []
    asked = replay(all_questions())
    for question in asked:
        before = assistant.cache.hits
        started = time.perf_counter()
        assistant.ask(question)
        (hits if assistant.cache.hits > before else misses).append(time.perf_counter() - started)
    print(json.dumps({"cache_size": size, "questions": len(hits) + len(misses),
                      "distinct": len(set(asked)), "hit_rate": round(len(hits) / len(asked), 3),
                      "hit": latency_summary(hits), "miss": latency_summary(misses)}))


if __name__ == "__main__":
    main()
