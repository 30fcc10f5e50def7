"""Faults: a re-ingest under a running server, an ingest killed mid-way, a damaged store, a failing model.

Each test works on its own copy of the shared test index, so nothing here can damage it.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import PROJECT, free_port, wait_for

CLI = [sys.executable, "-m", "policyqa.cli"]
NEW_DOCUMENT = PROJECT / "tests" / "fixtures" / "qd-mini.txt"
NEW_QUESTION = "Theo Đề án thử nghiệm dữ liệu số, đến năm 2028 bao nhiêu phần trăm cơ quan nhà nước chia sẻ dữ liệu?"
QUESTION = "Cơ quan nào chủ trì xây dựng Nghị định quy định hoạt động của Sàn dữ liệu?"


@pytest.fixture
def home(index_home, tmp_path) -> Path:
    copy = tmp_path / "home"
    shutil.copytree(index_home, copy, ignore=shutil.ignore_patterns("reports", "screenshots", "feedback"))
    return copy


def _env(home: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "POLICYQA_HOME": str(home), **extra}


def _opens(home: Path, embedder) -> None:
    """The store loads and the index answers: what a server needs."""
    from index.search import Searcher
    from ingest.store import load

    load(home)
    assert Searcher.open(home, embedder).search(QUESTION, k=1)


def test_reingest_while_serving_never_fails_a_request(home):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(CLI + ["serve", "--port", str(port)], env=_env(home, POLICYQA_PUBLIC_RATE_LIMIT="0"),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    statuses: list[int] = []
    stop = threading.Event()

    def ask_continuously() -> None:
        with httpx.Client(base_url=url, timeout=30) as client:
            while not stop.is_set():
                statuses.append(client.post("/api/ask", json={"question": QUESTION}).status_code)

    try:
        wait_for(url + "/api/health", seconds=60)
        before = httpx.get(url + "/api/health").json()["index_version"]
        asker = threading.Thread(target=ask_continuously)
        asker.start()
        ingest = subprocess.run(CLI + ["ingest", "--add", str(NEW_DOCUMENT)], env=_env(home), capture_output=True,
                                text=True, timeout=300)
        assert ingest.returncode == 0, ingest.stderr[-2000:]
        during = len(statuses)
        deadline = time.monotonic() + 30
        while httpx.get(url + "/api/health").json()["index_version"] == before:
            assert time.monotonic() < deadline, "the server never switched to the new index"
            time.sleep(0.2)
        time.sleep(1)
        stop.set()
        asker.join(timeout=60)
        answer = httpx.post(url + "/api/ask", json={"question": NEW_QUESTION}, timeout=30).json()
    finally:
        stop.set()
        server.terminate()
        server.wait(timeout=30)
    assert during > 10 and len(statuses) > during  # it asked throughout the re-ingest and after the switch
    assert set(statuses) == {200}
    assert "80%" in answer["answer"] and answer["citations"][0]["document"] not in {
        "qd-1033-2026", "du-thao-chien-luoc-kts-xhs-2025", "du-thao-chuong-trinh-cds-2030",
        "du-thao-ke-hoach-cds-2025", "bao-cao-chien-luoc-kts-xhs-2022"}


def _leftovers(home: Path, area: str) -> bool:
    directory = home / area
    return directory.exists() and any(p.name.startswith(".") and p.is_dir() for p in directory.iterdir())


def _current_corpus(home: Path) -> str | None:
    from ingest.store import current_version

    return current_version(home)


# When to kill the ingest (given the store and the corpus version before it): while Python starts,
# once the new corpus is current but the index not yet, and while the new index build is written.
KILL_POINTS = {
    "starting": lambda home, before: True,
    "corpus written, index not": lambda home, before: _current_corpus(home) != before,
    "index being written": lambda home, before: _leftovers(home, "index"),
}


@pytest.mark.parametrize("point", list(KILL_POINTS))
def test_an_ingest_killed_at_any_point_leaves_a_loadable_store(home, searcher, point):
    from index.store import build_index
    from ingest.build import ingest
    from ingest.store import current_version, load

    before = current_version(home)
    reached = KILL_POINTS[point]
    process = subprocess.Popen(CLI + ["ingest", "--add", str(NEW_DOCUMENT)], env=_env(home),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while not reached(home, before):
        assert process.poll() is None, f"the ingest finished before {point!r}"
        assert time.monotonic() < deadline
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)

    _opens(home, searcher.embedder)  # the previous store (or the new corpus with the previous index)
    ingest([NEW_DOCUMENT], home, add=True)
    build_index(load(home), home, searcher.embedder)
    _opens(home, searcher.embedder)
    assert current_version(home) != before and any("Đề án thử nghiệm dữ liệu số" in d.title for d in load(home).documents)
    assert not _leftovers(home, "corpus") and not _leftovers(home, "index")


def _damage(home: Path, how: str) -> None:
    index = home / "index" / (home / "index" / "CURRENT").read_text().strip()
    if how == "passages missing":
        (index / "passages.jsonl").unlink()
    elif how == "passages truncated":
        text = (index / "passages.jsonl").read_text(encoding="utf-8")
        (index / "passages.jsonl").write_text(text[: len(text) // 2], encoding="utf-8")
    elif how == "bm25 garbage":
        for path in (index / "bm25").iterdir():
            path.write_bytes(b"\x00garbage")
    elif how == "chroma gone":
        shutil.rmtree(index / "chroma")
    elif how == "manifest garbage":
        (index / "manifest.json").write_text("{not json")
    elif how == "corpus gone":
        shutil.rmtree(home / "corpus")
    else:
        raise AssertionError(how)


DAMAGE = ["passages missing", "passages truncated", "bm25 garbage", "chroma gone", "manifest garbage", "corpus gone"]


@pytest.mark.parametrize("how", DAMAGE)
def test_a_damaged_store_is_reported_with_the_fix(home, searcher, how):
    from index.search import Searcher
    from ingest.store import StoreError

    _damage(home, how)
    with pytest.raises(StoreError, match=r"run `policyqa (index|ingest)`"):
        Searcher.open(home, searcher.embedder)


def test_serve_and_doctor_name_the_damage(home):
    _damage(home, "chroma gone")
    serve = subprocess.run(CLI + ["serve", "--port", str(free_port())], env=_env(home), capture_output=True,
                           text=True, timeout=120)
    assert serve.returncode == 2 and "run `policyqa index`" in serve.stderr and "Traceback" not in serve.stderr
    doctor = subprocess.run(CLI + ["doctor", "--json"], env=_env(home), capture_output=True, text=True, timeout=120)
    checks = {c["name"]: c for c in json.loads(doctor.stdout)}
    assert doctor.returncode == 1
    assert checks["store"]["ok"] and checks["model"]["ok"] and not checks["index"]["ok"]
    assert "policyqa index" in checks["index"]["detail"]


@pytest.mark.parametrize("content, delay, mode", [
    ("Kinh tế số đạt khoảng 30% GDP [1].", 600, "json"),  # hangs
    ("<html>502 Bad Gateway</html>", 0, "raw"),  # not the API's JSON
    ("", 0, "500"),  # a server error
    ("asdf qwer [7] ### 12345 zzzz", 0, "json"),  # nonsense, citing a passage it was not given
])
def test_a_failing_model_falls_back_to_the_extractive_answer_in_bounded_time(searcher, fake_model, content, delay,
                                                                              mode):
    from assistant.assistant import Assistant
    from assistant.llm import load_llm

    question = "Đến năm 2030 kinh tế số phải chiếm bao nhiêu phần trăm GDP?"
    expected = Assistant(searcher).ask(question)
    started = time.perf_counter()
    answer = Assistant(searcher, load_llm(fake_model(content, delay, mode), timeout=2)).ask(question)
    assert time.perf_counter() - started < 5
    assert answer.answer == expected.answer and answer.citations == expected.citations
