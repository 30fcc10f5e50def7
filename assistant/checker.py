"""The grounding check for a language model's answer: plain code, sentence by sentence.

A sentence survives only if it cites at least one passage it was given, and every number,
date and agency name it contains appears in a passage it cites. Anything else is dropped:
an unbacked claim is worse than a shorter answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.aliases import expand
from ingest.clean import match_form

_MARKER = re.compile(r"\[(\d{1,2})\]")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=\S)|\n+")
# 30%, 20,5%, 500.000, 1 Gb/s, 2030, 15/2025, Quý II/2026, 57-NQ/TW
_NUMBER = re.compile(r"\d+(?:[.,/]\d+)*(?:\s?%)?")
# "Bộ Công …", "Ủy ban Dân …": the head of a body's name, for bodies not in the known list.
_BODY_HEAD = re.compile(r"\b(?:Bộ|Ủy ban|Uỷ ban|Ngân hàng|Tập đoàn|Tổng cục|Cục|Đài|Viện)\s+[A-ZĐ]\w*")


@dataclass(frozen=True)
class Checked:
    kept: list[str]
    dropped: list[tuple[str, str]]  # (sentence, why)

    @property
    def text(self) -> str:
        return " ".join(self.kept)


def claims(sentence: str, agencies: list[str] = ()) -> list[str]:
    """The numbers, dates and agency names a sentence asserts (marker numbers excluded).

    `agencies` are known names (longest first); any other "Bộ X…" counts by its first two words.
    """
    bare = _MARKER.sub(" ", sentence)
    found = [n.strip() for n in _NUMBER.findall(bare)]
    folded = match_form(expand(bare))
    named = [a for a in agencies if match_form(expand(a)) in folded]
    found += named
    covered = " ".join(match_form(expand(a)) for a in named)
    found += [h for h in _BODY_HEAD.findall(bare) if match_form(expand(h)) not in covered]
    return found


def check_sentence(sentence: str, passages: dict[int, str], agencies: list[str] = ()) -> str | None:
    """Why the sentence must go, or None when every claim in it is in a passage it cites."""
    markers = [int(m) for m in _MARKER.findall(sentence)]
    if not markers:
        return "cites no passage"
    unknown = [m for m in markers if m not in passages]
    if unknown:
        return f"cites passage {unknown[0]}, which was not given"
    cited = match_form(expand(" ".join(passages[m] for m in markers)))
    for claim in claims(sentence, agencies):
        if match_form(expand(claim)) not in cited:
            return f"{claim!r} is not in the passage it cites"
    return None


def check(answer: str, passages: dict[int, str], agencies: list[str] = ()) -> Checked:
    """Sentences of `answer` kept and dropped; `passages` maps marker number to passage text."""
    kept, dropped = [], []
    for sentence in (s.strip() for s in _SENTENCE.split(answer)):
        if not sentence:
            continue
        why = check_sentence(sentence, passages, agencies)
        if why:
            dropped.append((sentence, why))
        else:
            kept.append(sentence)
    return Checked(kept, dropped)
