"""The ingested corpus on disk, written atomically and addressed by content.

Layout under the store directory (`POLICYQA_HOME`, default `var/`):

    corpus/<version>/            one complete, immutable build
        manifest.json            version, parser version, source files with hashes, summary
        documents.json, clauses.jsonl, targets.jsonl, assignments.jsonl
        sources/<file>           the ingested source files, so `--add` and `remove` can rebuild from them
        texts/<file>.txt         what a converted file reads as (a crawled page without the site, Word, PDF)
    corpus/CURRENT               the version in use (replaced with an atomic rename)

Builds are published by `ingest.builds` (temporary directory, rename, then CURRENT), so an
interrupted ingest leaves the previous store untouched.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from ingest.builds import MANIFEST, current_build, publish_build, remove_leftovers
from ingest.clean import verbatim
from ingest.model import Assignment, Clause, Document, Target


@dataclass
class Corpus:
    version: str
    directory: Path
    documents: list[Document]
    clauses: list[Clause]
    targets: list[Target]
    assignments: list[Assignment]
    manifest: dict[str, Any]

    def clause(self, clause_id: str) -> Clause | None:
        return self._clauses_by_id.get(clause_id)

    def document(self, document_id: str) -> Document | None:
        return next((d for d in self.documents if d.id == document_id), None)

    def verbatim_sources(self) -> dict[str, str]:
        """Each document's source text in verbatim form, by document id: what quotes are checked against."""
        return {d.id: verbatim(self.source_text(d)) for d in self.documents}

    def source_text(self, document: Document) -> str:
        """The text the document's clauses were read from: the file itself, or what it converted to."""
        converted = self.directory / "texts" / f"{document.source_file}.txt"
        if converted.exists():
            return converted.read_text(encoding="utf-8")
        return (self.directory / "sources" / document.source_file).read_text(encoding="utf-8")

    @cached_property
    def _clauses_by_id(self) -> dict[str, Clause]:
        return {c.id: c for c in self.clauses}


class StoreError(RuntimeError):
    """The store is missing or unreadable; the message says which command fixes it."""


def corpus_version(sources: dict[str, bytes], parser_version: str) -> str:
    """Content hash of the inputs and the parser: the same files give the same version."""
    digest = hashlib.sha256(parser_version.encode())
    for name in sorted(sources):
        digest.update(name.encode() + b"\0" + hashlib.sha256(sources[name]).digest())
    return digest.hexdigest()[:16]


def current_version(home: Path) -> str | None:
    return current_build(home / "corpus")


def read_sources(home: Path) -> dict[str, bytes]:
    """The source files of the current build (empty when there is none)."""
    version = current_version(home)
    if version is None:
        return {}
    directory = home / "corpus" / version / "sources"
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())} if directory.exists() else {}


def _write_jsonl(path: Path, items: list[Any]) -> None:
    with path.open("w", encoding="utf-8") as f:
        for item in items:
            f.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")


def write_build(home: Path, version: str, sources: dict[str, bytes], texts: dict[str, str], documents: list[Document],
                clauses: list[Clause], targets: list[Target], assignments: list[Assignment],
                manifest: dict[str, Any]) -> Path:
    """Write a complete build and make it current; a no-op when that version is already current.
    Call with the writer lock held."""
    corpus_dir = home / "corpus"
    remove_leftovers(corpus_dir)

    def write(tmp: Path) -> None:
        (tmp / "sources").mkdir()
        for name, data in sources.items():
            (tmp / "sources" / name).write_bytes(data)
        (tmp / "texts").mkdir()
        for name, text in texts.items():  # what a converted file (a crawled page, Word, PDF) reads as
            (tmp / "texts" / f"{name}.txt").write_text(text, encoding="utf-8")
        (tmp / "documents.json").write_text(
            json.dumps([d.to_dict() for d in documents], ensure_ascii=False, indent=1), encoding="utf-8")
        _write_jsonl(tmp / "clauses.jsonl", clauses)
        _write_jsonl(tmp / "targets.jsonl", targets)
        _write_jsonl(tmp / "assignments.jsonl", assignments)
        (tmp / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")

    return publish_build(corpus_dir, version, write)


def load(home: Path, version: str | None = None) -> Corpus:
    """The current build (or the given version), or a StoreError naming the command that creates one."""
    version = version or current_version(home)
    if version is None or not (home / "corpus" / version / "manifest.json").exists():
        raise StoreError(f"no ingested corpus in {home}; run `policyqa ingest` first")
    directory = home / "corpus" / version
    try:
        manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
        documents = [Document.from_dict(d) for d in json.loads((directory / "documents.json").read_text(encoding="utf-8"))]

        def rows(name: str) -> list[dict[str, Any]]:
            with (directory / name).open(encoding="utf-8") as f:
                return [json.loads(line) for line in f if line.strip()]

        return Corpus(version, directory, documents, [Clause.from_dict(c) for c in rows("clauses.jsonl")],
                      [Target.from_dict(t) for t in rows("targets.jsonl")],
                      [Assignment.from_dict(a) for a in rows("assignments.jsonl")], manifest)
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise StoreError(f"the corpus in {directory} is damaged ({error}); run `policyqa ingest` to rebuild it") from None
