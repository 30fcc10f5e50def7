"""Hostile input: whatever text reaches the analyser, the parser or the assistant, they either work
or refuse with our own clear error (IngestError, ValueError), never a stray exception or a hang.

Property-based (hypothesis): arbitrary Unicode (control characters, bidi and zero-width marks,
combining marks, emoji), mixed scripts, very long lines and Vietnamese-looking structure mixed
with junk, checked against the invariants the rest of the system relies on.
"""

from __future__ import annotations

import json
import re
import time

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from index.search import MAX_QUESTION_CHARS
from index.vietnamese import STOP_WORDS, analyze, analyze_folded, fold, normalize, tokenize
from ingest.clean import verbatim
from ingest.model import Assignment, Clause, Document, Target
from ingest.pipeline import IngestError, decode, parse_document

# Sized so the file runs in well under a minute; a 100k-character line takes seconds to segment.
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SLOW = settings(max_examples=4, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example])

# --- strategies ------------------------------------------------------------------------------

HOSTILE = [
    "\x00", "\x01", "\x07", "\x08", "\t", "\x0b", "\x0c", "\r", "\x1b", "\x1c", "\x1f", "\x7f", "\x85", "\xa0",
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u2028", "\u2029", "\u3000",  # invisible, separators
    "\u200e", "\u200f", "\u202a", "\u202b", "\u202e", "\u2066", "\u2069", "\u061c",  # bidi marks and overrides
    "\u0300", "\u0301", "\u0303", "\u0309", "\u0323", "\u0306\u0302", "a\u0301\u0323\u0300",  # combining marks
    "😀", "👨‍👩‍👧", "🇻🇳", "1️⃣", "\U0001f3fd", "\U000e0067",  # emoji, ZWJ sequences, flags, tags
    "中华人民共和国", "数字经济", "Цифровая экономика", "الاقتصاد الرقمي", "שלום", "ไทย", "한국어", "ｆｕｌｌ",
    "Ⅻ", "١٢٣", "٣٠٪", "²", "½", "ﬁ", "İ", "ß", "Ω", "ǅ",  # digits, numbers and letters that case-fold oddly
]
VIETNAMESE = [
    "Tỷ trọng kinh tế số trong GDP đạt 30%", "chuyển đổi số quốc gia", "Bộ TT&TT", "UBND cấp tỉnh", "Quý II/2026",
    "1033/QĐ-TTg", "2026 - 2030", "hoà", "Uỷ ban", "ĐIỀU", "kinh te so", "ty trong", "năm 2030", "500.000",
    "Đie\u0300u 1.", "Quye\u0302\u0301t đi\u0323nh",  # decomposed (NFD) Vietnamese
]
STRUCTURE = [
    "Điều 1.", "Điều 2:", "Điều 99.", "Điều ١.", "I.", "II. Mục tiêu", "XI. ", "1.", "1. Mục tiêu", "12. Đến",
    "a)", "b) Tỷ lệ", "đ)", "- ", "– ", "+ ", "Phụ lục", "Phụ lục II", "PHỤ LỤC I", "Nơi nhận:", "QUYẾT ĐỊNH",
    "QUYẾT ĐỊNH:", "KẾ HOẠCH", "BÁO CÁO", "Số: 1033/QĐ-TTg", "Số:", "Hà Nội, ngày 09 tháng 6 năm 2026",
    "ngày 99 tháng 99 năm 2026", "THỦ TƯỚNG", "KT. THỦ TƯỚNG", "Nguyễn Văn A", "Căn cứ Luật", "DỰ THẢO", "12",
    "TT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian", "TT\tChỉ tiêu\tĐơn vị\tNăm 2025",
    "1\tXây dựng nền tảng\tBộ Công an\tCác bộ\t2026", "\t1", "\tXây dựng", "\t", "\t\t\t", "I\tThể chế",
    "Chính phủ số:", "Báo cáo tình hình thực hiện Chiến lược theo Quyết định số 411/QĐ-TTg", "Kế hoạch này",
    "[bookmark: x]", "**", "CỔNG THÔNG TIN ĐIỆN TỬ CHÍNH PHỦ", "ĐẾN Giờ: 10",
]

unicode_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=80)  # every code point but surrogates
piece = st.one_of(st.sampled_from(HOSTILE), st.sampled_from(VIETNAMESE), unicode_text,
                  st.sampled_from([" ", "  ", "\n", "\n\n", "\r\n", ".", ",", ":", "?", "%", "/", "_", "-"]))
