"""The web layer's pure parts: logins, client addresses and rate limits, HTML, the facts table, feedback."""

from __future__ import annotations

import json

import pytest

from assistant.answer import Answer, Citation, Note
from webui.auth import Login, UsersError, hash_password, parse_users, verify_password
from webui.facts_table import fact_rows, filter_rows, to_csv, to_html
from webui.feedback import Feedback, append, export, read_all
from webui.limits import RateLimiter, client_address
from webui.render import answer_html, document_url, highlighted


def test_password_hash_verifies_only_its_password():
    stored = hash_password("mật khẩu đúng")
    assert stored.startswith("scrypt$") and "mật khẩu" not in stored
    assert verify_password("mật khẩu đúng", stored)
    assert not verify_password("mật khẩu sai", stored)
    assert not verify_password("x", "not-a-hash")
    assert hash_password("a") != hash_password("a")  # salted


def test_users_file_parsing_and_login():
    users = parse_users(f"# cán bộ\nlan:{hash_password('pw1')}\n\nminh:{hash_password('pw2')}\n")
    login = Login(users)
    assert login("lan", "pw1") and login("minh", "pw2")
    assert not login("lan", "pw2") and not login("ai-do", "pw1")
    with pytest.raises(UsersError, match="line 1"):
        parse_users("lan:plaintext-password")
    with pytest.raises(UsersError, match="no users"):
        parse_users("# nothing\n")


def test_forwarded_for_is_believed_only_from_trusted_proxies():
    proxies = ("10.0.0.0/8",)
    assert client_address("203.0.113.5", "1.2.3.4", proxies) == "203.0.113.5"  # not a proxy: header ignored
    assert client_address("10.0.0.2", "1.2.3.4", proxies) == "1.2.3.4"
    # a client forging the header: the proxy appends the real address last
    assert client_address("10.0.0.2", "6.6.6.6, 1.2.3.4", proxies) == "1.2.3.4"
    assert client_address("10.0.0.2", "1.2.3.4, 10.0.0.7", proxies) == "1.2.3.4"
    assert client_address("10.0.0.2", None, proxies) == "10.0.0.2"
    assert client_address("127.0.0.1", "1.2.3.4", ()) == "127.0.0.1"


def test_rate_limit_is_a_sliding_window_per_client():
    now = [0.0]
    limiter = RateLimiter(3, clock=lambda: now[0])
    assert [limiter.allow("a") for _ in range(4)] == [True, True, True, False]
    assert limiter.allow("b")
    now[0] = 59.0
    assert not limiter.allow("a") and limiter.retry_after("a") >= 1
    now[0] = 60.5
    assert limiter.allow("a")
    assert all(RateLimiter(0).allow("a") for _ in range(100))


def _answer(text: str, quote: str = "đạt khoảng 30%") -> Answer:
    citation = Citation(1, "điểm a khoản 2 <Mục II>", "qd-1033-2026", "Quyết định", "qd-1033-2026:d1.m2.k2.a", quote)
    return Answer(text, [citation], notes=[Note("draft", "Dự thảo <b>chưa</b> ban hành.", "Nguồn <i>x</i>")])


def test_answer_html_escapes_every_text_and_links_markers():
    rendered = answer_html(_answer("Kinh tế số <script>alert(1)</script> đạt 30% [1].\n- mục <img src=x onerror=alert(1)> [1]"))
    assert "<script>" not in rendered and "<img" not in rendered and "<b>" not in rendered and "<i>" not in rendered
    assert "&lt;script&gt;" in rendered and "&lt;Mục II&gt;" in rendered
    assert rendered.count('class="pq-cite"') == 3  # two markers and the source line
    assert 'href="/van-ban/qd-1033-2026#qd-1033-2026:d1.m2.k2.a"' in rendered
    assert "<ul><li>" in rendered and "Lưu ý" in rendered
    assert "\n\n" not in rendered  # one block: a Markdown renderer leaves it alone


def test_highlight_marks_the_quote_and_escapes_around_it():
    assert highlighted("a <b> đạt 30% c", "đạt 30%") == "a &lt;b&gt; <mark>đạt 30%</mark> c"
    assert highlighted("a <b>", "không có") == "a &lt;b&gt;"
    assert document_url("x/../y", "id:1") == "/van-ban/x%2F..%2Fy#id:1"


def test_facts_filter_by_document_agency_and_year(corpus):
    rows = fact_rows(corpus)
    assert {r.kind for r in rows} == {"target", "assignment"}
    police_2026 = filter_rows(rows, agency="bo cong an", year=2026)
    assert police_2026 and all("Bộ Công an" in f"{r.lead}; {r.coordinating}" and 2026 in r.years for r in police_2026)
    one = filter_rows(rows, document="qd-1033-2026")
    assert one and {r.document for r in one} == {"qd-1033-2026"}
    assert len(filter_rows(rows)) == len(rows)
    csv_text = to_csv(police_2026)
    assert csv_text.splitlines()[0].startswith("Loại,Văn bản,Điều khoản")
    assert len(csv_text.strip().splitlines()) >= len(police_2026) + 1


def test_facts_page_draws_at_most_its_share_and_says_how_many_in_all(corpus):
    rows = fact_rows(corpus)
    page = to_html(rows, shown=10)
    assert page.count('<tr class="pq-fact">') == 10 and f"{len(rows)} dòng (hiện 10 dòng đầu" in page
    whole = to_html(rows[:3], shown=10)
    assert whole.count('<tr class="pq-fact">') == 3 and "hiện" not in whole


def test_feedback_appends_and_exports(tmp_path):
    append(tmp_path, Feedback("wrong", "Hỏi?", "Đáp [1]", ["[1] điểm a"], "sai số", page="officials", user="lan"))
    append(tmp_path, Feedback("correct", "Hỏi 2?", "Đáp 2", comment="x" * 5000))
    (tmp_path / "feedback" / "feedback.jsonl").open("a").write('{"cut short')
    items = read_all(tmp_path)
    assert [i["rating"] for i in items] == ["wrong", "correct"] and items[0]["user"] == "lan"
    assert len(items[1]["comment"]) == 2000
    export(items, tmp_path / "out.csv")
    assert "sai số" in (tmp_path / "out.csv").read_text(encoding="utf-8")
    export(items, tmp_path / "out.jsonl")
    assert json.loads((tmp_path / "out.jsonl").read_text().splitlines()[0])["question"] == "Hỏi?"
    with pytest.raises(ValueError):
        Feedback("maybe", "q", "a")


def test_rate_limit_holds_under_concurrent_requests():
    from concurrent.futures import ThreadPoolExecutor

    limiter = RateLimiter(5)
    with ThreadPoolExecutor(16) as pool:
        allowed = list(pool.map(lambda _: limiter.allow("same-client"), range(200)))
    assert sum(allowed) == 5
