"""Vietnamese text analysis: one analyser for passages and queries alike.

`analyze` turns text into BM25 terms: NFC and canonical tone marks (as ingestion), spelling
variants unified, abbreviations expanded, lower-cased, numbers and quantities kept whole,
words segmented by underthesea ("chuyển_đổi"), stop-words dropped. A compound also yields
its syllables, so a query segmented differently from the passage still matches.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

from index.aliases import expand
from ingest.clean import canonical_tones, collapse_ws, strip_inline_artifacts
from ingest.identify import ascii_fold

# Spelling variants the texts use side by side; the right-hand form is kept.
SPELLING = {
    "tỉ": "tỷ", "kĩ": "kỹ", "lí": "lý", "mĩ": "mỹ", "sỹ": "sĩ", "qui": "quy", "quí": "quý", "quĩ": "quỹ",
    "hoá": "hóa", "thuỷ": "thủy",
}
_SPELLING_RE = re.compile(r"\b(" + "|".join(sorted(SPELLING, key=len, reverse=True)) + r")\b")

# Tokens underthesea would split: percentages, decimals, quarters, document numbers, rates.
_PROTECTED = re.compile(
    r"""
    \d+(?:[.,]\d+)*\s?%                                  # 30%, 20,5 %
    | \d+\s?(?:gb|mb|kb)/s                                # 1 gb/s
    | \d+(?:-[a-zđ]+)?/[a-zđ]+(?:-[a-zđ]+)*\b            # 1033/qđ-ttg, 57-nq/tw
    | \b(?:[ivx]+|\d{1,2})/\d{4}\b                        # ii/2026, 6/2025
    | \d{4}\s?-\s?\d{4}                                    # 2026-2030, 2026 - 2030
    | \d+(?:[.,]\d+)+                                     # 500.000, 2,5
    """,
    re.VERBOSE,
)
_WORD_CHAR = re.compile(r"[^\W_]")  # a letter or digit: "_" is how a word's syllables are joined
_SPACE = re.compile(r"\s+")
_SYLLABLE_BREAK = re.compile(r"[\s_]+")

STOP_WORDS = frozenset(
    """
    và của các những là trong cho với được có theo để này đó thì mà một về đến từ tại do bởi như
    nào gì ai bao_nhiêu bao nhiêu không chưa đã sẽ đang hãy xin cho_biết biết vậy ạ nhé à hả thế
    năm_nào khi nào lúc đâu ở trên dưới bằng hay hoặc cũng rất thật nên phải cần vào ra lên
    mấy bị vẫn còn nữa chỉ gồm những_gì là_gì như_thế_nào thế_nào ra_sao bao_giờ nhau
    """.split()
)


def has_words(text: str) -> bool:
    """Whether there is anything to search for: a letter or a digit (not only blanks, punctuation or
    invisible characters)."""
    return bool(_WORD_CHAR.search(text))


def normalize(text: str) -> str:
    """Canonical surface form: clean, tone-canonical, abbreviations expanded, lower-case."""
    text = collapse_ws(canonical_tones(strip_inline_artifacts(text)))
    text = expand(text).lower()
    return _SPELLING_RE.sub(lambda m: SPELLING[m.group(0)], text)


# underthesea loads its model on first use and is not safe to enter from two threads at once
# (seen: one thread found the model half-loaded); searches run lexical retrievers in threads.
_SEGMENTER_LOCK = threading.Lock()


def _segment(text: str) -> list[str]:
    """underthesea word segmentation, syllables of a word joined by "_"."""
    from underthesea import word_tokenize

    if not _WORD_CHAR.search(text):
        return []
    with _SEGMENTER_LOCK:
        words = word_tokenize(text)
    # "_" joins a word's syllables, so the text's own underscores ("____" under a signature) split
    # syllables too; a syllable without a letter or digit ("›" of a breadcrumb, a stray combining
    # mark) is punctuation. Kept, they made terms such as "›", "____" or, once split or folded, "".
    return ["_".join(s for s in _SYLLABLE_BREAK.split(word) if _WORD_CHAR.search(s)) for word in words]


@lru_cache(maxsize=4096)
def tokenize(normalized: str) -> tuple[str, ...]:
    """Words of normalized text, protected quantities kept whole, punctuation dropped."""
    tokens: list[str] = []
    position = 0
    for match in _PROTECTED.finditer(normalized):
        tokens += _segment(normalized[position:match.start()])
        tokens.append(_SPACE.sub("", match.group(0)))
        position = match.end()
    tokens += _segment(normalized[position:])
    return tuple(t for t in tokens if _WORD_CHAR.search(t))


def terms(tokens: tuple[str, ...] | list[str]) -> list[str]:
    """BM25 terms: content words plus the syllables of compounds."""
    found = []
    for token in tokens:
        if token in STOP_WORDS:
            continue
        found.append(token)
        if "_" in token:
            found += [s for s in token.split("_") if s not in STOP_WORDS]
    return found


def analyze(text: str) -> list[str]:
    return terms(tokenize(normalize(text)))


def fold(term: str) -> str:
    """The diacritic-free form of a term, for the folded field."""
    return ascii_fold(term)


# Folded stop-words: only those whose folded form is rarely a content word ("tai" is "tài chính").
FOLDED_STOP_WORDS = frozenset("va cua cac nhung la cho voi duoc theo nay thi mot nao gi ai bao nhieu khong".split())


def analyze_folded(text: str) -> list[str]:
    """Terms for the folded field: syllables only, since segmentation differs without diacritics."""
    syllables = (fold(s) for t in tokenize(normalize(text)) for s in t.split("_"))
    return [s for s in syllables if s not in FOLDED_STOP_WORDS]


def has_diacritics(text: str) -> bool:
    return ascii_fold(text) != text
