"""The officials' page (`/can-bo/`): a gradio chat with citations that open in a side panel,
document filters, the retrieved passages on demand, a facts tab, exports and feedback."""

from __future__ import annotations

from http.cookies import CookieError, SimpleCookie
from typing import Any
from urllib.parse import urlencode

import gradio as gr

from policyqa.settings import Settings
from webui.facts_table import agencies, fact_rows, filter_rows, to_html, years
from webui.feedback import Feedback, FeedbackError, append
from webui.guard import RequestError, checked_question
from webui.render import answer_html, answer_markdown, clause_panel, escape, passages_html
from webui.service import AssistantService

EXAMPLES = [
    "Đến năm 2030, tỷ trọng kinh tế số trong GDP đạt bao nhiêu theo Quyết định 1033/QĐ-TTg?",
    "Cơ quan nào chủ trì xây dựng Nghị định quy định hoạt động của Sàn dữ liệu?",
    "Giữa mục tiêu phủ cáp quang 1Gb/s cho hộ gia đình và mục tiêu phủ sóng 5G theo dân số, "
    "mục tiêu nào đặt tỷ lệ cao hơn?",
    "Những nhiệm vụ nào Bộ Công an chủ trì trong năm 2026?",
]
ALL = "Tất cả"
PANEL_EMPTY = '<p class="pq-empty">Bấm vào một trích dẫn để xem nguyên văn điều khoản.</p>'

# Clicks on a citation link inside the chat open the clause in the side panel instead of leaving the page.
CITATION_CLICKS = """
if (!window.pqCitationClicks) {
  window.pqCitationClicks = true;
  document.addEventListener('click', (event) => {
    const link = event.target.closest ? event.target.closest('a.pq-cite') : null;
    const chat = document.getElementById('pq-chat');
    if (!link || !chat || !chat.contains(link)) return;
    event.preventDefault();
    trigger('click', {clause: link.dataset.clause, marker: link.dataset.marker});
  }, true);
  // In the question box, Enter sends and Shift+Enter adds a line (not while an IME is composing);
  // Gradio's own handler, which would do the opposite, never sees these keys.
  document.addEventListener('keydown', (event) => {
    const box = document.getElementById('pq-question');
    if (event.key !== 'Enter' || event.isComposing || !box || !box.contains(event.target)) return;
    event.preventDefault();
    event.stopPropagation();
    const area = event.target;
    if (event.shiftKey) {
      const start = area.selectionStart, end = area.selectionEnd;
      area.value = area.value.slice(0, start) + String.fromCharCode(10) + area.value.slice(end);
      area.selectionStart = area.selectionEnd = start + 1;
      area.dispatchEvent(new Event('input', {bubbles: true}));
      return;
    }
    const send = document.querySelector('#pq-send');
    if (send) send.click();
  }, true);
}
"""

CSS = """
#pq-panel mark { background: #ffe066; color: #000; }
.pq-panel h3 { margin-top: 0; } .pq-breadcrumb { color: #555; font-size: .9em; }
.pq-quote { margin: .2rem 0 .5rem; padding-left: .6rem; border-left: 3px solid #8aa9d6; }
.pq-notes { margin-top: .6rem; padding: .4rem .6rem; background: #fff6e0; border: 1px solid #e0b050; }
.pq-meta { display: grid; grid-template-columns: max-content 1fr; gap: .1rem .8rem; }
.pq-meta dd { margin: 0; }
.pq-facts-wrap { max-height: 640px; overflow: auto; }
.pq-facts, .pq-passages { border-collapse: collapse; font-size: .9em; }
.pq-facts th, .pq-facts td, .pq-passages th, .pq-passages td { border: 1px solid #bbb; padding: .25rem; vertical-align: top; }
"""


def _turn_citation(turns: list[dict[str, Any]], clause_id: str, marker: str | None) -> str:
    """The quote a clause was cited with, from the latest answer that cites it."""
    for turn in reversed(turns):
        for citation in (turn.get("answer") or {}).get("citations", []):
            if citation["clause_id"] == clause_id and (marker is None or str(citation["marker"]) == str(marker)):
                return citation["quote"]
    return ""


def _conversation(turns: list[dict[str, Any]]) -> str:
    """The conversation as Markdown; the browser saves it (no file is written on the server)."""
    if not turns:
        return ""
    return "# Hỏi đáp chính sách số\n\n" + "\n---\n\n".join(t["markdown"] for t in turns)


# Exports are built in the browser from text the page already holds: nothing is written to disk.
DOWNLOAD = """(text) => {
  if (!text) return;
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([text], {type: 'text/markdown;charset=utf-8'}));
  link.download = 'hoi-dap-chinh-sach-so.md';
  document.body.appendChild(link); link.click(); link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}"""


