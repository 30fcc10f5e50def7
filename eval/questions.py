"""The question-set format: loading and validation.

One JSON object per line: id, question, category, doc, answer, must_contain, evidence,
citation, and `evidence_docs` when the evidence comes from two documents. Validation checks
that every evidence string is verbatim in its document, so the set cannot rot.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path

from ingest.clean import match_form
from ingest.identify import ascii_fold

CATEGORIES = ("target", "agency", "content", "comparison", "no_diacritics", "unanswerable")
QUESTIONS_DIR = Path(__file__).resolve().parent / "questions"
SPLITS = ("dev", "test")


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    category: str
    doc: str
    answer: str
    must_contain: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    citation: str = ""
    evidence_docs: list[str] = field(default_factory=list)

    @property
    def answerable(self) -> bool:
        return self.category != "unanswerable"

    def evidence_doc(self, index: int) -> str:
        return self.evidence_docs[index] if self.evidence_docs else self.doc


def load(path: Path) -> list[Question]:
    questions = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            questions.append(Question(**data))
        except (ValueError, TypeError) as error:
            raise ValueError(f"{path}:{number}: {error}") from error
    return questions


def without_diacritics(questions: list[Question]) -> list[Question]:
    """The same questions as typed on a keyboard without Vietnamese input."""
    return [replace(q, question=ascii_fold(q.question)) for q in questions]


def split_path(split: str) -> Path:
    return QUESTIONS_DIR / f"{split}.jsonl"


def problems(question: Question, document_texts: dict[str, str]) -> list[str]:
    """What is wrong with one question; `document_texts` maps document id to match_form text."""
    found = []
    if question.category not in CATEGORIES:
        found.append(f"unknown category {question.category!r}")
    if question.answerable:
        if not 1 <= len(question.must_contain) <= 3:
            found.append("must_contain needs 1-3 strings")
        if not 1 <= len(question.evidence) <= 2:
            found.append("evidence needs 1-2 strings")
    elif question.evidence:
        found.append("an unanswerable question has no evidence")
    if question.evidence_docs and len(question.evidence_docs) != len(question.evidence):
        found.append("evidence_docs needs one document per evidence string")
    for index, evidence in enumerate(question.evidence):
        words = len(evidence.split())
        if not 8 <= words <= 40:
            found.append(f"evidence {index + 1} has {words} words (8-40)")
        doc = question.evidence_doc(index)
        if doc not in document_texts:
            found.append(f"unknown document {doc!r}")
        elif match_form(evidence) not in document_texts[doc]:
            found.append(f"evidence {index + 1} is not in {doc}")
    return found
