"""The part of a long text that answers the question: its sentences that hold the question's words.

A clause or a cell can run to hundreds of words; quoting its first eighty gives the reader the
preamble and drops the figure asked for. Sentences (and "- " items) are scored by the share of
the question's subject words they hold, and by holding a figure when one is asked; the best are
kept in their own order, within a word budget, joined by " … ".
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache

MAX_WORDS = 80  # a text up to this long is quoted whole
SYLLABLE_CACHE = 8192  # texts whose word sets are kept
WEIGHT_CACHE = 100_000  # terms whose weights are kept
_SPLIT = re.compile(r"(?<=[.;:!?])\s+(?=[-–+•*]?\s*[A-ZĐÀ-Ỹ0-9“\"(])|\s+(?=[-–+•]\s)|\n+")
_DIGIT = re.compile(r"\d")
_BULLET = re.compile(r"[-–+•*]\s")
SECOND_PART = 0.25  # of the question's words still unheld: a sentence holding this many may exceed the budget
LENT_WORDS = 200  # of what follows a lead-in sentence, lent its score
# Numbers that are not an amount: dates ("ngày 26 tháng 3 năm 2025", "07/3/2024", "Quý IV/2027"),
# years, documents' numbers ("66/NQ-CP"), enumerators "(1)".
_NOT_AMOUNT = re.compile(r"ngày\s+\d{1,2}\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?|\b\d{1,2}/\d{1,2}/\d{4}\b|"
                         r"\b(?i:quý|tháng)\s+[\dIVX]+\s*/\s*(?:19|20)\d\d\b|\b\d[\d.]*(?:/\d{4})?/[A-ZĐ][\wĐ-]*|"
                         r"\(\d{1,2}\)|\b(?:19|20)\d\d\b")


@lru_cache(maxsize=SYLLABLE_CACHE)
def syllables_of(text: str) -> frozenset[str]:
    """The text's words in lower case, "%" read as "phần trăm"; cached, since one answer matches the
    same clauses many times."""
    words = frozenset(re.findall(r"\w+", text.lower()))
    return words | {"phần", "trăm"} if "%" in text else words


def has_amount(text: str) -> bool:
    """An amount: "đạt 20% GDP", not "MỤC TIÊU ĐẾN NĂM 2025" or "Nghị quyết số 66/NQ-CP ngày 26 tháng 3"."""
    return bool(_DIGIT.search(_NOT_AMOUNT.sub(" ", text)))


def cover(terms: list[str], text: str) -> float:
    """Share of the subject words (syllables joined by "_") whose syllables all occur in the text."""
    if not terms:
        return 1.0
    syllables = syllables_of(text)
    return sum(all(s in syllables for s in t.split("_")) for t in terms) / len(terms)


class TermWeights:
    """How much a word of the question tells sentences apart: its inverse document frequency over
    the corpus's clauses ("PM2.5", "Mobile Money" weigh more than "phát triển")."""

    def __init__(self, texts: list[str]) -> None:
        counts: Counter[str] = Counter()
        for text in texts:
            counts.update(set(re.findall(r"\w+", text.lower())))
        self._df = counts
        self._n = max(len(texts), 1)
        self._weights: dict[str, float] = {}  # by term, as asked

    def __call__(self, term: str) -> float:
        weight = self._weights.get(term)
        if weight is None:
            df = min((self._df.get(s, 0) for s in term.split("_")), default=0)
            if len(self._weights) >= WEIGHT_CACHE:
                self._weights.clear()  # bounded: users' words are unbounded
            weight = self._weights[term] = math.log((self._n + 1) / (df + 1)) + 1.0
        return weight


def weighted_cover(terms: list[str], text: str, weight=None) -> float:
    """Like `cover`, each word counted by its weight."""
    if not terms:
        return 1.0
    syllables = syllables_of(text)
    weights = [weight(t) if weight else 1.0 for t in terms]
    held = sum(w for t, w in zip(terms, weights) if all(s in syllables for s in t.split("_")))
    return held / sum(weights)


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SPLIT.split(text) if s and s.strip()]


