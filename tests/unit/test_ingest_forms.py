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
