"""Writing the answer from the chosen clauses: one sentence per clause, each slot asked filled from
the clause's own cells or words, every claim with its marker and a verbatim quote.

- A table row is written with its labels ("cơ quan chủ trì: …; thời gian thực hiện: …").
- A slot the source leaves empty is said plainly ("Phụ lục II không ghi thời hạn cho nhiệm vụ này [1]")
  and reported back, so the answer counts as a refusal for that slot.
- A lead-in ("… gồm:", a heading) brings its items, each cited; a list names every item, with the count.
- A question about a document itself (who signed it, when, whether it is in force, what it replaces)
  is answered from the identity ingestion kept, citing the clause that states it.
- An English question gets its framing in English; the quotes stay in Vietnamese.
Copied text keeps its words; only its first letter is lowered where the corpus writes that word in
lower case inside sentences ("Theo …, xây dựng …", but "… , Bộ Công an …").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from assistant.answer import Citation
from assistant.excerpt import TermWeights, excerpt, item_heads, sentences, weighted_cover
from assistant.facts import CELL_OF_SLOT, FactIndex, Grounds
from assistant.query import Query
from assistant.quotes import quote
from assistant.slots import FACT_SLOTS, IDENTITY, Slot
from ingest.clean import match_form
from ingest.model import Assignment, Clause, Document

MAX_ITEMS = 12  # items of a lead-in written out; the rest are counted
MAX_TASKS = 40  # tasks of a list (an agency's, those due in a year) written out; the rest are counted
MAX_LINES = 30  # lines of a lead-in's items with their own items
MAX_SUBJECT_WORDS = 80
TOPIC_COVER = 0.5  # of a list question's topic words (weighted) a task must hold to be listed
HEADING_WORDS = 20  # of each heading above a task, matched against the topic
CONTENT_WORDS = 160  # of a clause asked about as a whole
ASKED_CELL_WORDS = 100  # of a cell the question asks for
LISTED_CELL_WORDS = 250  # of a cell asked for whole ("những kết quả nào", "nội dung gì")
CELL_WORDS = 40  # of a row's other cells
ITEM_WORDS = 120  # of each item under a lead-in
_SLOT_OF = {column: slot for slot, column in CELL_OF_SLOT.items()}
_NOT_WRITTEN = {"task", "indicator", "tt", "group"}  # the row's subject, its number, its group (in the citation)
_EN_TYPES = {"Quyết định": "Decision", "Kế hoạch": "Plan", "Nghị quyết": "Resolution", "Nghị định": "Decree",
             "Thông tư": "Circular", "Công điện": "Official Telegram", "Thông báo": "Notice", "Chỉ thị": "Directive",
             "Báo cáo": "Report", "Luật": "Law", "Đề án": "Scheme", "Chương trình": "Programme"}
LABELS = {
    "vi": {Slot.LEAD: "cơ quan chủ trì", Slot.COORDINATING: "cơ quan phối hợp", Slot.MONITOR: "cơ quan theo dõi, đánh giá",
           Slot.DEADLINE: "thời gian thực hiện", Slot.PRODUCT: "sản phẩm", Slot.RESULT: "kết quả",
           Slot.VALUE: "giá trị", Slot.YEAR: "thời điểm"},
    "en": {Slot.LEAD: "lead agency", Slot.COORDINATING: "coordinating agencies", Slot.MONITOR: "monitoring agency",
           Slot.DEADLINE: "time frame", Slot.PRODUCT: "output", Slot.RESULT: "result", Slot.VALUE: "value",
           Slot.YEAR: "year"},
}
BLANK = {
    "vi": {Slot.LEAD: "không ghi cơ quan chủ trì", Slot.COORDINATING: "không ghi cơ quan phối hợp",
           Slot.MONITOR: "không ghi cơ quan theo dõi", Slot.DEADLINE: "không ghi thời hạn",
           Slot.PRODUCT: "không ghi sản phẩm", Slot.RESULT: "không ghi kết quả"},
    "en": {Slot.LEAD: "names no lead agency", Slot.COORDINATING: "names no coordinating agency",
           Slot.MONITOR: "names no monitoring agency", Slot.DEADLINE: "gives no time frame",
           Slot.PRODUCT: "gives no output", Slot.RESULT: "gives no result"},
}


@dataclass
class Written:
    text: str
    citations: list[Citation]
    blank: list[Slot]  # slots asked that the source leaves empty


class Casing:
    """Which words the corpus writes in lower case inside a sentence: those lose a capital that only
    the start of a copied clause gave them."""

    def __init__(self, texts: list[str]) -> None:
        lower: Counter[str] = Counter()
        upper: Counter[str] = Counter()
        for text in texts:
            for word in re.findall(r"(?<=[\w,;] )\w+", text):
                (upper if word[:1].isupper() else lower)[word.lower()] += 1
        self._lower = {w for w in lower if lower[w] > upper[w]}

    def inside(self, text: str) -> str:
        """`text` as the middle of a sentence."""
        text = text.strip()
        first = re.match(r"(\w+)\s*(\w*)", text)
        proper = bool(first and first.group(2)[:1].isupper())  # "Bộ Tài chính", "Sở Y tế": a name keeps its capital
        if first and not proper and first.group(1)[1:].islower() and first.group(1).lower() in self._lower:
            return text[0].lower() + text[1:]
        return text


class Writer:
    def __init__(self, facts: FactIndex, casing: Casing, weight: TermWeights | None = None) -> None:
        self.facts = facts
        self.casing = casing
        self.weight = weight

    # --- pieces ------------------------------------------------------------------------------------------

    def source(self, document: Document, language: str) -> str:
        if language == "vi":
            return document.short_name
        kind = _EN_TYPES.get(document.type, document.type)
        if document.number:
            return f"{kind} No. {document.number}"
        title = document.title if len(document.title) <= 120 else document.title[:120].rsplit(" ", 1)[0] + " …"
        return f"the {'draft ' if document.draft else ''}{kind.lower()} “{title}”"

    def cite(self, clause: Clause, marker: int, focus: list[str]) -> Citation:
        document = self.facts.document(clause.document)
        return Citation(marker=marker, citation=clause.citation, document=clause.document,
                        document_title=document.title if document else "", clause_id=clause.id,
                        quote=quote(clause, focus))

    def _subject(self, grounds: Grounds, query: Query) -> str:
        whole = query.asks(Slot.CONTENT, Slot.LIST) and grounds.clause.kind != "row"  # "what does it say": all of it
        text = excerpt(" ".join(grounds.subject.split()), list(query.terms), _figures(query),
                       CONTENT_WORDS if whole else MAX_SUBJECT_WORDS, self.weight, pad=whole)
        text = re.sub(r"^([-–+•]|[a-zđ]\)|\d{1,3}(\.\d{1,2}){0,2}\.?)\s+", "", text)
        return self.casing.inside(text.rstrip(" .;:"))

    # --- one clause ---------------------------------------------------------------------------------------

    def clause_sentence(self, grounds: Grounds, query: Query, marker: int) -> tuple[str, list[str], list[Slot]]:
        """The sentence for one clause, the texts its quote should centre on, and the slots it left blank."""
        language = query.language
        source = self.source(grounds.document, language)
        subject = self._subject(grounds, query)
        asked = [s for s in query.slots if s in FACT_SLOTS or s is Slot.VALUE]
        focus = [" ".join(grounds.subject.split()[:12])]
        if grounds.clause.kind == "row":
            parts, blank = self._row_cells(grounds, query, asked)
            focus += [p.split(": ", 1)[-1][:80] for p in parts[:2]]
        else:
            parts, blank = self._clause_slots(grounds, query, asked, subject, focus)
        if grounds.target and grounds.target.year and grounds.target.year not in subject and not any(
                t.period for t in grounds.targets):
            subject = f"{subject} ({'mục tiêu đến năm' if language == 'vi' else 'target for'} {grounds.target.year})"
        body = f"{subject}: {'; '.join(parts)}" if parts else subject
        if language == "en":
            sentence = f"According to {source}, “{body}” [{marker}]."
        else:
            sentence = f"Theo {source}, {body} [{marker}]."
        if blank:
            where = self._container(grounds)
            said = "; ".join(BLANK[language][s] for s in blank)
            sentence += (f" {where} {said} cho nhiệm vụ này [{marker}]." if language == "vi"
                         else f" {where[:1].upper()}{where[1:]} {said} for this item [{marker}].")
        return sentence, focus, blank

    def _row_cells(self, grounds: Grounds, query: Query, asked: list[Slot]) -> tuple[list[str], list[Slot]]:
        """A table row's labelled cells, those asked first; a long cell cut to its sentences that answer."""
        language = query.language
        cells = grounds.clause.cells
        terms = list(query.terms)
        figures = _figures(query)
        parts: list[str] = []
        blank: list[Slot] = []
        done: set[str] = set()
        budget = LISTED_CELL_WORDS if query.asks(Slot.LIST, Slot.CONTENT) else ASKED_CELL_WORDS
        for slot in asked:
            column = CELL_OF_SLOT.get(slot)
            if slot is Slot.VALUE:
                continue
            value = grounds.fill(slot)
            if value is None:
                continue
            if column:
                done.add(column)
            if value:
                heads = item_heads(value) if query.asks(Slot.LIST) and len(value.split()) > budget else None
                parts.append(f"{LABELS[language][slot]}: {heads or excerpt(value.rstrip(' .;'), terms, figures, budget, self.weight)}")
            else:
                blank.append(slot)
        for column, value in cells.items():
            value = value.strip().rstrip(" .;")
            if column in done or column in _NOT_WRITTEN or not value:
                continue
            if value in grounds.subject:
                continue  # a merged cell repeating the task's own words
            slot = _SLOT_OF.get(column)
            name = LABELS[language][slot] if slot else column.removeprefix("value:")
            # The cell that must answer: the result, when nothing else is asked; a figure asked of a
            # row that has no value column ("đầu tư mới đối với 22 trạm" inside "Nội dung chính").
            primary = slot is Slot.RESULT and not any(s in FACT_SLOTS - {Slot.RESULT} for s in asked) \
                or Slot.VALUE in asked and grounds.fill(Slot.VALUE) is None and bool(re.search(r"\d", value))
            text = excerpt(value, terms, figures, budget if primary else CELL_WORDS, self.weight)
            parts.append(text if name.startswith("cột ") else f"{name}: {text}")
        return parts, blank

    def _clause_slots(self, grounds: Grounds, query: Query, asked: list[Slot], subject: str,
                      focus: list[str]) -> tuple[list[str], list[Slot]]:
        """A clause's slots from the facts ingestion found in its words: a target's values, a task's bodies."""
        language = query.language
        parts: list[str] = []
        blank: list[Slot] = []
        for slot in asked:
            value = grounds.fill(slot)
            if value is None:
                continue
            if slot is Slot.VALUE:
                values = [t for t in grounds.targets if t.value and match_form(t.value) not in match_form(subject)]
                if any(t.period for t in grounds.targets):
                    parts += [f"{t.period}: {t.value}" for t in grounds.targets if t.value]
                elif values:
                    parts.append(f"{LABELS[language][slot]}: {'; '.join(t.value for t in values)}")
                focus += [t.value for t in grounds.targets if t.value]
                continue
            if value:
                if match_form(value.rstrip(" .;")) not in match_form(subject):
                    parts.append(f"{LABELS[language][slot]}: {value.rstrip(' .;')}")
                focus.append(value[:80])
            else:
                blank.append(slot)
        return parts, blank

    def _container(self, grounds: Grounds) -> str:
        """Where the blank is: the appendix or table the row is in ("Phụ lục II"), or the document."""
        first = grounds.clause.citation.split(",")[0].strip()
        if first.lower().startswith("phụ lục"):
            return first
        return self.source(grounds.document, "vi")

    def lead_in(self, grounds: Grounds, query: Query, marker: int) -> tuple[list[str], list[Citation]]:
        """A lead-in and its items, each item cited."""
        language = query.language
        source = self.source(grounds.document, language)
        head = excerpt(" ".join(grounds.clause.text.split()), list(query.terms), _figures(query), CONTENT_WORDS, self.weight)
        head = self.casing.inside(re.sub(r"^([IVXLC]+\.|\d{1,3}\.|[a-zđ]\))\s*", "", head).rstrip(" :;."))
        lines = [f"Theo {source}, {head} [{marker}]:" if language == "vi" else f"According to {source}, “{head}” [{marker}]:"]
        citations = [self.cite(grounds.clause, marker, [])]
        terms = list(query.terms)
        n = marker
        for item, depth in self._items(grounds.items[:MAX_ITEMS]):
            n += 1
            text = excerpt(" ".join(item.text.split()), terms, _figures(query), ITEM_WORDS, self.weight, pad=True)
            labelled = item.label and item.kind not in ("gach", "cong", "row")
            text = text if labelled else re.sub(r"^[-–+•]\s*", "", text)
            lines.append(f"{'  ' * depth}{'' if labelled else '- '}{text.rstrip(' ;.')} [{n}]")
            citations.append(self.cite(item, n, [" ".join(item.text.split()[:12])]))
        rest = len(grounds.items) - MAX_ITEMS
        if rest > 0:
            lines.append(f"… và {rest} mục khác." if language == "vi" else f"… and {rest} more.")
        return lines, citations

    def _items(self, items: tuple[Clause, ...]) -> list[tuple[Clause, int]]:
        """The items, each item that is itself a lead-in ("1. Kinh phí … bao gồm:") followed by its own
        items while the lines number fewer than MAX_LINES."""
        out: list[tuple[Clause, int]] = []
        for item in items:
            out.append((item, 0))
            if item.text.rstrip().endswith(":"):
                for child_id in item.children:
                    child = self.facts.corpus.clause(child_id)
                    if child is not None and len(out) < MAX_LINES:
                        out.append((child, 1))
        return out

    # --- the answer ----------------------------------------------------------------------------------------

    def write(self, chosen: list[Grounds], query: Query) -> Written:
        lines: list[str] = []
        citations: list[Citation] = []
        blank: list[Slot] = []
        marker = 1
        for grounds in chosen:
            if grounds.items and (query.asks(Slot.CONTENT, Slot.LIST, Slot.COUNT) or not any(
                    grounds.fill(s) for s in query.slots if s in FACT_SLOTS)):
                if query.asks(Slot.COUNT):
                    lines.append(f"Có {len(grounds.items)} mục." if query.language == "vi"
                                 else f"There are {len(grounds.items)} items.")
                more, cited = self.lead_in(grounds, query, marker)
                lines += more
                citations += cited
                marker += len(cited)
                continue
            sentence, focus, left = self.clause_sentence(grounds, query, marker)
            citations.append(self.cite(grounds.clause, marker, focus))
            marker += 1
            for extra in (grounds.detail, grounds.dated if query.asks(Slot.DEADLINE) and grounds.dated_by_heading else None):
                if extra is not None:
                    sentence = sentence.replace(f"[{marker - 1}].", f"[{marker - 1}][{marker}].", 1)
                    citations.append(self.cite(extra, marker, [grounds.heading_time or ""] if extra is grounds.dated else []))
                    marker += 1
            lines.append(sentence)
            blank += left
        listed = any(grounds.items for grounds in chosen) or any(line.startswith("- ") for line in lines)
        return Written("\n".join(lines) if listed else " ".join(lines), citations, blank)

    def about(self, topic: list[str], clause: Clause, text: str) -> bool:
        """The text, under its headings ("Điều 2. Tổ chức thực hiện", "Phụ lục II"), holds most of
        the topic's words."""
        headings = []
        parent = self.facts.corpus.clause(clause.parent) if clause.parent else None
        while parent is not None:
            headings.append(" ".join((parent.heading or parent.text).split()[:HEADING_WORDS]))
            parent = self.facts.corpus.clause(parent.parent) if parent.parent else None
        return weighted_cover(topic, f"{clause.citation} {' '.join(headings)} {text}", self.weight) >= TOPIC_COVER

    def agency_list(self, agency: str, query: Query, documents: set[str] | None, coordinating: bool,
                    topic: list[str], best: Clause | None) -> Written | None:
        """Every task the agency leads (or coordinates) in the documents, with the count, each cited;
        only those about `topic` (the question's words beside the agency and its cues) when two or
        more are. None when fewer are and `best`, the passage retrieval ranked first, is about it:
        the question asks about that one thing ("lộ trình … mà Bộ Y tế đề ra gồm những mốc nào")."""
        years = {int(y) for y in query.asked_years if len(query.asked_years) == 1} or None
        found = self.facts.assignments_of(agency, coordinating, years, documents)
        about = [a for a in found if topic and self.about(topic, self.facts.corpus.clause(a.clause_id), a.task)]
        if len(about) < 2 and topic and best is not None and self.about(topic, best, best.text):
            return None
        found = about if len(about) >= 2 else found
        if not found:
            return None
        if query.language == "vi":
            role = "phối hợp" if coordinating else "chủ trì"
            when = f" có thời hạn trong năm {next(iter(years))}" if years else ""
            header = f"Có {len(found)} nhiệm vụ {agency} {role}{when}:"
        else:
            role = "coordinates" if coordinating else "leads"
            header = f"{agency} {role} {len(found)} task{'s' if len(found) > 1 else ''}:"
        return self._tasks(header, found, query)

    def due_list(self, found: list[Assignment], query: Query, when: str) -> Written | None:
        """The tasks of the documents named whose time frame falls within the time asked, each cited."""
        if not found:
            return None
        header = (f"Có {len(found)} nhiệm vụ có thời hạn trong {when}:" if query.language == "vi"
                  else f"{len(found)} task{'s' if len(found) > 1 else ''} fall due within {when}:")
        return self._tasks(header, found, query)

    def _tasks(self, header: str, found: list[Assignment], query: Query) -> Written:
        lines = [header]
        citations = []
        for marker, assignment in enumerate(found[:MAX_TASKS], 1):
            timing = f" ({assignment.time_frame})" if assignment.time_frame else ""
            lines.append(f"- {assignment.task.rstrip('.;: ')}{timing} [{marker}]")
            citations.append(self.cite(self.facts.corpus.clause(assignment.clause_id), marker, [assignment.task]))
        if len(found) > MAX_TASKS:
            lines.append(f"… và {len(found) - MAX_TASKS} nhiệm vụ khác." if query.language == "vi"
                         else f"… and {len(found) - MAX_TASKS} more.")
        return Written("\n".join(lines), citations, [])

    def identity(self, document: Document, query: Query, clauses: list[Clause]) -> Written | None:
        """Who signed the document, when, its number, its issuer, whether it is in force, what it replaces."""
        vi = query.language == "vi"
        said: list[tuple[str, str | None]] = []  # (phrase, the text a cited clause must hold)
        # "which circular does it replace, and from when?": of a document, "when" is when it takes effect
        slots = [Slot.VALIDITY if s is Slot.DEADLINE and Slot.VALIDITY not in query.slots else s for s in query.slots]
        for slot in dict.fromkeys(slots):
            if slot is Slot.SIGNER and document.signer:
                position = f" ({document.signer_title})" if document.signer_title else ""
                said.append(((f"người ký: {document.signer}{position}" if vi else f"signed by {document.signer}{position}"),
                             document.signer))
            elif slot is Slot.DATE and document.date:
                written = _written_date(clauses, document.date)
                said.append(((f"ban hành {written}" if vi and written else f"ngày ban hành: {_vi_date(document.date)}" if vi
                              else f"issued on {document.date}"), written))
            elif slot is Slot.NUMBER and document.number:
                said.append(((f"số: {document.number}" if vi else f"number {document.number}"), document.number))
            elif slot is Slot.ISSUER and document.issuer:
                said.append(((f"cơ quan ban hành: {document.issuer}" if vi else f"issued by {document.issuer}"), None))
            elif slot is Slot.VALIDITY:
                # "… này có hiệu lực … từ ngày …" before a sentence on another text losing its force
                stated = _stated(clauses, _IN_FORCE_FROM) or _stated(clauses, _IN_FORCE)
                if stated:
                    said.append((f"“{stated}”", stated))
                elif document.effective:
                    said.append(((f"có hiệu lực từ {_vi_date(document.effective)}" if vi
                                  else f"in force from {document.effective}"), None))
                if document.validity:
                    said.append(((f"tình trạng (theo trang nguồn): {document.validity}" if vi
                                  else f"status (per the source website): {document.validity}"), None))
                if document.draft:
                    said.append(("đây là dự thảo, chưa được ban hành" if vi else "it is a draft, not issued", None))
            elif slot is Slot.REPLACEMENT:
                numbers = [r["number"] for r in document.relations if r.get("kind") in _REPLACING]
                stated = _stated(clauses, _REPLACES, numbers)
                if stated and stated.endswith(":") and numbers:
                    stated = None  # "… thay thế các Nghị định sau:": the texts it lists follow, each named
                if stated and not any(stated == held for _, held in said):
                    said.append((f"“{stated}”", stated))
                for relation in document.relations:
                    if relation.get("kind") in _REPLACING and not (
                            stated and relation["number"] in stated):
                        verb = {"replaces": "thay thế", "repeals": "bãi bỏ", "amends": "sửa đổi, bổ sung",
                                "ends": "chấm dứt hiệu lực của"}[relation["kind"]] if vi else relation["kind"]
                        said.append((f"{verb} {relation.get('type', '')} số {relation['number']}".replace("  ", " "),
                                     relation["number"]))
        if not said:
            return None
        anchor = next((c for c in clauses if c.kind in ("header", "closing")), clauses[0] if clauses else None)
        citations, marks = [], []
        for phrase, held in said:
            holding = [c for c in clauses if held and match_form(held) in match_form(c.original)]
            # the text's own article before a preamble citing the same number ("Căn cứ Nghị định số …")
            clause = next((c for c in holding if c.kind != "preamble"), holding[0] if holding else anchor)
            if clause is None:
                marks.append("")
                continue
            existing = next((c for c in citations if c.clause_id == clause.id), None)
            if existing is None:
                existing = self.cite(clause, len(citations) + 1, [held] if held else [])
                citations.append(existing)
            marks.append(f" [{existing.marker}]")
        source = self.source(document, query.language)
        body = "; ".join(f"{phrase}{mark}" for (phrase, _), mark in zip(said, marks))
        return Written(f"{source}: {body}." if vi else f"{source[:1].upper()}{source[1:]}: {body}.", citations, [])


