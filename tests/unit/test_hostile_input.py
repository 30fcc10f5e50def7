"""Hostile input: whatever text reaches the analyser or the parser, they either work
or refuse with our own clear error (IngestError, ValueError), never a stray exception or a hang.

Property-based (hypothesis): arbitrary Unicode (control characters, bidi and zero-width marks,
combining marks, emoji), mixed scripts, very long lines and Vietnamese-looking structure mixed
with junk, checked against the invariants the rest of the system relies on.
"""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from index.vietnamese import STOP_WORDS, analyze, analyze_folded, fold, normalize, tokenize
from ingest.clean import verbatim
from ingest.model import Assignment, Clause, Document, Target
from ingest.pipeline import IngestError, decode, parse_document
from tests.conftest import FAST, SLOW, blank, document_text, hostile_text, long_line, table_text

# --- the analyser ----------------------------------------------------------------------------


def check_terms(found: list[str]) -> None:
    assert isinstance(found, list)
    for term in found:
        assert isinstance(term, str) and term, found
        assert not re.search(r"\s", term), term


def check_analysis(text: str) -> None:
    normalized = normalize(text)
    assert isinstance(normalized, str)
    assert normalized == " ".join(normalized.split()), "whitespace is collapsed and trimmed"
    tokens = tokenize(normalized)
    assert isinstance(tokens, tuple)
    check_terms(list(tokens))
    terms = analyze(text)
    check_terms(terms)
    assert not set(terms) & STOP_WORDS
    folded = analyze_folded(text)
    check_terms(folded)
    assert all(fold(t) == t for t in folded)


@FAST
@given(hostile_text)
def test_analyser_survives_any_text(text):
    check_analysis(text)


@FAST
@given(blank)
def test_analyser_finds_nothing_in_blank_text(text):
    assert normalize(text) == "" and analyze(text) == [] and analyze_folded(text) == []


@SLOW
@given(long_line)
def test_analyser_survives_a_100k_line(text):
    check_analysis(text)


def test_analyser_keeps_vietnamese_terms_among_junk():
    """Junk around the words must not swallow them: the terms still come out."""
    terms = analyze("\u202e\x00😀 Tỷ trọng\u200b kinh tế số 数字经济 \u0301\x1f")
    assert {"tỷ_trọng", "kinh_tế", "số"} <= set(terms)


# --- the parser ------------------------------------------------------------------------------


@FAST
@given(st.binary(max_size=300))
def test_decode_accepts_utf8_or_refuses_clearly(data):
    try:
        text = decode(data, "x.txt")
    except IngestError as error:
        assert str(error).startswith("x.txt: ")
        return
    assert data.strip() and b"\x00" not in data[:8192]
    assert text == data.decode("utf-8-sig")


@FAST
@given(hostile_text)
def test_decode_round_trips_utf8_text(text):
    data = text.encode("utf-8")
    assume(data.strip() and "\x00" not in text)
    assert decode(data, "x.txt") == text.removeprefix("\ufeff")


def check_parsed(data: bytes, name: str = "hostile.txt") -> None:
    """Parses, or refuses with an IngestError naming the file; a parse keeps every invariant."""
    try:
        parsed = parse_document(data, name)
    except IngestError as error:
        assert str(error).startswith(f"{name}: ")
        return
    document, clauses = parsed.document, parsed.clauses
    assert isinstance(document, Document) and document.source_file == name
    assert document.id and re.fullmatch(r"[a-z0-9-]+", document.id), document.id
    assert document.short_name and document.short_name == document.short_name.strip()
    assert document.status in ("issued", "draft", "report")
    assert document.date is None or re.fullmatch(r"\d{4}(-\d{2}-\d{2})?", document.date), document.date
    assert clauses and 0.0 <= parsed.coverage <= 1.0
    ids = [c.id for c in clauses]
    assert len(ids) == len(set(ids)), "clause ids are unique"
    by_id = {c.id: c for c in clauses}
    source = verbatim(decode(data, name))
    for clause in clauses:
        assert isinstance(clause, Clause) and clause.document == document.id
        assert re.fullmatch(r"[a-z0-9.:-]+", clause.id) and clause.id == f"{document.id}:{'.'.join(clause.path)}"
        assert clause.original and clause.original in source, clause.id
        assert clause.citation and clause.breadcrumb
        assert clause.parent is None or clause.id in by_id[clause.parent].children
        assert all(by_id[child].parent == clause.id for child in clause.children)
        assert Clause.from_dict(json.loads(json.dumps(clause.to_dict(), ensure_ascii=False))) == clause
    for fact in [*parsed.targets, *parsed.assignments]:
        assert isinstance(fact, (Target, Assignment)) and fact.clause_id in by_id and fact.document == document.id
    assert Document.from_dict(json.loads(json.dumps(document.to_dict(), ensure_ascii=False))) == document


@FAST
@given(st.binary(max_size=2000))
def test_parser_survives_any_bytes(data):
    check_parsed(data)


@FAST
@given(hostile_text)
def test_parser_survives_any_text(text):
    check_parsed(text.encode("utf-8"))


@FAST
@given(st.one_of(document_text, table_text))
@example("1. Mục tiêu\nĐiều 1.\nQUYẾT ĐỊNH")  # a type line with no title after it
@example("Điều 1.")  # nothing to name the document by
@example("Điều 1. Nhiệm vụ\n\tTT\n\tNhiệm vụ\n\n\t1\n\tXây dựng\n\tBộ Công an")  # more cells than columns
@example("\tTT\n\tNhiệm vụ\n\tCơ quan chủ trì\n\n\t")  # a row of one empty cell
def test_parser_survives_structure_mixed_with_junk(text):
    check_parsed(text.encode("utf-8"))


@FAST
@given(blank)
def test_parser_refuses_blank_text(text):
    with pytest.raises(IngestError, match="^blank.txt: "):
        parse_document(text.encode("utf-8"), "blank.txt")


@SLOW
@given(long_line, st.sampled_from(["", "Điều 1. ", "1. Mục tiêu ", "a) ", "- ", "1\t"]))
def test_parser_survives_a_100k_line(text, prefix):
    check_parsed(f"QUYẾT ĐỊNH\nPhê duyệt\nĐiều 1. Mục tiêu\n{prefix}{text}\nĐiều 2. Hiệu lực".encode("utf-8"))
    check_parsed((prefix + text).encode("utf-8"))
