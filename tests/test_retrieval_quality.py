"""Retrieval quality on the held-out test split: the bar the retrieval issue set."""

import pytest

from eval.questions import load, split_path
from eval.retrieval import evaluate, metrics

RECALL_AT_5 = 0.95
MRR_AT_10 = 0.85


@pytest.fixture(scope="module")
def test_metrics(searcher):
    return metrics(evaluate(load(split_path("test")), lambda q: searcher.search(q, k=10)))


def test_recall_and_mrr_overall(test_metrics):
    overall = test_metrics["overall"]
    assert overall["recall@5"] >= RECALL_AT_5, overall
    assert overall["mrr@10"] >= MRR_AT_10, overall


def test_questions_without_diacritics_do_as_well(test_metrics):
    assert test_metrics["by_category"]["no_diacritics"]["recall@5"] >= RECALL_AT_5, test_metrics["by_category"]


def test_every_question_typed_without_diacritics_does_as_well(searcher):
    from eval.questions import without_diacritics

    stripped = metrics(evaluate(without_diacritics(load(split_path("test"))), lambda q: searcher.search(q, k=10)))
    assert stripped["overall"]["recall@5"] >= RECALL_AT_5, stripped["overall"]
    assert stripped["overall"]["mrr@10"] >= MRR_AT_10, stripped["overall"]
