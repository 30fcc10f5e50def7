"""Integration tier: the five bundled documents, pinned with quotes read off the texts."""

import re

from ingest.clean import verbatim
from ingest.pipeline import parse_document
from tests.conftest import CORPUS, find_clause

PROGRAMME = "qd-1033-2026"
STRATEGY = "du-thao-chien-luoc-kts-xhs-2025"
DT_PROGRAMME = "du-thao-chuong-trinh-cds-2030"
PLAN = "du-thao-ke-hoach-cds-2025"
REPORT = "bao-cao-chien-luoc-kts-xhs-2022"


def test_five_documents_identified_from_content(parsed):
    assert set(parsed) == {PROGRAMME, STRATEGY, DT_PROGRAMME, PLAN, REPORT}
    programme = parsed[PROGRAMME].document
    assert (programme.number, programme.date, programme.type, programme.status) == (
        "1033/QĐ-TTg", "2026-06-09", "Quyết định", "issued")
    assert programme.title == "Phê duyệt Chương trình phát triển kinh tế số và xã hội số giai đoạn 2026 - 2030"
    assert programme.signer == "Hồ Quốc Dũng"
    for draft in (STRATEGY, DT_PROGRAMME, PLAN):
        doc = parsed[draft].document
        assert doc.draft and doc.number is None and doc.status == "draft"
        assert doc.short_name.startswith("dự thảo")
    assert parsed[REPORT].document.status == "report"
    assert all(p.document.title for p in parsed.values())


def test_dates_are_iso_year_or_null(parsed):
    dates = {k: p.document.date for k, p in parsed.items()}
    assert dates == {PROGRAMME: "2026-06-09", STRATEGY: "2021", DT_PROGRAMME: None, PLAN: "2025", REPORT: "2022"}


def test_strategy_draft_is_linked_to_411_but_cited_as_draft(parsed):
    strategy = parsed[STRATEGY].document
    assert {"kind": "draft_of", "number": "411/QĐ-TTg"}.items() <= strategy.relations[0].items()
    assert "Quyết định 411" in strategy.aliases
    clause = find_clause(parsed[STRATEGY], "Hạ tầng mạng băng rộng cáp quang phủ tới 100% hộ gia đình")
    assert "dự thảo Quyết định" in clause.citation and "411" not in clause.citation


def test_programme_draft_replaces_749(parsed):
    relation = parsed[DT_PROGRAMME].document.relations[0]
    assert relation["kind"] == "replaces" and relation["number"] == "749/QĐ-TTg"


def test_citation_of_a_quote(parsed):
    clause = find_clause(parsed[PROGRAMME], "Tỷ trọng giá trị tăng thêm của kinh tế số trong GDP đạt khoảng 30%;")
    assert clause.id == "qd-1033-2026:d1.m2.k2.a.g1"
    assert clause.citation == "gạch đầu dòng thứ 1 điểm a khoản 2 Mục II Điều 1 Quyết định số 1033/QĐ-TTg"
    assert clause.breadcrumb[:3] == ["Quyết định 1033/QĐ-TTg", "Điều 1", "II. MỤC TIÊU"]


def test_appendix_indicator_citation_and_bodies(parsed):
    row = find_clause(parsed[PROGRAMME], "Tỷ trọng giá trị tăng thêm của kinh tế số trong GDP đạt khoảng 30%. Cơ quan")
    assert row.citation == "Phụ lục I, Mục I, chỉ tiêu kinh tế số 1, Quyết định số 1033/QĐ-TTg"
    target = next(t for t in parsed[PROGRAMME].targets if t.clause_id == row.id)
    assert target.value == "30%" and target.year == "2030"
    assert [a.name for a in target.lead] == ["Bộ Tài chính"]
    assert [a.original for a in target.coordinating] == [
        "Bộ Khoa học và Công nghệ", "các bộ, cơ quan ngang bộ", "UBND cấp tỉnh"]


