"""The officials' page (`/can-bo/`): a gradio chat with citations that open in a side panel,
document filters, the retrieved passages on demand, a facts tab, exports and feedback."""

from __future__ import annotations

import tempfile
from typing import Any

import gradio as gr

from policyqa.settings import Settings
from webui.facts_table import agencies, fact_rows, filter_rows, to_csv, to_html, years
from webui.feedback import Feedback, append
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


def _conversation_file(turns: list[dict[str, Any]]) -> str | None:
    if not turns:
        return None
    text = "# Hỏi đáp chính sách số\n\n" + "\n---\n\n".join(t["markdown"] for t in turns)
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".md", prefix="hoi-dap-", delete=False) as f:
        f.write(text)
    return f.name


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
        yield ("", chat, turns, gr.update(value=passages_html(answer.passages), visible=show), markdown,
               _conversation_file(turns))

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
        append(settings.home, Feedback("correct" if event.liked else "wrong", turn["question"],
                                       turn["answer"]["answer"], citations, comment or "", page="officials",
                                       user=getattr(request, "username", None) or ""))
        return "Đã ghi nhận phản hồi. Cảm ơn!"

    def show_facts(document: str, agency: str, year: str):
        current = fact_rows(service.assistant.searcher.corpus)  # after a re-ingest, the new facts
        found = filter_rows(current, None if document in (None, ALL) else document,
                            None if agency in (None, ALL) else agency,
                            int(year) if year not in (None, ALL) else None)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".csv", prefix="chi-tieu-nhiem-vu-",
                                         delete=False, newline="") as f:
            f.write(to_csv(found))
        return to_html(found), f.name

    with gr.Blocks(title="policyqa - cán bộ") as blocks:
        turns = gr.State([])
        gr.Markdown("## Hỏi đáp chính sách số (dành cho cán bộ)\nMỗi câu trả lời trích nguyên văn điều khoản làm "
                    "căn cứ. Bấm vào trích dẫn để xem điều khoản.")
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
                        export = gr.DownloadButton("Tải cuộc hỏi đáp (Markdown)", elem_id="pq-export")
                    last_answer = gr.Textbox(visible="hidden", elem_id="pq-last-answer")
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
            csv_file = gr.DownloadButton("Tải CSV", elem_id="pq-facts-csv")
            table = gr.HTML(elem_id="pq-facts")

        outputs = [question, chat, turns, passages, last_answer, export]
        send.click(respond, [question, chat, turns, documents, show], outputs)
        question.submit(respond, [question, chat, turns, documents, show], outputs)
        new.click(lambda: ([], [], PANEL_EMPTY, "", None), None, [chat, turns, panel, last_answer, export])
        panel.click(open_citation, [turns], panel)
        chat.like(give_feedback, [turns, comment], feedback_status)
        show.change(lambda on: gr.update(visible=on), show, passages)
        copy.click(None, last_answer, None, js="(text) => { navigator.clipboard.writeText(text || ''); }")
        for control in (document, agency, year):
            control.change(show_facts, [document, agency, year], [table, csv_file])
        blocks.load(show_facts, [document, agency, year], [table, csv_file])
    return blocks


def mount(app, service: AssistantService, settings: Settings, users: dict[str, str] | None, path: str = "/can-bo"):
    """The chat under `path`, behind a login when users are configured."""
    from webui.auth import Login

    blocks = build(service, settings)
    return gr.mount_gradio_app(app, blocks, path=path, auth=Login(users) if users else None,
                               auth_message="Đăng nhập bằng tài khoản cán bộ.", css=CSS, footer_links=[],
                               show_error=False, ssr_mode=False, mcp_server=False)
