"""Malformed documents, through `ingest` and `policyqa ingest`: each bad file is skipped with a message
that names it, the good files still ingest, and the store is never left corrupt.

Without indexing (`--no-index`), so nothing is embedded.
"""

from __future__ import annotations

import codecs
import json
import time
import tracemalloc
import unicodedata
from pathlib import Path

import pytest

from ingest import store
from ingest.build import MAX_FILE_BYTES, ingest
from ingest.pipeline import IngestError
from tests.conftest import PROJECT
from tests.conftest import run_cli

GOOD = PROJECT / "tests" / "fixtures" / "qd-mini.txt"
GOOD_ID = "qd-99-2026"  # numbered and signed: an issued decision
TEXT = GOOD.read_text(encoding="utf-8")
OTHER = TEXT.replace("Đề án thử nghiệm dữ liệu số", "Kế hoạch phát triển nhân lực số").replace("99/QĐ-TTg", "98/QĐ-TTg")
OTHER_ID = "qd-98-2026"  # another decision
_TONES = "\u0300\u0301\u0303\u0309\u0323"


def cp1258(text: str) -> bytes:
    """Windows-1258, as old Vietnamese Windows software saves: base letters precomposed, tone marks apart."""
    letters = []
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
        letters.append(base + "".join(c for c in parts if c in _TONES))
    return "".join(letters).encode("cp1258")


# name -> (content, the start of its message)
MALFORMED = {
    "binary.txt": (bytes(range(256)) * 64, "binary.txt: this is a binary file"),
    "utf16.txt": (TEXT.encode("utf-16"), "utf16.txt: UTF-16 text"),
    "cp1258.txt": (cp1258(TEXT), "cp1258.txt: not UTF-8 text"),
    "latin1.txt": (TEXT.encode("latin-1", errors="replace"), "latin1.txt: not UTF-8 text"),
    "empty.txt": (b"", "empty.txt: the file is empty"),
    "blank.txt": (" \n\t\r\n \n".encode(), "blank.txt: the file is empty"),
    "prose.txt": ("Đây là một đoạn văn bình thường về kinh tế số.\nNó không có điều, khoản hay bảng nào.\n".encode(),
                  "prose.txt: no recognisable structure"),
    "broken-table.txt": ("Điều 1. Nhiệm vụ\n\tTT\n\tNhiệm vụ, giải pháp\n\n\t1\n\tXây dựng\n\tBộ Công an\n".encode(),
                         "broken-table.txt: the table row at line 5 has 2 cells for 1 columns"),
    "second-copy.txt": (TEXT.encode(), "second-copy.txt: same content as qd-mini.txt"),
    # The same decision saved again on Windows (BOM, CRLF): other bytes, the same identity.
    "saved-on-windows.txt": (codecs.BOM_UTF8 + TEXT.replace("\n", "\r\n").encode(),
                             "saved-on-windows.txt: the same document (Quyết định số 99/QĐ-TTg) as qd-mini.txt"),
}


