"""Word (.docx) and PDF files → the plain text the parser reads, as an official would paste it.

`to_text(data, name)` recognises the format by content, not by the file name: a ZIP holding
`word/document.xml` is a .docx, bytes starting with `%PDF-` a PDF; anything else gives None and
the caller decodes it as UTF-8 text. Other ZIP archives (.xlsx, .odt, a plain .zip) and Word
97–2003 / encrypted Office files (OLE2) raise `FormatError` with a message saying what the file
is, since decoding them as text could only fail less clearly.

The text: one paragraph per line, NFC, whitespace runs collapsed to one space, no trailing
spaces, at most one blank line in a row.

DOCX
- Body paragraphs and tables in document order (the body's children; content controls, smart
  tags, hyperlinks, tracked insertions are read through; tracked deletions, hidden text, field
  instructions, drawings, text boxes, headers, footers and footnotes are not read).
- Word's automatic numbering is rendered as the reader sees it and prefixed to the paragraph:
  "Điều 1. …", "1. …", "a) …", "II. …". The counters follow Word: one set per abstractNum
  (w:num instances of one abstractNum continue one another), a level restarts after a higher
  level is used (w:lvlRestart can change or stop that), a w:num with w:lvlOverride/startOverride
  restarts the level at its first paragraph; lvlText placeholders %1…%9 are formatted with their
  level's numFmt (decimal, decimalZero, upper/lowerRoman, upper/lowerLetter, none; isLgl turns
  them decimal). Numbering comes from the paragraph's w:numPr or from its style's (w:pStyle →
  styles.xml, through w:basedOn; w:numStyleLink is followed). Bullets (numFmt "bullet", or a
  level text that is only a symbol such as "", "•", "–") become "- "; "+" stays "+", the
  Vietnamese third-level mark.
- A soft line break (w:br) starts a new line; a tab is a space; run caps (w:caps) are upper-cased.
- Tables stay tables, one Markdown pipe row per line: `| cell | cell |`, the first row followed
  by `|---|---|`, a blank line before and after. A cell's paragraphs are joined by a space and
  "|" in a cell is written "\\|". Merged cells are *left empty*: the text of a merged area
  appears once, in its top-left cell, and the cells it covers to the right (gridSpan) and below
  (vMerge) are empty, so every row has the grid's column count and no text is repeated. Rows
  with no text are dropped. A table inside a cell is flattened into that cell's text.

PDF (pypdf; text layer only, no OCR)
- Pages in order. Reading order is the order of the page's content stream, not a re-sort by
  position: word processors (Word, LibreOffice) write a two-column page column by column, so it
  comes out as the left column, then the right one (tests/fixtures/formats/two-columns.pdf). A
  producer that writes a two-column page line by line across both columns would give
  interleaved lines; re-sorting by position was not done because it would interleave the
  side-by-side cells of the header and signature tables every Vietnamese document has.
- Tables come out as text, cell by cell and row by row, each cell's text together on its own
  line(s); a bare row label ("1", "II", "a)") stays in front of the cell text on its baseline
  ("1 Tổ chức điều chỉnh …"). A row that a page break split is put back together: the parts of
  its cells at the top of the next page follow their cells' first parts.
- Lines are re-joined into paragraphs from their geometry: a new paragraph starts at a structural
  label (Điều, Chương, I., 1., a), -, +, Nơi nhận), after a wider than usual line gap, at a line
  indented past the paragraph's body, when the text jumps up or sideways (next cell or column),
  and after a short line unless the next line starts in lower case; the lines of a centred
  title are joined. Line widths are estimated from character classes (pypdf gives no glyph
  widths to a visitor), so "short" means clearly short.
- Running headers, footers and page numbers are removed: a line among the two topmost or two
  lowest of a page whose text, digits aside, recurs there on at least half the pages (with at
  least two pages).
- A line ending in a letter or digit and "-" joins the next without a space; the hyphen is dropped only
  when the joined word occurs elsewhere in the document and the hyphenated one does not (a word
  split by hyphenation), so "QĐ-" + "TTg" stays "QĐ-TTg".
- Refused with FormatError: damaged or truncated files, encrypted files that need a password,
  scans (fewer than 20 letters per page on average: "needs OCR first"), and text layers that are
  unreadable: many U+FFFD / private-use / "(cid:N)" characters, combining marks not attached to
  a letter, legacy Vietnamese font encodings (TCVN3/VNI, e.g. "Céng hoµ x· héi"), or letters
  spaced apart ("C ộ n g h ò a").
"""

from __future__ import annotations

import io
import itertools
import logging
import re
import statistics
import unicodedata
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass, field

__all__ = ["FormatError", "to_text"]


class FormatError(ValueError):
    """A .docx or PDF that cannot be turned into text; the message starts with the file name."""


