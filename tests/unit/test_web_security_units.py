"""The web's defences as pure parts: CSV cells, client buckets, login backoff, receipts, the feedback
store's bounds, Host names, the connection timer's default."""

from __future__ import annotations

import csv

import pytest

from webui.connections import DEFAULT_TIMEOUT, TimedH11Protocol
from webui.feedback import Feedback, FeedbackError, append, export, feedback_files, read_all
from webui.limits import RateLimiter, bucket, client_address, normalised
from webui.login_throttle import FREE_FAILURES, USER_CAP, Backoff, user_name
from webui.receipts import answer_id, is_genuine, load_key
from webui.security import host_name, policy_for
from webui.spreadsheet import spreadsheet_safe


@pytest.mark.parametrize("cell", ["=HYPERLINK(\"http://x\",\"y\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)",
                                  "\t=1", "\r=1"])
def test_formula_cells_are_neutralised(cell):
    assert spreadsheet_safe(cell) == "'" + cell


def test_other_cells_are_left_alone():
    assert [spreadsheet_safe(v) for v in ("Bộ Công an", "30%", "", 7, None)] == ["Bộ Công an", "30%", "", 7, None]


def test_feedback_export_neutralises_formulas(tmp_path):
    append(tmp_path, Feedback("wrong", "=HYPERLINK(\"http://evil\")", "Đáp", ["@SUM(1)"], comment="+cmd|x"))
    export(read_all(tmp_path), tmp_path / "out.csv")
    [row] = list(csv.DictReader((tmp_path / "out.csv").open(encoding="utf-8")))
    assert row["question"].startswith("'=") and row["comment"].startswith("'+") and row["citations"].startswith("'@")


def test_addresses_have_one_spelling_and_ipv6_counts_by_64():
    assert normalised("2001:DB8:0:0::1") == normalised("2001:db8::0:1") == "2001:db8::1"
    assert normalised("::ffff:10.0.0.1") == "10.0.0.1" and normalised("[2001:db8::1]") == "2001:db8::1"
    assert bucket("2001:db8:1:2::1") == bucket("2001:db8:1:2:ffff::9") == "2001:db8:1:2::/64"
    assert bucket("2001:db8:1:3::1") != bucket("2001:db8:1:2::1")
    assert bucket("10.0.0.1") == "10.0.0.1"
    assert client_address("10.0.0.2", "2001:DB8::1", ("10.0.0.0/8",)) == "2001:db8::1"


def test_one_64_shares_a_quota():
    limiter = RateLimiter(2)
    assert [limiter.allow(f"2001:db8:1:2::{n}") for n in range(1, 4)] == [True, True, False]
    assert limiter.allow("2001:db8:1:3::1")


def test_retry_after_is_the_time_actually_left():
    now = [0.0]
    limiter = RateLimiter(1, clock=lambda: now[0])
    assert limiter.allow("a") and not limiter.allow("a")
    now[0] = 50.2
    assert limiter.retry_after("a") == 10
    assert limiter.retry_after("b") == 0


def test_login_backoff_grows_and_is_capped():
    now = [0.0]
    backoff = Backoff(USER_CAP, clock=lambda: now[0])
    for _ in range(FREE_FAILURES):
        assert backoff.wait("u") == 0
        backoff.failed("u")
    waits = []
    for _ in range(8):
        waits.append(backoff.wait("u"))
        now[0] += waits[-1]
        backoff.failed("u")
    assert waits[:4] == [1, 2, 4, 8] and max(waits) == USER_CAP
    backoff.succeeded("u")
    assert backoff.wait("u") == 0


def test_the_login_form_names_its_user():
    assert user_name(b"username=Lan%20Anh&password=x") == "lan anh"
    assert user_name(b"\xff\xfe") == ""


def test_a_receipt_proves_the_answer_and_nothing_else(tmp_path):
    key = load_key(tmp_path)
    assert load_key(tmp_path) == key  # kept in the store: every worker shares it
    made = answer_id(key, "Hỏi?", "Đáp [1].", ["[1] điểm a (x:1)"])
    assert is_genuine(key, made, "Hỏi?", "Đáp [1].", ["[1] điểm a (x:1)"])
    assert not is_genuine(key, made, "Hỏi?", "Đáp khác.", ["[1] điểm a (x:1)"])
    assert not is_genuine(key, "", "", "", []) and not is_genuine(key, "\ud800", "Hỏi?", "Đáp [1].", [])


def test_feedback_strips_control_characters():
    assert Feedback("wrong", "q", "a", comment="a\x00\x01\x1b[31mb\u202ec\nd").comment == "a[31mbc\nd"


def test_feedback_rotates_and_then_refuses_when_full(tmp_path, monkeypatch):
    import webui.feedback as feedback

    monkeypatch.setattr(feedback, "ROTATE_BYTES", 2000)
    monkeypatch.setattr(feedback, "MAX_TOTAL_BYTES", 9000)
    stored = 0
    with pytest.raises(FeedbackError, match="đầy"):
        for n in range(100):
            append(tmp_path, Feedback("correct", f"Hỏi {n}?", "Đáp " + "x" * 400))
            stored += 1
    assert len(feedback_files(tmp_path)) >= 3
    assert [i["question"] for i in read_all(tmp_path)] == [f"Hỏi {n}?" for n in range(stored)]  # nothing lost


@pytest.mark.parametrize("host, name", [("localhost:7860", "localhost"), ("[::1]:7860", "::1"), ("::1", "::1"),
                                        ("Example.ORG", "example.org"), ("", "")])
def test_host_names(host, name):
    assert host_name(host) == name


def test_each_part_has_its_content_security_policy():
    assert "script-src" not in policy_for("/", "/can-bo") and "default-src 'none'" in policy_for("/", "/can-bo")
    assert "script-src 'self'" in policy_for("/can-bo/", "/can-bo")
    assert all("frame-ancestors 'none'" in policy_for(p, "/can-bo") for p in ("/", "/api/ask", "/can-bo/x"))


def test_connections_get_thirty_seconds_by_default():
    assert DEFAULT_TIMEOUT == 30 and TimedH11Protocol.timeout <= 30
