"""What a question asks for: the slots an answer must fill. A question may ask for several.

Slots are read from the question words, which are few and closed-class in both languages
("bao nhiêu", "cơ quan nào", "khi nào", "ai ký"; "how much", "which ministry", "when", "who
signed"); what the question is *about* is left to retrieval. A question with no cue asks for
the content of what it names.
"""

from __future__ import annotations

import re
from enum import Enum


class Slot(str, Enum):
    VALUE = "value"  # a figure: "bao nhiêu", "tỷ lệ", "how much"
    YEAR = "year"  # "năm nào", "giai đoạn nào", "which year"
    LEAD = "lead"  # "cơ quan nào chủ trì", "ai lo", "who is responsible"
    COORDINATING = "coordinating"  # "phối hợp", "coordinate"
    MONITOR = "monitor"  # "cơ quan nào theo dõi, đánh giá", "who measures"
    DEADLINE = "deadline"  # "khi nào", "thời hạn", "by when"
    PRODUCT = "product"  # "sản phẩm", "kết quả dự kiến", "output"
    RESULT = "result"  # "đã làm được đến đâu", "kết quả đạt được", "achieved"
    CONTENT = "content"  # what a clause lays down
    LIST = "list"  # "những nhiệm vụ nào", "liệt kê", "which tasks"
    COUNT = "count"  # "có mấy", "bao nhiêu nhiệm vụ", "how many tasks"
    SIGNER = "signer"  # "ai ký", "who signed"
    DATE = "date"  # "ban hành ngày nào", "when was it issued"
    VALIDITY = "validity"  # "hiệu lực", "in force"
    REPLACEMENT = "replacement"  # "thay thế", "replaces"
    NUMBER = "number"  # "số mấy", "số hiệu", "what number"
    ISSUER = "issuer"  # "cơ quan nào ban hành", "who issued"


IDENTITY = {Slot.SIGNER, Slot.DATE, Slot.VALIDITY, Slot.REPLACEMENT, Slot.NUMBER, Slot.ISSUER}
FACT_SLOTS = {Slot.LEAD, Slot.COORDINATING, Slot.MONITOR, Slot.DEADLINE, Slot.PRODUCT, Slot.RESULT}
_W = r"(?:\w+\s+){0,4}"  # a few words between a cue's parts
CUE_WORDS = 5  # a cue match longer than this holds words of the subject between its ends

_AMOUNT_CUES = (r"\bbao nhiêu\b|\bmấy\b|\bt[ỷỉ] (lệ|trọng)\b|\bphần trăm\b|%|\bmức (nào|bao)\b|"
                r"\bđạt (mức|khoảng|tối thiểu|trên|bao)\b|\bquy mô\b|\bsố lượng\b|\bbao xa\b|\btốc độ\b|\bmức chi\b")
_TARGET_CUES = r"\bchỉ tiêu\b|\bmục tiêu\b"
# "đặt mục tiêu gì", "mục tiêu chung là gì", "muốn xây dựng … như thế nào": what the targets say, not a figure
_OPEN_TARGET = re.compile(rf"(?:{_TARGET_CUES}).*\b(gì|nào|thế nào|ra sao)\b")
_AMOUNT = re.compile(_AMOUNT_CUES)

