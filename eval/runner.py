"""Runs a question set through search and reports the metrics.

Any question file in the project's format runs unchanged (`--questions FILE...`).
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path
from typing import Any

from eval.questions import Question, load, split_path
from eval.retrieval import RetrievalResult, evaluate, metrics
from index.search import RetrieverKind, Searcher


def load_questions(files: list[Path] | None, split: str) -> list[Question]:
    paths = files or [split_path(split)]
    return [q for path in paths for q in load(path)]


def latency_summary(seconds: list[float]) -> dict[str, float]:
    ms = sorted(s * 1000 for s in seconds)
    return {"p50_ms": round(statistics.median(ms), 1),
            "p95_ms": round(ms[min(len(ms) - 1, int(round(0.95 * (len(ms) - 1))))], 1)}


def run_retrieval(searcher: Searcher, questions: list[Question], kind: RetrieverKind,
                  k: int = 10) -> tuple[dict[str, Any], list[RetrievalResult]]:
    """Metrics for one retriever, with warm per-question latency."""
    timings: list[float] = []

    def timed_search(question: str):
        started = time.perf_counter()
        hits = searcher.search(question, k=k, retriever=kind)
        timings.append(time.perf_counter() - started)
        return hits

    searcher.search("khởi động", k=1, retriever=kind)  # load models and caches: latency is warm
    results = evaluate(questions, timed_search)
    return {**metrics(results), "latency": latency_summary(timings) if timings else {}}, results


def retrieval_report(searcher: Searcher, questions: list[Question],
                     kinds: list[RetrieverKind]) -> dict[str, Any]:
    report: dict[str, Any] = {"questions": len(questions), "retrievers": {}, "misses": {}}
    for kind in kinds:
        found, results = run_retrieval(searcher, questions, kind)
        report["retrievers"][kind.value] = found
        report["misses"][kind.value] = [
            {"id": r.question.id, "question": r.question.question, "category": r.question.category,
             "evidence": r.question.evidence, "found_at": r.found_at,
             "top": [h.passage.clause_id for h in r.hits[:3]]}
            for r in results if r.recall(5) < 1]
    return report


def format_retrieval(report: dict[str, Any]) -> str:
    """A side-by-side table: one row per retriever and category."""
    lines = [f"{'retriever':<8} {'category':<14} {'n':>3} {'R@1':>6} {'R@5':>6} {'R@10':>6} {'MRR@10':>7}"]
    for kind, found in report["retrievers"].items():
        rows = [("overall", found["overall"]), *found["by_category"].items()]
        for category, m in rows:
            lines.append(f"{kind:<8} {category:<14} {m['questions']:>3} {m['recall@1']:>6.3f} {m['recall@5']:>6.3f} "
                         f"{m['recall@10']:>6.3f} {m['mrr@10']:>7.3f}")
        latency = found["latency"]
        lines.append(f"{kind:<8} latency p50 {latency['p50_ms']} ms, p95 {latency['p95_ms']} ms")
    for kind, misses in report["misses"].items():
        if kind == "hybrid" and misses:
            lines.append("\nhybrid misses at 5:")
            lines += [f"  {m['id']}: {m['question']} (found at {m['found_at']}; top {', '.join(m['top'])})"
                      for m in misses]
    return "\n".join(lines)
