"""Documents as officials copy them from a legal-text website: the document kept, the site dropped.

A crawled page is Markdown with the site's chrome around the document: a copyright notice, an
"amended contents" box, the page title, a metadata table (Số hiệu, Loại văn bản, Nơi ban hành,
Người ký, Ngày ban hành, Tình trạng …), an editorial summary, and after the document the site's
address, notices and login messages. Tables are written one cell per run of lines between lines
holding a lone `|` (two such lines in a row end a row), or as Markdown rows on one line; bold is
broken mid-word (`**V****ề việc**`) and lines are hard-wrapped.

`read_web_page` returns the document's own text, one source line per line, with bold and
italics removed; layout tables (the header with the issuer and the motto, the number and the
date; the signature block) become their cells' lines; data tables become Markdown rows
(`| a | b |`, a separator after the header) for the table parser. The site's metadata is kept
apart: identity falls back on it, and the report compares the two.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

METADATA_LABELS = {
    "số hiệu": "number", "loại văn bản": "type", "nơi ban hành": "issuer", "người ký": "signer",
    "ngày ban hành": "date", "ngày hiệu lực": "effective", "tình trạng": "validity",
    "ngày công báo": "gazette_date", "số công báo": "gazette_number",
}
PLACEHOLDERS = {"đã biết", "đang cập nhật", "không có", "không xác định", "..."}
_LABEL = re.compile(r"^\s*(" + "|".join(METADATA_LABELS) + r")\s*:\s*$", re.IGNORECASE)
# The site's own lines around a document (this site's footer and notices, and the page furniture).
_ENGLISH_NOTE = re.compile(r"^\s*Văn bản này (chưa cập nhật|đã có|có) .{0,30}Tiếng Anh", re.IGNORECASE)
_SITE_TITLE = re.compile(r"^\s*(?:" + "|".join(["Quyết định", "Nghị quyết", "Nghị định", "Thông tư", "Chỉ thị", "Công điện",
                         "Kế hoạch", "Thông báo", "Công văn", "Luật", "Đề án", "Báo cáo", "Hướng dẫn", "Kết luận",
                         "Văn bản hợp nhất", "Pháp lệnh", "Lệnh", "Quy chế", "Quy định"]) + r")\s+\d")
_FOOTER = re.compile(r"^\s*(Văn bản liên quan\s*$|NỘI DUNG SỬA ĐỔI, HƯỚNG DẪN\s*$|Địa chỉ:\s*$|"
                     r"Cảm ơn đã dùng ThuVienPhapLuat|Thưa Quý khách,?\s*$|Quý khách cần hỏi thêm thông tin|"
                     r"Tài khoản hiện đã đủ người)", re.IGNORECASE)
_CHROME_HEAD = re.compile(r"THƯ VIỆN PHÁP LUẬT|CÁC NỘI DUNG ĐƯỢC SỬA ĐỔI|Đang tải văn bản|Số hiệu\s*:", re.IGNORECASE)
_MOTTO = re.compile(r"CỘNG\s+HÒA\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA|Độc\s+lập\s*-\s*Tự\s+do")  # in capitals: not the Constitution cited in a preamble
_NUMBER_LINE = re.compile(r"^\s*Số\s*:")
_PLACE_DATE = re.compile(r"ngày\s*(\d{1,2}|\.+|…+)?\s*tháng\s*(\d{1,2}|\.+|…+)?\s*năm", re.IGNORECASE)
_SIGNING = re.compile(r"^\s*(KT\.|TM\.|TL\.|Q\.|QUYỀN\s|Nơi\s+nhận\s*:)", re.IGNORECASE)
_TYPE_LINE = re.compile(r"^\s*(QUYẾT ĐỊNH|KẾ HOẠCH|NGHỊ QUYẾT|NGHỊ ĐỊNH|THÔNG TƯ|CHỈ THỊ|CÔNG ĐIỆN|THÔNG BÁO|"
                        r"LUẬT|BÁO CÁO|ĐỀ ÁN|CHƯƠNG TRÌNH|HƯỚNG DẪN|QUY ĐỊNH|QUY CHẾ)\s*:?\s*$")
_RULE = re.compile(r"^\s*[-_=–—~.]{3,}\s*$")
_SECTION_LABEL = re.compile(r"^(?:[IVXLC]+|[A-ZĐ]|\d{1,3}(?:\.\d{1,3})*)\.?$")
_APPENDIX = re.compile(r"^PHỤ\s+LỤC\b")  # an appendix heading: never inside a cell
_SEPARATOR_ROW = re.compile(r"^\s*\|?(\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*$")


@dataclass
class WebPage:
    text: str  # the document's own text: one line per source line, cell or table row
    metadata: dict[str, str] = field(default_factory=dict)  # the site's metadata block, by METADATA_LABELS value
    chrome_lines: int = 0  # lines of the site's page dropped


def is_web_page(text: str) -> bool:
    """Crawled Markdown (cell-separator lines, Markdown rows, the site's chrome), not a plain text."""
    lines = text.split("\n")
    separators = sum(1 for line in lines if line.strip() == "|")
    rows = sum(1 for line in lines if line.rstrip().endswith("|") and "|" in line.rstrip()[:-1])
    return separators >= 2 or rows >= 2 or bool(_CHROME_HEAD.search(text[:5000]))


def unmark(line: str) -> str:
    """One line without Markdown emphasis, heading marks and rules ("**Điều 1.**** **" → "Điều 1.")."""
    line = line.replace("**", "")
    line = re.sub(r"(?<![(\w])\*|\*(?![)\w])", "", line)  # italics; a "(*)" footnote mark stays
    line = re.sub(r"^\s*#{1,6}\s+", "", line)
    line = re.sub(r"^\s*#{1,6}\s*$", "", line)
    if _RULE.match(line):
        return ""
    return re.sub(r"[ \t]+", " ", line).strip()


# --- tokens: text lines and tables --------------------------------------------------------------------


@dataclass
class _Table:
    rows: list[list[list[str]]]  # rows of cells, each cell its source lines
    first: int  # source line span
    last: int

    def cell_texts(self) -> list[list[str]]:
        return [[" ".join(unmark(line) for line in cell).strip() for cell in row] for row in self.rows]

    def layout_lines(self) -> list[str]:
        """A layout table's text: each cell's lines in reading order, a line broken inside a bold or
        italic span ("**TM. ỦY BAN\nNHÂN DÂN**") joined again."""
        return [line for row in self.rows for cell in row for line in emphasis_lines(cell)]


def emphasis_lines(lines: list[str]) -> list[str]:
    """Source lines re-joined where an emphasis span is still open at a line's end, then unmarked."""
    out: list[str] = []
    pending = ""
    for line in lines:
        pending = f"{pending} {line}".strip() if pending else line.strip()
        bold = pending.count("**")
        italic = pending.replace("**", "").count("*") - pending.count("(*)")
        if bold % 2 == 0 and italic % 2 == 0:
            out.append(unmark(pending))
            pending = ""
    if pending:
        out.append(unmark(pending))
    return [line for line in out if line]


def _inline_cells(line: str) -> list[str] | None:
    """Cells of a row written on one line: "| a | b |" or "a | b |" (the header layout of some pages)."""
    stripped = line.strip()
    if "|" not in stripped or stripped == "|" or not stripped.endswith("|"):
        return None
    inner = stripped[1:] if stripped.startswith("|") else stripped
    cells = [c.strip() for c in re.split(r"(?<!\\)\|", inner[:-1])]
    return [c.replace("\\|", "|") for c in cells]


def _tokens(lines: list[str]) -> list[tuple[str, object, int]]:
    """("sep", None, i), ("row", cells, i) or ("text", line, i) per source line."""
    out = []
    for i, line in enumerate(lines):
        if line.strip() == "|":
            out.append(("sep", None, i))
        elif _SEPARATOR_ROW.match(line) and "|" in line:
            out.append(("rule", None, i))
        elif (cells := _inline_cells(line)) is not None:
            out.append(("row", cells, i))
        else:
            out.append(("text", line, i))
    return out


def _items(lines: list[str]) -> list[tuple[str, object]]:
    """Text lines and tables in order. A `|`-line table: cells are the runs of lines between
    separators; two separators in a row end a row; a run after a complete row (as many cells as
    the first row) is no longer the table's."""
    tokens = _tokens(lines)
    items: list[tuple[str, object]] = []
    pos = 0
    while pos < len(tokens):
        kind, value, index = tokens[pos]
        if kind in ("row", "rule"):
            rows, first, last = [], index, index
            while pos < len(tokens) and tokens[pos][0] in ("row", "rule"):
                if tokens[pos][0] == "row":
                    rows.append([[c] for c in tokens[pos][1]])
                last = tokens[pos][2]
                pos += 1
            items.append(("table", _Table(rows, first, last)))
            continue
        if kind != "sep":
            items.append(("text", (value, index)))
            pos += 1
            continue
        table = _separated_table(tokens, pos)
        if table is None:
            pos += 1  # a stray separator
            continue
        found, pos = table
        items.append(("table", found))
    return items


def _separated_table(tokens, start: int):
    """The `|`-line table that starts at `tokens[start]` (a separator), and the position after it."""
    rows: list[list[list[str]]] = [[]]
    pos = start + 1
    width = None
    last = tokens[start][2]
    while pos < len(tokens):
        kind = tokens[pos][0]
        if kind == "sep":
            if pos + 1 < len(tokens) and tokens[pos + 1][0] == "sep" or not rows[-1]:
                if rows[-1]:
                    if not _section_row(rows[-1]):
                        width = max(width or 0, len(rows[-1]))
                    rows.append([])
                last = tokens[pos][2]
                pos += 1
                continue
            last = tokens[pos][2]
            pos += 1
            continue
        if kind != "text":
            break
        run = []
        while pos < len(tokens) and tokens[pos][0] == "text":
            run.append(tokens[pos])
            pos += 1
        closed = pos < len(tokens) and tokens[pos][0] == "sep"
        ends_row = closed and pos + 1 < len(tokens) and tokens[pos + 1][0] == "sep"  # a cell: a row ends after it
        complete = width is not None and len(rows[-1]) >= width and not (ends_row and width > 1)  # a box: one cell a row
        after_signature = len(rows) == 1 and len(rows[0]) >= 2 and _signature(rows[0][-1])
        if not closed or complete or not run[0][1].strip() or after_signature or _heading_run(run[0][1]):
            pos -= len(run)  # the text after the table: unclosed, after a complete row or a blank line,
            break            # after the signature that ends a one-row layout table, or a heading
        rows[-1].append([value for _, value, _ in run])
    rows = [row for row in rows if row]
    if not rows:
        return None
    return _Table(rows, tokens[start][2], last), pos


# --- the page --------------------------------------------------------------------------------------


def _heading_run(line: str) -> bool:
    """A Markdown heading ("## II.") or an appendix's title: the text after a table, never a cell."""
    return line.lstrip().startswith("#") or bool(_APPENDIX.match(unmark(line)))


def _section_row(row: list[list[str]]) -> bool:
    """"| B | PHÁT TRIỂN KINH TẾ SỐ … |": a group heading inside a data table, narrower than its rows."""
    return len(row) == 2 and bool(_SECTION_LABEL.match(unmark(" ".join(row[0]))))


def _signature(cell: list[str]) -> bool:
    """A signing block: a position in capitals ("TM. ỦY BAN NHÂN DÂN", "BỘ TRƯỞNG"), then a name."""
    texts = [unmark(line) for line in cell if unmark(line)]
    return len(texts) >= 2 and len(texts) <= 8 and texts[0].isupper() and not texts[-1].isupper() \
        and len(texts[-1].split()) <= 5 and texts[-1][:1].isupper()


def _is_layout(table: _Table) -> bool:
    """The header (issuer and motto, number and date) or the signature block, laid out as a table."""
    cells = [c for row in table.cell_texts() for c in row]
    if max((len(r) for r in table.rows), default=0) <= 1:
        return True  # a box around text
    if len(table.rows) > 4:
        return False
    return any(_MOTTO.search(c) or _NUMBER_LINE.match(c) or _PLACE_DATE.search(c) and len(c) < 80
               or _SIGNING.match(c) for c in cells)


def _metadata(lines: list[str], end: int) -> dict[str, str]:
    """The site's metadata block before line `end`: a label line, then its value on the next text line."""
    found: dict[str, str] = {}
    flat = [text for text in (unmark(line) for line in lines[:end]) if text and text != "|"]
    for pos, text in enumerate(flat):  # "**\nNgày hiệu lực:**" is one label once the marks are gone
        m = _LABEL.match(text)
        if m and pos + 1 < len(flat):
            value = flat[pos + 1].strip()
            key = METADATA_LABELS[m.group(1).lower()]
            if key not in found and value.lower() not in PLACEHOLDERS and not _LABEL.match(value):
                found[key] = value
    return found


def _motto_line(lines: list[str]) -> int | None:
    """The line where the motto ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", often wrapped) begins."""
    starts, parts, length = [], [], 0
    for line in lines:
        text = unmark(line)
        starts.append(length)
        parts.append(text)
        length += len(text) + 1
    m = _MOTTO.search(" ".join(parts))
    if not m:
        return None
    return max(i for i, start in enumerate(starts) if start <= m.start())


def _upper_or_blank(line: str) -> bool:
    text = unmark(line)
    return not text or text == "|" or text.isupper()


def _document_lines(lines: list[str]) -> tuple[int, int]:
    """The document's own lines, [start, end): from its header (the row holding the issuer and the
    motto, or the type line when there is no header) to the site's footer."""
    chrome = any(_CHROME_HEAD.search(line) for line in lines[:300])
    motto = _motto_line(lines)
    start = 0
    if motto is not None:
        start = motto
        while start > 0 and _upper_or_blank(lines[start - 1]):
            start -= 1  # the issuer (upper case) and the separators of the header row, above the motto
            if lines[start].strip() == "|" and start > 0 and lines[start - 1].strip() == "|":
                break  # the end of the row before: the header's row starts here
    elif chrome:
        start = next((i for i, line in enumerate(lines) if _TYPE_LINE.match(unmark(line))), 0)
    end = next((i for i in range(start, len(lines)) if _FOOTER.match(unmark(lines[i]))
                or _ENGLISH_NOTE.match(lines[i])), len(lines))
    if end < len(lines) and _ENGLISH_NOTE.match(lines[end]):
        before = max((i for i in range(start, end) if unmark(lines[i])), default=None)
        if before is not None and _SITE_TITLE.match(unmark(lines[before])):
            end = before  # the site's own title line for the document, above the note
    return start, end


def read_web_page(text: str) -> WebPage:
    lines = [line.rstrip("\r") for line in text.split("\n")]
    start, end = _document_lines(lines)
    out: list[str] = []
    open_span: list[str] = []  # lines of a bold span not closed yet ("**1. Sở" / "Khoa học và Công nghệ**")
    for kind, value in _items(lines[start:end]):
        if kind == "text":
            line = value[0]
            if open_span:
                open_span.append(line)
                if "".join(open_span).count("**") % 2 == 0 or len(open_span) >= 4:
                    out.append(unmark(" ".join(part.strip() for part in open_span)))
                    open_span = []
                continue
            if line.lstrip().startswith("*"):
                out.append("")  # an emphasised line starts a paragraph: a heading, an article, a preamble clause
            if line.count("**") % 2 == 1 and unmark(line):
                open_span = [line]
                continue
            out.append(unmark(line))
            continue
        if open_span:
            out.append(unmark(" ".join(part.strip() for part in open_span)))
            open_span = []
        cells = value.cell_texts()
        if _is_layout(value) and max(len(r) for r in value.rows) <= 1:
            out += [""] + [unmark(line) for row in value.rows for cell in row for line in cell] + [""]  # boxed prose
        elif _is_layout(value):
            for line in value.layout_lines():  # each its own paragraph: "Số:", the date, the signer
                out += ["", line]
            out.append("")
        else:
            out.append("")
            for n, row in enumerate(cells):
                out.append("| " + " | ".join(c.replace("|", "\\|") for c in row) + " |")
                if n == 0:
                    out.append("|" + "---|" * len(row))
            out.append("")
    if open_span:
        out.append(unmark(" ".join(part.strip() for part in open_span)))
    document = re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip("\n") + "\n"
    metadata = _metadata(lines, start)
    title = next((unmark(line) for line in lines[end:end + 3] if _SITE_TITLE.match(unmark(line))), None)
    if title:
        metadata["title"] = title  # "Quyết định 84/2025/QĐ-UBND bãi bỏ …": how the site names it
    return WebPage(document, metadata, start + len(lines) - end)
