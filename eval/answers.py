"""Answer evaluator: is the answer right, cited, faithful, and silent when it should be?

Works on answers as plain dicts (the `policyqa ask --json` contract), so any answerer that
speaks it can be measured. Every comparison goes through `match_form` (NFC, canonical tones,
case-folded, whitespace collapsed); `must_contain` is matched with spaces ignored, as tables and
prose space units differently ("100Mb/s", "100 Mb/s").
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
    text = _unspaced(answer.get("answer", ""))
    abstained = bool(answer.get("abstained"))
    correct = (not abstained and all(_unspaced(m) in text for m in question.must_contain)) if question.answerable \
        else abstained
    quotes = [c for c in answer.get("citations", [])]
    cited = any(match_form(e) in match_form(c["quote"]) for e in question.evidence for c in quotes)
    faithful = all(c["quote"] and verbatim(c["quote"]) in sources.get(c["document"], "") for c in quotes)
    return Judged(question, answer, correct, cited, faithful)


def _unspaced(text: str) -> str:
    """`match_form` without spaces: "100Mb/s" in a table cell is the "100 Mb/s" of the prose."""
    return match_form(text).replace(" ", "")


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



CURVE_THRESHOLDS = (0.0, 0.3, 0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)


def _refused_at(j: Judged, threshold: float) -> bool:
    """Refused had the confidence bar been `threshold`: below it, or refused for a reason of its own
    (a blank cell, a name the clauses lack, an instruction in place of a question)."""
    confidence = j.answer.get("confidence")
    evidence = j.answer.get("evidence") or {}
    other = j.abstained and (confidence is None or bool(j.answer.get("blank")) or not evidence
                             or bool(evidence.get("name_missing")))
    return other or confidence is not None and confidence < threshold


def abstention_curve(judged: list[Judged], thresholds=CURVE_THRESHOLDS) -> list[dict[str, Any]]:
    """Abstention precision and recall at each confidence bar: the precision/recall curve."""
    unanswerable = [j for j in judged if not j.question.answerable]
    rows = []
    for t in thresholds:
        refusals = [j for j in judged if _refused_at(j, t)]
        rows.append({"threshold": t, "refusals": len(refusals),
                     "abstention_precision": round(sum(1 for j in refusals if not j.question.answerable) / len(refusals), 4)
                     if refusals else None,
                     "abstention_recall": round(sum(1 for j in unanswerable if _refused_at(j, t)) / len(unanswerable), 4)
                     if unanswerable else None})
    return rows
