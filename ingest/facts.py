"""Facts extracted once at ingest: targets (indicator, value, year) and assignments (task, bodies).

Values are copied from the text as written ("30%", "500.000", "1 Gb/s"): the assistant quotes
them, it never retypes them.
"""

from __future__ import annotations

import re

from ingest.agencies import canonical_name, split_agencies
from ingest.model import Agency, Assignment, Clause, Target
from ingest.tables import (COORDINATING, EXPECTED_RESULT, INDICATOR, LEAD, MONITOR, REPORTED_RESULT, TASK, TIME_FRAME,
                           UNIT, VALUE)

_NUM = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_VALUE = re.compile(
    rf"(?:(?:{_NUM})\s*(?:-|–)\s*)?(?:{_NUM})\s*%(?:\s*/\s*năm)?(?:\s+GDP)?"  # 30%, 15-17%, 20 - 25%/năm, 30% GDP
    rf"|gấp\s+(?:{_NUM})\s+lần(?:\s+GDP)?"  # gấp 30 lần GDP
    rf"|nhóm\s+(?:{_NUM})\s+nước"  # nhóm 50 nước
    rf"|(?:xếp\s+thứ|tăng)\s+(?:{_NUM})(?:\s+bậc)?"
    rf"|(?:{_NUM})\s*(?:Gb/s|Mb/s|MW|GW)"
    rf"|(?:{_NUM})(?:\s+(?:triệu|nghìn|tỷ))?\s+(?:doanh\s+nghiệp|sản\s+phẩm|lượt\s+người|người|cơ\s+sở|cơ\s+sở\s+dữ\s+liệu|"
    rf"trung\s+tâm|cửa\s+khẩu|đại\s+học\s+số|tổ\s+chức|tuyến|định\s+danh\s+số|lượt\s+sử\s+dụng|nhân\s+lực|chuyên\s+gia)"
    rf"|(?:{_NUM})\s+triệu\s+\w+"
)
_YEAR = re.compile(r"\b(20\d\d)\b")
_TARGET_CONTEXT = re.compile(r"mục tiêu|định hướng đến năm|chỉ tiêu", re.IGNORECASE)
_GENERAL = re.compile(r"mục tiêu (chung|tổng quát)", re.IGNORECASE)
_SCOPE = re.compile(r"(khối\s+(?:bộ|địa\s+phương))[^,;.]*$")
_PLAN_FIELDS = {
    "lead": re.compile(r"^[+-]\s*(?:Cơ quan|Đơn vị)\s+(?:chủ trì|thực hiện)[^:]*:\s*(.*)$"),
    "coordinating": re.compile(r"^[+-]\s*(?:Cơ quan|Đơn vị)\s+phối hợp[^:]*:\s*(.*)$"),
    "time_frame": re.compile(r"^[+-]\s*(?:Thời hạn|Thời gian)(?:\s+(?:hoàn thành|thực hiện))?[^:]*:\s*(.*)$"),
    "expected_result": re.compile(r"^[+-]\s*(?:Kết quả thực hiện|Sản phẩm|Kết quả)[^:]*:\s*(.*)$"),
}
# Who a sentence or a heading makes responsible: a body, or the head of one ("Chủ tịch Ủy ban nhân dân …").
_BODY = (r"(?:Bộ|Ngân hàng|Ủy ban|Uỷ ban|UBND|Sở|Ban|Văn phòng|Công an|Bộ Chỉ huy|Bảo hiểm xã hội|Đài|Báo|Cục|"
         r"Kho bạc|Thuế|Trung tâm|Viện|Tỉnh đoàn|Thành đoàn|Đoàn|Hội|Liên minh|Liên đoàn|Mặt trận|Tập đoàn|"
         r"Tổng công ty|Các bộ|Các sở|Các cơ quan|Các đơn vị|Các doanh nghiệp|Các địa phương|Bộ trưởng|Thủ trưởng|"
         r"Chủ tịch|Giám đốc|Thống đốc|Tổng Giám đốc|Trưởng ban)")
