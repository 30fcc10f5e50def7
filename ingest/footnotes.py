"""Footnotes: the notes at a text's end ("[9] Một số địa phương đạt tỷ lệ thấp như: Điện Biên
(13%); …"), each made a clause under the clause that marks it ("… không phụ thuộc địa giới hành
chính còn chậm[9].").

A crawled page or a Word export puts every footnote after the last table, so without this the notes
run into the last clause of the text (a row of its last appendix) and hold figures no search can place.
Numbering may restart in each part ("[1]", "[2]" for Phụ lục I, then "[1]" … "[4]" for Phụ lục II): the
k-th run of notes belongs to the k-th run of markers. Notes are taken only when every one of them has
its marker in the text above; otherwise the lines stay as they are.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from ingest.layout import Line
from ingest.model import Clause

_NOTE_START = re.compile(r"^\[(\d{1,3})\](?:\s|$)")
_MARKER = re.compile(r"(?<=\S)\[(\d{1,3})\]|(?<=\S\s)\[(\d{1,3})\]")


@dataclass(frozen=True)
class Footnote:
    number: int
    run: int  # which run of the numbering: 0, then 1 after it restarts
    lines: list[Line]

    @property
    def text(self) -> str:
        joined = " ".join(line.text.strip() for line in self.lines if line.text.strip())
        return " ".join(_NOTE_START.sub("", joined, count=1).split())


def _runs(numbers: list[int]) -> list[int]:
    """The run each number is in: a number not above the one before starts a new run."""
    runs, run = [], 0
    for i, n in enumerate(numbers):
        if i and n <= numbers[i - 1]:
            run += 1
        runs.append(run)
    return runs


def _markers(lines: list[Line]) -> list[tuple[int, int, int]]:
    """(run, number, line index) of each marker in the text, in order."""
    found = [(int(m.group(1) or m.group(2)), line.index) for line in lines for m in _MARKER.finditer(line.text)]
    return [(run, n, index) for run, (n, index) in zip(_runs([n for n, _ in found]), found)]


def split_footnotes(lines: list[Line]) -> tuple[list[Line], list[Footnote], dict[tuple[int, int], int]]:
    """(the text's own lines, its footnotes, the line each footnote's marker is on by (run, number)).

    The notes are the text's last lines from the first "[1]" after which no line is a table row and
    every note is numbered on from the one before or starts again at 1. One pass each way: a
    malformed file of many "[1]" lines is not searched again from each of them."""
    content = [i for i, line in enumerate(lines) if line.text.strip()]
    last_row = max((i for i in content if lines[i].text.strip().startswith("|")), default=-1)
    starts = [(i, int(m.group(1))) for i in content if i > last_row and (m := _NOTE_START.match(lines[i].text.strip()))]
    broken = max((k for k in range(1, len(starts)) if starts[k][1] not in (1, starts[k - 1][1] + 1)), default=0)
    first_at = next((k for k in range(broken, len(starts)) if starts[k][1] == 1), None)
    if first_at is None:
        return lines, [], {}
    at, numbers = [i for i, _ in starts[first_at:]], [n for _, n in starts[first_at:]]
    runs = _runs(numbers)
    first = at[0]
    marked = {(run, n): index for run, n, index in _markers(lines[:first])}
    if not all((run, n) in marked for run, n in zip(runs, numbers)):
        return lines, [], {}
    ends = at[1:] + [len(lines)]
    notes = [Footnote(n, run, lines[start:end]) for n, run, start, end in zip(numbers, runs, at, ends)]
    return lines[:first], notes, {(run, n): marked[(run, n)] for run, n in zip(runs, numbers)}


def with_footnotes(clauses: list[Clause], notes: list[Footnote], marked: dict[tuple[int, int], int],
                   spans: dict[str, tuple[int, int]], original) -> list[Clause]:
    """A clause for each note, under the innermost clause whose lines hold its marker (`spans`: each
    clause's first and last line), or else the last clause before it (a marker in a table's header);
    `original(first, last)` is the verbatim text of those lines. In document order: after the
    parent's own subtree. Linear in the clauses and the notes."""
    owner: dict[int, Clause] = {}
    for clause in clauses:  # in document order a child comes after its parent: the innermost paints last
        for line in range(spans[clause.id][0], spans[clause.id][1] + 1):
            owner[line] = clause
    starts = sorted((spans[c.id][0], n) for n, c in enumerate(clauses))
    position = {c.id: n for n, c in enumerate(clauses)}
    end = list(range(len(clauses)))  # the last position of each clause's subtree
    for n in range(len(clauses) - 1, -1, -1):
        parent = clauses[n].parent
        if parent in position:
            end[position[parent]] = max(end[position[parent]], end[n])
    after: dict[int, list[Clause]] = {}
    for note in notes:
        line = marked[(note.run, note.number)]
        parent = owner.get(line)
        if parent is None:
            before = bisect_right(starts, (line, len(clauses))) - 1
            parent = clauses[starts[before][1]] if before >= 0 else None
        if parent is None or not note.text:
            continue
        segment = f"cc{note.number}" + (f"-{note.run + 1}" if note.run else "")
        label = f"[{note.number}]"
        after.setdefault(end[position[parent.id]], []).append(Clause(
            f"{parent.id}.{segment}", parent.document, "footnote", label, parent.path + [segment],
            f"chú thích {label}, {parent.citation}", parent.breadcrumb + [f"Chú thích {label}"], note.text,
            original(note.lines[0].index, note.lines[-1].index), parent.id))
    return [c for n, clause in enumerate(clauses) for c in (clause, *after.get(n, ()))]
