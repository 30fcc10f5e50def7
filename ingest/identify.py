"""What a text is, from its content: type, number, date, issuer, signer, title, status, relations.

File names carry no meaning. The header of a Vietnamese administrative text (Nghị định
30/2020/NĐ-CP lays it out) gives the issuing body above the national motto, "Số: …" with the
number, "<place>, ngày … tháng … năm …", then the type in capitals and the title, often
hard-wrapped over several lines. The signature block at the end gives the signer's position and
name. A crawled page's own metadata block (`site_metadata`) fills what the text does not say,
and each field taken from it is listed in `inferred`; what neither gives stays unknown.

A text marked "DỰ THẢO", or with neither a number nor a date nor a signer, is a draft: its
citation says so and no number is ever invented for it. A text without a header (a plan
excerpt, a report table) is named from what its own lines say of it.
"""

from __future__ import annotations

import re
import unicodedata

from ingest.clean import collapse_ws
from ingest.model import Document

# The type a number's code gives ("552/KH-UBND" is a plan), and the id prefix of each type.
TYPE_CODES = {"QĐ": "Quyết định", "NQ": "Nghị quyết", "NĐ": "Nghị định", "TT": "Thông tư", "CT": "Chỉ thị",
              "CĐ": "Công điện", "KH": "Kế hoạch", "TB": "Thông báo", "ĐA": "Đề án", "BC": "Báo cáo",
              "QH": "Luật", "L": "Luật", "HD": "Hướng dẫn", "KL": "Kết luận", "CTr": "Chương trình",
              "TTr": "Tờ trình", "QC": "Quy chế", "QyĐ": "Quy định", "QĐi": "Quy định", "PL": "Pháp lệnh"}
TYPES = ["Quyết định", "Nghị quyết", "Nghị định", "Thông tư", "Thông tư liên tịch", "Chỉ thị", "Công điện",
         "Kế hoạch", "Thông báo", "Đề án", "Báo cáo", "Luật", "Bộ luật", "Pháp lệnh", "Hướng dẫn", "Kết luận",
         "Chương trình", "Quy chế", "Quy định", "Công văn", "Tờ trình", "Lệnh", "Văn bản hợp nhất"]
_ABBREVIATION = {"Quyết định": "qd", "Nghị quyết": "nq", "Nghị định": "nd", "Thông tư": "tt",
                 "Thông tư liên tịch": "ttlt", "Chỉ thị": "ct", "Công điện": "cd", "Kế hoạch": "kh",
                 "Thông báo": "tb", "Đề án": "da", "Báo cáo": "bc", "Luật": "luat", "Bộ luật": "bo-luat",
                 "Pháp lệnh": "pl", "Hướng dẫn": "hd", "Kết luận": "kl", "Chương trình": "ctr", "Quy chế": "qc",
                 "Quy định": "qdinh", "Công văn": "cv", "Tờ trình": "ttr", "Lệnh": "lenh",
                 "Văn bản hợp nhất": "vbhn"}
_TYPE_LINE = re.compile(r"^(" + "|".join(sorted((t.upper() for t in TYPES), key=len, reverse=True)) + r")\b\s*:?\s*(.*)$")
_NUMBER = re.compile(r"(\d+(?:\.\d+)?)\s*/\s*(?:(\d{4})\s*/\s*)?([A-ZĐ][A-Za-zĐđ0-9]*(?:\s*-\s*[A-ZĐ][A-Za-zĐđ0-9&]*)*)")
_PARTY_NUMBER = re.compile(r"(\d+)\s*-\s*([A-ZĐ]{1,4})\s*/\s*(TW|TƯ|[A-ZĐ]{2,6})\b")
_NUMBER_LINE = re.compile(r"^Số\s*(?:hiệu)?\s*:?\s*(.*)$")
_DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})|ngày\s+(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})")
_PLACE_DATE = re.compile(r"^[^,\d]{2,40},\s*ngày\s")  # "Hà Nội, ngày 09 tháng 6 năm 2026"
_YEAR_OF_EMPTY = re.compile(r"ngày\s+(?:[.…]*\s*)tháng\s+(?:[.…]*\s*)năm\s+(\d{4})")
_MOTTO = re.compile(r"CỘNG\s+HÒA\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM|Độc\s+lập\s*-\s*Tự\s+do\s*-\s*Hạnh\s+phúc")
_PREAMBLE = re.compile(r"^(Căn\s+cứ|Thực\s+hiện|Triển\s+khai|Thi\s+hành|Nhằm|Để|Theo\s+đề\s+nghị|Xét\s|Trên\s+cơ\s+sở|"
                       r"Ngày\s+\d|Kính\s+gửi|Điều\s+\d|[IVX]+\s*[.-]\s|\d+\s*\.\s|Chương\s+[IVX\d]|Phần\s|Trong\s|Qua\s)")