hostile_text = st.one_of(unicode_text, st.lists(piece, max_size=30).map("".join))
SPACES = [chr(c) for c in range(0x3001) if chr(c).isspace()]  # tab to ideographic space
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]  # what cleaning removes
blank = st.text(st.sampled_from(SPACES + INVISIBLE), max_size=20)  # empty, whitespace and invisible only
# One line of 100k characters: a repeated unit, so generating it stays cheap.
line_unit = st.lists(piece, min_size=1, max_size=8).map(lambda pieces: "".join(pieces).replace("\n", " ")).filter(bool)
long_line = st.builds(lambda unit: (unit * (100_000 // len(unit) + 1))[:100_000], line_unit)
structure_line = st.one_of(
    st.sampled_from(STRUCTURE),
    st.tuples(st.sampled_from(STRUCTURE), st.sampled_from([" ", "", "\t"]), hostile_text).map("".join),
    hostile_text,
)
# Without NUL: one in the first 8 KB makes the whole file binary, which the other parser tests cover.
document_text = st.lists(structure_line, max_size=40).map("\n".join).map(lambda s: s.replace("\x00", ""))
# The three table layouts (tab-separated rows, a flattened PDF table, one tab-prefixed cell a line): a header, then junk.
TABLE_HEADERS = [
    "TT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian", "TT\tChỉ tiêu\tĐơn vị\tNăm 2025",
    "TT Nhiệm vụ, giải pháp Cơ quan chủ trì Thời gian", "\tTT\n\tNhiệm vụ, giải pháp\n\tCơ quan chủ trì\n\tThời gian",
]
TABLE_LINES = [
    "", "\t1", "\t2", "\tII", "\tV.1", "\tA", " \t3", "\tXây dựng nền tảng", "\tBộ Công an", "\t2026", "- Kết quả",
    "1\tXây dựng\tBộ Công an\tCác bộ\t2026", "\tXây dựng\t\t", "I\tThể chế", "12\tPhát triển", "a\tLogistics",
    "a. Xây dựng nền tảng", "I. PHÁT TRIỂN", "1 Phát triển hạ tầng", "Bộ Công an", "2021-2022", "Hằng năm", "chủ trì",
    "thực hiện", "Ngân hàng Nhà", "nước và", "12",
]
table_line = st.one_of(st.sampled_from(TABLE_LINES), st.lists(piece, max_size=4).map("\t".join))
table_text = st.tuples(
    st.sampled_from(["", "Điều 1. Nhiệm vụ\n", "PHỤ LỤC II\nDANH MỤC NHIỆM VỤ\n"]), st.sampled_from(TABLE_HEADERS),
    st.lists(table_line, max_size=30).map(lambda lines: "\n" + "\n".join(lines)),
).map("".join).map(lambda s: s.replace("\x00", ""))

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


# --- the diacritic restorer ------------------------------------------------------------------


@pytest.fixture(scope="module")
def restorer(searcher):
    return searcher.restorer


@FAST
@given(text=hostile_text)
def test_restorer_only_adds_tone_marks(restorer, text):
    """Restoration keeps every character but may put tone marks on syllables typed without them."""
    normalized = normalize(text)
    restored = restorer.restore(normalized)
    assert isinstance(restored, str)
    assert fold(restored) == fold(normalized)
    if not restorer.needs_restoring(normalized):
        assert restored == normalized


@SLOW
@given(text=long_line)
def test_restorer_survives_a_100k_line(restorer, text):
    normalized = normalize(text)
    assert fold(restorer.restore(normalized)) == fold(normalized)


def test_restorer_is_linear_in_the_text(restorer):
    """100k characters of "doi" (8 readings each) took 25 s when Viterbi copied its paths; now about 1 s."""
    started = time.perf_counter()
    restorer.restore("doi " * 25_000)
    assert time.perf_counter() - started < 8


def test_restorer_restores_through_junk(restorer):
    assert "kinh tế số" in restorer.restore("\u200f😀 ty trong kinh te so \x00 trong gdp")


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


# --- the assistant ---------------------------------------------------------------------------

question_text = st.one_of(
    hostile_text,
    blank,
    st.lists(st.one_of(st.sampled_from(VIETNAMESE), st.sampled_from(HOSTILE)), max_size=12).map(" ".join),
    st.builds(lambda unit, n: unit * n, st.sampled_from(VIETNAMESE + HOSTILE),
              st.integers(1, 2 * MAX_QUESTION_CHARS)),  # around the length limit
)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(question=question_text)
def test_ask_answers_with_verbatim_quotes_or_refuses_clearly(assistant, question):
    stripped = question.strip()
    if not re.search(r"[^\W_]", stripped) or len(stripped) > MAX_QUESTION_CHARS:  # no words, or too long
        with pytest.raises(ValueError, match="question"):
            assistant.ask(question)
        return
    answer = assistant.ask(question)
    assert isinstance(answer.answer, str) and answer.answer
    assert answer.abstained or answer.citations
    corpus = assistant.searcher.corpus
    for citation in answer.citations:
        clause = corpus.clause(citation.clause_id)
        assert clause is not None and clause.document == citation.document
        assert citation.quote and citation.quote in clause.original, citation.clause_id
        assert f"[{citation.marker}]" in answer.answer
    json.dumps(answer.to_dict(), ensure_ascii=False)  # what the API and the CLI return