def test_indicator_led_by_three_provinces(parsed):
    target = next(t for t in parsed[PROGRAMME].targets if "03 cửa khẩu thông minh" in t.indicator)
    assert [a.original for a in target.lead] == ["UBND các tỉnh Lạng Sơn, Lào Cai, Quảng Ninh"]
    assert [a.name for a in target.coordinating] == ["Bộ Tài chính"]


def test_row_split_across_page_break_is_one_row(parsed):
    row = find_clause(parsed[PROGRAMME], "Số lượng doanh nghiệp dịch vụ logistics")
    assert "đạt 80% số doanh ngành logistics Việt Nam" in row.cells["indicator"]
    assert row.cells["coordinating"] == "Bộ Khoa học và Công nghệ; các bộ, cơ quan ngang bộ, UBND cấp tỉnh có liên quan"
    task = find_clause(parsed[PROGRAMME], "Đầu tư, phát triển, mở rộng, đưa vào hoạt động các Trung tâm dữ liệu quốc gia")
    assert task.cells["time_frame"] == "2026-2028: đầu tư, mở rộng 2029-2030: đầu tư, phát triển"
    assert task.cells["expected_result"].endswith("được xây dựng và đưa vào vận hành theo lộ trình")


def test_programme_task_appendix_numbers_1_to_115(parsed):
    rows = [c for c in parsed[PROGRAMME].clauses if c.kind == "row" and c.cells.get("task")]
    numbers = sorted(int(c.label) for c in rows if c.label.isdigit())
    assert numbers == [n for n in range(1, 116) if n != 12]  # 12 is "Phát triển hạ tầng số công cộng" with a), b)
    sub_rows = [c for c in rows if c.id.startswith("qd-1033-2026:pl2.m2.r12.")]
    assert [c.label for c in sub_rows] == ["a", "b"]
    assert sub_rows[1].citation == "Phụ lục II, Mục II, nhiệm vụ 12, nhiệm vụ b, Quyết định số 1033/QĐ-TTg"


def test_repeated_labels_get_unique_ids(parsed):
    ids = [c.id for c in parsed[DT_PROGRAMME].clauses]
    assert "du-thao-chuong-trinh-cds-2030:d1.m4.k2.c" in ids and "du-thao-chuong-trinh-cds-2030:d1.m4.k2.c-2" in ids
    assert "du-thao-chuong-trinh-cds-2030:d1.m10.k2-2" in ids  # "2." twice
    assert "du-thao-chuong-trinh-cds-2030:d1.m11-2" in ids  # "XI." twice


def test_ids_unique_url_safe_and_stable(parsed):
    from ingest.pipeline import parse_document

    all_ids = [c.id for p in parsed.values() for c in p.clauses]
    assert len(all_ids) == len(set(all_ids))
    assert all(re.fullmatch(r"[a-z0-9.:-]+", i) for i in all_ids)
    path = next(p for p in CORPUS.glob("*.txt") if parsed[PROGRAMME].document.source_file == p.name)
    again = parse_document(path.read_bytes(), path.name)
    assert [c.id for c in again.clauses] == [c.id for c in parsed[PROGRAMME].clauses]


def test_sentence_broken_across_blank_line_is_rejoined(parsed):
    clause = find_clause(parsed[PROGRAMME], "từng bước khẳng định vai trò và vị thế của Việt Nam")
    assert clause.citation == "khoản 5 Mục I Điều 1 Quyết định số 1033/QĐ-TTg"


def test_every_original_is_verbatim(parsed):
    for p in parsed.values():
        path = CORPUS / p.document.source_file
        source = verbatim(path.read_text(encoding="utf-8"))
        for clause in p.clauses:
            assert clause.original and clause.original in source, clause.id


def test_no_artifacts_in_clean_text(parsed):
    for p in parsed.values():
        for clause in p.clauses:
            assert "[bookmark" not in clause.text and "**" not in clause.text
            assert "CỘNG THÔNG TIN ĐIỆN TỬ" not in clause.text and not re.search(r"\bDỰ THẢO\b", clause.text)


