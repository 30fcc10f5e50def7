"""Passages: what the index stores and a search returns.

A passage is one clause (or table row) with its breadcrumb as context, split only when the
clause is longer than the embedder's window, and never across clauses. A fact found in the
clause (a target or an assignment) rides along as structured fields. A lead-in (a clause ending
with ":", or a heading over its items) carries the start of its items too: "what does section II
lay down" is asked in the items' words, and the answer brings them.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from ingest.model import Clause, Document
from ingest.store import Corpus

PASSAGES_VERSION = "6"
LEAD_IN_CHARS = 1500  # of a lead-in's items that ride along with it
ANNOUNCING_CHARS = 200  # a shorter lead-in is its own breadcrumb part already
ANNOUNCED_WORDS = 25
_SENTENCE_END = re.compile(r"(?<=[.;:!?])\s+")
# Sentences repeated at the start of the next part, so a quote across a split is still whole.
_OVERLAP_SENTENCES = 1


@dataclass(frozen=True)
class Passage:
    id: str  # the clause id, or "<clause id>~<part>" for the parts of a long clause
    clause_id: str
    document: str
    citation: str
    context: str  # "Quyết định 1033/QĐ-TTg › Điều 1 › II. MỤC TIÊU › …"
    text: str
    kind: str
    fields: dict[str, Any] = field(default_factory=dict)
    glossary: str = ""  # the document's own abbreviations the text uses: "HTX: hợp tác xã"

    @property
    def embed_text(self) -> str:
        text = f"{self.context}\n{self.text}" if self.context else self.text
        return f"{text}\n({self.glossary})" if self.glossary else text

    @property
    def search_text(self) -> str:
        """What BM25 indexes: the context, the text and the glossary."""
        return f"{self.context} {self.text} {self.glossary}"

    @property
    def digest(self) -> str:
        """Identifies the embedded text: an unchanged digest is never embedded twice."""
        return hashlib.sha256(self.embed_text.encode()).hexdigest()[:32]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Passage":
        return cls(**data)


def context_of(clause: Clause, document: Document, parent: Clause | None = None) -> str:
    """The breadcrumb above the clause; the document's title is added when the label lacks it. An
    item under a long lead-in also carries the sentence that announces it ("Kinh tế số bao gồm ba
    thành phần:"): its breadcrumb gives only the lead-in's number, "1.". A footnote carries the
    words that mark it."""
    crumbs = list(clause.breadcrumb[:-1]) if len(clause.breadcrumb) > 1 else list(clause.breadcrumb[:1])
    if crumbs and document.number is None and document.title.lower() not in crumbs[0].lower():
        crumbs[0] = f"{crumbs[0]} ({document.title})"
    announced = announcement(parent.text) if parent is not None else ""
    if clause.kind == "footnote" and parent is not None:
        announced = marking_sentence(parent.text, clause.label)
    return " › ".join(crumbs + ([announced] if announced else []))


def marking_sentence(text: str, label: str) -> str:
    """The words before a footnote's marker, within their sentence, up to ANNOUNCED_WORDS: what the
    note is about ("… không phụ thuộc địa giới hành chính còn chậm[9]")."""
    text = " ".join(text.split())
    at = text.find(label)
    if at < 0:
        return ""
    words = _SENTENCE_END.split(text[:at])[-1].split()
    return " ".join(words[-ANNOUNCED_WORDS:] + [label])


def announcement(text: str) -> str:
    """The last sentence of a long text that ends announcing items (":"), up to ANNOUNCED_WORDS words."""
    text = " ".join(text.split())
    if not text.endswith(":") or len(text) <= ANNOUNCING_CHARS:
        return ""
    words = [s for s in _SENTENCE_END.split(text[:-1]) if s][-1].split()
    return " ".join(words[-ANNOUNCED_WORDS:]) + ":"


def split_text(text: str, fits: Callable[[str], bool]) -> list[str]:
    """Parts of a long text at sentence ends, each fitting the window, consecutive parts overlapping."""
    sentences = [s for s in _SENTENCE_END.split(text) if s]
    parts: list[list[str]] = [[]]
    for sentence in sentences:
        candidate = parts[-1] + [sentence]
        if parts[-1] and not fits(" ".join(candidate)):
            parts.append(parts[-1][-_OVERLAP_SENTENCES:] + [sentence])
            if not fits(" ".join(parts[-1])):
                parts[-1] = [sentence]
        else:
            parts[-1] = candidate
    return [" ".join(p) for p in parts if p]


def _fields(corpus: Corpus) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for target in corpus.targets:
        found.setdefault(target.clause_id, {})["target"] = {
            "indicator": target.indicator, "value": target.value, "year": target.year,
            "lead": [a.name for a in target.lead], "coordinating": [a.name for a in target.coordinating]}
    for assignment in corpus.assignments:
        found.setdefault(assignment.clause_id, {})["assignment"] = {
            "task": assignment.task, "lead": [a.name for a in assignment.lead],
            "coordinating": [a.name for a in assignment.coordinating], "time_frame": assignment.time_frame,
            "years": assignment.years}
    return found


def is_lead_in(clause: Clause) -> bool:
    """A clause whose own words announce the items under it."""
    text = clause.text.rstrip()
    return bool(clause.children) and (text.endswith(":") or len(text) <= 200 and clause.kind != "row")


def with_items(clause: Clause, by_id: dict[str, Clause]) -> str:
    """A lead-in's text followed by its items, up to LEAD_IN_CHARS of them."""
    if not is_lead_in(clause):
        return clause.text
    items, length = [], 0
    for child_id in clause.children:
        child = by_id.get(child_id)
        if child is None or length >= LEAD_IN_CHARS:
            break
        items.append(child.text[:LEAD_IN_CHARS - length])
        length += len(items[-1])
    return " ".join([clause.text, *items])


_DEFINED = re.compile(r"((?:[^\W\d_]+[ \t]+){1,12})\(([A-ZĐ][A-ZĐ&]{1,9})\)")


def abbreviations(texts: list[str]) -> dict[str, str]:
    """The abbreviations a document defines where it first writes the words in full: "hợp tác xã
    (HTX)", "doanh nghiệp nhỏ và vừa (DNNVV)". The words kept are the fewest before the bracket
    whose first letters spell it ("và" may stand for "&"), so no definition is guessed."""
    found: dict[str, str] = {}
    for text in texts:
        for words, abbreviation in _DEFINED.findall(text):
            if abbreviation in found:
                continue
            words = words.split()
            letters = abbreviation.replace("&", "")
            for start in range(len(words) - 1, -1, -1):
                phrase = words[start:]
                initials = "".join(w[0] for w in phrase).upper()
                bare = "".join(w[0] for w in phrase if w.lower() != "và").upper()
                if letters in (initials, bare) and len(phrase) >= 2:
                    found[abbreviation] = " ".join(phrase)
                    break
    return found


def _glossary(text: str, defined: dict[str, str]) -> str:
    """The definitions of the abbreviations the text uses without their words."""
    used = [f"{a}: {full}" for a, full in defined.items()
            if re.search(rf"(?<!\w){re.escape(a)}(?!\w)", text) and full.lower() not in text.lower()]
    return "; ".join(used)


def build_passages(corpus: Corpus, fits: Callable[[str], bool]) -> list[Passage]:
    """Every clause with text, as one passage or (when too long for `fits`) several, each with the
    glossary of its document's abbreviations that it uses."""
    documents = {d.id: d for d in corpus.documents}
    by_id = {c.id: c for c in corpus.clauses}
    facts = _fields(corpus)
    texts: dict[str, list[str]] = {}
    for clause in corpus.clauses:
        texts.setdefault(clause.document, []).append(clause.text)
    defined = {document: abbreviations(parts) for document, parts in texts.items()}
    passages = []
    for clause in corpus.clauses:
        if not clause.text.strip():
            continue
        context = context_of(clause, documents[clause.document], by_id.get(clause.parent) if clause.parent else None)
        text = with_items(clause, by_id)
        parts = [text]
        if not fits(f"{context}\n{text}"):
            parts = split_text(text, lambda part: fits(f"{context}\n{part}"))
        for number, part in enumerate(parts, 1):
            passage_id = clause.id if len(parts) == 1 else f"{clause.id}~{number}"
            passages.append(Passage(passage_id, clause.id, clause.document, clause.citation, context, part,
                                    clause.kind, facts.get(clause.id, {}), _glossary(part, defined[clause.document])))
    return passages
