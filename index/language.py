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
from importlib.resources import files

from index.vietnamese import fold, has_diacritics

# NLTK's English stop-word list, as llama-index-core ships it (offline): "and", "for", "in" are
# written in a few clauses' English names, and would otherwise count as rare words of the subject
ENGLISH_STOP_WORDS = frozenset(
    (files("llama_index.core") / "_static/nltk_cache/corpora/stopwords/english").read_text(encoding="utf-8").split())
ENGLISH_SHARE = 0.5  # of a question's plain words that the corpus never writes as syllables
FUNCTION_SHARE = 0.15  # of a question's words that are English function words no Vietnamese syllable spells
_WORD = re.compile(r"[^\W\d_]+")
# English names of document types and of the field's terms, and the Vietnamese words the texts use.
GLOSSARY = [
    (r"\bdecisions?\b", "quyết định"), (r"\bdecrees?\b", "nghị định"), (r"\bresolutions?\b", "nghị quyết"),
    (r"\bcirculars?\b", "thông tư"), (r"\bdirectives?\b", "chỉ thị"), (r"\b(official )?telegrams?\b", "công điện"),
    (r"\bnotices?\b|\bconclusions?\b", "thông báo kết luận"), (r"\bplans?\b", "kế hoạch"),
    (r"\bstrateg(y|ies)\b", "chiến lược"), (r"\bprogramm?es?\b", "chương trình"), (r"\bprojects?\b", "dự án đề án"), (r"\bschemes?\b", "đề án"),
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
    (r"\bministry of public security\b", "Bộ Công an"), (r"\bministry of finance\b", "Bộ Tài chính"),
    (r"\bministry of science and technology\b", "Bộ Khoa học và Công nghệ"),
    (r"\bministry of information and communications?\b", "Bộ Thông tin và Truyền thông"),
    (r"\bministry of health\b", "Bộ Y tế"), (r"\bministry of education and training\b", "Bộ Giáo dục và Đào tạo"),
    (r"\bministry of industry and trade\b", "Bộ Công Thương"), (r"\bstate bank\b", "Ngân hàng Nhà nước"),
    (r"\bministry of home affairs\b", "Bộ Nội vụ"), (r"\bministry of justice\b", "Bộ Tư pháp"),
    (r"\bministry of construction\b", "Bộ Xây dựng"), (r"\bministry of transport\b", "Bộ Giao thông vận tải"),
    (r"\bministry of agriculture and environment\b", "Bộ Nông nghiệp và Môi trường"),
    (r"\bministry of agriculture and rural development\b", "Bộ Nông nghiệp và Phát triển nông thôn"),
    (r"\bministry of natural resources and environment\b", "Bộ Tài nguyên và Môi trường"),
    (r"\bministry of foreign affairs\b", "Bộ Ngoại giao"), (r"\bministry of (national )?defen[cs]e\b", "Bộ Quốc phòng"),
    (r"\bministry of culture\b", "Bộ Văn hóa, Thể thao và Du lịch"), (r"\bgovernment office\b", "Văn phòng Chính phủ"),
    (r"\bministry of planning and investment\b", "Bộ Kế hoạch và Đầu tư"),
    (r"\blarge language models?\b|\bllms?\b", "mô hình ngôn ngữ lớn"), (r"\bdatasets?\b", "bộ dữ liệu"),
    (r"\bborder gates?\b", "cửa khẩu"), (r"\bsmart\b", "thông minh"), (r"\bcloud\b", "điện toán đám mây"),
    (r"\bcommittee\b", "ủy ban"), (r"\bchair\w*\b", "chủ tịch"), (r"\breview\b|\bevaluat\w*\b|\bassess\w*\b", "đánh giá"),
    (r"\bmid-?term\b", "sơ kết giữa kỳ"), (r"\bfinal\b", "tổng kết"), (r"\bexperts?\b", "chuyên gia"),
    (r"\btalents?\b", "nhân tài"), (r"\brank\w*\b", "xếp hạng"), (r"\bcertification authorit\w*\b", "chứng thực chữ ký số"),
    (r"\baction plans?\b", "kế hoạch hành động"), (r"\bremote\b", "từ xa"), (r"\bhospitals?\b", "bệnh viện"),
    (r"\bmedical records?\b", "bệnh án điện tử"), (r"\bpilot\w*\b", "thí điểm"), (r"\btrain\w*\b", "đào tạo"),
    (r"\bfund\w*\b|\bfinanc\w*\b", "kinh phí quỹ"), (r"\bbudget\b", "ngân sách"), (r"\binvest\w*\b", "đầu tư"),
    (r"\binfrastructure\b", "hạ tầng"), (r"\btelecom\w*\b", "viễn thông"), (r"\bdata cent(re|er)s?\b", "trung tâm dữ liệu"),
    (r"\bstart-?ups?\b", "khởi nghiệp"), (r"\binnovation\b", "đổi mới sáng tạo"), (r"\bscience\b", "khoa học"),
    (r"\btechnolog\w*\b", "công nghệ"), (r"\bpayments?\b", "thanh toán"), (r"\b(bank )?accounts?\b", "tài khoản"),
    (r"\be-?id\b|\bdigital identit\w*\b|\belectronic identif\w*\b", "định danh điện tử danh tính số"),
    (r"\bcitizens?\b|\bresidents?\b|\bpeople\b|\bpopulation\b", "người dân dân số"), (r"\badults?\b", "trưởng thành"),
    (r"\be-?mails?\b", "thư điện tử"), (r"\bmanag\w*\b", "quản lý"), (r"\boperat\w*\b", "vận hành"), (r"\bhouseholds?\b", "hộ gia đình"),
    (r"\bmobile\b", "di động"), (r"\bcoverage\b|\bcover\b", "phủ sóng"), (r"\bspeed\b", "tốc độ"),
    (r"\bonline\b", "trực tuyến"), (r"\badministrative procedures?\b", "thủ tục hành chính"), (r"\bdossiers?\b|\bfiles\b", "hồ sơ"),
    (r"\bpersonal data\b", "dữ liệu cá nhân"), (r"\bopen data\b", "dữ liệu mở"), (r"\bsmart cit(y|ies)\b", "đô thị thông minh"),
    (r"\btax\w*\b", "thuế"), (r"\bcustoms\b", "hải quan"), (r"\benergy\b", "năng lượng"), (r"\benvironment\w*\b", "môi trường"),
    (r"\bmonitoring stations?\b", "trạm quan trắc"), (r"\bvehicles?\b", "phương tiện"), (r"\bfactor(y|ies)\b", "nhà máy"),
    (r"\bindustrial (parks?|zones?|clusters?)\b", "khu công nghiệp cụm công nghiệp"), (r"\bhigh-?tech\b", "công nghệ cao"),
    (r"\bpost(al)?\b", "bưu chính"), (r"\bannual(ly)?\b|\beach year\b|\bevery year\b", "hằng năm"),
    (r"\bsemiconductor chips?\b|\bchips?\b", "chip bán dẫn"), (r"\bunmanned aerial\b|\bdrones?\b|\buav\b", "thiết bị bay không người lái"),
    (r"\bcommunes?\b", "xã"), (r"\bdistricts?\b", "huyện"), (r"\bcit(y|ies)\b", "thành phố"), (r"\bprovinces?\b", "tỉnh"),
    (r"\bsignatures?\b", "chữ ký"), (r"\bsoftware\b", "phần mềm"), (r"\bhardware\b", "phần cứng"), (r"\bcontent\b", "nội dung"),
    (r"\bcyber\w*\b", "an ninh mạng"), (r"\bsecurity\b", "an ninh an toàn"), (r"\binternet\b", "Internet"),
    (r"\bdigital platforms?\b", "nền tảng số"), (r"\bdigital skills?\b", "kỹ năng số"), (r"\bdigital technology\b", "công nghệ số"),
    (r"\bfarm\w*\b|\bagricultural\b", "nông nghiệp"), (r"\btourism\b|\btourist\b", "du lịch"), (r"\bschools?\b", "trường học"),
    (r"\buniversit(y|ies)\b", "đại học"), (r"\bstudents?\b", "học sinh sinh viên"), (r"\bteachers?\b", "giáo viên"),
    (r"\bwomen\b|\bgender\b", "phụ nữ"), (r"\bpoor\b|\bpoverty\b", "nghèo"), (r"\bethnic minorit\w*\b", "dân tộc thiểu số"),
    (r"\bsupport\w*\b|\bassist\w*\b|\bhelp\w*\b", "hỗ trợ"), (r"\bdeliver\w*\b|\boutputs?\b", "sản phẩm"),
]
# a space in a term matches a hyphen too: "digital-economy share", "e-commerce", "cloud-first"
_GLOSSARY = [(re.compile(pattern.replace(" ", r"[\s-]+"), re.IGNORECASE), words) for pattern, words in GLOSSARY]