# On the normalized question (lower case, tone marks canonical, restored when typed without them).
VIETNAMESE: list[tuple[Slot, str]] = [
    (Slot.SIGNER, r"\b(ai|người nào|vị nào)\s+(đã\s+)?ký\b|\bngười ký\b|\bký\s+(bởi|là ai)|\bdo ai ký\b|\bchữ ký của ai\b"),
    (Slot.DATE, r"\bban hành\s+(vào\s+)?(ngày|năm|khi|lúc)\s*(nào|bao giờ)?\b|\bngày ban hành\b|\bngày ký\b|\bký\s+(ngày|khi)\s+nào\b"),
    (Slot.VALIDITY, r"\bhiệu lực\b|\bcòn áp dụng\b|\bcó hiệu lực\b|\báp dụng từ\b"),
    (Slot.REPLACEMENT, r"\bthay thế\b|\bbãi bỏ\b|\bhết hiệu lực\b|\bsửa đổi\b"),
    (Slot.NUMBER, r"\bsố (mấy|bao nhiêu|hiệu)\b|\bmang số\b|\bsố ký hiệu\b"),
    (Slot.ISSUER, r"\b(cơ quan|ai|đơn vị)\s+(nào\s+)?(đã\s+)?ban hành\b|\bdo (ai|cơ quan nào) ban hành\b"),
    (Slot.COUNT, r"\b(có\s+)?(mấy|bao nhiêu)\s+(nhóm|nhiệm vụ|chỉ tiêu|giải pháp|nội dung|mục|lĩnh vực|quan điểm|"
                 r"nguyên tắc|điều|chương|thành phần|trụ cột|định hướng)\b"),
    # "3 … nào", "ba trụ cột … nào": a count asked with the items; not "năm" (five), which is also "year"
    (Slot.LIST, r"\b(những|các)\s+" + _W + r"nào\b|\bliệt kê\b|\bgồm (những|các)\b|\b((phải|cần|được giao)\s+)?((làm|thực hiện|triển khai)\s+)?những (gì|việc gì|nội dung gì)\b|"
                r"\bbao gồm\b|\bkể (tên|ra)\b|\bnêu (tên|ra|cụ thể)\b|\b(\d{1,3}|hai|ba|bốn|sáu|bảy|tám|chín|mười)\s+(?:\w+\s+){1,5}nào\b|\b(những|các)\s+(\w+\s+){1,14}(là\s+)?gì\b|\bnhững nhiệm vụ\b|\bcác nhiệm vụ\b"),
    # who measures: "cơ quan nào (chủ trì) đo lường", "… theo dõi là ai"; not "Đề án đánh giá", "camera giám sát"
    (Slot.MONITOR, r"\b(cơ quan|ai|bộ|sở|đơn vị|bên|địa phương|tỉnh)\s+(nào\s+)?(\w+\s+){0,3}(theo dõi|đánh giá|đo lường|giám sát|thống kê)\b|"
                   r"\b(theo dõi|đánh giá|đo lường|giám sát|thống kê)\b(\s+\w+){0,8}\s+(là ai|cơ quan nào|bộ nào|đơn vị nào)\b"),
    (Slot.COORDINATING, r"\bphối hợp\b|\bcùng (với )?(ai|cơ quan)\b|\bhỗ trợ\s+(bởi|là)\b"),
    (Slot.LEAD, r"\b(cơ quan|bộ|sở|ban|ngành|đơn vị|ai|bên|chỗ)\s+(nào|gì)\b|\bai\b|\bchủ trì\b|\bphụ trách\b|\bchịu trách nhiệm\b|"
                r"\bđầu mối\b|\bgiao cho\b|\bdo (ai|đâu|cơ quan nào)\b|\b(lo|làm|thực hiện|triển khai) (việc )?(này|đó)\b"),
    (Slot.DEADLINE, r"\bkhi nào\b|\bbao giờ\b|\bthời hạn\b|\bhạn\b|\bthời gian (thực hiện|hoàn thành)\b|\blúc nào\b|"
                    r"\bnăm nào\b|\btiến độ\b|\bhoàn thành (vào|trước|trong|khi)\b|\bđến (khi|lúc) nào\b|\bmất bao lâu\b|"
                    r"\bphải xong\b|\bxong (trong|trước|vào)\b|\bbao lâu một lần\b|\b(vào )?(ngày|dịp) nào\b"),
    # "sản phẩm là gì", "sản phẩm cần đạt là gì"; not the subject's "ưu đãi sản phẩm công nghệ số"
    (Slot.PRODUCT, r"\bsản phẩm(\s+\w+){0,4}\s+(là\s+)?(gì|nào)\b|\bsản phẩm (dự kiến|đầu ra)\b|"
                   r"\bkết quả (dự kiến|đầu ra|cần đạt)\b|\bhình thức văn bản\b|\bđầu ra\b"),
    (Slot.RESULT, r"\bđã (đạt|làm|thực hiện|triển khai|hoàn thành|có|ban hành|được)\b|\bđạt được\b|\bkết quả\b|\bđến đâu\b|"
                  r"\bthực tế\b|\b(chưa|xong chưa)\b"),
    (Slot.VALUE, rf"{_AMOUNT_CUES}|{_TARGET_CUES}"),
    (Slot.YEAR, r"\bnăm nào\b|\bgiai đoạn nào\b|\bđến năm nào\b"),
]
ENGLISH: list[tuple[Slot, str]] = [
    (Slot.SIGNER, r"\bwho (signed|signs)\b|\bsigned by\b|\bsigner\b|\bsignatory\b"),
    (Slot.DATE, r"\bwhen was\b.*\b(issued|signed|adopted|approved)\b|\bdate of (issue|issuance|signing)\b|\bissued on\b"),
    (Slot.VALIDITY, r"\bin force\b|\beffective\b|\btakes? effect\b|\bvalid\b"),
    (Slot.REPLACEMENT, r"\breplac\w*\b|\bsupersed\w*\b|\brepeal\w*\b|\bamend\w*\b"),
    (Slot.NUMBER, r"\bwhat (is its |is the )?number\b|\bnumbered\b|\breference number\b"),
    (Slot.ISSUER, r"\bwho issued\b|\bissued by\b|\bwhich (body|agency|authority) issued\b"),
    (Slot.COUNT, r"\bhow many (groups|tasks|targets|indicators|solutions|areas|projects|principles|articles|items)\b"),
    (Slot.LIST, r"\bwhich (tasks|targets|indicators|projects|measures|solutions|areas)\b|\bwhat (tasks|targets|measures|"
                r"solutions|principles|viewpoints|groups)\b|\blist\b|\bname (them|the|all|each)\b|\ball (the )?(tasks|targets)\b"),
    (Slot.MONITOR, r"\bmonitor\w*\b|\bmeasur\w*\b|\bevaluat\w*\b|\btrack\w*\b"),
    (Slot.COORDINATING, r"\bcoordinat\w*\b|\bsupport(s|ing)? (agency|agencies|bodies)\b|\bpartner (agencies|bodies)\b|"
                        r"\bwork(s)? with\b|\btogether with\b"),
    (Slot.LEAD, r"\bwho\b|\bwhich (ministr(y|ies)|agenc(y|ies)|bod(y|ies)|departments?|authorit(y|ies)|organi[sz]ations?|units?|"
                r"provinces?|localities|locality)\b|"
                r"\bresponsible\b|\bin charge\b|\bleads?\b|\blead agency\b|\bin the lead\b"),
    (Slot.DEADLINE, r"\bwhen\b|\bdeadline\b|\bby when\b|\btimeline\b|\btime ?frame\b|\bdue\b|\bwhat year\b|\bschedule\b|"
                    r"\b(what|which) (date|day|month)\b|\bhow often\b"),
    (Slot.PRODUCT, r"\boutputs?\b|\bdeliverables?\b|\bexpected results?\b|\bwhat (is the )?products?\b|\bproducts? (is|are) "
                   r"(expected|required)\b"),
    (Slot.RESULT, r"\bachiev\w*\b|\bresults?\b|\bprogress\b|\bdone\b|\bcompleted\b|\bso far\b|\bin 20\d\d, (how|what)\b"),
    (Slot.VALUE, r"\bhow (much|many|far|high|fast)\b|\bwhat (share|percentage|proportion|rate|level|target|figure)\b|"
                 r"\bpercent\w*\b|\bshare\b|\brate\b|\btarget\b|%|\bproportion\b"),
    (Slot.YEAR, r"\bwhat year\b|\bwhich year\b|\bwhich period\b"),
]
_COMPILED = {"vi": [(slot, re.compile(pattern)) for slot, pattern in VIETNAMESE],
             "en": [(slot, re.compile(pattern, re.IGNORECASE)) for slot, pattern in ENGLISH]}
