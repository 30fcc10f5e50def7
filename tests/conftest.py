"""Shared fixtures and helpers for the three tiers, which are the folders the tests live in:

- unit/: small texts and the bundled files parsed; no embedding model, no index, no process
  (`make test-fast`, under a minute);
- integration/: the real model and the real index of the bundled corpus, built once per run;
- system/: processes, servers and the browser.

Each test gets its folder's marker (`pytest -m unit`); a unit test asking for the model or the
index is a collection error.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("OMP_WAIT_POLICY", "passive")

PROJECT = Path(__file__).resolve().parent.parent
CORPUS = PROJECT / "data" / "decisions"
EXTRA = PROJECT / "eval" / "corpus-extra"  # evaluation documents, not shipped
TIERS = ("unit", "integration", "system")
NEEDS_THE_MODEL = {"embedder", "index_home", "searcher", "assistant"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        tier = Path(str(item.fspath)).parent.name
        if tier not in TIERS:
            raise pytest.UsageError(f"{item.nodeid}: a test lives in one of tests/{{{','.join(TIERS)}}}/")
        item.add_marker(tier)
        if tier == "unit" and NEEDS_THE_MODEL & set(item.fixturenames):
            raise pytest.UsageError(f"{item.nodeid} is a unit test but asks for "
                                    f"{', '.join(sorted(NEEDS_THE_MODEL & set(item.fixturenames)))}")


@pytest.fixture(scope="session")
def parsed():
    """Every bundled document parsed and linked, keyed by document id."""
    from ingest.pipeline import link_documents, parse_document

    docs = [parse_document(path.read_bytes(), path.name) for path in sorted(CORPUS.glob("*.txt"))]
    link_documents(docs)
    return {d.document.id: d for d in docs}


@pytest.fixture(scope="session")
def parsed_extra():
    """The evaluation documents of eval/corpus-extra/ (crawled web pages) parsed, keyed by document id."""
    from ingest.pipeline import parse_document

    docs = [parse_document(path.read_bytes(), path.name) for path in sorted(EXTRA.glob("*.md"))]
    return {d.document.id: d for d in docs}


@pytest.fixture(scope="session")
def corpus(tmp_path_factory):
    """The bundled corpus ingested into a store of its own, without an index."""
    from ingest.build import ingest
    from ingest.store import load

    home = tmp_path_factory.mktemp("corpus-home")
    ingest([CORPUS], home)
    return load(home)


@pytest.fixture(scope="session")
def clauses(parsed):
    return {c.id: c for d in parsed.values() for c in d.clauses}


def find_clause(parsed_doc, fragment: str):
    """The deepest clause whose text contains `fragment` (the one a quote would cite)."""
    matches = [c for c in parsed_doc.clauses if fragment in c.text]
    assert matches, f"no clause contains {fragment!r}"
    return max(matches, key=lambda c: len(c.path))


def table_in_corpus(find):
    """(lines, start) of the one bundled document in which `find(lines)` locates a table."""
    from ingest.layout import split_lines

    found = []
    for path in sorted(CORPUS.glob("*.txt")):
        lines = split_lines(path.read_text(encoding="utf-8"))
        start = find(lines)
        if start is not None:
            found.append((lines, start))
    assert len(found) == 1, f"{find.__name__} found {len(found)} tables"
    return found[0]


@pytest.fixture(scope="session")
def index_home(embedder):
    """The bundled corpus and eval/corpus-extra ingested and indexed once per run, kept across runs
    (keyed by content).

    Lives in var/test-home/; a second run finds the same corpus and index versions and
    only loads them, and passages whose text did not change are never embedded again.
    """
    from index.store import build_index
    from ingest.build import ingest
    from ingest.store import load

    home = PROJECT / "var" / "test-home"
    ingest([CORPUS, EXTRA], home)  # the bundled decisions and the evaluation documents, as the gate asks them
    build_index(load(home), home, embedder)
    return home


@pytest.fixture(scope="session")
def embedder():
    """The default embedding model, loaded once per run."""
    from index.embedders import load_embedder
    from policyqa.settings import DEFAULT_EMBEDDER

    return load_embedder(DEFAULT_EMBEDDER)


@pytest.fixture(scope="session")
def searcher(index_home, embedder):
    from index.search import Searcher

    return Searcher.open(index_home, embedder)


def free_port() -> int:
    """A localhost port nothing listens on (for a server a test starts, or one that must be absent)."""
    import socket

    with socket.socket() as s:
        s.bind(("localhost", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float = 10.0) -> None:
    """Until `url` answers; fails the test when it never does."""
    import time
    import urllib.request

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.05)
    pytest.fail(f"{url} did not answer within {seconds} s")


@pytest.fixture(scope="session")
def assistant(searcher):
    from assistant.assistant import Assistant

    return Assistant(searcher)


def make_app(assistant, home: Path, **settings):
    """The web app over the shared index; its own home keeps feedback out of the shared store."""
    from policyqa.settings import Settings
    from webui.app import create_app
    from webui.service import AssistantService

    service = AssistantService(Settings(home=assistant.searcher.directory.parent.parent), assistant)
    return create_app(Settings(home=home, **settings), service)


def client_for(app, **options):
    """An in-process HTTP client for `app`, addressed by a name the server answers to."""
    from fastapi.testclient import TestClient

    return TestClient(app, base_url="http://localhost", **options)


@pytest.fixture
def fake_model():
    """Starts a real OpenAI-compatible server process (tests/fake_openai.py) answering `content`
    after `delay` seconds, in `mode` ("json", "raw" body, "500"); returns its POLICYQA_LLM spec."""
    import subprocess
    import sys

    servers = []

    def start(content: str, delay: float = 0.0, mode: str = "json") -> str:
        port = free_port()
        script = Path(__file__).parent / "fake_openai.py"
        servers.append(subprocess.Popen([sys.executable, str(script), str(port), content, str(delay), mode]))
        wait_for(f"http://localhost:{port}/")
        return f"openai-like:http://localhost:{port}/v1#test"

    yield start
    for server in servers:
        server.terminate()
        server.wait(timeout=10)


def run_cli(*args: str, home: Path, **env_vars: str) -> subprocess.CompletedProcess:
    """`policyqa ARGS` as a process over `home`, with extra environment variables."""
    env = {**os.environ, "POLICYQA_HOME": str(home), **env_vars}
    return subprocess.run([sys.executable, "-m", "policyqa.cli", *args], capture_output=True, text=True,
                          cwd=PROJECT, env=env, timeout=120)


# --- hypothesis strategies of hostile text, for the parser, the analyser and the assistant ------

# Sized so the file runs in well under a minute; a 100k-character line takes seconds to segment.
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SLOW = settings(max_examples=4, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example])

# --- strategies ------------------------------------------------------------------------------

HOSTILE = [
    "\x00", "\x01", "\x07", "\x08", "\t", "\x0b", "\x0c", "\r", "\x1b", "\x1c", "\x1f", "\x7f", "\x85", "\xa0",
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u2028", "\u2029", "\u3000",  # invisible, separators
    "\u200e", "\u200f", "\u202a", "\u202b", "\u202e", "\u2066", "\u2069", "\u061c",  # bidi marks and overrides
    "\u0300", "\u0301", "\u0303", "\u0309", "\u0323", "\u0306\u0302", "a\u0301\u0323\u0300",  # combining marks
    "😀", "👨‍👩‍👧", "🇻🇳", "1️⃣", "\U0001f3fd", "\U000e0067",  # emoji, ZWJ sequences, flags, tags
    "中华人民共和国", "数字经济", "Цифровая экономика", "الاقتصاد الرقمي", "שלום", "ไทย", "한국어", "ｆｕｌｌ",
    "Ⅻ", "١٢٣", "٣٠٪", "²", "½", "ﬁ", "İ", "ß", "Ω", "ǅ",  # digits, numbers and letters that case-fold oddly
]
VIETNAMESE = [
    "Tỷ trọng kinh tế số trong GDP đạt 30%", "chuyển đổi số quốc gia", "Bộ TT&TT", "UBND cấp tỉnh", "Quý II/2026",
    "1033/QĐ-TTg", "2026 - 2030", "hoà", "Uỷ ban", "ĐIỀU", "kinh te so", "ty trong", "năm 2030", "500.000",
    "Đie\u0300u 1.", "Quye\u0302\u0301t đi\u0323nh",  # decomposed (NFD) Vietnamese
]
STRUCTURE = [
    "Điều 1.", "Điều 2:", "Điều 99.", "Điều ١.", "I.", "II. Mục tiêu", "XI. ", "1.", "1. Mục tiêu", "12. Đến",
    "a)", "b) Tỷ lệ", "đ)", "- ", "– ", "+ ", "Phụ lục", "Phụ lục II", "PHỤ LỤC I", "Nơi nhận:", "QUYẾT ĐỊNH",
    "QUYẾT ĐỊNH:", "KẾ HOẠCH", "BÁO CÁO", "Số: 1033/QĐ-TTg", "Số:", "Hà Nội, ngày 09 tháng 6 năm 2026",
    "ngày 99 tháng 99 năm 2026", "THỦ TƯỚNG", "KT. THỦ TƯỚNG", "Nguyễn Văn A", "Căn cứ Luật", "DỰ THẢO", "12",
    "TT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian", "TT\tChỉ tiêu\tĐơn vị\tNăm 2025",
    "1\tXây dựng nền tảng\tBộ Công an\tCác bộ\t2026", "\t1", "\tXây dựng", "\t", "\t\t\t", "I\tThể chế",
    "Chính phủ số:", "Báo cáo tình hình thực hiện Chiến lược theo Quyết định số 411/QĐ-TTg", "Kế hoạch này",
    "[bookmark: x]", "**", "CỔNG THÔNG TIN ĐIỆN TỬ CHÍNH PHỦ", "ĐẾN Giờ: 10",
]

unicode_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=80)  # every code point but surrogates
piece = st.one_of(st.sampled_from(HOSTILE), st.sampled_from(VIETNAMESE), unicode_text,
                  st.sampled_from([" ", "  ", "\n", "\n\n", "\r\n", ".", ",", ":", "?", "%", "/", "_", "-"]))
hostile_text = st.one_of(unicode_text, st.lists(piece, max_size=30).map("".join))
SPACES = [chr(c) for c in range(0x3001) if chr(c).isspace()]  # tab to ideographic space
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]  # what cleaning removes
blank = st.text(st.sampled_from(SPACES + INVISIBLE), max_size=20)  # empty, whitespace and invisible only
# One line of 100k characters: a repeated unit, so generating it stays cheap.
line_unit = st.lists(piece, min_size=1, max_size=8).map(lambda pieces: "".join(pieces).replace("\n", " ")).filter(bool)
long_line = st.builds(lambda unit: (unit * (100_000 // len(unit) + 1))[:100_000], line_unit)
structure_line = st.one_of(
    st.sampled_from(STRUCTURE),
    st.tuples(st.sampled_from(STRUCTURE), st.sampled_from([" ", "", "\t"]), hostile_text).map("".join),
    hostile_text,
)
# Without NUL: one in the first 8 KB makes the whole file binary, which the other parser tests cover.
document_text = st.lists(structure_line, max_size=40).map("\n".join).map(lambda s: s.replace("\x00", ""))
# The three table layouts (tab-separated rows, a flattened PDF table, one tab-prefixed cell a line): a header, then junk.
TABLE_HEADERS = [
    "TT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian", "TT\tChỉ tiêu\tĐơn vị\tNăm 2025",
    "TT Nhiệm vụ, giải pháp Cơ quan chủ trì Thời gian", "\tTT\n\tNhiệm vụ, giải pháp\n\tCơ quan chủ trì\n\tThời gian",
]
TABLE_LINES = [
    "", "\t1", "\t2", "\tII", "\tV.1", "\tA", " \t3", "\tXây dựng nền tảng", "\tBộ Công an", "\t2026", "- Kết quả",
    "1\tXây dựng\tBộ Công an\tCác bộ\t2026", "\tXây dựng\t\t", "I\tThể chế", "12\tPhát triển", "a\tLogistics",
    "a. Xây dựng nền tảng", "I. PHÁT TRIỂN", "1 Phát triển hạ tầng", "Bộ Công an", "2021-2022", "Hằng năm", "chủ trì",
    "thực hiện", "Ngân hàng Nhà", "nước và", "12",
]
table_line = st.one_of(st.sampled_from(TABLE_LINES), st.lists(piece, max_size=4).map("\t".join))
table_text = st.tuples(
    st.sampled_from(["", "Điều 1. Nhiệm vụ\n", "PHỤ LỤC II\nDANH MỤC NHIỆM VỤ\n"]), st.sampled_from(TABLE_HEADERS),
    st.lists(table_line, max_size=30).map(lambda lines: "\n" + "\n".join(lines)),
).map("".join).map(lambda s: s.replace("\x00", ""))
