"""Context notes: drafts, replaced documents, and ministries reorganised since a text was written.

The answer keeps each document's own wording; a note tells the reader what changed, and cites
its own source: the document's status, a relation found at ingestion, or the table below.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.answer import Note
from index.aliases import expand
from ingest.model import Document

REORGANISATION_SOURCE = ("Nghị quyết số 176/2025/QH15 ngày 18/02/2025 của Quốc hội về cơ cấu tổ chức của "
                         "Chính phủ nhiệm kỳ Quốc hội khóa XV (các bộ mới hoạt động từ 01/3/2025)")


@dataclass(frozen=True)
class Reorganisation:
    old: str
    new: str
    detail: str = ""


# The 2025 restructuring of the Government, for bodies our documents name.
REORGANISATIONS = (
    Reorganisation("Bộ Thông tin và Truyền thông", "Bộ Khoa học và Công nghệ",
                   "hợp nhất Bộ Thông tin và Truyền thông vào Bộ Khoa học và Công nghệ"),
    Reorganisation("Bộ Kế hoạch và Đầu tư", "Bộ Tài chính", "hợp nhất Bộ Kế hoạch và Đầu tư vào Bộ Tài chính"),
    Reorganisation("Bộ Lao động - Thương binh và Xã hội", "Bộ Nội vụ",
                   "chức năng chuyển chủ yếu về Bộ Nội vụ; giáo dục nghề nghiệp về Bộ Giáo dục và Đào tạo; "
                   "bảo trợ xã hội, trẻ em, phòng, chống tệ nạn xã hội về Bộ Y tế"),
    Reorganisation("Bộ Giao thông vận tải", "Bộ Xây dựng", "hợp nhất Bộ Giao thông vận tải và Bộ Xây dựng"),
    Reorganisation("Bộ Tài nguyên và Môi trường", "Bộ Nông nghiệp và Môi trường",
                   "hợp nhất Bộ Tài nguyên và Môi trường và Bộ Nông nghiệp và Phát triển nông thôn"),
    Reorganisation("Bộ Nông nghiệp và Phát triển nông thôn", "Bộ Nông nghiệp và Môi trường",
                   "hợp nhất Bộ Tài nguyên và Môi trường và Bộ Nông nghiệp và Phát triển nông thôn"),
    Reorganisation("Ủy ban Dân tộc", "Bộ Dân tộc và Tôn giáo", "thành lập Bộ Dân tộc và Tôn giáo"),
)


def document_notes(document: Document) -> list[Note]:
    """A draft is not in force; a document may replace another or report on it."""
    notes = []
    if document.draft:
        notes.append(Note("draft", f"Nguồn là dự thảo, chưa phải văn bản được ban hành: {document.short_name}.",
                          document.short_name))
    for relation in document.relations:
        number = relation.get("number", "")
        if relation.get("kind") == "draft_of":
            notes.append(Note("superseded", f"Dự thảo này đã được ban hành thành Quyết định số {number}"
                                            f"{' ngày ' + relation['date'] if relation.get('date') else ''}; "
                                            "nội dung chính thức có thể khác dự thảo.", document.short_name))
        elif relation.get("kind") == "replaces":
            notes.append(Note("superseded", f"Văn bản này thay thế Quyết định số {number}.", document.short_name))
    return notes


def reorganisation_notes(texts: list[str]) -> list[Note]:
    """A note for each reorganised body named in these texts (answer and quotes)."""
    joined = expand(" ".join(texts)).lower()  # "Bộ TT&TT" counts as its full name
    notes = []
    for change in REORGANISATIONS:
        if change.old.lower() in joined:
            notes.append(Note("reorganised", f"{change.old} nay là {change.new} ({change.detail}); văn bản "
                                             f"giữ tên cơ quan tại thời điểm ban hành.", REORGANISATION_SOURCE))
    return notes


def replaced_by_notes(document: Document, documents: list[Document]) -> list[Note]:
    """An answer from a text that another ingested text replaces, repeals or amends says so."""
    if not document.number:
        return []
    notes = []
    for other in documents:
        for relation in other.relations:
            if relation.get("kind") in ("replaces", "repeals", "amends") and relation.get("number") == document.number:
                verb = {"replaces": "thay thế", "repeals": "bãi bỏ", "amends": "sửa đổi, bổ sung"}[relation["kind"]]
                notes.append(Note("superseded", f"{document.short_name} đã được {other.short_name} {verb}.",
                                  other.short_name))
    return notes

