"""The flattened PDF table (appendix of the digital economy strategy draft), parsed from the real file.

The counts and quotes below were read off the source by hand; they pin the column split so
that a change to the heuristics shows up as a moved word or a changed count.
"""

from __future__ import annotations


import pytest

from ingest.flat_table import find_flat_table, parse_flat_table
from tests.conftest import table_in_corpus
from ingest.layout import Line, split_lines
from ingest.tables import LEAD, TASK, TIME_FRAME, TITLE, TableRow

HEADER_REMNANTS = ("Nhiệm vụ, giải pháp Cơ quan", "chủ trì", "Thời gian")  # "thực hiện" is also a task word


@pytest.fixture(scope="module")
def table() -> tuple[list[Line], list[TableRow]]:
    lines, start = table_in_corpus(find_flat_table)
    return lines, parse_flat_table(lines[start:])


@pytest.fixture(scope="module")
def rows(table: tuple[list[Line], list[TableRow]]) -> list[TableRow]:
    return table[1]


@pytest.fixture(scope="module")
def by_path(rows: list[TableRow]) -> dict[tuple[str, str, str], TableRow]:
    """Task rows keyed by (roman section, numbered section, letter): letters restart per section."""
    keyed: dict[tuple[str, str, str], TableRow] = {}
    roman = number = ""
    for row in rows:
        if row.kind == "section" and row.level == 1:
            roman, number = row.label, ""
        elif row.kind == "section":
            number = row.label
        else:
            assert (roman, number, row.label) not in keyed
            keyed[(roman, number, row.label)] = row
    return keyed


def _header_indexes(lines: list[Line]) -> list[int]:
    return [line.index for line in lines if line.text.lstrip().startswith("TT Nhiệm vụ")]


def test_one_document_has_a_flat_table() -> None:
    lines, start = table_in_corpus(find_flat_table)  # asserts exactly one document has one
    assert lines[start].text.lstrip().startswith("TT Nhiệm vụ")


def test_tab_separated_header_is_not_a_flat_table() -> None:
    assert find_flat_table(split_lines("Phụ lục\nTT\tNhiệm vụ, giải pháp\tCơ quan chủ trì\n")) is None


def test_counts(rows: list[TableRow]) -> None:
    assert sum(row.kind == "row" for row in rows) == 128
    sections = [row for row in rows if row.kind == "section"]
    assert [row.label for row in sections if row.level == 1] == ["I", "II", "III"]
    assert len([row for row in sections if row.level == 2]) == 20


def test_section_titles_join_wrapped_lines(rows: list[TableRow]) -> None:
    titles = {row.cells[TITLE] for row in rows if row.kind == "section"}
    assert "PHÁT TRIỂN NỀN MÓNG CHO KINH TẾ SỐ VÀ XÃ HỘI SỐ" in titles
    assert "CÁC GIẢI PHÁP PHÁT TRIỂN KINH TẾ SỐ VÀ XÃ HỘI SỐ" in titles  # "III" has no dot
    assert "Phát triển môi trường số an toàn, lành mạnh" in titles
    assert "Phát triển kinh tế số, xã hội số Giáo dục và Đào tạo" in titles


def test_task_lead_and_time_on_one_line(by_path: dict[tuple[str, str, str], TableRow]) -> None:
    row = by_path[("I", "1", "j")]
    assert row.cells[TASK].startswith("Xây dựng và tổ chức triển khai chiến lược, kế hoạch chuyển đổi số")
    assert row.cells[TASK].endswith("lĩnh vực hạ tầng khoa học và công nghệ")
    assert row.cells[LEAD] == "Bộ Khoa học và Công nghệ"
    assert row.cells[TIME_FRAME] == "2021-2022"
    assert not any("thực hiện" in cell for cell in row.cells.values())


def test_lead_and_time_on_one_line(by_path: dict[tuple[str, str, str], TableRow]) -> None:
    row = by_path[("I", "1", "f")]
    assert row.cells[TASK].endswith("lĩnh vực hạ tầng đô thị")
    assert (row.cells[LEAD], row.cells[TIME_FRAME]) == ("Bộ Xây dựng", "2021-2022")


def test_lead_starting_inside_a_task_line(by_path: dict[tuple[str, str, str], TableRow]) -> None:
    row = by_path[("I", "4", "e")]  # "e.  Nâng cấp hệ thống thanh toán quốc gia Ngân hàng Nhà" / "nước"
    assert row.cells == {TASK: "Nâng cấp hệ thống thanh toán quốc gia", LEAD: "Ngân hàng Nhà nước", TIME_FRAME: "2021-2022"}
    row = by_path[("I", "6", "f")]
    assert row.cells[TASK] == "Xây dựng mạng lưới hệ thống thư viện điện tử"
    assert row.cells[LEAD] == "Bộ Giáo dục và Đào tạo; Bộ Văn hóa, Thể thao và Du lịch"


