"""The assistant: a question in, a short grounded answer with clause citations out.

One pipeline: the question becomes one `Query` (checked, normalized, its language, documents,
years and slots, a follow-up completed from the history); one search takes it; the clauses the
answer rests on are chosen for the slots asked (`select`); the answer is written from their
structure (`compose`); whether to give it is decided from the evidence (`abstain`). Questions about
a document itself are answered from its identity, and list questions from the facts.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from assistant.abstain import AbstentionModel, features, words_with_units
from assistant.answer import Answer, Citation, Note
from assistant.cache import AnswerCache
from assistant.checker import check, claims
from assistant.compose import Casing, Writer, Written, identity_slots
from assistant.entities import Entities, is_local, of_place
from assistant.excerpt import TermWeights
from assistant.facts import FactIndex
from assistant.guard import is_instruction
from assistant.llm import LLMError, write
from assistant.notes import document_notes, reorganisation_notes, replaced_by_notes
from assistant.query import SUBJECT_TERMS, Query, asked_when, build_query, subject_terms
from assistant.select import candidates, choose
from assistant.slots import FACT_SLOTS, IDENTITY, Slot, without_cues
from index.search import Hit, RetrieverKind, Searcher
from index.vietnamese import normalize

log = logging.getLogger(__name__)

RELATED = 3  # closest clauses shown when abstaining
LOCAL_TOP = 5  # hits of a named place's own documents looked for, and added when absent
# "những cơ quan nào phối hợp với Bộ Y tế": bodies asked of a task, not the tasks of a body
_ASKS_BODIES = re.compile(r"\b(cơ quan|đơn vị|bộ|sở|bên|ngành)\s+(nào|gì)\b|\bai\b|\bwhich (agenc|bod|ministr|department)|\bwho\b",
                          re.IGNORECASE)
LLM_PASSAGES = 5  # numbered passages the model writes from
ABSTAIN_TEXT = {
    "vi": "Các văn bản hiện có không quy định nội dung này. Các điều khoản dưới đây có thể liên quan.",
    "en": "The documents do not say this. The clauses below may be related (they are quoted in Vietnamese).",
}


class Assistant:
    """`llm`, when given, writes the answer from the passages; the checker keeps only grounded sentences."""

    def __init__(self, searcher: Searcher, llm: Any = None, top_k: int = 10, cache_size: int = 0,
                 abstention: AbstentionModel | None = None) -> None:
        self.searcher = searcher
        self.llm = llm
        self.top_k = top_k
        self.facts = FactIndex(searcher.corpus)
        self.abstention = abstention if abstention is not None else AbstentionModel.load()
        self.cache = AnswerCache(cache_size)
        texts = [p.text for p in searcher.passages]
        self._known_words = words_with_units(" ".join(texts))  # to look the technical names asked up in
        self.entities = Entities(self.facts.agency_names, searcher.corpus.clauses, self._document_text)
        self.weight = TermWeights([c.text for c in searcher.corpus.clauses])
        self.writer = Writer(self.facts, Casing(texts), self.weight)

    def ask(self, question: str, documents: list[str] | None = None, history: list[Any] | None = None,
            retriever: RetrieverKind = RetrieverKind.HYBRID, decide: bool = True) -> Answer:
        """The answer; `decide=False` gives it whatever the evidence (to fit the abstention model on)."""
        started = time.perf_counter()
        query = build_query(self.searcher, question, history)
        key = (query.search.text, tuple(documents or ()), retriever.value, query.language, query.slots, decide)
        cached = self.cache.get(key)
        if cached is not None:
            cached.latency_ms = round((time.perf_counter() - started) * 1000, 1)
            return cached
        answer = self._finish(self._answer(query, documents, retriever, decide), started)
        self.cache.put(key, answer)
        return answer

    def _answer(self, query: Query, documents: list[str] | None, retriever: RetrieverKind, decide: bool) -> Answer:
        # a follow-up with a subject of its own leaves the earlier question's agency behind
        agencies = tuple(a for a in self.entities.agencies(query.search.text) if not self._moves_on(query, a))
        places = tuple(self.entities.places(query.question, agencies, query.language))
        query = self._placed(replace(query, agencies=agencies, places=places))
        query = self._with_reports(query)
        hits = self.searcher.search(query.resolved, k=self.top_k, retriever=retriever, documents=documents,
                                    prepared=query.search)
        hits = self._with_local(query, hits, documents, retriever)
        if is_instruction(query.question):
            return self._refusal(query, hits, 0.0, {})
        only = set(documents) if documents else set(query.documents) or None
        return self._from_hits(query, hits, only, decide)

    def _from_hits(self, query: Query, hits: list[Hit], only: set[str] | None, decide: bool) -> Answer:
        """The answer from the passages found: from the document's identity, an agency's task list,
        a list of what falls due, or the clauses chosen for the slots asked."""
        if identity_slots(query):
            answered = self._identity(query, hits, only)
            if answered:
                identity = Answer(answered.text, answered.citations, hits, language=query.language,
                                  slots=[s.value for s in query.slots], confidence=1.0)
                # "… bao nhiêu cấp phó, và Nghị định có hiệu lực từ ngày nào?": the figure from the body too
                rest = tuple(s for s in query.slots if s not in IDENTITY and s is not Slot.DEADLINE)
                if not rest:
                    return identity
                body = self._from_hits(replace(query, slots=rest), hits, only, decide)
                if body.abstained:
                    return identity
                return _joined(body, identity) if query.slots[0] in rest else _joined(identity, body)
        if query.asks(Slot.LIST, Slot.COUNT) and not query.asks(Slot.RESULT) and not _ASKS_BODIES.search(query.search.text) \
                and (agency := next(iter(query.agencies), None)):
            best = self.searcher.corpus.clause(hits[0].passage.clause_id) if hits else None
            listed = self.writer.agency_list(agency, query, only, coordinating=query.asks(Slot.COORDINATING)
                                             and not query.asks(Slot.LEAD), topic=self._topic(query, agency), best=best)
            if listed:
                return Answer(listed.text, listed.citations, hits, language=query.language,
                              slots=[s.value for s in query.slots], confidence=1.0)
        if query.asks(Slot.LIST) and query.asks(Slot.DEADLINE) and only and (when := asked_when(query)):
            due = [a for a in self.searcher.corpus.assignments if a.document in only and when.holds(a.time_frame, a.years)]
            listed = self.writer.due_list(due, query, when.words(query.language))
            if listed:
                return Answer(listed.text, listed.citations, hits, language=query.language,
                              slots=[s.value for s in query.slots], confidence=1.0)
        roles = dict(query.roles)
        scored = candidates(hits, self.facts, query, lambda term: self.weight(term) * roles.get(term, 1.0))
        chosen = choose(scored, query)
        found = features(query, hits, chosen, self._known_words,
                         self.entities.missing(list(query.agencies), list(query.places), chosen))
        probability = self.abstention.probability(found)
        if not chosen or decide and (probability < self.abstention.threshold or found["name_missing"]
                                     or found["entity_missing"]):
            return self._refusal(query, hits, probability, found)
        written = self.writer.write([c.grounds for c in chosen], query)
        if self.llm is not None:
            written = self._written(query.resolved, hits) or written
        asked_fact = [s for s in query.slots if s in FACT_SLOTS]
        # refused as blank only when every clause chosen leaves every slot asked empty
        blank_only = bool(asked_fact) and all(s in written.blank and all(c.grounds.fill(s) == "" for c in chosen)
                                              for s in asked_fact)
        return Answer(written.text, written.citations, hits, abstained=blank_only, language=query.language,
                      slots=[s.value for s in query.slots], blank=[s.value for s in written.blank],
                      confidence=round(probability, 3), evidence=found)

    def _refusal(self, query: Query, hits: list, probability: float, found: dict) -> Answer:
        return Answer(ABSTAIN_TEXT[query.language], [], hits, related=hits[:RELATED], abstained=True,
                      language=query.language, slots=[s.value for s in query.slots],
                      confidence=round(probability, 3), evidence=found)

    def _identity(self, query: Query, hits: list, only: set[str] | None) -> Written | None:
        """The document the question is about: the one it names, else the one its best passage is in."""
        document_id = next(iter(query.documents), None) or next(
            (h.passage.document for h in hits if not only or h.passage.document in only), None)
        document = self.facts.document(document_id) if document_id else None
        if document is None:
            return None
        clauses = [c for c in self.searcher.corpus.clauses if c.document == document.id]
        return self.writer.identity(document, query, clauses)

    def _written(self, question: str, hits: list) -> Written | None:
        """The model's answer from the top passages, grounded sentences only; None to keep the extractive one."""
        numbered = {n: hit.passage.embed_text for n, hit in enumerate(hits[:LLM_PASSAGES], 1)}
        try:
            written = write(self.llm, question, numbered)
        except LLMError as error:
            log.warning("%s; answering without it", error)
            return None
        checked = check(written, numbered, self.facts.agency_names)
        for sentence, why in checked.dropped:
            log.info("dropped a model sentence (%s): %s", why, sentence)
        if not checked.kept:
            return None
        citations: list[Citation] = []
        for marker in sorted({int(m) for m in re.findall(r"\[(\d+)\]", checked.text)}):
            clause = self.searcher.corpus.clause(hits[marker - 1].passage.clause_id)
            focus = [c for s in checked.kept if f"[{marker}]" in s for c in claims(s, self.facts.agency_names)]
            citations.append(self.writer.cite(clause, marker, focus))
        return Written(checked.text, citations, [])

    def stream(self, question: str, documents: list[str] | None = None, history: list[Any] | None = None,
               retriever: RetrieverKind = RetrieverKind.HYBRID) -> Iterator[str | Answer]:
        """The answer text in pieces (sentence by sentence), then the whole `Answer`."""
        answer = self.ask(question, documents, history, retriever)
        for piece in re.split(r"(?<=[.\]:])\s+|\n", answer.answer):
            if piece:
                yield piece + " "
        yield answer

    def _document_text(self, document_id: str) -> str:
        document = self.facts.document(document_id)
        return f"{document.title} {document.issuer or ''}" if document else ""

    def _placed(self, query: Query) -> Query:
        """A place named beside a document that its words seemed to name ("kế hoạch … hạ tầng 5G … của
        Đồng Tháp" against Hà Nội's plan of that title): a local document of another place is not named."""
        if not query.places or not query.documents:
            return query
        kept = tuple(d for d in query.documents if (document := self.facts.document(d)) is None
                     or not is_local(document.issuer) or of_place(query.places, f"{document.title} {document.issuer}"))
        if kept == query.documents:
            return query
        return query.naming(kept) if kept else query.naming((), spans=())

    def _with_reports(self, query: Query) -> Query:
        """A question naming a plan or a strategy and asking of a year a report is of ("Kế hoạch 2025
        yêu cầu gì và năm 2022 đã đạt bao nhiêu?"): the report of that year is named beside it, since
        a plan sets targets and a report states what was achieved."""
        if not query.documents or not query.asked_years:
            return query
        named = [self.facts.document(d) for d in query.documents]
        if any(d is not None and d.status == "report" for d in named):
            return query
        reports = tuple(d.id for d in self.searcher.corpus.documents if d.status == "report"
                        and any(re.search(rf"\b{y}\b", d.title) for y in query.asked_years))
        return query.naming(query.documents + reports) if reports else query

    def _with_local(self, query: Query, hits: list[Hit], documents: list[str] | None,
                    retriever: RetrieverKind) -> list[Hit]:
        """A place named ("… của Đồng Tháp") whose own documents retrieval left out of the top: their
        best passages join the hits, after them, for selection to weigh."""
        if not query.places or query.documents or documents:
            return hits
        local = [d.id for d in self.searcher.corpus.documents if of_place(
            query.places, f"{d.title} {d.issuer or ''}")]
        if not local or any(h.passage.document in local for h in hits[:LOCAL_TOP]):
            return hits
        found = self.searcher.search(query.resolved, k=LOCAL_TOP, retriever=retriever, documents=local,
                                     prepared=query.search)
        seen = {h.passage.id for h in hits}
        return hits + [h for h in found if h.passage.id not in seen]

    def _moves_on(self, query: Query, agency: str) -> bool:
        """A follow-up with a subject of its own ("Thế còn các doanh nghiệp công nghệ số phải làm gì?")
        after a question about an agency: it asks about its subject, not the agency."""
        if not query.follow_up:
            return False
        own = normalize(query.question)
        return agency not in self.entities.agencies(own) and len(subject_terms(without_cues(own))) > SUBJECT_TERMS

    def _topic(self, query: Query, agency: str) -> list[str]:
        """What a list question about an agency is about beside the agency, its cues, the documents
        and years it names: "dữ liệu" in "Bộ Công an chủ trì những nhiệm vụ gì về dữ liệu?"."""
        rest = without_cues(query.search.text, query.language).replace(normalize(agency), " ")
        named = set()
        for document_id in query.documents:
            document = self.facts.document(document_id)
            if document:
                named |= set(subject_terms(normalize(f"{document.type} {document.short_name} {document.title}")))
        return [t for t in subject_terms(rest) if t not in named and not re.search(r"\d", t)]

    def _finish(self, answer: Answer, started: float) -> Answer:
        cited = {c.document for c in answer.citations}
        notes: list[Note] = []
        documents = self.searcher.corpus.documents
        for document_id in sorted(cited):
            document = self.searcher.corpus.document(document_id)
            if document:
                notes += document_notes(document) + replaced_by_notes(document, documents)
        notes += reorganisation_notes([answer.answer, *(c.quote for c in answer.citations)])
        answer.notes = list(dict.fromkeys(notes))
        answer.latency_ms = round((time.perf_counter() - started) * 1000, 1)
        return answer


def _joined(first: Answer, second: Answer) -> Answer:
    """Two answers to two parts of one question, the second's markers numbered on from the first's."""
    offset = len(first.citations)
    text = re.sub(r"\[(\d+)\]", lambda m: f"[{int(m.group(1)) + offset}]", second.answer)
    cited = [replace(c, marker=c.marker + offset) for c in second.citations]
    return replace(first, answer=f"{first.answer} {text}", citations=first.citations + cited,
                   slots=list(dict.fromkeys(first.slots + second.slots)), blank=second.blank,
                   confidence=second.confidence, evidence=second.evidence)