_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def to_text(data: bytes, name: str) -> str | None:
    """The document's text when `data` is a .docx or a PDF (recognised by content: a ZIP holding
    word/document.xml, or bytes starting with %PDF-), else None (the caller decodes it as UTF-8 text).

    Raises FormatError (a ValueError) with a message that starts with the file name, e.g.
    "scan.pdf: the PDF has no text layer (a scan); it needs OCR first". Other ZIP archives and
    OLE2 files (Word 97–2003 .doc, encrypted Office files) raise FormatError too."""
    if data.startswith(b"%PDF-"):
        return _pdf_text(data, name)
    if data.startswith(b"PK\x03\x04"):
        return _zip_text(data, name)
    if data.startswith(_OLE2):
        raise FormatError(f"{name}: a Word 97–2003 (.doc) or encrypted Office file; "
                          "save it as an unencrypted .docx or PDF first")
    return None


# --- shared text helpers -----------------------------------------------------------------------

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def _clean_line(text: str) -> str:
    return _SPACES.sub(" ", _INVISIBLE.sub("", text)).strip()


def _finish(lines: list[str]) -> str:
    """NFC, collapsed spaces, no trailing spaces, single blank lines, no blank first/last line."""
    out: list[str] = []
    for line in lines:
        line = _clean_line(unicodedata.normalize("NFC", line))
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n" if out else ""


# --- ZIP: .docx or refused ---------------------------------------------------------------------

def _zip_text(data: bytes, name: str) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, zlib.error) as error:
        raise FormatError(f"{name}: a damaged ZIP/.docx file ({error})") from None
    if "word/document.xml" in names:
        return _docx_text(data, name)
    kind = "a ZIP archive"
    if "mimetype" in names:
        try:
            mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
        except (zipfile.BadZipFile, OSError, KeyError, ValueError, EOFError, NotImplementedError, zlib.error):
            mimetype = ""
        if "opendocument" in mimetype:
            kind = "an OpenDocument file (.odt/.ods)"
    elif "xl/workbook.xml" in names:
        kind = "an Excel workbook (.xlsx)"
    elif "ppt/presentation.xml" in names:
        kind = "a PowerPoint file (.pptx)"
    raise FormatError(f"{name}: {kind}, not a Word document (no word/document.xml); "
                      "save it as .docx or PDF")


# --- DOCX --------------------------------------------------------------------------------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_M = "http://schemas.openxmlformats.org/officeDocument/2006/math"


def _q(tag: str) -> str:
    return f"{{{_W}}}{tag}"


def _val(el, default: str | None = None) -> str | None:
    if el is None:
        return default
    return el.get(_q("val"), default)


def _on(el) -> bool:
    """A w:b / w:caps / w:vanish style toggle: present and not switched off."""
    return el is not None and _val(el, "true") not in ("0", "false", "off", "none")


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


class _Styles:
    """Paragraph/character style lookups through w:basedOn."""

    def __init__(self, styles_el) -> None:
        self.by_id: dict[str, object] = {}
        self.default_para: str | None = None
        if styles_el is None:
            return
        for style in styles_el.iter(_q("style")):
            sid = style.get(_q("styleId"))
            if sid:
                self.by_id[sid] = style
                if style.get(_q("type")) == "paragraph" and style.get(_q("default")) in ("1", "true"):
                    self.default_para = sid

    def chain(self, sid: str | None):
        seen = set()
        while sid and sid in self.by_id and sid not in seen:
            seen.add(sid)
            style = self.by_id[sid]
            yield style
            sid = _val(style.find(_q("basedOn")))

    def num_pr(self, sid: str | None) -> tuple[str | None, int | None]:
        """(numId, ilvl) a paragraph style carries, the nearest definition of each winning."""
        num_id, ilvl = None, None
        for style in self.chain(sid):
            numpr = style.find(f"{_q('pPr')}/{_q('numPr')}")
            if numpr is None:
                continue
            if num_id is None and numpr.find(_q("numId")) is not None:
                num_id = _val(numpr.find(_q("numId")))
            if ilvl is None and numpr.find(_q("ilvl")) is not None:
                ilvl = _int(_val(numpr.find(_q("ilvl"))), 0)
        return num_id, ilvl

    def caps(self, sid: str | None) -> bool:
        for style in self.chain(sid):
            caps = style.find(f"{_q('rPr')}/{_q('caps')}")
            if caps is not None:
                return _on(caps)
        return False


@dataclass
class _Level:
    start: int = 0
    fmt: str = "decimal"
    text: str = ""
    restart: int | None = None  # w:lvlRestart: restart after this 1-based level; 0: never
    legal: bool = False
    pstyle: str | None = None
    picture: bool = False


def _read_level(lvl) -> _Level:
    level = _Level()
    level.start = _int(_val(lvl.find(_q("start"))), 0)
    level.fmt = _val(lvl.find(_q("numFmt")), "decimal") or "decimal"
    text = lvl.find(_q("lvlText"))
    level.text = _val(text, "") or "" if text is not None else ""
    restart = lvl.find(_q("lvlRestart"))
    level.restart = _int(_val(restart), 0) if restart is not None else None
    level.legal = _on(lvl.find(_q("isLgl")))
    level.pstyle = _val(lvl.find(_q("pStyle")))
    level.picture = lvl.find(_q("lvlPicBulletId")) is not None
    return level


@dataclass
class _Num:
    abstract: str
    starts: dict[int, int] = field(default_factory=dict)  # startOverride per level
    levels: dict[int, _Level] = field(default_factory=dict)  # full w:lvl overrides


