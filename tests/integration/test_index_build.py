"""Index builds: atomic, incremental, and safe for a reader of the previous build."""

from pathlib import Path

import pytest

from index import store as index_store
from index.passages import is_lead_in
from index.search import Searcher
from index.store import build_index, current_index
from ingest.build import ingest
from ingest.store import StoreError, load
from tests.conftest import free_port, wait_for

FIXTURE = Path(__file__).parent.parent / "fixtures" / "qd-mini.txt"


def ingest_text(home: Path, tmp_path: Path, text: str):
    source = tmp_path / "qd-mini.txt"
    source.write_text(text, encoding="utf-8")
    ingest([source], home)
    return load(home)


def test_build_then_rebuild_is_a_no_op(tmp_path, embedder):
    home = tmp_path / "home"
    corpus = ingest_text(home, tmp_path, FIXTURE.read_text(encoding="utf-8"))
    first = build_index(corpus, home, embedder)
    assert first.changed and first.embedded == first.passages > 5
    assert set(first.stages) == {"passages", "embed", "bm25", "chroma"} and sum(first.stages.values()) <= first.seconds
    again = build_index(corpus, home, embedder)
    assert not again.changed and again.version == first.version and again.embedded == 0


def test_changed_clause_is_the_only_one_embedded_again(tmp_path, embedder):
    """The changed clause, and the lead-in whose passage carries it as an item; nothing else."""
    home = tmp_path / "home"
    text = FIXTURE.read_text(encoding="utf-8")
    first = build_index(ingest_text(home, tmp_path, text), home, embedder)
    corpus = ingest_text(home, tmp_path, text.replace("80% cơ quan", "90% cơ quan"))
    second = build_index(corpus, home, embedder)
    assert second.changed and second.version != first.version
    changed = next(c for c in corpus.clauses if "90% cơ quan" in c.text)
    parent = corpus.clause(changed.parent) if changed.parent else None
    assert second.embedded == 1 + bool(parent and is_lead_in(parent))
    hits = Searcher.open(home, embedder).search("bao nhiêu phần trăm cơ quan chia sẻ dữ liệu", k=1)
    assert "90%" in hits[0].passage.text


def test_reader_of_the_previous_build_keeps_working(tmp_path, embedder):
    home = tmp_path / "home"
    text = FIXTURE.read_text(encoding="utf-8")
    build_index(ingest_text(home, tmp_path, text), home, embedder)
    reader = Searcher.open(home, embedder)
    build_index(ingest_text(home, tmp_path, text.replace("đất đai", "đất đai và nhà ở")), home, embedder)
    hits = reader.search("cơ sở dữ liệu quốc gia về đất đai", k=1)
    assert "đất đai" in hits[0].passage.text and "nhà ở" not in hits[0].passage.text


def test_failed_build_leaves_the_current_index(tmp_path, embedder, monkeypatch):
    home = tmp_path / "home"
    text = FIXTURE.read_text(encoding="utf-8")
    first = build_index(ingest_text(home, tmp_path, text), home, embedder)
    corpus = ingest_text(home, tmp_path, text.replace("Bộ Tài chính", "Bộ Tài chính và Bộ Nội vụ"))

    def crash(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(index_store, "_write_chroma", crash)
    with pytest.raises(OSError):
        build_index(corpus, home, embedder)
    assert current_index(home) == first.version
    assert not [p for p in (home / "index").iterdir() if p.name.startswith(".")]
    assert Searcher.open(home, embedder).search("Bộ Tài chính", k=1)


def test_missing_index_is_a_clear_error(tmp_path, embedder):
    with pytest.raises(StoreError, match="policyqa index"):
        Searcher.open(tmp_path, embedder)


def test_searcher_refuses_an_index_of_another_embedder(tmp_path, embedder):
    home = tmp_path / "home"
    build_index(ingest_text(home, tmp_path, FIXTURE.read_text(encoding="utf-8")), home, embedder)

    class Other:
        name, dim, max_tokens = "other-model", 384, 512

    with pytest.raises(StoreError, match="rebuild"):
        Searcher.open(home, Other())


@pytest.fixture
def chroma_server(tmp_path):
    """A real `chroma run` server on a free port, stopped after the test."""
    import subprocess
    import sys

    port = free_port()
    chroma = Path(sys.executable).parent / "chroma"
    server = subprocess.Popen([str(chroma), "run", "--path", str(tmp_path / "server"), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://localhost:{port}"
    try:
        wait_for(f"{url}/api/v2/heartbeat", seconds=20)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_chroma_server_holds_one_collection_per_build(tmp_path, embedder, chroma_server):
    from index.store import chroma_client

    home = tmp_path / "home"
    text = FIXTURE.read_text(encoding="utf-8")
    first = build_index(ingest_text(home, tmp_path, text), home, embedder, chroma_url=chroma_server)
    assert not (home / "index" / first.version / "chroma").exists()
    searcher = Searcher.open(home, embedder)
    assert "80%" in searcher.search("tỷ lệ cơ quan chia sẻ dữ liệu", k=1)[0].passage.text
    second = build_index(ingest_text(home, tmp_path, text.replace("80%", "85%")), home, embedder,
                         chroma_url=chroma_server)
    names = {c.name for c in chroma_client(None, chroma_server).list_collections()}
    assert {f"policyqa-{first.version}", f"policyqa-{second.version}"} <= names
    assert "85%" in Searcher.open(home, embedder).search("tỷ lệ cơ quan chia sẻ dữ liệu", k=1)[0].passage.text


def test_an_index_keeps_the_corpus_it_was_built_from(tmp_path, embedder):
    """`ingest --no-index` moves the corpus on; search stays consistent with its own index."""
    home = tmp_path / "home"
    text = FIXTURE.read_text(encoding="utf-8")
    build_index(ingest_text(home, tmp_path, text), home, embedder)
    ingest_text(home, tmp_path, text.replace("Bộ Tài chính", "Bộ Nội vụ"))
    searcher = Searcher.open(home, embedder)
    hit = searcher.search("bố trí kinh phí", k=1)[0]
    assert "Bộ Tài chính" in hit.passage.text
    assert searcher.corpus.clause(hit.passage.clause_id).text == hit.passage.text
