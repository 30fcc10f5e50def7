"""One question, understood once: the `Query` the whole pipeline works from.

Validated and normalized by the searcher (tone marks restored, the language told, the documents
and years it names found); the slots it asks for; and, for a follow-up, the earlier question it
continues. A follow-up ("Thế cơ quan nào làm việc đó?", "Còn năm 2025 thì sao?", "And who
coordinates?") says what it asks but not what about: its subject comes from the question before
it, its own years and documents replace the earlier ones, its slots are its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from assistant.slots import Slot, slots_of, without_cues
from index.language import ENGLISH_STOP_WORDS
from index.search import PreparedQuery, Searcher
from index.vietnamese import STOP_WORDS, tokenize
from underthesea import pos_tag

_YEAR = re.compile(r"\b(19\d{2}|20\d{2})\b")
_FOLLOW_UP = re.compile(r"^(còn|thế còn|vậy còn|vậy|thế|và|còn với|còn về|nhưng|thế thì|vậy thì|and|what about|how about|"
                        r"and what|also|then)\b|\b(thì sao|thế nào|ra sao|như thế nào)\s*\??$|"
                        r"\b(việc (này|đó|ấy)|nhiệm vụ (này|đó|ấy)|chỉ tiêu (này|đó|ấy)|cái (này|đó)|nó|văn bản (này|đó)|"
                        r"kế hoạch (này|đó)|it|that|this one|they|them)\b|"
                        r"\b(kể tên|liệt kê|cụ thể (là|gồm)|chi tiết hơn|nói rõ hơn|list them|name them|which ones)\b",
                        re.IGNORECASE)
_FILLER = re.compile(r"^(còn|thế còn|vậy còn|vậy|thế|và|còn với|còn về|nhưng|and|what about|how about|also|then)\s+|"
                     r"\s*(thì sao|thế nào|ra sao)\s*\??$", re.IGNORECASE)
SUBJECT_TERMS = 2  # a question with at most this many words of its own subject leans on the one before


@dataclass(frozen=True)
class Query:
    question: str  # as asked (stripped, checked)
    resolved: str  # what is searched: a follow-up completed with the question it continues
    search: PreparedQuery  # the resolved question, normalized, with its language and mentions
    slots: tuple[Slot, ...]
    follow_up: bool = False
    language: str = "vi"  # of the question as asked: the answer's framing is written in it
    agencies: tuple[str, ...] = ()  # the named bodies it names ("Bộ Y tế"), set by the assistant (entities)
    places: tuple[str, ...] = ()  # the places it names ("Đồng Tháp"), set by the assistant (entities)
    terms: tuple[str, ...] = ()  # its subject words the corpus can hold (`query_terms`)
    roles: tuple[tuple[str, float], ...] = ()  # how much each subject word names the subject (`roles_of`)
    quantities: tuple[str, ...] = ()  # the quantities it asks for by name ("kinh_phí bao nhiêu"; `quantities_of`)

    @property
    def documents(self) -> tuple[str, ...]:
        return self.search.mentions.documents

    @property
    def years(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(_YEAR.findall(self.search.text)))

    @property
    def asked_years(self) -> tuple[str, ...]:
        """The years the question asks about, not those in the name of a document it names
        ("Chiến lược … đến 2025, Ngân hàng Nhà nước chủ trì những nhiệm vụ nào?" asks of no year)."""
        return tuple(dict.fromkeys(_YEAR.findall(self.search.mentions.without_names(self.search.text))))

    def asks(self, *slots: Slot) -> bool:
        return any(s in self.slots for s in slots)

    def naming(self, documents: tuple[str, ...], spans: tuple[tuple[int, int], ...] | None = None) -> "Query":
        """The same query naming these documents (`spans`, where its words name them, kept unless given)."""
        mentions = replace(self.search.mentions, documents=documents,
                           spans=self.search.mentions.spans if spans is None else spans)
        return replace(self, search=replace(self.search, mentions=mentions))


def user_questions(history: list[Any] | None) -> list[str]:
    """Earlier user questions from a history of strings or of {"role", "content"} messages."""
    questions = []
    for item in history or []:
        if isinstance(item, str):
            questions.append(item)
        elif isinstance(item, dict) and item.get("role", "user") == "user" and isinstance(item.get("content"), str):
            questions.append(item["content"])
    return [q for q in questions if q.strip()]


def subject_terms(normalized: str) -> list[str]:
    """The words of what a question is about (segmented, stop-words and question words out)."""
    return [t for t in tokenize(normalized) if t not in STOP_WORDS and not t.isdigit() and len(t) > 1]


def _is_follow_up(question: str, normalized: str, names_a_document: bool, language: str = "vi") -> bool:
    """A question that leans on the one before: it says so ("Còn …", "… thì sao", "việc đó", "And …"), or it
    has hardly any subject of its own once what it asks for is set aside ("Hạn là khi nào?", "Ai phối
    hợp?", "Thời gian thực hiện là bao lâu?")."""
    subject = [t for t in subject_terms(without_cues(normalized, language)) if not _QUESTION_WORD.fullmatch(t)]
    if names_a_document and len(subject) > SUBJECT_TERMS:
        return False
    return bool(_FOLLOW_UP.search(question.strip())) or len(subject) <= SUBJECT_TERMS


_QUESTION_WORD = re.compile(r"(cơ_quan|nào|ai|khi|bao_giờ|thời_hạn|hạn|phối_hợp|chủ_trì|bao_nhiêu|mấy|gì|đâu|sao|thế|"
                            r"làm|việc|đó|này|còn|năm|which|who|when|what|how|much|many|coordinates?|leads?|deadline|"
                            r"agency|ministry|year|about|and|the|is|does|do)")


def resolve(question: str, earlier: list[str], unname=None) -> str:
    """The follow-up as a whole question: the one before it (itself resolved first), its years
    replaced by the new ones, with what the new one adds. `unname`, when the follow-up names a
    document of its own, takes the earlier question's document names out ("Còn trong dự thảo … thì sao?")."""
    if not earlier:
        return question
    previous = resolve(earlier[-1], earlier[:-1]) if len(earlier) > 1 and len(earlier[-1].split()) <= 12 \
        else earlier[-1]
    if unname is not None:
        previous = unname(previous)
    years = _YEAR.findall(question)
    if years and _YEAR.search(previous):
        replacement = iter(years + [years[-1]] * 8)
        previous = _YEAR.sub(lambda _: next(replacement), previous)
    added = _FILLER.sub(" ", question.strip()).strip(" ?")
    return f"{previous.rstrip(' ?')} {added}?".strip()


def build_query(searcher: Searcher, question: str, history: list[Any] | None = None) -> Query:
    """The Query of a user's question; a ValueError when the question cannot be asked."""
    question = searcher.check(question)
    own = searcher.prepare(question, checked=True)
    own_slots = slots_of(own.text, own.language)
    earlier = user_questions(history)
    if earlier and _is_follow_up(question, own.mentions.without_names(own.text), bool(own.mentions.documents),
                                 own.language):
        unname = None
        if own.mentions.documents:
            def unname(text: str) -> str:
                prepared = searcher.prepare(text, checked=True)
                return prepared.mentions.without_names(prepared.text)
        resolved = resolve(question, earlier, unname)
        prepared = searcher.prepare(resolved, checked=True)
        if own.mentions.documents:  # "Còn trong dự thảo Chiến lược thì sao?": the new document, not the old
            prepared = replace(prepared, mentions=replace(prepared.mentions, documents=own.mentions.documents))
        slots = own_slots if own_slots != (Slot.CONTENT,) else slots_of(searcher.prepare(earlier[-1], checked=True).text,
                                                                         own.language)
        terms = query_terms(searcher, prepared)
        roles = roles_of(prepared.text, terms, own.language)
        return Query(question, resolved, prepared, slots, True, own.language, terms=terms, roles=roles,
                     quantities=quantities_of(prepared.text, roles, searcher.knows))
    terms = query_terms(searcher, own)
    roles = roles_of(own.text, terms, own.language)
    return Query(question, question, own, own_slots, False, own.language, terms=terms, roles=roles,
                 quantities=quantities_of(own.text, roles, searcher.knows))


# Of a word, by its part of speech, how much it names what the question is about: nouns and numbers
# name it; verbs and adjectives are often a user's paraphrase; pronouns, adverbs, prepositions and
# particles ("tôi", "nghe nói", "vậy") are the user's voice, not the subject.
ROLE_OF_TAG = {"N": 1.0, "Np": 1.0, "Nc": 1.0, "Nu": 1.0, "Ny": 1.0, "Nb": 1.0, "M": 1.0, "A": 0.6, "V": 0.5}
OTHER_ROLE = 0.1


def roles_of(normalized: str, terms: tuple[str, ...], language: str) -> tuple[tuple[str, float], ...]:
    """Each Vietnamese subject word's role, from underthesea's tagger (~3 ms a question)."""
    if language != "vi" or not terms:
        return ()
    tags = {word.lower().replace(" ", "_"): tag for word, tag in pos_tag(normalized)}
    return tuple((t, ROLE_OF_TAG.get(tags[t], OTHER_ROLE)) for t in terms if t in tags)


def quantities_of(normalized: str, roles: tuple[tuple[str, float], ...], knows) -> tuple[str, ...]:
    """The nouns a question asks a figure of by name: "kinh phí bao nhiêu", "dung lượng bao nhiêu".
    Not when a unit follows ("mục tiêu bao nhiêu phần trăm": the unit is what is asked), and only
    words the corpus writes (`knows`), so that a typo is not taken for a quantity."""
    tokens, nouns = [t.lower() for t in tokenize(normalized)], {t for t, role in roles if role == 1.0}
    return tuple(dict.fromkeys(
        tokens[i - 1] for i in range(1, len(tokens))
        if tokens[i] == "bao_nhiêu" and tokens[i - 1] in nouns and knows(tokens[i - 1])
        and not (i + 1 < len(tokens) and tokens[i + 1] in nouns)))


def query_terms(searcher: Searcher, prepared: PreparedQuery) -> tuple[str, ...]:
    """The subject words clauses are matched on: for an English question, those the corpus writes
    (the glossary's Vietnamese, numbers, acronyms), since its English words are in no clause."""
    terms = subject_terms(prepared.text)
    if prepared.language == "en":
        # the Vietnamese segmenter joins English words ("and_itu"): their parts are looked up one by one
        parts = [p for t in terms for p in ([t] if searcher.knows(t) else t.split("_"))]
        terms = list(dict.fromkeys(p for p in parts if len(p) > 1 and p not in ENGLISH_STOP_WORDS and searcher.knows(p)))
    return tuple(terms)


@dataclass(frozen=True)
class When:
    """A time a task list is asked for: a year, or a month or a quarter of it."""

    year: int
    month: int | None = None
    quarter: int | None = None

    def words(self, language: str) -> str:
        if self.month:
            return f"tháng {self.month}/{self.year}" if language == "vi" else f"{self.year}-{self.month:02d}"
        if self.quarter:
            return f"quý {_ROMAN[self.quarter - 1]}/{self.year}" if language == "vi" else f"Q{self.quarter} {self.year}"
        return f"năm {self.year}" if language == "vi" else str(self.year)

    def holds(self, time_frame: str, years: list[int]) -> bool:
        """The time frame falls within this time ("Quý IV/2027" within 2027, not "2026 - 2027")."""
        if not years or set(years) != {self.year}:
            return False
        frame = time_frame.lower()
        if self.month:
            return bool(re.search(rf"(?<!\d)0?{self.month}\s*(/|-|năm)\s*{self.year}\b", frame))
        if self.quarter:
            return bool(re.search(rf"quý\s*({_ROMAN[self.quarter - 1].lower()}|{self.quarter})\s*(/|-|năm)\s*{self.year}\b",
                                  frame))
        return True


_ROMAN = ("I", "II", "III", "IV")
_MONTH = re.compile(r"\btháng\s*(\d{1,2})\s*(?:/|-|năm)\s*(20\d\d)\b")
_QUARTER = re.compile(r"\bquý\s*(iv|iii|ii|i|[1-4])\s*(?:/|-|năm)\s*(20\d\d)\b")


def asked_when(query: Query) -> When | None:
    """The month, quarter or single year the question asks of, outside the names of documents."""
    text = query.search.mentions.without_names(query.search.text)
    if m := _MONTH.search(text):
        return When(int(m.group(2)), month=int(m.group(1))) if 1 <= int(m.group(1)) <= 12 else None
    if m := _QUARTER.search(text):
        quarter = m.group(1)
        return When(int(m.group(2)), quarter=int(quarter) if quarter.isdigit() else _ROMAN.index(quarter.upper()) + 1)
    return When(int(query.asked_years[0])) if len(query.asked_years) == 1 else None

