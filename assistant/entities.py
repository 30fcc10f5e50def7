"""The agencies and places a question names, and whether the clauses chosen to answer it are about them.

A clause about Hà Nội does not answer a question about Bắc Ninh, and a task Bộ Khoa học và Công nghệ
leads does not answer "Bộ Y tế phối hợp với ai …". Agencies are the canonical names of one named
body that the facts carry (aliases expanded, so "Bộ TTTT" is Bộ Thông tin và Truyền thông); places
are the proper names underthesea's part-of-speech tagger finds (tag "Np", two syllables or more),
compared without diacritics so that "Ha Noi" is Hà Nội. A name most documents write ("Việt Nam")
tells nothing and is not checked.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING

from underthesea import pos_tag

from assistant.notes import REORGANISATIONS
from index.aliases import expand
from index.diacritics import vietnamese_syllables
from index.vietnamese import fold, normalize
from ingest.model import Clause

if TYPE_CHECKING:
    from assistant.select import Candidate

# one named body ("Bộ Y tế", "Sở Tư pháp", "UBND tỉnh Đồng Nai"), not a kind of them ("Các bộ, ngành", "Doanh nghiệp")
_SPECIFIC = re.compile(r"(Bộ|Sở|Ngân hàng|Ủy ban|Uỷ ban|UBND|Văn phòng|Tổng cục|Cục|Đài|Thông tấn xã|Bảo hiểm xã hội|"
                       r"Kiểm toán|Tòa án|Viện|Tập đoàn)\s+(\w+\s+){0,2}[A-ZĐ&]|"
                       # a province's own bodies: "Công an tỉnh", "Bảo hiểm xã hội tỉnh", "Ban Quản lý khu Kinh tế"
                       r"(Công an|Bảo hiểm xã hội|Thuế)\s+(tỉnh|thành phố|Tỉnh|Thành phố|[A-ZĐ])|"
                       r"(Ban Quản lý|Đại học|Học viện|Hội Liên hiệp|Tỉnh đoàn|Thành đoàn)\b")
_LOCAL_ISSUER = re.compile(r"(ủy ban nhân dân|uỷ ban nhân dân|ubnd|hội đồng nhân dân|hđnd|sở)\b\s*"
                           r"(?:(?:tỉnh|thành phố|tp\.?)\s+)?(.*)")
COMMON_SHARE = 0.5  # a name written in more than this share of the documents is not checked


def _folded(text: str) -> str:
    return " ".join(fold(w) for w in re.findall(r"\w+", text.lower()))


@lru_cache(maxsize=1)
def _folded_syllables() -> frozenset[str]:
    """The syllables of Vietnamese words, without marks: what a place named in English is written in."""
    return frozenset(fold(s) for s in vietnamese_syllables())


def _capitalised_runs(text: str) -> list[str]:
    """Runs of two or more capitalised words ("TP. Hồ Chí Minh" gives "Hồ Chí Minh"); an acronym
    ("DVC", "UBND") ends a run: a name with one is an institution's, not a place's. So does a
    sentence's or a clause's end: "… ở Đồng Tháp. Tỉnh muốn …" names Đồng Tháp, not "Đồng Tháp Tỉnh"."""
    runs, current = [], []
    for word in re.findall(r"[^\W\d_]+|[.,;:!?]", text):
        if word[0].isupper() and not (len(word) > 1 and word.isupper()):
            current.append(word)
            continue
        if len(current) >= 2:
            runs.append(" ".join(current))
        current = []
    if len(current) >= 2:
        runs.append(" ".join(current))
    return runs


def _proper_names(tagged: list[tuple[str, str]]) -> list[str]:
    """The proper nouns tagged, adjacent syllables typed without marks joined: the tagger splits
    "Bac Ninh" into "Bac", "Ninh" but keeps "Bắc Ninh" whole."""
    names, current = [], []
    for word, tag in tagged:
        word = word.strip()
        if tag == "Np" and word.isascii() and " " not in word:
            current.append(word)
            continue
        if current:
            names.append(" ".join(current))
        current = []
        if tag == "Np":
            names.append(word)
    if current:
        names.append(" ".join(current))
    return names


def place_of(issuer: str | None) -> str | None:
    """The place a province's or a commune's body (UBND, HĐND, Sở) is of ("Ủy ban nhân dân tỉnh
    Đồng Tháp" → "đồng tháp"); None for a national issuer."""
    local = _LOCAL_ISSUER.match(issuer.lower()) if issuer else None
    return local.group(2).strip() if local else None


def is_local(issuer: str | None) -> bool:
    return place_of(issuer) is not None


def of_place(places: Iterable[str], text: str) -> bool:
    """The text (a title, an issuer, a clause) names one of the places."""
    folded = _folded(text)
    return any(re.search(rf"\b{re.escape(_folded(p))}\b", folded) for p in places)


class Entities:
    def __init__(self, agency_names: list[str], clauses: list[Clause], document_text: Callable[[str], str]) -> None:
        self._agencies = [(normalize(name), name) for name in sorted(agency_names, key=len, reverse=True)
                          if _SPECIFIC.match(name)]
        self._clauses = clauses
        self._document_text = document_text  # a document's title and issuer, for a place it is of
        self.share = lru_cache(maxsize=4096)(self._share)

    @cached_property
    def _folded_documents(self) -> list[str]:
        """Each document's text without diacritics, made on the first place asked about."""
        texts: dict[str, list[str]] = {}
        for clause in self._clauses:
            texts.setdefault(clause.document, []).append(clause.text)
        return [fold(" ".join(parts).lower()) for parts in texts.values()]

    def agencies(self, normalized: str) -> list[str]:
        """Canonical names of the agencies the question names, longest first, none inside another."""
        found: list[str] = []
        for form, name in self._agencies:
            if form in normalized and not any(form in normalize(other) for other in found):
                found.append(name)
        return found

    def places(self, question: str, agencies: Iterable[str], language: str = "vi") -> list[str]:
        """Proper names of two syllables or more in the user's own words, other than agencies'. The
        tagger reads only the runs of capitalised words (tagging a whole question costs ~9 ms). In
        an English question, where titles are capitalised too, only names some document writes."""
        inside = _folded(" ".join(agencies))
        names = []
        for run in _capitalised_runs(question):
            if _folded(run) in inside:
                continue
            names += [name for name in _proper_names(pos_tag(run)) if " " in name]
        if language == "en":  # "Dong Thap", not "Digital Economy": a place's name is Vietnamese syllables
            names = [n for n in names if set(_folded(n).split()) <= _folded_syllables()]
        shares = {n: self.share(_folded(n)) for n in dict.fromkeys(names)}
        return [n for n, share in shares.items() if share <= COMMON_SHARE and (share > 0 or language == "vi")]

    def _share(self, folded_name: str) -> float:
        """The share of the documents that write the name."""
        documents = self._folded_documents
        if not documents:
            return 0.0
        pattern = re.compile(r"\b" + r"\W+".join(map(re.escape, folded_name.split())) + r"\b")
        return sum(1 for text in documents if pattern.search(text)) / len(documents)

    def missing(self, agencies: list[str], places: list[str], chosen: list[Candidate]) -> list[str]:
        """The names asked about that no chosen clause is about."""
        if not chosen or not agencies and not places:
            return []
        bodies = {a.name for c in chosen for a in (c.grounds.lead + c.grounds.coordinating)}
        bodies |= {r.new for r in REORGANISATIONS if r.old in bodies} | {r.old for r in REORGANISATIONS if r.new in bodies}
        text = " ".join(f"{c.hit.passage.context} {c.grounds.clause.text} {' '.join(c.grounds.clause.cells.values())} "
                        f"{' '.join(i.text for i in c.grounds.items)} {self._document_text(c.document)}" for c in chosen)
        written = normalize(expand(text))
        gone = [a for a in agencies if a not in bodies and normalize(a) not in written]
        return gone + [p for p in places if not of_place([p], text)]
