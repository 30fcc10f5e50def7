"""Tables written as Markdown rows, one row a line: `| STT | Nhiệm vụ | Chủ trì | Thời gian |`.

Crawled pages, Word files and PDFs all reach the parser in this form (see `web_text` and
`formats`). The first row names the columns, mapped by meaning (`tables.columns_of`); a
separator row (`|---|---|`) may follow it and is skipped, as is the header repeated further
down. A row whose cells after the label are all empty but one, or that has fewer cells than the
header, is a section heading ("| II | HỖ TRỢ VÀ PHÁT TRIỂN CÔNG NGHỆ |"); its level comes from
its label's form (A, B … outermost; I, II …; then 1, 2 … and I.1, 1.1 …). An empty cell stays
empty, so an answer can say that the source gives no deadline.
"""

from __future__ import annotations

import re

from ingest.layout import Line
from ingest.tables import LABEL, TITLE, TableRow, columns_of

_SEPARATOR = re.compile(r"^\|?(\s*:?-{3,}:?\s*\|)+\s*$")
_ROMAN = re.compile(r"^[IVXLC]+\.?$")
_LETTER_UPPER = re.compile(r"^[A-ZĐ]\.?$")
_NUMBER = re.compile(r"^\d{1,3}\.?$")
_DOTTED = re.compile(r"^(?:[IVXLC]+|\d+)(?:\.\d+)+\.?$")
_LABEL_LIKE = re.compile(r"^(?:[IVXLC]+|[A-ZĐa-zđ]|\d{1,3})(?:\.\d+)*[.)]?$")


def is_pipe_row(line: Line) -> bool:
    text = line.text.strip()
    return len(text) > 2 and text.startswith("|") and text.endswith("|")


def pipe_table_end(lines: list[Line], start: int) -> int:
    """List position just after the table starting at `start`: it runs while lines are rows."""
    end = start
    while end < len(lines) and (is_pipe_row(lines[end]) or _SEPARATOR.match(lines[end].text.strip())):
        end += 1
    return end


def cells_of(text: str) -> list[str]:
    inner = text.strip()[1:-1]
    return [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", inner)]


def _section_level(label: str) -> int:
    if _LETTER_UPPER.match(label):
        return 1
    if _ROMAN.match(label):
        return 2
    if _DOTTED.match(label):
        return 3 + label.rstrip(".").count(".")
    return 3


def _is_section_row(cells: list[str]) -> bool:
    """"| A. | BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG |": a label and a heading."""
    return len(cells) == 2 and bool(_LABEL_LIKE.match(cells[0] or "x")) and bool(cells[1])


def _is_header(cells: list[str]) -> bool:
    """A header names columns: no cell is a quantity or a sentence."""
    names = columns_of(cells)
    known = sum(1 for n in names if n in ("tt", "task", "indicator", "lead", "coordinating", "time_frame",
                                          "expected_result", "reported_result", "monitor", "unit", "progress")
                or n.startswith("value:"))
    return known >= 2 or (known >= 1 and all(len(c) <= 40 for c in cells))


def parse_pipe_table(lines: list[Line]) -> list[TableRow]:
    rows_text = [(line, cells_of(line.text)) for line in lines
                 if is_pipe_row(line) and not _SEPARATOR.match(line.text.strip())]
    if not rows_text:
        return []
    header_line, header = rows_text[0]
    width = max(len(cells) for _, cells in rows_text)
    if _is_header(header):
        columns = columns_of(header) + [f"cột {n}" for n in range(len(header) + 1, width + 1)]
        body = rows_text[1:]
    else:  # no header: columns by position, the first a label column when most rows begin with one
        labelled = sum(1 for _, cells in rows_text if _LABEL_LIKE.match(cells[0] or "x"))
        first = LABEL if labelled >= 0.6 * len(rows_text) else "cột 1"
        columns = [first] + [f"cột {n}" for n in range(2, width + 1)]
        body = rows_text
    label_at = columns.index(LABEL) if LABEL in columns else None
    out: list[TableRow] = []
    above: list[str] | None = None  # the last full row: a shorter row below it continues its merged cells
    for line, cells in body:
        if cells == header:
            continue  # the header repeated after a page break
        if len(cells) == len(columns):
            above = cells
        elif above is not None and not _is_section_row(cells) and 1 < len(cells) < len(columns):
            # Cells merged down (rowspan): the crawl keeps them on the first row only, so the
            # shorter row holds the last columns and inherits the first ones.
            cells = [("" if i == label_at else above[i]) for i in range(len(columns) - len(cells))] + cells
        cells += [""] * (len(columns) - len(cells))
        label = cells[label_at].rstrip(".") if label_at is not None else ""
        if label_at is not None and not _LABEL_LIKE.match(cells[label_at] or "x"):
            label = ""  # a TT cell holding text: the row is unnumbered, and its text is content
            cells = cells[:label_at] + [""] + cells[label_at + 1:]
            cells.append(cells_of(line.text)[label_at])
            columns_here = columns + ["task" if "task" not in columns else "nội dung"]
        else:
            columns_here = columns
        rest = [c for i, c in enumerate(cells[:len(columns_here)]) if i != label_at]
        filled = [c for c in rest if c]
        short = len(cells_of(line.text)) < len(columns)
        heading = len(filled) == 1 and (
            label and (_ROMAN.match(label) or _LETTER_UPPER.match(label) or _DOTTED.match(label))
            or not label or short and _NUMBER.match(label))
        if heading and not (label and label.islower()):
            level = _section_level(label) if label else 2
            out.append(TableRow("section", label, {TITLE: filled[0]}, line.index, line.index, level=level))
            continue
        if not filled and not label:
            continue
        row_cells = {name: cells[i] for i, name in enumerate(columns_here) if i != label_at and i < len(cells)}
        out.append(TableRow("row", label, row_cells, line.index, line.index))
    return out
