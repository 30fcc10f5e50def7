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

    def percentile(p: float) -> float:
        return round(ms[min(len(ms) - 1, int(round(p * (len(ms) - 1))))], 1)

    return {"p50_ms": round(statistics.median(ms), 1), "p95_ms": percentile(0.95), "p99_ms": percentile(0.99)}


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


def ask_all(questions: list[Question], retriever: RetrieverKind, home: Path) -> list[dict[str, Any]]:
    """Every question through `policyqa ask --jsonl` (the contract outside tools use), in order."""
    import json
    import os
    import subprocess
    import sys

    lines = "".join(json.dumps({"id": q.id, "question": q.question, "history": q.history}, ensure_ascii=False) + "\n"
                    for q in questions)
    env = {**os.environ, "POLICYQA_HOME": str(home)}
    done = subprocess.run([sys.executable, "-m", "policyqa.cli", "ask", "--jsonl", "--retriever", retriever.value],
                          input=lines, capture_output=True, text=True, env=env, timeout=1800)
    if done.returncode != 0:
        raise RuntimeError(f"policyqa ask --jsonl failed:\n{done.stderr[-2000:]}")
    answers = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    if [a.get("id") for a in answers] != [q.id for q in questions]:
        raise RuntimeError("policyqa ask --jsonl did not answer every question in order")
    return answers


def answer_report(questions: list[Question], answers: list[dict[str, Any]], sources: dict[str, str]) -> dict[str, Any]:
    """Retrieval metrics from each answer's passages, answer metrics, latency; per category and overall."""
    from collections import defaultdict

    from eval.answers import abstention_curve, answer_metrics, judge
    from eval.retrieval import evidence_ranks

    judged = [judge(q, a, sources) for q, a in zip(questions, answers)]
    results = [RetrievalResult(q, a.get("passages", []), evidence_ranks(q, [p["text"] for p in a.get("passages", [])]))
               for q, a in zip(questions, answers) if q.answerable and q.evidence]
    by_category: dict[str, list] = defaultdict(list)
    for item in judged:
        by_category[item.question.category].append(item)
    categories = {}
    for category, group in sorted(by_category.items()):
        ids = {j.question.id for j in group}
        found = answer_metrics(group)
        found.pop("by_category")
        retrieval = metrics([r for r in results if r.question.id in ids])["overall"]
        categories[category] = {**found, **{k: v for k, v in retrieval.items() if k != "questions"}}
    overall = answer_metrics(judged)
    overall.pop("by_category")
    overall.update({k: v for k, v in metrics(results)["overall"].items() if k != "questions"})
    overall.update(latency_summary([a.get("latency_ms", 0) / 1000 for a in answers]))
    failures = [{"id": j.question.id, "category": j.question.category, "question": j.question.question,
                 "expected": j.question.answer, "must_contain": j.question.must_contain,
                 "got": j.answer.get("answer", j.answer.get("error", "")), "abstained": j.abstained,
                 "faithful": j.faithful,
                 "top": [f"{p['citation']}: {p['text'][:160]}" for p in j.answer.get("passages", [])[:3]]}
                for j in judged if not j.correct or not j.faithful]
    return {"questions": len(questions), "overall": overall, "by_category": categories,
            "abstention_curve": abstention_curve(judged), "failures": failures}