def test_lead_of_several_bodies(by_path: dict[tuple[str, str, str], TableRow]) -> None:
    row = by_path[("I", "5", "c")]
    assert row.cells[TASK].startswith("Tổ chức, triển khai các khóa đào tạo 1000 chuyên gia chuyển đổi số;")
    assert row.cells[TASK].endswith("phối hợp giải quyết các vấn đề lớn")
    assert row.cells[LEAD] == (
        "Bộ Thông tin và Truyền thông; Các Bộ, ngành; Các tỉnh, thành phố trực thuộc Trung ương"
    )
    assert row.cells[TIME_FRAME] == "2021-2025"


def test_task_text_naming_an_agency_stays_in_the_task(by_path: dict[tuple[str, str, str], TableRow]) -> None:
    row = by_path[("III", "3", "b")]
    assert row.cells[TASK] == "Đẩy mạnh hợp tác giữa Bộ Thông tin và Truyền thông và từng Bộ, ngành liên quan"
    assert row.cells[LEAD] == "Bộ Thông tin và Truyền thông"
    row = by_path[("III", "2", "a")]
    assert row.cells[TASK].endswith("trên cơ sở kiện toàn Ủy ban Quốc gia về Chính phủ điện tử")
    assert row.cells[LEAD] == "Bộ Thông tin và Truyền thông; Bộ Nội vụ"


def test_rows_split_across_a_page_break(
    table: tuple[list[Line], list[TableRow]], by_path: dict[tuple[str, str, str], TableRow]
) -> None:
    lines, _ = table
    headers = _header_indexes(lines)

    def spans_header(row: TableRow) -> bool:
        return any(row.first_line < index < row.last_line for index in headers)

    # task cut mid-phrase: "… Nền tảng quản Bộ Y tế 2021-2022" / header / "lý xét nghiệm …"
    row = by_path[("II", "2", "e")]
    assert spans_header(row)
    assert row.cells == {
        TASK: "Xây dựng và tổ chức triển khai Nền tảng quản lý xét nghiệm thống nhất trên toàn quốc",
        LEAD: "Bộ Y tế",
        TIME_FRAME: "2021-2022",
    }
    # task and lead both continue after the header
    row = by_path[("II", "5", "d")]
    assert spans_header(row)
    assert row.cells == {
        TASK: "Xây dựng và tổ chức triển khai Nền tảng mô hình hóa đa chiều phục vụ phát triển bảo tàng số, du lịch số.",
        LEAD: "Bộ Văn hóa, Thể thao và Du lịch",
        TIME_FRAME: "2021-2022",
    }
    # lead and time before the header, the task's last five lines after it
    row = by_path[("III", "6", "d")]
    assert spans_header(row)
    assert "hỗ trợ đào tạo kỹ năng số, phát triển hạ tầng số" in row.cells[TASK]
    assert row.cells[TASK].endswith("vùng đặc biệt khó khăn, biên giới, hải đảo.")
    assert row.cells[LEAD] == "Bộ Thông tin và Truyền thông; Bộ Tài chính"
    assert row.cells[TIME_FRAME] == "2021-2023"


def test_no_header_remnants_or_page_numbers_in_cells(rows: list[TableRow]) -> None:
    for row in rows:
        for cell in row.cells.values():
            assert not any(remnant in cell for remnant in HEADER_REMNANTS), (row.label, cell)
            assert cell.strip() == cell and "  " not in cell
        if row.kind == "row":
            assert row.cells[LEAD], row
            assert "thực hiện" not in row.cells[LEAD] + row.cells[TIME_FRAME]
            assert not any(char.isdigit() for char in row.cells[LEAD]), row  # no page number


def test_time_frames(by_path: dict[tuple[str, str, str], TableRow]) -> None:
    missing = [key for key, row in by_path.items() if not row.cells[TIME_FRAME]]
    assert missing == [("II", "1", "g")]  # its time cell is blank in the source
    assert by_path[("II", "1", "g")].cells[LEAD] == "Bộ Giáo dục và Đào tạo; Bộ Nông nghiệp và Phát triển nông thôn"
    assert {row.cells[TIME_FRAME] for row in by_path.values()} == {
        "",
        "2021-2022",
        "2021-2023",
        "2021-2025",
        "2022-2023",
        "2022-2024",
        "2022-2025",
    }


def test_spans_are_ordered(rows: list[TableRow]) -> None:
    for row in rows:
        assert row.first_line <= row.last_line
    for before, after in zip(rows, rows[1:]):
        assert before.last_line < after.first_line
