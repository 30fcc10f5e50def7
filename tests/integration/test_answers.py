"""Answers that the question set alone would not pin: which document leads when none is named.

The quality bars on the test split are gated once, by `make test` (`policyqa eval --gate`,
eval/thresholds.json), not here.
"""

import pytest

from assistant.assistant import Assistant


@pytest.mark.parametrize("question", ["Đến năm 2030, kinh tế số chiếm bao nhiêu phần trăm GDP?"])
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
