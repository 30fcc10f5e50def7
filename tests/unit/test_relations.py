"""What a text says it replaces: the texts its own sentence lists, not the texts their descriptions cite."""

from ingest.identify import relations_of


def test_a_list_of_replaced_decrees_gives_each_and_not_those_named_inside():
    text = ("Căn cứ Nghị định số 1/2020/NĐ-CP;\n"
            "2. Nghị định này thay thế các Nghị định sau: Nghị định số 123/2016/NĐ-CP ngày 01 tháng 9 năm 2016 của "
            "Chính phủ quy định chức năng của bộ; Nghị định số 101/2020/NĐ-CP ngày 28 tháng 8 năm 2020 của Chính phủ "
            "sửa đổi, bổ sung một số điều của Nghị định số 83/2019/NĐ-CP.\n")
    assert [(r["kind"], r["number"], r["date"]) for r in relations_of(text, "Nghị định")] == [
        ("replaces", "123/2016/NĐ-CP", "2016-09-01"), ("replaces", "101/2020/NĐ-CP", "2020-08-28")]


def test_the_program_a_replaced_decision_approved_is_not_replaced():
    text = ("Điều 3. Quyết định này có hiệu lực từ ngày ký. Quyết định này thay thế Quyết định số 749/QĐ-TTg ngày "
            "03 tháng 6 năm 2020 của Thủ tướng Chính phủ phê duyệt Chương trình theo Nghị quyết số 52-NQ/TW.")
    assert [r["number"] for r in relations_of(text, "Quyết định")] == ["749/QĐ-TTg"]


def test_a_report_on_another_decree_replacing_one_replaces_nothing():
    text = ("Ngày 07/11/2022, Chính phủ đã ban hành Nghị định số 94/2022/NĐ-CP quy định chỉ tiêu. Nghị định này có "
            "hiệu lực từ ngày 01/01/2023 thay thế Nghị định số 97/2016/NĐ-CP ban hành trước đó.")
    assert relations_of(text) == []
    assert relations_of(text.split(". ", 1)[1], "Báo cáo") == []


def test_the_extra_decree_lists_both_texts_it_replaces(parsed_extra):
    decree = parsed_extra["nd-303-2025"].document
    assert [r["number"] for r in decree.relations if r["kind"] == "replaces"] == ["123/2016/NĐ-CP", "101/2020/NĐ-CP"]