_SIGNING = re.compile(r"^(KT\.|TM\.|TL\.|TUQ\.|Q\.\s|QUYỀN\s)|^(PHÓ\s+)?(THỦ\s+TƯỚNG|CHỦ\s+TỊCH|BỘ\s+TRƯỞNG|"
                      r"GIÁM\s+ĐỐC|TỔNG\s+GIÁM\s+ĐỐC|CHÁNH\s+VĂN\s+PHÒNG|VỤ\s+TRƯỞNG|CỤC\s+TRƯỞNG|TRƯỞNG\s+BAN|"
                      r"TỔNG\s+BÍ\s+THƯ|BÍ\s+THƯ|THỐNG\s+ĐỐC|TỔNG\s+KIỂM\s+TOÁN|CHỦ\s+NHIỆM|TRƯỞNG\s+ĐOÀN|"
                      r"TỔNG\s+CỤC\s+TRƯỞNG|THỨ\s+TRƯỞNG|TRƯỞNG\s+PHÒNG|HIỆU\s+TRƯỞNG|VIỆN\s+TRƯỞNG)\b")
_PERSON = re.compile(r"^([A-ZĐÀ-Ỹ][a-zà-ỹđ]+)(\s+[A-ZĐÀ-Ỹ][a-zà-ỹđ]+){1,4}$")
_SIGNED = re.compile(r"^[(\[]?\s*(đã\s+ký|đã ký và đóng dấu)\s*[)\]]?$", re.IGNORECASE)
_DRAFT = re.compile(r"^\s*DỰ\s+THẢO\b", re.IGNORECASE)
_RELATION_VERB = re.compile(r"(thay\s+thế|bãi\s+bỏ|sửa\s+đổi,?\s+bổ\s+sung|hết\s+hiệu\s+lực)\b", re.IGNORECASE)
_REFERENCE = re.compile(
    r"(Quyết\s+định|Nghị\s+quyết|Nghị\s+định|Thông\s+tư|Chỉ\s+thị|Kế\s+hoạch|Luật|Quy\s+chế)"
    r"\s+(?:số\s+)?(\d+(?:\.\d+)?/(?:\d{4}/)?[A-ZĐ][A-Za-zĐđ0-9-]*)(?:\s+ngày\s+(\d{1,2})(?:\s+tháng\s+|/)(\d{1,2})"
    r"(?:\s+năm\s+|/)(\d{4}))?")
# What may stand between the verb, or the end of one listed text, and the next text of the list.
_LISTED = re.compile(r"^(?:\s*(?:các|toàn\s+bộ|một\s+số\s+điều\s+của)\s+)*(?:\s*(?:Quyết\s+định|Nghị\s+quyết|Nghị\s+định|"
                     r"Thông\s+tư|Chỉ\s+thị|Kế\s+hoạch|Luật|Quy\s+chế)\s+sau)?\s*[:;,]?\s*(?:và\s+)?$", re.IGNORECASE)
_RELATION_KIND = {"thay": "replaces", "bãi": "repeals", "sửa": "amends", "hết": "ends"}
_ATTACHED = re.compile(r"(?:Ban\s+hành\s+)?[Kk]èm\s+theo\s+(Quyết\s+định|Thông\s+tư|Nghị\s+định|Nghị\s+quyết|Kế\s+hoạch)"
                       r"\s+(?:số\s+)?(\d+(?:\.\d+)?/(?:\d{4}/)?[A-ZĐ][A-Za-zĐđ0-9-]*)")