_REPLACING = ("replaces", "repeals", "amends", "ends")
_IN_FORCE = re.compile(r"\bhiệu lực\b", re.IGNORECASE)
_IN_FORCE_FROM = re.compile(r"\bnày\s+có\s+hiệu\s+lực(?:\s+thi\s+hành)?(?:\s+kể)?\s+từ\b", re.IGNORECASE)
_REPLACES = re.compile(r"\bthay thế\b|\bbãi bỏ\b|\bhết hiệu lực\b", re.IGNORECASE)
_WRITTEN_DATE = re.compile(r"ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}")


def _stated(clauses: list[Clause], pattern: re.Pattern[str], numbers: list[str] = ()) -> str | None:
    """The document's own sentence saying it (its entry into force, what it replaces): from the
    last article that says so, not from the preamble citing other texts; of the articles naming one
    of `numbers` (the texts ingestion found it replaces), when one does."""
    if numbers:
        naming = [c for c in clauses if any(n in c.text for n in numbers)]
        found = _stated(naming, pattern) if naming else None
        if found:
            return found
    for clause in reversed(clauses):
        if clause.kind in ("header", "preamble", "row", "section"):
            continue
        for sentence in sentences(" ".join(clause.text.split())):
            if pattern.search(sentence) and re.search(r"\bnày\b", sentence):
                return re.sub(r"^(Điều\s+\d+\.?|\d{1,2}\.|[a-zđ]\))\s*", "", sentence).rstrip(" ;")
    return None


