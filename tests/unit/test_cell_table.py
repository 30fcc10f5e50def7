"""The cell-per-line table of the 2022 report on Quyết định 411/QĐ-TTg, parsed from the real file.

The export lost TT cells and section headers; these tests pin what is recovered so that a
change to the parser shows up as a changed count or a wrongly numbered row.
"""

from __future__ import annotations

import re

import pytest

from ingest.cell_table import find_cell_table, parse_cell_table
from tests.conftest import table_in_corpus
from ingest.layout import Line
from ingest.tables import LEAD, REPORTED_RESULT, TASK, TIME_FRAME, TITLE, TableRow



@pytest.fixture(scope="module")
def table() -> tuple[list[Line], list[TableRow]]:
    lines, start = table_in_corpus(find_cell_table)
    return lines, parse_cell_table(lines[start:])


@pytest.fixture(scope="module")
def rows(table: tuple[list[Line], list[TableRow]]) -> list[TableRow]:
    return table[1]


def _tasks(rows: list[TableRow]) -> list[TableRow]:
    return [row for row in rows if row.kind == "row"]


def _row(rows: list[TableRow], task_start: str) -> TableRow:
    matches = [row for row in _tasks(rows) if row.cells[TASK].startswith(task_start)]
    assert len(matches) == 1, task_start
    return matches[0]


def _before(rows: list[TableRow], row: TableRow) -> TableRow:
    return rows[rows.index(row) - 1]


def test_only_the_report_has_a_cell_table() -> None:
    lines, start = table_in_corpus(find_cell_table)  # asserts exactly one document has one
    assert lines[start].raw == "\tTT"
    assert lines[start + 1].text.strip() == "Nhiệm vụ, giải pháp"


def test_counts(rows: list[TableRow]) -> None:
    sections = [row for row in rows if row.kind == "section"]
    assert len(_tasks(rows)) == 171
    assert len(sections) == 27
    assert sum("label" in row.inferred for row in rows) == 51
    assert sum("section" in row.inferred for row in sections) == 17
    assert [s.label for s in sections if not s.inferred] == ["A", "I", "III", "VI", "VII", "B", "I", "III", "V.1", "V.2"]


def test_explicit_sections(rows: list[TableRow]) -> None:
    sections = [row for row in rows if row.kind == "section"]
    a, first = sections[0], sections[1]
    assert (a.label, a.level, a.cells[TITLE]) == ("A", 1, "PHÁT TRIỂN NỀN MÓNG CHO KINH TẾ SỐ VÀ XÃ HỘI SỐ")
    assert (first.label, first.level, first.cells[TITLE]) == ("I", 2, "Hoàn thiện thể chế")
    b = next(s for s in sections if s.label == "B")
    assert b.level == 1 and b.cells[TITLE] == "PHÁT TRIỂN KINH TẾ SỐ VÀ XÃ HỘI SỐ NGÀNH, LĨNH VỰC"
    v2 = next(s for s in sections if s.label == "V.2")
    assert v2.level == 3 and v2.cells[TITLE] == "Công nghiệp và Năng lượng"


def test_first_row_of_hoan_thien_the_che(rows: list[TableRow]) -> None:
    section = next(row for row in rows if row.cells.get(TITLE) == "Hoàn thiện thể chế")
    row = rows[rows.index(section) + 1]
    assert row.kind == "row" and row.label == "1" and not row.inferred
    assert row.cells[TASK].startswith("Xây dựng, trình ban hành và tổ chức thực thi Luật Giao dịch điện tử")
    assert row.cells[LEAD] == "Bộ Thông tin và Truyền thông"
    assert row.cells[TIME_FRAME] == "2022 - 2025"
    assert "Tờ trình số 267/TTr-CP ngày 09/8/2022" in row.cells[REPORTED_RESULT]


def test_lost_tt_is_the_next_number(table: tuple[list[Line], list[TableRow]]) -> None:
    lines, rows = table
    row = _row(rows, "Rà soát, xây dựng, sửa đổi, bổ sung các quy định pháp luật chuyên ngành")
    previous = _before(rows, row)
    assert previous.label == "2" and not previous.inferred
    assert row.label == "3" and row.inferred == ["label"]
    assert row.cells[LEAD] == "Các bộ, ngành, địa phương"
    assert "- Điển hình, thống kê được 4/10 bộ" in row.cells[REPORTED_RESULT]
    assert lines[row.first_line].raw.startswith(" \tRà soát, xây dựng, sửa đổi")


