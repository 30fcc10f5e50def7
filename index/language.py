"""Which language a question is in, offline: Vietnamese (with or without its diacritics) or English.

underthesea's `lang_detect` downloads a model, so it is not used. A Vietnamese word is one
syllable that the corpus itself writes (folded, "kinh", "te", "so"); English words mostly are
not ("which", "ministry", "digital"). A question with diacritics is Vietnamese; without them, it
is English when most of its words are not syllables of the corpus, the decision numbers and
acronyms aside.

English questions also get the Vietnamese names of document types and of the field's key
terms beside their own words (`vietnamese_cues`), so that "the draft strategy" names the draft
strategy and BM25 can meet the documents' words; the dense retriever reads the English.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from index.vietnamese import fold, has_diacritics

ENGLISH_SHARE = 0.5  # of a question's plain words that the corpus never writes as syllables
_WORD = re.compile(r"[^\W\d_]+")
# English names of document types and of the field's terms, and the Vietnamese words the texts use.
GLOSSARY = [
    (r"\bdecisions?\b", "quyết định"), (r"\bdecrees?\b", "nghị định"), (r"\bresolutions?\b", "nghị quyết"),
    (r"\bcirculars?\b", "thông tư"), (r"\bdirectives?\b", "chỉ thị"), (r"\b(official )?telegrams?\b", "công điện"),
    (r"\bnotices?\b|\bconclusions?\b", "thông báo kết luận"), (r"\bplans?\b", "kế hoạch"),
    (r"\bstrateg(y|ies)\b", "chiến lược"), (r"\bprogramm?es?\b", "chương trình"), (r"\bprojects?\b", "dự án đề án"),
    (r"\breports?\b", "báo cáo"), (r"\bdrafts?\b", "dự thảo"), (r"\blaws?\b", "luật"), (r"\bappendix\b|\bannex\b", "phụ lục"),
    (r"\bdigital econom(y|ic)\b", "kinh tế số"), (r"\bdigital society\b", "xã hội số"),
    (r"\bdigital transformation\b", "chuyển đổi số"), (r"\bdigital government\b", "chính phủ số"),
    (r"\be-?government\b", "chính phủ điện tử"), (r"\bnational\b", "quốc gia"), (r"\bministry\b|\bministries\b", "bộ"),
    (r"\bprovinc(e|ial)\b", "tỉnh"), (r"\bpeople'?s committee\b", "ủy ban nhân dân"), (r"\bdepartment\b", "sở"),
    (r"\bprime minister\b", "thủ tướng"), (r"\bgovernment\b", "chính phủ"), (r"\btargets?\b|\bindicators?\b", "chỉ tiêu"),
    (r"\btasks?\b", "nhiệm vụ"), (r"\bdeadline\b|\bby when\b", "thời hạn"), (r"\blead(s|ing)?\b|\bin charge\b", "chủ trì"),
    (r"\bcoordinat\w*\b", "phối hợp"), (r"\bsigned\b|\bsigner\b", "người ký"), (r"\bin force\b|\beffective\b", "hiệu lực"),
    (r"\bdata\b", "dữ liệu"), (r"\bdatabase\b", "cơ sở dữ liệu"), (r"\bplatforms?\b", "nền tảng"),
    (r"\bsmes?\b|\bsmall and medium\b", "doanh nghiệp nhỏ và vừa"), (r"\bbusiness(es)?\b|\benterprises?\b", "doanh nghiệp"),
    (r"\bonline public services?\b", "dịch vụ công trực tuyến"), (r"\bpublic services?\b", "dịch vụ công"),
    (r"\be-?commerce\b", "thương mại điện tử"), (r"\bbroadband\b", "băng rộng"), (r"\bfibre|fiber\b", "cáp quang"),
    (r"\bdigital signatures?\b", "chữ ký số"), (r"\bcashless|non-cash\b", "không dùng tiền mặt"),
    (r"\bcybersecurity|cyber security\b", "an toàn an ninh mạng"), (r"\bartificial intelligence\b|\bai\b", "trí tuệ nhân tạo"),
    (r"\bsemiconductors?\b", "bán dẫn"), (r"\bair (quality|pollution)\b", "chất lượng không khí ô nhiễm"),
    (r"\bgdp\b", "gdp"), (r"\bhealth\b", "y tế"), (r"\beducation\b", "giáo dục"), (r"\bagricultur\w*\b", "nông nghiệp"),
    (r"\btransport\w*\b", "giao thông vận tải"), (r"\btourism\b", "du lịch"), (r"\binvoices?\b", "hóa đơn"),
    (r"\belectronic\b|\be-\b", "điện tử"), (r"\bskills?\b", "kỹ năng"), (r"\bhuman resources?\b|\bworkforce\b", "nhân lực"),
    (r"\bpercent(age)?\b|\bshare\b|\bproportion\b|\brate\b", "tỷ lệ"), (r"\bresults?\b|\bachieved\b", "kết quả"),
]
_GLOSSARY = [(re.compile(pattern, re.IGNORECASE), words) for pattern, words in GLOSSARY]


def language_of(text: str, syllables: Iterable[str] | set[str]) -> str:
    """"en" or "vi". `syllables` are the corpus's folded syllables."""
    words = _WORD.findall(text.lower())
    if not words:
        return "vi"
    if sum(has_diacritics(w) for w in words) / len(words) >= 0.15:
        return "vi"
    plain = [w for w in words if len(w) > 1]
    if not plain:
        return "vi"
    known = syllables if isinstance(syllables, set) else set(syllables)
    foreign = sum(1 for w in plain if fold(w) not in known)
    return "en" if foreign / len(plain) >= ENGLISH_SHARE else "vi"


def vietnamese_cues(text: str) -> str:
    """The Vietnamese words the glossary gives for an English question's terms, in the question's
    order ("the draft strategy" → "dự thảo chiến lược", which names a document)."""
    found = sorted((m.start(), words) for pattern, words in _GLOSSARY if (m := pattern.search(text)))
    return " ".join(words for _, words in found)