_AGENCY_HEADING = re.compile(rf"^{_BODY}\b")
_RESPONSIBLE = re.compile(rf"^(?:Giao\s+)?(?P<body>{_BODY}\b[^:;.]{{0,120}}?)\s*(?::|\s+(?=(?:là cơ quan đầu mối|"
                          rf"chủ trì|có trách nhiệm|chịu trách nhiệm)\b))")
# The verbs a task begins with: they end the bodies after "phối hợp (với)", and right after it they
# mean no body is named ("Chủ trì, phối hợp triển khai các nhiệm vụ …"). "tổ chức liên quan" is a body.
_TASK_VERBS = (r"(?:tham mưu|xây dựng|tổ chức(?!\s+(?:có\s+)?liên quan)|triển khai|thực hiện|nghiên cứu|rà soát|"
               r"đề xuất|hướng dẫn|trình|ban hành|hoàn thiện|theo dõi|kiểm tra|đôn đốc|tổng hợp|bảo đảm|đảm bảo|"
               r"phát triển|đẩy mạnh|xác định|lựa chọn|cung cấp|vận hành|quản lý|khẩn trương|hoàn thành|để|nhằm|"
               r"trong|khi)\b")
_COORDINATING_WITH = re.compile(rf"\bphối hợp(?:\s+với)?\s+(?!{_TASK_VERBS})(?P<bodies>.+?)(?=,?\s+{_TASK_VERBS}|[.;:]|$)",
                                re.IGNORECASE)
DEADLINE_PHRASE = re.compile(r"(?:hoàn thành\s+)?(trước\s+ngày\s+\d{1,2}(?:/\d{1,2}(?:/\d{4})?|\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?)"
                       r"|trong\s+(?:năm|quý\s+[IVX]+(?:\s*/\s*|\s+năm\s+)|tháng\s+\d{1,2}(?:\s*/\s*|\s+năm\s+))\s*20\d\d"
                       r"|Quý\s+[IVX]+/20\d\d|"
                       r"(?:hằng|hàng)\s+năm|thường xuyên)", re.IGNORECASE)


def values(text: str) -> list[re.Match[str]]:
    """Quantities as written, in order; years alone are not values."""
    return [m for m in _VALUE.finditer(text) if not _YEAR.fullmatch(m.group(0).strip())]


def years_of(time_frame: str) -> list[int]:
    """Years a time frame covers: "2026 - 2028" → 2026…2028; "Quý II/2026" → 2026."""
    found = [int(y) for y in _YEAR.findall(time_frame)]
    if len(found) == 2 and re.search(r"20\d\d\s*(?:-|–|đến)\s*20\d\d", time_frame) and found[1] >= found[0]:
        return list(range(found[0], found[1] + 1))
    return sorted(set(found))


def _first_year(texts: list[str]) -> str | None:
    """The year a target is set for: the first one written, or the end of a period ("Mục tiêu cụ thể
    giai đoạn 2026 - 2030" sets targets for 2030, not 2026)."""
    for text in texts:
        m = _YEAR.search(text)
        if m:
            period = re.match(r"\s*(?:-|–|đến)\s*((?:19|20)\d\d)\b", text[m.end():])
            return period.group(1) if period else m.group(1)
    return None


class _Tree:
    def __init__(self, clauses: list[Clause]):
        self.by_id = {c.id: c for c in clauses}

    def ancestors(self, clause: Clause) -> list[Clause]:
        chain = []
        parent = clause.parent
        while parent:
            node = self.by_id[parent]
            chain.append(node)
            parent = node.parent
        return chain


