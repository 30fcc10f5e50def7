"""Ingest a set of files into the store: parse each, link them, write one atomic build."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ingest import store
from ingest.builds import writer_lock
from ingest.identify import distinct_id
from ingest.report import document_report
from ingest.pipeline import PARSER_VERSION, IngestError, ParsedDocument, link_documents, parse_document

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 20 * 1024 * 1024  # a decision is ~200 KB; anything this large is not one


@dataclass
class IngestResult:
    version: str
    changed: bool
    parsed: list[ParsedDocument]
    errors: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        clauses = sum(len(p.clauses) for p in self.parsed)
        weights = [(p.coverage, len(" ".join(c.text for c in p.clauses))) for p in self.parsed]
        total = sum(w for _, w in weights) or 1
        return {
            "version": self.version,
            "changed": self.changed,
            "documents": [{**document_report(p), "draft": p.document.draft} for p in self.parsed],
            "clauses": clauses,
            "targets": sum(len(p.targets) for p in self.parsed),
            "assignments": sum(len(p.assignments) for p in self.parsed),
            "coverage": round(sum(c * w for c, w in weights) / total, 4),
            "skipped": [skipped(message) for message in self.errors],
            "errors": self.errors,
        }


def skipped(message: str) -> dict[str, str]:
    """A message "<file>: <why>" as {"file", "reason"}."""
    name, _, reason = message.partition(": ")
    return {"file": name, "reason": reason or message}


SUFFIXES = (".txt", ".md", ".docx", ".pdf")


def collect_files(paths: Iterable[Path]) -> list[Path]:
    """Files named, and the documents inside folders named (.txt, .md, .docx, .pdf), in a stable order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES))
        else:
            files.append(path)
    return files


def read_files(files: list[Path]) -> tuple[dict[str, bytes], list[str]]:
    """The files' bytes by file name (the store keeps sources by name), with a message for each refused."""
    sources: dict[str, bytes] = {}
    errors: list[str] = []
    for path in files:
        try:
            data = None  # too large by its size: refused unread
            if path.stat().st_size <= MAX_FILE_BYTES:
                # At most one byte over the limit: stat() gives 0 for a pipe or /dev/zero, which
                # read_bytes() read until memory ran out, and a file can grow after stat().
                with path.open("rb") as f:
                    data = f.read(MAX_FILE_BYTES + 1)
        except OSError as error:
            errors.append(f"{path}: cannot be read ({error.strerror})")
            continue
        if data is None or len(data) > MAX_FILE_BYTES:
            errors.append(f"{path.name}: too large; the limit is {MAX_FILE_BYTES // 1_000_000} MB")
        elif sources.get(path.name, data) != data:
            # Not a silent replacement: the later file used to take the earlier one's place.
            errors.append(f"{path}: another file is named {path.name}; rename one of them")
        else:
            sources[path.name] = data
    return sources, errors


def ingest(paths: list[Path], home: Path, add: bool = False,
           progress: Callable[[Iterable[Any]], Iterable[Any]] = lambda it: it) -> IngestResult:
    """Replace (or with `add`, extend) the corpus with these files; unchanged input is a no-op.
    With `add`, a file that is a new version of a document already in (the same type, number and
    issuer) replaces it."""
    with writer_lock(home):
        new_sources, errors = read_files(collect_files(paths))
        old = store.read_sources(home) if add else {}
        return _ingest(new_sources, {k: v for k, v in old.items() if k not in new_sources}, home, errors, progress)


def remove(document_ids: list[str], home: Path,
           progress: Callable[[Iterable[Any]], Iterable[Any]] = lambda it: it) -> IngestResult:
    """The corpus without these documents (an IngestError names an id that is not in it)."""
    with writer_lock(home):
        corpus = store.load(home)
        known = {d.id: d.source_file for d in corpus.documents}
        unknown = [d for d in document_ids if d not in known]
        if unknown:
            raise IngestError(f"no document {', '.join(unknown)} in the corpus; see `policyqa documents`")
        dropped = {known[d] for d in document_ids}
        kept = {k: v for k, v in store.read_sources(home).items() if k not in dropped}
        if not kept:
            raise IngestError("removing every document would leave an empty corpus; ingest others first")
        return _ingest({}, kept, home, [], progress)


def identity_key(document) -> tuple[str, str, str] | None:
    """Two files are one document when their type, number and issuer agree (a number is unique per issuer)."""
    if not document.number:
        return None
    return document.type, document.number.casefold(), (document.issuer or "").casefold()


def _ingest(new_sources: dict[str, bytes], old_sources: dict[str, bytes], home: Path, errors: list[str],
            progress: Callable[[Iterable[Any]], Iterable[Any]]) -> IngestResult:
    """Parse the new files, then the ones already in; a later file of a document already parsed is
    skipped (a new file of a document already in replaces it)."""
    parsed: list[ParsedDocument] = []
    kept: dict[str, bytes] = {}
    seen_hashes: dict[str, str] = {}
    seen_keys: dict[tuple, str] = {}
    names = [(name, True) for name in sorted(new_sources)] + [(name, False) for name in sorted(old_sources)]
    for name, is_new in progress(names):
        data = new_sources[name] if is_new else old_sources[name]
        try:
            doc = parse_document(data, name)
        except IngestError as error:
            errors.append(str(error))
            log.warning("skipped %s", error)
            continue
        if doc.document.sha256 in seen_hashes:
            if is_new:
                errors.append(f"{name}: same content as {seen_hashes[doc.document.sha256]}; skipped")
            continue
        key = identity_key(doc.document)
        if key in seen_keys:
            errors.append(f"{name}: the same document ({doc.document.short_name}) as {seen_keys[key]}; "
                          + ("skipped" if is_new else f"replaced by {seen_keys[key]}"))
            continue
        taken = {p.document.id for p in parsed}
        if doc.document.id in taken:
            doc.document.id = distinct_id(doc.document, taken)
            doc = _reidentify(doc)
        seen_hashes[doc.document.sha256] = name
        if key:
            seen_keys[key] = name
        parsed.append(doc)
        kept[name] = data
    if not parsed:
        raise IngestError("no document could be ingested: " + "; ".join(errors) if errors else "no input files")
    link_documents(parsed)
    version = store.corpus_version(kept, PARSER_VERSION)
    changed = store.current_version(home) != version
    result = IngestResult(version, changed, parsed, errors)
    if changed:
        manifest = {"version": version, "parser_version": PARSER_VERSION,
                    "sources": {p.document.source_file: p.document.sha256 for p in parsed},
                    "summary": result.summary()}
        texts = {p.document.source_file: p.text for p in parsed if p.document.format != "text"}
        store.write_build(home, version, kept, texts, [p.document for p in parsed], [c for p in parsed for c in p.clauses],
                          [t for p in parsed for t in p.targets], [a for p in parsed for a in p.assignments], manifest)
    return result


def _reidentify(doc: ParsedDocument) -> ParsedDocument:
    """Move every clause and fact of a document to its new (deduplicated) id."""
    old = doc.clauses[0].document if doc.clauses else doc.document.id
    new = doc.document.id

    def move(clause_id: str) -> str:
        return new + clause_id[len(old):] if clause_id.startswith(old + ":") else clause_id

    for clause in doc.clauses:
        clause.id, clause.document = move(clause.id), new
        clause.parent = move(clause.parent) if clause.parent else None
        clause.children = [move(c) for c in clause.children]
    for fact in [*doc.targets, *doc.assignments]:
        fact.clause_id, fact.document = move(fact.clause_id), new
    return doc
