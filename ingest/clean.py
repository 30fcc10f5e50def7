"""Text cleaning: Unicode, tone marks, extraction artifacts.

Two forms of every text exist in the project:
- *verbatim*: NFC with every run of whitespace collapsed to one space. Quotes are verbatim,
  so a quote can always be found again in the source.
- *clean*: verbatim plus canonical tone-mark placement and artifacts removed. Search and
  facts work on clean text.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import lru_cache


def _skip_unused_underthesea() -> None:
    """underthesea's __init__ imports its optional pipelines when their dependencies are installed;
    translate alone pulls in transformers and torch (~2 s), and several download models on use.
    We use only word_tokenize and the tone normaliser, so the rest are marked absent before it loads."""
    for name in ("translate", "classification", "sentiment", "lang_detect", "dependency_parse"):
        sys.modules.setdefault(f"underthesea.pipeline.{name}", None)
    sys.modules.setdefault("underthesea.agent", None)


_skip_unused_underthesea()

_WS = re.compile(r"\s+")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
_BOLD = re.compile(r"\*\*")
_WORD = re.compile(r"\w+")

# Whole lines that PDF/Word extraction added and that belong to no clause.
_PAGE_NUMBER = re.compile(r"^ *\d{1,3} *$")  # not "\t12": that is a table cell
_WATERMARK = re.compile(r"^\s*DỰ\s+THẢO\s*$")
_STAMP = re.compile(
    r"^\s*(C[ỘỔ]NG\s+THÔNG\s+TIN\s+ĐIỆN\s+TỬ\s+CHÍNH\s+PHỦ|ĐẾN\s+Giờ:|Ngày:\s*\.{2,}).*$"
)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def collapse_ws(text: str) -> str:
    return _WS.sub(" ", text).strip()


def verbatim(text: str) -> str:
    """The form quotes are compared in: NFC, whitespace runs collapsed to one space."""
    return collapse_ws(nfc(text))


@lru_cache(maxsize=65536)
def _canonical_word(word: str) -> str:
    from underthesea.pipeline.text_normalize.token_normalize import token_normalize

    return token_normalize(word)


def canonical_tones(text: str) -> str:
    """Place tone marks as underthesea's text_normalize does ("hoà" → "hòa", "Uỷ" → "Ủy").

    underthesea's own `text_normalize` also re-tokenizes (it puts spaces around punctuation),
    so its per-token normaliser is applied word by word instead, leaving spacing alone.
    """
    text = nfc(text)
    return _WORD.sub(lambda m: _canonical_word(m.group(0)), text)


def strip_inline_artifacts(line: str) -> str:
    """Remove markers that extraction put inside a line (bookmarks, bold, invisible chars)."""
    line = _BOOKMARK.sub("", line)
    line = _BOLD.sub("", line)
    line = _INVISIBLE.sub("", line)
    return line.replace("\xa0", " ")


def is_artifact_line(line: str) -> bool:
    """A line that is only a page number, a reception stamp or a "DỰ THẢO" watermark."""
    return bool(_PAGE_NUMBER.match(line) or _WATERMARK.match(line) or _STAMP.match(line))


def has_watermark(text: str) -> bool:
    return any(_WATERMARK.match(line) for line in text.splitlines())


def clean_text(text: str) -> str:
    """Clean one piece of text for search and facts (not for quoting)."""
    return collapse_ws(canonical_tones(strip_inline_artifacts(text)))


def match_form(text: str) -> str:
    """The form evidence and passages are compared in: clean, tone-canonical, case-folded."""
    return collapse_ws(canonical_tones(strip_inline_artifacts(text))).casefold()
