"""The server under hostile conditions, in process: Host names, surrogates, headers, HEAD and 405,
refusals with a true Retry-After, IPv6 quotas, feedback bound to real answers, login guessing,
temporary files, /docs."""

from __future__ import annotations

import re
import tempfile
from html import unescape
from pathlib import Path

import pytest

from tests.conftest import client_for, make_app

QUESTION = "Cơ quan nào chủ trì xây dựng Nghị định quy định hoạt động của Sàn dữ liệu?"
HEADERS = ("content-security-policy", "x-content-type-options", "x-frame-options", "referrer-policy")


@pytest.fixture(scope="module")
def client(assistant, tmp_path_factory):
    return client_for(make_app(assistant, tmp_path_factory.mktemp("web"), public_rate_limit=0),
                      raise_server_exceptions=False)


@pytest.mark.parametrize("path", ["/", "/api/health", "/can-bo/", "/van-ban/qd-1033-2026"])
def test_a_foreign_host_gets_400(client, path):
    assert client.get(path, headers={"Host": "attacker.example"}).status_code == 400
    assert client.get(path, headers={"Host": "localhost:7860"}).status_code == 200


def test_configured_host_names_are_answered(assistant, tmp_path):
    client = client_for(make_app(assistant, tmp_path, allowed_hosts=("hoidap.example.vn",)))
    assert client.get("/api/health", headers={"Host": "hoidap.example.vn"}).status_code == 200
    assert client.get("/api/health", headers={"Host": "other.example.vn"}).status_code == 400


def test_forwarded_host_never_reaches_the_officials_page(client):
    page = client.get("/can-bo/config", headers={"X-Forwarded-Host": "attacker.example"})
    assert "attacker.example" not in page.text


def test_lone_surrogates_get_our_own_422(client):
    for body in ('{"question": "kinh t\\ud800 s\\u1ed1"}', '{"question": "kinh tế số", "documents": ["\\ud800"]}',
                 '{"question": "Còn năm 2025?", "history": ["\\udfff"]}'):
        response = client.post("/api/ask", content=body, headers={"content-type": "application/json"})
        assert response.status_code == 422, body
        message = response.json()["error"]["message"]
        assert "codec" not in message and "surrogates not allowed" not in message
    page = client.post("/", data={"question": "\ud800 kinh tế số".encode("utf-8", "surrogatepass")})
    assert page.status_code in (200, 422) and "Traceback" not in page.text


@pytest.mark.parametrize("path", ["/", "/api/health", "/can-bo/", "/van-ban/qd-1033-2026", "/nothing-here"])
def test_every_response_has_the_security_headers(client, path):
    response = client.get(path)
    assert all(name in response.headers for name in HEADERS), response.headers
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"


def test_the_citizens_page_allows_no_script(client):
    policy = client.get("/").headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src" not in policy


def test_head_works_and_405_says_what_is_allowed(client):
    for path in ("/", "/api/health", "/van-ban/qd-1033-2026"):
        head = client.head(path)
        assert head.status_code == 200 and head.content == b"" and head.headers["content-type"]
    wrong = client.post("/api/health", json={})
    assert wrong.status_code == 405 and wrong.headers["allow"] == "GET, HEAD"
    assert client.get("/api/ask").headers["allow"] == "POST"


def test_docs_are_off_unless_asked_for(client, assistant, tmp_path):
    assert client.get("/docs").status_code == 404 and client.get("/openapi.json").status_code == 200
    assert client_for(make_app(assistant, tmp_path, api_docs=True)).get("/docs").status_code == 200


def test_refusals_are_429_on_the_page_and_the_api_with_the_true_wait(assistant, tmp_path):
    from webui.limits import RateLimiter

    app = make_app(assistant, tmp_path, public_rate_limit=1)
    now = [1000.0]
    app.state.limiter = RateLimiter(1, clock=lambda: now[0])
    client = client_for(app)
    assert client.post("/api/ask", json={"question": QUESTION}).status_code == 200
    now[0] += 20.5
    api = client.post("/api/ask", json={"question": QUESTION})
    page = client.post("/", data={"question": QUESTION})
    assert (api.status_code, page.status_code) == (429, 429)
    assert api.headers["retry-after"] == page.headers["retry-after"] == "40"
    assert "40 giây" in page.text


def test_addresses_in_one_64_share_a_quota(assistant, tmp_path):
    client = client_for(make_app(assistant, tmp_path, public_rate_limit=2, trusted_proxies=("10.0.0.0/8",)),
                        client=("10.0.0.2", 50000))
    codes = [client.post("/api/ask", json={"question": QUESTION},
                         headers={"X-Forwarded-For": forwarded}).status_code
             for forwarded in ("2001:db8:5:6::1", "2001:DB8:5:6:0:0:0:1", "2001:db8:5:6:abcd::2")]
    assert codes == [200, 200, 429]


