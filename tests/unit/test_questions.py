"""The question set cannot rot: every evidence string is verbatim in its document."""

from collections import Counter

import pytest

from eval.questions import CATEGORIES, SPLITS, load, problems, split_path
from ingest.clean import is_artifact_line, match_form


@pytest.fixture(scope="module")
def document_texts(parsed, parsed_extra):
    """Each document's text as the product reads it (a crawled page without the site's chrome)."""
    return {doc_id: match_form(" ".join(line for line in parsed_doc.text.splitlines() if not is_artifact_line(line)))
            for doc_id, parsed_doc in {**parsed, **parsed_extra}.items()}


@pytest.mark.parametrize("split", SPLITS)
def test_every_question_is_well_formed_and_its_evidence_verbatim(split, document_texts):
    found = {q.id: problems(q, document_texts) for q in load(split_path(split))}
    assert {qid: p for qid, p in found.items() if p} == {}


def test_the_set_covers_documents_and_categories(parsed, parsed_extra):
    questions = [q for split in SPLITS for q in load(split_path(split))]
    assert len(questions) >= 600
    assert len({q.id for q in questions}) == len(questions)
    assert set(Counter(q.category for q in questions)) == set(CATEGORIES)
    assert {q.doc for q in questions if q.doc} == set(parsed) | set(parsed_extra)
    assert all(q.doc or not q.answerable for q in questions)  # only a question no document answers has none
    per_extra = Counter(q.doc for q in questions if q.doc in parsed_extra)
    assert min(per_extra.values()) >= 10 and sum(per_extra.values()) >= 150


def test_problems_catches_a_made_up_quote(document_texts):
    from eval.questions import Question

    fake = Question("x", "?", "target", "qd-1033-2026", "", ["40%"],
                    ["Tỷ trọng giá trị tăng thêm của kinh tế số trong GDP đạt khoảng 40%"])
    assert problems(fake, document_texts) == ["evidence 1 is not in qd-1033-2026"]
