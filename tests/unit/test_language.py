"""English questions: their language told offline, and the Vietnamese words that name documents."""

from index.language import language_of, vietnamese_cues


def test_a_document_type_goes_before_its_english_modifiers_with_its_year():
    assert vietnamese_cues("who leads it in the 2025 digital transformation plan?") == "chủ trì kế hoạch chuyển đổi số 2025"
    assert vietnamese_cues("what does the draft digital economy strategy say?") == "dự thảo chiến lược kinh tế số"


def test_english_and_vietnamese_without_marks_are_told_apart():
    syllables = {"ty", "le", "nguoi", "dan", "co", "chu", "ky", "so", "nam"}
    assert language_of("ty le nguoi dan co chu ky so nam 2030", syllables) == "vi"
    assert language_of("Which ministry leads the e-invoice system?", syllables) == "en"


def test_a_document_number_does_not_make_an_english_question_vietnamese():
    assert language_of("Who signed Decision 2634/QĐ-TTg?", {"ky"}) == "en"


def test_an_english_question_quoting_vietnamese_names_is_english():
    """Its marks are the names' ("Bình dân học vụ số", "Bộ Công an"); its function words are English."""
    syllables = {"binh", "dan", "hoc", "vu", "so", "bo", "cong", "an", "the", "say", "do", "to", "co", "chi", "tieu"}
    assert language_of("What does the draft programme say about the 'Bình dân học vụ số' programme?", syllables) == "en"
    assert language_of("Which tasks does Bộ Công an lead?", syllables) == "en"
    assert language_of("Bộ Công an có chỉ tiêu AI Data Center cho năm 2030 không?", syllables) == "vi"


def test_a_hyphenated_english_term_has_its_vietnamese():
    assert vietnamese_cues("what digital-economy share was set?").startswith("kinh tế số")
    assert vietnamese_cues("what digital economy share was set?").startswith("kinh tế số")