_EFFECTIVE = re.compile(r"có\s+hiệu\s+lực(?:\s+thi\s+hành)?\s+(?:kể\s+)?từ\s+(ngày\s+ký(?:\s+ban\s+hành)?|ngày\s+\d{1,2}"
                        r"(?:\s+tháng\s+\d{1,2}\s+năm\s+\d{4}|/\d{1,2}/\d{4}))", re.IGNORECASE)
_REPORTS_ON = re.compile(r"Báo\s+cáo\s+tình\s+hình\s+thực\s+hiện\s+(.+?)\s+theo\s+Quyết\s+định\s+số\s+(\d+/[A-ZĐ][A-Za-zĐđ-]*)"
                         r"(?:\s+ngày\s+(\d{1,2})/(\d{1,2})/(\d{4}))?")
_ABBREVIATIONS = [("kinh tế số", "kts"), ("xã hội số", "xhs"), ("chuyển đổi số", "cds"), ("chính phủ số", "cps")]
_SUBJECTS = ["chiến lược", "chương trình", "kế hoạch", "đề án"]
_PLACE_WORDS = ("tỉnh", "thành phố", "tp.", "huyện", "quận", "xã", "phường", "thị xã", "đặc khu")


def ascii_fold(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", ascii_fold(text).lower()).strip("-")


def _iso(day: str, month: str, year: str) -> str:
    return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"


def date_of(text: str) -> str | None:
    """The first full date in `text` as ISO ("ngày 19 tháng 11 năm 2025", "ngày 19/11/2025")."""
    m = _DATE.search(text)
    if not m:
        return None
    day, month, year = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(4), m.group(5), m.group(6))
    if not (1 <= int(day) <= 31 and 1 <= int(month) <= 12):
        return None
    return _iso(day, month, year)


def number_of(text: str) -> str | None:
    """A document number as written ("552/KH-UBND", "32/2025/TT-BKHCN", "57-NQ/TW")."""
    m = _NUMBER.search(text)
    if m:
        code = re.sub(r"\s+", "", m.group(3))
        return f"{m.group(1)}/{m.group(2) + '/' if m.group(2) else ''}{code}"
    m = _PARTY_NUMBER.search(text)
    return f"{m.group(1)}-{m.group(2)}/{m.group(3)}" if m else None


def type_of_number(number: str | None) -> str | None:
    """The type a number's code gives: "552/KH-UBND" → Kế hoạch, "71/2025/QH15" → Luật."""
    if not number:
        return None
    code = re.split(r"[/]", number)[-1]
    if re.match(r"^\d+-", number):  # a Party document: "57-NQ/TW"
        code = number.split("-", 1)[1].split("/")[0]
    head = code.split("-")[0]
    if re.fullmatch(r"QH\d*", head):
        return "Luật"
    return TYPE_CODES.get(head)


def official_case(upper: str) -> str:
    """A body's name written in capitals, in the case official texts use ("ỦY BAN NHÂN DÂN TỈNH ĐỒNG
    THÁP" → "Ủy ban nhân dân tỉnh Đồng Tháp", "BỘ KHOA HỌC VÀ CÔNG NGHỆ" → "Bộ Khoa học và Công nghệ")."""
    text = collapse_ws(upper).lower()
    if not text:
        return text
    text = re.sub(r"\bchính phủ\b", "Chính phủ", text)
    text = re.sub(r"\bquốc hội\b", "Quốc hội", text)
    text = re.sub(r"\bnhà nước\b", "Nhà nước", text)
    text = re.sub(r"\bviệt nam\b", "Việt Nam", text)
    text = re.sub(r"\btrung ương\b", "Trung ương", text)
    for word in _PLACE_WORDS:  # a place's name: every word capitalised
        text = re.sub(rf"\b({re.escape(word)}) ([^,;()]+)$", lambda m: m.group(1) + " " + m.group(2).title(), text)
    if text.startswith("bộ "):  # "Bộ Văn hóa, Thể thao và Du lịch": each part of a ministry's name
        text = "bộ " + re.sub(r"(^|, | và | - )(\w)", lambda m: m.group(1) + m.group(2).upper(), text[3:])
    return text[0].upper() + text[1:]


