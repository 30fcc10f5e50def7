"""When the documents do not answer: plain rules, calibrated on the question set.

A fabricated answer to an unanswerable question is the worst outcome, so a question is
refused when its best clause lacks what it asks for: a named year, a unit of money or speed,
a number for a "how much" question, a technical name the corpus never mentions, or most of
the question's specific words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant.facts import Grounds
from assistant.question import Intent, Kind
from index.vietnamese import STOP_WORDS, tokenize

# Words of how questions and policies are phrased, not of what they are about.
GENERIC = frozenset("""
    mục_tiêu chỉ_tiêu tỷ_lệ tỷ_trọng đạt năm bao_nhiêu phần_trăm theo quyết_định chương_trình kế_hoạch
    chiến_lược dự_thảo báo_cáo quy_định nội_dung nhiệm_vụ cơ_quan chủ_trì phối_hợp thực_hiện đến giai_đoạn
    việt_nam quốc_gia cần phải được đặt ra mức khoảng tối_thiểu trên dưới số_lượng có_thể cụ_thể thế_nào
    nêu gì nào ai đâu cho biết hay không có_không chính_phủ thủ_tướng văn_bản điều khoản điểm mục
    phụ_lục lĩnh_vực các_bộ bộ ngành địa_phương đơn_vị người dân nhà_nước triển_khai tổ_chức giao
    kết_quả thời_gian thời_hạn khi bao_giờ muốn đề_ra hướng tới vào riêng tổng cả_nước toàn_quốc
    giữa cao thấp hơn nhiều ít lớn khác nhau so_sánh lần_lượt tương_ứng thực_tế
""".split())
MIN_COVERAGE = 0.5  # share of the question's specific words the best clause must have; calibrated on dev
_MONEY = re.compile(r"\b(tỷ đồng|triệu đồng|nghìn tỷ|ngân sách|kinh phí)\b")
_SPEED = re.compile(r"(?<![\d\s])\s*\b(mb/s|gb/s|mbps|gbps)\b")  # a unit asked for, not "1 Gb/s" given
_DIGIT = re.compile(r"\d")
_PERCENT = re.compile(r"phần trăm|bao nhiêu %")
_ASKS_SPEED = re.compile(r"\btốc độ (?!tăng)")
_SPEED_VALUE = re.compile(r"\d\s*(mb/s|gb/s|mbps|gbps)")
# "bao nhiêu người": a count of something; the clause must give a number of it.
_COUNT = re.compile(r"\bbao nhiêu (người|doanh nghiệp|sản phẩm|kỹ sư|chuyên gia|học sinh|sinh viên|trạm|hộ|xã|"
                    r"trường|bệnh viện|nền tảng|tài khoản|thuê bao|chữ ký|giao dịch|khóa học|lượt)\b")
_TECH_NAME = re.compile(r"\b(?=\w*\d)(?=\w*[a-z])\w+\b")  # "6g", "5g", "220kv"


def key_terms(normalized: str) -> list[str]:
    """The question's specific words (segmented), without question and policy phrasing."""
    return [t for t in tokenize(normalized)
            if t not in STOP_WORDS and t not in GENERIC and not _DIGIT.search(t) and len(t) > 1]


def coverage(terms: list[str], text: str) -> float:
    """Share of terms whose syllables all occur in the text."""
    if not terms:
        return 1.0
    syllables = set(re.findall(r"\w+", text.lower()))
    return sum(all(s in syllables for s in t.split("_")) for t in terms) / len(terms)


def grounds_text(grounds: Grounds, context: str) -> str:
    return f"{context} {grounds.clause.text}".lower()


def _year_text(grounds: Grounds, context: str) -> str:
    """Where a clause says which year it is about: its text, the year of its target, and its
    headings below the document's title (a title's horizon, "định hướng đến năm 2035", is not)."""
    headings = context.split(" › ")[1:]
    year = grounds.target.year if grounds.target and grounds.target.year else ""
    return f"{' '.join(headings)} {grounds.clause.text} {year}"


def reason_to_abstain(normalized: str, intent: Intent, grounds: list[tuple[Grounds, str]], known_words: set[str],
                      named_years: Iterable[str] = ()) -> str | None:
    """Why the chosen clauses (each with its context) do not answer, or None when they do.

    `known_words` holds the corpus's words, to tell whether a technical name ("6G") occurs at all.
    """
    if not grounds:
        return "no clause matches the question"
    text = " ".join(grounds_text(g, context) for g, context in grounds)
    names = _TECH_NAME.findall(normalized)
    unknown = [t for t in names if t not in known_words]
    if unknown:
        return f"the documents never mention {', '.join(unknown)}"
    absent = [t for t in names if t not in text.replace(" ", "")]
    if absent:
        return f"the best clause does not mention {', '.join(absent)}"
    years = [y for y in intent.years if y not in named_years]
    if intent.kind in (Kind.TARGET, Kind.DEADLINE, Kind.ACHIEVED) and years:
        own = " ".join(_year_text(g, context) for g, context in grounds)
        if not any(y in own for y in years):
            return f"the best clause is not about {', '.join(years)}"
    if _MONEY.search(normalized) and intent.kind is Kind.TARGET and not re.search(r"\bđồng\b", text):
        return "no amount of money is given"
    speed = _SPEED.search(normalized)
    if speed and speed.group(1) not in text.replace(" ", ""):
        return f"no {speed.group(1)} figure is given"
    if _ASKS_SPEED.search(normalized) and not _SPEED_VALUE.search(text):
        return "no speed is given"
    counted = _COUNT.search(normalized)
    noun = counted.group(1) if counted else ""
    if counted and not re.search(rf"\d[\d.,]*\s*(triệu|nghìn|vạn)?\s*{noun}|\d%[^.;]{{0,40}}\b{noun}|\b{noun}\b[^.;]{{0,120}}\d%", text):
        return f"no number of {noun} is given"
    if intent.kind is Kind.TARGET and not any(_DIGIT.search(g.clause.text) for g, _ in grounds):
        return "the best clause gives no figure"
    if _PERCENT.search(normalized) and "%" not in text:
        return "no percentage is given"
    terms = key_terms(normalized)
    if coverage(terms, text) < MIN_COVERAGE:
        return "the best clause is about something else"
    return None

