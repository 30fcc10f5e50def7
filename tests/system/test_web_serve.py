"""`policyqa serve`, `hash-password` and `feedback` as a user runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import CORPUS, EXTRA, free_port, wait_for

CLI = [sys.executable, "-m", "policyqa.cli"]


def _run(args, env=None, **kwargs):
    return subprocess.run(CLI + args, capture_output=True, text=True, timeout=120,
                          env={**os.environ, **(env or {})}, **kwargs)


def test_serve_refuses_an_open_officials_page_off_loopback(tmp_path):
    result = _run(["serve", "--host", "0.0.0.0", "--port", str(free_port())], {"POLICYQA_HOME": str(tmp_path)})
    assert result.returncode == 2
    assert "policyqa hash-password" in result.stderr and "POLICYQA_OFFICIALS_USERS" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_says_what_to_run_without_an_index(tmp_path):
    result = _run(["serve", "--port", str(free_port())], {"POLICYQA_HOME": str(tmp_path)})
    assert result.returncode == 2 and "policyqa index" in result.stderr and "Traceback" not in result.stderr


def test_bad_users_file_is_refused(tmp_path):
    users = tmp_path / "users"
    users.write_text("lan:plain-text\n")
    result = _run(["serve", "--host", "0.0.0.0", "--port", str(free_port())],
                  {"POLICYQA_HOME": str(tmp_path), "POLICYQA_OFFICIALS_USERS": str(users)})
    assert result.returncode == 2 and "line 1" in result.stderr


def test_serve_answers_on_the_built_index(index_home):
    port = free_port()
    server = subprocess.Popen(CLI + ["serve", "--port", str(port)], env={**os.environ, "POLICYQA_HOME": str(index_home)},
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        wait_for(f"http://127.0.0.1:{port}/api/health", seconds=60)
        import urllib.request

        health = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health"))
        shipped = len([p for p in CORPUS.iterdir() if p.is_file()]) + len([p for p in EXTRA.iterdir() if p.is_file()])
        assert health["status"] == "ok" and health["documents"] == shipped
        assert b"<label" in urllib.request.urlopen(f"http://127.0.0.1:{port}/").read()
        assert urllib.request.urlopen(f"http://127.0.0.1:{port}/can-bo/").status == 200
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_hash_password_and_feedback_export(tmp_path):
    from webui.auth import verify_password
    from webui.feedback import Feedback, append

    hashed = _run(["hash-password"], input="bí mật\n")
    assert hashed.returncode == 0 and verify_password("bí mật", hashed.stdout.strip())
    assert _run(["hash-password"], input="\n").returncode == 2

    env = {"POLICYQA_HOME": str(tmp_path)}
    append(tmp_path, Feedback("wrong", "Hỏi?", "Đáp", comment="thiếu nguồn"))
    assert "1 feedback entries" in _run(["feedback"], env).stdout
    out = tmp_path / "review.csv"
    assert _run(["feedback", "--export", str(out)], env).returncode == 0
    assert "thiếu nguồn" in out.read_text(encoding="utf-8")
