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


def quote(clause: Clause, focus: list[str] | None = None) -> str:
    """Verbatim text of the clause around `focus` (cell texts or values), whole when it is short."""
    original = clause.original
    if len(original.split()) <= MAX_QUOTE_WORDS:
        return original
    for wanted in focus or []:
        if wanted and (span := find_span(original, wanted)):
            return _trimmed(span)
    sentences = _SENTENCE.split(original)
    for wanted in focus or []:
        hits = [s for s in sentences if wanted and match_form(wanted) in match_form(s)]
        if hits:
            return _trimmed(hits[0])
    return _trimmed(original)
