"""Table rows as the layout parsers hand them to the clause builder.

Each table layout in the corpus has its own parser module, named for the layout (not the
document): `grid_table` (tab-separated rows), `flat_table` (a PDF table flattened to one
cell fragment per line), `cell_table` (one tab-prefixed cell per line). They all return
`TableRow`s, which `structure` turns into clauses with citations.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Canonical column names, whatever the header says.
TASK = "task"  # "Nhiệm vụ, giải pháp"
INDICATOR = "indicator"  # "Chỉ tiêu"
LEAD = "lead"  # "Cơ quan chủ trì …", "Chủ trì"
COORDINATING = "coordinating"  # "Cơ quan phối hợp …"
EXPECTED_RESULT = "expected_result"  # "Kết quả"
TIME_FRAME = "time_frame"  # "Thời gian", "Thời gian thực hiện"
REPORTED_RESULT = "reported_result"  # "KẾT QUẢ ĐẠT ĐƯỢC TRONG NĂM 2022"
TITLE = "title"  # a section row's heading


@dataclass
class TableRow:
    kind: str  # "section" (a group heading inside the table) or "row"
    label: str  # the TT cell as written ("12", "a", "I", "A"); inferred when lost
    cells: dict[str, str]  # canonical column name -> cleaned cell text
    first_line: int  # source line span, inclusive, by Line.index
    last_line: int
    level: int = 1  # sections: 1 outermost ("A"), 2 nested ("I"), 3 ("1") …; rows: unused
    inferred: list[str] = field(default_factory=list)  # e.g. ["label"], ["section"]


def column_name(header: str) -> str:
    """The canonical column for a header cell, whatever its wording."""
    h = header.lower()
    for words, name in (("phối hợp", COORDINATING), ("chủ trì", LEAD), ("chỉ tiêu", INDICATOR),
                        ("nhiệm vụ", TASK), ("đạt được", REPORTED_RESULT), ("kết quả", EXPECTED_RESULT),
                        ("thời gian", TIME_FRAME)):
        if words in h:
            return name
    return h.strip() or "tt"