def language_of(text: str, syllables: Iterable[str] | set[str]) -> str:
    """"en" or "vi". `syllables` are the corpus's folded syllables."""
    # a document's number ("2634/QĐ-TTg") is written the same in both languages
    words = _WORD.findall(re.sub(r"\b\d+(?:/\d{4})?/[\wĐđ-]+", " ", text.lower()))
    if not words:
        return "vi"
    known = syllables if isinstance(syllables, set) else set(syllables)
    # English's function words that are no Vietnamese syllable ("what", "does", "about"): an English
    # question quoting a Vietnamese name ("… the 'Bình dân học vụ số' programme?") has its marks
    function = sum(1 for w in words if w in ENGLISH_STOP_WORDS and fold(w) not in known)
    if function >= 2 and function / len(words) >= FUNCTION_SHARE:
        return "en"
    if sum(has_diacritics(w) for w in words) / len(words) >= 0.15:
        return "vi"
    plain = [w for w in words if len(w) > 1]
    if not plain:
        return "vi"
    foreign = sum(1 for w in plain if fold(w) not in known)
    return "en" if foreign / len(plain) >= ENGLISH_SHARE else "vi"


# Document types: English writes them after their modifiers ("the digital transformation plan"),
# Vietnamese before ("kế hoạch chuyển đổi số"), and a title is named from its head noun on.
_TYPE_WORDS = frozenset({"quyết định", "nghị định", "nghị quyết", "thông tư", "chỉ thị", "công điện", "thông báo kết luận",
                         "kế hoạch", "chiến lược", "chương trình", "dự án đề án", "đề án", "báo cáo", "luật"})
