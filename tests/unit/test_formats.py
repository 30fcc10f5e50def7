"""Unit tier: Word (.docx) and PDF files → the text the parser reads (ingest.formats).

The fixtures in tests/fixtures/formats/ are two real documents of eval/corpus-extra/ written as
Word files with automatic numbering and real tables, and their PDFs (made by LibreOffice, see
the README there); the small documents of the numbering and table tests are built here.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from pathlib import Path

import pytest

from ingest.formats import FormatError, to_text

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "formats"
QD = "qd-143-2025-dong-thap"  # Quyết định + Quy chế: Chương / Điều / khoản / điểm, appendix table
KH = "kh-310-2025-ha-noi"  # Kế hoạch: I. / 1. / a) / -, appendix table, running footer


@pytest.fixture(scope="module")
def converted():
    """Each fixture converted once: name → text."""
    cache: dict[str, str] = {}

    def get(name: str) -> str:
        if name not in cache:
            cache[name] = to_text((FIXTURES / name).read_bytes(), name)
        return cache[name]

    return get


def lines_of(text: str) -> list[str]:
    return text.split("\n")


# --- recognising the format ----------------------------------------------------------------------

def test_plain_text_and_markdown_are_not_converted():
    assert to_text("Điều 1. Phạm vi điều chỉnh\n".encode(), "a.txt") is None
    assert to_text((FIXTURES / f"{KH}.md").read_bytes(), f"{KH}.md") is None
    assert to_text(b"", "empty.txt") is None
    assert to_text("Điều 1.".encode("utf-16"), "u16.txt") is None  # decode() refuses it with its own message


def test_zip_that_is_not_a_docx_is_refused_clearly():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "Điều 1.")
    with pytest.raises(FormatError, match=r"^notes\.zip: a ZIP archive, not a Word document"):
        to_text(buffer.getvalue(), "notes.zip")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(FormatError, match="Excel workbook"):
        to_text(buffer.getvalue(), "book.xlsx")


def test_damaged_docx_and_old_doc_are_refused_clearly():
    data = (FIXTURES / f"{QD}.docx").read_bytes()
    with pytest.raises(FormatError, match=r"^cut\.docx: a damaged ZIP/\.docx file"):
        to_text(data[: len(data) // 2], "cut.docx")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document")  # not XML
    with pytest.raises(FormatError, match=r"^bad\.docx: a damaged \.docx file"):
        to_text(buffer.getvalue(), "bad.docx")
    with pytest.raises(FormatError, match=r"^old\.doc: a Word 97–2003"):
        to_text(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "old.doc")


# --- DOCX: the real documents --------------------------------------------------------------------

def test_docx_numbering_is_rendered(converted):
    lines = lines_of(converted(f"{QD}.docx"))
    # The numbers are Word's, not typed: the paragraph text has none.
    import docx

    document = docx.Document(str(FIXTURES / f"{QD}.docx"))
    texts = [p.text for p in document.paragraphs]
    assert "Phạm vi điều chỉnh và đối tượng áp dụng" in texts
    assert not any(t.startswith(("Điều 1.", "Chương")) for t in texts)
    # Decision: Điều 1–3 (direct numPr); regulation: Chương I/II/III, its Điều restarting at 1
    # (startOverride, carried by the paragraph style), khoản "1." and điểm "a)".
    assert "Điều 1. Ban hành kèm theo Quyết định này Quy chế quản lý, vận hành, khai thác, sử dụng Hệ thống thư điện tử công vụ tỉnh Đồng Tháp." in lines
    assert "Điều 3. Chánh Văn phòng Ủy ban nhân dân Tỉnh; Thủ trưởng các sở, ban, ngành, đoàn thể Tỉnh; Chủ tịch Ủy ban nhân dân các xã, phường; các đơn vị, tổ chức và cá nhân có liên quan chịu trách nhiệm thi hành Quyết định này./." in lines
    assert [line for line in lines if line.startswith("Chương")] == ["Chương I", "Chương II", "Chương III"]
    dieu = [line.split(".")[0] for line in lines if re.match(r"Điều \d+\.", line)]
    assert dieu == [f"Điều {n}" for n in (1, 2, 3)] + [f"Điều {n}" for n in range(1, 18)]
    assert "Điều 1. Phạm vi điều chỉnh và đối tượng áp dụng" in lines
    assert "1. Quy chế này quy định việc quản lý, vận hành, khai thác, sử dụng Hệ thống thư điện tử công vụ tỉnh Đồng Tháp." in lines
    assert "a) Hộp thư điện tử công vụ của các cơ quan, tổ chức đặt theo cấu trúc sau: <tên viết tắt của cơ quan viết liền, không dấu>@dongthap.gov.vn." in lines


def test_docx_numbering_restarts_under_a_higher_level(converted):
    lines = lines_of(converted(f"{QD}.docx"))
    # khoản restart at each Điều, điểm at each khoản
    after = lines[lines.index("Điều 2. Giải thích từ ngữ"):]
    assert after[2].startswith("1. Hệ thống thư điện tử là hệ thống thông tin")
    dieu6 = lines[lines.index("Điều 6. Định dạng hộp thư điện tử công vụ"):lines.index("Điều 7. Dung lượng lưu trữ của hộp thư điện tử công vụ")]
    labels = [line.split(" ")[0] for line in dieu6[1:] if re.match(r"^(\d\.|[a-z]\))", line)]
    assert labels == ["1.", "2.", "a)", "b)", "c)", "d)", "3.", "a)", "b)"]


def test_docx_plan_levels_and_bullets(converted):
    lines = lines_of(converted(f"{KH}.docx"))
    romans = [line for line in lines if re.match(r"^[IVX]+\. ", line)]
    assert romans == ["I. MỤC ĐÍCH, YÊU CẦU", "II. MỤC TIÊU", "III. GIẢI PHÁP", "IV. KINH PHÍ THỰC HIỆN",
                      "V. TỔ CHỨC THỰC HIỆN"]
    assert lines[lines.index("I. MỤC ĐÍCH, YÊU CẦU") + 1] == "1. Mục đích"
    assert lines[lines.index("1. Mục đích") + 1].startswith("- Cụ thể hóa nhiệm vụ, giải pháp chủ yếu")
    assert lines[lines.index("II. MỤC TIÊU") + 2] == "1. Mục tiêu đến hết năm 2026"  # restarted under II
    assert "a) Nghiên cứu, triển khai có hiệu quả các Nghị định, Thông tư hướng dẫn Luật Viễn thông" in " ".join(lines)
    # 47 "- " items in the source, 12 of them in the "Nơi nhận" cell of the signature table
    assert sum(1 for line in lines if line.startswith("- ")) == 35


def test_docx_tables_are_pipe_rows_in_document_order(converted):
    text = converted(f"{KH}.docx")
    lines = lines_of(text)
    header = "| TT | Nội dung/nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian thực hiện |"
    at = lines.index(header)
    assert lines[at - 1] == "" and lines[at + 1] == "|---|---|---|---|---|"
    # the TT column is Word numbering inside the cells
    assert lines[at + 2] == ("| 1 | Tổ chức điều chỉnh, bổ sung quy hoạch hạ tầng viễn thông trong các khu công nghệ "
                             "cao và khu công nghiệp đến năm 2030 | Ban Quản lý các khu công nghệ cao và khu công "
                             "nghiệp | Sở Khoa học và Công nghệ Sở Công Thương; UBND các phường, xã | Quý III Năm 2026 |")
    rows = [line for line in lines[at + 2:] if line.startswith("| ")]
    assert [row.split(" | ")[0] for row in rows] == [f"| {n}" for n in range(1, 7)]
    assert lines[at + 2 + 6] == "" or at + 2 + 6 == len(lines)
    # order: the header table first, the signature table after the closing paragraph, the
    # appendix heading before its table
    assert lines[0].startswith("| ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI")
    assert lines[2] == "| Số: 310/KH-UBND | Hà Nội, ngày 24 tháng 11 năm 2025 |"
    closing = next(i for i, line in enumerate(lines) if line.startswith("Ủy ban nhân dân Thành phố yêu cầu"))
    signature = next(i for i, line in enumerate(lines) if line.startswith("| Nơi nhận:"))
    appendix = lines.index("PHỤ LỤC")
    assert closing < signature < appendix < at


def test_docx_text_is_nfc_without_trailing_spaces(converted):
    for name in (f"{QD}.docx", f"{KH}.docx"):
        text = converted(name)
        assert text == unicodedata.normalize("NFC", text)
        assert not any(line != line.rstrip() or "  " in line for line in lines_of(text))
        assert "\n\n\n" not in text


# --- DOCX: small documents built here ------------------------------------------------------------

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _docx(body: str, numbering: str = "", styles: str = "") -> bytes:
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    document = docx.Document()
    root = document.element.body
    for child in list(root):
        if child.tag != qn("w:sectPr"):
            root.remove(child)
    sect = root.find(qn("w:sectPr"))
    for element in list(parse_xml(f"<w:body {W}>{body}</w:body>")):
        sect.addprevious(element)
    if numbering:
        part = document.part.numbering_part.element
        for child in list(part):
            part.remove(child)
        for element in list(parse_xml(f"<w:numbering {W}>{numbering}</w:numbering>")):
            part.append(element)
    if styles:
        for element in list(parse_xml(f"<w:styles {W}>{styles}</w:styles>")):
            document.styles.element.append(element)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _p(text: str, num: int | None = None, ilvl: int | None = 0, style: str | None = None, runs: str = "") -> str:
    ppr = ""
    if style:
        ppr += f'<w:pStyle w:val="{style}"/>'
    if num is not None:
        ppr += "<w:numPr>" + (f'<w:ilvl w:val="{ilvl}"/>' if ilvl is not None else "") + f'<w:numId w:val="{num}"/></w:numPr>'
    body = runs or (f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>' if text else "")
    return f"<w:p><w:pPr>{ppr}</w:pPr>{body}</w:p>"


def _lvl(ilvl: int, fmt: str, text: str, start: int = 1, extra: str = "") -> str:
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/>{extra}</w:lvl>')


SYMBOL_BULLET = "\uf0b7"  # Word's default bullet: a Symbol-font private-use code
LEGAL = (f'<w:abstractNum w:abstractNumId="1">{_lvl(0, "decimal", "Điều %1.")}{_lvl(1, "decimal", "%2.")}'
         f'{_lvl(2, "lowerLetter", "%3)")}{_lvl(3, "bullet", SYMBOL_BULLET)}</w:abstractNum>')


def test_numbering_counters_restarts_and_overrides():
    numbering = (LEGAL
                 + '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
                 + '<w:num w:numId="2"><w:abstractNumId w:val="1"/>'
                   '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
                 + '<w:num w:numId="3"><w:abstractNumId w:val="1"/></w:num>')
    body = "".join([
        _p("Phạm vi", 1, 0), _p("Một", 1, 1), _p("Hai", 1, 1), _p("điểm", 1, 2), _p("điểm", 1, 2),
        _p("Ba", 1, 1), _p("điểm lại", 1, 2), _p("gạch", 1, 3), _p("Đối tượng", 1, 0), _p("Một lại", 1, 1),
        _p("Không số"), _p("Quy chế", 2, 0), _p("Một", 2, 1), _p("Tiếp", 3, 0), _p("Tắt", 0, 0),
    ])
    assert lines_of(to_text(_docx(body, numbering), "n.docx")) == [
        "Điều 1. Phạm vi", "1. Một", "2. Hai", "a) điểm", "b) điểm", "3. Ba", "a) điểm lại", "- gạch",
        "Điều 2. Đối tượng", "1. Một lại", "Không số",
        "Điều 1. Quy chế",  # startOverride: the list restarts at its num's first paragraph
        "1. Một",
        "Điều 2. Tiếp",  # another num of the same abstractNum, no override: Word continues the list
        "Tắt", "",
    ]


def test_numbering_formats_start_values_and_bullets():
    numbering = "".join([
        (f'<w:abstractNum w:abstractNumId="1">{_lvl(0, "upperRoman", "%1.")}{_lvl(1, "decimal", "%1.%2.")}'
         f'{_lvl(2, "decimal", "%1.%2.%3", extra="<w:isLgl/>")}</w:abstractNum>'),
        f'<w:abstractNum w:abstractNumId="2">{_lvl(0, "decimal", "%1)", start=5)}</w:abstractNum>',
        (f'<w:abstractNum w:abstractNumId="3">{_lvl(0, "lowerRoman", "(%1)")}{_lvl(1, "upperLetter", "%2.")}'
         f'{_lvl(2, "decimalZero", "%3.")}</w:abstractNum>'),
        (f'<w:abstractNum w:abstractNumId="4">{_lvl(0, "bullet", "•")}{_lvl(1, "bullet", "–")}'
         f'{_lvl(2, "bullet", "+")}{_lvl(3, "bullet", "o")}{_lvl(4, "none", "")}</w:abstractNum>'),
        f'<w:abstractNum w:abstractNumId="5">{_lvl(0, "decimal", "Điều %1.")}</w:abstractNum>',
    ] + [f'<w:num w:numId="{n}"><w:abstractNumId w:val="{n}"/></w:num>' for n in range(1, 6)])
    styles = ('<w:style w:type="paragraph" w:styleId="DieuHeading"><w:name w:val="Dieu Heading"/>'
              '<w:pPr><w:numPr><w:numId w:val="5"/></w:numPr></w:pPr></w:style>'
              '<w:style w:type="paragraph" w:styleId="DieuChild"><w:name w:val="Dieu Child"/>'
              '<w:basedOn w:val="DieuHeading"/></w:style>')
    body = "".join([
        _p("A", 1, 0), _p("B", 1, 1), _p("C", 1, 1), _p("D", 1, 2), _p("E", 1, 0), _p("F", 1, 1),
        _p("năm", 2, 0), _p("sáu", 2, 0),
        _p("i", 3, 0), _p("ii", 3, 0), _p("A", 3, 1), _p("01", 3, 2), _p("02", 3, 2),
        _p("chấm", 4, 0), _p("gạch", 4, 1), _p("cộng", 4, 2), _p("tròn", 4, 3), _p("không nhãn", 4, 4),
        _p("Phạm vi", style="DieuHeading"), _p("Đối tượng", style="DieuChild"),
    ])
    assert lines_of(to_text(_docx(body, numbering, styles), "f.docx")) == [
        "I. A", "I.1. B", "I.2. C", "1.2.1 D", "II. E", "II.1. F",
        "5) năm", "6) sáu",
        "(i) i", "(ii) ii", "A. A", "01. 01", "02. 02",
        "- chấm", "- gạch", "+ cộng", "- tròn", "không nhãn",
        "Điều 1. Phạm vi", "Điều 2. Đối tượng",  # numbering carried by the style, through basedOn
        "",
    ]


def test_runs_breaks_hidden_and_tracked_text():
    runs = ('<w:r><w:t>Căn cứ</w:t></w:r><w:r><w:tab/><w:t>Luật</w:t></w:r>'
            '<w:r><w:rPr><w:vanish/></w:rPr><w:t>ẩn</w:t></w:r>'
            '<w:del w:id="1" w:author="a"><w:r><w:delText> cũ</w:delText></w:r></w:del>'
            '<w:ins w:id="2" w:author="a"><w:r><w:t xml:space="preserve"> mới</w:t></w:r></w:ins>'
            '<w:r><w:br/><w:t>dòng hai</w:t></w:r>'
            '<w:r><w:rPr><w:caps/></w:rPr><w:t xml:space="preserve"> hoa</w:t></w:r>'
            '<w:hyperlink><w:r><w:t xml:space="preserve"> liên kết</w:t></w:r></w:hyperlink>')
    decomposed = "Vie\u0323\u0302t Nam  "  # combining marks, trailing spaces
    body = _p("", runs=runs) + _p(decomposed) + _p("") + _p("") + _p("cuối")
    assert to_text(_docx(body), "r.docx") == "Căn cứ Luật mới\ndòng hai HOA liên kết\nViệt Nam\n\ncuối\n"


def test_tables_merged_cells_escaped_pipes_and_order():
    import docx

    document = docx.Document()
    document.add_paragraph("Trước bảng")
    table = document.add_table(rows=4, cols=3)
    for c, text in enumerate(["TT", "Nhiệm vụ", "Chủ trì"]):
        table.cell(0, c).text = text
    table.cell(1, 0).text = "I. NHIỆM VỤ CHUNG"
    table.cell(1, 0).merge(table.cell(1, 2))  # gridSpan 3
    table.cell(2, 0).text = "1"
    table.cell(2, 1).text = "Xây dựng | vận hành"
    table.cell(2, 1).add_paragraph("nền tảng số")
    table.cell(2, 2).text = "Sở KH&CN"
    table.cell(2, 2).merge(table.cell(3, 2))  # vMerge restart / continue
    table.cell(3, 0).text = "2"
    table.cell(3, 1).text = "Đào tạo"
    document.add_table(rows=1, cols=2)  # an empty table: nothing
    document.add_paragraph("Sau bảng")
    buffer = io.BytesIO()
    document.save(buffer)
    assert to_text(buffer.getvalue(), "t.docx") == (
        "Trước bảng\n"
        "\n"
        "| TT | Nhiệm vụ | Chủ trì |\n"
        "|---|---|---|\n"
        "| I. NHIỆM VỤ CHUNG | | |\n"  # merged across: the text once, the covered cells empty
        "| 1 | Xây dựng \\| vận hành nền tảng số | Sở KH&CN |\n"
        "| 2 | Đào tạo | |\n"  # merged down: empty below the text
        "\n"
        "Sau bảng\n"
    )


def test_empty_docx_is_refused():
    with pytest.raises(FormatError, match=r"^e\.docx: the Word document has no text"):
        to_text(_docx(_p("")), "e.docx")


# --- PDF: the real documents ---------------------------------------------------------------------

_SITE_CHROME = re.compile(  # banners of the site the sources were saved from; none is in these two
    r"^(Bản dịch này thuộc quyền sở hữu|THƯ VIỆN PHÁP LUẬT|CÁC NỘI DUNG ĐƯỢC SỬA ĐỔI|Các nội dung của VB này"
    r"|Văn bản này có phụ lục|Lưu trữ|Ghi chú|X$|-{3,}$)")


def _collapse(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def source_sentences(markdown: str) -> list[str]:
    """The source's sentences: markup removed, each paragraph or table cell split after . ; : ! ?"""
    markdown = re.sub(r"\*\*|\*|__|#", "", markdown)
    pieces: list[str] = []
    for block in re.split(r"\n\s*\n", markdown):
        cells = re.split(r"^\|\s*$", block, flags=re.MULTILINE) if block.lstrip().startswith("|") else [block]
        for cell in cells:
            pieces.extend(re.split(r"(?<=[.;:!?])\s+", " ".join(cell.split("\n"))))
    sentences = [_collapse(p.replace("|", " ")) for p in pieces]
    return [s for s in sentences if re.search(r"\w", s) and not _SITE_CHROME.match(s)]


