"""The search index on disk: built atomically and incrementally, loaded read-only.

Layout under the store directory (`POLICYQA_HOME`):

    index/<version>/               one complete, immutable build
        manifest.json              version, corpus version, embedder, passage count, Chroma location
        passages.jsonl             the passages, in index order
        bm25/, bm25_folded/        bm25s indexes over analysed and diacritic-folded terms
        chroma/                    the local Chroma store (absent when POLICYQA_CHROMA_URL is set)
    index/CURRENT                  the version in use (replaced with an atomic rename)
    index/cache/<embedder>.npz     passage embeddings by text digest, reused across builds

A build is written to a temporary directory and renamed into place before CURRENT switches,
so a server that opened the previous build keeps a complete one; with a Chroma server each
build gets its own collection for the same reason.
"""

from __future__ import annotations

import errno
import hashlib
import json
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from index.embedders import Embedder
from index.passages import PASSAGES_VERSION, Passage, build_passages
from index.vietnamese import analyze, analyze_folded
from ingest.builds import (MANIFEST, current_build, is_complete, publish_build, remove_leftovers, set_current,
                           writer_lock)
from ingest.store import Corpus, StoreError

log = logging.getLogger(__name__)

ANALYSIS_VERSION = "4"  # bump when analysis changes what BM25 terms a text gives
COLLECTION = "passages"
_KEEP_BUILDS = 2  # the current build and the one a running server may still read
_BATCH = 32
SAVE_SECONDS = 120  # how often a long embedding run writes its cache


@dataclass
class IndexBuild:
    version: str
    changed: bool
    passages: int
    embedded: int  # passages embedded by this build (the rest came from the cache)
    seconds: float
    stages: dict[str, float] = field(default_factory=dict)  # seconds per stage: passages, embed, bm25, chroma

    def summary(self) -> dict[str, Any]:
        return {"version": self.version, "changed": self.changed, "passages": self.passages,
                "embedded": self.embedded, "seconds": round(self.seconds, 2),
                "stages": {name: round(seconds, 2) for name, seconds in self.stages.items()}}


def index_version(corpus_version: str, embedder_name: str, chroma_url: str | None) -> str:
    key = "\0".join([corpus_version, embedder_name, chroma_url or "local", ANALYSIS_VERSION, PASSAGES_VERSION])
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def current_index(home: Path) -> str | None:
    return current_build(home / "index")


def collection_name(version: str, chroma_url: str | None) -> str:
    return f"policyqa-{version}" if chroma_url else COLLECTION


def chroma_client(path: Path | None, chroma_url: str | None):
    """A local PersistentClient, or an HttpClient for a `chroma run` server; telemetry off."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    settings = ChromaSettings(anonymized_telemetry=False)
    if chroma_url:
        from urllib.parse import urlparse

        url = urlparse(chroma_url)
        return chromadb.HttpClient(host=url.hostname or "localhost", port=url.port or 8000,
                                   ssl=url.scheme == "https", settings=settings)
    return chromadb.PersistentClient(path=str(path), settings=settings)


class EmbeddingCache:
    """Passage embeddings by digest, one file per embedder, rewritten atomically."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.vectors: dict[str, np.ndarray] = {}
        if path.exists():
            try:
                with np.load(path) as data:
                    self.vectors = dict(zip(data["keys"].tolist(), data["vectors"]))
            except (OSError, ValueError, KeyError):
                log.warning("embedding cache %s is unreadable; passages will be embedded again", path)

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".cache-", suffix=".npz", dir=self.path.parent)
        with os.fdopen(fd, "wb") as f:
            np.savez(f, keys=np.array(list(self.vectors)), vectors=np.array(list(self.vectors.values())))
        os.replace(tmp, self.path)


def _embed(passages: list[Passage], embedder: Embedder, cache: EmbeddingCache,
           progress: Callable[[Iterable[Any]], Iterable[Any]]) -> int:
    """Embed the passages the cache lacks, longest first: a batch of like lengths pads little (2.3× the
    passages/s of corpus order on the scale corpus), and the time left shown early errs long.
    The cache is saved every SAVE_SECONDS, so an interrupted build keeps most of its work."""
    missing = sorted({p.digest: p for p in passages if p.digest not in cache.vectors}.values(),
                     key=lambda p: len(p.embed_text), reverse=True)
    batches = [missing[i:i + _BATCH] for i in range(0, len(missing), _BATCH)]
    saved = time.monotonic()
    for batch in progress(batches):
        vectors = embedder.embed_passages([p.embed_text for p in batch])
        cache.vectors.update(zip((p.digest for p in batch), vectors))
        if time.monotonic() - saved > SAVE_SECONDS:
            cache.save()
            saved = time.monotonic()
    if missing:
        cache.save()
    return len(missing)


def _write_bm25(directory: Path, token_lists: list[list[str]]) -> None:
    import bm25s

    retriever = bm25s.BM25()
    retriever.index(token_lists, show_progress=False)
    retriever.save(str(directory), show_progress=False)


