"""Retrieval evaluator: recall@k and MRR@10 of `search` against the evidence strings.

A passage is a hit for an evidence string when it contains it, both through `match_form`
(NFC, canonical tones, case-folded, whitespace collapsed). Recall@k is the share of a
question's evidence strings found in the top k (a comparison needs both of its documents);
MRR@10 uses the first passage that holds any evidence. Unanswerable questions have no
evidence and are left out. Metrics are plain dicts, per category and overall.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from eval.questions import Question
from ingest.clean import match_form

CUTOFFS = (1, 5, 10)


@dataclass
class RetrievalResult:
    question: Question
    hits: list[Any]  # what the search returned, best first
    found_at: list[int | None]  # per evidence string: rank of the first passage holding it

    def recall(self, k: int) -> float:
        return sum(1 for rank in self.found_at if rank is not None and rank <= k) / len(self.found_at)

    @property
    def reciprocal_rank(self) -> float:
        ranks = [rank for rank in self.found_at if rank is not None and rank <= 10]
        return 1 / min(ranks) if ranks else 0.0


def passage_text(hit: Any) -> str:
    return hit.passage.text


def evidence_ranks(question: Question, found: list[str]) -> list[int | None]:
    texts = [match_form(text) for text in found]
    ranks = []
    for evidence in question.evidence:
        wanted = match_form(evidence)
        ranks.append(next((i for i, text in enumerate(texts, 1) if wanted in text), None))
    return ranks


def evaluate(questions: list[Question], search: Callable[[str], list[Any]],
             text_of: Callable[[Any], str] = passage_text) -> list[RetrievalResult]:
    """Run `search` on every answerable question; `text_of` gives a hit's text (a Hit's passage by default)."""
    results = []
    for question in questions:
        if not question.answerable or not question.evidence:  # identity questions are answered from metadata
            continue
        hits = search(question.question)
        results.append(RetrievalResult(question, hits, evidence_ranks(question, [text_of(h) for h in hits])))
    return results


def metrics(results: list[RetrievalResult]) -> dict[str, Any]:
    """recall@1/5/10 and MRR@10, overall and per category."""

    def summarise(group: list[RetrievalResult]) -> dict[str, float]:
        n = len(group)
        found = {f"recall@{k}": round(sum(r.recall(k) for r in group) / n, 4) for k in CUTOFFS}
        return {"questions": n, **found, "mrr@10": round(sum(r.reciprocal_rank for r in group) / n, 4)}

    by_category: dict[str, list[RetrievalResult]] = defaultdict(list)
    for result in results:
        by_category[result.question.category].append(result)
    return {"overall": summarise(results) if results else {},
            "by_category": {c: summarise(g) for c, g in sorted(by_category.items())}}
