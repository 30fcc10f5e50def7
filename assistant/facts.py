"""What an answer can rest on: a clause with its document, its table cells and the facts ingestion found.

`Grounds.fill(slot)` answers one slot from the clause's own structure: a row's cell, a target's
value, an assignment's bodies or time frame. It gives the text when the source states it, ""
when the source has a place for it and leaves it empty (a blank "Thời gian" cell), and None when
this clause is not where that slot would be answered.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from assistant.slots import Slot
from index.passages import is_lead_in
from ingest.facts import DEADLINE_PHRASE
from ingest.model import Assignment, Clause, Document, Target
from ingest.store import Corpus
from ingest.tables import COORDINATING, EXPECTED_RESULT, LEAD, MONITOR, PROGRESS, REPORTED_RESULT, TIME_FRAME

HEADING_WORDS = 20  # of a heading above a clause, read for the time it sets ("1. Mục tiêu đến hết năm 2026")
_HEADING_TIME = re.compile(
    r"(?:(?:đến|trước|trong|từ)\s+)?(?:hết\s+|cuối\s+)?(?:năm\s+|quý\s+[IVX\d]+\s*/\s*|tháng\s+\d{1,2}\s*/\s*)(?:19|20)\d\d\b|"
    r"\bgiai\s+đoạn\s+(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d\b|"
    r"\b(?:trước|đến)\s+ngày\s+\d{1,2}(?:/\d{1,2}/\d{4}|\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?)", re.IGNORECASE)
_FULL_DATE = re.compile(r"\bngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}|\b\d{1,2}/\d{1,2}/\d{4}", re.IGNORECASE)
CELL_OF_SLOT = {Slot.LEAD: LEAD, Slot.COORDINATING: COORDINATING, Slot.MONITOR: MONITOR, Slot.DEADLINE: TIME_FRAME,
         Slot.PRODUCT: EXPECTED_RESULT, Slot.RESULT: REPORTED_RESULT}


@dataclass(frozen=True)
class Grounds:
    """One clause an answer can rest on, with the facts ingestion found in it."""

    clause: Clause
    document: Document
    targets: tuple[Target, ...] = ()
    assignment: Assignment | None = None
    detail: Clause | None = None  # the "+ Cơ quan chủ trì: …" line the task's bodies are stated in
    items: tuple[Clause, ...] = field(default=())  # a lead-in's items, or the children of any clause but a row
    dated: Clause | None = None  # the nearest heading above it that sets a time ("1. Mục tiêu đến hết năm 2026")

    @property
    def dated_by_heading(self) -> bool:
        """The deadline given is the heading's, not the clause's own."""
        time = self.heading_time
        return bool(time) and self.fill(Slot.DEADLINE) == time and time not in self.clause.text

    @property
    def heading_time(self) -> str | None:
        """The time the heading above sets, as it writes it ("đến hết năm 2026")."""
        if self.dated is None:
            return None
        m = _HEADING_TIME.search(heading_of(self.dated))
        return m.group(0) if m else None

    @property
    def target(self) -> Target | None:
        return self.targets[0] if self.targets else None

    @property
    def lead(self) -> list:
        fact = self.assignment or self.target
        return fact.lead if fact else []

    @property
    def coordinating(self) -> list:
        fact = self.assignment or self.target
        return fact.coordinating if fact else []

    @property
    def subject(self) -> str:
        """What the clause is about, in its own words: the task, the indicator, or the text."""
        if self.assignment:
            return self.assignment.task
        if self.target:
            return self.target.indicator
        return self.clause.text

    def fill(self, slot: Slot) -> str | None:
        cells = self.clause.cells
        if slot in CELL_OF_SLOT and CELL_OF_SLOT[slot] in cells:
            value = cells[CELL_OF_SLOT[slot]].strip()
            if slot is Slot.RESULT and not value and cells.get(PROGRESS):
                value = cells[PROGRESS].strip()
            return value
        if slot is Slot.LEAD and self.lead:
            return "; ".join(a.original for a in self.lead)
        if slot is Slot.COORDINATING and self.assignment is not None:
            return "; ".join(a.original for a in self.coordinating)
        if slot is Slot.DEADLINE and self.assignment is not None:
            # a task under "II. NHIỆM VỤ NĂM 2025" with no time of its own is due when its heading says
            return self.assignment.time_frame or self.heading_time or ""
        if slot is Slot.DEADLINE and (own := _own_time(self.clause.text)):
            return own  # a clause that is no task states its own time ("Hàng năm, trước ngày 25 tháng 12, …")
        if slot is Slot.DEADLINE and self.dated is not None:
            return self.heading_time
        if slot is Slot.PRODUCT and self.assignment is not None and self.assignment.source == "plan":
            return self.assignment.expected_result
        if slot is Slot.RESULT and self.assignment is not None and self.assignment.reported_result:
            return self.assignment.reported_result
        if slot is Slot.MONITOR and self.target is not None:
            bodies = self.target.monitor or self.target.lead
            return "; ".join(a.original for a in bodies) if bodies else ("" if MONITOR in cells else None)
        if slot in (Slot.VALUE, Slot.YEAR) and self.targets:
            values = [t.value for t in self.targets if t.value]
            return "; ".join(values) if slot is Slot.VALUE else (self.target.period or self.target.year or None)
        return None


def _own_time(text: str) -> str | None:
    """The time a clause's words set, a date before a recurrence ("trước ngày 25 tháng 12" of "Hàng năm,
    trước ngày 25 tháng 12, …")."""
    found = [m.group(0) for m in DEADLINE_PHRASE.finditer(text)]
    return next((f for f in found if re.search(r"\d", f)), found[0] if found else None)


