"""The corpus store: atomic builds, no-op re-ingest, bad input, --add, damage reported with its fix."""

from pathlib import Path

import pytest

from ingest import builds, store
from ingest.build import ingest
from ingest.pipeline import IngestError, parse_document

SMALL = """QUYẾT ĐỊNH
Phê duyệt Kế hoạch thử nghiệm

Điều 1. Mục tiêu
1. Đến năm 2030:
a) Tỷ lệ hồ sơ trực tuyến đạt 90%;
b) Hỗ trợ 1.000 doanh nghiệp.
Điều 2. Hiệu lực thi hành
"""


def write(tmp_path: Path, name: str, content: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def test_ingest_is_atomic_and_idempotent(tmp_path):
    home = tmp_path / "home"
    source = write(tmp_path, "a.txt", SMALL)
    first = ingest([source], home)
    assert first.changed
    again = ingest([source], home)
    assert not again.changed and again.version == first.version
    corpus = store.load(home)
    assert corpus.version == first.version
    assert [c.citation for c in corpus.clauses if c.kind == "diem"][0].startswith("điểm a khoản 1 Điều 1")


def test_bad_files_are_skipped_with_a_message_and_the_rest_ingest(tmp_path):
    home = tmp_path / "home"
    files = [
        write(tmp_path, "ok.txt", SMALL),
        write(tmp_path, "empty.txt", ""),
        write(tmp_path, "binary.txt", b"\x00\x01\x02PNG" * 50),
        write(tmp_path, "latin1.txt", "Quyết định".encode("utf-16")),
        write(tmp_path, "prose.txt", "Một đoạn văn không có cấu trúc nào cả."),
        write(tmp_path, "copy.txt", SMALL),
    ]
    result = ingest(files, home)
    assert len(result.parsed) == 1
    messages = " | ".join(result.errors)
    assert "empty.txt: the file is empty" in messages
    assert "binary.txt: this is a binary file" in messages
    assert "latin1.txt" in messages
    assert "prose.txt: no recognisable structure" in messages
    assert "copy.txt: same content as" in messages or "ok.txt: same content as" in messages


def test_nothing_ingestible_keeps_the_previous_store(tmp_path):
    home = tmp_path / "home"
    good = ingest([write(tmp_path, "a.txt", SMALL)], home)
    with pytest.raises(IngestError):
        ingest([write(tmp_path, "empty.txt", "")], home)
    assert store.load(home).version == good.version


def test_interrupted_build_leaves_previous_store_loadable(tmp_path, monkeypatch):
    home = tmp_path / "home"
    good = ingest([write(tmp_path, "a.txt", SMALL)], home)

    def crash(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(builds, "fsync_tree", crash)
    with pytest.raises(KeyboardInterrupt):
        ingest([write(tmp_path, "b.txt", SMALL.replace("90%", "95%"))], home)
    assert store.load(home).version == good.version
    assert not [p for p in (home / "corpus").iterdir() if p.name.startswith(".")]


def test_add_extends_the_corpus(tmp_path):
    home = tmp_path / "home"
    ingest([write(tmp_path, "a.txt", SMALL)], home)
    other = SMALL.replace("Kế hoạch thử nghiệm", "Đề án khác").replace("90%", "80%")
    result = ingest([write(tmp_path, "b.txt", other)], home, add=True)
    assert len(result.parsed) == 2
    assert len(store.load(home).documents) == 2


def test_damaged_store_says_which_command_fixes_it(tmp_path):
    home = tmp_path / "home"
    ingest([write(tmp_path, "a.txt", SMALL)], home)
    corpus_dir = home / "corpus" / store.current_version(home)
    (corpus_dir / "clauses.jsonl").write_text("{not json", encoding="utf-8")
    with pytest.raises(store.StoreError, match="policyqa ingest"):
        store.load(home)


def test_unnumbered_unsigned_decision_is_a_draft_without_invented_number():
    doc = parse_document(SMALL.encode(), "x.txt").document
    assert doc.draft and doc.number is None and doc.short_name.startswith("dự thảo")
