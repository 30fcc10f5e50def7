"""What ingestion made of each document, so a poor parse is seen before anyone asks a question.

Per document: its identity (and which fields came from elsewhere than its own header), clause,
table-row, target and assignment counts, coverage, the share of its text that fell back to plain
paragraphs (structure not recognised), its largest clause, and every clause over OVERSIZED
characters that is neither a table row nor a plain paragraph: a clause that large stands for a
whole section, which is a parse failure.
"""

from __future__ import annotations

from typing import Any

from ingest.pipeline import ParsedDocument

OVERSIZED = 3000
UNSTRUCTURED = {"paragraph"}
EXEMPT = {"row", "paragraph", "header", "preamble", "closing"}  # a table cell, a plain paragraph, a list of citations


def document_report(parsed: ParsedDocument) -> dict[str, Any]:
    doc = parsed.document
    clauses = parsed.clauses
    total = sum(len(c.text) for c in clauses) or 1
    plain = sum(len(c.text) for c in clauses if c.kind in UNSTRUCTURED)
    largest = max(clauses, key=lambda c: len(c.text))
    oversized = [{"clause_id": c.id, "kind": c.kind, "chars": len(c.text)} for c in clauses
                 if len(c.text) > OVERSIZED and c.kind not in EXEMPT]
    return {
        "id": doc.id, "type": doc.type, "number": doc.number, "date": doc.date, "issuer": doc.issuer,
        "signer": doc.signer, "signer_title": doc.signer_title, "title": doc.title, "status": doc.status,
        "effective": doc.effective, "validity": doc.validity, "format": doc.format, "relations": doc.relations,
        "inferred": doc.inferred, "source_file": doc.source_file,
        "clauses": len(clauses), "rows": sum(1 for c in clauses if c.kind == "row"),
        "targets": len(parsed.targets), "assignments": len(parsed.assignments),
        "coverage": round(parsed.coverage, 4), "plain_paragraph_share": round(plain / total, 3),
        "largest_clause": {"clause_id": largest.id, "kind": largest.kind, "chars": len(largest.text)},
        "oversized_clauses": oversized,
    }


def format_report(report: dict[str, Any]) -> str:
    """The report of one document as a few lines of text."""
    identity = " ".join(str(v) for v in (report["type"], report["number"] or "(không số)", report["date"] or "") if v)
    lines = [f"{report['id']}  [{report['status']}, {report['format']}]  {identity}",
             f"  {report['title'][:110]}",
             f"  cơ quan ban hành: {report['issuer'] or '—'}; người ký: {report['signer'] or '—'}"
             + (f" ({report['signer_title']})" if report["signer_title"] else ""),
             f"  {report['clauses']} clauses ({report['rows']} table rows), {report['targets']} targets, "
             f"{report['assignments']} assignments; coverage {report['coverage']:.3f}; plain paragraphs "
             f"{report['plain_paragraph_share']:.0%}; largest clause {report['largest_clause']['chars']} chars "
             f"({report['largest_clause']['kind']})"]
    if report["relations"]:
        lines.append("  relations: " + "; ".join(f"{r['kind']} {r.get('type', '')} {r['number']}".replace("  ", " ")
                                                  for r in report["relations"]))
    if report["inferred"]:
        lines.append("  inferred: " + "; ".join(report["inferred"]))
    for clause in report["oversized_clauses"]:
        lines.append(f"  PARSE PROBLEM: {clause['clause_id']} ({clause['kind']}) has {clause['chars']} characters")
    return "\n".join(lines)
