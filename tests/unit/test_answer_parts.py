"""The pure parts of answering: slots, excerpts, follow-ups, the guard on instructions."""

import pytest

from assistant.excerpt import TermWeights, cover, excerpt, sentences, weighted_cover
from assistant.query import _is_follow_up, resolve
from assistant.slots import Slot, slots_of, without_cues


@pytest.mark.parametrize("question, expected", [
    ("cơ quan nào chủ trì và hạn khi nào?", (Slot.LEAD, Slot.DEADLINE)),
    ("về kỹ năng số, dự thảo đặt những mục tiêu gì?", (Slot.LIST, Slot.VALUE)),
    ("các chỉ tiêu kinh tế số năm 2025 là gì?", (Slot.LIST, Slot.VALUE)),
    ("có mấy nhóm nhiệm vụ?", (Slot.COUNT,)),
    ("quyết định này có hiệu lực khi nào?", (Slot.VALIDITY, Slot.DEADLINE)),
    ("kể tên giúp mình được không?", (Slot.LIST,)),
    ("kế hoạch dựa trên ba trụ cột kinh tế nào?", (Slot.LIST,)),
    ("mục tiêu chung của kế hoạch là gì?", (Slot.CONTENT,)),
    ("về chính phủ số, chương trình đặt mục tiêu gì đến năm 2030?", (Slot.CONTENT,)),
    ("mục tiêu về chữ ký số là bao nhiêu phần trăm?", (Slot.VALUE,)),
    ("sản phẩm của nhiệm vụ này là gì?", (Slot.PRODUCT,)),
    ("đề án đánh giá mức độ chuyển đổi số: ai chủ trì?", (Slot.LEAD,)),
    ("chỉ tiêu này do ai theo dõi?", (Slot.VALUE, Slot.LEAD, Slot.MONITOR)),
    ("giấy tờ gì chứng minh sở hữu nhãn hiệu của sản phẩm phần cứng?", (Slot.CONTENT,)),
])
def test_slots_in_the_order_asked(question, expected):
    assert slots_of(question) == expected


def test_english_slots():
    assert slots_of("Which ministry leads and by when?", "en") == (Slot.LEAD, Slot.DEADLINE)


def test_a_short_text_is_quoted_whole():
    text = "Kinh tế số chiếm 30% GDP."
    assert excerpt(text, ["gdp"]) == text


def test_a_long_text_keeps_the_sentences_that_answer_in_order():
    filler = " ".join(["Phát triển hạ tầng số đồng bộ, hiện đại."] * 30)
    text = f"{filler} Đầu tư 03 xe quan trắc di động tại 03 vùng. {filler}"
    short = excerpt(text, ["xe", "quan_trắc", "di_động"], figures=True, max_words=40)
    assert "03 xe quan trắc di động" in short and len(short.split()) <= 45 and short.startswith("…")


def test_a_sentence_announcing_items_keeps_them():
    filler = " ".join(["Ngân hàng đã phối hợp triển khai nhiều hoạt động."] * 20)
    text = (f"{filler} Đến cuối tháng 9/2022, dịch vụ Mobile Money đã đạt được một số kết quả cụ thể như sau: "
            f"- Có 2,34 triệu tài khoản mở mới. - Có 8,2 nghìn điểm kinh doanh chấp nhận. {filler}")
    short = excerpt(text, ["mobile", "money", "kết_quả"], max_words=60)
    assert "2,34 triệu tài khoản" in short and "8,2 nghìn điểm kinh doanh" in short


def test_cues_are_taken_out_and_the_topic_stays():
    assert without_cues("bộ công an chủ trì những nhiệm vụ gì về dữ liệu?") == "bộ công an về dữ liệu?"
    assert without_cues("bộ y tế phải làm những việc gì?") == "bộ y tế ?"


def test_sentences_split_items_and_sentences():
    assert sentences("a) Một. Hai; - Ba - Bốn") == ["a) Một.", "Hai;", "- Ba", "- Bốn"]


def test_rare_words_weigh_more():
    weight = TermWeights(["kinh tế số phát triển", "kinh tế số", "kinh tế gdp"])
    assert weight("gdp") > weight("kinh_tế")
    assert weighted_cover(["kinh_tế", "gdp"], "kinh tế gdp", weight) == 1.0
    assert weighted_cover(["kinh_tế", "gdp"], "kinh tế", weight) < cover(["kinh_tế", "gdp"], "kinh tế")


