"""The citizens' page (`/`): one question box, the answer with its sources, feedback. No JavaScript,
no history on the server; every text shown is escaped (see render.py)."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse

from webui.api import citation_lines, receipt
from webui.feedback import Feedback, FeedbackError, append
from webui.guard import RequestError, check_rate, checked_question, safe_text
from webui.receipts import is_genuine
from webui.render import answer_html, escape, page

router = APIRouter(include_in_schema=False)

EXAMPLES = [
    "Đến năm 2030, kinh tế số chiếm bao nhiêu phần trăm GDP?",
    "Cơ quan nào chủ trì xây dựng Nghị định về Sàn dữ liệu?",
    "Mục tiêu về doanh nghiệp nhỏ và vừa chuyển đổi số là gì?",
]

CSS = """
form.pq-ask label { display: block; font-weight: 600; margin-bottom: .3rem; }
textarea { width: 100%; box-sizing: border-box; font: inherit; padding: .5rem; border: 2px solid #555; border-radius: 4px; }
button { font: inherit; padding: .5rem 1rem; margin: .4rem .4rem 0 0; border-radius: 4px; border: 2px solid #0b4f9c;
         background: #0b4f9c; color: #fff; cursor: pointer; }
button.pq-secondary { background: #fff; color: #0b4f9c; text-align: left; }
.pq-intro, .pq-disclaimer { color: #333; } .pq-error { color: #a30000; font-weight: 600; }
.pq-result { margin-top: 1.2rem; border-top: 1px solid #ccc; padding-top: .8rem; }
.pq-question-echo { background: #f2f2f2; padding: .5rem; white-space: pre-wrap; overflow-wrap: anywhere; }
fieldset { border: 1px solid #ccc; margin-top: 1rem; }
"""


def _main(question: str = "", result: str = "") -> str:
    """The question form, then the answer or refusal (if any), then the example questions."""
    examples = "".join(f'<li><button class="pq-secondary" type="submit" name="question" value="{escape(e)}">'
                       f"{escape(e)}</button></li>" for e in EXAMPLES)
    return (f'<form class="pq-ask" method="post" action="/"><label for="question">Câu hỏi của bạn</label>'
            f'<textarea id="question" name="question" rows="3" required '
            f'aria-describedby="question-help">{escape(question)}</textarea>'
            f'<p id="question-help" class="pq-intro">Ví dụ: chỉ tiêu nào, cơ quan nào chủ trì, đến năm nào. '
            f'Có thể hỏi bằng tiếng Anh; câu trả lời trích nguyên văn văn bản tiếng Việt '
            f'<span lang="en">(you may ask in English; answers quote the Vietnamese documents)</span>.</p>'
            f'<button type="submit">Hỏi</button></form>{result}'
            f'<form method="post" action="/"><h2>Câu hỏi gợi ý</h2><ul class="pq-examples">{examples}</ul></form>')


def _alert(message: str, kind: str = "pq-error") -> str:
    return f'<p class="{kind}" role="{"alert" if kind == "pq-error" else "status"}">{escape(message)}</p>'


def _feedback_form(question: str, answer_text: str, citations: list[str], answer_id: str) -> str:
    hidden = "".join(f'<input type="hidden" name="citations" value="{escape(c)}">' for c in citations)
    return (f'<form class="pq-feedback" method="post" action="/phan-hoi"><fieldset><legend>Câu trả lời này có đúng '
            f'không?</legend><input type="hidden" name="question" value="{escape(question)}">'
            f'<input type="hidden" name="answer_id" value="{escape(answer_id)}">'
            f'<input type="hidden" name="answer" value="{escape(answer_text)}">{hidden}'
            f'<label for="comment">Góp ý (không bắt buộc)</label><textarea id="comment" name="comment" rows="2" '
            f'maxlength="2000"></textarea><button type="submit" name="rating" value="correct">Đúng</button>'
            f'<button type="submit" name="rating" value="wrong">Sai</button></fieldset></form>')


def _page(main: str, status: int = 200, headers: dict[str, str] | None = None) -> HTMLResponse:
    body = ('<header><h1>Hỏi đáp về chuyển đổi số, kinh tế số và xã hội số</h1>'
            '<p class="pq-disclaimer">Câu trả lời chỉ lấy từ các văn bản đã công bố (quyết định, dự thảo, báo cáo) '
            'và luôn ghi rõ điều khoản làm căn cứ. Khi văn bản không nói đến, chúng tôi sẽ nói như vậy.</p></header>'
            f"<main>{main}</main>"
            '<footer><p class="pq-intro">Không lưu lịch sử câu hỏi. Cán bộ dùng '
            '<a href="/can-bo/">trang dành cho cán bộ</a>.</p></footer>')
    return HTMLResponse(page("Hỏi đáp chính sách số", body, CSS), status_code=status, headers=headers)


@router.get("/", response_class=HTMLResponse)
def home() -> HTMLResponse:
    return _page(_main())


@router.post("/", response_class=HTMLResponse)
def ask(request: Request, question: str = Form("")) -> HTMLResponse:
    state = request.app.state
    try:
        check_rate(request, state.settings, state.limiter)
        question = checked_question(question, state.settings)
    except RequestError as error:
        return _refused(error, safe_text(question[:state.settings.max_question_chars]))
    try:
        answer = state.service.assistant.ask(question)
    except ValueError as error:  # the assistant's own refusal of a question it cannot search
        return _page(_main(question, _alert(str(error))), 422)
    result = (f'<section class="pq-result" aria-live="polite"><h2>Câu hỏi</h2>'
              f'<p class="pq-question-echo">{escape(question)}</p><h2>Trả lời</h2>{answer_html(answer)}'
              f"{_feedback_form(question, answer.answer, citation_lines(answer), receipt(request, question, answer))}"
              "</section>")
    return _page(_main("", result))


def _refused(error: RequestError, question: str = "") -> HTMLResponse:
    """The page again with the refusal, under the refusal's own status (429 with Retry-After, 413, 422)."""
    return _page(_main(question, _alert(error.message)), error.status, error.headers)


@router.post("/phan-hoi", response_class=HTMLResponse)
def feedback(request: Request, rating: str = Form(""), question: str = Form(""), answer: str = Form(""),
             answer_id: str = Form(""), comment: str = Form(""), citations: list[str] = Form([])) -> HTMLResponse:
    """Stored only for an answer this server gave (its `answer_id` matches), under a quota of its own."""
    state = request.app.state
    try:
        check_rate(request, state.settings, state.feedback_limiter, "gửi quá {n} phản hồi")
        if not is_genuine(state.receipt_key, answer_id, question, answer, citations):
            raise RequestError(422, "Phản hồi không gắn với câu trả lời nào của trang này.")
        append(state.settings.home, Feedback(rating, question, answer, citations, comment, page="public"))
    except RequestError as error:
        return _refused(error)
    except FeedbackError as error:
        return _page(_main("", _alert(str(error))), 503)
    except ValueError:
        return _page(_main("", _alert("Phản hồi không hợp lệ.")), 422)
    return _page(_main("", _alert("Cảm ơn bạn đã góp ý.", "pq-thanks")))
