"""Answer quality on the held-out test split: what the assistant issue promises.

Answers carry the expected values and bodies for ≥ 90% of the answerable questions, every
quote is verbatim from its document, every unanswerable question abstains, and questions
typed without diacritics do as well.
"""

import pytest

from assistant.assistant import Assistant
from eval.answers import answer_metrics, judge
from eval.questions import load, split_path, without_diacritics

ANSWER_ACCURACY = 0.90


@pytest.fixture(scope="module")
def run(searcher):
    assistant = Assistant(searcher)
    corpus = searcher.corpus
    sources = corpus.verbatim_sources()

    def evaluate(questions):
        return answer_metrics([judge(q, assistant.ask(q.question).to_dict(), sources) for q in questions])

    return evaluate


@pytest.mark.parametrize("typed", ["as written", "without diacritics"])
def test_answers_are_right_faithful_and_silent_when_they_should_be(run, typed):
    questions = load(split_path("test"))
    found = run(questions if typed == "as written" else without_diacritics(questions))
    assert found["answer_accuracy"] >= ANSWER_ACCURACY, found
    assert found["quote_faithfulness"] == 1.0, found
    assert found["abstention_recall"] == 1.0, found


@pytest.mark.parametrize("question", ["Đến năm 2030, kinh tế số chiếm bao nhiêu phần trăm GDP?",
                                      "Kinh tế số chiếm bao nhiêu % GDP?"])
def test_a_decision_in_force_leads_over_drafts_for_the_asked_year(searcher, question):
    """Naming no document, the reader gets the decision in force (1033, "khoảng 30%" by 2030) first,
    not a draft's wording (even when the 1033 clause ranks below the drafts' in search), and no
    draft's 2035 figure beside a 2030 one."""
    answer = Assistant(searcher).ask(question)
    assert answer.citations[0].document == "qd-1033-2026", answer.citations
    assert "30%" in answer.answer
    assert "40-50%" not in answer.answer


def test_a_decision_in_force_does_not_lead_off_topic(searcher):
    """1033 has no smartphone target; its target on digital signatures shares only "dân số"."""
    answer = Assistant(searcher).ask("Tỷ lệ dân số trưởng thành có điện thoại thông minh?")
    assert "điện thoại thông minh" in answer.answer and "chữ ký số" not in answer.answer
