"""Understanding a question: what it asks, and which earlier question a follow-up continues.

Plain rules over the normalized question (lower-case, tone-canonical, abbreviations expanded,
diacritics restored): Vietnamese questions mark what they ask with a few words ("bao nhiêu",
"cơ quan nào", "khi nào", "so với", "những nhiệm vụ").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum


class Kind(str, Enum):
    TARGET = "target"  # a value: "bao nhiêu", "tỷ lệ", "mục tiêu … đạt"
    DEADLINE = "deadline"  # "khi nào", "thời hạn", "năm nào"
    AGENCY = "agency"  # "cơ quan nào", "ai chủ trì", "bộ nào phối hợp"
    ACHIEVED = "achieved"  # "đã đạt được", "kết quả thực hiện"
    COMPARISON = "comparison"  # "so với", "khác nhau", two years or two documents
    LIST = "list"  # "những nhiệm vụ … chủ trì"
    CONTENT = "content"  # what a clause says


class Role(str, Enum):
    LEAD = "lead"
    COORDINATING = "coordinating"


_CUES: list[tuple[Kind, re.Pattern[str]]] = [
    (Kind.LIST, re.compile(r"\b(những|các|liệt kê)\s+(nhiệm vụ|đề án|dự án)\b.*\b(chủ trì|phối hợp|giao)\b"
                           r"|\bliệt kê\b|\bbao nhiêu nhiệm vụ\b|\bnhững nhiệm vụ nào\b")),
    (Kind.COMPARISON, re.compile(r"\bso với\b|\bso sánh\b|\bkhác (nhau|gì|nhau thế nào)\b|\bchênh\b|\bthay đổi\b"
                                 r"|\b(cao|thấp|nhiều|ít|lớn|nhỏ) hơn\b|\blần lượt\b")),
    (Kind.AGENCY, re.compile(r"\b(cơ quan|bộ|đơn vị|ai|ngành) (nào|gì)\b|\bai\b.*\b(chủ trì|phối hợp|chịu trách nhiệm)"
                             r"|\b(chủ trì|phối hợp|chịu trách nhiệm|giao cho|đầu mối|do ai)\b")),
    (Kind.DEADLINE, re.compile(r"\bkhi nào\b|\bbao giờ\b|\bthời hạn\b|\bhạn chót\b|\bthời gian (thực hiện|hoàn thành)\b"
                               r"|\bnăm nào\b|\btiến độ\b|\bhoàn thành (vào|trước|trong)\b")),
    (Kind.ACHIEVED, re.compile(r"\bđã (đạt|làm|thực hiện|triển khai|hoàn thành)\b|\bđạt được\b|\bkết quả (đạt|thực hiện)\b"
                               r"|\bthực tế\b|\bđược (chưa|không)\b")),
    (Kind.TARGET, re.compile(r"\bbao nhiêu\b|\bmấy\b|\btỷ (lệ|trọng)\b|\bphần trăm\b|%|\bchỉ tiêu\b|\bmức (nào|bao)\b"
                             r"|\bđạt (mức|khoảng|tối thiểu|trên)\b|\bquy mô\b|\bsố lượng\b")),
]
_COORDINATING = re.compile(r"\bphối hợp\b")
_FOLLOW_UP = re.compile(r"^(còn|thế còn|vậy còn|vậy|thế|và|còn với)\b|\b(thì sao|thế nào|ra sao)\s*\??$")
_YEAR = re.compile(r"\b(19\d{2}|20\d{2})\b")
_FOLLOW_UP_MAX_WORDS = 9


@dataclass(frozen=True)
class Intent:
    kind: Kind
    role: Role | None  # for agency and list questions
    years: tuple[str, ...]


def classify(normalized: str, documents_named: int = 0) -> Intent:
    """The kind of a normalized question; naming two documents makes it a comparison."""
    years = tuple(dict.fromkeys(_YEAR.findall(normalized)))
    kind = next((k for k, pattern in _CUES if pattern.search(normalized)), Kind.CONTENT)
    if kind not in (Kind.LIST, Kind.COMPARISON) and documents_named >= 2:
        kind = Kind.COMPARISON
    role = None
    if kind in (Kind.AGENCY, Kind.LIST):
        role = Role.COORDINATING if _COORDINATING.search(normalized) else Role.LEAD
    return Intent(kind, role, years)


def is_follow_up(question: str) -> bool:
    words = question.split()
    return len(words) <= _FOLLOW_UP_MAX_WORDS and bool(_FOLLOW_UP.search(question.strip().lower()))


def resolve_follow_up(question: str, history: list[str]) -> str:
    """"còn năm 2025 thì sao?" after "Tỷ trọng kinh tế số năm 2030?" → the earlier question for 2025.

    `history` holds the user's earlier questions, oldest first. The new question's years replace
    the earlier ones; anything else it adds is appended.
    """
    if not history or not is_follow_up(question):
        return question
    previous = history[-1]
    years = _YEAR.findall(question)
    if years and _YEAR.search(previous):
        replacement = iter(years + [years[-1]] * 8)
        resolved = _YEAR.sub(lambda _: next(replacement), previous)
    elif years:
        resolved = f"{previous.rstrip(' ?')} năm {' và '.join(years)}?"
    else:
        extra = _FOLLOW_UP.sub(" ", question.strip().lower()).strip(" ?")
        resolved = f"{previous.rstrip(' ?')} {extra}?" if extra else previous
    return resolved
