"""Which document, and which years, a question names.

"Quyết định 1033", "QĐ 411", "Chiến lược quốc gia…", "kế hoạch năm 2025", "báo cáo 2022":
the documents are named by number, by alias, or by the head noun of their title (Chương
trình, Chiến lược, Kế hoạch, Báo cáo), with the rest of the title breaking ties. Cues come
from each document's own metadata, so an added document is recognised the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.model import Document

HEAD_NOUNS = ("chương trình", "chiến lược", "kế hoạch", "báo cáo", "kết quả", "đề án", "nghị quyết", "kết luận", "quy chế",
              "danh mục")
_YEAR = re.compile(r"\b(19\d{2}|20\d{2})\b")
_NUMBER = re.compile(r"\b(\d{1,5})/")
_SYLLABLE = re.compile(r"\w+")
_NUMBERED = re.compile(r"(?:quyết định\s+(?:số\s+)?)?\b(\d{1,5})/[\wđ-]+")  # "quyết định số 1033/qđ-ttg"
_WINDOW = 10  # syllables after a head noun that can tell documents apart
# Title pairs (a title year counts 2) that must follow a head noun: one pair such as
# "phát triển" is too common to name a document ("Chiến lược phát triển UAV" is another one).
_MIN_AGREEMENT = 2
_MAX_TIED = 2  # documents a head noun's words may name at once ("chiến lược … 2025" and its report)
_DRAFT_BEFORE = re.compile(r"dự thảo(?:\s+\w+){0,5}\s*$")  # "dự thảo quyết định phê duyệt chiến lược"
_COMMON = frozenset("phê duyệt về việc và đến năm giai đoạn định hướng của".split())
_LEADING = frozenset("phê duyệt về việc ban hành".split())  # what may come before a title's head noun


@dataclass(frozen=True)
class Mentions:
    documents: tuple[str, ...]  # named documents, best match first
    years: tuple[str, ...]
    spans: tuple[tuple[int, int], ...] = ()  # where the question names them ("chương trình … 2026 - 2030")

    def without_names(self, text: str) -> str:
        """The question without the words that name a document: those say where, not what."""
        for start, end in sorted(self.spans, reverse=True):
            text = text[:start] + " " + text[end:]
        return " ".join(text.split())


@dataclass(frozen=True)
class DocumentCues:
    id: str
    numbers: frozenset[str]  # "1033", "411"
    heads: frozenset[str]  # head nouns that name it
    words: frozenset[str]  # title syllable pairs ("kinh tế", "chuyển đổi") that tell it apart
    years: frozenset[str]
    syllables: frozenset[str] = frozenset()  # every syllable and number of the title
    draft: bool = False


def cues_of(document: Document, normalize) -> DocumentCues:
    """Naming cues from a document's number, aliases, type and title (normalized by `normalize`)."""
    names = [document.number or "", *document.aliases]
    numbers = frozenset(m for name in names for m in _NUMBER.findall(name + "/") if m)
    title = normalize(document.title)
    kind = normalize(document.type)
    heads = {h for h in HEAD_NOUNS if kind.startswith(h)}
    first = min((title.find(h), h) for h in HEAD_NOUNS if h in title) if any(h in title for h in HEAD_NOUNS) else None
    if first and set(_SYLLABLE.findall(title[:first[0]])) <= _LEADING:
        heads.add(first[1])  # the noun heading the title, not one inside it ("… chuyển đổi số và Đề án 06")
    words = _pairs(title) - {h for h in heads}
    return DocumentCues(document.id, numbers, frozenset(heads), words, frozenset(_YEAR.findall(title)),
                        frozenset(_SYLLABLE.findall(f"{title} {kind}")), document.draft)


def _pairs(text: str) -> frozenset[str]:
    """Adjacent syllable pairs: "triển khai" must not match "phát triển"."""
    syllables = [s for s in _SYLLABLE.findall(text) if not s.isdigit()]
    return frozenset(f"{a} {b}" for a, b in zip(syllables, syllables[1:]) if not {a, b} <= _COMMON)


def find_mentions(normalized_query: str, cues: list[DocumentCues]) -> Mentions:
    """Documents named in a normalized (lower-case, tone-canonical, expanded) question.

    A number or alias names its document outright. A head noun ("chiến lược") names the
    document whose title it heads when two title words or a title year follow it
    closely; among documents sharing a head noun, the one with most such words wins.
    After "dự thảo" it names the one draft with that head noun, when there is only one.
    """
    years = tuple(dict.fromkeys(_YEAR.findall(normalized_query)))
    numbers = set(re.findall(r"\b\d{1,5}\b", normalized_query)) - set(years)
    named = [c.id for c in cues if c.numbers & numbers]
    spans = [m.span() for m in _NUMBERED.finditer(normalized_query)
             if any(m.group(1) in c.numbers for c in cues)]
    for head in HEAD_NOUNS:
        for occurrence in re.finditer(re.escape(head), normalized_query):
            window = _SYLLABLE.findall(normalized_query[occurrence.end():])[:_WINDOW]
            words, window_years = _pairs(" ".join(window)), set(window) & set(years)
            scored = [(len(c.words & words) + 2 * len(c.years & window_years), c.id)
                      for c in cues if head in c.heads]
            best = max((score for score, _ in scored), default=0)
            drafts = [c for c in cues if head in c.heads and c.draft]
            draft = _DRAFT_BEFORE.search(normalized_query[:occurrence.start()])
            if best < _MIN_AGREEMENT and draft and len(drafts) == 1:
                named.append(drafts[0].id)  # "dự thảo Chiến lược": the one draft strategy
                spans.append((draft.start(), _title_span(normalized_query, occurrence.start(), drafts)[1]))
            elif best >= _MIN_AGREEMENT:
                winners = [c for c in cues if (len(c.words & words) + 2 * len(c.years & window_years), c.id)
                           in scored and c.id in {doc for score, doc in scored if score == best}]
                if len(winners) > _MAX_TIED:  # "kế hoạch chuyển đổi số" heads six titles: it names none
                    winners = [c for c in winners if c.draft] if draft else []  # but "dự thảo" names the draft
                    if len(winners) != 1:
                        continue
                named += [c.id for c in winners]
                spans.append(_title_span(normalized_query, occurrence.start(), winners))
    return Mentions(tuple(dict.fromkeys(named)), years, tuple(spans))


def _title_span(query: str, start: int, cues: list[DocumentCues]) -> tuple[int, int]:
    """From a head noun on, the run of words that all belong to the named document's title."""
    title = set().union(*(c.syllables for c in cues))
    end = start
    for word in re.finditer(r"[\w/-]+", query[start:]):
        if not re.search(r"\w", word.group(0)):
            continue  # "2026 - 2030": the dash belongs to the title too
        if word.group(0) not in title and not set(word.group(0).split("-")) <= title:
            break
        end = start + word.end()
    return start, end
