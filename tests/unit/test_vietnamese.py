"""The analyser: one form for passages and questions."""

from index.aliases import expand
from index.vietnamese import analyze, analyze_folded, has_diacritics, normalize, tokenize


def test_quantities_stay_whole():
    tokens = tokenize(normalize("đạt khoảng 30% vào Quý II/2026, 20,5 % GDP, 500.000 doanh nghiệp, tốc độ 1 Gb/s"))
    for whole in ("30%", "ii/2026", "20,5%", "500.000", "1gb/s"):
        assert whole in tokens


def test_document_numbers_and_periods_stay_whole():
    tokens = tokenize(normalize("Quyết định số 1033/QĐ-TTg, Nghị quyết 57-NQ/TW, giai đoạn 2026 - 2030"))
    assert {"1033/qđ-ttg", "57-nq/tw", "2026-2030"} <= set(tokens)


def test_compounds_are_one_token_and_also_give_their_syllables():
    terms = analyze("chuyển đổi số quốc gia")
    assert "chuyển_đổi" in terms and "chuyển" in terms and "quốc_gia" in terms


def test_spelling_variants_and_tone_placement_meet():
    assert analyze("tỉ lệ kĩ năng, hoà nhập") == analyze("tỷ lệ kỹ năng, hòa nhập")
    assert normalize("Uỷ ban") == normalize("Ủy ban")


def test_decomposed_text_analyses_like_composed():
    import unicodedata

    text = "Tỷ trọng kinh tế số trong GDP"
    assert analyze(unicodedata.normalize("NFD", text)) == analyze(text)


def test_stop_words_and_punctuation_are_dropped():
    terms = analyze("Tỷ lệ này là bao nhiêu, và của ai?")
    assert terms == ["tỷ_lệ", "tỷ", "lệ"]


def test_abbreviations_expand_on_both_sides():
    assert analyze("KTS và XHS") == analyze("kinh tế số và xã hội số")
    assert set(analyze("Bộ TT&TT")) == set(analyze("Bộ Thông tin và Truyền thông"))
    assert "ngân_hàng" in analyze("NHNN chủ trì")
    assert "411/QĐ-TTg" in expand("theo QĐ 411")
    assert expand("Quyết định số 1033/QĐ-TTg") == "Quyết định số 1033/QĐ-TTg"


def test_folded_field_ignores_diacritics():
    assert analyze_folded("tỷ trọng kinh tế số") == analyze_folded("ty trong kinh te so")
    assert "tai" in analyze_folded("Bộ Tài chính")  # a folded stop-word would have eaten "tài"


def test_has_diacritics():
    assert has_diacritics("số") and has_diacritics("đi") and not has_diacritics("so GDP 2030")


def test_syllables_typed_wrong_are_put_right_and_everyday_words_stay():
    """In a question that has its marks, a syllable that neither the corpus nor Vietnamese writes as
    typed takes the corpus's form that fits its neighbours: Telex left in ("hoas"), marks half typed
    ("quôc") or left out ("muc tieu"). Words the decisions never use ("tôi", "bé", "ạ") are words."""
    from index.diacritics import Restorer, telex_fold

    restorer = Restorer.learn(["triển khai hóa đơn điện tử trên toàn quốc", "mục tiêu giảm thời gian xử lý",
                               "tối thiểu 30% gdp", "hòa nhập"])
    assert restorer.restore("hoas đơn điện tử trên toàn quôc") == "hóa đơn điện tử trên toàn quốc"
    assert restorer.restore("mục tiêu giảm thời gian xư lý") == "mục tiêu giảm thời gian xử lý"
    assert restorer.restore("tôi hỏi cho bé nhà tôi ạ") == "tôi hỏi cho bé nhà tôi ạ"
    assert [telex_fold(w) for w in ("hoas", "chieens", "vieejt", "ddaaus")] == ["hoa", "chien", "viet", "dau"]


def test_ai_in_capitals_is_the_acronym_and_ai_in_lower_case_is_who():
    """"ai" (who) is a stop word; "AI" is the field's word for "trí tuệ nhân tạo" and must be searched."""
    from index.vietnamese import analyze

    assert {"trí", "tuệ", "nhân", "tạo"} <= {s for t in analyze("Nghe nói sắp dùng AI cho nhanh?") for s in t.split("_")}
    assert not {"trí", "trí_tuệ", "ai"} & set(analyze("Ai chủ trì nhiệm vụ này?"))