def _header(texts: list[str]) -> dict[str, str | None]:
    """Issuer, number, date, type and title from the head of a text."""
    head = texts[:40]
    found: dict[str, str | None] = {"issuer": None, "number": None, "date": None, "type": None, "title": None}
    motto = next((i for i, t in enumerate(head) if _MOTTO.search(t)), None)
    if motto is not None:
        before = _MOTTO.split(head[motto])[0].strip()
        issuer_lines = [t for t in head[:motto] if t.isupper() and not t.startswith("SỐ")] + ([before] if before else [])
        if issuer_lines:
            found["issuer"] = _issuer(issuer_lines)
    for i, text in enumerate(head):
        m = _NUMBER_LINE.match(text)
        if m and found["number"] is None:
            rest = m.group(1) or (head[i + 1] if i + 1 < len(head) else "")
            if rest.rstrip().endswith("-") and i + 1 < len(head):
                rest = rest.rstrip() + head[i + 1].strip()  # "Số: 3783/QĐ-" / "UBND"
            found["number"] = number_of(rest) if rest and not rest.startswith(("/", "…", ".")) else None
            if found["number"] is None and not rest:
                found["number"] = number_of(head[i + 1]) if i + 1 < len(head) and re.match(r"^\d", head[i + 1]) else None
        if found["date"] is None and _PLACE_DATE.match(text):
            found["date"] = date_of(text)
    type_line = next((i for i, t in enumerate(head) if _TYPE_LINE.match(t.strip())), None)
    if type_line is not None:
        m = _TYPE_LINE.match(head[type_line].strip())
        found["type"] = next(t for t in TYPES if t.upper() == m.group(1))
        found["title"] = _title(head, type_line, m.group(2), found["issuer"])
    return found


_BODY_HEAD = re.compile(r"^(SỞ|BAN|VĂN PHÒNG|CỤC|VỤ|TỔNG CỤC|TRƯỜNG|VIỆN|BỘ|ỦY BAN|UỶ BAN|HỘI ĐỒNG|BAN CHỈ ĐẠO|"
                        r"TRUNG TÂM|THANH TRA|KHO BẠC|CÔNG AN|ĐẢNG ỦY|ĐOÀN|HỌC VIỆN|ĐẠI HỌC|THỦ TƯỚNG|CHÍNH PHỦ)\b")


def _issuer(lines: list[str]) -> str:
    """The issuing body from the capitalised lines above the motto: a name wrapped over two lines is
    joined ("BỘ KHOA HỌC VÀ" / "CÔNG NGHỆ"); under a parent body ("UBND TỈNH X" / "SỞ Y") the
    last body issues."""
    bodies: list[str] = []
    for line in lines:
        if bodies and not _BODY_HEAD.match(line):
            bodies[-1] = f"{bodies[-1]} {line}"
        else:
            bodies.append(line)
    return bodies[-1]


_RULE = re.compile(r"[_=*–—-]{4,}")  # the rule drawn under a title block, joined onto its last line


def _title(head: list[str], type_line: int, rest: str, issuer: str | None) -> str:
    """The title: what follows the type word, joined across the lines it was wrapped over, up to
    the preamble, the issuing authority's line, a rule drawn under it ("________") or the first clause."""
    parts = [rest] if rest else []
    for text in head[type_line + 1:type_line + 9]:
        stripped = text.strip()
        if not stripped or _PREAMBLE.match(stripped) or _MOTTO.search(stripped) or stripped.endswith(":") \
                or (issuer and stripped.casefold() == issuer.casefold()) or _looks_like_authority(stripped) \
                or (parts and stripped[:1].isupper() and not stripped.isupper() and " ".join(parts).isupper()) \
                or len(" ".join(parts)) > 400:
            break
        parts.append(stripped)
    return collapse_ws(_RULE.sub(" ", " ".join(parts)))


