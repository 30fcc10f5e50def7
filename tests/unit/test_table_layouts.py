"""Crawled table layouts: pieces of one table, headers under section rows, letter or Roman sections,
headings and appendices that end a table."""

from ingest.layout import Line
from ingest.pipe_table import parse_pipe_table, table_header
from ingest.tables import TableRow, roman_value, settle_sections
from ingest.web_text import read_web_page


def lines(*texts: str) -> list[Line]:
    return [Line(index=n, raw=t, text=t, artifact=False) for n, t in enumerate(texts)]


def test_roman_values():
    assert [roman_value(x) for x in ("I", "IV", "IX", "XIV", "B")] == [1, 4, 9, 14, None]


def test_a_letter_or_a_numeral_by_its_neighbours():
    rows = [TableRow("section", label, {}, 0, 0, level=1) for label in ("G", "H", "I", "K")]
    rows += [TableRow("section", label, {}, 0, 0, level=2) for label in ("II", "III", "IV")]
    rows.insert(4, TableRow("section", "I", {}, 0, 0, level=1))
    settle_sections(rows, letter_level=1, roman_level=2)
    assert [(r.label, r.level) for r in rows] == [("G", 1), ("H", 1), ("I", 1), ("K", 1), ("I", 2), ("II", 2),
                                                  ("III", 2), ("IV", 2)]
    assert "letter" in rows[2].inferred and "letter" not in rows[4].inferred


def test_a_header_under_section_rows_and_a_piece_that_continues_the_table():
    first = lines("| B | PHÁT TRIỂN NGÀNH |", "| I | Nông nghiệp |",
                  "| Nội dung | Đơn vị thực hiện | Đơn vị phối hợp | Thời gian thực hiện | Sản phẩm đầu ra |",
                  "| 1.1 | Triển khai Kế hoạch | Sở Nông nghiệp | Các sở | 2026 - 2030 | Kế hoạch |")
    header = table_header(first)
    rows = [r for r in parse_pipe_table(first) if r.kind == "row"]
    assert rows[0].label == "1.1" and rows[0].cells["lead"] == "Sở Nông nghiệp" and rows[0].cells["time_frame"] == "2026 - 2030"
    piece = lines("| 1.2 | Triển khai Nền tảng | Sở Công Thương | Các sở | 2026 - 2030 | Nền tảng |", "|---|---|---|---|---|---|")
    continued = [r for r in parse_pipe_table(piece, header) if r.kind == "row"]
    assert continued[0].label == "1.2" and continued[0].cells["lead"] == "Sở Công Thương"
    assert table_header(piece) is None  # a numbered first row is data, not a header


def test_a_markdown_heading_and_an_appendix_end_a_cell_table():
    page = "\n".join(["|", "**STT**", "|", "**Nhiệm vụ**", "|", "**Chủ trì**", "|", "|", "1", "|", "Xây dựng", "|",
                      "Bộ Công an", "|", "## II.", "DANH MỤC THỦ TỤC", "|", "**PHỤ LỤC II**", "Danh mục", "|"])
    text = read_web_page(page).text
    assert "| 1 | Xây dựng | Bộ Công an |" in text
    assert "DANH MỤC THỦ TỤC" in text and "| DANH MỤC" not in text and "PHỤ LỤC II |" not in text


def test_a_second_header_inside_a_table_sets_its_own_columns():
    """A crawl runs the tables of several sections together; the second header, its section's
    heading in its first cell, has one column fewer, and the rows under it are read by it."""
    table = lines("| TT | Dự án | Công suất (MW) | Địa điểm | Dự kiến thời gian vận hành | Ghi chú |",
                  "| 1 | NMTĐ Trị An mở rộng | 200 | Đồng Nai | 2027 | Đã có |",
                  "| 3. Các dự án điện gió ngoài khơi | TT | Dự án | Công suất (MW) | Dự kiến thời gian vận hành | Ghi chú |",
                  "| 2 | Dự án xuất khẩu điện gió | 3.000 | 2033 | |",
                  "| | Nhiệm vụ giao Bộ Công an chỉ đạo | | | |")
    parsed = parse_pipe_table(table)
    rows = [r for r in parsed if r.kind == "row"]
    assert rows[0].cells["địa điểm"] == "Đồng Nai" and rows[0].cells["time_frame"] == "2027"
    assert rows[1].label == "2" and rows[1].cells["công suất (mw)"] == "3.000" and rows[1].cells["time_frame"] == "2033"
    assert "địa điểm" not in rows[1].cells
    sections = [r for r in parsed if r.kind == "section"]
    assert [(s.label, s.cells["title"]) for s in sections] == [("3", "Các dự án điện gió ngoài khơi"),
                                                                ("", "Nhiệm vụ giao Bộ Công an chỉ đạo")]
