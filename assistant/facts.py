"""The facts of the corpus (targets, assignments) looked up by clause and by agency."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ingest.model import Assignment, Clause, Target
from ingest.store import Corpus


@dataclass(frozen=True)
class Grounds:
    """One clause an answer can rest on, with the facts ingestion found in it."""

    clause: Clause
    target: Target | None = None
    assignment: Assignment | None = None
    detail: Clause | None = None  # the "+ Cơ quan chủ trì: …" line the task's bodies are stated in

    @property
    def lead(self) -> list:
        fact = self.assignment or self.target
        return fact.lead if fact else []

    @property
    def coordinating(self) -> list:
        fact = self.assignment or self.target
        return fact.coordinating if fact else []


class FactIndex:
    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self._targets = {t.clause_id: t for t in corpus.targets}
        self._assignments = {a.clause_id: a for a in corpus.assignments}
        self._by_agency: dict[str, list[Assignment]] = defaultdict(list)
        for assignment in corpus.assignments:
            for agency in assignment.lead + assignment.coordinating:
                self._by_agency[agency.name].append(assignment)

    def grounds(self, clause_id: str) -> Grounds | None:
        """The clause with its facts; a "+" line under a task (its lead body, its deadline) stands
        for the task, with the line kept as the detail to cite."""
        clause = self.corpus.clause(clause_id)
        if clause is None:
            return None
        target, assignment = self._targets.get(clause_id), self._assignments.get(clause_id)
        if not (target or assignment) and clause.kind == "cong" and clause.parent in self._assignments:
            parent = self.corpus.clause(clause.parent)
            return Grounds(parent, None, self._assignments[clause.parent], detail=clause)
        return Grounds(clause, target, assignment)

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