def write(directory: Path, name: str, content: bytes | str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def malformed_files(tmp_path: Path) -> list[Path]:
    return [write(tmp_path / "in", name, content) for name, (content, _) in MALFORMED.items()]


def bad_files(tmp_path: Path) -> list[Path]:
    """The files that are bad on their own (the copies are only duplicates next to the good file)."""
    return [p for p in malformed_files(tmp_path) if p.name not in ("second-copy.txt", "saved-on-windows.txt")]


def good_file(tmp_path: Path) -> Path:
    """The small fixture under its own name, which sorts before its copies: files are parsed in name order."""
    return write(tmp_path / "in", "qd-mini.txt", TEXT)


def assert_each_named(messages: list[str] | str, names=MALFORMED, prefix: str = "") -> None:
    """Each file's own message, at the start of a line (after `prefix`) or of an item of `messages`."""
    text = "\n".join(messages) if isinstance(messages, list) else messages.replace("; ", "\n")
    for name in names:
        assert "\n" + prefix + MALFORMED[name][1] in "\n" + text, f"{name}: no clear message in\n{text}"


def test_api_skips_each_bad_file_and_ingests_the_good(tmp_path):
    home = tmp_path / "home"
    previous = ingest([write(tmp_path / "first", "other.txt", OTHER)], home)
    result = ingest([good_file(tmp_path), *malformed_files(tmp_path)], home)
    assert_each_named(result.errors)
    assert len(result.errors) == len(MALFORMED)
    ids = sorted(p.document.id for p in result.parsed)
    assert ids == [GOOD_ID]  # the copy saved on Windows is the same document: skipped, named
    corpus = store.load(home)
    assert corpus.version == result.version != previous.version
    assert sorted(d.id for d in corpus.documents) == ids
    assert len({c.id for c in corpus.clauses}) == len(corpus.clauses)
    assert sorted(p.name for p in (corpus.directory / "sources").iterdir()) == ["qd-mini.txt"]


def test_api_nothing_good_keeps_the_previous_store_and_a_later_ingest_works(tmp_path):
    home = tmp_path / "home"
    previous = ingest([good_file(tmp_path)], home)
    bad = bad_files(tmp_path)
    with pytest.raises(IngestError) as refused:
        ingest(bad, home)
    message = str(refused.value)
    assert message.startswith("no document could be ingested: ")
    assert_each_named(message.removeprefix("no document could be ingested: "), [p.name for p in bad])
    added = ingest(bad, home, add=True)  # added to the corpus: its document stays, the bad files are named
    assert not added.changed and [p.document.id for p in added.parsed] == [GOOD_ID]
    assert_each_named(added.errors, [p.name for p in bad])
    corpus = store.load(home)
    assert corpus.version == previous.version and [d.id for d in corpus.documents] == [GOOD_ID]
    assert not [p for p in (home / "corpus").iterdir() if p.name.startswith(".")], "no half-written build"
    later = ingest([write(tmp_path / "later", "other.txt", OTHER)], home, add=True)
    assert later.changed and sorted(d.id for d in store.load(home).documents) == sorted([GOOD_ID, OTHER_ID])


def test_cli_skips_each_bad_file_and_keeps_the_store_sound(tmp_path):
    home = tmp_path / "home"
    first = run_cli("ingest", str(good_file(tmp_path)), "--no-index", home=home)
    assert first.returncode == 0, first.stderr
    version = store.load(home).version

    bad = bad_files(tmp_path)
    refused = run_cli("ingest", *map(str, bad), "--no-index", home=home)
    assert refused.returncode == 1 and "error: no document could be ingested" in refused.stderr
    assert_each_named(refused.stderr.replace("error: no document could be ingested: ", "\n"), [p.name for p in bad])
    assert "Traceback" not in refused.stderr
    assert store.load(home).version == version

    mixed = run_cli("ingest", str(good_file(tmp_path)), *map(str, malformed_files(tmp_path)), "--no-index", "--json",
                    home=home)
    assert mixed.returncode == 0, mixed.stderr
    assert_each_named(mixed.stderr, prefix="warning: ")
    assert_each_named(json.loads(mixed.stdout)["errors"])
    assert "Traceback" not in mixed.stderr
    assert [d.id for d in store.load(home).documents] == [GOOD_ID]

    later = run_cli("ingest", str(write(tmp_path / "later", "other.txt", OTHER)), "--add", "--no-index", home=home)
    assert later.returncode == 0, later.stderr
    assert sorted(d.id for d in store.load(home).documents) == sorted([GOOD_ID, OTHER_ID])


@pytest.fixture
def huge_file(tmp_path) -> Path:
    """50 MB of Vietnamese text: well over the limit, so it must be refused before it is read."""
    path = tmp_path / "in" / "huge.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    block = (TEXT * 64).encode()
    with path.open("wb") as f:
        for _ in range(50 * 1024 * 1024 // len(block) + 1):
            f.write(block)
    assert path.stat().st_size > 50 * 1024 * 1024 > MAX_FILE_BYTES
    return path


def test_a_50_mb_file_is_refused_quickly_without_being_read(tmp_path, huge_file):
    home = tmp_path / "home"
    tracemalloc.start()
    started = time.perf_counter()
    try:
        result = ingest([huge_file, good_file(tmp_path)], home)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - started < 10
    assert peak < huge_file.stat().st_size / 2, f"{peak / 2**20:.0f} MB allocated: the file was read"
    assert result.errors == ["huge.txt: too large; the limit is 20 MB"]
    assert [p.document.id for p in result.parsed] == [GOOD_ID]

    cli = run_cli("ingest", str(huge_file), "--no-index", home=home)
    assert cli.returncode == 1 and "huge.txt: too large" in cli.stderr and "Traceback" not in cli.stderr
    assert store.load(home).version == result.version


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_an_endless_file_that_stat_calls_empty_is_refused(tmp_path):
    """/dev/zero (like a pipe) has size 0 to stat() and never ends: reading it whole filled memory."""
    started = time.perf_counter()
    result = ingest([Path("/dev/zero"), good_file(tmp_path)], tmp_path / "home")
    assert time.perf_counter() - started < 10
    assert len(result.errors) == 1 and result.errors[0].startswith("zero: too large")
    assert [p.document.id for p in result.parsed] == [GOOD_ID]


def test_two_files_with_one_name_are_not_silently_merged(tmp_path):
    """The store keeps sources by file name; the second a.txt used to replace the first without a word."""
    first = write(tmp_path / "one", "a.txt", TEXT)
    second = write(tmp_path / "two", "a.txt", OTHER)
    result = ingest([first, second], tmp_path / "home")
    assert [p.document.id for p in result.parsed] == [GOOD_ID]
    assert len(result.errors) == 1 and result.errors[0].startswith(f"{second}: another file is named a.txt")
    again = ingest([first, first], tmp_path / "home2")  # the same file named twice is no conflict
    assert again.errors == [] and [p.document.id for p in again.parsed] == [GOOD_ID]