def test_multi_line_result_is_one_row(table: tuple[list[Line], list[TableRow]]) -> None:
    lines, rows = table
    row = next(r for r in _tasks(rows) if r.cells[LEAD] == "Bộ Giao thông vận tải")
    result = row.cells[REPORTED_RESULT]
    assert row.label == "3" and row.inferred == ["label"]
    assert "1. Xây dựng, hoàn thiện thể chế" in result
    assert "- Duy trì Cổng Dịch vụ công GTVT cung cấp 291 dịch vụ công trực tuyến" in result
    assert "Bộ GTVT đã triển khai thanh toán trực tuyến" in result
    assert not any(r.cells[TASK].startswith(("1. ", "Bộ GTVT", "6. Thanh toán số")) for r in _tasks(rows))
    assert lines[row.last_line].raw.startswith("Bộ GTVT đã triển khai thanh toán trực tuyến")
    assert rows[rows.index(row) + 1].label == "4"


def test_section_inferred_where_numbering_restarts(table: tuple[list[Line], list[TableRow]]) -> None:
    lines, rows = table
    row = _row(rows, "Xây dựng, trình Thủ tướng Chính phủ phê duyệt và tổ chức triển khai Chiến lược phát triển hạ tầng số")
    assert row.label == "1" and not row.inferred
    assert lines[row.first_line].raw == " \t1"
    section = _before(rows, row)
    assert section.kind == "section" and section.inferred == ["section"]
    assert (section.label, section.level, section.cells[TITLE]) == ("II", 2, "")
    assert section.first_line == section.last_line == row.first_line
    last_of_i = _before(rows, section)
    assert last_of_i.label == "8" and last_of_i.cells[LEAD] == "Bộ Tài chính"


def test_section_inferred_among_rows_without_tt(rows: list[TableRow]) -> None:
    first = _row(rows, "Xây dựng, trình Thủ tướng Chính phủ phê duyệt và tổ chức triển khai Chiến lược an toàn")
    assert first.label == "1" and first.inferred == ["label"]
    section = _before(rows, first)
    assert (section.label, section.inferred) == ("V", ["section"])
    assert _row(rows, "Phát triển hệ sinh thái sản phẩm An toàn thông tin mạng Việt Nam").label == "3"
    # "1, 2, 3 + four rows without TT + 3": the restart falls between the waiting rows
    kept = _row(rows, "Thực thi nghiêm túc, hiệu quả các cam kết quốc tế")
    restarted = _row(rows, "Thúc đẩy nghiên cứu, phát triển, ứng dụng các công nghệ số mới")
    assert (kept.label, restarted.label) == ("3", "1")
    assert _before(rows, restarted).kind == "section" and _before(rows, restarted).inferred == ["section"]
    assert _row(rows, "Tổ chức tìm kiếm, có chính sách hấp dẫn để chiêu mộ").label == "3"


def test_lost_parent_of_sub_section(rows: list[TableRow]) -> None:
    sub = next(row for row in rows if row.label == "V.1")
    parent = _before(rows, sub)
    assert (sub.level, sub.cells[TITLE], sub.inferred) == (3, "Thương mại", [])
    assert (parent.label, parent.level, parent.inferred) == ("V", 2, ["section"])
    assert parent.first_line == sub.first_line


def test_section_whose_title_was_lost(rows: list[TableRow]) -> None:
    third = [row for row in rows if row.kind == "section" and row.label == "III"][1]
    assert third.cells[TITLE] == "" and not third.inferred
    assert rows[rows.index(third) + 1].cells[LEAD] == "Bộ Giáo dục và Đào tạo"


def test_rows_number_one_to_n_in_each_section(rows: list[TableRow]) -> None:
    numbers: list[int] = []
    for row in rows + [TableRow("section", "", {}, 0, 0)]:
        if row.kind == "section":
            assert numbers == list(range(1, len(numbers) + 1)), row.label
            numbers = []
        else:
            numbers.append(int(row.label))


def test_cells_are_aligned(rows: list[TableRow]) -> None:
    for row in _tasks(rows):
        assert set(row.cells) == {TASK, LEAD, TIME_FRAME, REPORTED_RESULT}
        assert row.cells[TASK] and row.cells[LEAD], row.first_line
        assert re.fullmatch(r"\d{4} - \d{4}", row.cells[TIME_FRAME]) or row.cells[TASK].startswith(
            "Tổ chức các Tổ công nghệ số cộng đồng"
        )
        assert not any("[bookmark" in cell for cell in row.cells.values())
    assert _row(rows, "Tổ chức các Tổ công nghệ số cộng đồng").cells[TIME_FRAME] == ""
    no_result = next(r for r in _tasks(rows) if r.cells[LEAD] == "Bộ Xây dựng")
    assert no_result.cells[REPORTED_RESULT] == "" and no_result.label == "6"


def test_rows_in_line_order(rows: list[TableRow]) -> None:
    tasks = _tasks(rows)
    assert all(row.first_line <= row.last_line for row in rows)
    assert all(a.last_line < b.first_line for a, b in zip(tasks, tasks[1:]))
    assert all(a.first_line <= b.first_line for a, b in zip(rows, rows[1:]))
