"""Tables whose rows are tab-separated lines ("TT\\tChỉ tiêu\\t…").

A row that breaks across a page continues after a repeated header line with an empty TT
cell; its cells are appended to the row above. Rows whose only text is a heading ("Chỉ tiêu
kinh tế số", "I\\tHoàn thiện thể chế…", "\\tLogistics") are sections.
"""

from __future__ import annotations

import re

from ingest.layout import Line, join_text
from ingest.tables import TASK, TITLE, TableRow, columns_of

_ROMAN = re.compile(r"^[IVXLC]+$")
_NUMBER = re.compile(r"^\d+$")
_LETTER = re.compile(r"^[a-zđ]$")


def is_grid_header(line: Line) -> bool:
    return line.text.startswith("TT\t")


def grid_table_end(lines: list[Line], start: int) -> int:
    """List position just after the table that starts at `start`: it runs while lines hold tabs."""
    end = start
    for pos in range(start, len(lines)):
        line = lines[pos]
        if "\t" in line.text:
            end = pos + 1
        elif not (line.blank or line.artifact):
            break
    return end


def parse_grid_table(lines: list[Line]) -> list[TableRow]:
    """Rows and sections of one tab-separated table; `lines[0]` is its header line."""
    columns = columns_of(lines[0].text.split("\t"))
    rows: list[TableRow] = []
    parts: list[dict[str, list[str]]] = []  # per row, per column, the cell fragments
    after_header = False
    for line in lines[1:]:
        if line.blank or line.artifact:
            continue
        if is_grid_header(line):
            after_header = True
            continue
        cells = [c.strip() for c in line.text.split("\t")]
        cells += [""] * (len(columns) - len(cells))
        label, body = cells[0], cells[1:]
        filled = [c for c in body if c]
        if after_header and not label and rows and rows[-1].kind == "row":
            for name, cell in zip(columns[1:], body):
                if cell:
                    parts[-1].setdefault(name, []).append(cell)
            rows[-1].last_line = line.index
        elif _NUMBER.match(label) and len(filled) == 1 and columns[1] == TASK:
            # "12\tPhát triển hạ tầng số công cộng": a numbered task whose sub-rows are a), b)
            rows.append(TableRow("section", label, {}, line.index, line.index, level=3))
            parts.append({TITLE: filled})
        elif _ROMAN.match(label) and len(filled) <= 1:
            rows.append(TableRow("section", label, {}, line.index, line.index, level=1))
            parts.append({TITLE: filled})
        elif (label and not _NUMBER.match(label) and not _LETTER.match(label) and not filled) or (
            not label and len(filled) == 1 and body[0]
        ):
            rows.append(TableRow("section", "", {}, line.index, line.index, level=2))
            parts.append({TITLE: [label or body[0]]})
        else:
            rows.append(TableRow("row", label, {}, line.index, line.index))
            parts.append({name: [cell] for name, cell in zip(columns[1:], body) if cell})
        after_header = False
    for row, fragments in zip(rows, parts):
        row.cells = {name: join_text(texts) for name, texts in fragments.items()}
        if row.kind == "row":
            for name in columns[1:]:
                row.cells.setdefault(name, "")
    return rows
