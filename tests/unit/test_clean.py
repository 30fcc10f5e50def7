"""Unit tier: cleaning and line joining on small texts."""

from ingest.clean import canonical_tones, clean_text, is_artifact_line, verbatim
from ingest.layout import join_text, split_lines
from ingest.structure import blocks


def test_canonical_tones_follow_underthesea():
    assert canonical_tones("Uỷ ban hoà nhập, sức khoẻ") == "Ủy ban hòa nhập, sức khỏe"


def test_canonical_tones_keep_spacing_and_numbers():
    assert canonical_tones("đạt 30%, Quý II/2026") == "đạt 30%, Quý II/2026"


def test_verbatim_composes_and_collapses():
    decomposed = "Chi\u0301nh phu\u0309\n\n  số"
    assert verbatim(decomposed) == "Chính phủ số"


def test_inline_artifacts_removed():
    assert clean_text("[bookmark: muc_7]**Điều 1.**\u00a0Phê\u200b duyệt") == "Điều 1. Phê duyệt"


def test_artifact_lines():
    assert is_artifact_line("19 ")
    assert is_artifact_line("DỰ THẢO ")
    assert is_artifact_line("CỘNG THÔNG TIN ĐIỆN TỬ CHÍNH PHỦ\t")
    assert not is_artifact_line("2. Mục tiêu cụ thể đến năm 2030:")


def test_code_split_at_hyphen_is_rejoined():
    assert join_text(["Nghị quyết số 52-", "NQ/TW ngày"]) == "Nghị quyết số 52-NQ/TW ngày"
    assert join_text(["điện tử -", "viễn thông"]) == "điện tử - viễn thông"


def test_sentence_split_by_blank_line_is_one_block():
    text = "1. Khẳng định\n\nvai trò của Việt Nam.\n\n2. Phát triển"
    found = blocks(split_lines(text))
    assert [b.text for b in found] == ["1. Khẳng định vai trò của Việt Nam.", "2. Phát triển"]


def test_double_spaced_hard_wrapped_text_is_rejoined():
    line = "a) Xây dựng, trình Thủ tướng Chính phủ phê duyệt và tổ chức triển khai chiến"
    text = f"{line} \n\nlược phát triển hạ tầng số. \n\n{line} \n\nNền tảng số quốc gia. \n\n"
    texts = [b.text for b in blocks(split_lines(text * 3))]
    assert texts[0] == f"{line} lược phát triển hạ tầng số."
    assert texts[1] == f"{line} Nền tảng số quốc gia."
