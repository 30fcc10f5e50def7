"""Items enumerated inside one clause: "… bảo đảm kết nối với Đề án 06, gồm: (1) Định danh tàu
thuyền; (2) Định danh địa điểm; …", "a) Bộ Khoa học và Công nghệ: (1) trình …; (2) chủ trì …".

Conclusions and plans often write their tasks this way, one paragraph holding a dozen of them. Each
"(n)" item becomes a clause (kind "y", cited "ý (n) …") under the clause, which keeps what comes
before "(1)" as its own text: a lead-in whose items a list question can take, and whose body ("Bộ
Khoa học và Công nghệ:") is the heading its items' duties are read under. Only a run numbered 1, 2, …
with each number after ":", ";" or "." (or opening the text), found alike in the clause's cleaned
and verbatim text, is split; a row's cells are left whole. The items come before the clause's own
children ("+ Kết quả thực hiện: …" under a task), as they do in the text.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ingest.model import Clause

_LABEL = re.compile(r"^(?:[-–+•]|[a-zđ]\)|\d{1,3}(?:\.\d{1,2}){0,2}\.?)\s*")
_ITEM = re.compile(r"(?:^|(?<=[:;.]))\s*\((\d{1,2})\)\s+")
MIN_ITEMS = 2
HEADING_CHARS = 160  # a lead this short is the items' heading ("a) Bộ Khoa học và Công nghệ:")


def _run(text: str) -> list[re.Match[str]]:
    """The markers of the run numbered 1, 2, … (empty when the text has none)."""
    run: list[re.Match[str]] = []
    for match in _ITEM.finditer(text):
        if int(match.group(1)) == len(run) + 1:
            run.append(match)
    return run if len(run) >= MIN_ITEMS else []


def _parts(text: str, run: list[re.Match[str]]) -> tuple[str, list[str]]:
    ends = [m.start() for m in run[1:]] + [len(text)]
    items = [f"({m.group(1)}) {text[m.end():end].strip().rstrip(';').strip()}" for m, end in zip(run, ends)]
    return text[:run[0].start()].strip(), items


def split_inline_items(clauses: list[Clause]) -> list[Clause]:
    """The clauses, each enumerating clause followed by its items (their `children` are filled in later,
    as every clause's are)."""
    out: list[Clause] = []
    for clause in clauses:
        run = [] if clause.cells else _run(clause.text)
        verbatim = _run(clause.original) if run else []
        if not run or len(verbatim) != len(run):
            out.append(clause)
            continue
        lead, items = _parts(clause.text, run)
        lead_original, originals = _parts(clause.original, verbatim)
        separator = ", " if "," in clause.citation else " "
        children = [Clause(f"{clause.id}.y{n}", clause.document, "y", f"({n})", clause.path + [f"y{n}"],
                           f"ý ({n}){separator}{clause.citation}", clause.breadcrumb + [f"({n})"], text, original,
                           clause.id)
                    for n, (text, original) in enumerate(zip(items, originals), 1)]
        heading = _LABEL.sub("", lead) if len(lead) <= HEADING_CHARS else clause.heading
        out.append(replace(clause, text=lead, original=lead_original or clause.original, heading=heading))
        out += children
    return out
