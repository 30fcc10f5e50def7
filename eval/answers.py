"""Answer evaluator: is the answer right, cited, faithful, and silent when it should be?

Works on answers as plain dicts (the `policyqa ask --json` contract), so any answerer that
speaks it can be measured. Every comparison goes through `match_form` (NFC, canonical tones,
case-folded, whitespace collapsed).
- answer accuracy: an answerable question that was answered with every `must_contain` string;
- citation accuracy: some cited quote contains an evidence string;
- quote faithfulness: every quote is verbatim in its document (after collapsing whitespace);
- abstention precision/recall: over unanswerable questions, how the abstentions line up.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from eval.questions import Question
from ingest.clean import match_form, verbatim


@dataclass
class Judged:
    question: Question
    answer: dict[str, Any]
    correct: bool
    cited: bool
    faithful: bool

    @property
    def abstained(self) -> bool:
        return bool(self.answer.get("abstained"))


def judge(question: Question, answer: dict[str, Any], sources: dict[str, str]) -> Judged:
    """`sources` maps document id to its verbatim text (NFC, whitespace collapsed)."""
    text = match_form(answer.get("answer", ""))
    abstained = bool(answer.get("abstained"))
    correct = (not abstained and all(match_form(m) in text for m in question.must_contain)) if question.answerable \
        else abstained
    quotes = [c for c in answer.get("citations", [])]
    cited = any(match_form(e) in match_form(c["quote"]) for e in question.evidence for c in quotes)
    faithful = all(c["quote"] and verbatim(c["quote"]) in sources.get(c["document"], "") for c in quotes)
    return Judged(question, answer, correct, cited, faithful)


def answer_metrics(judged: list[Judged]) -> dict[str, Any]:
    answerable = [j for j in judged if j.question.answerable]
    unanswerable = [j for j in judged if not j.question.answerable]
    abstained = [j for j in judged if j.abstained]

    def share(items: list[Judged], test) -> float | None:
        return round(sum(1 for j in items if test(j)) / len(items), 4) if items else None

    by_category: dict[str, list[Judged]] = defaultdict(list)
    for j in judged:
        by_category[j.question.category].append(j)
    return {
        "questions": len(judged),
        "answer_accuracy": share(answerable, lambda j: j.correct),
        "citation_accuracy": share(answerable, lambda j: j.cited),
        "quote_faithfulness": share([j for j in judged if j.answer.get("citations")], lambda j: j.faithful) or 1.0,
        "abstention_precision": share(abstained, lambda j: not j.question.answerable),
        "abstention_recall": share(unanswerable, lambda j: j.abstained),
        "by_category": {c: {"questions": len(g), "accuracy": share(g, lambda j: j.correct)}
                        for c, g in sorted(by_category.items())},
    }
