"""Table rows as the layout parsers hand them to the clause builder.

Each table layout in the corpus has its own parser module, named for the layout (not the
document): `grid_table` (tab-separated rows), `flat_table` (a PDF table flattened to one
cell fragment per line), `cell_table` (one tab-prefixed cell per line). They all return
`TableRow`s, which `structure` turns into clauses with citations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Canonical column names, whatever the header says.
TASK = "task"  # "Nhiệm vụ, giải pháp", "Nội dung", "Tên nhiệm vụ"
INDICATOR = "indicator"  # "Chỉ tiêu"
LEAD = "lead"  # "Cơ quan chủ trì …", "Đơn vị chủ trì", "Chủ trì", "Cơ quan thực hiện"
COORDINATING = "coordinating"  # "Cơ quan phối hợp …", "Phối hợp"
EXPECTED_RESULT = "expected_result"  # "Sản phẩm", "Kết quả", "Hình thức văn bản"
TIME_FRAME = "time_frame"  # "Thời gian", "Thời hạn", "Thời gian thực hiện", "Tiến độ"
REPORTED_RESULT = "reported_result"  # "KẾT QUẢ ĐẠT ĐƯỢC TRONG NĂM 2022", "Kết quả thực hiện"
MONITOR = "monitor"  # "Cơ quan theo dõi, đánh giá": the body that follows an indicator
UNIT = "unit"  # "Đơn vị tính"
PROGRESS = "progress"  # "Tiến độ" beside a deadline column: "Đã hoàn thành", "Chưa hoàn thành"
LABEL = "tt"  # "TT", "STT", "Số TT"
TITLE = "title"  # a section row's heading
VALUE = "value:"  # a value column, one per year or period: "value:Năm 2025", "value:Giai đoạn 2026-2030"

@dataclass
class TableRow:
    kind: str  # "section" (a group heading inside the table) or "row"
    label: str  # the TT cell as written ("12", "a", "I", "A"); inferred when lost
    cells: dict[str, str]  # canonical column name -> cleaned cell text
    first_line: int  # source line span, inclusive, by Line.index
    last_line: int
    level: int = 1  # sections: 1 outermost ("A"), 2 nested ("I"), 3 ("1") …; rows: unused
    inferred: list[str] = field(default_factory=list)  # e.g. ["label"], ["section"]


_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def roman_value(label: str) -> int | None:
    """"IV" → 4; None when the label is not a Roman numeral."""
    label = label.rstrip(".")
    if not label or any(ch not in _ROMAN_VALUES for ch in label):
        return None
    values = [_ROMAN_VALUES[ch] for ch in label]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def settle_sections(rows: list[TableRow], letter_level: int, roman_level: int) -> None:
    """A section labelled "I", "V", "X", "L" or "C" is a letter after "H" ("U", "W", "K", "B") and a
    numeral after "0"/"IV"/"IX"… or before "II": decided by its neighbours, not by its form."""
    sections = [r for r in rows if r.kind == "section" and r.label]
    last_letter = last_roman = None
    for n, row in enumerate(sections):
        label = row.label.rstrip(".")
        value = roman_value(label)
        if len(label) == 1 and value is not None:
            following = next((s.label.rstrip(".") for s in sections[n + 1:] if s.level in (letter_level, roman_level)), "")
            if last_roman is not None and value == last_roman + 1 or roman_value(following) == value + 1:
                row.level = roman_level
            elif last_letter and ord(label) == ord(last_letter) + 1 or following == chr(ord(label) + 1):
                row.level = letter_level
                row.inferred.append("letter")  # named "Phần I", not "Mục I"
            elif label == "I" and not last_letter:
                row.level = roman_level
        if row.level == roman_level and value is not None:
            last_roman = value
        elif row.level == letter_level and len(label) == 1:
            last_letter = label


# Header wording → column, first match wins; phrases that contain others come first ("Thời gian
# thực hiện" is a time, "Kết quả thực hiện" a result, "Đơn vị thực hiện" a lead).
_COLUMNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(s[ốo]\s*)?t\.?\s*t\.?$|^stt$|^số thứ tự$"), LABEL),
    (re.compile(r"phối hợp"), COORDINATING),
    (re.compile(r"chủ trì"), LEAD),  # "Cơ quan chủ trì theo dõi, thực hiện", "… chủ trì đo lường"
    (re.compile(r"theo dõi|giám sát|đánh giá"), MONITOR),
    (re.compile(r"chỉ tiêu.*đạt|sản phẩm|kết quả (dự kiến|đầu ra)"), EXPECTED_RESULT),  # "Chỉ tiêu đạt được": a target
    (re.compile(r"đạt được|kết quả thực hiện|kết quả triển khai|tình hình thực hiện"), REPORTED_RESULT),
    (re.compile(r"^thuộc nhóm|^nhóm nhiệm vụ|^lĩnh vực$"), "group"),
    (re.compile(r"^thời|thời gian|thời hạn|hạn hoàn thành|năm hoàn thành|lộ trình"), TIME_FRAME),
    (re.compile(r"^tiến độ"), TIME_FRAME),
    (re.compile(r"chủ trì|thực hiện|^trách nhiệm|cơ quan (giao|được giao)|^cơ quan$"), LEAD),
    (re.compile(r"đơn vị tính|^đvt$"), UNIT),
    (re.compile(r"chỉ tiêu"), INDICATOR),
    (re.compile(r"nhiệm vụ|nội dung|công việc|giải pháp|hoạt động|đề án|dự án"), TASK),
    (re.compile(r"sản phẩm|kết quả|hình thức|đầu ra"), EXPECTED_RESULT),
]
_PERIOD = re.compile(r"\b(?:19|20)\d{2}\b|giai đoạn|năm\s+\d|quý\s+[ivx\d]", re.IGNORECASE)


def column_name(header: str) -> str:
    """The canonical column for a header cell, whatever its wording; a year or a period is a value
    column of its own; other headers keep their words."""
    h = re.sub(r"\s+", " ", header.lower()).strip(" .:")
    for pattern, name in _COLUMNS:
        if pattern.search(h):
            return name
    if _PERIOD.search(h):
        return VALUE + re.sub(r"\s+", " ", header).strip()
    return h or LABEL


def columns_of(headers: list[str]) -> list[str]:
    """Each header's column; a second deadline-like column ("Tiến độ" after "Thời hạn") is the
    task's progress, and a repeated name gets its header's words."""
    names: list[str] = []
    indicators = any(column_name(h) == INDICATOR for h in headers)
    for header in headers:
        name = column_name(header)
        if name == "đơn vị":  # beside an indicator, the unit it is counted in; beside a task, who does it
            name = UNIT if indicators else LEAD
        if name == TIME_FRAME and TIME_FRAME in names:
            name = PROGRESS if header.lower().strip().startswith("tiến độ") else re.sub(r"\s+", " ", header).strip()
        elif name in names and name != LABEL:
            name = re.sub(r"\s+", " ", header).strip().lower()
        names.append(name)
    return names