_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
_BULLET_SYMBOLS = set("•◦▪▫■□●○◆◇►▶➢➤✓✔✗✘❖–—-−*·∙") | {"o", "§", "Ø", "ü", "q", "v", "n", "l"}


def _roman(n: int) -> str:
    if n <= 0:
        return str(n)
    out = ""
    for value, numeral in _ROMAN:
        while n >= value:
            out += numeral
            n -= value
    return out


def _letter(n: int) -> str:
    """Word's letter numbering: a … z, aa … zz, aaa …"""
    if n <= 0:
        return str(n)
    return "abcdefghijklmnopqrstuvwxyz"[(n - 1) % 26] * ((n - 1) // 26 + 1)


def _format(n: int, fmt: str) -> str:
    if fmt == "none":
        return ""
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperLetter":
        return _letter(n).upper()
    if fmt == "lowerLetter":
        return _letter(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)  # decimal and the formats with no Vietnamese use (ordinal, cardinalText, …)


def _is_bullet_text(text: str) -> bool:
    text = text.strip()
    return bool(text) and all(ch in _BULLET_SYMBOLS or 0xE000 <= ord(ch) <= 0xF8FF for ch in text)


class _Numbering:
    """Word's list counters over numbering.xml, advanced paragraph by paragraph in document order."""

    def __init__(self, numbering_el, styles: _Styles) -> None:
        self.styles = styles
        self.abstracts: dict[str, dict[int, _Level]] = {}
        self.style_links: dict[str, str] = {}  # w:styleLink style id → abstractNumId
        self.num_style_links: dict[str, str] = {}  # abstractNumId → w:numStyleLink style id
        self.nums: dict[str, _Num] = {}
        self.counters: dict[str, list[int | None]] = {}
        self.seen: set[str] = set()
        if numbering_el is None:
            return
        for abstract in numbering_el.iter(_q("abstractNum")):
            aid = abstract.get(_q("abstractNumId"))
            if aid is None:
                continue
            self.abstracts[aid] = {_int(lvl.get(_q("ilvl")), 0): _read_level(lvl)
                                   for lvl in abstract.findall(_q("lvl"))}
            if abstract.find(_q("styleLink")) is not None:
                self.style_links[_val(abstract.find(_q("styleLink")))] = aid
            if abstract.find(_q("numStyleLink")) is not None:
                self.num_style_links[aid] = _val(abstract.find(_q("numStyleLink")))
        for num in numbering_el.iter(_q("num")):
            nid = num.get(_q("numId"))
            aid = _val(num.find(_q("abstractNumId")))
            if nid is None or aid is None:
                continue
            entry = _Num(aid)
            for override in num.findall(_q("lvlOverride")):
                ilvl = _int(override.get(_q("ilvl")), 0)
                start = override.find(_q("startOverride"))
                if start is not None:
                    entry.starts[ilvl] = _int(_val(start), 0)
                lvl = override.find(_q("lvl"))
                if lvl is not None:
                    entry.levels[ilvl] = _read_level(lvl)
                    if start is None and lvl.find(_q("start")) is not None:
                        entry.starts[ilvl] = entry.levels[ilvl].start
            self.nums[nid] = entry

    def _abstract_id(self, aid: str) -> str:
        """Follow w:numStyleLink: the abstractNum whose levels a numbering style defines."""
        for _ in range(5):
            link = self.num_style_links.get(aid)
            if not link:
                break
            if link in self.style_links:
                aid = self.style_links[link]
                break
            num_id, _ilvl = self.styles.num_pr(link)
            if num_id is None or num_id not in self.nums:
                break
            aid = self.nums[num_id].abstract
        return aid

    def label(self, num_id: str, ilvl: int | None, pstyle: str | None) -> str:
        """The number text of the next paragraph of list `num_id` at level `ilvl` ("" if none)."""
        num = self.nums.get(num_id)
        if num is None:
            return ""
        aid = self._abstract_id(num.abstract)
        abstract = self.abstracts.get(aid, {})
        if ilvl is None:
            ilvl = next((i for i, lv in abstract.items() if pstyle and lv.pstyle == pstyle), 0)
        ilvl = max(0, min(8, ilvl))

        def level(i: int) -> _Level:
            return num.levels.get(i) or abstract.get(i) or _Level(start=1 if i not in abstract else 0)

        def start(i: int) -> int:
            return num.starts.get(i, level(i).start)

        counters = self.counters.setdefault(aid, [None] * 9)
        if num_id not in self.seen:
            self.seen.add(num_id)
            for i in num.starts:
                if 0 <= i < 9:
                    counters[i] = None
        counters[ilvl] = start(ilvl) if counters[ilvl] is None else counters[ilvl] + 1
        for deeper in range(ilvl + 1, 9):
            restart = level(deeper).restart
            if restart is None or (restart > 0 and ilvl <= restart - 1):
                counters[deeper] = None
        current = level(ilvl)
        if current.fmt == "bullet" or current.picture:
            return "+" if current.text.strip() == "+" else "-"

        def placeholder(match: re.Match[str]) -> str:
            i = int(match.group(1)) - 1
            value = counters[i] if counters[i] is not None else start(i)
            fmt = "decimal" if current.legal and i < ilvl else level(i).fmt
            return _format(value, fmt)

        text = re.sub(r"%([1-9])", placeholder, current.text)
        if _is_bullet_text(text):
            return "+" if text.strip() == "+" else "-"
        return text.strip()


# inside a paragraph: not read (properties, tracked deletions, drawings and text boxes, field
# instructions, note references) / read through (links, tracked insertions, content controls)
_SKIP = frozenset(_q(t) for t in ("pPr", "rPr", "del", "moveFrom", "drawing", "pict", "object", "delText",
                                  "instrText", "footnoteReference", "endnoteReference", "commentReference"))
_RECURSE = frozenset(_q(t) for t in ("hyperlink", "smartTag", "ins", "moveTo", "customXml", "sdt",
                                     "sdtContent", "fldSimple", "dir", "bdo"))


class _DocxReader:
    def __init__(self, body, numbering: _Numbering, styles: _Styles) -> None:
        self.body = body
        self.numbering = numbering
        self.styles = styles

    # paragraphs

    def paragraph(self, p) -> list[str]:
        """The paragraph as lines: its number label, then its text; a soft break starts a line."""
        ppr = p.find(_q("pPr"))
        pstyle = _val(ppr.find(_q("pStyle"))) if ppr is not None else None
        pstyle = pstyle or self.styles.default_para
        caps = self.styles.caps(pstyle)
        text = "".join(self._inline(p, caps))
        label = self._label(ppr, pstyle)
        if label:
            text = f"{label} {text.lstrip()}" if text.strip() else label
        return text.split("\n")

    def _label(self, ppr, pstyle: str | None) -> str:
        num_id, ilvl = self.styles.num_pr(pstyle)
        numpr = ppr.find(_q("numPr")) if ppr is not None else None
        if numpr is not None:
            if numpr.find(_q("numId")) is not None:
                num_id = _val(numpr.find(_q("numId")))
            if numpr.find(_q("ilvl")) is not None:
                ilvl = _int(_val(numpr.find(_q("ilvl"))), 0)
        if not num_id or num_id == "0":
            return ""
        return self.numbering.label(num_id, ilvl, pstyle)

    def _inline(self, el, caps: bool):
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == _q("r"):
                yield from self._run(child, caps)
            elif tag in _RECURSE:
                yield from self._inline(child, caps)
            elif tag.startswith(f"{{{_M}}}"):
                yield "".join(t.text or "" for t in child.iter(f"{{{_M}}}t"))

    def _run(self, r, paragraph_caps: bool):
        rpr = r.find(_q("rPr"))
        caps = paragraph_caps
        if rpr is not None:
            if _on(rpr.find(_q("vanish"))) or _on(rpr.find(_q("specVanish"))):
                return
            rstyle = _val(rpr.find(_q("rStyle")))
            if rstyle and self.styles.caps(rstyle):
                caps = True
            if rpr.find(_q("caps")) is not None:
                caps = _on(rpr.find(_q("caps")))
        for child in r:
            tag = child.tag
            if tag == _q("t"):
                text = child.text or ""
                yield text.upper() if caps else text
            elif tag in (_q("tab"), _q("ptab")):
                yield " "
            elif tag == _q("br"):
                yield " " if child.get(_q("type")) in ("page", "column") else "\n"
            elif tag == _q("cr"):
                yield "\n"
            elif tag == _q("noBreakHyphen"):
                yield "-"
            elif tag == _q("sym"):
                try:
                    code = int(child.get(_q("char")) or "", 16)
                except ValueError:
                    continue
                if 0 < code < 0x110000:
                    yield "-" if 0xE000 <= code <= 0xF8FF else chr(code)  # Symbol/Wingdings: a bullet

    # tables

    def table(self, tbl) -> list[str]:
        grid = tbl.find(_q("tblGrid"))
        width = len(grid.findall(_q("gridCol"))) if grid is not None else 0
        rows: list[list[str]] = []
        for tr in tbl.iter(_q("tr")):
            if tr.getparent() is not tbl and not self._own_row(tr, tbl):
                continue
            rows.append(self._row(tr))
        width = max([width] + [len(r) for r in rows])
        rows = [r + [""] * (width - len(r)) for r in rows if any(c for c in r)]
        if not rows:
            return []

        def line(cells: list[str]) -> str:
            return "|" + "|".join(f" {c} " if c else " " for c in cells) + "|"

        out = ["", line(rows[0]), "|" + "---|" * width]
        out.extend(line(r) for r in rows[1:])
        out.append("")
        return out

    @staticmethod
    def _own_row(tr, tbl) -> bool:
        """A row of `tbl` itself (not of a nested table), possibly inside a content control."""
        parent = tr.getparent()
        while parent is not None and parent is not tbl:
            if parent.tag == _q("tbl"):
                return False
            parent = parent.getparent()
        return parent is tbl

    def _row(self, tr) -> list[str]:
        cells: list[str] = []
        trpr = tr.find(_q("trPr"))
        before = _int(_val(trpr.find(_q("gridBefore"))), 0) if trpr is not None else 0
        cells.extend([""] * before)
        for tc in tr.iter(_q("tc")):
            if not self._own_cell(tc, tr):
                continue
            tcpr = tc.find(_q("tcPr"))
            span, merged = 1, False
            if tcpr is not None:
                span = max(1, _int(_val(tcpr.find(_q("gridSpan"))), 1))
                vmerge = tcpr.find(_q("vMerge"))
                merged = vmerge is not None and _val(vmerge, "continue") != "restart"
            text = "" if merged else self._cell_text(tc)
            cells.append(text)
            cells.extend([""] * (span - 1))
        return cells

    @staticmethod
    def _own_cell(tc, tr) -> bool:
        parent = tc.getparent()
        while parent is not None and parent is not tr:
            if parent.tag in (_q("tbl"), _q("tr")):
                return False
            parent = parent.getparent()
        return parent is tr

    def _cell_text(self, tc) -> str:
        parts: list[str] = []
        for line in self.blocks(tc, in_cell=True):
            line = _clean_line(line)
            if line and not re.fullmatch(r"\|(---\|)+", line):
                parts.append(line)
        return _clean_line(" ".join(parts)).replace("|", "\\|") if parts else ""

    # document order

    def blocks(self, container, in_cell: bool = False) -> list[str]:
        lines: list[str] = []
        for child in container:
            tag = child.tag
            if tag == _q("p"):
                lines.extend(self.paragraph(child))
            elif tag == _q("tbl"):
                if in_cell:  # nested table: its cells' text, in order
                    for tr in child.iter(_q("tr")):
                        lines.extend(c for c in self._row(tr) if c)
                else:
                    lines.extend(self.table(child))
            elif tag in (_q("sdt"), _q("sdtContent"), _q("customXml"), _q("ins"), _q("moveTo")):
                lines.extend(self.blocks(child, in_cell))
        return lines


def _docx_text(data: bytes, name: str) -> str:
    import docx  # python-docx; imported here so plain-text ingests never load it
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import LxmlError

    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        try:
            numbering_el = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            numbering_el = None
        try:
            styles_el = document.part.styles.element
        except (KeyError, NotImplementedError, AttributeError):
            styles_el = None
    except (PackageNotFoundError, LxmlError, KeyError, ValueError, TypeError, AttributeError,
            zipfile.BadZipFile, OSError, EOFError, NotImplementedError, zlib.error) as error:
        raise FormatError(f"{name}: a damaged .docx file ({type(error).__name__}: {error})") from None
    styles = _Styles(styles_el)
    reader = _DocxReader(body, _Numbering(numbering_el, styles), styles)
    text = _finish(reader.blocks(body))
    if not text.strip():
        raise FormatError(f"{name}: the Word document has no text")
    return text


# --- PDF ---------------------------------------------------------------------------------------

@dataclass
class _Line:
    text: str
    x: float
    y: float
    size: float
    font: str
    page: int
    width: float = 0.0  # estimated, in points

    @property
    def end(self) -> float:
        return self.x + self.width


def _em_width(text: str) -> float:
    """A rough width in ems (Times-like metrics); only ratios between lines are used."""
    width = 0.0
    for ch in text:
        if ch == " ":
            width += 0.25
        elif ch.isupper():
            width += 0.68
        elif ch.isalpha():
            width += 0.46
        elif ch.isdigit():
            width += 0.5
        elif ch in ".,;:'!|":
            width += 0.26
        elif ch in "()-/[]\"":
            width += 0.33
        else:
            width += 0.5
    return width


_ROW_LABEL = re.compile(r"^\s*(\d{1,3}|[IVXLC]{1,6}|[a-zđA-Z])[.)]?\s*$")


def _page_lines(page, number: int) -> list[_Line]:
    """The page's text lines in content-stream order, each with its start position and font size.

    Text that pypdf puts on one line but that starts well to the right of where the text before
    it ends (the next cell of a table row, a tab stop) starts a line of its own at the same
    height, except after a bare row label ("1", "II", "a)"), which stays with the cell text."""
    from pypdf.errors import PyPdfError

    lines: list[_Line] = []
    state: dict = {"parts": [], "pos": None, "font": ""}

    def flush() -> None:
        text = "".join(state["parts"])
        if text.strip() and state["pos"] is not None:
            x, y, size, font = state["pos"]
            lines.append(_Line(text, x, y, size, font, number))
        state["parts"], state["pos"] = [], None

    def visitor(text, cm, tm, font_dict, font_size) -> None:
        pieces = text.split("\n")
        for i, piece in enumerate(pieces):
            if i:
                flush()
            if not piece:
                continue
            if piece.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                scale = abs(tm[3] * cm[3] + tm[2] * cm[1]) or abs(tm[0] * cm[0]) or 1.0
                size = (font_size or 1.0) * scale
                font = ""
                try:
                    font = str(font_dict.get("/BaseFont", "")) if font_dict else ""
                except (AttributeError, TypeError, KeyError, ValueError, PyPdfError):  # only guides joining
                    font = ""
                if state["pos"] is not None:
                    x0, y0, size0, _font = state["pos"]
                    text_so_far = "".join(state["parts"]).rstrip()
                    end = x0 + _em_width(text_so_far) * size0
                    # justified lines stretch their spaces, and a change of font (bold, italic)
                    # within a line is a new chunk: allow for both before calling it a new cell
                    allowance = max(1.5 * size0, 0.12 * (end - x0))
                    if font != state["font"]:
                        allowance += 0.6 * size0 * text_so_far.count(" ") + 0.2 * (end - x0)
                    if abs(y - y0) < 0.3 * size0 and x > end + allowance and not _ROW_LABEL.match(text_so_far):
                        flush()
                if state["pos"] is None:
                    state["pos"] = (x, y, size, font)
                state["font"] = font
            state["parts"].append(piece)

    page.extract_text(visitor_text=visitor)
    flush()
    for line in lines:
        line.text = _clean_line(unicodedata.normalize("NFC", line.text))
        line.width = _em_width(line.text) * line.size
    return [line for line in lines if line.text]


_MARKER = re.compile(
    r"^(Điều\s+\d+|Chương\s+[IVXLC\d]+|Mục\s+\d+|Phụ\s+lục|PHỤ\s+LỤC|[IVXLC]+\s*\.\s|\d{1,2}(\.\d{1,2})*\s*\.\s|"
    r"[a-zđ]\s*\)\s|[-–+•]\s|Nơi\s+nhận)")
_RUNNING_DIGITS = re.compile(r"\d+")
_TERMINAL = tuple(".;:!?")


def _running_key(text: str) -> str:
    return _RUNNING_DIGITS.sub("#", text).casefold().replace(" ", "")


def _drop_running(pages: list[list[_Line]]) -> list[list[_Line]]:
    """Remove headers, footers and page numbers that recur at the top or bottom of most pages."""
    if len(pages) < 2:
        return pages
    edges: list[set[int]] = []
    keys: Counter[str] = Counter()
    for lines in pages:
        order = sorted(range(len(lines)), key=lambda i: -lines[i].y)
        edge = set(order[:2]) | set(order[-2:])
        edges.append(edge)
        keys.update({_running_key(lines[i].text) for i in edge})
    threshold = max(2, (len(pages) + 1) // 2)
    running = {key for key, n in keys.items() if n >= threshold}
    return [[line for i, line in enumerate(lines) if not (i in edge and _running_key(line.text) in running)]
            for lines, edge in zip(pages, edges)]


@dataclass
class _Frame:
    left: float
    right: float
    gap: float  # usual line advance / font size


def _frame(lines: list[_Line]) -> _Frame:
    xs = Counter(round(line.x) for line in lines)
    left = min(xs, key=lambda x: (-xs[x], x)) if xs else 0.0
    ends = sorted(line.end for line in lines)
    right = ends[int(0.9 * (len(ends) - 1))] if ends else left + 1
    gaps = [(a.y - b.y) / max(b.size, 1.0) for a, b in itertools.pairwise(lines)
            if a.page == b.page and 0.5 < (a.y - b.y) / max(b.size, 1.0) < 2.5]
    gap = statistics.median(gaps) if gaps else 1.3
    return _Frame(float(left), max(right, left + 1.0), gap)


def _centered(line: _Line, frame: _Frame) -> bool:
    width = frame.right - frame.left
    return (line.x > frame.left + line.size
            and abs((line.x + line.end) / 2 - (frame.left + frame.right) / 2) < 0.06 * width)


def _short(line: _Line, frame: _Frame) -> bool:
    return line.end < frame.right - max(0.12 * (frame.right - frame.left), 3 * line.size)


def _runs(lines: list[_Line], frame: _Frame) -> list[list[int]]:
    """Runs of lines, by index: a run goes on while each line sits a normal line advance below the
    one before, on the same page, without a jump sideways (a table cell, a column, a text block)."""
    width = frame.right - frame.left
    runs: list[list[int]] = []
    for i, line in enumerate(lines):
        if runs:
            prev = lines[runs[-1][-1]]
            advance = (prev.y - line.y) / max(line.size, 1.0)
            if not (prev.page != line.page or advance <= 0.1 or advance > frame.gap * 1.6
                    or abs(line.x - prev.x) > 0.3 * width):
                runs[-1].append(i)
                continue
        runs.append([i])
    return runs


def _is_narrow(run: list[int], lines: list[_Line], frame: _Frame) -> bool:
    """Lines spanning under 60% of the text width: a table cell or layout box, where lines wrap early."""
    span = max(lines[i].end for i in run) - min(lines[i].x for i in run)
    return span < 0.6 * (frame.right - frame.left)


def _narrow_flags(lines: list[_Line], frame: _Frame) -> list[bool]:
    flags = [False] * len(lines)
    for run in _runs(lines, frame):
        narrow = _is_narrow(run, lines, frame)
        for i in run:
            flags[i] = narrow
    return flags


def _stitch_split_rows(lines: list[_Line], frame: _Frame) -> tuple[list[_Line], set[int]]:
    """Put back together the cells of a table row that a page break split.

    The row's first part ends page N: its cells start side by side on one baseline and nothing
    after them is higher. Page N+1 starts with the rest of some of its cells, side by side at the
    top, with nothing in the row's first column. Each continuation goes right after the cell of
    page N whose horizontal extent holds it. Returns the lines in the new order and the indices
    (in it) of the lines that continue a cell."""
    width = frame.right - frame.left
    starts: dict[int, int] = {}
    for i, line in enumerate(lines):
        starts.setdefault(line.page, i)
    ends = {page: i for i, line in enumerate(lines) for page in [line.page]}
    moves: dict[int, list[int]] = {}  # last index of a cell on page N → its continuation's indices
    moved: set[int] = set()

    def extent(cell: list[int]) -> tuple[float, float]:
        return min(lines[i].x for i in cell), max(lines[i].end for i in cell)

    for page in sorted(starts):
        following = page + 1
        if following not in starts:
            continue
        # the last row of page N: back from the end while no line is above the last cell's top
        end = ends[page]
        size = lines[end].size
        last_cell = end
        while (last_cell > starts[page] and lines[last_cell - 1].y > lines[last_cell].y + 0.1 * size
               and abs(lines[last_cell - 1].x - lines[last_cell].x) < 0.3 * width):
            last_cell -= 1
        row_top = lines[last_cell].y
        tail: list[int] = []
        for i in range(end, starts[page] - 1, -1):
            if lines[i].y > row_top + 0.5 * size:
                break
            tail.insert(0, i)
        cell_starts = [i for i in tail if abs(lines[i].y - row_top) < 0.5 * size]
        tail = tail[tail.index(cell_starts[0]):]
        cells = []
        for k, first in enumerate(cell_starts):
            stop = cell_starts[k + 1] if k + 1 < len(cell_starts) else tail[-1] + 1
            cells.append(list(range(first, stop)))
        if len(cells) < 2 or any(extent(c)[1] - extent(c)[0] > 0.6 * width for c in cells):
            continue
        # the first lines of page N+1: cells side by side at the top, each in a cell's column

        def column(cell: list[int], size: float = size) -> tuple[float, float]:
            body = cell[1:] or cell  # a first line may carry the row label ("3 Xây dựng …")
            return min(lines[i].x for i in body) - 0.5 * size, max(lines[i].end for i in cell)

        head_start = starts[following]
        page_top = max(lines[i].y for i in range(head_start, ends[following] + 1))
        first_column = lines[cells[0][0]].x
        plan: dict[int, list[int]] = {}
        i = head_start
        while i <= ends[following] and abs(lines[i].y - page_top) < 0.5 * size:
            x = lines[i].x
            inside = [c for c in cells if column(c)[0] <= x <= column(c)[1]]
            if not inside:  # centred cells: the nearest one, if near
                nearest = min(cells, key=lambda c: max(column(c)[0] - x, x - column(c)[1]))
                if max(column(nearest)[0] - x, x - column(nearest)[1]) < 0.15 * width:
                    inside = [nearest]
            if abs(x - first_column) < 0.5 * size or len(inside) != 1 or inside[0][-1] in plan:
                plan = {}  # a new row, or a continuation that fits no single cell
                break
            cont = [i]
            j = i + 1
            step = float("inf")  # the plain line advance seen in this cell
            while j <= ends[following]:
                advance = lines[j - 1].y - lines[j].y
                if advance <= 0.1 * size or abs(lines[j].x - lines[j - 1].x) >= 0.3 * width:
                    break  # the next cell, or text outside the table
                if abs(lines[j].x - first_column) < 0.5 * size and advance > min(step, frame.gap * size) + 1:
                    break  # the next row, below the row's padding
                step = min(step, advance)
                cont.append(j)
                j += 1
            plan[inside[0][-1]] = cont
            i = j
        for last, cont in plan.items():
            moves[last] = cont
            moved.update(cont)
    if not moves:
        return lines, set()
    order: list[int] = []
    joined: set[int] = set()
    for i in range(len(lines)):
        if i in moved:
            continue
        order.append(i)
        if i in moves:
            joined.add(len(order))
            order.extend(moves[i])
    return [lines[i] for i in order], joined


def _breaks(prev: _Line, line: _Line, first_of_paragraph: bool, frame: _Frame, narrow: bool) -> bool:
    """Does `line` start a new paragraph after `prev`? (`narrow`: `prev` is in a narrow run.)"""
    if _MARKER.match(line.text):
        return True
    lower = line.text[:1].islower()
    if line.page < prev.page:  # back from the continuation of a split cell: the next cell
        return True
    if prev.page != line.page:  # across a page break position says nothing
        return (narrow or _short(prev, frame) and not _centered(prev, frame)) and not lower
    advance = prev.y - line.y
    if advance <= 0.1 * line.size:  # same baseline or higher: the next cell or column
        return True
    if lower:
        return False  # a sentence goes on (the parser joins such lines too)
    if advance / max(line.size, 1.0) > frame.gap * 1.12 + 0.05:
        return True
    prev_centered = _centered(prev, frame)
    if _centered(line, frame) and (prev_centered or not _short(prev, frame)):
        return prev.font != line.font and not lower  # the lines of a centred title
    if abs(line.x - prev.x) > 0.3 * (frame.right - frame.left):
        return True  # another cell or column
    if not narrow and not first_of_paragraph and line.x > prev.x + 0.8 * line.size:
        return True  # a first-line indent
    return not narrow and _short(prev, frame) and not prev_centered and not lower  # a short last line


_HYPHEN_END = re.compile(r"(\w+)-$")
_WORD_START = re.compile(r"^(\w+)")


def _join(paragraph: str, line: str, vocabulary: Counter[str]) -> str:
    m = _HYPHEN_END.search(paragraph)
    if m and not paragraph.endswith(" -"):
        head = m.group(1)
        w = _WORD_START.match(line)
        if w and head.isalpha() and w.group(1).isalpha() and line[:1].islower():
            joined = (head + w.group(1)).casefold()
            hyphenated = f"{head}-{w.group(1)}".casefold()
            if vocabulary[joined] > 0 and vocabulary[hyphenated] == 0:
                return paragraph[:-1] + line  # a word split by hyphenation
        return paragraph + line  # "QĐ-" + "TTg", "2021-" + "2030"
    return f"{paragraph} {line}"


def _paragraphs(pages: list[list[_Line]]) -> list[str]:
    lines = [line for page in pages for line in page]
    if not lines:
        return []
    frame = _frame(lines)
    words = re.findall(r"[\w-]+", " ".join(line.text for line in lines).casefold())
    vocabulary = Counter(words)
    lines, joined = _stitch_split_rows(lines, frame)
    narrow = _narrow_flags(lines, frame)
    out: list[str] = []
    current = ""
    first = True
    prev: _Line | None = None
    for i, line in enumerate(lines):
        if i in joined:
            new = bool(_MARKER.match(line.text))  # a cell's continuation: only a label breaks it
        else:
            new = prev is None or _breaks(prev, line, first, frame, narrow[i - 1])
        if new:
            if current:
                out.append(current)
            current, first = line.text, True
        else:
            current, first = _join(current, line.text, vocabulary), False
        prev = line
    if current:
        out.append(current)
    return out


_VIETNAMESE_LATIN1 = set("ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý")
_COMMON_SYMBOLS = set("\u00a0°±×÷²³½¼¾§©®«»·–—")
_CID = re.compile(r"\(cid:\d+\)")


def _legacy_share(text: str, letters: int) -> float:
    """Share of letters that are Latin-1 characters Vietnamese never uses (TCVN3/VNI font mojibake)."""
    odd = sum(1 for ch in text if 0xA0 <= ord(ch) <= 0xFF and ch not in _VIETNAMESE_LATIN1
              and ch not in _COMMON_SYMBOLS)
    return odd / max(letters, 1)


def _check_readable(text: str, pages: int, name: str) -> None:
    visible = sum(1 for ch in text if not ch.isspace())
    if visible / max(pages, 1) < 20:
        raise FormatError(f"{name}: the PDF has no text layer (a scan); it needs OCR first")
    letters = sum(1 for ch in text if ch.isalpha())
    cids = len(_CID.findall(text))
    bad = sum(1 for ch in text if ch == "\ufffd" or 0xE000 <= ord(ch) <= 0xF8FF or ord(ch) >= 0xF0000
              or (unicodedata.category(ch) == "Cc" and ch not in "\n\t"))
    bad += 6 * cids  # "(cid:12)" is one unread glyph spelt with seven characters
    reason = None
    if bad / max(visible, 1) > 0.05:
        reason = "many characters have no Unicode meaning (U+FFFD, private-use or (cid:N) codes)"
    elif letters / max(pages, 1) < 20:
        raise FormatError(f"{name}: the PDF has no text layer (a scan); it needs OCR first")
    else:
        detached = sum(1 for i, ch in enumerate(text) if unicodedata.combining(ch)
                       and (i == 0 or not text[i - 1].isalpha()))
        if detached / max(letters, 1) > 0.02:
            reason = "its tone marks are not attached to letters"
        elif _legacy_share(text, letters) > 0.04:
            reason = "it uses a legacy Vietnamese font encoding (TCVN3/VNI), not Unicode"
        else:
            tokens = re.findall(r"[^\W\d_]+", text)
            singles = sum(1 for t in tokens if len(t) == 1)
            if len(tokens) >= 50 and singles / len(tokens) > 0.35:
                reason = "its letters are spaced apart"
    if reason:
        raise FormatError(f"{name}: the PDF's text layer is unreadable ({reason}); "
                          "it needs OCR, or the original Word file")


def _pdf_text(data: bytes, name: str) -> str:
    if b"%%EOF" not in data[-2048:]:
        raise FormatError(f"{name}: the PDF is truncated or damaged (it has no end-of-file marker)")
    import pypdf  # imported here so plain-text ingests never load it
    from pypdf.errors import PyPdfError

    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.ERROR)  # pypdf warns about every repaired xref entry
    try:
        try:
            reader = pypdf.PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise FormatError(f"{name}: the PDF is password-protected; save an unprotected copy")
            pages = [_page_lines(page, i) for i, page in enumerate(reader.pages)]
        except FormatError:
            raise
        except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError,
                RecursionError, ZeroDivisionError, AssertionError, NotImplementedError, EOFError,
                zlib.error) as error:
            raise FormatError(f"{name}: the PDF cannot be read (damaged or unsupported: "
                              f"{type(error).__name__}: {error})") from None
    finally:
        logger.setLevel(level)
    if not pages:
        raise FormatError(f"{name}: the PDF has no pages")
    raw = "\n".join(line.text for page in pages for line in page)
    _check_readable(raw, len(pages), name)
    return _finish(_paragraphs(_drop_running(pages)))
