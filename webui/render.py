"""HTML and Markdown for answers, clauses and documents. Every text from outside is escaped here.

Pure functions: the pages (officials', citizens', document view) only place what these return.
"""

from __future__ import annotations

import html
import re
from typing import Any
from urllib.parse import quote as url_quote

from assistant.answer import Answer, Citation
from ingest.model import Clause, Document
from ingest.store import Corpus

STATUS = {"issued": "đã ban hành", "draft": "dự thảo", "report": "báo cáo"}
_MARKER = re.compile(r"\[(\d+)\]")


def escape(text: Any) -> str:
    return html.escape(str(text), quote=True)


def document_url(document_id: str, clause_id: str | None = None) -> str:
    url = f"/van-ban/{url_quote(document_id, safe='')}"
    return f"{url}#{url_quote(clause_id, safe=':.-_')}" if clause_id else url


def cite_link(citation: Citation, label: str) -> str:
    """A link to the clause in its document; the officials' page opens it in the side panel instead."""
    return (f'<a class="pq-cite" href="{escape(document_url(citation.document, citation.clause_id))}" '
            f'data-clause="{escape(citation.clause_id)}" data-marker="{citation.marker}">{escape(label)}</a>')


def answer_html(answer: Answer, quotes: bool = True) -> str:
    """The answer with its [n] markers linked, then its sources, then notes kept apart.

    One block with no blank lines, so a Markdown renderer passes it through unchanged."""
    by_marker = {c.marker: c for c in answer.citations}

    def linked(line: str) -> str:
        parts = []
        for i, piece in enumerate(_MARKER.split(line)):
            if i % 2 == 0:
                parts.append(escape(piece))
            else:
                citation = by_marker.get(int(piece))
                parts.append(cite_link(citation, f"[{piece}]") if citation else escape(f"[{piece}]"))
        return "".join(parts)

    lines = [line for line in answer.answer.split("\n") if line.strip()]
    body, items = [], []
    for line in lines:
        if line.startswith("- "):
            items.append(f"<li>{linked(line[2:])}</li>")
            continue
        if items:
            body.append(f"<ul>{''.join(items)}</ul>")
            items = []
        body.append(f"<p>{linked(line)}</p>")
    if items:
        body.append(f"<ul>{''.join(items)}</ul>")
    parts = [f'<div class="pq-answer">{"".join(body)}</div>']
    if answer.citations:
        sources = "".join(
            f"<li>{cite_link(c, f'[{c.marker}] {c.citation}')}"
            + (f'<blockquote class="pq-quote">{escape(c.quote)}</blockquote>' if quotes else "") + "</li>"
            for c in answer.citations)
        parts.append(f'<div class="pq-sources"><strong>Nguồn</strong><ol>{sources}</ol></div>')
    if answer.abstained and answer.related:
        related = "".join(
            f'<li><a href="{escape(document_url(h.passage.document, h.passage.clause_id))}">'
            f'{escape(h.passage.citation)}</a><blockquote class="pq-quote">{escape(short_text(h.passage.text))}'
            f"</blockquote></li>" for h in answer.related)
        parts.append(f'<div class="pq-related"><strong>Có thể liên quan</strong><ul>{related}</ul></div>')
    if answer.notes:
        notes = "".join(f"<li>{escape(n.text)} <span class=\"pq-note-source\">Nguồn: {escape(n.source)}</span></li>"
                        for n in answer.notes)
        parts.append(f'<div class="pq-notes" role="note"><strong>Lưu ý</strong><ul>{notes}</ul></div>')
    return "".join(parts)


def answer_markdown(question: str, answer: Answer) -> str:
    """The answer as plain Markdown with its citations and quotes (copying, conversation export)."""
    lines = [f"**Hỏi:** {question}", "", answer.answer, ""]
    for c in answer.citations:
        lines.append(f"[{c.marker}] {c.citation}: “{c.quote}”")
    for n in answer.notes:
        lines.append(f"Lưu ý: {n.text} (Nguồn: {n.source})")
    return "\n".join(lines).rstrip() + "\n"


def highlighted(text: str, quote: str) -> str:
    """`text` escaped, with `quote` (a verbatim span of it) marked; the whole text when it is not found."""
    start = text.find(quote) if quote else -1
    if start < 0:
        return escape(text)
    end = start + len(quote)
    return f"{escape(text[:start])}<mark>{escape(text[start:end])}</mark>{escape(text[end:])}"


def document_meta(document: Document) -> str:
    items = [("Văn bản", document.short_name), ("Số", document.number or "không có số"),
             ("Ngày", document.date or "không rõ"), ("Tình trạng", STATUS.get(document.status, document.status))]
    return '<dl class="pq-meta">' + "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in items) + "</dl>"


