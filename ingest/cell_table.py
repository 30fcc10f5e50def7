"""Tables exported from Word with one tab-prefixed cell per line.

Each cell starts on its own line with a tab ("\\t1", "\\tXây dựng …", "\\tBộ …"); a line without
a leading tab continues the cell above (a multi-paragraph result with "- " bullets); a blank
line ends a row, and so does a cell line starting " \\t", which the export writes for a row that
follows the previous one with no blank line between.

The export lost pieces of the table; they are recovered from the numbering:
- a row whose TT cell was lost starts with its task; its number follows from its neighbours;
- a lost section header shows as the numbering restarting at 1 (maybe after rows whose TT was
  lost too): a section row is inferred there, labelled with the next roman numeral, with an
  empty title and the first line of the row that revealed it as its span;
- a sub-section "V.1" whose parent "V" was lost gets that parent inferred the same way.
"""

from __future__ import annotations

import re

from ingest.layout import Line, join_text
from ingest.tables import TITLE, TableRow, columns_of

_NUMBER = re.compile(r"^\d+$")
_SECTION_LABEL = re.compile(r"^(?:[A-Z]|[IVX]+(?:\.\d+)?)$")  # "A", "VII", "V.1"
_ROMAN_NUMERAL = re.compile(r"^[IVX]+$")


def _to_roman(number: int) -> str:
    out = ""
    for value, numeral in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while number >= value:
            out += numeral
            number -= value
    return out


_ROMAN_VALUE = {_to_roman(n): n for n in range(1, 40)}


class CellTableError(ValueError):
    """A row with more cells than the header has columns: which cell belongs where cannot be told."""


def _is_cell_start(line: Line) -> bool:
    return line.raw.lstrip(" ").startswith("\t")


def _cell_text(cell: list[Line]) -> str:
    return join_text([line.text for line in cell])


def find_cell_table(lines: list[Line]) -> int | None:
    """List position of the header cell "TT" that the cell "Nhiệm vụ, giải pháp" follows."""
    for pos in range(len(lines) - 1):
        here, after = lines[pos], lines[pos + 1]
        if (
            _is_cell_start(here)
            and _is_cell_start(after)
            and here.text.strip() == "TT"
            and after.text.strip().startswith("Nhiệm vụ")
        ):
            return pos
    return None


def _raw_rows(lines: list[Line]) -> list[list[list[Line]]]:
    """The table's rows as cells, each cell the lines it spans; prose after a blank line ends it."""
    rows: list[list[list[Line]]] = []
    cells: list[list[Line]] = []
    for line in lines:
        if _is_cell_start(line):
            if line.raw.startswith(" ") and cells:
                rows.append(cells)
                cells = []
            cells.append([line])
        elif line.raw.strip():
            if not cells:
                break
            cells[-1].append(line)
        elif cells:
            rows.append(cells)
            cells = []
    if cells:
        rows.append(cells)
    return rows


def _section_level(label: str) -> int:
    if "." in label:
        return 3
    return 2 if _ROMAN_NUMERAL.match(label) else 1


def _table_row(cells: list[list[Line]], columns: list[str]) -> TableRow:
    """A section ("A", "VII", "V.1" + its title) or a task row, its TT left empty when lost."""
    first, last = cells[0][0].index, cells[-1][-1].index
    texts = [_cell_text(cell) for cell in cells]
    if _SECTION_LABEL.match(texts[0]) and not any(texts[2:]):
        title = texts[1] if len(texts) > 1 else ""
        return TableRow("section", texts[0], {TITLE: title}, first, last, level=_section_level(texts[0]))
    label = texts.pop(0) if _NUMBER.match(texts[0]) else ""
    if len(texts) > len(columns):
        raise CellTableError(f"the table row at line {first + 1} has {len(texts)} cells for {len(columns)} columns")
    texts += [""] * (len(columns) - len(texts))
    return TableRow("row", label, dict(zip(columns, texts)), first, last)


def _inferred_section(label: str, line: int) -> TableRow:
    return TableRow("section", label, {TITLE: ""}, line, line, level=2, inferred=["section"])


def _numbered(rows: list[TableRow], last: int) -> list[TableRow]:
    """Rows whose TT was lost, numbered on from `last`."""
    for number, row in enumerate(rows, last + 1):
        row.label = str(number)
        row.inferred.append("label")
    return rows


def _restore(items: list[TableRow]) -> list[TableRow]:
    """Number rows whose TT was lost and insert the sections whose header was lost.

    Rows without TT wait until the next numbered row: if its number n continues the count
    they continue it too; if n is too small for that but leaves room for the waiting rows, the
    numbering restarted, so the last n-1 waiting rows are 1..n-1 under a lost section. Any
    other number (a gap) is taken as written and the waiting rows continue the count.
    """
    out: list[TableRow] = []
    waiting: list[TableRow] = []
    count = 0  # number of the last row in the current section
    roman = 0  # value of the current roman section, to name a lost one
    for item in items:
        if item.kind == "row" and not item.label:
            waiting.append(item)
            continue
        if item.kind == "section":
            out += _numbered(waiting, count)
            parent = item.label.split(".")[0]  # "V" of "V.1"
            if item.level == 1:
                roman = 0
            elif item.level == 2:
                roman = _ROMAN_VALUE.get(item.label, roman)
            elif _ROMAN_VALUE.get(parent, roman) != roman:
                roman = _ROMAN_VALUE[parent]
                out.append(_inferred_section(parent, item.first_line))
            out.append(item)
        else:
            number = int(item.label)
            if number <= len(waiting) + 1 and number != count + len(waiting) + 1:
                keep = len(waiting) - number + 1
                out += _numbered(waiting[:keep], count)
                roman += 1
                out.append(_inferred_section(_to_roman(roman), (waiting[keep:] + [item])[0].first_line))
                out += _numbered(waiting[keep:], 0)
            else:
                out += _numbered(waiting, count)
            out.append(item)
        waiting = []
        count = int(item.label) if item.kind == "row" else 0
    return out + _numbered(waiting, count)


def parse_cell_table(lines: list[Line]) -> list[TableRow]:
    """Sections and task rows of the table whose header cell "TT" is `lines[0]`, in order."""
    header, *body = _raw_rows(lines)
    columns = columns_of([_cell_text(cell) for cell in header[1:]])
    # A row of empty cells (a stray "\t" line) has nothing to cite: kept, it was a clause with no text.
    return _restore([_table_row(cells, columns) for cells in body if any(_cell_text(cell) for cell in cells)])