@pytest.mark.parametrize("name", [QD, KH])
def test_pdf_keeps_every_sentence_of_the_source(name, converted):
    sentences = source_sentences((FIXTURES / f"{name}.md").read_text(encoding="utf-8"))
    assert len(sentences) > 150
    for kind in ("pdf", "docx"):
        text = _collapse(converted(f"{name}.{kind}").replace(" | ", " ").replace("\\|", "|"))
        missing = [s for s in sentences if s not in text]
        share = len(missing) / len(sentences)
        print(f"{name}.{kind}: {len(sentences)} sentences, {len(missing)} missing ({share:.1%})")
        assert 1 - share >= 0.98, f"{name}.{kind}: {share:.1%} missing: {missing}"


def test_pdf_paragraphs_numbering_and_tables(converted):
    lines = lines_of(converted(f"{QD}.pdf"))
    assert "Điều 1. Phạm vi điều chỉnh và đối tượng áp dụng" in lines
    assert "1. Quy chế này quy định việc quản lý, vận hành, khai thác, sử dụng Hệ thống thư điện tử công vụ tỉnh Đồng Tháp." in lines
    assert "Chương II" in lines
    # the appendix table: cell by cell, a row label staying with the cell text on its baseline
    at = lines.index("STT")
    assert lines[at:at + 5] == ["STT", "Mẫu biểu", "Nội dung", "1 Mẫu số 01", "Đề nghị cấp mới hộp thư điện tử công vụ"]
    # the signature row broke across pages 1-2: its cells are put back together
    at = lines.index("Nơi nhận:")
    assert lines[at:at + 8] == ["Nơi nhận:", "- Như Điều 3;", "- Văn phòng Chính phủ;", "- Cục KTVB&QLXLVPHC - Bộ",
                                "Tư pháp;", "- Vụ Pháp chế - Bộ Khoa học và", "Công nghệ;",
                                "- VP Đoàn ĐBQH và HĐND Tỉnh;"]
    assert lines[lines.index("- Lưu: VT, KGVX (KD).") + 1] == "TM. ỦY BAN NHÂN DÂN"
    kh = lines_of(converted(f"{KH}.pdf"))
    assert kh[kh.index("3 Xây dựng kế hoạch đầu tư công, hợp tác công tư, dự toán kinh phí ngân sách nhà nước đảm "
                       "bảo thực hiện các mục tiêu, nhiệm vụ của Kế hoạch này trong phạm vi quản lý theo quy định "
                       "của pháp luật") + 1] == "Ban Quản lý các khu công nghệ cao và khu công nghiệp"
    assert "Số: 310/KH-UBND" in kh and "Hà Nội, ngày 24 tháng 11 năm 2025" in kh