def _written_date(clauses: list[Clause], iso: str = "") -> str | None:
    """The date as the header writes it ("ngày 24 tháng 11 năm 2025"); for a text whose header lost
    it (a crawled page), where the text writes that date of itself ("Kèm theo Công điện số … ngày …")."""
    for clause in clauses:
        if clause.kind == "header":
            m = _WRITTEN_DATE.search(" ".join(clause.original.split()))
            if m:
                return m.group(0)
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", iso)
    if m:
        said = f"ngày {int(m.group(3)):02d} tháng {int(m.group(2))} năm {m.group(1)}"
        for form in (said, said.replace(f"ngày {int(m.group(3)):02d}", f"ngày {int(m.group(3))}")):
            if any(form in " ".join(c.original.split()) for c in clauses):
                return form
    return None


def _figures(query: Query) -> bool:
    """Whether sentences with numbers answer: figures asked, results, and deadlines ("trong tháng 11 năm 2025")."""
    return query.asks(Slot.VALUE, Slot.COUNT, Slot.RESULT, Slot.DEADLINE, Slot.YEAR)


def _vi_date(iso: str) -> str:
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", iso or "")
    return f"{int(m.group(3))}/{int(m.group(2))}/{m.group(1)}" if m else iso


def identity_slots(query: Query) -> bool:
    return bool(set(query.slots) & IDENTITY)
