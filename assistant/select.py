"""Choosing the clauses an answer rests on, from the passages retrieval found.

Each retrieved clause is scored by how well retrieval ranked it and by what the question asks:
whether the clause has the slots asked (a lead body, a time frame, a figure), whether it is about
the years asked and of the document named, and how much of the question's own subject it holds.
When no document is named, a decision in force comes before drafts and reports saying the same.
The best clause leads; a second one joins only when it adds what the answer still lacks: the other
side of a comparison, a slot the first leaves unfilled, or the same answer from another document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.excerpt import has_amount, syllables_of, weighted_cover
from assistant.entities import is_local, of_place, place_of
from assistant.facts import FactIndex, Grounds
from assistant.query import Query
from assistant.slots import FACT_SLOTS, Slot, without_cues
from index.search import Hit
from index.vietnamese import STOP_WORDS, normalize
from ingest.model import Clause

CANDIDATES = 10  # hits considered
NORMALIZED_CACHE = 8192  # clause texts kept normalized
MAX_GROUNDS = 3  # clauses one answer rests on
RANK = 0.5  # 1/rank, weighed beside the search score
SLOT = 0.35  # a slot asked that the clause fills
BLANK_SLOT = 0.15  # a slot asked that the clause has a place for and leaves empty
COVER = 0.5  # the share of the question's subject words the clause holds
YEAR = 0.3  # about a year asked / not
ISSUED = 0.15  # a decision in force when no document is named
PLACE = 0.3  # of the place the question names ("Đồng Tháp"), by its issuer, title or words / not
CLOSE = 0.75  # of the best score: answers about as well
LEADER = 0.6  # of the best score: a national decision in force that leads over it
HEADING_WORDS = 25  # a lead-in this short is a heading that only points to its items
MAX_LISTED = 20  # items of a lead-in a list question can take whole
NAMED_HEADING = 1.0  # a heading over items whose every word the question writes: the section it asks about
PROSE_COVER = 0.5  # of the question a clause holds for a figure in its prose to count as the one asked
FRAME = ("preamble", "closing")  # the text around a document's body: its legal bases, its signature
COMPLEMENT = 0.55  # of the best score: a clause holding two words of the question the others do not
_PERIOD = re.compile(r"\b(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d\b")
_AFTER_YEAR = re.compile(r"\b(?:sau|after)\s+(?:năm\s+)?(?:19|20)\d\d\b", re.IGNORECASE)
_COMPARE = re.compile(r"\bso với\b|\bso sánh\b|\bkhác (nhau|gì|biệt)\b|\bchênh\b|\bthay đổi\b|\blần lượt\b|\bcả hai\b|"
                      r"\b(cao|thấp|nhiều|ít|lớn|nhỏ) hơn\b|\btăng (lên|thêm)\b|\bthống nhất\b|\bgiống\b|"
                      r"\bcompar\w*\b|\bversus\b|\bvs\.?\b|\bdiffer\w*\b|\bboth\b|\bhigher\b|\blower\b", re.IGNORECASE)


@dataclass
class Candidate:
    hit: Hit
    grounds: Grounds
    score: float = 0.0
    cover: float = 0.0  # of the question's subject, by the clause under its headings and its document's title
    own_cover: float = 0.0  # the same without the title: what the clause itself holds (the evidence for answering)
    filled: float = 0.0  # share of the fact slots asked it fills
    terms: frozenset[str] = frozenset()  # the question's subject words it holds

    @property
    def document(self) -> str:
        return self.grounds.clause.document


def descend(grounds: Grounds, terms: list[str], facts: FactIndex) -> Grounds:
    """A lead-in whose item is a heading the question names ("Điều 1 … những nội dung sau:" → "I. QUAN
    ĐIỂM"): the item, with its own items, answers; the lead-in only points to it. An item without
    items of its own must hold two more of the question's words than the lead-in."""
    for _ in range(2):
        if not grounds.items or len(grounds.clause.text.split()) > HEADING_WORDS:
            return grounds  # a lead-in with a body of its own answers from it
        own = terms_in(terms, grounds.clause.text)
        best, gained = None, 0
        for item in grounds.items:
            gain = len(terms_in(terms, item.text) - own)
            if gain > gained and (item.children or gain >= 2):
                best, gained = item, gain
        if best is None:
            return grounds
        grounds = facts.grounds(best.id) or grounds
    return grounds


def ascend(grounds: Grounds, terms: list[str], facts: FactIndex, weight=None, strict: bool = False) -> Grounds:
    """For a list question, an item found alone stands for the lead-in it is one of, when that
    lead-in names what is asked ("Về kỹ năng số: …" for "những mục tiêu gì về kỹ năng số"). An item
    with items of its own (a task's "+" lines), and any item when `strict` (a question on content),
    goes up only when the lead-in holds more of the question."""
    if not grounds.clause.parent:
        return grounds
    parent = facts.grounds(grounds.clause.parent)
    if parent is None or not parent.items or len(parent.items) > MAX_LISTED:
        return grounds
    if not terms_in(terms, parent.clause.text):
        return grounds
    if (grounds.items or strict) and \
            weighted_cover(terms, parent.clause.text, weight) <= weighted_cover(terms, grounds.clause.text, weight):
        return grounds
    return parent


def narrow(grounds: Grounds, terms: list[str], facts: FactIndex, weight=None) -> Grounds:
    """For one figure asked, a lead-in found ("a) Về kinh tế số") stands for its item that holds a
    figure and most of the question's words."""
    figured = [i for i in grounds.items if re.search(r"\d", i.text)]
    if not figured or has_amount(grounds.clause.text):
        return grounds
    best = max(figured, key=lambda i: weighted_cover(terms, i.text, weight))
    return facts.grounds(best.id) or grounds


def _unlabelled(clause: Clause) -> str:
    """The clause's words without its own label ("3. Đầu tư …" → "Đầu tư …")."""
    text = clause.text.lstrip()
    return text[len(clause.label):] if clause.label and text.startswith(clause.label) else text


def _writes_figure(grounds: Grounds) -> bool:
    """A figure in the clause, its cells or its items, not counting their labels, years and dates."""
    return any(has_amount(t) for t in (_unlabelled(grounds.clause), *grounds.clause.cells.values(),
                                       *(_unlabelled(i) for i in grounds.items)))


def terms_in(terms: list[str], text: str) -> set[str]:
    syllables = syllables_of(text)
    return {t for t in terms if all(s in syllables for s in t.split("_"))}


def grounds_text(grounds: Grounds, context: str = "") -> str:
    """What a clause answers with: its words, cells and items, under its headings."""
    items = " ".join(item.text for item in grounds.items)
    cells = " ".join(grounds.clause.cells.values())
    return f"{context} {grounds.clause.text} {cells} {items}".lower()


def is_comparison(query: Query) -> bool:
    """Two documents, two times a figure is asked for, or words that compare. "2026-2030" is one
    time, a period, not two."""
    times = len(query.years) - len(_PERIOD.findall(query.search.text))
    return len(query.documents) >= 2 or times >= 2 and query.asks(Slot.VALUE) \
        or bool(_COMPARE.search(query.search.text))


def _year_text(candidate: Candidate) -> str:
    """The words that say which years a clause is about; a year it starts after ("Sau năm 2030, …
    giảm 5 μg/m3 mỗi kỳ") is not one of them."""
    grounds = candidate.grounds
    years = " ".join(filter(None, (t.year or t.period for t in grounds.targets)))
    text = _AFTER_YEAR.sub(" ", f"{' '.join(candidate.hit.passage.context.split(' › ')[1:])} {grounds.clause.text}")
    return f"{text} {years}"


def candidates(hits: list[Hit], facts: FactIndex, query: Query, weight=None) -> list[Candidate]:
    """The retrieved clauses as candidates, scored (best first); `weight` weighs the question's words
    by how rare they are, so "GDP" counts for more than "kinh tế"."""
    terms = list(query.terms)
    asked = [s for s in query.slots if s in FACT_SLOTS or s is Slot.VALUE]
    titled = [y for y in query.years if any(y in t for t in (facts.document(d).title for d in query.documents
                                                               if facts.document(d)))]
    years = [y for y in query.years if y not in titled]
    top = max((h.score for h in hits), default=0.0) or 1.0
    out: list[Candidate] = []
    seen: set[str] = set()
    listing = query.asks(Slot.LIST, Slot.CONTENT)
    # what the question asks about, without the words naming its document ("Chương trình phát triển
    # kinh tế số, xã hội số … những chỉ tiêu xã hội số nào": the heading "Chỉ tiêu xã hội số", not "… kinh tế số")
    unnamed = query.search.mentions.without_names(query.search.text)
    subject = syllables_of(without_cues(unnamed, query.language)) if listing else frozenset()
    written = syllables_of(unnamed) if listing else frozenset()
    for rank, hit in enumerate(hits[:CANDIDATES], 1):
        grounds = facts.grounds(hit.passage.clause_id)
        if grounds is not None:
            grounds = descend(grounds, terms, facts)
            if query.asks(Slot.LIST):
                grounds = ascend(grounds, terms, facts, weight)
            elif query.asks(Slot.CONTENT):
                grounds = ascend(grounds, terms, facts, weight, strict=True)
            elif query.asks(Slot.VALUE):
                grounds = narrow(grounds, terms, facts, weight)
            if listing:
                # of a lead-in's items, the one whose heading the question writes ("I Thiết kế" for
                # "Nhóm 'Thiết kế' … gồm những gì") answers with its own items
                named = [i for i in grounds.items if i.children and _names_heading(i, subject, written)]
                if len(named) == 1:
                    grounds = facts.grounds(named[0].id) or grounds
        if grounds is None or grounds.clause.id in seen or grounds.clause.kind == "header":
            continue  # a header block (issuer, number, place and date) answers from the identity, not as a clause
        seen.add(grounds.clause.id)
        candidate = Candidate(hit, grounds)
        # normalized as the question is: "Tỉ lệ" is its "tỷ lệ", "DNNVV" its "doanh nghiệp nhỏ và vừa"
        text = _normalized(grounds_text(grounds, hit.passage.context))
        # the question's "chương trình … của Thủ tướng" is in the programme's title, not in its clause
        candidate.cover = weighted_cover(terms, f"{_normalized(grounds.document.title)} {text}", weight)
        candidate.own_cover = weighted_cover(terms, text, weight)
        candidate.terms = frozenset(terms_in(terms, text))
        fills = [_fill(grounds, s, candidate.cover) for s in asked]
        candidate.filled = sum(1 for f in fills if f) / len(asked) if asked else 1.0
        score = hit.score / top + RANK / rank + COVER * candidate.cover
        score += sum(SLOT if f else BLANK_SLOT if f == "" else 0.0 for f in fills)
        if query.asks(Slot.VALUE) and not _writes_figure(grounds):
            score -= SLOT  # no figure anywhere in it: it cannot give the figure asked
        if years:
            score += YEAR if any(y in _year_text(candidate) for y in years) else -YEAR
        elif titled and query.asks(Slot.VALUE) and _years(candidate):
            # a figure for the named plan's year, its horizon: of the clauses that name a year, those
            # of another ("Tầm nhìn đến năm 2045") do not set it
            score += YEAR if _years(candidate) & set(titled) else -YEAR
        if not query.documents and grounds.document.status == "issued" and not grounds.document.draft:
            score += ISSUED
        if grounds.items and listing and _names_heading(grounds.clause, subject, written):
            score += NAMED_HEADING
        if query.places:
            score += PLACE if of_place(query.places, f"{grounds.document.title} {grounds.document.issuer or ''} "
                                                      f"{grounds.clause.text}") else -PLACE
        candidate.score = score
        out.append(candidate)
    named = [c for c in out if c.document in query.documents]
    if named and not (len(query.documents) == 1 and is_comparison(query)):
        out = named  # a named document answers from that document; a comparison's other side may be unnamed
    out.sort(key=lambda c: c.score, reverse=True)
    if out and not query.documents and not _leads(out[0], query):
        # a national decision in force that answers nearly as well leads over a draft's or a
        # report's wording, and over a province's plan the question does not name
        leader = next((c for c in out[1:] if _leads(c, query) and c.score >= LEADER * out[0].score
                       and c.filled >= out[0].filled and c.own_cover >= CLOSE * out[0].own_cover
                       and (not years or any(y in _year_text(c) for y in years))), None)
        if leader is not None:
            out.remove(leader)
            out.insert(0, leader)
    return out


@lru_cache(maxsize=NORMALIZED_CACHE)
def _normalized(text: str) -> str:
    """`normalize`, cached: the same clauses come back question after question, and normalizing one
    costs more than matching it."""
    return normalize(text)


def _names_heading(clause: Clause, subject: frozenset[str], written: frozenset[str]) -> bool:
    """The question's subject (its words beside its slot cues, so that "những mục tiêu gì" does not name
    "Mục tiêu …") writes every word of the clause's short heading ("5. Các doanh nghiệp công nghệ số"
    for "Doanh nghiệp công nghệ số được … kỳ vọng làm những gì?")."""
    heading = clause.heading or (clause.text if len(clause.text.split()) <= HEADING_WORDS else "")
    words = [w for w in re.findall(r"[^\W\d_]+", heading.lower()) if w not in STOP_WORDS]
    # its own cue words may be among the question's cues: "Chỉ tiêu xã hội số" is named by "những chỉ
    # tiêu xã hội số nào", whose subject is "xã hội số"; but every word of it is in the question
    core = [w for w in re.findall(r"[^\W\d_]+", without_cues(heading.lower())) if w not in STOP_WORDS]
    return len(core) >= 2 and set(core) <= subject and set(words) <= written


def _fill(grounds: Grounds, slot: Slot, cover: float = 0.0) -> str | None:
    """`Grounds.fill`; for a figure, the clause's own words holding one when they hold at least
    PROSE_COVER of the question (`cover`), or a lead-in's items ("a) Về kinh tế số" and its targets)."""
    value = grounds.fill(slot)
    if value is None and slot is Slot.VALUE and cover >= PROSE_COVER and has_amount(_unlabelled(grounds.clause)):
        return grounds.clause.text  # a figure in prose ("Hỗ trợ 1 triệu doanh nghiệp"), no target row
    if value is None and slot is Slot.VALUE and grounds.items:
        return next((i.text for i in grounds.items if re.search(r"\d", i.text)), None)
    return value


def _leads(candidate: Candidate, query: Query) -> bool:
    """In force, and national or of the place the question names."""
    document = candidate.grounds.document
    if document.status != "issued" or document.draft:
        return False
    place = place_of(document.issuer)
    return place is None or bool(place) and of_place([place], query.search.text)


def choose(scored: list[Candidate], query: Query) -> list[Candidate]:
    """The best candidate, and those that add what it lacks."""
    if not scored:
        return []
    best = scored[0]
    chosen = [best]
    comparison = is_comparison(query)
    asked = [s for s in query.slots if s in FACT_SLOTS]
    for candidate in scored[1:]:
        if len(chosen) >= MAX_GROUNDS:
            break
        if candidate.grounds.clause.kind in FRAME:
            continue  # "Căn cứ …; ban hành Kế hoạch <its title>": it restates the title, it adds nothing
        close = candidate.score >= CLOSE * best.score
        if comparison:
            if _unasked_local(candidate, best, query):
                continue  # a national comparison is not made with a province's figure
            other_document = candidate.document not in {c.document for c in chosen}
            other_year = _years(candidate) - set().union(*(_years(c) for c in chosen))
            held = frozenset().union(*(c.terms for c in chosen))
            other_side = len(candidate.terms - held) >= 2 and candidate.score >= COMPLEMENT * best.score
            if (other_document and (len(query.documents) < 2 or candidate.document in query.documents)
                    or other_year and set(query.years) & other_year) and candidate.cover >= 0.5 * best.cover \
                    or other_side:
                chosen.append(candidate)
            continue
        missing = [s for s in asked if not any(c.grounds.fill(s) for c in chosen)]
        # The same document's other clause on the same subject; a place named ("… ở Bắc Ninh") is not
        # answered by another document's body (the national lead beside the province's target).
        same = candidate.document == best.document
        if missing and any(candidate.grounds.fill(s) for s in missing) and (
                close and candidate.cover >= 0.8 * best.cover and (same or not query.places)
                or same and candidate.score >= COMPLEMENT * best.score and candidate.cover >= 0.6 * best.cover):
            chosen.append(candidate)
            continue
        if close and not missing and candidate.grounds.clause.parent == best.grounds.clause.parent \
                and candidate.grounds.clause.parent and candidate.cover >= best.cover:
            chosen.append(candidate)  # its sibling saying as much: "g) Trên 05 doanh nghiệp điện toán đám mây …" beside "h) Thị phần …"
            continue
        if not query.documents and not query.places and close and candidate.document not in {c.document for c in chosen} \
                and candidate.filled >= best.filled and candidate.cover >= best.cover and len(chosen) < 2 \
                and not _later(candidate, best):  # not a 2035 orientation beside a 2030 target
            chosen.append(candidate)  # the same answer from another document: the reader sees both
            continue
        held = frozenset().union(*(c.terms for c in chosen))
        if candidate.score >= COMPLEMENT * best.score and candidate.document == best.document \
                and len(candidate.terms - held) >= 2 and not _within(candidate, chosen) and not missing \
                and (not query.asks(Slot.VALUE) or _writes_figure(candidate.grounds)):
            chosen.append(candidate)  # the part of the question the others leave: "… và bao nhiêu phần trăm …"
    return chosen


def _unasked_local(candidate: Candidate, best: Candidate, query: Query) -> bool:
    """A province's document beside a national answer, when the question names neither the place nor
    the document: its figures are the province's, not the country's."""
    return (not query.places and candidate.document not in query.documents
            and is_local(candidate.grounds.document.issuer) and not is_local(best.grounds.document.issuer))


def _later(candidate: Candidate, best: Candidate) -> bool:
    """All the candidate's years come after all the best's: a further horizon, not the same answer."""
    theirs, ours = _years(candidate), _years(best)
    return bool(theirs and ours) and min(theirs) > max(ours)


def _within(candidate: Candidate, chosen: list[Candidate]) -> bool:
    """The candidate is one of a chosen lead-in's items, or the lead-in of a chosen clause."""
    clause = candidate.grounds.clause
    return any(clause.id in {i.id for i in c.grounds.items} or c.grounds.clause.parent == clause.id for c in chosen)


def _years(candidate: Candidate) -> set[str]:
    return set(re.findall(r"\b20\d\d\b", _year_text(candidate)))