def _looks_like_authority(text: str) -> bool:
    """"THỦ TƯỚNG CHÍNH PHỦ", "BỘ TRƯỞNG BỘ …", "ỦY BAN NHÂN DÂN TỈNH …" above the preamble."""
    return text.isupper() and bool(re.match(r"^(THỦ TƯỚNG|BỘ TRƯỞNG|CHÍNH PHỦ$|ỦY BAN|UỶ BAN|HỘI ĐỒNG|CHỦ TỊCH|"
                                            r"BAN CHẤP HÀNH|BỘ CHÍNH TRỊ|QUỐC HỘI|ỦY BAN THƯỜNG VỤ|THỐNG ĐỐC)", text))


def _authority(texts: list[str]) -> str | None:
    """Without a header, the authority line above the preamble names the issuer ("THỦ TƯỚNG CHÍNH PHỦ")."""
    line = next((t.strip() for t in texts[:30] if _looks_like_authority(t.strip())), None)
    return official_case(line) if line else None


def signature(texts: list[str]) -> tuple[str | None, str | None]:
    """(name, position) of the signer: the capitalised position lines ("KT. THỦ TƯỚNG", "PHÓ THỦ
    TƯỚNG") of a signature block, then a person's name."""
    for i, text in enumerate(texts):
        stripped = text.strip()
        if i >= 6 and _SIGNING.match(stripped) and not stripped.isupper():
            words = stripped.split()  # the block on one line: "TM. ỦY BAN NHÂN DÂN … PHÓ CHỦ TỊCH Huỳnh Minh Tuấn"
            for size in (4, 3, 5, 2):
                name, position = " ".join(words[-size:]), " ".join(words[:-size])
                if len(words) > size and _PERSON.match(name) and position.isupper():
                    return name, position
        if i < 6 or not _SIGNING.match(stripped) or not stripped.isupper() or len(stripped.split()) > 14:
            continue
        block = [stripped]
        for following in texts[i + 1:i + 6]:
            candidate = following.strip()
            if _SIGNED.match(candidate) or not candidate:
                continue
            if _PERSON.match(candidate):
                return candidate, " ".join(block)
            if candidate.isupper() and len(candidate.split()) <= 8:
                block.append(candidate)
                continue
            break
    return None, None


_SELF = re.compile(r"\b(?:" + "|".join(TYPES) + r")\s+này\b")


def relations_of(full_text: str, own_type: str | None = None) -> list[dict[str, str]]:
    """What the text says it replaces, repeals, amends or ends ("Quyết định này … thay thế Quyết định
    số 749/QĐ-TTg", "Nghị định này thay thế các Nghị định sau: Nghị định số …; Nghị định số …"): in a
    sentence that speaks of the text itself, the texts listed after its verb. A text named inside the
    description of a listed one ("… sửa đổi một số điều của Nghị định số 123/2016/NĐ-CP") is not listed,
    and a preamble or a report citing another text's amendments does not count. And what it is
    attached to ("Ban hành kèm theo …"). With `own_type`, only "<own_type> này" is the text itself: a
    report's "Nghị định này thay thế …" is about the decree it reports on."""
    own_self = re.compile(rf"\b{own_type}\s+này\b") if own_type in TYPES else _SELF
    found = []
    for paragraph in full_text.split("\n"):
        for own in own_self.finditer(paragraph):
            start = paragraph.rfind(". ", 0, own.start()) + 1
            end = paragraph.find(". ", own.end())
            sentence = paragraph[start:end if end >= 0 else len(paragraph)]
            verb = _RELATION_VERB.search(sentence, own.end() - start)
            if verb is None or _REFERENCE.search(sentence, own.end() - start, verb.start()):
                continue  # the verb is another text's ("Nghị định số 101/2020 … sửa đổi …")
            if any(m.group(1).split()[0] == own.group(0).split()[0] for m in _REFERENCE.finditer(paragraph, 0, start)):
                continue  # "Nghị định này" after "ban hành Nghị định số 94/2022/NĐ-CP": that decree, not this text
            _listed(sentence[verb.end():], _RELATION_KIND[verb.group(1).split()[0].lower()], found)
    attached = _ATTACHED.search(full_text)
    if attached:
        found.append({"kind": "attached_to", "type": collapse_ws(attached.group(1)), "number": attached.group(2),
                      "date": ""})
    return found


