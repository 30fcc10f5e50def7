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
from ingest.tables import LABEL, PROGRESS, TITLE, TableRow, columns_of, settle_sections

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


_TIME_CELL = re.compile(r"^(?:Quý|Tháng|Năm|Giai đoạn|Trước|Trong|Hằng|Hàng|Thường|Từ|Đến|Sau)?[^.]{0,40}"
                        r"(?:\b20\d\d\b|thường xuyên|hằng năm|hàng năm|hằng quý)", re.IGNORECASE)
_AGENCY_CELL = re.compile(r"^[-–+\s]*(?:Bộ|Sở|UBND|Ủy ban|Uỷ ban|Ban|Văn phòng|Các\s+(?:bộ|sở|cơ quan|địa phương|đơn vị)|"
                          r"Công an|Đại học|Trường|Viện|Tập đoàn|Ngân hàng|Cục|Thành phố|Tỉnh|Hội|Đài|Báo)\b")


def _kind(cell: str) -> str:
    if _TIME_CELL.match(cell) and len(cell) <= 120:
        return "time"
    if _AGENCY_CELL.match(cell) and len(cell) <= 400:
        return "agency"
    return "text"


def _fits(kind: str, column: str) -> float:
    wants = {"time_frame": "time", "lead": "agency", "coordinating": "agency", "monitor": "agency"}.get(column, "text")
    return 1.0 if kind == wants else 0.0 if "text" in (kind, wants) else -1.0


def _best_offset(cells: list[str], columns: list[str]) -> int:
    """Where a short row's cells sit: the offset whose columns suit them best (ties: rightmost)."""
    kinds = [_kind(c) for c in cells]
    offsets = range(len(columns) - len(cells) + 1)
    return max(offsets, key=lambda o: (sum(_fits(k, columns[o + i]) for i, k in enumerate(kinds)), o))


def _is_section_row(cells: list[str]) -> bool:
    """"| A. | BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG |": a label and a heading."""
    return len(cells) == 2 and bool(_LABEL_LIKE.match(cells[0] or "x")) and bool(cells[1])


# The columns a header names by meaning (`tables.columns_of`), beside progress and value columns.
_MEANT = ("tt", "task", "indicator", "lead", "coordinating", "time_frame", "expected_result", "reported_result",
          "monitor", "unit")


def _is_header(cells: list[str]) -> bool:
    """A header names columns: it is not numbered, no cell is a quantity or a sentence."""
    if _LABEL_LIKE.match(cells[0]) and not columns_of(cells[:1]) == [LABEL] or any(len(c) > 100 for c in cells):
        return False
    names = columns_of(cells)
    known = sum(1 for n in names if n in _MEANT or n == PROGRESS or n.startswith("value:"))
    return known >= 2 or (known >= 1 and all(len(c) <= 40 for c in cells))


_HEADED = re.compile(r"^((?:[IVXLC]+|\d{1,3})(?:\.\d+)*)[.)]\s+(\S.*)$")


def _new_header(cells: list[str], header: list[str]) -> tuple[str, list[str]] | None:
    """A second header inside the table, and the heading written in its first cell if any: a crawl
    runs the tables of several sections together ("| 3. Các dự án điện gió ngoài khơi | TT | Dự án
    | Công suất (MW) | … |"). Stricter than `_is_header`: two columns named by meaning, none of them
    a value column, no cell a sentence, and no more than one cell blank."""
    for title, named in ((cells[0], cells[1:]), ("", cells)):  # a heading before a TT column first
        if (not named or named == header or sum(1 for c in named if not c) > 1
                or _LABEL_LIKE.match(named[0] or "x") or any(len(c) > 60 for c in named)):
            continue  # a header names its columns: at most the corner cell is blank
        known = [n for n, c in zip(columns_of(named), named) if c and n in _MEANT]
        if len(known) >= 2 and (not title or columns_of(named[:1]) == [LABEL]):
            return title, named
    return None