class FactIndex:
    """The corpus's facts by clause and by agency, and the clauses by id, for building answers."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self._targets: dict[str, list[Target]] = defaultdict(list)
        for target in corpus.targets:
            self._targets[target.clause_id].append(target)
        self._assignments = {a.clause_id: a for a in corpus.assignments}
        self._documents = {d.id: d for d in corpus.documents}
        self._by_agency: dict[str, list[Assignment]] = defaultdict(list)
        for assignment in corpus.assignments:
            for agency in {a.name for a in assignment.lead + assignment.coordinating}:
                self._by_agency[agency].append(assignment)

    def document(self, document_id: str) -> Document | None:
        return self._documents.get(document_id)

    def grounds(self, clause_id: str) -> Grounds | None:
        """The clause with its facts; a "+" line under a task (its lead body, its deadline) stands
        for the task, with the line kept as the detail to cite."""
        clause = self.corpus.clause(clause_id)
        if clause is None:
            return None
        document = self._documents[clause.document]
        assignment = self._assignments.get(clause_id)
        targets = tuple(self._targets.get(clause_id, ()))
        if not (targets or assignment) and clause.kind == "cong" and clause.parent in self._assignments:
            parent = self.corpus.clause(clause.parent)
            return Grounds(parent, document, (), self._assignments[clause.parent], detail=clause)
        # a row's children are its sub-rows, its items only when it announces them ("…gồm:")
        listed = clause.children and (clause.kind != "row" or is_lead_in(clause))
        items = tuple(c for c in (self.corpus.clause(i) for i in clause.children) if c) if listed else ()
        return Grounds(clause, document, targets, assignment, items=items, dated=self._dated(clause))

    def _dated(self, clause: Clause) -> Clause | None:
        """The nearest clause above that is headed by a time; none for a row, whose table gives its own."""
        if clause.kind == "row" or clause.cells:
            return None
        parent = self.corpus.clause(clause.parent) if clause.parent else None
        while parent is not None:
            if _HEADING_TIME.search(heading_of(parent)):
                return parent
            parent = self.corpus.clause(parent.parent) if parent.parent else None
        return None

    @property
    def agency_names(self) -> list[str]:
        """Every canonical agency name an assignment carries, longest first (for matching)."""
        return sorted(self._by_agency, key=len, reverse=True)

    def assignments_of(self, agency: str, coordinating: bool = False, years: set[int] | None = None,
                       documents: set[str] | None = None) -> list[Assignment]:
        """Tasks the agency leads (or coordinates), optionally within years and documents, in corpus order."""
        found = []
        for assignment in self._by_agency.get(agency, []):
            bodies = assignment.coordinating if coordinating else assignment.lead
            if not any(a.name == agency for a in bodies):
                continue
            if years and not years & set(assignment.years):
                continue
            if documents and assignment.document not in documents:
                continue
            found.append(assignment)
        return found


def heading_of(clause: Clause) -> str:
    """A clause's heading: its short title, or the first words of its text, without a full date (the
    "Ngày 09 tháng 01 năm 2025, Chính phủ ban hành …" opening a section sets no deadline)."""
    return _FULL_DATE.sub(" ", clause.heading or " ".join(clause.text.split()[:HEADING_WORDS]))
