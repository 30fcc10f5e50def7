"""Abbreviations and aliases, expanded to one full form on both sides of a search.

"KTS", "Bộ TT&TT" or "QĐ 411" in a question then meets "kinh tế số", "Bộ Thông tin và Truyền
thông" or "411/QĐ-TTg" in a clause, for BM25 and for the embedder alike.
"""

from __future__ import annotations

import re

from ingest.agencies import CANONICAL

# Abbreviations used in the decisions or by their readers (matched case-insensitively).
ABBREVIATIONS = {
    "KTS": "kinh tế số",
    "XHS": "xã hội số",
    "KTXHS": "kinh tế số và xã hội số",
    "KTS-XHS": "kinh tế số và xã hội số",
    "CĐS": "chuyển đổi số",
    "CDS": "chuyển đổi số",
    "DN": "doanh nghiệp",
    "DNNVV": "doanh nghiệp nhỏ và vừa",
    "CSDL": "cơ sở dữ liệu",
    "CNTT": "công nghệ thông tin",
    "TMĐT": "thương mại điện tử",
    "ATTT": "an toàn thông tin",
    "CPS": "Chính phủ số",
    "CPĐT": "Chính phủ điện tử",
    "DVCTT": "dịch vụ công trực tuyến",
    "UBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân",
    "NHNN": "Ngân hàng Nhà nước Việt Nam",
    "NHTM": "ngân hàng thương mại",
    "TCTD": "tổ chức tín dụng",
    "NSNN": "ngân sách nhà nước",
    "KH&CN": "khoa học và công nghệ",
    "KHCN": "khoa học và công nghệ",
    "BKHCN": "Bộ Khoa học và Công nghệ",
    "BTTTT": "Bộ Thông tin và Truyền thông",
    "BTC": "Bộ Tài chính",
    "BYT": "Bộ Y tế",
    "BGDĐT": "Bộ Giáo dục và Đào tạo",
    "BVHTTDL": "Bộ Văn hóa, Thể thao và Du lịch",
    "GTVT": "giao thông vận tải",
    "TTg": "Thủ tướng Chính phủ",
}

# Abbreviations that are a Vietnamese word in lower case ("ai", who): matched as written, in capitals.
CASED_ABBREVIATIONS = {"AI": "trí tuệ nhân tạo"}
_CASED = re.compile(r"(?<![\w/-])(" + "|".join(map(re.escape, CASED_ABBREVIATIONS)) + r")(?![\w&-])")

_DOCUMENT_NUMBER = re.compile(r"\b(?:quyết định|qđ)\s*(?:số\s*)?(\d+)\b(?!\s*/)", re.IGNORECASE)


def _alternation(forms: list[str]) -> str:
    return "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))


def _table() -> dict[str, str]:
    table = {k.lower(): v for k, v in ABBREVIATIONS.items()}
    for name, variants in CANONICAL.items():
        for variant in [name, *variants]:
            table[variant.lower()] = name
    return table


_TABLE = _table()
# Not inside a document number ("1033/QĐ-TTg") or a longer word.
_PATTERN = re.compile(rf"(?<![\w/-])({_alternation(list(_TABLE))})(?![\w&])", re.IGNORECASE)


def expand(text: str) -> str:
    """Replace abbreviations and agency variants with their full form; "QĐ 411" → "411/QĐ-TTg"."""
    text = _DOCUMENT_NUMBER.sub(lambda m: f"Quyết định {m.group(1)}/QĐ-TTg", text)
    text = _CASED.sub(lambda m: CASED_ABBREVIATIONS[m.group(0)], text)
    return _PATTERN.sub(lambda m: _TABLE[m.group(0).lower()], text)