def _listed(text: str, kind: str, found: list[dict[str, str]]) -> None:
    """The texts listed at the start of `text` and after each ";", into `found`."""
    for item in text.split(";"):
        end = 0
        for m in _REFERENCE.finditer(item):
            if not _LISTED.match(item[end:m.start()]):
                break  # a text named in the description of the one listed
            date = _iso(m.group(3), m.group(4), m.group(5)) if m.group(3) else ""
            if all(f["number"] != m.group(2) for f in found):
                found.append({"kind": kind, "type": collapse_ws(m.group(1)), "number": m.group(2), "date": date})
            end = m.end()


def effective_of(full_text: str, date: str | None) -> str | None:
    m = _EFFECTIVE.search(full_text)
    if not m:
        return None
    said = m.group(1)
    if said.lower().startswith("ngày ký"):
        return date or "ngày ký"
    return date_of(said) or said


def _own_number(full_text: str, doc_type: str) -> str | None:
    """A headerless text's own number: the one of its own type it gives most often ("Nghị quyết số
    57-NQ/TW" in a resolution that says "Nghị quyết này"); a number of another type is a citation."""
    if doc_type == "Văn bản":
        return None
    counts: dict[str, int] = {}
    for m in re.finditer(rf"{doc_type}\s+(?:số\s+)?(\d+\s*-\s*[A-ZĐ]{{1,4}}\s*/\s*[A-ZĐ]{{2,6}}|\d+/[\w/-]+)", full_text):
        number = number_of(m.group(1))
        if number and type_of_number(number) == doc_type:
            counts[number] = counts.get(number, 0) + 1
    return max(counts, key=counts.get) if counts else None


def _subject_slug(title: str, year: str | None) -> str:
    lower = title.lower()
    subject = next((s for s in _SUBJECTS if s in lower), "")
    abbreviations = [abbr for phrase, abbr in _ABBREVIATIONS if phrase in lower]
    years = re.findall(r"\b(20\d\d)\b", title) or ([year] if year else [])
    # A fragment without subject, topic or year still needs an id: an empty one broke its clause ids (":d1").
    return slug(" ".join([subject, *abbreviations, *years[:1]])) or "van-ban"