_PHRASE_YEAR = re.compile(r"\b((?:19|20)\d\d)\s*$")  # a year just before the modifiers of a type
_WITHIN_PHRASE = re.compile(r"^[\s\d–-]*$")  # what may stand between the words of one noun phrase


def vietnamese_cues(text: str) -> str:
    """The Vietnamese words the glossary gives for an English question's terms, in the question's
    order, except that a document type goes before the words that modify it in English ("the draft
    digital transformation plan" → "dự thảo kế hoạch chuyển đổi số", which names a document)."""
    found = sorted((m.start(), m.end(), words) for pattern, words in _GLOSSARY if (m := pattern.search(text)))
    out: list[tuple[int, int, str]] = []
    for start, end, words in found:
        if words not in _TYPE_WORDS:
            out.append((start, end, words))
            continue
        at = len(out)
        while at and out[at - 1][2] not in _TYPE_WORDS | {"dự thảo"} and \
                _WITHIN_PHRASE.match(text[out[at - 1][1]:(out[at][0] if at < len(out) else start)]):
            at -= 1
        # its year goes after it too: "the 2025 digital transformation plan" → "kế hoạch chuyển đổi số 2025"
        before = text[out[at - 1][1] if at else 0:out[at][0] if at < len(out) else start]
        year = _PHRASE_YEAR.search(before) if at < len(out) else None
        out.insert(at, (start, end, words))
        if year:
            out.insert(len(out), (start, end, year.group(1)))
    return " ".join(words for _, _, words in out)