def _facts_csv_link(document: str | None, agency: str | None, year: str | None) -> str:
    """The CSV of the filtered facts comes from /api/facts.csv, built when it is asked for."""
    query = urlencode({k: v for k, v in (("document", document), ("agency", agency), ("year", year))
                       if v not in (None, ALL)})
    return (f'<a class="pq-download" id="pq-facts-csv" href="/api/facts.csv{"?" + query if query else ""}" '
            f'download="chi-tieu-nhiem-vu.csv">Tải CSV</a>')


def build(service: AssistantService, settings: Settings) -> gr.Blocks:
    corpus = service.assistant.searcher.corpus
    document_choices = [(d.short_name, d.id) for d in corpus.documents]
    rows = fact_rows(corpus)

    def respond(question: str, chat: list, turns: list, documents: list[str], show: bool):
        chat, turns = list(chat or []), list(turns or [])
        try:
            question = checked_question(question, settings)
        except RequestError as error:
            gr.Warning(error.message)
            yield question, chat, turns, gr.skip(), gr.skip(), gr.skip()
            return
        assistant = service.assistant
        chosen = documents if documents and len(documents) < len(document_choices) else None
        chat += [{"role": "user", "content": escape(question)}, {"role": "assistant", "content": ""}]
        shown = ""
        for piece in assistant.stream(question, documents=chosen, history=[t["question"] for t in turns]):
            if isinstance(piece, str):
                shown += piece
                chat[-1] = {"role": "assistant", "content": escape(shown)}
                yield "", chat, turns, gr.skip(), gr.skip(), gr.skip()
            else:
                answer = piece
        chat[-1] = {"role": "assistant", "content": answer_html(answer)}
        markdown = answer_markdown(question, answer)
        turns.append({"question": question, "answer": answer.to_dict(), "markdown": markdown})
        yield ("", chat, turns, gr.update(value=passages_html([h.to_dict() for h in answer.passages]), visible=show), markdown,
               _conversation(turns))

    def open_citation(turns: list, event: gr.EventData) -> str:
        data = event._data or {}
        clause_id = str(data.get("clause", ""))
        return clause_panel(service.assistant.searcher.corpus, clause_id,
                            _turn_citation(turns or [], clause_id, data.get("marker")))

    def give_feedback(turns: list, comment: str, event: gr.LikeData, request: gr.Request) -> str:
        turn_index = event.index // 2 if isinstance(event.index, int) else event.index[0] // 2
        if not turns or turn_index >= len(turns):
            return ""
        turn = turns[turn_index]
        citations = [f"[{c['marker']}] {c['citation']} ({c['clause_id']})" for c in turn["answer"]["citations"]]
        try:  # the turn is the server's own record of the answer (gradio keeps State on the server)
            append(settings.home, Feedback("correct" if event.liked else "wrong", turn["question"],
                                           turn["answer"]["answer"], citations, comment or "", page="officials",
                                           user=getattr(request, "username", None) or ""))
        except FeedbackError as error:
            return str(error)
        return "Đã ghi nhận phản hồi. Cảm ơn!"

    def show_facts(document: str, agency: str, year: str):
        current = fact_rows(service.assistant.searcher.corpus)  # after a re-ingest, the new facts
        found = filter_rows(current, None if document in (None, ALL) else document,
                            None if agency in (None, ALL) else agency,
                            int(year) if year not in (None, ALL) else None)
        return to_html(found), _facts_csv_link(document, agency, year)

    # delete_cache: gradio's own cache (nothing of ours is written there) is swept hourly.
    with gr.Blocks(title="policyqa - cán bộ", delete_cache=(3600, 3600)) as blocks:
        turns = gr.State([])
        gr.Markdown("## Hỏi đáp chính sách số (dành cho cán bộ)\nMỗi câu trả lời trích nguyên văn điều khoản làm "
                    "căn cứ. Bấm vào trích dẫn để xem điều khoản. Có thể hỏi bằng tiếng Anh; câu trả lời vẫn trích "
                    "văn bản tiếng Việt (answers quote the Vietnamese documents). Enter để gửi, Shift+Enter để xuống dòng.")
        with gr.Tab("Hỏi đáp"):
            with gr.Row():
                with gr.Column(scale=3):
                    chat = gr.Chatbot(label="Cuộc hỏi đáp", elem_id="pq-chat", height=520, sanitize_html=False,
                                      feedback_options=("Like", "Dislike"), buttons=["copy"])
                    question = gr.Textbox(label="Câu hỏi", lines=2, elem_id="pq-question",
                                          placeholder="Ví dụ: Cơ quan nào chủ trì …? Chỉ tiêu … đến năm 2030 là bao nhiêu?")
                    with gr.Row():
                        send = gr.Button("Hỏi", variant="primary", elem_id="pq-send")
                        new = gr.Button("Cuộc hỏi đáp mới")
                    gr.Examples(EXAMPLES, inputs=question, label="Câu hỏi mẫu")
                    comment = gr.Textbox(label="Góp ý kèm phản hồi (không bắt buộc), rồi bấm nút Thích / Không "
                                               "thích dưới câu trả lời", lines=1, elem_id="pq-comment")
                    feedback_status = gr.Markdown(elem_id="pq-feedback-status")
                    with gr.Row():
                        copy = gr.Button("Sao chép câu trả lời kèm trích dẫn", elem_id="pq-copy")
                        export = gr.Button("Tải cuộc hỏi đáp (Markdown)", elem_id="pq-export")
                    last_answer = gr.Textbox(visible="hidden", elem_id="pq-last-answer")
                    conversation = gr.Textbox(visible="hidden", elem_id="pq-conversation")
                with gr.Column(scale=2):
                    documents = gr.CheckboxGroup(document_choices, value=[d for _, d in document_choices],
                                                 label="Tìm trong các văn bản", elem_id="pq-documents")
                    show = gr.Checkbox(label="Hiện các đoạn tìm được kèm điểm số", elem_id="pq-show-passages")
                    panel = gr.HTML(PANEL_EMPTY, js_on_load=CITATION_CLICKS, elem_id="pq-panel")
                    passages = gr.HTML(visible=False, elem_id="pq-passages")
        with gr.Tab("Chỉ tiêu và nhiệm vụ", elem_id="pq-facts-tab"):
            with gr.Row():
                document = gr.Dropdown([(ALL, ALL), *document_choices], value=ALL, label="Văn bản",
                                       elem_id="pq-facts-document")
                agency = gr.Dropdown([ALL, *agencies(rows)], value=ALL, label="Cơ quan", elem_id="pq-facts-agency")
                year = gr.Dropdown([ALL, *map(str, years(rows))], value=ALL, label="Năm", elem_id="pq-facts-year")
            csv_link = gr.HTML(_facts_csv_link(None, None, None))
            table = gr.HTML(elem_id="pq-facts")

        outputs = [question, chat, turns, passages, last_answer, conversation]
        send.click(respond, [question, chat, turns, documents, show], outputs)
        question.submit(respond, [question, chat, turns, documents, show], outputs)
        new.click(lambda: ([], [], PANEL_EMPTY, "", ""), None, [chat, turns, panel, last_answer, conversation])
        panel.click(open_citation, [turns], panel)
        chat.like(give_feedback, [turns, comment], feedback_status)
        show.change(lambda on: gr.update(visible=on), show, passages)
        copy.click(None, last_answer, None, js="(text) => { navigator.clipboard.writeText(text || ''); }")
        export.click(None, conversation, None, js=DOWNLOAD)
        for control in (document, agency, year):
            control.change(show_facts, [document, agency, year], [table, csv_link])
        blocks.load(show_facts, [document, agency, year], [table, csv_link])
    return blocks