_NAMES_LEAD = {"vi": re.compile(r"\bchủ trì\b|\bphụ trách\b|\bchịu trách nhiệm\b|\bđầu mối\b|\bgiao cho\b"),
               "en": re.compile(r"\blead\w*\b|\bin charge\b|\bresponsible\b", re.IGNORECASE)}
_DOCUMENT_ITSELF = re.compile(r"\b(văn bản|quyết định|kế hoạch|nghị quyết|nghị định|thông tư|công điện|thông báo|chỉ thị|"
                              r"dự thảo|decision|plan|resolution|decree|circular|telegram|notice|directive|document)\b",
                              re.IGNORECASE)


def slots_of(normalized: str, language: str = "vi") -> tuple[Slot, ...]:
    """The slots asked, in the order the question asks them; CONTENT when none is."""
    found: list[tuple[int, Slot]] = []
    for slot, pattern in _COMPILED[language]:
        m = pattern.search(normalized)
        if m:
            found.append((m.start(), slot))
    slots = [slot for _, slot in sorted(found, key=lambda item: item[0])]
    if language == "vi" and slots in ([Slot.VALUE], [Slot.VALUE, Slot.YEAR]) and _OPEN_TARGET.search(normalized) \
            and not _AMOUNT.search(normalized):
        slots = [Slot.CONTENT]  # "về Chính phủ số, đặt mục tiêu gì": the targets under it, each with its figure
    if Slot.COUNT in slots and Slot.VALUE in slots:
        slots.remove(Slot.VALUE)  # "có mấy nhóm": a count of items, not a figure
    if set(slots) & IDENTITY and not _DOCUMENT_ITSELF.search(normalized):
        slots = [s for s in slots if s not in IDENTITY]  # "thay thế bệnh án giấy" is not about a replaced text
    if Slot.COORDINATING in slots and Slot.LEAD in slots and not _NAMES_LEAD[language].search(normalized):
        slots.remove(Slot.LEAD)  # "cơ quan nào phối hợp với Bộ Y tế": the bodies asked are the coordinating ones
    if Slot.SIGNER in slots and Slot.LEAD in slots:
        slots.remove(Slot.LEAD)  # "ai ký": who signed, not who leads
    if Slot.ISSUER in slots and Slot.LEAD in slots:
        slots.remove(Slot.LEAD)
    return tuple(dict.fromkeys(slots)) or (Slot.CONTENT,)


def without_cues(normalized: str, language: str = "vi") -> str:
    """The question with its slot cues taken out ("Bộ Y tế chủ trì những nhiệm vụ gì về dữ liệu?" →
    "Bộ Y tế về dữ liệu?"): what it is about, beside what it asks for."""
    def cut(match: re.Match[str]) -> str:
        words = match.group(0).split()  # "các … là gì" spans the subject: only its ends are the cue
        return " " if len(words) <= CUE_WORDS else f" {' '.join(words[1:-1])} "

    for _, pattern in _COMPILED[language]:
        normalized = pattern.sub(cut, normalized)
    return " ".join(normalized.split())

