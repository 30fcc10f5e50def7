"""Documents and years a question names, from each document's own metadata."""

import pytest

from index.mentions import cues_of, find_mentions
from index.vietnamese import normalize


@pytest.fixture(scope="module")
def cues(parsed):
    return [cues_of(p.document, normalize) for p in parsed.values()]


@pytest.mark.parametrize("question, expected", [
    ("Quyết định 1033 đặt mục tiêu gì?", ("qd-1033-2026",)),
    ("Theo QĐ 411 thì sao?", ("du-thao-chien-luoc-kts-xhs-2025",)),
    ("Chiến lược quốc gia phát triển kinh tế số đến 2025 đặt chỉ tiêu gì?", ("du-thao-chien-luoc-kts-xhs-2025",)),
    ("Kế hoạch năm 2025 giao ai chủ trì?", ("du-thao-ke-hoach-cds-2025",)),
    ("báo cáo 2022 ghi nhận kết quả gì?", ("bao-cao-chien-luoc-kts-xhs-2022",)),
    ("Chương trình chuyển đổi số quốc gia đến năm 2030 có mục tiêu gì?", ("du-thao-chuong-trinh-cds-2030",)),
    ("Chương trình phát triển kinh tế số và xã hội số giai đoạn 2026-2030", ("qd-1033-2026",)),
])
def test_named_documents(cues, question, expected):
    assert find_mentions(normalize(question), cues).documents == expected


@pytest.mark.parametrize("question, expected", [
    ("Trong tổ chức thực hiện dự thảo Chiến lược, Bộ Tài chính được giao gì?", ("du-thao-chien-luoc-kts-xhs-2025",)),
    ("Dự thảo quyết định phê duyệt chiến lược có bao nhiêu nhiệm vụ?", ("du-thao-chien-luoc-kts-xhs-2025",)),
    ("Theo dự thảo Kế hoạch, ai lo việc này?", ("du-thao-ke-hoach-cds-2025",)),
])
def test_a_head_noun_after_du_thao_names_the_one_draft_with_it(cues, question, expected):
    assert find_mentions(normalize(question), cues).documents == expected


def test_two_documents_in_one_comparison(cues):
    question = "Dự thảo Chương trình chuyển đổi số đến 2030 khác gì so với Quyết định 1033/QĐ-TTg?"
    assert set(find_mentions(normalize(question), cues).documents) == {"qd-1033-2026", "du-thao-chuong-trinh-cds-2030"}


@pytest.mark.parametrize("question", [
    "Chiến lược phát triển máy bay không người lái có tầm nhìn tới năm nào?",  # another strategy
    "Kế hoạch tạo lập bộ dữ liệu tiếng Việt do ai ban hành?",
    "Tỷ trọng kinh tế số trong GDP là bao nhiêu?",
])
def test_common_nouns_name_no_document(cues, question):
    assert find_mentions(normalize(question), cues).documents == ()


def test_years(cues):
    assert find_mentions(normalize("năm 2025 và 2030, tăng 30%"), cues).years == ("2025", "2030")


@pytest.mark.parametrize("question, left", [
    ("Chương trình phát triển kinh tế số giai đoạn 2026 - 2030 đặt tỷ trọng kinh tế số ở mức nào?",
     "đặt tỷ trọng kinh tế số ở mức nào?"),
    ("Kế hoạch chuyển đổi số năm 2025 đặt mục tiêu phủ sóng 4G bao nhiêu", "đặt mục tiêu phủ sóng 4g bao nhiêu"),
    ("Quyết định số 1033/QĐ-TTg giao Bộ Công an chủ trì gì", "giao bộ công an chủ trì gì"),
])
def test_the_words_naming_a_document_can_be_left_out(cues, question, left):
    normalized = normalize(question)
    assert find_mentions(normalized, cues).without_names(normalized) == left


@pytest.mark.parametrize("question", [
    "Theo dự thảo Chiến lược KTS-XHS đến 2025, Ngân hàng Nhà nước chủ trì những nhiệm vụ nào?",
    "Dự thảo Chiến lược kinh tế số đến năm 2025 giao Bộ Công an những việc gì?",
])
def test_the_year_in_a_documents_name_is_not_a_year_asked(cues, question):
    from index.aliases import expand

    text = normalize(expand(question))
    found = find_mentions(text, cues)
    assert found.documents == ("du-thao-chien-luoc-kts-xhs-2025",) and "2025" not in found.without_names(text)


def test_words_that_head_many_titles_name_none_but_after_du_thao_the_one_draft():
    from index.mentions import DocumentCues, _pairs

    def plan(id_: str, title: str, draft: bool = False) -> DocumentCues:
        return DocumentCues(id_, frozenset(), frozenset({"kế hoạch"}), _pairs(title) - {"kế hoạch"},
                            frozenset({"2025"}), frozenset(title.split()), draft)

    plans = [plan("kh-a", "kế hoạch chuyển đổi số năm 2025 của tỉnh an giang"),
             plan("kh-b", "kế hoạch chuyển đổi số năm 2025 của tỉnh bắc ninh"),
             plan("kh-c", "kế hoạch chuyển đổi số năm 2025", draft=True)]
    assert find_mentions(normalize("Kế hoạch chuyển đổi số năm 2025 giao ai chủ trì?"), plans).documents == ()
    assert find_mentions(normalize("Dự thảo Kế hoạch chuyển đổi số năm 2025 giao ai?"), plans).documents == ("kh-c",)
    two = find_mentions(normalize("Kế hoạch chuyển đổi số năm 2025 giao ai chủ trì?"), plans[1:]).documents
    assert set(two) == {"kh-b", "kh-c"}


@pytest.fixture(scope="module")
def extra_cues(parsed_extra):
    return [cues_of(p.document, normalize) for p in parsed_extra.values()]


@pytest.mark.parametrize("question, expected", [
    # a title's head noun is the one heading it: the notice's title ends "… chuyển đổi số và Đề án 06"
    ("Đề án chuyển đổi số của Bệnh viện Bạch Mai: bộ nào chủ trì?", ()),
    ("Kết luận phiên họp lần thứ năm của Ban Chỉ đạo yêu cầu gì về 5G?", ("tb-624-2025",)),
    ("Quy chế quản lý hệ thống thư điện tử công vụ của Đồng Tháp quy định gì?", ("qd-143-2025",)),
])
def test_documents_named_by_the_noun_heading_their_title(extra_cues, question, expected):
    assert find_mentions(normalize(question), extra_cues).documents == expected
