"""Facts extracted once at ingest: targets (indicator, value, year) and assignments (task, bodies).

Values are copied from the text as written ("30%", "500.000", "1 Gb/s"): the assistant quotes
them, it never retypes them.
"""

from __future__ import annotations

import re

from ingest.agencies import canonical_name, split_agencies
from ingest.model import Agency, Assignment, Clause, Target
from ingest.tables import COORDINATING, EXPECTED_RESULT, INDICATOR, LEAD, REPORTED_RESULT, TASK, TIME_FRAME

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
    "lead": re.compile(r"^\+\s*Cơ quan chủ trì[^:]*:\s*(.*)$"),
    "coordinating": re.compile(r"^\+\s*Cơ quan phối hợp[^:]*:\s*(.*)$"),
    "time_frame": re.compile(r"^\+\s*Thời hạn hoàn thành[^:]*:\s*(.*)$"),
    "expected_result": re.compile(r"^\+\s*Kết quả thực hiện[^:]*:\s*(.*)$"),
}
_AGENCY_HEADING = re.compile(r"^(Bộ|Ngân hàng|Ủy ban|Uỷ ban|Các bộ|Các doanh nghiệp|Mặt trận)")


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
    for text in texts:
        m = _YEAR.search(text)
        if m:
            return m.group(1)
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
        if clause.kind == "diem":
            duty = _duty_assignment(clause, ancestors)
            if duty:
                assignments.append(duty)
    return targets, assignments


def _section_title(ancestors: list[Clause]) -> str:
    for node in ancestors:
        if node.kind in ("section", "group", "khoan", "diem", "muc") and node.heading:
            return node.heading.rstrip(":").strip()
    return ""


def _row_targets(clause: Clause, ancestors: list[Clause]) -> list[Target]:
    indicator = clause.cells[INDICATOR]
    found = values(indicator)
    year = _first_year([a.heading for a in ancestors]) or _first_year([indicator])
    lead, coordinating = split_agencies(clause.cells.get(LEAD, "")), split_agencies(clause.cells.get(COORDINATING, ""))
    scope = _section_title(ancestors)
    if not found:
        return [Target(clause.id, clause.document, indicator, "", year, scope, lead, coordinating)]
    return [Target(clause.id, clause.document, indicator, m.group(0).strip(), year, scope, lead, coordinating)
            for m in found[:1]]


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
                      fields.get("expected_result", ""), "", _section_title(ancestors))


def _duty_assignment(clause: Clause, ancestors: list[Clause]) -> Assignment | None:
    """A duty under "Tổ chức thực hiện": "1. Bộ Khoa học và Công nghệ" › "a) Chủ trì …"."""
    if not ancestors or ancestors[0].kind != "khoan":
        return None
    khoan = ancestors[0]
    organising = any("tổ chức thực hiện" in a.heading.lower() for a in ancestors[1:])
    if not organising or not _AGENCY_HEADING.match(khoan.heading):
        return None
    body = re.sub(r"\s*(có trách nhiệm|trong phạm vi).*$", "", khoan.heading).rstrip(":").strip()
    task = re.sub(r"^[a-zđ]\)\s*", "", clause.text)
    frame = ""
    deadline = re.search(r"(thời hạn:[^.;]*|trước ngày [^.;]*|[Nn]ăm 20\d\d)", task)
    if deadline:
        frame = deadline.group(1)
    return Assignment(clause.id, clause.document, task, [Agency(canonical_name(body), body)], [], frame,
                      years_of(frame), "", "", "Tổ chức thực hiện")
