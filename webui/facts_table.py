"""Every extracted target and assignment as one table, filtered by document, agency and year."""

from __future__ import annotations

import csv
import io
from dataclasses import asdict, dataclass

from index.vietnamese import fold, normalize
from ingest.store import Corpus
from webui.spreadsheet import spreadsheet_safe
from webui.render import document_url, escape

KINDS = {"target": "Chỉ tiêu", "assignment": "Nhiệm vụ"}


@dataclass(frozen=True)
class FactRow:
    kind: str  # "target" | "assignment"
    document: str
    document_name: str
    clause_id: str
    citation: str
    content: str  # the indicator or the task
    value: str  # a target's value; empty for tasks
    time: str  # a target's year, a task's time frame
    years: tuple[int, ...]
    lead: str  # canonical names, "; "-joined
    coordinating: str

    def to_dict(self) -> dict:
        data = asdict(self)
        data["years"] = list(self.years)
        data["url"] = document_url(self.document, self.clause_id)
        return data


def fact_rows(corpus: Corpus) -> list[FactRow]:
    names = {d.id: d.short_name for d in corpus.documents}
    rows = []
    for t in corpus.targets:
        clause = corpus.clause(t.clause_id)
        rows.append(FactRow("target", t.document, names.get(t.document, t.document), t.clause_id,
                            clause.citation if clause else t.clause_id, t.indicator, t.value, t.year or "",
                            (int(t.year),) if t.year and t.year.isdigit() else (),
                            "; ".join(a.name for a in t.lead), "; ".join(a.name for a in t.coordinating)))
    for a in corpus.assignments:
        clause = corpus.clause(a.clause_id)
        rows.append(FactRow("assignment", a.document, names.get(a.document, a.document), a.clause_id,
                            clause.citation if clause else a.clause_id, a.task, "", a.time_frame, tuple(a.years),
                            "; ".join(x.name for x in a.lead), "; ".join(x.name for x in a.coordinating)))
    return rows


def agencies(rows: list[FactRow]) -> list[str]:
    """Every body a row names, sorted (the agency filter's choices)."""
    names = {n for r in rows for field in (r.lead, r.coordinating) for n in field.split("; ") if n}
    return sorted(names, key=normalize)


def years(rows: list[FactRow]) -> list[int]:
    return sorted({y for r in rows for y in r.years})


def filter_rows(rows: list[FactRow], document: str | None = None, agency: str | None = None,
                year: int | None = None) -> list[FactRow]:
    """Rows of `document`, naming a body whose name contains `agency` (accents and case ignored),
    and covering `year`; a missing filter keeps everything."""
    wanted = fold(normalize(agency)).strip() if agency else ""
    found = []
    for row in rows:
        if document and row.document != document:
            continue
        if year is not None and year not in row.years:
            continue
        if wanted and wanted not in fold(normalize(f"{row.lead}; {row.coordinating}")):
            continue
        found.append(row)
    return found


COLUMNS = [("kind", "Loại"), ("document_name", "Văn bản"), ("citation", "Điều khoản"), ("content", "Nội dung"),
           ("value", "Giá trị"), ("time", "Thời gian"), ("lead", "Chủ trì"), ("coordinating", "Phối hợp")]


def to_csv(rows: list[FactRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([label for _, label in COLUMNS] + ["Mã điều khoản"])
    for row in rows:
        writer.writerow([spreadsheet_safe(KINDS[row.kind] if key == "kind" else getattr(row, key)) for key, _ in COLUMNS]
                        + [row.clause_id])
    return out.getvalue()


SHOWN = 200  # rows drawn in the page; the whole table (1,300 rows, 760 KB) stalled a slow browser


def to_html(rows: list[FactRow], shown: int = SHOWN) -> str:
    """The first `shown` rows as a table, under a count that says how many there are in all."""
    head = "".join(f'<th scope="col">{escape(label)}</th>' for _, label in COLUMNS)
    body = []
    for row in rows[:shown]:
        cells = []
        for key, _ in COLUMNS:
            if key == "citation":
                cells.append(f'<td><a href="{escape(document_url(row.document, row.clause_id))}" target="_blank" '
                             f'rel="noopener">{escape(row.citation)}</a></td>')
            else:
                cells.append(f"<td>{escape(KINDS[row.kind] if key == 'kind' else getattr(row, key))}</td>")
        body.append(f'<tr class="pq-fact">{"".join(cells)}</tr>')
    count = f"{len(rows)} dòng"
    if len(rows) > shown:
        count += f" (hiện {shown} dòng đầu; lọc theo văn bản, cơ quan, năm hoặc tải CSV để xem hết)"
    return (f'<p class="pq-count">{escape(count)}</p><div class="pq-facts-wrap"><table class="pq-facts">'
            f'<thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div>')
