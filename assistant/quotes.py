"""Quotes: the exact source text an answer rests on.

A clause's `original` is verbatim by construction (NFC, whitespace collapsed), so any span of
it is too. A quote is the shortest useful span: the table cell or the sentences that hold what
the answer says, not a whole 700-word table row.
"""

from __future__ import annotations

import re

from ingest.clean import match_form, verbatim
from ingest.model import Clause

MAX_QUOTE_WORDS = 60
_SENTENCE = re.compile(r"(?<=[.;:!?])\s+")


def _trimmed(text: str) -> str:
    """The first MAX_QUOTE_WORDS words: a prefix, so still verbatim (no ellipsis is added)."""
    return " ".join(text.split()[:MAX_QUOTE_WORDS])


def find_span(original: str, wanted: str) -> str | None:
    """`wanted` as it is written in `original` (tone marks and case as the source has them), if there."""
    folded_original, folded_wanted = match_form(original), match_form(wanted)
    start = folded_original.find(folded_wanted)
    if start < 0 or len(folded_original) != len(original):
        return verbatim(wanted) if verbatim(wanted) in original else None
    return original[start:start + len(folded_wanted)]


def _window(original: str, spans: list[str]) -> str | None:
    """The stretch of `original` from the first span to the end of the last, when short enough."""
    positions = [(original.find(s), original.find(s) + len(s)) for s in spans]
    start, end = min(p[0] for p in positions), max(p[1] for p in positions)
    window = original[start:end]
    return window if len(window.split()) <= MAX_QUOTE_WORDS * 3 // 2 else None


def quote(clause: Clause, focus: list[str] | None = None) -> str:
    """Verbatim text of the clause around `focus` (cell texts or values), whole when it is short.

    With several focus texts (a task and its lead body) the quote runs from the first to the
    last when that is short enough, else it is the first one found.
    """
    original = clause.original
    if len(original.split()) <= MAX_QUOTE_WORDS:
        return original
    spans = [span for wanted in focus or [] if wanted and (span := find_span(original, wanted))]
    if len(spans) > 1 and (window := _window(original, spans)):
        return window
    if spans:
        return _trimmed(spans[0])
    sentences = _SENTENCE.split(original)
    for wanted in focus or []:
        hits = [s for s in sentences if wanted and match_form(wanted) in match_form(s)]
        if hits:
            return _trimmed(hits[0])
    return _trimmed(original)
