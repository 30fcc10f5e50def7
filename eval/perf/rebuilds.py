"""Index maintenance after the cold build: a no-change rebuild, adding one small document, store sizes.

`python -m eval.perf.rebuilds OURS_HOME BASELINE_HOME SCRATCH` measures the stores built by
`eval.perf.retrieval build` on disk (ours: `corpus/` and `index/` of POLICYQA_HOME apart, the index
split into its build and the embedding cache; the baseline: its Chroma directory), then copies
OURS_HOME to SCRATCH (the original stays as the latency benchmarks use it) and there:

- rebuilds with nothing changed: `ingest` of the same files, then `build_index` (what `policyqa
  ingest` does when nothing changed);
- adds one small document (`tests/fixtures/qd-mini.txt`, `ingest(..., add=True)`) and rebuilds:
  only the new passages are embedded, the rest come from the embedding cache.
"""

from __future__ import annotations

import json
import shutil
import sys
import time
from pathlib import Path

from policyqa.settings import DEFAULT_CORPUS, PROJECT_DIR, prepare_runtime
from eval.perf.resources import peak_rss_mb

ADDED = PROJECT_DIR / "tests" / "fixtures" / "qd-mini.txt"


def _bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0


def _mb(size: int) -> float:
    return round(size / 1e6, 2)


def store_sizes(home: Path) -> dict:
    """MB on disk of a POLICYQA_HOME: corpus/, index/ (and within it the current build and the cache)."""
    index = home / "index"
    current = (index / "CURRENT").read_text(encoding="utf-8").strip() if (index / "CURRENT").exists() else None
    return {"corpus_mb": _mb(_bytes(home / "corpus")), "index_mb": _mb(_bytes(index)),
            "index_current_build_mb": _mb(_bytes(index / current)) if current else 0.0,
            "index_embedding_cache_mb": _mb(_bytes(index / "cache")),
            "index_builds_kept": sum(1 for p in index.iterdir() if (p / "manifest.json").exists()),
            "total_mb": _mb(_bytes(home))}


def _rebuild(home: Path, paths: list[Path], add: bool, embedder) -> dict:
    from index.store import build_index
    from ingest.build import ingest
    from ingest.store import load as load_corpus

    started = time.perf_counter()
    ingested = ingest(paths, home, add=add)
    after_ingest = time.perf_counter()
    build = build_index(load_corpus(home), home, embedder)
    done = time.perf_counter()
    return {"ingest_s": round(after_ingest - started, 2), "index_s": round(done - after_ingest, 2),
            "total_s": round(done - started, 2), "corpus_changed": ingested.changed, "index_changed": build.changed,
            "documents": len(ingested.parsed), "passages": build.passages, "embedded": build.embedded}


def run(ours: Path, baseline: Path, scratch: Path) -> dict:
    from index.embedders import load_embedder

    baseline_mb = _mb(_bytes(baseline))  # the baseline's store is its Chroma directory
    sizes = {"ours": store_sizes(ours), "baseline": {"chroma_mb": baseline_mb, "total_mb": baseline_mb}}
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(ours, scratch)
    from eval.perf.systems import EMBEDDER

    embedder = load_embedder(EMBEDDER)
    unchanged = _rebuild(scratch, [DEFAULT_CORPUS], False, embedder)
    added = _rebuild(scratch, [ADDED], True, embedder)
    sizes["ours_after_adding"] = store_sizes(scratch)
    return {"no_change": unchanged, "add_one_document": {"file": ADDED.name, "bytes": ADDED.stat().st_size, **added},
            "sizes": sizes, "peak_rss_mb": peak_rss_mb()}


def main() -> None:
    prepare_runtime()
    ours, baseline, scratch = (Path(arg) for arg in sys.argv[1:4])
    print(json.dumps(run(ours, baseline, scratch)))


if __name__ == "__main__":
    main()