def _items_follow(parts: list[str], scores: list[float]) -> list[float]:
    """A sentence that announces items ("… đạt được một số kết quả cụ thể, như sau:") lends its score
    to what follows it, so that the lead-in is not quoted without what it announces: up to
    LENT_WORDS words, and not past a bullet of the level around it ("*" around "-" items)."""
    out = list(scores)
    for i, part in enumerate(parts):
        if not part.rstrip().endswith(":") or i + 1 == len(parts):
            continue
        outer = {_marker(p) for p in parts[:i]} - {None}
        first = _marker(parts[i + 1])
        words = 0
        for j in range(i + 1, len(parts)):
            marker = _marker(parts[j])
            if words >= LENT_WORDS or marker is not None and marker in outer and marker != first:
                break
            out[j] = max(out[j], scores[i])
            words += len(parts[j].split())
    return out


def _marker(part: str) -> str | None:
    """The bullet a part starts with ("-", "+", "*", "•"), if any."""
    return part[0] if _BULLET.match(part) else None


HEAD_WORDS = 12  # of a listed item's name, up to its own ":" ("- Hoa Kỳ: …" → "Hoa Kỳ")
MIN_HEADS = 3  # items a text must list for a list question to get their heads


def item_heads(text: str) -> str | None:
    """A text that lists named items ("… với các nước: - Thụy Sỹ: … - Hoa Kỳ: …") as its lead-in and
    each item's name: what a list question asks for. None when it lists fewer than MIN_HEADS items,
    or items without a name of their own."""
    parts = sentences(text)
    # an item starts with a capital: "(30/10 - 01/11/2022)" is a range, not an item
    items = [p for p in parts if _BULLET.match(p) and _BULLET.sub("", p, count=1)[:1].isupper()]
    if len(items) < MIN_HEADS:
        return None
    heads = []
    for item in items:
        body = _BULLET.sub("", item, count=1)
        head = body.split(":", 1)[0]
        if ":" not in body or len(head.split()) > HEAD_WORDS:
            return None  # items of prose ("Thúc đẩy … đạt 95% …") say their content, not a name
        heads.append(head.strip(" ;."))
    lead = " ".join(parts[:parts.index(items[0])])
    return f"{lead} {'; '.join(heads)}".strip()


def excerpt(text: str, terms: list[str], figures: bool = False, max_words: int = MAX_WORDS, weight=None,
            pad: bool = False) -> str:
    """`text` itself when short, else its sentences that best answer, in order, within `max_words`;
    with `pad`, sentences holding none of the question's words fill the rest of the budget."""
    words = text.split()
    if len(words) <= max_words:
        return text.strip()
    parts = sentences(text)
    if len(parts) <= 1:
        return " ".join(words[:max_words]) + " …"
    scores = [weighted_cover(terms, part, weight) + (0.5 if figures and _DIGIT.search(part) else 0.0) for part in parts]
    scores = _items_follow(parts, scores)
    kept: list[int] = []
    budget = max_words
    left = set(range(len(parts)))
    unheld = list(terms)  # the question's words no kept sentence holds yet
    while left and budget > 0:
        # the best sentence, counting also the words it adds to those kept ("… và thí điểm hợp đồng
        # thông minh" beside the sentence with the figure asked)
        gain = {j: weighted_cover(unheld, parts[j], weight) if unheld else 0.0 for j in left}
        i = max(left, key=lambda j: (scores[j] + gain[j], -j))
        left.discard(i)
        if kept and not pad and scores[i] <= 0:
            break
        size = len(parts[i].split())
        if kept and size > budget and not (gain[i] >= SECOND_PART and size <= budget + max_words):
            continue  # too long, unless it holds another part of the question ("… và thí điểm công nghệ gì")
        kept.append(i)
        budget -= size
        held = syllables_of(parts[i])
        unheld = [t for t in unheld if not all(s in held for s in t.split("_"))]
    kept.sort()
    out, last = [], None
    for i in kept:
        piece = parts[i] if len(parts[i].split()) <= max_words else " ".join(parts[i].split()[:max_words]) + " …"
        out.append(piece if (i == 0 if last is None else i == last + 1) else f"… {piece}")
        last = i
    text = " ".join(out)
    return text if kept[-1] == len(parts) - 1 or text.endswith("…") else text + " …"
