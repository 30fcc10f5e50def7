"""From source text to a parsed document: lines → tables and blocks → tree → clauses → facts."""

from __future__ import annotations

import codecs
import hashlib
import re
from collections import Counter
from dataclasses import dataclass

from ingest import cell_table, flat_table, formats, grid_table, pipe_table
from ingest.clean import has_watermark, nfc
from ingest.facts import extract
from ingest.footnotes import split_footnotes, with_footnotes
from ingest.inline_items import split_inline_items
from ingest.identify import identify
from ingest.layout import Line, split_lines
from ingest.model import Assignment, Clause, Document, Target
from ingest.structure import Block, build_tree, finish, span_original, text_layout
from ingest.structure import blocks as prose_blocks
from ingest.tables import INDICATOR, TableRow
from ingest.web_text import is_web_page, read_web_page

PARSER_VERSION = "15"  # bump when parsing changes what a file gives


class IngestError(ValueError):
    """A file that cannot be ingested; the message names the file and says why."""


@dataclass
class ParsedDocument:
    document: Document
    clauses: list[Clause]
    targets: list[Target]
    assignments: list[Assignment]
    coverage: float
    text: str = ""  # the text the clauses were read from (a crawled page without the site's chrome)


_WIDE_BOMS = [(codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),  # UTF-32 LE's starts as UTF-16 LE's
               (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16")]


def decode(data: bytes, name: str) -> str:
    """UTF-8 text or a clear error: binary files and other encodings are refused, not guessed."""
    if not data.strip():
        raise IngestError(f"{name}: the file is empty")
    # Before the NUL test: UTF-16 text (Windows' "Unicode") is full of NULs but is not binary.
    for bom, encoding in _WIDE_BOMS:
        if data.startswith(bom):
            raise IngestError(f"{name}: {encoding} text, not UTF-8; convert it to UTF-8 first")
    if b"\x00" in data[:8192]:
        raise IngestError(f"{name}: this is a binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise IngestError(f"{name}: not UTF-8 text (byte {error.start}); convert it to UTF-8 first") from None


def _items(lines: list[Line]) -> list[Block | tuple[str, TableRow]]:
    """Prose blocks and table rows in document order."""
    items: list[Block | tuple[str, TableRow]] = []
    prose: list[Line] = []
    pos = 0
    layout = text_layout([line for line in lines if not pipe_table.is_pipe_row(line)])

    def blocks(segment: list[Line]) -> list[Block]:
        return prose_blocks(segment, layout)

    header: list[str] | None = None  # the last pipe table's header, for a piece of it after a blank line
    flat_start = flat_table.find_flat_table(lines)
    cell_start = cell_table.find_cell_table(lines)
    while pos < len(lines):
        if pos in (flat_start, cell_start):
            items.extend(blocks(prose))
            prose = []
            rows = (flat_table.parse_flat_table if pos == flat_start else cell_table.parse_cell_table)(lines[pos:])
            items.extend(("task", row) for row in rows)
            break
        if pipe_table.is_pipe_row(lines[pos]):
            continues = header if not any(line.text.strip() for line in prose) else None
            items.extend(blocks(prose))
            prose = []
            end = pipe_table.pipe_table_end(lines, pos)
            rows = pipe_table.parse_pipe_table(lines[pos:end], continues)
            header = pipe_table.table_header(lines[pos:end], continues)
            kind = "indicator" if any(INDICATOR in r.cells for r in rows) else "task"
            items.extend((kind, row) for row in rows)
            pos = end
            continue
        if grid_table.is_grid_header(lines[pos]):
            items.extend(blocks(prose))
            prose = []
            end = grid_table.grid_table_end(lines, pos)
            rows = grid_table.parse_grid_table(lines[pos:end])
            kind = "indicator" if any(INDICATOR in r.cells for r in rows) else "task"
            items.extend((kind, row) for row in rows)
            pos = end
            continue
        prose.append(lines[pos])
        pos += 1
    items.extend(blocks(prose))
    return items


_TABLE_HEADER = re.compile(r"^\s*TT\s+(Nhiệm vụ|Chỉ tiêu)")
_WORDS = re.compile(r"\w+")


def _coverage(lines: list[Line], items: list[Block | tuple[str, TableRow]], clauses: list[Clause]) -> float:
    """Share of the cleaned source words that ended up in some clause's text.

    Counted as a multiset of words, so the labels a table row's text adds ("Cơ quan chủ trì:")
    cannot make up for lost source text. Column-header lines of tables are not content.
    """
    rows = [row for item in items if isinstance(item, tuple) for _, row in [item]]
    first_row = min((r.first_line for r in rows), default=None)
    header_lines = {line.index for line in lines if _TABLE_HEADER.match(line.text.replace("\t", " "))}
    if first_row is not None:
        start = next((i for i in sorted(header_lines) if i < first_row), first_row)
        header_lines.update(range(start, first_row))
    source = Counter(w for line in lines if not line.artifact and line.index not in header_lines
                     for w in _WORDS.findall(line.text.lower()))
    kept = Counter(w for c in clauses for w in _WORDS.findall(c.text.lower()))
    total = sum(source.values())
    return sum(min(n, kept[w]) for w, n in source.items()) / total if total else 0.0


def source_text(data: bytes, source_file: str) -> tuple[str, str, dict[str, str]]:
    """(text, format, site metadata): Word and PDF files become text, a crawled page loses the site's
    chrome; plain text stays as it is."""
    try:
        converted = formats.to_text(data, source_file)
    except formats.FormatError as error:
        raise IngestError(str(error)) from None
    if converted is not None:
        if not converted.strip():
            raise IngestError(f"{source_file}: the file holds no text")
        # Word's layout tables (the header, the signature) read like a crawled page's: the same reader.
        return read_web_page(nfc(converted)).text, "pdf" if data.startswith(b"%PDF-") else "docx", {}
    raw = nfc(decode(data, source_file))
    if is_web_page(raw):
        page = read_web_page(raw)
        if not page.text.strip():
            raise IngestError(f"{source_file}: the page holds no document text once the site's chrome is removed")
        return page.text, "web", page.metadata
    return raw, "text", {}


def parse_document(data: bytes, source_file: str) -> ParsedDocument:
    raw, form, site = source_text(data, source_file)
    every_line = split_lines(raw)
    lines, notes, marked = split_footnotes(every_line)  # the notes at the end become clauses of their own
    try:
        items = _items(lines)
    except cell_table.CellTableError as error:  # was a bare ValueError that stopped the whole ingest
        raise IngestError(f"{source_file}: {error}") from None
    prose_blocks = [item for item in items if isinstance(item, Block)]
    if not any(isinstance(item, tuple) for item in items) and not any(b.kind != "text" for b in prose_blocks):
        raise IngestError(f"{source_file}: no recognisable structure (no Điều, Mục, khoản, list or table)")
    texts = [b.text for b in prose_blocks]
    full = "\n".join(texts + [" ".join(row.cells.values()) for _, row in (i for i in items if isinstance(i, tuple))])
    document = identify(texts, full, has_watermark(raw), source_file, hashlib.sha256(data).hexdigest(), site)
    document.format = form
    root = build_tree(items)
    label = _document_label(document)
    flat = finish(root, lines, document.id, document.short_name, label)
    clauses = [Clause(f.id, document.id, f.node.kind, f.node.label, f.path, f.citation, f.breadcrumb, f.text,
                      f.original, f.parent, [], f.heading, dict(f.node.row.cells) if f.node.row else {},
                      list(f.node.row.inferred) if f.node.row else []) for f in flat]
    if notes:
        clauses = with_footnotes(clauses, notes, marked, {f.id: (f.node.first, f.node.last) for f in flat},
                                 lambda first, last: span_original(every_line, first, last))
    clauses = split_inline_items(clauses)
    by_id = {c.id: c for c in clauses}
    for clause in clauses:
        if clause.parent:
            by_id[clause.parent].children.append(clause.id)
    targets, assignments = extract(clauses)
    return ParsedDocument(document, clauses, targets, assignments, _coverage(lines, items, clauses), raw)


def _document_label(document: Document) -> str:
    if document.number:
        return f"{document.type} {document.number}"
    return document.short_name[:1].upper() + document.short_name[1:]


def link_documents(parsed: list[ParsedDocument]) -> None:
    """Relations across the corpus: a draft is the draft of the decision another text cites by number.

    The strategy draft has no number; the 2022 report and the 2026 programme cite
    "Quyết định số 411/QĐ-TTg … phê duyệt Chiến lược quốc gia … đến năm 2025 …": the draft whose
    title matches that citation gets the relation and the alias, while its own citation still
    says "dự thảo".
    """
    texts = {p.document.id: " ".join(c.text for c in p.clauses) for p in parsed}
    for p in parsed:
        doc = p.document
        if not doc.draft or doc.type != "Quyết định" or not doc.title:
            continue  # without a title the pattern below would match any decision a text cites
        subject = re.sub(r"^(Về việc\s+)?[Pp]hê duyệt\s+", "", doc.title)
        pattern = re.compile(r"Quyết định số (\d+/QĐ-TTg)(?: ngày ([^,;]*?\d{4}))?[^;.]{0,80}?" + re.escape(subject[:60]))
        for other_id, text in texts.items():
            if other_id == doc.id:
                continue
            m = pattern.search(text)
            if m and not any(r.get("number") == m.group(1) for r in doc.relations):
                doc.relations.append({"kind": "draft_of", "number": m.group(1), "date": m.group(2) or "",
                                      "source": other_id})
                number = m.group(1).split("/")[0]
                doc.aliases.extend([m.group(1), f"Quyết định {number}", f"QĐ {number}", f"Quyết định số {m.group(1)}"])
