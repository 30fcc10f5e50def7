"""The forms officials have, through the whole parse: a crawled page, Word, PDF, a scan."""

from __future__ import annotations

import pytest

from ingest.pipeline import IngestError, parse_document
from tests.conftest import EXTRA, PROJECT

FORMATS = PROJECT / "tests" / "fixtures" / "formats"


@pytest.mark.parametrize("name", ["qd-143-2025-dong-thap.docx", "qd-143-2025-dong-thap.pdf"])
def test_word_and_pdf_give_the_decision_with_its_identity_and_annex(name):
    parsed = parse_document((FORMATS / name).read_bytes(), name)
    document = parsed.document
    assert (document.id, document.type, document.number, document.signer) == (
        "qd-143-2025", "Quyết định", "143/2025/QĐ-UBND", "Huỳnh Minh Tuấn")
    assert document.format == name.rsplit(".", 1)[1] and parsed.coverage >= 0.99
    annex = [c for c in parsed.clauses if c.kind == "dieu" and ".pl" in f".{c.id.split(':')[1]}"]
    assert annex and "kèm theo Quyết định số 143/2025/QĐ-UBND" in annex[0].citation


def test_a_scan_is_refused_with_what_it_needs():
    with pytest.raises(IngestError, match="OCR"):
        parse_document((FORMATS / "scan.pdf").read_bytes(), "scan.pdf")


def test_a_crawled_page_loses_the_site_and_keeps_its_metadata():
    page = next(p for p in EXTRA.glob("*.md") if "32/2025/TT-BKHCN" in p.read_text(encoding="utf-8")[:3000])
    parsed = parse_document(page.read_bytes(), page.name)
    document = parsed.document
    assert (document.number, document.signer, document.issuer, document.effective) == (
        "32/2025/TT-BKHCN", "Nguyễn Mạnh Hùng", "Bộ Khoa học và Công nghệ", "2026-01-01")
    assert document.site_metadata["signer"] == "Nguyễn Mạnh Hùng" and not document.inferred
    assert "THƯ VIỆN PHÁP LUẬT" not in parsed.text and "Đăng xuất" not in parsed.text
    assert not any("**" in c.original or c.original.strip() == "|" for c in parsed.clauses)
    rows = [c for c in parsed.clauses if c.kind == "row"]
    assert len(rows) >= 30 and "Polysilicon" in rows[0].text and rows[0].citation.startswith("Danh mục")


def test_a_rule_drawn_under_the_title_is_not_part_of_it():
    text = ("THỦ TƯỚNG CHÍNH PHỦ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
            "Số: 12/QĐ-TTg\nHà Nội, ngày 3 tháng 2 năm 2026\n\nQUYẾT ĐỊNH\n"
            "Phê duyệt Chương trình thử nghiệm\n______________\n\nTHỦ TƯỚNG CHÍNH PHỦ\n\n"
            "Căn cứ Luật Tổ chức Chính phủ;\n\nQUYẾT ĐỊNH:\n\nĐiều 1. Phê duyệt Chương trình.\n"
            "Điều 2. Quyết định này có hiệu lực từ ngày ký.\n")
    document = parse_document(text.encode(), "rule.txt").document
    assert document.title == "Phê duyệt Chương trình thử nghiệm"


def test_footnotes_at_the_end_become_clauses_under_the_clauses_that_mark_them():
    """Công điện 220 as crawled: ten notes after its last appendix, marked in its opening
    paragraphs ("… còn chậm[9]."); before, they ran into the appendix's last row."""
    page = next(p for p in EXTRA.glob("*.md") if "220/CĐ-TTg" in p.read_text(encoding="utf-8")[:3000])
    parsed = parse_document(page.read_bytes(), page.name)
    notes = {c.label: c for c in parsed.clauses if c.kind == "footnote"}
    assert sorted(notes, key=lambda label: int(label.strip("[]"))) == [f"[{n}]" for n in range(1, 11)]
    by_id = {c.id: c for c in parsed.clauses}
    ninth = notes["[9]"]
    assert ninth.text.startswith("Một số địa phương đạt tỷ lệ thấp như: Điện Biên (13%)")
    assert "[9]" in by_id[ninth.parent].text and ninth.id in by_id[ninth.parent].children
    assert ninth.citation.startswith("chú thích [9], ") and ninth.original.startswith("[9] Một số địa phương")
    assert not any("Điện Biên (13%)" in c.text for c in parsed.clauses if c.kind != "footnote")


