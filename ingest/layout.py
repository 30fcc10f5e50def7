"""Source lines and their verbatim spans.

Parsing works on physical lines so that every clause knows exactly which source lines it
came from: its verbatim `original` is then the collapsed text of that line span, which is a
substring of the document's verbatim text by construction.
"""

from __future__ import annotations

from dataclasses import dataclass

from ingest.clean import canonical_tones, collapse_ws, is_artifact_line, nfc, strip_inline_artifacts


@dataclass(frozen=True)
class Line:
    index: int  # 0-based line number in the source file
    raw: str  # the NFC source line, untouched
    text: str  # cleaned: inline artifacts removed, tone marks canonical; "" for artifact lines
    artifact: bool  # a whole-line artifact (page number, stamp, watermark)

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def split_lines(raw_text: str) -> list[Line]:
    """NFC the text and split it into `Line`s, marking whole-line artifacts."""
    lines = []
    for i, raw in enumerate(nfc(raw_text).split("\n")):
        raw = raw.rstrip("\r")
        artifact = is_artifact_line(strip_inline_artifacts(raw))
        text = "" if artifact else canonical_tones(strip_inline_artifacts(raw))
        lines.append(Line(i, raw, text, artifact))
    return lines


def span_original(lines: list[Line], first: int, last: int) -> str:
    """Verbatim text of source lines `first..last` (inclusive), by their `index`."""
    by_index = {line.index: line for line in lines}
    return collapse_ws(" ".join(by_index[i].raw for i in range(first, last + 1) if i in by_index))


def join_text(parts: list[str]) -> str:
    """Join cleaned line texts into one clean text (re-joining words hyphen-split across lines)."""
    out = ""
    for part in parts:
        part = collapse_ws(part)
        if not part:
            continue
        if not out:
            out = part
        elif out.endswith("-") and len(out) > 1 and out[-2].isalnum():
            out = out + part  # "57-" + "NQ/TW": a code split at its hyphen is one token again
        else:
            out = out + " " + part
    return out
