"""Retrieval benchmark: ours (hybrid), BM25 alone and the plain baseline, on the same questions.

`python -m eval.perf.retrieval build ours|baseline DIR [EMBEDDER]` builds one system from nothing (cold:
empty store, no cached embedding) in its own process and prints build time, units indexed,
recall@5 and MRR@10 over every answerable question of both splits, and peak RSS. Building `ours`
also scores BM25 alone on the same index (`bm25`).
`python -m eval.perf.retrieval latency OURS_DIR BASELINE_DIR` opens the three systems in one
process and times their searches question by question, alternating, so machine noise hits all alike.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from policyqa.settings import DEFAULT_CORPUS, prepare_runtime
from eval.perf.systems import EMBEDDER, K, all_questions, open_all, time_alternating
from eval.questions import SPLITS, load, split_path
from eval.perf.resources import peak_rss_mb
from eval.retrieval import evaluate, metrics


def _questions():
    return [q for split in SPLITS for q in load(split_path(split))]


def _accuracy(search, text_of) -> dict:
    overall = metrics(evaluate(_questions(), search, text_of))["overall"]
    return {"recall@5": overall["recall@5"], "mrr@10": overall["mrr@10"], "questions": overall["questions"]}


def build_ours(home: Path, embedder_name: str = EMBEDDER) -> dict:
    from index.embedders import load_embedder
    from index.search import RetrieverKind, Searcher
    from index.store import build_index
    from ingest.build import ingest
    from ingest.store import load as load_corpus

    started = time.perf_counter()
    ingest([DEFAULT_CORPUS], home)
    ingested = time.perf_counter()
    embedder = load_embedder(embedder_name)
    build = build_index(load_corpus(home), home, embedder)
    built = time.perf_counter()
    searcher = Searcher.open(home, embedder)
    bm25 = _accuracy(lambda q: searcher.search(q, k=K, retriever=RetrieverKind.BM25), lambda hit: hit.passage.text)
    return {"embedder": embedder.name, "index_build_s": round(built - started, 1), "ingest_s": round(ingested - started, 2),
            "build_index_s": round(build.seconds, 1), "units": build.passages, "embedded": build.embedded,
            **_accuracy(lambda q: searcher.search(q, k=K), lambda hit: hit.passage.text), "bm25": bm25}


def build_baseline(home: Path, embedder_name: str = EMBEDDER) -> dict:
    from eval.perf.baseline import Baseline
    from index.embedders import load_embedder

    started = time.perf_counter()
    baseline = Baseline.build(DEFAULT_CORPUS, home, load_embedder(embedder_name))
    built = time.perf_counter() - started
    return {"index_build_s": round(built, 1), "units": baseline.chunks, "embedded": baseline.chunks,
            **_accuracy(lambda q: baseline.search(q, k=K), lambda text: text)}


def latency(ours_home: Path, baseline_home: Path) -> dict:
    systems = open_all(ours_home, baseline_home)
    return time_alternating({name: system.search for name, system in systems.items()}, all_questions())


def main() -> None:
    prepare_runtime()
    command, *args = sys.argv[1:]
    if command == "build":
        system, directory, *embedder = args
        report = (build_ours if system == "ours" else build_baseline)(Path(directory), *embedder)
        report["peak_rss_mb"] = peak_rss_mb()
    else:
        report = latency(Path(args[0]), Path(args[1]))
    print(json.dumps(report))


if __name__ == "__main__":
    main()