QUEUE_POLL_SECONDS = 0.02


def mount(app, service: AssistantService, settings: Settings, users: dict[str, str] | None, path: str = "/can-bo"):
    """The chat under `path`, behind a login when users are configured. Returns the app and, with
    logins, `signed_in(scope)`: whether a request carries a session gradio gave at login (None
    without logins: the page is open, on loopback only)."""
    from webui.auth import Login

    blocks = build(service, settings)
    app = gr.mount_gradio_app(app, blocks, path=path, auth=Login(users) if users else None,
                              auth_message="Đăng nhập bằng tài khoản cán bộ.", css=CSS, footer_links=[],
                              show_error=False, ssr_mode=False, mcp_server=False)
    # gradio's queue looks for work every millisecond, and for progress to send every 10 ms: 5% of a
    # core for a server doing nothing. Every QUEUE_POLL_SECONDS is unnoticeable beside an answer (the
    # chat shows no progress bars) and leaves an idle server idle.
    blocks._queue.sleep_when_free = QUEUE_POLL_SECONDS
    blocks._queue.progress_update_sleep_when_free = QUEUE_POLL_SECONDS * 5
    if not users:
        return app, None
    chat_app = next(route.app for route in app.routes if getattr(route, "path", None) == path)
    names = (f"access-token-{chat_app.cookie_id}", f"access-token-unsecure-{chat_app.cookie_id}")

    def signed_in(scope) -> bool:
        cookies = SimpleCookie()
        for key, value in scope["headers"]:
            if key == b"cookie":
                try:
                    cookies.load(value.decode("latin-1"))
                except CookieError:
                    return False
        return any(name in cookies and cookies[name].value in chat_app.tokens for name in names)

    return app, signed_in
