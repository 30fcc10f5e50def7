"""The default answerer: no language model, a short Vietnamese answer composed from the clauses.

It picks the clause(s) that answer what the question asks (a value, a body, a deadline, a
result), writes one sentence per clause from the facts and text ingestion extracted, and
cites each with a marker and a verbatim quote. Numbers, dates and names are copied, never
retyped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.abstain import coverage, grounds_text, key_terms
from assistant.answer import Citation
from assistant.facts import FactIndex, Grounds
from assistant.question import Intent, Kind, Role
from assistant.quotes import quote
from index.search import Hit

CANDIDATES = 5  # hits considered for the answer
MAX_GROUNDS = 3  # clauses one answer cites
CLOSE = 0.8  # a clause within this share of the best one's score answers about as well
RANK_WEIGHT = 0.5  # search order (named documents first) counts beside the search score
ISSUED_BONUS = 0.2  # when no document is named, a decision in force comes before drafts and reports
LEAD = 0.6  # an issued clause leads only from this share of the best score (not an off-topic one)
ISSUED_EXTRA = 2  # clauses of a decision in force considered from below the first CANDIDATES hits
MAX_LIST_ITEMS = 10
_BONUS = 0.3


@dataclass(frozen=True)
class Chosen:
    hit: Hit
    grounds: Grounds
    score: float


def _agencies(bodies: list) -> str:
    return "; ".join(a.original for a in bodies)


def _fit(grounds: Grounds, context: str, intent: Intent, terms: list[str], years: list[str]) -> float:
    """How well a clause answers this kind of question (added to its search rank score)."""
    text = grounds_text(grounds, context)
    score = _BONUS * coverage(terms, text)
    if intent.kind in (Kind.TARGET, Kind.COMPARISON) and (grounds.target or any(c.isdigit() for c in grounds.clause.text)):
        score += _BONUS if grounds.target else _BONUS / 2
    if intent.kind in (Kind.AGENCY, Kind.LIST) and (grounds.lead or "chủ trì" in text):
        score += _BONUS if grounds.lead else _BONUS / 2
    if intent.kind is Kind.DEADLINE and grounds.assignment and grounds.assignment.time_frame:
        score += _BONUS
    if intent.kind is Kind.ACHIEVED and grounds.assignment and grounds.assignment.reported_result:
        score += _BONUS
    if years and _about_years(grounds, text, years):
        score += _BONUS
    return score


def _about_years(grounds: Grounds, text: str, years: list[str]) -> bool:
    """Whether a clause is about one of the asked years.

    A target's own year decides: a draft titled "đến năm 2030, định hướng đến năm 2035" also
    holds 2035 targets, and its title must not make them answer a question about 2030.
    """
    if grounds.target and grounds.target.year:
        return grounds.target.year in years
    return any(y in text for y in years)


def _off_year(grounds: Grounds, years: list[str]) -> bool:
    """A target set for another year than the one asked about (a 2035 figure for a 2030 question)."""
    return bool(years and grounds.target and grounds.target.year and grounds.target.year not in years)


def _other_year(grounds: Grounds, lead: Grounds) -> bool:
    """Both are targets, for different years: a 2035 figure does not back up a 2030 one."""
    return bool(grounds.target and lead.target and grounds.target.year and lead.target.year
                and grounds.target.year != lead.target.year)


def choose(hits: list[Hit], facts: FactIndex, intent: Intent, normalized: str, years: list[str],
           named_documents: tuple[str, ...]) -> list[Chosen]:
    """The clauses an answer rests on, best first.

    The best-fitting clause (a decision in force first, unless the question names a document), then (up to MAX_GROUNDS) clauses that add what it lacks: for a
    comparison, the other document or the other indicator; when no document is named and another
    document answers almost as well, for the same target year, that one too (the reader sees both
    sources); and clauses that cover question words the first one does not (a question about two
    things).
    """
    terms = key_terms(normalized)
    issued = {d.id: not d.draft and d.status == "issued" for d in facts.corpus.documents}
    scored: list[Chosen] = []
    seen: set[str] = set()
    top = max((h.score for h in hits[:CANDIDATES]), default=0.0) or 1.0
    pool = list(enumerate(hits[:CANDIDATES], 1))
    if not named_documents:  # drafts often word it closer to the question: the decision in force gets a look
        pool += [(rank, h) for rank, h in enumerate(hits[CANDIDATES:], CANDIDATES + 1)
                 if issued.get(h.passage.document)][:ISSUED_EXTRA]
    for rank, hit in pool:
        grounds = facts.grounds(hit.passage.clause_id)
        if grounds is None or grounds.clause.id in seen:
            continue
        seen.add(grounds.clause.id)
        score = RANK_WEIGHT / rank + hit.score / top + _fit(grounds, hit.passage.context, intent, terms, years)
        if not named_documents and issued.get(hit.passage.document):
            score += ISSUED_BONUS
        scored.append(Chosen(hit, grounds, score))
    scored.sort(key=lambda c: c.score, reverse=True)
    if not scored:
        return []
    if not named_documents:
        scored = _issued_first(scored, issued, intent, years, terms)
    chosen = [scored[0]]
    for candidate in scored[1:]:
        if len(chosen) >= MAX_GROUNDS:
            break
        if _adds(candidate, chosen, intent, terms, named_documents):
            chosen.append(candidate)
    return chosen


def _issued_first(scored: list[Chosen], issued: dict[str, bool], intent: Intent, years: list[str],
                  terms: list[str]) -> list[Chosen]:
    """The best clause of a decision in force that answers the question, moved to the front.

    A question that names no document asks what applies now; drafts and reports often say the
    same thing in words closer to the question, so they may follow as further sources but not lead.
    The clause must be about what the question is about: of the question's words the best clause
    has, it may lack one ("chiếm" in "kinh tế số chiếm … GDP"), not more (a 1033 target on "chữ ký
    số" shares only "dân số" with a question on smartphones).
    """
    if intent.kind not in (Kind.TARGET, Kind.AGENCY, Kind.DEADLINE):  # kinds _answers_kind really tests
        return scored

    def words(c: Chosen) -> set[str]:
        text = grounds_text(c.grounds, c.hit.passage.context)
        return {t for t in terms if coverage([t], text) == 1}

    best_words = words(scored[0])
    lead = next((c for c in scored if issued.get(c.hit.passage.document) and _answers_kind(c.grounds, intent)
                 and not _off_year(c.grounds, years) and len(best_words - words(c)) <= 1), None)
    if lead is None or lead is scored[0] or lead.score < LEAD * scored[0].score:
        return scored
    return [lead, *(c for c in scored if c is not lead)]


def _adds(candidate: Chosen, chosen: list[Chosen], intent: Intent, terms: list[str],
          named_documents: tuple[str, ...]) -> bool:
    best = chosen[0]
    documents = {c.hit.passage.document for c in chosen}
    other_document = candidate.hit.passage.document not in documents
    if intent.kind is Kind.COMPARISON and len(named_documents) >= 2:
        return other_document and candidate.hit.passage.document in named_documents
    covered = " ".join(grounds_text(c.grounds, c.hit.passage.context) for c in chosen)
    missing = [t for t in terms if coverage([t], covered) < 1]
    adds_terms = bool(missing) and coverage(missing, grounds_text(candidate.grounds, candidate.hit.passage.context)) >= 0.5
    close = candidate.score >= CLOSE * best.score
    if intent.kind is Kind.COMPARISON:
        return adds_terms or (other_document and close) or (len(chosen) == 1 and close)
    if _other_year(candidate.grounds, best.grounds):  # another year's figure answers another question
        return False
    if not named_documents and other_document and close and _answers_kind(candidate.grounds, intent):
        return True
    siblings = candidate.grounds.clause.parent == best.grounds.clause.parent and candidate.grounds.target and best.grounds.target
    return bool(close and (adds_terms or siblings))


def _answers_kind(grounds: Grounds, intent: Intent) -> bool:
    """Whether a clause has what this kind of question asks for (a figure, a body, a deadline)."""
    if intent.kind is Kind.TARGET:
        return grounds.target is not None or "%" in grounds.clause.text
    if intent.kind is Kind.AGENCY:
        return bool(grounds.lead)
    if intent.kind is Kind.DEADLINE:
        return bool(grounds.assignment and grounds.assignment.time_frame)
    return True


def _sentence(chosen: Chosen, intent: Intent, marker: int, facts: FactIndex) -> tuple[str, list[str]]:
    """One answer sentence for a clause, and the texts its quote should centre on."""
    grounds = chosen.grounds
    document = facts.corpus.document(grounds.clause.document)
    source = document.short_name if document else grounds.clause.document
    target, assignment = grounds.target, grounds.assignment
    if intent.kind is Kind.AGENCY and grounds.lead:
        subject = assignment.task if assignment else target.indicator if target else grounds.clause.text
        parts = [f"cơ quan chủ trì: {_agencies(grounds.lead)}"]
        if grounds.coordinating:
            parts.append(f"phối hợp: {_agencies(grounds.coordinating)}")
        if grounds.detail is not None:  # say only what the cited "+" line states
            stated = grounds.detail.text.lower()
            parts = [p for p in parts if p.split(":")[0].split()[-1] in stated]
        if intent.role is Role.COORDINATING:
            parts.reverse()
        result = ""
        if assignment and assignment.reported_result:  # a report row: what the body did
            result = f" Kết quả: {assignment.reported_result.strip()}"
        return (f"Theo {source}, {subject.rstrip('.;: ')}: {'; '.join(parts)}.{result} [{marker}]",
                [" ".join(subject.split()[:12]), *(a.original for a in grounds.lead)])
    if intent.kind is Kind.DEADLINE and assignment and assignment.time_frame:
        return (f"Theo {source}, {assignment.task.rstrip('.;: ')}: thời gian thực hiện {assignment.time_frame} "
                f"[{marker}].", [assignment.task])
    if intent.kind is Kind.ACHIEVED and assignment and assignment.reported_result:
        return (f"Theo {source}, {assignment.task.rstrip('.;: ')}. Kết quả: {assignment.reported_result.strip()} "
                f"[{marker}].", [assignment.reported_result[:80]])
    if target:
        year = f" (mục tiêu đến năm {target.year})" if target.year and target.year not in target.indicator else ""
        return f"Theo {source}{year}: {target.indicator.rstrip('.;: ')} [{marker}].", [target.value, target.indicator]
    text = grounds.clause.text.rstrip(".;: ")
    return f"Theo {source}: {text} [{marker}].", []


def compose(chosen: list[Chosen], intent: Intent, facts: FactIndex) -> tuple[str, list[Citation]]:
    """One sentence per clause; a task whose bodies are stated on a "+" line below it cites both."""
    sentences, citations = [], []
    marker = 1
    for item in chosen:
        sentence, focus = _sentence(item, intent, marker, facts)
        citations.append(citation_of(item.grounds, marker, focus, facts))
        detail = item.grounds.detail
        if detail is not None and intent.kind is Kind.AGENCY and sentence.endswith(f"[{marker}]"):
            marker += 1
            sentence = re.sub(r": (cơ quan chủ trì|phối hợp):", rf" [{marker - 1}]: \1:", sentence, count=1)
            sentence = sentence[: -len(f"[{marker - 1}]")] + f"[{marker}]"
            citations.append(citation_of(Grounds(detail), marker, [], facts))
        sentences.append(sentence)
        marker += 1
    return " ".join(sentences), citations


def citation_of(grounds: Grounds, marker: int, focus: list[str], facts: FactIndex) -> Citation:
    document = facts.corpus.document(grounds.clause.document)
    return Citation(marker=marker, citation=grounds.clause.citation, document=grounds.clause.document,
                    document_title=document.title if document else "", clause_id=grounds.clause.id,
                    quote=quote(grounds.clause, focus))


def compose_list(agency: str, intent: Intent, facts: FactIndex, documents: set[str] | None) -> tuple[str, list[Citation]]:
    """"Những nhiệm vụ Bộ Công an chủ trì có hạn năm 2026": every matching task, a citation each."""
    coordinating = intent.role is Role.COORDINATING
    years = {int(y) for y in intent.years} or None
    found = facts.assignments_of(agency, coordinating, years, documents)
    role = "phối hợp" if coordinating else "chủ trì"
    when = f" có thời hạn trong năm {', '.join(sorted(intent.years))}" if intent.years else ""
    if not found:
        return "", []
    lines = [f"Có {len(found)} nhiệm vụ {agency} {role}{when}:"]
    citations = []
    for marker, assignment in enumerate(found[:MAX_LIST_ITEMS], 1):
        timing = f" ({assignment.time_frame})" if assignment.time_frame else ""
        lines.append(f"- {assignment.task.rstrip('.;: ')}{timing} [{marker}]")
        citations.append(citation_of(facts.grounds(assignment.clause_id), marker, [assignment.task], facts))
    if len(found) > MAX_LIST_ITEMS:
        lines.append(f"… và {len(found) - MAX_LIST_ITEMS} nhiệm vụ khác.")
    return "\n".join(lines), citations
