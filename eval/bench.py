"""`make bench`: timings of the ingestion stage, written to eval/reports/bench.{json,md}.

Retrieval and answer benchmarks join this report as those stages land.
"""

from __future__ import annotations

import json
import resource
import statistics
import tempfile
import time
from pathlib import Path

from assistant.config import DEFAULT_CORPUS, PROJECT_DIR
from ingest.build import ingest
from ingest.pipeline import parse_document

REPORTS = PROJECT_DIR / "eval" / "reports"


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
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "documents": per_document,
    }


def to_markdown(report: dict) -> str:
    lines = ["# Benchmark: ingestion", "",
             f"- full ingest of the bundled corpus: {report['ingest_full_s']} s",
             f"- re-ingest of unchanged files (no-op): {report['ingest_unchanged_s']} s",
             f"- store size: {report['store_bytes'] / 1e6:.2f} MB",
             f"- peak RSS: {report['peak_rss_mb']} MB", "",
             "| document | bytes | clauses | parse (median ms) |", "|---|---:|---:|---:|"]
    for doc_id, row in report["documents"].items():
        lines.append(f"| {doc_id} | {row['bytes']} | {row['clauses']} | {row['parse_ms_median']} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    report = run()
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / "bench.json").write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    (REPORTS / "bench.md").write_text(to_markdown(report), encoding="utf-8")
    print(to_markdown(report))


if __name__ == "__main__":
    main()
