"""Hostile questions: whatever text reaches the diacritic restorer or the assistant, they either work
or refuse with our own clear error (ValueError), never a stray exception or a hang."""

from __future__ import annotations

import json
import re
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index.diacritics import telex_fold, vietnamese_syllables
from index.search import MAX_QUESTION_CHARS
from index.vietnamese import fold, normalize
from tests.conftest import FAST, HOSTILE, SLOW, VIETNAMESE, blank, hostile_text, long_line

# --- the diacritic restorer ------------------------------------------------------------------


@pytest.fixture(scope="module")
def restorer(searcher):
    return searcher.restorer


@FAST
@given(text=hostile_text)
def test_restorer_only_puts_marks_right(restorer, text):
    """Restoration keeps everything but a syllable's marks: it puts them on syllables typed without
    them, or right on syllables typed wrong (Telex's tone keys, "hoas", being the one thing it takes
    out). In a text that has its marks, a syllable the corpus or Vietnamese writes stays as typed."""
    normalized = normalize(text)
    restored = restorer.restore(normalized)
    assert isinstance(restored, str)
    syllable = re.compile(r"[^\W\d_]+")
    assert syllable.sub("", restored) == syllable.sub("", normalized)
    pairs = list(zip(syllable.findall(normalized), syllable.findall(restored), strict=True))
    assert all(fold(after) in (fold(before), telex_fold(before)) for before, after in pairs)
    if not restorer.needs_restoring(normalized):
        known = restorer.unigrams.keys() | vietnamese_syllables()
        assert all(after == before for before, after in pairs if before in known)


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