def _rows_text(lines: list[Line]) -> list[tuple[Line, list[str]]]:
    return [(line, cells_of(line.text)) for line in lines if is_pipe_row(line) and not _SEPARATOR.match(line.text.strip())]


def _columns(header: list[str], body: list[tuple[Line, list[str]]], width: int) -> list[str]:
    """The header's columns; a TT column first when the rows are numbered one cell wider than the
    header ("Nội dung" spanning the TT column too); unnamed columns for the rest."""
    columns = columns_of(header)
    wider = [cells for _, cells in body if len(cells) == len(header) + 1]
    if LABEL not in columns and wider and sum(1 for c in wider if _LABEL_LIKE.match(c[0] or "x")) >= 0.6 * len(wider):
        columns = [LABEL] + columns
    return columns + [f"cột {n}" for n in range(len(columns) + 1, width + 1)]


def table_header(lines: list[Line], continues: list[str] | None = None) -> list[str] | None:
    """The header the table's rows are read by: its first row when that names columns, else the
    header of the table it continues."""
    rows_text = _rows_text(lines)
    at = _header_at(rows_text)
    return rows_text[at][1] if at is not None else continues


def _header_at(rows_text: list[tuple[Line, list[str]]]) -> int | None:
    """The header's row: the first, or the first after the section headings above it ("| B | PHÁT
    TRIỂN … |" before "| Nội dung | Đơn vị thực hiện | …")."""
    for at, (_, cells) in enumerate(rows_text[:4]):
        if _is_header(cells):
            return at
        if not _is_section_row(cells):
            return None
    return None


def parse_pipe_table(lines: list[Line], continues: list[str] | None = None) -> list[TableRow]:
    """`continues`: the header of the table just before, when only blank lines part them; a crawl
    splits one table into pieces, each piece's first data row written as if it were a header."""
    rows_text = _rows_text(lines)
    if not rows_text:
        return []
    at = _header_at(rows_text)
    width = max(len(cells) for _, cells in rows_text)
    header = rows_text[at][1] if at is not None else rows_text[0][1]
    if at is not None or continues:
        body = rows_text[:at] + rows_text[at + 1:] if at is not None else rows_text
        header = header if at is not None else continues
        columns = _columns(header, body, width)
    else:  # no header: columns by position, the first a label column when most rows begin with one
        labelled = sum(1 for _, cells in rows_text if _LABEL_LIKE.match(cells[0] or "x"))
        first = LABEL if labelled >= 0.6 * len(rows_text) else "cột 1"
        columns = [first] + [f"cột {n}" for n in range(2, width + 1)]
        body = rows_text
    label_at = columns.index(LABEL) if LABEL in columns else None
    out: list[TableRow] = []
    above: list[str] | None = None  # the last full row: a shorter row below it continues its merged cells
    for at, (line, cells) in enumerate(body):
        if cells == header:
            continue  # the header repeated after a page break
        if (new := _new_header(cells, header)) is not None:
            title, header = new
            above = None
            if title:
                numbered = _HEADED.match(title)
                label = numbered.group(1) if numbered else ""
                out.append(TableRow("section", label, {TITLE: numbered.group(2) if numbered else title}, line.index,
                                    line.index, level=_section_level(label) if label else 2))
            columns = _columns(header, body[at + 1:], width)
            label_at = columns.index(LABEL) if LABEL in columns else None
            continue
        if len(cells) == len(columns):
            above = cells
        elif above is not None and not _is_section_row(cells) and 1 < len(cells) < len(columns):
            # Cells merged down (rowspan): the crawl keeps them on the first row only. The shorter
            # row's cells go where their kind fits best (a body under a lead column, a date under a
            # time column); the columns left of them are inherited from the row above.
            offset = _best_offset(cells, columns)
            cells = [("" if i == label_at else above[i]) for i in range(offset)] + cells
            if len(cells) == len(columns):
                above = cells  # the row as completed: the rows below it continue it
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
    settle_sections(out, letter_level=1, roman_level=2)
    return out