def _site_date(value: str | None) -> str | None:
    m = re.fullmatch(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*", value or "")
    return _iso(*m.groups()) if m else None


def identify(texts: list[str], full_text: str, watermarked: bool, source_file: str, sha256: str,
             site: dict[str, str] | None = None) -> Document:
    """A document from its logical lines (`texts`, cleaned), its whole clean text and, for a crawled
    page, the site's metadata block."""
    site = site or {}
    header = _header(texts)
    signer, signer_title = signature(texts)
    relations = relations_of(full_text, header["type"])
    inferred: list[str] = []
    number, date, issuer = header["number"], header["date"], header["issuer"]
    doc_type, title = header["type"], header["title"] or ""
    attached = next((r for r in relations if r["kind"] == "attached_to"), None)
    if attached and number and attached["number"] == number:
        relations.remove(attached)  # its own appendix naming it ("Kèm theo Kế hoạch số 552/KH-UBND")
    if number is None:
        own = re.search(r"\b(?:" + "|".join(TYPES) + r")\s+(?:này|số)\b", full_text[:3000])
        if site.get("number"):
            number = number_of(site["number"]) or site["number"]
            inferred.append("number: the site's metadata")
        elif attached and doc_type and attached["type"] == doc_type and own:
            number = attached["number"]  # "Số:" left blank, the number stands in "Ban hành kèm theo Quyết định số …"
            inferred.append("number: where the text cites itself")
    if doc_type is None and (type_of_number(number) or site.get("type")):
        doc_type = type_of_number(number) or site["type"]
        inferred.append("type: the number's code" if type_of_number(number) else "type: the site's metadata")
    if date is None and _site_date(site.get("date")):
        date = _site_date(site.get("date"))
        inferred.append("date: the site's metadata")
    if signer is None and site.get("signer"):
        signer = site["signer"]
        inferred.append("signer: the site's metadata")
    issuer = (site["issuer"] if site.get("issuer") and issuer and site["issuer"].casefold() == collapse_ws(issuer).casefold()
              else official_case(issuer) if issuer else site.get("issuer"))
    if header["issuer"] is None and issuer:
        inferred.append("issuer: the site's metadata")
    effective = effective_of(full_text, date)
    validity = site.get("validity")
    # A text with a header but no number has not been issued (a blank "Số: /QĐ-TTg"); one marked so is a draft.
    draft = watermarked or any(_DRAFT.match(t) for t in texts[:8]) or (header["type"] is not None and number is None)
    common = dict(aliases=[], relations=relations, signer_title=signer_title, effective=effective, validity=validity,
                  inferred=inferred, site_metadata=dict(site))

    if doc_type is not None and (header["type"] is not None or number):
        if not title:
            title = site.get("title", "")
        if draft:
            year = date[:4] if date else None
            if date is None:
                empty = _YEAR_OF_EMPTY.search(full_text)
                date = empty.group(1) if empty else None
                year = date
            short = f"dự thảo {doc_type} {title[:1].lower()}{title[1:]}".replace("về việc ", "").strip()
            return Document(f"du-thao-{_subject_slug(title, year)}", doc_type, title, None, date,
                            issuer or _authority(texts), signer, "draft", True, short, source_file, sha256, **common)
        short = f"{doc_type} số {number}" if number else f"{doc_type} {title[:60]}"
        year = date[:4] if date else (re.search(r"/(\d{4})/", number or "") or [None, None])[1]
        doc_id = (f"{_ABBREVIATION.get(doc_type, slug(doc_type))}-{slug(number.split('/')[0])}-{year or 'na'}"
                  if number else f"{_ABBREVIATION.get(doc_type, slug(doc_type))}-{_subject_slug(title, year)}")
        return Document(doc_id, doc_type, title, number, date, issuer or _authority(texts), signer, "issued", False,
                        short, source_file, sha256, **common)

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
                        None, "report", False, short, source_file, sha256, **{**common, "signer_title": None})

    # Without a header: what the text says of itself ("Kế hoạch này", "Nghị quyết này"), its year.
    named = re.search(r"\b(" + "|".join(TYPES) + r")\s+này\b", full_text)
    doc_type = named.group(1) if named else (site.get("type") or "Văn bản")
    number = number or _own_number(full_text, doc_type)
    years = re.findall(r"năm\s+(20\d\d)", full_text[:2000])
    year = max(set(years), key=years.count) if years else None
    topic = "chuyển đổi số" if "chuyển đổi số" in full_text[:2000].lower() else ""
    if number:
        short = f"{doc_type} số {number}"
        inferred.append("number: where the text names itself")
        return Document(f"{_ABBREVIATION.get(doc_type, slug(doc_type))}-{slug(number.split('/')[0])}", doc_type,
                        title or short, number, date, issuer, signer, "issued", False, short, source_file, sha256,
                        **common)
    title = " ".join(p for p in [doc_type, topic, f"năm {year}" if year else ""] if p) + " (trích)"
    draft = watermarked
    short = f"dự thảo {title}" if draft else title
    doc_id = ("du-thao-" if draft else "") + _subject_slug(title, year)
    return Document(doc_id, doc_type, title, None, year, issuer, signer, "draft" if draft else "issued", draft, short,
                    source_file, sha256, **common)


def distinct_id(document: Document, taken: set[str]) -> str:
    """An id no other document of the corpus has: two provinces both issue a "Quyết định 87/2025/QĐ-UBND",
    so the place (or the issuer) is added, then, for two texts with everything alike, their content."""
    if document.id not in taken:
        return document.id
    issuer = document.issuer or ""
    place = re.search(r"\b(?:tỉnh|thành phố)\s+(.+)$", issuer, re.IGNORECASE)
    for suffix in (slug(place.group(1)) if place else "", slug(issuer), document.sha256[:6]):
        candidate = f"{document.id}-{suffix}" if suffix else ""
        if candidate and candidate not in taken:
            return candidate
    return f"{document.id}-{document.sha256[:12]}"