def extract(clauses: list[Clause]) -> tuple[list[Target], list[Assignment]]:
    tree = _Tree(clauses)
    targets: list[Target] = []
    assignments: list[Assignment] = []
    for clause in clauses:
        ancestors = tree.ancestors(clause)
        if clause.kind == "row" and clause.cells.get(INDICATOR):
            targets.extend(_row_targets(clause, ancestors))
        elif clause.kind == "row" and clause.cells.get(TASK):
            assignments.append(_row_assignment(clause, ancestors))
        elif clause.kind in ("gach", "diem", "paragraph") and _is_target_text(clause, ancestors):
            targets.extend(_prose_targets(clause, ancestors))
        if clause.kind == "gach":
            plan = _plan_assignment(clause, tree)
            if plan:
                assignments.append(plan)
        if clause.kind in ("diem", "gach", "cong", "y", "khoan_sub", "khoan_sub2"):
            duty = _duty_assignment(clause, ancestors)
            if duty:
                assignments.append(duty)
                continue
        if clause.kind in ("khoan", "diem", "gach", "cong", "y", "paragraph", "khoan_sub", "khoan_sub2") \
                and not any(a.clause_id == clause.id for a in assignments):
            prose = _prose_assignment(clause, ancestors)
            if prose:
                assignments.append(prose)
    return targets, assignments


def _section_title(ancestors: list[Clause]) -> str:
    for node in ancestors:
        if node.kind in ("section", "group", "khoan", "diem", "muc") and node.heading:
            return node.heading.rstrip(":").strip()
    return ""


def _row_targets(clause: Clause, ancestors: list[Clause]) -> list[Target]:
    """An indicator row: its value in the indicator's words ("… đạt khoảng 30%"), or one value per
    period column ("Giai đoạn 2025-2027 | Giai đoạn 2028-2030"); an empty period cell gives no value."""
    cells = clause.cells
    indicator = cells[INDICATOR]
    lead, coordinating = split_agencies(cells.get(LEAD, "")), split_agencies(cells.get(COORDINATING, ""))
    monitor, unit = split_agencies(cells.get(MONITOR, "")), cells.get(UNIT, "")
    scope = _section_title(ancestors)
    periods = [(name[len(VALUE):], value) for name, value in cells.items() if name.startswith(VALUE)]
    if periods:
        return [Target(clause.id, clause.document, indicator, value, (_YEAR.findall(period) or [None])[-1], scope,
                       lead, coordinating, period, unit, monitor)
                for period, value in periods if value.strip()]
    found = values(indicator)
    year = _first_year([a.heading for a in ancestors]) or _first_year([indicator])
    if not found:
        return [Target(clause.id, clause.document, indicator, "", year, scope, lead, coordinating, "", unit, monitor)]
    return [Target(clause.id, clause.document, indicator, m.group(0).strip(), year, scope, lead, coordinating, "",
                   unit, monitor) for m in found[:1]]


def _is_target_text(clause: Clause, ancestors: list[Clause]) -> bool:
    headings = [a.heading for a in ancestors if a.kind != "dieu"]
    if not any(_TARGET_CONTEXT.search(h) for h in headings) or any(_GENERAL.search(h) for h in headings):
        return False
    if any(c for c in clause.children):
        return False
    return bool(values(clause.text))


def _prose_targets(clause: Clause, ancestors: list[Clause]) -> list[Target]:
    text = re.sub(r"^([-–+]|[a-zđ]\))\s*", "", clause.text)
    year = _first_year([a.heading for a in ancestors]) or _first_year([text])
    group = _section_title(ancestors)
    out = []
    for m in values(text):
        before = text[: m.start()]
        scope = _SCOPE.search(before)
        out.append(Target(clause.id, clause.document, text, m.group(0).strip(), year,
                          scope.group(1) if scope else group))
    return out


def _row_assignment(clause: Clause, ancestors: list[Clause]) -> Assignment:
    cells = clause.cells
    frame = cells.get(TIME_FRAME, "")
    years = years_of(frame)
    return Assignment(
        clause.id, clause.document, cells[TASK], split_agencies(cells.get(LEAD, "")),
        split_agencies(cells.get(COORDINATING, "")), frame, years, cells.get(EXPECTED_RESULT, ""),
        cells.get(REPORTED_RESULT, ""), _section_title(ancestors),
    )


