"""Who issued a text, what it is, its number, date and title: read from its content.

File names carry no meaning. A decision without a number, without a signature or marked
"DỰ THẢO" is a draft; its citation says so and no number is ever invented for it. A text
without a header (a plan excerpt, a report table) is named from what its lines say.
"""

from __future__ import annotations

import re
import unicodedata

from ingest.clean import collapse_ws
from ingest.model import Document

_NUMBER = re.compile(r"Số\s*:\s*(\d+)\s*/\s*(\d{4}/)?\s*([A-ZĐ][A-Za-zĐđ0-9-]*)")
_PLACE_DATE = re.compile(r"^[^,\d]{2,30},\s*ngày\s")  # "Hà Nội, ngày 09 tháng 6 năm 2026"
_DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")
_YEAR_OF_EMPTY = re.compile(r"ngày\s+tháng\s+năm\s+(\d{4})")
_REPLACES = re.compile(r"thay\s+thế\s+Quyết\s+định\s+số\s+(\d+/[A-ZĐ][A-Za-zĐđ-]*)(?:\s+ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4}))?")
_REPORTS_ON = re.compile(r"Báo\s+cáo\s+tình\s+hình\s+thực\s+hiện\s+(.+?)\s+theo\s+Quyết\s+định\s+số\s+(\d+/[A-ZĐ][A-Za-zĐđ-]*)(?:\s+ngày\s+(\d{1,2})/(\d{1,2})/(\d{4}))?")
_SIGNER_TITLE = re.compile(r"^(KT\.\s*)?(THỦ\s+TƯỚNG|PHÓ\s+THỦ\s+TƯỚNG|BỘ\s+TRƯỞNG)\b")
_PERSON = re.compile(r"^([A-ZĐÀ-Ỹ][a-zà-ỹđ]+)(\s+[A-ZĐÀ-Ỹ][a-zà-ỹđ]+){1,3}$")
_ISSUERS = ["THỦ TƯỚNG CHÍNH PHỦ", "CHÍNH PHỦ", "BỘ KHOA HỌC VÀ CÔNG NGHỆ", "BỘ THÔNG TIN VÀ TRUYỀN THÔNG"]
_TYPES = ["QUYẾT ĐỊNH", "NGHỊ QUYẾT", "NGHỊ ĐỊNH", "CHỈ THỊ", "KẾ HOẠCH", "BÁO CÁO", "THÔNG TƯ"]
_ABBREVIATIONS = [("kinh tế số", "kts"), ("xã hội số", "xhs"), ("chuyển đổi số", "cds"), ("chính phủ số", "cps")]
_SUBJECTS = ["chiến lược", "chương trình", "kế hoạch", "đề án"]


