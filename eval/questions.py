"""The question-set format: loading and validation.

One JSON object per line: id, question, category, doc, answer, must_contain, evidence, citation;
`evidence_docs` when the evidence comes from two documents, `history` (the earlier user questions,
oldest first) for a follow-up, `blank` (the column the source leaves empty) for a question about a
blank cell. Validation checks that every evidence string is verbatim in its document, so the set
cannot rot.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path

from ingest.clean import match_form
from ingest.identify import ascii_fold

CATEGORIES = ("target", "agency", "content", "comparison", "no_diacritics", "unanswerable", "citizen", "english",
              "typo", "two_slot", "follow_up", "list", "lead_in", "report_2022", "identity", "extra")
EXTRA_DIR = Path(__file__).resolve().parent / "corpus-extra"  # evaluation documents, not shipped
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
    history: list[str] = field(default_factory=list)
    blank: str = ""

    @property
    def answerable(self) -> bool:
        """Unanswerable questions, blank cells included, must be refused (a blank cell is said to be blank)."""
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
    most = 12
    if question.answerable:
        if not 1 <= len(question.must_contain) <= most:
            found.append(f"must_contain needs 1-{most} strings")
        if not 1 <= len(question.evidence) <= 2 and question.category != "identity":
            found.append("evidence needs 1-2 strings (a question on a document's identity may have none)")
    elif question.evidence and not question.blank:
        found.append("an unanswerable question has no evidence (but the row of a blank cell)")
    if question.category == "follow_up" and not question.history:
        found.append("a follow-up needs its history")
    if question.evidence_docs and len(question.evidence_docs) != len(question.evidence):
        found.append("evidence_docs needs one document per evidence string")
    for index, evidence in enumerate(question.evidence):
        words = len(evidence.split())
        shortest = 1 if question.category == "identity" else 4  # a signer's name; a table cell
        if not shortest <= words <= 60:
            found.append(f"evidence {index + 1} has {words} words ({shortest}-60)")
        doc = question.evidence_doc(index)
        if doc not in document_texts:
            found.append(f"unknown document {doc!r}")
        elif match_form(evidence) not in document_texts[doc]:
            found.append(f"evidence {index + 1} is not in {doc}")
    return found