def test_pdf_running_headers_footers_and_page_numbers_removed(converted):
    qd, kh = lines_of(converted(f"{QD}.pdf")), lines_of(converted(f"{KH}.pdf"))
    assert not [line for line in qd + kh if re.fullmatch(r"\d{1,3}", line)]
    assert not [line for line in kh if "Trang" in line]  # "Kế hoạch số 310/KH-UBND … - Trang N"
    assert sum("1132/QĐ-TTg" in line for line in kh) >= 2  # "QĐ-" + "TTg" across a line end stays one code


def test_pdf_text_is_nfc_one_paragraph_per_line(converted):
    for name in (f"{QD}.pdf", f"{KH}.pdf"):
        text = converted(name)
        assert text == unicodedata.normalize("NFC", text)
        assert not any(line != line.strip() or "  " in line for line in lines_of(text))
    lines = lines_of(converted(f"{KH}.pdf"))
    assert lines[lines.index("I. MỤC ĐÍCH, YÊU CẦU") - 1].startswith("Triển khai thực hiện Nghị quyết số 57-NQ/TW")
    assert lines[lines.index("I. MỤC ĐÍCH, YÊU CẦU") - 1].endswith("với những nội dung cụ thể như sau:")


def test_two_column_pdf_reads_the_left_column_then_the_right(converted):
    expected = (FIXTURES / "two-columns.txt").read_text(encoding="utf-8")
    assert converted("two-columns.pdf") == expected


