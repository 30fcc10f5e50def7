"""Domain dataclasses shared by ingestion, indexing and the assistant.

Everything here is plain data that round-trips through JSON (`to_dict` / `from_dict`),
so the store on disk is readable and the web API can return it unchanged.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any


def _from_dict(cls, data: dict[str, Any]):
    names = {f.name for f in fields(cls)}
    return cls(**{k: v for k, v in data.items() if k in names})


@dataclass
class Document:
    """One source file, identified from its content (never from its file name)."""

    id: str
    type: str  # "Quyết định", "Kế hoạch", "Báo cáo" …
    title: str
    number: str | None  # "1033/QĐ-TTg"; None when the text has no number
    date: str | None  # ISO "YYYY-MM-DD", or "YYYY" when only the year is known
    issuer: str | None
    signer: str | None
    status: str  # "issued" | "draft" | "report"
    draft: bool
    short_name: str  # how citations name it: "Quyết định số 1033/QĐ-TTg", "dự thảo Quyết định …"
    source_file: str
    sha256: str
    aliases: list[str] = field(default_factory=list)  # other names that should find it ("411/QĐ-TTg")
    relations: list[dict[str, str]] = field(default_factory=list)  # {"kind": "draft_of"|"replaces", "number", "note"}
    signer_title: str | None = None  # the signer's position as the signature block gives it ("PHÓ THỦ TƯỚNG")
    effective: str | None = None  # when it takes effect, as the text says it ("kể từ ngày ký", ISO date)
    validity: str | None = None  # "Còn hiệu lực", "Hết hiệu lực" … as the source website states it
    format: str = "text"  # what the file was: "text", "web" (a crawled page), "docx", "pdf"
    inferred: list[str] = field(default_factory=list)  # fields not read from the document itself
    site_metadata: dict[str, str] = field(default_factory=dict)  # a crawled page's own metadata block

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Document":
        return _from_dict(cls, data)


@dataclass
class Clause:
    """A node of a document's clause tree.

    `text` is the cleaned text (artifacts removed, tone marks canonical, lines re-joined);
    `original` is verbatim: a substring of the document's NFC text with whitespace collapsed.
    """

    id: str
    document: str
    kind: str  # header, preamble, dieu, muc, khoan, diem, gach, cong, y ("(1)" inside a clause), footnote, paragraph, phu_luc, table, group, row, signature, recipients
    label: str  # as written: "1", "a", "II", "-" …
    path: list[str]  # id path segments below the document: ["d1", "m2", "k2", "a", "g1"]
    citation: str
    breadcrumb: list[str]
    text: str
    original: str
    parent: str | None = None
    children: list[str] = field(default_factory=list)
    heading: str = ""  # a short title where the clause has one ("Mục tiêu cụ thể đến năm 2030")
    cells: dict[str, str] = field(default_factory=dict)  # table rows: column name -> cleaned cell text
    inferred: list[str] = field(default_factory=list)  # what the parser had to infer ("label", "section")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Clause":
        return _from_dict(cls, data)


@dataclass
class Agency:
    """An agency as written in the text, with its canonical name."""

    name: str  # canonical: "Bộ Thông tin và Truyền thông"
    original: str  # as written: "Bộ TT&TT"
    note: str = ""  # what follows it in parentheses: "(Hệ thống định danh và xác thực điện tử)"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Agency":
        return _from_dict(cls, data)


@dataclass
class Target:
    """A quantified objective: indicator, value with unit as written, year or deadline."""

    clause_id: str
    document: str
    indicator: str  # the whole sentence of the indicator, cleaned
    value: str  # as written: "30%", "500.000", "1 Gb/s", "15-17%"
    year: str | None  # "2030"
    scope: str = ""  # "khối bộ", "khối địa phương", the group heading ("Kinh tế số")
    lead: list[Agency] = field(default_factory=list)  # body that leads measurement, where a table says
    coordinating: list[Agency] = field(default_factory=list)
    period: str = ""  # the value column's own words, when a table gives one per period ("Giai đoạn 2026-2030")
    unit: str = ""  # "%", "doanh nghiệp" …, where a table has a unit column
    monitor: list[Agency] = field(default_factory=list)  # the body that follows the indicator, where a table says

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Target":
        data = dict(data)
        data["lead"] = [Agency.from_dict(a) for a in data.get("lead", [])]
        data["coordinating"] = [Agency.from_dict(a) for a in data.get("coordinating", [])]
        data["monitor"] = [Agency.from_dict(a) for a in data.get("monitor", [])]
        return _from_dict(cls, data)


@dataclass
class Assignment:
    """A task with its lead (chủ trì) and coordinating (phối hợp) bodies and time frame."""

    clause_id: str
    document: str
    task: str
    lead: list[Agency] = field(default_factory=list)
    coordinating: list[Agency] = field(default_factory=list)
    time_frame: str = ""  # as written: "2026", "Quý II/2026", "2026 - 2027", "Thường xuyên"
    years: list[int] = field(default_factory=list)  # years the time frame covers, for filtering
    expected_result: str = ""
    reported_result: str = ""  # the 2022 report's "kết quả đạt được"
    section: str = ""  # the group the task belongs to ("Hoàn thiện thể chế")
    source: str = "table"  # "table" (a row), "plan" (a task's "+ Cơ quan chủ trì:" lines), "prose" (a sentence)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Assignment":
        data = dict(data)
        data["lead"] = [Agency.from_dict(a) for a in data.get("lead", [])]
        data["coordinating"] = [Agency.from_dict(a) for a in data.get("coordinating", [])]
        return _from_dict(cls, data)