def test_a_follow_up_takes_the_subject_before_it_and_its_own_years():
    assert resolve("còn năm 2025 thì sao?", ["Tỷ trọng kinh tế số năm 2030 là bao nhiêu?"]) == \
        "Tỷ trọng kinh tế số năm 2025 là bao nhiêu năm 2025?"


def test_a_follow_up_naming_a_document_drops_the_earlier_ones_name():
    resolved = resolve("Còn trong dự thảo Chương trình thì sao?", ["QĐ 1033 đặt tỷ lệ bao nhiêu?"],
                       unname=lambda text: text.replace("QĐ 1033 ", ""))
    assert resolved.startswith("đặt tỷ lệ bao nhiêu") and "1033" not in resolved


def test_a_time_frame_falls_within_a_year_a_quarter_or_a_month_asked():
    from assistant.query import When
    assert When(2027).holds("Quý IV/2027", [2027]) and not When(2027).holds("2026 - 2027", [2026, 2027])
    assert When(2027, quarter=4).holds("Quý IV/2027", [2027]) and not When(2027, quarter=2).holds("Quý IV/2027", [2027])
    assert When(2025, month=9).holds("Tháng 09/2025", [2025]) and not When(2025, month=9).holds("Tháng 12/2025", [2025])
    assert When(2026, quarter=2).words("vi") == "quý II/2026"


@pytest.mark.parametrize("question, leans", [
    ("thời gian thực hiện là bao lâu?", True),  # its words are all the cue of what it asks
    ("hạn là khi nào?", True),
    ("bộ công an chủ trì xây dựng cơ sở dữ liệu quốc gia về dân cư khi nào?", False),
])
def test_a_question_leans_on_the_one_before_when_only_its_cues_are_left(question, leans):
    assert _is_follow_up(question, question, names_a_document=False) is leans


def test_the_users_voice_weighs_less_than_the_subject():
    from assistant.query import OTHER_ROLE, roles_of

    roles = dict(roles_of("tôi đọc báo thấy nói kinh tế số chiếm bao nhiêu phần trăm gdp",
                          ("tôi", "đọc", "kinh_tế", "phần_trăm"), "vi"))
    assert roles["tôi"] == OTHER_ROLE and roles["kinh_tế"] == roles["phần_trăm"] == 1.0
    assert OTHER_ROLE < roles["đọc"] < 1.0
    assert roles_of("which ministry leads", ("ministry",), "en") == ()


def test_a_percent_sign_is_read_as_phan_tram():
    assert cover(["phần_trăm", "gdp"], "Kinh tế số đạt 30% GDP") == 1.0


def test_a_unit_asked_is_found_beside_the_figure_that_counts_it():
    from assistant.abstain import _COUNTED

    counted = [m.group(1) for m in _COUNTED.finditer("phát triển ít nhất 07 cơ sở giáo dục đại học trở thành")]
    assert counted and {"trường", "đại", "học"} & set(counted[0].split())


def test_a_list_of_named_items_gives_their_names_and_prose_items_none():
    from assistant.excerpt import item_heads

    named = ("Bộ Ngoại giao thúc đẩy hợp tác với các nước: - Thụy Sỹ: hai nước nhất trí nâng cấp Bản ghi nhớ. "
             "- Hoa Kỳ: thúc đẩy đối thoại (30/10 - 01/11/2022). - Peru: ký kết thỏa thuận.")
    assert item_heads(named) == "Bộ Ngoại giao thúc đẩy hợp tác với các nước: Thụy Sỹ; Hoa Kỳ; Peru"
    assert item_heads("Kết quả: - Thúc đẩy thị trường đạt 95%. - Có 06 doanh nghiệp. - Có 11 sản phẩm mới.") is None


def test_an_excerpt_answers_each_part_of_a_two_part_question():
    filler = " ".join(["Chuyển đổi số ngành năng lượng được đẩy mạnh."] * 12)
    figure = "Bảo đảm phủ sóng 100% công nghệ đo đếm tiên tiến thông qua các công tơ điện tử thông minh " + "và dữ liệu " * 5 + "."
    second = "Nghiên cứu thí điểm hợp đồng thông minh cho thị trường bán lẻ điện cạnh tranh " + "và nền tảng " * 5 + "."
    short = excerpt(f"{filler} {figure} {filler} {second}",
                    ["đo_đếm", "tiên_tiến", "thí_điểm", "thị_trường", "bán_lẻ", "cạnh_tranh"], figures=True, max_words=40)
    assert "100%" in short and "hợp đồng thông minh" in short