# --- PDF: refusals -------------------------------------------------------------------------------

def test_scan_is_refused():
    with pytest.raises(FormatError, match=r"^scan\.pdf: the PDF has no text layer \(a scan\); it needs OCR first$"):
        to_text((FIXTURES / "scan.pdf").read_bytes(), "scan.pdf")


def test_truncated_and_damaged_pdfs_are_refused_clearly():
    data = (FIXTURES / f"{KH}.pdf").read_bytes()
    with pytest.raises(FormatError, match=r"^cut\.pdf: the PDF is truncated or damaged"):
        to_text(data[: int(len(data) * 0.4)], "cut.pdf")
    with pytest.raises(FormatError, match=r"^junk\.pdf: the PDF (cannot be read|has no pages)"):
        to_text(b"%PDF-1.7\n" + bytes(range(256)) * 20 + b"\n%%EOF\n", "junk.pdf")


def _pdf(lines: list[bytes], to_unicode: bytes | None = None) -> bytes:
    """A one-page PDF showing `lines` in Helvetica (WinAnsi), optionally with a ToUnicode map."""
    content = b"BT /F1 11 Tf 72 770 Td 14 TL " + b" ".join(b"(" + line + b") Tj T*" for line in lines) + b" ET"
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding"
    font += b" /ToUnicode 6 0 R >>" if to_unicode else b" >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >>"
         b" /Contents 4 0 R >>"),
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        font,
    ]
    if to_unicode:
        objects.append(b"<< /Length %d >>\nstream\n" % len(to_unicode) + to_unicode + b"\nendstream")
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def _cmap(ranges: bytes) -> bytes:
    return (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Test def /CMapType 2 def "
            b"1 begincodespacerange <00> <FF> endcodespacerange " + ranges + b" endcmap "
            b"CMapName currentdict /CMapResource defineresource pop end end")