def test_coverage_and_fact_counts(parsed):
    for p in parsed.values():
        assert p.coverage >= 0.99, (p.document.id, p.coverage)
    assert sum(len(p.targets) for p in parsed.values()) >= 60
    assert sum(len(p.assignments) for p in parsed.values()) >= 400


def test_plan_tasks_carry_lead_coordination_and_deadline(parsed):
    plan = parsed[PLAN]
    tasks = [a for a in plan.assignments if a.clause_id.startswith(PLAN + ":m2")]
    assert len(tasks) == 99
    first = tasks[0]
    assert first.task.startswith("Xây dựng, trình Thủ tướng Chính phủ ban hành và tổ chức triển khai chương trình tuyên truyền")
    assert [a.name for a in first.lead] == ["Bộ Thông tin và Truyền thông"]
    assert first.time_frame == "Tháng 6/2025" and first.years == [2025]
    assert "VTV" in [a.original for a in first.coordinating]


def test_plan_targets_keep_scope(parsed):
    targets = [t for t in parsed[PLAN].targets if "hồ sơ trực tuyến toàn trình" in t.indicator]
    assert [(t.value, t.scope) for t in targets] == [("80%", "Chính phủ số"), ("85%", "khối bộ"), ("70%", "khối địa phương")]
    assert all(t.year == "2025" for t in targets)


def test_duties_in_organisation_article_are_assignments(parsed):
    duties = [a for a in parsed[PROGRAMME].assignments if a.section == "Tổ chức thực hiện"]
    finance = [a for a in duties if a.lead[0].name == "Bộ Tài chính"]
    assert len(finance) == 2 and finance[0].task.startswith("Chủ trì cân đối nguồn ngân sách nhà nước")


PLAN_DUTIES = """ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 9/KH-UBND
Đồng Nai, ngày 3 tháng 2 năm 2026

KẾ HOẠCH
Chuyển đổi số năm 2026

I. MỤC TIÊU
Phát triển kinh tế số.

II. TỔ CHỨC THỰC HIỆN
1. Sở Y tế:
- Chủ trì, phối hợp triển khai các nhiệm vụ chuyển đổi số trong lĩnh vực y tế.
- Phối hợp với các sở, ngành và địa phương tổ chức triển khai các chương trình hỗ trợ.
- Chủ trì, phối hợp với các bộ, ngành và tổ chức liên quan thực hiện các nhiệm vụ.
2. Văn phòng Ủy ban nhân dân tỉnh chủ trì tham mưu sửa đổi quy chế, hoàn thành trong tháng 12 năm 2026.
"""


def test_duties_in_prose_name_their_coordinating_bodies_and_deadline_and_no_verb_as_a_body():
    """From a hand check of 30 prose assignments of eval/corpus-extra (eval/factcheck/)."""
    found = {a.clause_id.split(":")[1]: a for a in parse_document(PLAN_DUTIES.encode(), "kh.txt").assignments}
    assert found["m2.k1.g1"].coordinating == []  # "phối hợp triển khai …": no body named
    assert [a.name for a in found["m2.k1.g2"].coordinating] == ["Các sở, ngành và địa phương"]
    assert found["m2.k1.g3"].coordinating[0].name.startswith("Các bộ, ngành và tổ chức")
    assert found["m2.k2"].time_frame == "hoàn thành trong tháng 12 năm 2026" and found["m2.k2"].years == [2026]


def test_a_target_under_a_period_heading_is_set_for_the_periods_end():
    from ingest.facts import _first_year

    assert _first_year(["2. Mục tiêu cụ thể giai đoạn 2026 - 2030"]) == "2030"
    assert _first_year(["MỤC TIÊU ĐẾN NĂM 2025", "giai đoạn 2021-2025"]) == "2025"