def ascii_fold(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", ascii_fold(text).lower()).strip("-")


def _iso(day: str, month: str, year: str) -> str:
    return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"


def _title_after(texts: list[str], type_line: int) -> str:
    """The title is the line(s) right after the type line ("QUYẾT ĐỊNH" / "Phê duyệt …")."""
    title = texts[type_line + 1] if type_line + 1 < len(texts) else ""
    return collapse_ws(title)


def _subject_slug(title: str, year: str | None) -> str:
    lower = title.lower()
    subject = next((s for s in _SUBJECTS if s in lower), "")
    abbreviations = [abbr for phrase, abbr in _ABBREVIATIONS if phrase in lower]
    years = re.findall(r"\b(20\d\d)\b", title) or ([year] if year else [])
    # A fragment without subject, topic or year still needs an id: an empty one broke its clause ids (":d1").
    return slug(" ".join([subject, *abbreviations, *years[:1]])) or "van-ban"


def identify(texts: list[str], full_text: str, watermarked: bool, source_file: str, sha256: str) -> Document:
    """Identify a document from its logical lines (`texts`, cleaned) and its whole clean text."""
    head = texts[:40]
    type_line = next((i for i, t in enumerate(head) if t.strip().rstrip(":") in _TYPES), None)
    number_match = next((m for m in (_NUMBER.search(t) for t in head) if m), None)
    number = f"{number_match.group(1)}/{number_match.group(2) or ''}{number_match.group(3)}" if number_match else None
    date_match = next((m for m in (_DATE.search(t) for t in head if _PLACE_DATE.match(t)) if m), None)
    issuer = next((name.title().replace("Chính Phủ", "Chính phủ") for t in head[:6] for name in _ISSUERS
                   if t.startswith(name)), None)
    signer = _signer(texts)
    relations = []
    replaced = _REPLACES.search(full_text)
    if replaced:
        relations.append({"kind": "replaces", "number": replaced.group(1),
                          "date": _iso(*replaced.group(2, 3, 4)) if replaced.group(2) else ""})

    if type_line is not None:
        doc_type = texts[type_line].strip().rstrip(":").capitalize()
        title = _title_after(texts, type_line)
        date = _iso(*date_match.groups()) if date_match else None
        if date is None:
            year = _YEAR_OF_EMPTY.search(full_text)
            date = year.group(1) if year else None
        draft = number is None or signer is None or watermarked
        if draft:
            # title[:1]: a type line that ends the text has no title after it (was an IndexError)
            short = f"dự thảo {doc_type} {title[:1].lower()}{title[1:]}".replace("về việc ", "").strip()
            doc_id = f"du-thao-{_subject_slug(title, date[:4] if date else None)}"
        else:
            short = f"{doc_type} số {number}"
            doc_id = f"{slug(_type_abbreviation(doc_type))}-{number.split('/')[0]}-{date[:4] if date else 'na'}"
        return Document(doc_id, doc_type, title, None if draft else number, date, issuer or "Thủ tướng Chính phủ",
                        signer, "draft" if draft else "issued", draft, short, source_file, sha256, [], relations)

    report = _REPORTS_ON.search(full_text[:600])
    if report:
        subject = report.group(1)
        year = re.search(r"năm\s+(20\d\d)", full_text[:600])
        year_text = year.group(1) if year else None
        relations.append({"kind": "reports_on", "number": report.group(2),
                          "date": _iso(*report.group(3, 4, 5)) if report.group(3) else ""})
        title = f"Kết quả thực hiện {subject} năm {year_text}" if year_text else f"Kết quả thực hiện {subject}"
        short = f"Báo cáo kết quả thực hiện {subject}" + (f" năm {year_text}" if year_text else "")
        return Document(f"bao-cao-{_subject_slug(subject, year_text)}", "Báo cáo", title, None, year_text, None,
                        None, "report", False, short, source_file, sha256, [], relations)

    # A plan excerpt: "Kế hoạch này" in its text, its year in its objectives.
    doc_type = "Kế hoạch" if re.search(r"Kế\s+hoạch\s+này", full_text) else "Văn bản"
    years = re.findall(r"năm\s+(20\d\d)", full_text[:2000])
    year = max(set(years), key=years.count) if years else None
    topic = "chuyển đổi số" if "chuyển đổi số" in full_text[:2000].lower() else ""
    title = " ".join(p for p in [doc_type, topic, f"năm {year}" if year else ""] if p) + " (trích)"
    draft = watermarked
    short = f"dự thảo {title}" if draft else title
    doc_id = ("du-thao-" if draft else "") + _subject_slug(title, year)
    return Document(doc_id, doc_type, title, None, year, None, None, "draft" if draft else "issued", draft, short,
                    source_file, sha256, [], relations)


def _type_abbreviation(doc_type: str) -> str:
    return {"Quyết định": "qd", "Nghị quyết": "nq", "Nghị định": "nd", "Chỉ thị": "ct", "Kế hoạch": "kh",
            "Thông tư": "tt", "Báo cáo": "bc"}.get(doc_type, doc_type)


def _signer(texts: list[str]) -> str | None:
    """The name under the signing title ("KT. THỦ TƯỚNG / PHÓ THỦ TƯỚNG / Hồ Quốc Dũng")."""
    for i, text in enumerate(texts):
        if _SIGNER_TITLE.match(text.strip()):
            for following in texts[i + 1:i + 4]:
                candidate = following.strip()
                if _PERSON.match(candidate):
                    return candidate
    return None