def test_pdf_helper_gives_readable_text():
    text = to_text(_pdf([b"Dieu 1. Pham vi dieu chinh cua Quy che nay"] * 3), "ok.pdf")
    assert text.startswith("Dieu 1. Pham vi dieu chinh cua Quy che nay")


def test_pdf_decomposed_marks_are_composed():
    # codes 0x80 and 0x81 are the combining dot below and circumflex: "Vie" + U+0323 U+0302 + "t"
    cmap = _cmap(b"2 beginbfchar <80> <0323> <81> <0302> endbfchar "
                 b"1 beginbfrange <20> <7E> <0020> endbfrange")
    text = to_text(_pdf([b"Cong hoa xa hoi chu nghia Vie\x80\x81t Nam"] * 4, cmap), "nfc.pdf")
    assert "Cong hoa xa hoi chu nghia Việt Nam" in text
    assert text == unicodedata.normalize("NFC", text)


def test_pdf_garbage_text_layers_are_refused():
    private_use = _cmap(b"1 beginbfrange <21> <7E> <E021> endbfrange")
    with pytest.raises(FormatError, match=r"^pua\.pdf: the PDF's text layer is unreadable \(many characters"):
        to_text(_pdf([b"Cong hoa xa hoi chu nghia Viet Nam"] * 4, private_use), "pua.pdf")
    tcvn3 = "Céng hoµ x· héi chñ nghÜa ViÖt Nam - §éc lËp - Tù do - H¹nh phóc".encode("cp1252")
    with pytest.raises(FormatError, match=r"^vn3\.pdf: the PDF's text layer is unreadable \(it uses a legacy"):
        to_text(_pdf([tcvn3] * 4), "vn3.pdf")
    detached = _cmap(b"2 beginbfchar <80> <0323> <81> <0302> endbfchar "
                     b"1 beginbfrange <20> <7E> <0020> endbfrange")
    with pytest.raises(FormatError, match=r"^marks\.pdf: the PDF's text layer is unreadable \(its tone marks"):
        to_text(_pdf([b"Vie \x80 \x81 t Nam co \x80 ng ho \x81 a xa ho \x80 i"] * 6, detached), "marks.pdf")
    spaced = b"C o n g h o a x a h o i c h u n g h i a V i e t N a m"
    with pytest.raises(FormatError, match=r"^spaced\.pdf: the PDF's text layer is unreadable \(its letters"):
        to_text(_pdf([spaced] * 4), "spaced.pdf")
    cid = b"(cid:12)(cid:40)(cid:7) Dieu (cid:3)(cid:9)(cid:44)(cid:18)"
    with pytest.raises(FormatError, match=r"unreadable \(many characters"):
        to_text(_pdf([cid.replace(b"(", b"\\(").replace(b")", b"\\)")] * 5), "cid.pdf")


def test_line_end_hyphens():
    from collections import Counter

    from ingest.formats import _join

    vocabulary = Counter(["internet", "qđ-ttg"])
    assert _join("kết nối Inter-", "net vạn vật", vocabulary) == "kết nối Internet vạn vật"  # a split word
    assert _join("Quyết định số 1132/QĐ-", "TTg ngày", vocabulary) == "Quyết định số 1132/QĐ-TTg ngày"
    assert _join("hợp tác công-", "tư", vocabulary) == "hợp tác công-tư"  # no evidence: the hyphen stays
    assert _join("kinh tế -", "xã hội", vocabulary) == "kinh tế - xã hội"
    assert _join("giai đoạn 2021-", "2030", vocabulary) == "giai đoạn 2021-2030"