def _feedback_fields(page: str) -> dict:
    form = page[page.index('class="pq-feedback"'):]
    fields = dict(re.findall(r'<input type="hidden" name="(question|answer|answer_id)" value="([^"]*)"', form))
    fields = {k: unescape(v) for k, v in fields.items()}
    fields["citations"] = [unescape(c) for c in re.findall(r'name="citations" value="([^"]*)"', form)]
    return fields


def test_feedback_is_bound_to_an_answer_the_server_gave(assistant, tmp_path):
    from webui.feedback import read_all

    client = client_for(make_app(assistant, tmp_path))
    fields = _feedback_fields(client.post("/", data={"question": QUESTION}).text)
    assert client.post("/phan-hoi", data={**fields, "rating": "wrong", "comment": "sai"}).status_code == 200
    [stored] = read_all(tmp_path)
    assert stored["question"] == QUESTION and stored["answer"] == fields["answer"] and stored["comment"] == "sai"
    forged = {**fields, "answer": "Câu trả lời bịa đặt", "rating": "wrong"}
    for bad in (forged, {"rating": "wrong", "question": "", "answer": ""}, {**fields, "answer_id": "0" * 40,
                                                                          "rating": "correct"}):
        refused = client.post("/phan-hoi", data=bad)
        assert refused.status_code == 422 and "không gắn với câu trả lời" in refused.text
    assert len(read_all(tmp_path)) == 1
    assert client.post("/api/ask", json={"question": QUESTION}).json()["answer_id"] == fields["answer_id"]


def test_feedback_has_a_quota_of_its_own(assistant, tmp_path):
    client = client_for(make_app(assistant, tmp_path, feedback_rate_limit=2, public_rate_limit=0))
    fields = _feedback_fields(client.post("/", data={"question": QUESTION}).text)
    codes = [client.post("/phan-hoi", data={**fields, "rating": "correct"}).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert client.post("/api/ask", json={"question": QUESTION}).status_code == 200  # questions still answered


def test_the_21st_wrong_password_in_a_minute_is_refused_unchecked(assistant, tmp_path, monkeypatch):
    import webui.auth as auth

    users = tmp_path / "users"
    users.write_text(f"lan:{auth.hash_password('đúng rồi')}\n", encoding="utf-8")
    checked = []
    real = auth.verify_password
    monkeypatch.setattr(auth, "verify_password", lambda password, stored: checked.append(1) or real(password, stored))
    client = client_for(make_app(assistant, tmp_path, officials_users=users))
    codes = [client.post("/can-bo/login", data={"username": "lan", "password": f"sai {n}"}).status_code
             for n in range(21)]
    assert codes[:5] == [400] * 5 and codes[20] == 429
    assert len(checked) < 21 and "retry-after" in client.post(
        "/can-bo/login", data={"username": "lan", "password": "sai"}).headers


def test_a_body_without_a_session_is_refused_before_it_is_read(assistant, tmp_path):
    import webui.auth as auth

    users = tmp_path / "users"
    users.write_text(f"lan:{auth.hash_password('đúng rồi')}\n", encoding="utf-8")
    client = client_for(make_app(assistant, tmp_path, officials_users=users))
    read = []

    def body():
        for _ in range(1000):
            read.append(1)
            yield b"x" * 65536

    response = client.post("/can-bo/gradio_api/queue/join", content=body())
    assert response.status_code == 401 and len(read) <= 1


def test_officials_answers_leave_no_temporary_files(assistant, tmp_path, monkeypatch):
    """50 answers and 50 facts views: the exports are built in the browser, nothing lands on disk."""
    from policyqa.settings import Settings
    from webui.officials import build
    from webui.service import AssistantService

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    monkeypatch.setenv("GRADIO_TEMP_DIR", str(scratch / "gradio"))
    blocks = build(AssistantService(Settings(home=tmp_path), assistant), Settings(home=tmp_path))
    handlers = {f.fn.__name__: f.fn for f in blocks.fns.values() if getattr(f, "fn", None)}
    chat, turns = [], []
    for n in range(50):
        *_, last = handlers["respond"](f"{QUESTION} ({n})", chat, turns, [], False)
        _, chat, turns, _, _, conversation = last
        handlers["show_facts"]("Tất cả", "Tất cả", "Tất cả")
    assert len(turns) == 50 and conversation.count("**Hỏi:**") == 50
    assert [p for p in Path(scratch).rglob("*") if p.is_file()] == []
