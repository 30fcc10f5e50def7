"""What an answer is: text with markers, the citations they rest on, and what surrounds it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from index.search import Hit


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
    passages: list[Hit] = field(default_factory=list)  # the top retrieved, best first
    notes: list[Note] = field(default_factory=list)
    related: list[Hit] = field(default_factory=list)  # when abstaining: the closest clauses
    abstained: bool = False  # refused, or every slot asked is one the source leaves empty
    latency_ms: float = 0.0
    language: str = "vi"  # of the question, and of the answer's framing
    slots: list[str] = field(default_factory=list)  # what the question asked for
    blank: list[str] = field(default_factory=list)  # slots asked that the source leaves empty
    confidence: float = 1.0  # the abstention model's probability that the answer is right
    evidence: dict[str, float] = field(default_factory=dict)  # the features that probability came from

    def to_dict(self) -> dict[str, Any]:
        """The answer as the API and `policyqa ask --json` give it."""
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["citations"] = [asdict(c) for c in self.citations]
        data["notes"] = [asdict(n) for n in self.notes]
        data["passages"] = [h.to_dict() for h in self.passages]
        data["related"] = [h.to_dict() for h in self.related]
        return data
