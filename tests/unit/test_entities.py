"""The agencies and places a question names (real underthesea tagger), and the slots of a question
about the bodies that coordinate."""

import pytest

from assistant.entities import Entities, is_local, of_place, place_of
from assistant.slots import Slot, slots_of
from ingest.model import Clause


def clause(document: str, text: str) -> Clause:
    return Clause(id=f"{document}:k1", document=document, kind="khoan", label="1", path=["k1"], citation="khoản 1",
                  breadcrumb=[], text=text, original=text)


def entities(*clauses: Clause) -> Entities:
    return Entities(["Bộ Y tế", "Các bộ, ngành", "Ngân hàng Nhà nước Việt Nam", "Doanh nghiệp"], list(clauses),
                    lambda document: "")


def test_only_named_bodies_count_as_agencies():
    found = entities().agencies("các bộ, ngành và bộ y tế phối hợp với ai?")
    assert found == ["Bộ Y tế"]


def test_a_place_is_a_proper_name_of_two_syllables_not_an_acronym():
    places = entities(clause("a", "Kế hoạch của tỉnh Đồng Tháp"), clause("b", "Việt Nam"), clause("c", "Việt Nam")
                      ).places("Đồng Tháp đặt mục tiêu gì cho Cổng DVC và Việt Nam?", [])
    assert places == ["Đồng Tháp"]  # "Cổng DVC" is an acronym's name; "Việt Nam" most documents write


def test_a_place_most_documents_write_is_not_checked():
    found = entities(clause("a", "Việt Nam phát triển"), clause("b", "Việt Nam số")).places(
        "Việt Nam đặt mục tiêu gì?", [])
    assert found == []


def test_places_match_without_diacritics_and_local_issuers_are_told_apart():
    assert of_place(["Ha Noi"], "Ủy ban nhân dân thành phố Hà Nội")
    assert not of_place(["Hà Nam"], "Ủy ban nhân dân thành phố Hà Nội")
    assert is_local("Ủy ban nhân dân tỉnh Bắc Ninh") and not is_local("Thủ tướng Chính phủ")
    assert place_of("Ủy ban nhân dân thành phố Hà Nội") == "hà nội" and place_of("Chính phủ") is None


def test_who_coordinates_with_a_named_body_asks_for_the_coordinating_bodies_only():
    assert slots_of("cơ quan nào phối hợp với bộ y tế xây dựng hệ thống?") == (Slot.COORDINATING,)
    assert slots_of("cơ quan nào chủ trì, cơ quan nào phối hợp?") == (Slot.LEAD, Slot.COORDINATING)


def test_a_sentence_end_ends_a_name():
    from assistant.entities import _capitalised_runs

    assert _capitalised_runs("Tôi có hộ kinh doanh ở Đồng Tháp. Tỉnh muốn gì?") == ["Đồng Tháp"]
    assert _capitalised_runs("Ở TP. Hồ Chí Minh, Bắc Ninh thì sao?") == ["Hồ Chí Minh", "Bắc Ninh"]


def test_a_place_named_in_english_is_written_in_vietnamese_syllables():
    """Titles are capitalised in English: "Digital Economy" is no place, "Dong Thap" is."""
    from assistant.entities import _folded_syllables

    assert {"dong", "thap", "ha", "noi", "bac", "ninh"} <= _folded_syllables()
    assert not {"digital", "economy", "programme"} & _folded_syllables()


@pytest.mark.parametrize("name, specific", [
    ("Công an tỉnh", True), ("Bảo hiểm xã hội tỉnh", True), ("Ban Quản lý các khu công nghệ cao và khu công nghiệp", True),
    ("Thuế Đồng Nai", True), ("Bộ Y tế", True), ("Các sở, ban, ngành", False), ("Công an", False), ("Doanh nghiệp", False)])
def test_a_provinces_own_bodies_are_agencies_a_question_can_name(name, specific):
    from assistant.entities import _SPECIFIC

    assert bool(_SPECIFIC.match(name)) is specific