def _plan_assignment(clause: Clause, tree: _Tree) -> Assignment | None:
    """A plan task: "- task" followed by "+ Cơ quan chủ trì …:", "+ Cơ quan phối hợp:", "+ Thời hạn …"."""
    fields: dict[str, str] = {}
    for child_id in clause.children:
        child = tree.by_id[child_id]
        for name, pattern in _PLAN_FIELDS.items():
            m = pattern.match(child.text)
            if m:
                fields[name] = m.group(1).strip().rstrip(".")
    if "lead" not in fields:
        return None
    frame = fields.get("time_frame", "")
    years = years_of(frame)
    task = re.sub(r"^[-–]\s*", "", clause.text)
    ancestors = tree.ancestors(clause)
    return Assignment(clause.id, clause.document, task, split_agencies(fields["lead"]),
                      split_agencies(fields.get("coordinating", "")), frame, years,
                      fields.get("expected_result", ""), "", _section_title(ancestors), "plan")


def _duty_assignment(clause: Clause, ancestors: list[Clause]) -> Assignment | None:
    """A duty listed under a body: "1. Bộ Khoa học và Công nghệ" (or "Sở Tài chính:") › "a) Chủ trì …"."""
    if not ancestors or ancestors[0].kind not in ("khoan", "diem", "group", "khoan_sub", "muc"):
        return None
    khoan = ancestors[0]
    heading = khoan.heading if khoan.kind != "group" else khoan.text
    if not _AGENCY_HEADING.match(heading) or len(heading) > 160 or (
            khoan.kind != "group" and not heading.rstrip().endswith(":") and len(heading.split()) > 14):
        return None  # a heading that is a sentence ("Bộ Công an chủ trì xây dựng …") is a task of its own
    body = re.sub(r"\s*(có trách nhiệm|trong phạm vi|thực hiện|chịu trách nhiệm|là cơ quan).*$", "", heading).rstrip(":").strip()
    task = re.sub(r"^[a-zđ]\)\s*", "", clause.text)
    frame = ""
    deadline = re.search(r"(thời hạn:[^.;]*|trước ngày [^.;]*|[Nn]ăm 20\d\d)", task)
    if deadline:
        frame = deadline.group(1)
    coordinating = _COORDINATING_WITH.search(task)
    return Assignment(clause.id, clause.document, task, [Agency(canonical_name(body), body)],
                      split_agencies(coordinating.group("bodies")) if coordinating else [], frame, years_of(frame),
                      "", "", "Tổ chức thực hiện" if any("tổ chức thực hiện" in a.heading.lower() for a in ancestors)
                      else _section_title(ancestors[1:]), "prose")


def _prose_assignment(clause: Clause, ancestors: list[Clause]) -> Assignment | None:
    """A sentence that names who does it: "Bộ Công Thương chủ trì, phối hợp với các bộ … đảm bảo …",
    "Giao Sở Tài chính chủ trì …", "Sở Y tế: hướng dẫn …"."""
    text = re.sub(r"^([-–+•]|[a-zđ]\)|\d{1,3}(?:\.\d{1,2}){0,2}\.?)\s*", "", clause.text)
    m = _RESPONSIBLE.match(text)
    if not m:
        return None
    body = re.sub(r"\s+là cơ quan.*$", "", m.group("body")).strip(" ,")
    if len(body.split()) > 20:
        return None
    rest = text[m.end():].strip(" :")
    if not rest:
        return None  # a body heading its items ("a) Bộ Khoa học và Công nghệ:"), not a task
    coordinating = _COORDINATING_WITH.search(rest)
    deadline = DEADLINE_PHRASE.search(rest)
    frame = deadline.group(0).strip() if deadline else ""
    return Assignment(clause.id, clause.document, text, split_agencies(body),
                      split_agencies(coordinating.group("bodies")) if coordinating else [], frame, years_of(frame),
                      "", "", _section_title(ancestors), "prose")
