"""PDF tables flattened to one cell fragment per line ("TT Nhiệm vụ, giải pháp Cơ quan …").

The extraction lost the column positions: a row is its label line ("a.  Xây dựng …") and the
lines after it, task text first, then the lead agency, then the time frame. The columns are
told apart by what they look like:
- the time frame is the last year range ("2021-2022") or time phrase ("Hằng năm") ending a line;
- the lead column is narrow, so its lines are short, and it starts with an agency head word
  ("Bộ", "UBND", "Các", "Ngân hàng" …); when it shares a line with the task text it is the short
  tail of that line from a head word on ("… hệ thống thanh toán quốc gia Ngân hàng Nhà");
- section rows are a roman numeral with an upper-case title ("I. PHÁT TRIỂN …", "III CÁC …") or
  a number with a title ("1 Phát triển hạ tầng"), with no agency or time.

Page breaks put a page number and the repeated header ("TT Nhiệm vụ, giải pháp Cơ quan",
"chủ trì", "Thời gian", "thực hiện") between lines; they belong to no cell. When a row breaks
across pages, the extraction may put its first page on one line (task, lead and time together)
and its rest after the header: those lines continue the task, and, when the lead was cut short
(it ends with "và", "," or ";"), their trailing short lines continue the lead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.clean import collapse_ws
from ingest.layout import Line, join_text
from ingest.tables import LEAD, TASK, TIME_FRAME, TITLE, TableRow

_HEADER = re.compile(r"^ *TT +Nhiệm vụ")  # spaces, not tabs: a tab-separated header is a grid table
_HEADER_FRAGMENTS = {"chủ trì", "thời gian", "thực hiện"}  # the header's wrapped column names
_ROW_LABEL = re.compile(r"^([a-zđ])\.\s+(.*)$")
_ROMAN_SECTION = re.compile(r"^([IVX]+)\.?\s+(\S.*)$")
_NUMBER_SECTION = re.compile(r"^(\d{1,2})\.?\s+(\S.*)$")
# A year range or a capitalised time phrase may end a line; a bare year must be the whole line,
# since task text can end with one ("… Luật Công nghệ thông tin năm 2006").
_TIME = re.compile(r"(?:^|\s)(\d{4}\s*[-–]\s*\d{4}|H[ằà]ng năm|Thường xuyên)$|^(\d{4})$")
_AGENCY_HEAD = re.compile(
    r"(?:^|(?<=\s))(?:Bộ|Ngân hàng|Các|Ủy ban|Uỷ ban|UBND|Văn phòng|Thông tấn|Đài|Viện|Tổng cục|Ban|"
    r"Hội|Trung ương|Tập đoàn|Liên minh|Mặt trận|Phòng|Cơ quan|Kiểm toán|Tòa án|Tổng Liên đoàn|"
    r"Đoàn|Học viện)(?=[\s,;]|$)"
)
_LEAD_WIDTH = 20  # the lead column holds at most ~16 characters a line; task lines run to ~50
_OPEN_LEAD = re.compile(r"(?:[,;]|\bvà)$")  # a lead cut off by a page break


@dataclass
class _Fragment:
    index: int  # Line.index
    text: str


def find_flat_table(lines: list[Line]) -> int | None:
    """List position of the first header line "TT Nhiệm vụ, giải pháp …" written with spaces."""
    for pos, line in enumerate(lines):
        if _HEADER.match(line.text):
            return pos
    return None


def _is_noise(line: Line) -> bool:
    """Blank lines, page numbers and the header a page break repeats belong to no cell."""
    text = collapse_ws(line.text)
    return line.artifact or not text or bool(_HEADER.match(line.text)) or text.lower() in _HEADER_FRAGMENTS


def _section(text: str) -> tuple[str, str, int] | None:
    """(label, title, level) of a section row's first line, or None for any other line."""
    roman = _ROMAN_SECTION.match(text)
    if roman and roman.group(2) == roman.group(2).upper():
        return roman.group(1), roman.group(2), 1
    number = _NUMBER_SECTION.match(text)
    if number and number.group(2)[0].isupper() and not _TIME.search(text):
        return number.group(1), number.group(2), 2
    return None


def _blocks(lines: list[Line]) -> list[list[_Fragment]]:
    """The table's rows, each the content lines from its label line to the next label line."""
    blocks: list[list[_Fragment]] = []
    for line in lines:
        if _is_noise(line):
            continue
        text = collapse_ws(line.text)
        if _ROW_LABEL.match(text) or _section(text):
            blocks.append([])
        if blocks:
            blocks[-1].append(_Fragment(line.index, text))
    return blocks


def _is_short(text: str) -> bool:
    return len(text) <= _LEAD_WIDTH


def _starts_lead(text: str) -> bool:
    return bool(_AGENCY_HEAD.match(text))


def _lead_start(texts: list[str]) -> tuple[int, int]:
    """(line, column) where the lead starts in a row's lines before its time frame.

    The lead is the earliest line of the trailing run of short lines that starts with an agency
    head word; without one, it starts inside the line above that run, at the first head word
    whose rest of line is short. The label line's start is task text, never lead.
    """
    run = len(texts)
    while run > 1 and _is_short(texts[run - 1]):
        run -= 1
    for pos in range(max(run, 1), len(texts)):
        if _starts_lead(texts[pos]):
            return pos, 0
    above = max(run - 1, 0)
    for match in _AGENCY_HEAD.finditer(texts[above]):
        if match.start() > 0 and _is_short(texts[above][match.start() :]):
            return above, match.start()
    return len(texts), 0


def _split_row(texts: list[str]) -> tuple[str, str, str, bool]:
    """(task, lead, time frame, lead continued after a page break) of one row's line texts."""
    time, tail = "", []
    for pos in range(len(texts) - 1, -1, -1):
        match = _TIME.search(texts[pos])
        if match:
            time = match.group(1) or match.group(2)
            texts, tail = texts[:pos] + [texts[pos][: match.start()].strip()], texts[pos + 1 :]
            break
    texts = [t for t in texts if t] or [""]
    line, column = _lead_start(texts)
    task = texts[:line] + ([texts[line][:column]] if column else [])
    lead = ([texts[line][column:]] if line < len(texts) else []) + texts[line + 1 :]
    continued = False
    if tail and lead and _OPEN_LEAD.search(lead[-1]):
        cut = len(tail)
        while cut > 0 and _is_short(tail[cut - 1]) and not tail[cut - 1].endswith("."):
            cut -= 1
        continued = cut < len(tail)
        tail, lead = tail[:cut], lead + tail[cut:]
    return join_text(task + tail), join_text(lead), join_text([time]), continued


def _table_row(block: list[_Fragment]) -> TableRow:
    first, last = block[0].index, block[-1].index
    texts = [fragment.text for fragment in block]
    section = _section(texts[0])
    if section:
        label, title, level = section
        return TableRow("section", label, {TITLE: join_text([title, *texts[1:]])}, first, last, level=level)
    label_match = _ROW_LABEL.match(texts[0])
    assert label_match  # a block starts at a section or a row label
    task, lead, time, continued = _split_row([label_match.group(2), *texts[1:]])
    cells = {TASK: task, LEAD: lead, TIME_FRAME: time}
    return TableRow("row", label_match.group(1), cells, first, last, inferred=["lead"] if continued else [])


def parse_flat_table(lines: list[Line]) -> list[TableRow]:
    """Sections and task rows, in order, of the flat table whose first header line is `lines[0]`."""
    return [_table_row(block) for block in _blocks(lines)]