def test_a_heading_sets_a_deadline_but_a_full_date_in_it_does_not():
    from assistant.facts import _HEADING_TIME, heading_of
    from ingest.model import Clause

    def heading(text):
        return Clause("d:x", "d", "khoan", "1", [], "", [], text, text)

    assert _HEADING_TIME.search(heading_of(heading("1. Mục tiêu đến hết năm 2026 - Hoàn thành"))).group(0) == "đến hết năm 2026"
    assert _HEADING_TIME.search(heading_of(heading("II. NHIỆM VỤ Ngày 09 tháng 01 năm 2025, Chính phủ ban hành"))) is None


@pytest.mark.parametrize("question, expected", [
    ("dự thảo chiến lược dự trù tổng kinh phí bao nhiêu để thực hiện", ("kinh_phí",)),
    ("chương trình đặt mục tiêu bao nhiêu phần trăm dịch vụ công", ()),  # the unit after it is asked
    ("tỷ lệ hộ gia đình có cáp quang là bao nhiêu", ()),  # a verb before it: the figure is asked of the subject
    ("kinh tế số chiếm tối thiêu bao nhiêu gdp", ()),  # a typo the corpus does not write
])
def test_a_quantity_asked_by_its_name(question, expected):
    from assistant.query import quantities_of, roles_of, subject_terms

    corpus_words = {"kinh_phí", "mục_tiêu", "tỷ_lệ", "gdp", "dự_thảo"}
    roles = roles_of(question, tuple(subject_terms(question)), "vi")
    assert quantities_of(question, roles, corpus_words.__contains__) == expected


def test_a_label_is_not_the_figure_asked():
    """"10. Đầu tư … các Trung tâm dữ liệu quốc gia" writes no figure but its label: asked for a
    capacity, it does not fill the figure; "1 DC 30 MW" in its words would."""
    from assistant.facts import Grounds
    from assistant.select import _fill
    from ingest.model import Clause, Document

    document = Document("d", "Quyết định", "Về chuyển đổi số", "1/QĐ-TTg", "2025", "Thủ tướng Chính phủ", None,
                        "issued", False, "Quyết định số 1/QĐ-TTg", "d.txt", "0")

    def grounds(text):
        return Grounds(Clause("d:r10", "d", "row", "10", ["r10"], "", [], text, text), document)

    assert _fill(grounds("10. Đầu tư, đưa vào hoạt động các Trung tâm dữ liệu quốc gia."), Slot.VALUE, cover=1.0) is None
    assert _fill(grounds("10. Đầu tư trung tâm dữ liệu công suất 30 MW."), Slot.VALUE, cover=1.0)


def test_a_unit_asked_per_time_is_the_time():
    """"bao nhiêu mỗi tháng" asks a figure per month: "40.000.000 đồng/tháng" writes it."""
    from assistant.abstain import _PER

    assert _PER.sub("", "mỗi tháng") == "tháng" and _PER.sub("", "per month") == "month"


@pytest.mark.parametrize("question, language", [
    ("các cơ quan báo cáo kết quả bao lâu một lần?", "vi"), ("phải báo cáo vào ngày nào trong năm?", "vi"),
    ("by what date each year must agencies send their reports?", "en"), ("how often do agencies report?", "en")])
def test_a_recurring_time_asked_is_a_deadline(question, language):
    assert Slot.DEADLINE in slots_of(question, language)


def test_a_clause_that_is_no_task_states_its_own_time():
    from assistant.facts import Grounds
    from ingest.model import Clause, Document

    document = Document("d", "Kế hoạch", "Về chuyển đổi số", "1/KH-UBND", "2025", "Ủy ban nhân dân tỉnh Bắc Ninh", None,
                        "issued", False, "Kế hoạch số 1/KH-UBND", "d.txt", "0")
    text = "Hàng năm, trước ngày 25 tháng 12, các cơ quan chủ trì gửi báo cáo về Sở Khoa học và Công nghệ."
    grounds = Grounds(Clause("d:k4", "d", "khoan", "4", ["k4"], "", [], text, text), document)
    assert grounds.fill(Slot.DEADLINE) == "trước ngày 25 tháng 12"


def test_a_date_ending_a_clause_is_no_figure_counting_the_words_after_it():
    """"ngày 29/8/2022, Hội đồng …" counts no "đồng"; "500.000 đồng/năm" and "1,5 tỷ đồng" do."""
    from assistant.abstain import _COUNTED

    assert [m.group(1).split()[:2] for m in _COUNTED.finditer("ngay 29/8/2022, hoi dong danh gia")] == []
    assert [m.group(1).split()[:2] for m in _COUNTED.finditer("muc chi 500.000 dong/nam; 1,5 ty dong")] == \
        [["dong"], ["ty", "dong"]]
