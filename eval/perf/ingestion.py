"""Ingestion benchmark: parse time per document, full and no-op ingest, store size, peak RSS.

`python -m eval.perf.ingestion` prints one JSON object (run by `eval.perf.run`).
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from pathlib import Path

from policyqa.settings import DEFAULT_CORPUS
from eval.perf.resources import peak_rss_mb
from ingest.build import ingest
from ingest.pipeline import parse_document


def _timed(fn, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def run(repeat: int = 5) -> dict:
    files = sorted(DEFAULT_CORPUS.glob("*.txt"))
    per_document = {}
    for path in files:
        data = path.read_bytes()
        doc = parse_document(data, path.name)
        per_document[doc.document.id] = {
            "bytes": len(data), "clauses": len(doc.clauses),
            "parse_ms_median": round(1000 * statistics.median(_timed(lambda: parse_document(data, path.name), repeat)), 1),
        }
    with tempfile.TemporaryDirectory() as home:
        home_path = Path(home)
        cold = _timed(lambda: ingest([DEFAULT_CORPUS], home_path), 1)[0]
        noop = statistics.median(_timed(lambda: ingest([DEFAULT_CORPUS], home_path), repeat))
        size = sum(p.stat().st_size for p in home_path.rglob("*") if p.is_file())
    return {
        "ingest_full_s": round(cold, 3),
        "ingest_unchanged_s": round(noop, 3),
        "store_bytes": size,
        "peak_rss_mb": peak_rss_mb(),
        "documents": per_document,
    }


def main() -> None:
    print(json.dumps(run(), ensure_ascii=False))


if __name__ == "__main__":
    main()
