"""Diacritic restoration for questions typed without tone marks.

"ty trong kinh te so" has many readings (số, sở, sổ, so…). The corpus's own syllable
statistics pick one: a bigram model over the normalized passages, decoded with Viterbi over
the accented forms each folded syllable has in the corpus. A query that already carries
diacritics is left alone; the folded BM25 field remains the fallback when restoration errs.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from index.vietnamese import fold, has_diacritics

_SYLLABLE = re.compile(r"[^\W\d_]+")
_CHUNK = re.compile(r"[^\w\s]+")  # punctuation ends a bigram chain
_MAX_CANDIDATES = 8
_BIGRAM_WEIGHT = 0.8
# A query with fewer accented syllables than this is taken as typed without diacritics.
_ACCENTED_RATIO = 0.25
# How questions are phrased, which the decisions themselves rarely say ("bao nhiêu", "là gì").
QUESTION_PHRASES = (
    "bao nhiêu", "là bao nhiêu", "là gì", "là ai", "ai chủ trì", "cơ quan nào", "bộ nào", "khi nào", "bao giờ",
    "như thế nào", "thế nào", "ra sao", "ở đâu", "có không", "có phải", "những gì", "gồm những", "mấy",
    "đến năm nào", "năm nào", "phần trăm", "bao nhiêu phần trăm", "tỷ lệ bao nhiêu", "hạn chót", "thời hạn", "nhiệm vụ gì", "mục tiêu gì", "cho biết", "theo dự thảo",
)
_QUESTION_WEIGHT = 20


# No Vietnamese syllable ends in s, f, r, x or j: there they are Telex's tone keys.
_TELEX_TONE = re.compile(r"(?<=[aeiouy])[sfrxj](?=[cmnptgh]{0,2}$)|(?<=[aeiouy][cmnptgh])[sfrxj]$|(?<=[aeiouy][cmnptgh]{2})[sfrxj]$")
_TELEX_LETTER = re.compile(r"aa|aw|ee|oo|ow|uw|dd")


@lru_cache(maxsize=1)
def vietnamese_syllables() -> frozenset[str]:
    """Every syllable of underthesea's Vietnamese dictionary (74K words, shipped in its package)."""
    from underthesea.corpus import viet_dict_74K

    return frozenset(s for word in viet_dict_74K.words for s in _SYLLABLE.findall(word.lower()))


@lru_cache(maxsize=1)
def vietnamese_letters() -> frozenset[str]:
    """The letters Vietnamese writes, marked or not."""
    return frozenset("".join(vietnamese_syllables()))


def telex_fold(syllable: str) -> str:
    """A syllable typed in Telex with its marks left as letters, folded: "hoas" → "hoa",
    "chieens" → "chien", "ddaaus" → "dau"."""
    folded = fold(syllable.lower())
    return _TELEX_TONE.sub("", _TELEX_LETTER.sub(lambda m: m.group(0)[0], folded))


@dataclass
class Restorer:
    unigrams: Counter[str]
    bigrams: Counter[tuple[str, str]]
    candidates: dict[str, list[str]]
    total: int

    @classmethod
    def learn(cls, texts: Iterable[str]) -> "Restorer":
        """Count syllables and syllable pairs of normalized (lower-case, NFC) texts."""
        unigrams: Counter[str] = Counter()
        bigrams: Counter[tuple[str, str]] = Counter()
        texts = [*texts, *(QUESTION_PHRASES * _QUESTION_WEIGHT)]
        for text in texts:
            for chunk in _CHUNK.split(text):
                syllables = _SYLLABLE.findall(chunk)
                unigrams.update(syllables)
                bigrams.update(zip(syllables, syllables[1:]))
        by_fold: dict[str, list[str]] = defaultdict(list)
        for syllable, _ in unigrams.most_common():
            forms = by_fold[fold(syllable)]
            if len(forms) < _MAX_CANDIDATES:
                forms.append(syllable)
        return cls(unigrams, bigrams, dict(by_fold), sum(unigrams.values()))

    def needs_restoring(self, text: str) -> bool:
        syllables = _SYLLABLE.findall(text)
        if not syllables:
            return False
        accented = sum(has_diacritics(s) for s in syllables)
        return accented / len(syllables) < _ACCENTED_RATIO

    def _log_prob(self, previous: str | None, syllable: str) -> float:
        unigram = (self.unigrams[syllable] + 0.1) / (self.total + 1)
        if previous is None or not self.unigrams[previous]:
            return math.log(unigram)
        bigram = self.bigrams[(previous, syllable)] / self.unigrams[previous]
        return math.log(_BIGRAM_WEIGHT * bigram + (1 - _BIGRAM_WEIGHT) * unigram)

    def _choices(self, syllable: str) -> list[str]:
        if has_diacritics(syllable):
            return [syllable]
        return self.candidates.get(syllable) or [syllable]

    def _repairs(self, syllable: str) -> list[str]:
        """The corpus's forms of a syllable that neither it nor Vietnamese writes as typed: marks left
        out or half typed ("quôc", "muc"), or typed in Telex ("hoas", "chieens"); the syllable itself
        otherwise. A word of everyday speech that the decisions never use ("tôi", "vậy", "bé") is a
        word all the same (underthesea's dictionary), and stays."""
        lower = syllable.lower()
        if lower in self.unigrams or lower in vietnamese_syllables() or not set(lower) <= vietnamese_letters():
            return [syllable]  # a word, an acronym ("GDP"), or not Vietnamese letters at all ("ë")
        return self.candidates.get(fold(lower)) or self.candidates.get(telex_fold(lower)) or [syllable]

    def _decode(self, syllables: list[str], choices=None) -> list[str]:
        """Viterbi: the most probable accented sequence under the bigram model.

        Each step keeps a back-pointer, not a copy of the path so far: copying made a long
        text quadratic (seconds to minutes for a 100k-character line)."""
        choices = choices or self._choices
        scores = {choice: self._log_prob(None, choice) for choice in choices(syllables[0])}
        back: list[dict[str, str]] = []
        for syllable in syllables[1:]:
            best = {choice: max((score + self._log_prob(previous, choice), previous)
                                for previous, score in scores.items())
                    for choice in choices(syllable)}
            scores = {choice: score for choice, (score, _) in best.items()}
            back.append({choice: previous for choice, (_, previous) in best.items()})
        path = [max(scores, key=lambda choice: (scores[choice], choice))]
        for step in reversed(back):
            path.append(step[path[-1]])
        return path[::-1]

    def restore(self, text: str) -> str:
        """Text with tone marks restored; when it has them already, only the syllables the corpus
        never writes as typed are put right (`_repairs`)."""
        choices = self._repairs if not self.needs_restoring(text) else self._choices
        pieces = []
        for chunk in re.split(r"([^\w\s]+)", text):
            matches = list(_SYLLABLE.finditer(chunk))
            if not matches:
                pieces.append(chunk)
                continue
            restored = self._decode([m.group(0) for m in matches], choices)
            out, position = [], 0
            for match, syllable in zip(matches, restored):
                out += [chunk[position:match.start()], syllable]
                position = match.end()
            pieces.append("".join(out) + chunk[position:])
        return "".join(pieces)
