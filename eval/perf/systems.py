"""The three systems the benchmarks compare, each as a `search` and an `ask` callable.

Every system embeds with the default backend (`EMBEDDER`, onnx fp32); the other backends are put
side by side by `eval.perf.embedders` and by building ours with each (`eval.perf.retrieval build`).

- `ours`: the hybrid `index.search.Searcher` and `assistant.assistant.Assistant` (extractive answers);
- `bm25`: the same Searcher and Assistant with `retriever=RetrieverKind.BM25` (the embedder is
  loaded and Chroma opened, as for `ours`, but neither is queried);
- `baseline`: `eval.perf.baseline.Baseline` (llama-index SentenceSplitter(512) + the same embedder + Chroma), whose
  "ask" is its top chunk returned as the answer.

`ours` and `bm25` open the index in the home built by `eval.perf.retrieval build ours`, `baseline`
the one built by `build baseline`. Project modules are imported when a system is opened, so that a
fresh process can time its imports apart (`MODULES`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policyqa.settings import DEFAULT_EMBEDDER

SYSTEMS = ("ours", "bm25", "baseline")
EMBEDDER = DEFAULT_EMBEDDER
K = 10
# What a process serving each system imports (`eval.perf.startup` times these apart from loading).
MODULES = {"ours": ("assistant.assistant", "index.search"), "bm25": ("assistant.assistant", "index.search"),
           "baseline": ("eval.perf.baseline", "index.embedders")}


@dataclass
class System:
    name: str
    search: Callable[[str], list[Any]]  # the top K passages (or chunks)
    ask: Callable[[str], Any]  # the answer


def open_system(name: str, home: Path, shared: dict[str, Any] | None = None) -> System:
    """One system over the index in `home`; `shared` lets systems in one process share the embedder and
    the Assistant (ours and bm25 are the same Searcher, asked differently)."""
    from index.embedders import load_embedder
    from index.search import RetrieverKind

    shared = {} if shared is None else shared
    if "embedder" not in shared:
        shared["embedder"] = load_embedder(EMBEDDER)
    embedder = shared["embedder"]
    if name == "baseline":
        from eval.perf.baseline import Baseline

        baseline = Baseline.open(home, embedder)
        return System(name, lambda q: baseline.search(q, k=K), baseline.ask)
    from assistant.assistant import Assistant
    from index.search import Searcher

    key = f"assistant:{home}"
    if key not in shared:
        shared[key] = Assistant(Searcher.open(home, embedder))
    assistant = shared[key]
    kind = RetrieverKind.BM25 if name == "bm25" else RetrieverKind.HYBRID
    return System(name, lambda q: assistant.searcher.search(q, k=K, retriever=kind),
                  lambda q: assistant.ask(q, retriever=kind))


def open_all(ours_home: Path, baseline_home: Path) -> dict[str, System]:
    """The three systems in one process, sharing one embedder."""
    shared: dict[str, Any] = {}
    return {name: open_system(name, baseline_home if name == "baseline" else ours_home, shared)
            for name in SYSTEMS}


def time_alternating(calls: dict[str, Callable[[str], Any]], questions: list[str],
                     warm_up: str = "Tỷ trọng kinh tế số trong GDP năm 2030?") -> dict[str, dict[str, float]]:
    """Warm per-question latency of each call, question by question in turn, so that machine noise
    hits every system alike: p50/p95/p99 in ms."""
    import time

    from eval.runner import latency_summary

    for call in calls.values():
        call(warm_up)  # models loaded, first-call costs paid
    timings: dict[str, list[float]] = {name: [] for name in calls}
    for question in questions:
        for name, call in calls.items():
            started = time.perf_counter()
            call(question)
            timings[name].append(time.perf_counter() - started)
    return {name: {"questions": len(found), **latency_summary(found)} for name, found in timings.items()}


def all_questions() -> list[str]:
    """Every question of both splits (answerable or not), in file order."""
    from eval.questions import SPLITS, load, split_path

    return [q.question for split in SPLITS for q in load(split_path(split))]
