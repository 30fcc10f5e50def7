"""Agency names: split a cell into bodies, map abbreviations and variants to one canonical name.

The original wording is always kept beside the canonical name, so an answer can quote the
document while a filter ("Bộ TT&TT") still finds every variant.
"""

from __future__ import annotations

import re

from ingest.clean import collapse_ws
from ingest.model import Agency

# canonical name -> variants as they appear in the texts or in questions (compared case-insensitively)
CANONICAL: dict[str, list[str]] = {
    "Bộ Thông tin và Truyền thông": ["Bộ TT&TT", "Bộ TTTT", "BTTTT", "Bộ Thông tin - Truyền thông"],
    "Bộ Khoa học và Công nghệ": ["Bộ KH&CN", "BKHCN", "Bộ KHCN", "Bộ Khoa học Công nghệ"],
    "Bộ Kế hoạch và Đầu tư": ["Bộ KH&ĐT", "Bộ KHĐT", "BKHĐT"],
    "Ngân hàng Nhà nước Việt Nam": ["NHNN", "Ngân hàng Nhà nước", "NHNNVN"],
    "Ủy ban nhân dân cấp tỉnh": [
        "UBND cấp tỉnh", "UBND tỉnh", "UBND các tỉnh, thành phố", "Ủy ban nhân dân các tỉnh, thành phố",
        "Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương", "UBND các tỉnh, thành phố trực thuộc trung ương",
        "Các tỉnh, thành phố trực thuộc Trung ương", "các UBND cấp tỉnh",
    ],
    "Bộ Giao thông vận tải": ["Bộ GTVT", "Bộ Giao thông Vận tải"],
    "Bộ Giáo dục và Đào tạo": ["Bộ GDĐT", "Bộ GD&ĐT"],
    "Bộ Lao động - Thương binh và Xã hội": ["Bộ LĐTBXH", "Bộ Lao động, Thương binh và Xã hội"],
    "Bộ Văn hóa, Thể thao và Du lịch": ["Bộ VHTTDL", "Bộ Văn hóa, Thế thao, và Du lịch", "Bộ Văn hóa, Thể thao, và Du lịch"],
    "Bộ Nông nghiệp và Phát triển nông thôn": ["Bộ NN&PTNT", "Bộ NNPTNT"],
    "Bộ Tài nguyên và Môi trường": ["Bộ TN&MT", "Bộ TNMT"],
    "Bộ Công Thương": ["Bộ Công thương", "BCT"],
    "Tập đoàn Điện lực Việt Nam": ["Tập đoàn EVN", "EVN", "Tập đoàn Điện lực Việt Nam (EVN)"],
    "Bảo hiểm xã hội Việt Nam": ["BHXH Việt Nam", "BHXHVN"],
    "Đài Truyền hình Việt Nam": ["VTV"],
    "Đài Tiếng nói Việt Nam": ["VOV"],
    "Thông tấn xã Việt Nam": ["TTXVN"],
    "Các bộ, ngành, địa phương": ["Các bộ, ngành, địa phương", "Các Bộ, ngành, địa phương"],
}

_HEADS = (
    r"Bộ|Ngân hàng|UBND|Ủy ban|Uỷ ban|Tập đoàn|Doanh nghiệp|Các|các|Văn phòng|Ban|Hội|Tổng cục|Tổng Liên đoàn|"
    r"Đài|Thông tấn|Viện|Trung tâm|Cục|Kiểm toán|Tòa án|Mặt trận|Bảo hiểm xã hội|Đoàn|Liên minh|VTV|VOV|TTXVN|"
    r"Cơ quan|Địa phương|\d+ thành phố"
)
_SPLIT_COMMA = re.compile(rf",\s*(?=(?:{_HEADS})\b)")
_SPLIT_GLUED = re.compile(r"(?<=[a-zà-ỹ])\s+(?=(?:Các|Bộ) [a-zà-ỹA-ZĐ])")  # "Bộ Công Thương Các bộ, ngành"
_PAREN = re.compile(r"\s*\(([^()]*)\)\s*$")
_QUALIFIERS = re.compile(r"\s+(có liên quan|liên quan)$")

_ALIAS_INDEX: dict[str, str] = {}
for _name, _variants in CANONICAL.items():
    for _variant in [_name, *_variants]:
        _ALIAS_INDEX[_variant.lower()] = _name


def canonical_name(name: str) -> str:
    """The canonical form of one body's name ("Bộ TT&TT" → "Bộ Thông tin và Truyền thông")."""
    name = collapse_ws(name).strip(" ;,.")
    base = _QUALIFIERS.sub("", name)
    found = _ALIAS_INDEX.get(base.lower())
    if found:
        return found
    return base[:1].upper() + base[1:]


def split_agencies(cell: str) -> list[Agency]:
    """Split a lead/coordination cell into bodies, each with canonical name and original text."""
    cell = collapse_ws(cell)
    if not cell or cell in {"-", "–"}:
        return []
    agencies = []
    for part in re.split(r"\s*;\s*", cell):
        for piece in _SPLIT_COMMA.split(_SPLIT_GLUED.sub("; ", part)):
            for item in piece.split("; "):
                item = item.strip(" ,.;")
                if not item:
                    continue
                note = ""
                paren = _PAREN.search(item)
                if paren:
                    note, item_name = paren.group(1), item[: paren.start()]
                else:
                    item_name = item
                agencies.append(Agency(canonical_name(item_name), item, note))
    return agencies

