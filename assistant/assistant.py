"""The assistant: a question in, a short grounded answer with clause citations out."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterator
from typing import Any

from assistant.abstain import reason_to_abstain
from assistant.answer import Answer, Citation, Note
from assistant.checker import check, claims
from assistant.extractive import choose, citation_of, compose, compose_list
from assistant.llm import LLMError, write
from assistant.facts import FactIndex
from assistant.notes import document_notes, reorganisation_notes
from assistant.question import Kind, classify, resolve_follow_up
from index.search import RetrieverKind, Searcher
from index.vietnamese import normalize

log = logging.getLogger(__name__)

RELATED = 3  # closest clauses shown when abstaining
LLM_PASSAGES = 5  # numbered passages the model writes from
ABSTAIN_TEXT = ("Các văn bản hiện có không quy định nội dung này. Các điều khoản dưới đây có thể liên quan.")


def _user_questions(history: list[Any] | None) -> list[str]:
    """Earlier user questions from a history of strings or of {"role", "content"} messages."""
    questions = []
    for item in history or []:
        if isinstance(item, str):
            questions.append(item)
        elif isinstance(item, dict) and item.get("role", "user") == "user" and isinstance(item.get("content"), str):
            questions.append(item["content"])
    return questions


class Assistant:
    """`llm`, when given, writes the answer from the passages; the checker keeps only grounded sentences."""

    def __init__(self, searcher: Searcher, llm: Any = None, top_k: int = 10) -> None:
        self.searcher = searcher
        self.llm = llm
        self.top_k = top_k
        self.facts = FactIndex(searcher.corpus)
        words = re.findall(r"\w+", " ".join(p.text for p in searcher.passages).lower())
        # every word, and a number with the unit after it written together ("1 Gb" → "1gb"), to look names up in
        self._known_words = set(words) | {a + b for a, b in zip(words, words[1:]) if a.isdigit() and len(b) > 1}
        self._agencies = [(normalize(name), name) for name in self.facts.agency_names]

    def ask(self, question: str, documents: list[str] | None = None, history: list[Any] | None = None,
            retriever: RetrieverKind = RetrieverKind.HYBRID) -> Answer:
        started = time.perf_counter()
        question = resolve_follow_up(self.searcher.check(question), _user_questions(history))
        query = self.searcher.prepare(question, checked=True)
        intent = classify(query.text, len(query.mentions.documents))
        hits = self.searcher.search(question, k=self.top_k, retriever=retriever, documents=documents, prepared=query)
        passages = [h.to_dict() for h in hits]
        named_years = {y for d in query.mentions.documents for y in self._title_years(d)}
        only = set(documents) if documents else set(query.mentions.documents) or None

        if intent.kind is Kind.LIST and (agency := self._agency_in(query.text)):
            text, citations = compose_list(agency, intent, self.facts, only)
            if citations:
                return self._finish(Answer(text, citations, passages), started)

        asked_years = [y for y in intent.years if y not in named_years]
        chosen = choose(hits, self.facts, intent, query.text, asked_years, query.mentions.documents)
        reason = reason_to_abstain(query.text, intent, [(c.grounds, c.hit.passage.context) for c in chosen],
                                   self._known_words, named_years)
        if reason:
            related = passages[:RELATED]
            return self._finish(Answer(ABSTAIN_TEXT, [], passages, related=related, abstained=True), started)
        text, citations = compose(chosen, intent, self.facts)
        if self.llm is not None:
            written = self._written(question, hits)
            if written:
                text, citations = written
        return self._finish(Answer(text, citations, passages), started)

    def _written(self, question: str, hits: list) -> tuple[str, list[Citation]] | None:
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
        citations = []
        for marker in sorted({int(m) for m in re.findall(r"\[(\d+)\]", checked.text)}):
            grounds = self.facts.grounds(hits[marker - 1].passage.clause_id)
            focus = [c for s in checked.kept if f"[{marker}]" in s for c in claims(s, self.facts.agency_names)]
            citations.append(citation_of(grounds, marker, focus, self.facts))
        return checked.text, citations

    def stream(self, question: str, documents: list[str] | None = None, history: list[Any] | None = None,
               retriever: RetrieverKind = RetrieverKind.HYBRID) -> Iterator[str | Answer]:
        """The answer text in pieces (sentence by sentence), then the whole `Answer`."""
        answer = self.ask(question, documents, history, retriever)
        for piece in re.split(r"(?<=[.\]:])\s+|\n", answer.answer):
            if piece:
                yield piece + " "
        yield answer

    def _title_years(self, document_id: str) -> list[str]:
        document = self.searcher.corpus.document(document_id)
        return re.findall(r"\b(?:19|20)\d{2}\b", document.title) if document else []

    def _agency_in(self, normalized: str) -> str | None:
        """The canonical name of the agency a list question names ("Bộ Công an")."""
        return next((name for form, name in self._agencies if form in normalized), None)

    def _finish(self, answer: Answer, started: float) -> Answer:
        cited = {c.document for c in answer.citations}
        notes: list[Note] = []
        for document_id in sorted(cited):
            document = self.searcher.corpus.document(document_id)
            if document:
                notes += document_notes(document)
        notes += reorganisation_notes([answer.answer, *(c.quote for c in answer.citations)])
        answer.notes = list(dict.fromkeys(notes))
        answer.latency_ms = round((time.perf_counter() - started) * 1000, 1)
        return answer