def _write_chroma(directory: Path, version: str, chroma_url: str | None, passages: list[Passage],
                  vectors: list[np.ndarray]) -> None:
    from llama_index.vector_stores.chroma import ChromaVectorStore

    from index.retrievers.nodes import passage_node

    client = chroma_client(directory / "chroma", chroma_url)
    name = collection_name(version, chroma_url)
    if chroma_url and name in [c.name for c in client.list_collections()]:
        client.delete_collection(name)
    collection = client.create_collection(name, metadata={"hnsw:space": "cosine"})
    store = ChromaVectorStore(chroma_collection=collection)
    nodes = []
    for passage, vector in zip(passages, vectors):
        node = passage_node(passage)
        node.embedding = vector.tolist()
        nodes.append(node)
    for start in range(0, len(nodes), 1000):
        store.add(nodes[start:start + 1000])
    if not chroma_url:
        client.clear_system_cache()  # release the files before the directory is renamed


def build_index(corpus: Corpus, home: Path, embedder: Embedder, chroma_url: str | None = None,
                progress: Callable[[Iterable[Any]], Iterable[Any]] = lambda it: it) -> IndexBuild:
    """Index the corpus; a no-op when this corpus, embedder and analysis are already indexed."""
    with writer_lock(home):
        return _build_index(corpus, home, embedder, chroma_url, progress)


def _build_index(corpus: Corpus, home: Path, embedder: Embedder, chroma_url: str | None,
                 progress: Callable[[Iterable[Any]], Iterable[Any]]) -> IndexBuild:
    started = time.perf_counter()
    version = index_version(corpus.version, embedder.name, chroma_url)
    root = home / "index"
    if is_complete(root, version):
        set_current(root, version)
        passages = json.loads((root / version / MANIFEST).read_text(encoding="utf-8"))["passages"]
        return IndexBuild(version, False, passages, 0, time.perf_counter() - started)

    remove_leftovers(root)
    remove_leftovers(root / "cache")
    stages: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        stages[stage] = stages.get(stage, 0.0) + time.perf_counter() - clock
        clock = time.perf_counter()

    passages = build_passages(corpus, lambda text: embedder.count_tokens(text) <= embedder.max_tokens)
    lap("passages")
    cache = EmbeddingCache(root / "cache" / f"{embedder.name}.npz")
    embedded = _embed(passages, embedder, cache, progress)
    lap("embed")

    def write(tmp: Path) -> None:
        with (tmp / "passages.jsonl").open("w", encoding="utf-8") as f:
            for passage in passages:
                f.write(json.dumps(passage.to_dict(), ensure_ascii=False) + "\n")
        lap("passages")
        _write_bm25(tmp / "bm25", [analyze(p.search_text) for p in passages])
        _write_bm25(tmp / "bm25_folded", [analyze_folded(p.search_text) for p in passages])
        lap("bm25")
        try:
            _write_chroma(tmp, version, chroma_url, passages, [cache.vectors[p.digest] for p in passages])
        except Exception as error:
            raise _as_os_error(error, tmp / "chroma") from error
        lap("chroma")
        manifest = {"version": version, "corpus_version": corpus.version, "embedder": embedder.name,
                    "dim": embedder.dim, "passages": len(passages), "chroma_url": chroma_url,
                    "collection": collection_name(version, chroma_url)}
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")

    publish_build(root, version, write)
    _prune(root, version)
    return IndexBuild(version, True, len(passages), embedded, time.perf_counter() - started, stages)


def _as_os_error(error: Exception, path: Path) -> Exception:
    """Chroma reports a full or read-only disk through SQLite's words; give them the OS error they are."""
    text = str(error).lower()
    if isinstance(error, OSError):
        return error
    if "disk is full" in text or "no space" in text:
        return OSError(errno.ENOSPC, "No space left on device", str(path))
    if "readonly" in text or "read-only" in text:
        return OSError(errno.EROFS, "Read-only file system", str(path))
    return error


def _prune(root: Path, current: str) -> None:
    """Remove all but the newest builds; a server that opened an older one holds its files open."""
    builds = sorted((p for p in root.iterdir() if (p / "manifest.json").exists() and p.name != current),
                    key=lambda p: p.stat().st_mtime, reverse=True)
    for old in builds[_KEEP_BUILDS - 1:]:
        manifest = json.loads((old / "manifest.json").read_text(encoding="utf-8"))
        if manifest.get("chroma_url"):
            try:
                chroma_client(None, manifest["chroma_url"]).delete_collection(manifest["collection"])
            except Exception as error:  # the server may be down or the collection gone: not this build's concern
                log.warning("could not delete old collection %s: %s", manifest["collection"], error)
        shutil.rmtree(old, ignore_errors=True)


def read_manifest(home: Path) -> tuple[Path, dict[str, Any]]:
    version = current_index(home)
    if version is None:
        raise StoreError(f"no search index in {home}; run `policyqa index` (or `policyqa ingest`) first")
    directory = home / "index" / version
    try:
        return directory, json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise StoreError(f"the index in {directory} is damaged ({error}); run `policyqa index` to rebuild it") from None


def read_passages(directory: Path) -> list[Passage]:
    with (directory / "passages.jsonl").open(encoding="utf-8") as f:
        return [Passage.from_dict(json.loads(line)) for line in f if line.strip()]