def test_notes_numbered_again_in_each_part_go_to_their_own_part():
    """Quyết định 2530: "[1]", "[2]" for Phụ lục I, then "[1]" … "[4]" for Phụ lục II."""
    page = next(p for p in EXTRA.glob("*.md") if "2530/QĐ-TTg" in p.read_text(encoding="utf-8")[:3000])
    notes = [c for c in parse_document(page.read_bytes(), page.name).clauses if c.kind == "footnote"]
    assert len(notes) == 6
    funding = next(c for c in notes if c.text.startswith("Nguồn lực dự kiến"))
    assert funding.id.split(":")[1].startswith("pl2") and "140.000 tỷ đồng" in funding.text
    assert next(c for c in notes if c.text.startswith("Toàn bộ 34 tỉnh")).id.split(":")[1].startswith("pl1")


def test_a_numbered_list_is_not_taken_for_notes():
    """"[1] …" lines whose numbers no text above marks stay the text's own."""
    text = ("QUYẾT ĐỊNH\n\nĐiều 1. Phê duyệt các nội dung sau:\n\n[1] Nội dung thứ nhất.\n\n"
            "[2] Nội dung thứ hai.\n\nĐiều 2. Quyết định này có hiệu lực từ ngày ký.\n")
    parsed = parse_document(text.encode(), "list.txt")
    assert not [c for c in parsed.clauses if c.kind == "footnote"]
    assert any("Nội dung thứ hai" in c.text for c in parsed.clauses)


def test_items_numbered_inside_a_clause_become_its_items():
    """Thông báo 624: "a) Bộ Khoa học và Công nghệ: (1) trình …; (2) chủ trì …; …": each "(n)" a
    clause cited "ý (n)", under the clause, whose body heads the duties."""
    page = next(p for p in EXTRA.glob("*.md") if "624/TB-VPCP" in p.read_text(encoding="utf-8")[:3000])
    parsed = parse_document(page.read_bytes(), page.name)
    by_id = {c.id: c for c in parsed.clauses}
    lead = by_id["tb-624-2025:m3.k5.a"]
    assert lead.text == "a) Bộ Khoa học và Công nghệ:" and len(lead.children) == 7
    fourth = by_id["tb-624-2025:m3.k5.a.y4"]
    assert fourth.kind == "y" and fourth.citation == "ý (4) điểm a khoản 5 Mục III Thông báo số 624/TB-VPCP"
    assert fourth.text.startswith("(4) đôn đốc các doanh nghiệp viễn thông phủ sóng 5G") and fourth.text.endswith("39,5%)")
    assert fourth.original == fourth.text
    duties = {a.clause_id: a for a in parsed.assignments if a.clause_id.startswith(lead.id)}
    assert lead.id not in duties  # the body alone is not a task
    assert [x.name for x in duties[fourth.id].lead] == ["Bộ Khoa học và Công nghệ"]
    assert duties["tb-624-2025:m3.k5.a.y2"].time_frame == "trước ngày 10 tháng 12 năm 2025"


def test_a_number_in_brackets_inside_a_sentence_is_not_an_item():
    from ingest.inline_items import split_inline_items
    from ingest.model import Clause

    text = "a) Thực hiện theo điểm (1) và điểm (2) của Quyết định."
    clause = Clause("x:a", "x", "diem", "a", ["a"], "điểm a", ["X"], text, text)
    assert split_inline_items([clause]) == [clause]


def test_many_note_starts_that_never_make_notes_are_read_in_one_pass():
    """A malformed file of 100,000 "[1]"/"[3]" lines: searched again from each "[1]", it took minutes."""
    import time

    from ingest.footnotes import split_footnotes
    from ingest.layout import split_lines

    lines = split_lines("\n".join(["Điều 1. Nội dung[1]."] + ["[1] a", "[3] b"] * 50_000))
    started = time.perf_counter()
    body, notes, _ = split_footnotes(lines)
    assert time.perf_counter() - started < 10 and notes == [] and len(body) == len(lines)
