"""What an answer is: text with markers, the citations they rest on, and what surrounds it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Citation:
    marker: int  # the [n] in the answer text
    citation: str  # "gạch đầu dòng thứ 1 điểm a khoản 2 Mục II Điều 1 Quyết định số 1033/QĐ-TTg"
    document: str
    document_title: str
    clause_id: str
    quote: str  # verbatim source text (NFC, whitespace collapsed) the marker rests on


@dataclass(frozen=True)
class Note:
    """Context kept apart from the answer, with its own source."""

    kind: str  # "draft" | "superseded" | "reorganised"
    text: str
    source: str


@dataclass
class Answer:
    answer: str
    citations: list[Citation] = field(default_factory=list)
    passages: list[dict[str, Any]] = field(default_factory=list)  # the top retrieved, best first
    notes: list[Note] = field(default_factory=list)
    related: list[dict[str, Any]] = field(default_factory=list)  # when abstaining: the closest clauses
    abstained: bool = False
    latency_ms: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