def clause_panel(corpus: Corpus, clause_id: str, quote: str = "") -> str:
    """The side panel of the officials' page: a cited clause with the quoted words marked."""
    clause = corpus.clause(clause_id)
    if clause is None:
        return '<p class="pq-empty">Không tìm thấy điều khoản này.</p>'
    document = corpus.document(clause.document)
    breadcrumb = " › ".join(escape(b) for b in clause.breadcrumb)
    link = document_url(clause.document, clause.id)
    return (f'<div class="pq-panel"><h3>{escape(clause.citation)}</h3>'
            f'<p class="pq-breadcrumb">{breadcrumb}</p>'
            f'<div class="pq-clause-text">{highlighted(clause.original, quote)}</div>'
            + (document_meta(document) if document else "")
            + f'<p><a class="pq-document-link" href="{escape(link)}" target="_blank" rel="noopener">'
              f"Xem toàn văn văn bản</a></p></div>")


def short_text(text: str, words: int = 40) -> str:
    """The start of a clause, for a reader to tell what it is about."""
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def passages_html(passages: list[dict[str, Any]]) -> str:
    """The retrieved passages with their fused scores, for checking why an answer came out."""
    if not passages:
        return ""
    rows = "".join(
        f"<tr><td>{p['rank']}</td><td>{p['score']:.3f}</td>"
        f'<td><a href="{escape(document_url(p["document"], p["clause_id"]))}" target="_blank" rel="noopener">'
        f"{escape(p['citation'])}</a></td><td>{escape(p['text'][:300])}</td></tr>" for p in passages)
    return ('<table class="pq-passages"><caption>Các đoạn tìm được</caption><thead><tr><th>#</th><th>Điểm</th>'
            f"<th>Điều khoản</th><th>Nội dung</th></tr></thead><tbody>{rows}</tbody></table>")


def _clause_html(corpus: Corpus, clause: Clause) -> str:
    children = [corpus.clause(c) for c in clause.children]
    children = [c for c in children if c is not None]
    rows = [c for c in children if c.kind == "row"]
    inner = ""
    if rows and len(rows) == len(children):
        columns = list(dict.fromkeys(k for r in rows for k in r.cells))
        head = "".join(f"<th>{escape(c)}</th>" for c in columns)
        body = "".join(
            f'<tr id="{escape(r.id)}" class="pq-clause"><td>{escape(r.label)}</td>'
            + "".join(f"<td>{escape(r.cells.get(c, ''))}</td>" for c in columns) + "</tr>" for r in rows)
        inner = f'<table class="pq-table"><thead><tr><th>TT</th>{head}</tr></thead><tbody>{body}</tbody></table>'
    else:
        inner = "".join(_clause_html(corpus, c) for c in children)
    return (f'<div id="{escape(clause.id)}" class="pq-clause pq-{escape(clause.kind)}">'
            f"<p>{escape(clause.original)}</p>{inner}</div>")


def document_page(corpus: Corpus, document: Document) -> str:
    """The whole document as one HTML page, every clause anchored by its id (the cited one is `:target`)."""
    roots = [c for c in corpus.clauses if c.document == document.id and c.parent is None]
    body = "".join(_clause_html(corpus, c) for c in roots)
    return page(document.short_name, f"<header><h1>{escape(document.short_name)}</h1>"
                f"<p>{escape(document.title)}</p>{document_meta(document)}</header><main>{body}</main>",
                extra_css=DOCUMENT_CSS)


BASE_CSS = """
:root { color-scheme: light; }
body { font-family: system-ui, "Segoe UI", Roboto, Arial, sans-serif; line-height: 1.55; color: #1a1a1a;
       background: #fff; margin: 0; padding: 1rem; max-width: 52rem; margin-inline: auto; font-size: 1.05rem; }
a { color: #0b4f9c; } a:focus-visible, button:focus-visible, textarea:focus-visible { outline: 3px solid #c25e00; outline-offset: 2px; }
mark { background: #ffe066; color: #000; }
.pq-meta { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
.pq-meta dt { font-weight: 600; } .pq-meta dd { margin: 0; }
.pq-quote { margin: .3rem 0 .6rem; padding-left: .8rem; border-left: 4px solid #8aa9d6; color: #333; }
.pq-notes { margin-top: 1rem; padding: .6rem .8rem; background: #fff6e0; border: 1px solid #e0b050; }
"""

DOCUMENT_CSS = """
.pq-clause { margin-left: 1rem; } main > .pq-clause { margin-left: 0; }
.pq-clause:target, tr.pq-clause:target td { background: #fff3b0; outline: 2px solid #c9a100; }
.pq-table { border-collapse: collapse; width: 100%; font-size: .95rem; }
.pq-table th, .pq-table td { border: 1px solid #999; padding: .3rem; vertical-align: top; }
"""


def page(title: str, body: str, extra_css: str = "") -> str:
    return (f'<!doctype html><html lang="vi"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)}</title><style>{BASE_CSS}{extra_css}</style></head>"
            f"<body>{body}</body></html>")
