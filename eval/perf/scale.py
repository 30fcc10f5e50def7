"""`make bench-scale`: the corpus at 100× — ../shared/corpus-scale (486 real documents) beside the
bundled decisions — ingested and indexed in homes of their own, then the same questions asked at
three corpus sizes.

    python -m eval.perf.scale [--corpus DIR] [--middle 100]   → eval/reports/bench-scale.{json,md}
    python -m eval.perf.scale query HOME QUESTIONS.json         (one size, in its own process)

Each build runs `policyqa ingest` as a user would, in a child process whose peak RSS is its own:
first `--no-index` (the parse stage), then the index (passages, embed, BM25, Chroma). The smaller
homes start from the largest one's embedding cache, so only the largest build embeds; their build
times are not comparable and are not reported as cold. Latency is measured with the answer cache
off, on questions about the bundled decisions, which every size holds.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from eval.perf.resources import peak_rss_mb
from policyqa.settings import DEFAULT_CORPUS, PROJECT_DIR

REPORTS = PROJECT_DIR / "eval" / "reports"
WORK = PROJECT_DIR / "var" / "bench-scale"
SCALE_CORPUS = PROJECT_DIR.parent / "shared" / "corpus-scale"
SERVER_QUESTIONS = 60


def _run(args: list[str], home: Path) -> tuple[dict[str, Any], float, float]:
    """A `policyqa` command's JSON output, its wall time and its peak RSS in MB."""
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "policyqa.cli", *args], cwd=PROJECT_DIR,
                             env={**os.environ, "POLICYQA_HOME": str(home)}, stdout=subprocess.PIPE, text=True)
    out = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    if child.returncode != 0:
        raise SystemExit(f"policyqa {' '.join(args[:2])} failed (exit {child.returncode})")
    return json.loads(out), wall, round(usage.ru_maxrss / 1024, 1)


def _megabytes(path: Path) -> float:
    return round(sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6, 1)


def build(home: Path, paths: list[Path], cache_from: Path | None = None) -> dict[str, Any]:
    """Ingest and index `paths` in a fresh `home`; with `cache_from`, reuse that home's embeddings."""
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    if cache_from is not None:
        shutil.copytree(cache_from / "index" / "cache", home / "index" / "cache")
    files = [str(p) for p in paths]
    parsed, parse_s, parse_rss = _run(["ingest", "--json", "--no-index", *files], home)
    indexed, index_s, index_rss = _run(["ingest", "--json", *files], home)
    index = indexed["index"]
    embed_s = index["stages"].get("embed", 0.0)
    return {
        "documents": len(parsed["documents"]), "skipped": parsed["skipped"],
        "clauses": parsed["clauses"], "targets": parsed["targets"], "assignments": parsed["assignments"],
        "passages": index["passages"], "embedded": index["embedded"],
        "wall_s": {"parse": round(parse_s, 1), "index": round(index_s, 1), **index["stages"]},
        "passages_per_s": round(index["embedded"] / embed_s, 1) if index["embedded"] and embed_s else None,
        "disk_mb": {"corpus": _megabytes(home / "corpus"), "index": _megabytes(home / "index"),
                    "embedding_cache": _megabytes(home / "index" / "cache")},
        "peak_rss_mb": {"parse": parse_rss, "index": index_rss},
    }


def query(home: Path, questions: list[str]) -> dict[str, Any]:
    """Open the index as the server does, then warm search and ask latency on `questions`."""
    from assistant.assistant import Assistant
    from eval.runner import latency_summary
    from index.embedders import load_embedder
    from index.search import Searcher
    from policyqa.settings import Settings

    started = time.perf_counter()
    settings = Settings.from_env()
    assistant = Assistant(Searcher.open(home, load_embedder(settings.embedder)), top_k=settings.top_k)
    opened = time.perf_counter() - started
    assistant.ask(questions[0])
    search, ask = [], []
    for question in questions:
        clock = time.perf_counter()
        assistant.searcher.search(question, k=settings.top_k)
        search.append(time.perf_counter() - clock)
        clock = time.perf_counter()
        assistant.ask(question)
        ask.append(time.perf_counter() - clock)
    return {"open_s": round(opened, 2), "questions": len(questions), "search": latency_summary(search),
            "ask": latency_summary(ask), "peak_rss_mb": peak_rss_mb()}


def serve(home: Path, questions: list[str]) -> dict[str, Any]:
    """`policyqa serve` on the index: start-up to the first healthy answer, and its RSS after answering."""
    import httpx

    from eval.perf.load import Server

    server = Server(home, {"POLICYQA_ANSWER_CACHE": "0", "POLICYQA_API_KEYS": "scale-bench"}, wait_s=900)
    try:
        for question in questions[:SERVER_QUESTIONS]:
            httpx.post(server.url + "/api/ask", json={"question": question}, headers={"X-API-Key": "scale-bench"},
                       timeout=30).raise_for_status()
        return {"startup_s": server.startup_s, "peak_rss_mb": server.peak_rss_mb()}
    finally:
        server.stop()


def _questions() -> list[str]:
    """The test split's questions about the bundled decisions (every size holds them)."""
    from eval.questions import load, split_path
    from ingest.pipeline import parse_document

    bundled = {parse_document(p.read_bytes(), p.name).document.id for p in sorted(DEFAULT_CORPUS.iterdir())}
    return [q.question for q in load(split_path("test")) if q.doc in bundled and not q.history]


def _in_child(home: Path, questions: list[str]) -> dict[str, Any]:
    path = home / "questions.json"
    path.write_text(json.dumps(questions, ensure_ascii=False), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "eval.perf.scale", "query", str(home), str(path)],
                          cwd=PROJECT_DIR, capture_output=True, text=True,
                          env={**os.environ, "POLICYQA_ANSWER_CACHE": "0"})
    if done.returncode != 0:
        raise SystemExit(f"query at {home.name} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run(corpus: Path, middle: int) -> dict[str, Any]:
    scale_files = sorted(p for p in corpus.iterdir() if p.is_file())
    bundled = sorted(p for p in DEFAULT_CORPUS.iterdir() if p.is_file())
    sizes = {"all": bundled + scale_files, "middle": bundled + scale_files[:max(middle - len(bundled), 0)],
             "bundled": bundled}
    questions = _questions()
    report: dict[str, Any] = {"corpus": str(corpus), "scale_files": len(scale_files), "sizes": {}}
    largest = WORK / "all"
    for name, paths in sizes.items():
        home = WORK / name
        print(f"bench-scale: {name}: {len(paths)} files", file=sys.stderr, flush=True)
        built = build(home, paths, None if name == "all" else largest)
        report["sizes"][name] = {"files": len(paths), "build": built, "cold": name == "all",
                                 "query": _in_child(home, questions), "server": serve(home, questions)}
    sizes_report = report["sizes"]
    report["growth"] = {
        key: round(sizes_report["all"]["query"][kind]["p50_ms"] / sizes_report["bundled"]["query"][kind]["p50_ms"], 2)
        for key, kind in (("search_p50_all_over_bundled", "search"), ("ask_p50_all_over_bundled", "ask"))}
    return report


def markdown(report: dict[str, Any]) -> str:
    sizes = report["sizes"]
    lines = ["# Scale benchmark", "",
             f"The bundled decisions plus `{report['corpus']}` ({report['scale_files']} files), one build per "
             "size. Only the largest build is cold; the smaller ones reuse its embedding cache.", "",
             "| size | files | documents | skipped | clauses | passages | embedded | parse | index | embed | "
             "BM25 | Chroma | passages/s | disk (corpus + index) | peak RSS parse / index |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for name, size in sizes.items():
        b, w = size["build"], size["build"]["wall_s"]
        lines.append(f"| {name} | {size['files']} | {b['documents']} | {len(b['skipped'])} | {b['clauses']:,} | "
                     f"{b['passages']:,} | {b['embedded']:,} | {w['parse']} s | {w['index']} s | "
                     f"{w.get('embed', 0)} s | {w.get('bm25', 0)} s | {w.get('chroma', 0)} s | "
                     f"{b['passages_per_s'] or '—'} | {b['disk_mb']['corpus'] + b['disk_mb']['index']:.1f} MB | "
                     f"{b['peak_rss_mb']['parse']:.0f} / {b['peak_rss_mb']['index']:.0f} MB |")
    lines += ["", "| size | questions | open | search p50 / p95 | ask p50 / p95 | process RSS | server start | "
              "server RSS |", "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for name, size in sizes.items():
        q, s = size["query"], size["server"]
        lines.append(f"| {name} | {q['questions']} | {q['open_s']} s | {q['search']['p50_ms']} / "
                     f"{q['search']['p95_ms']} ms | {q['ask']['p50_ms']} / {q['ask']['p95_ms']} ms | "
                     f"{q['peak_rss_mb']:.0f} MB | {s['startup_s']} s | {s['peak_rss_mb']:.0f} MB |")
    growth = report["growth"]
    lines += ["", f"At all documents ÷ at the bundled five: search p50 {growth['search_p50_all_over_bundled']}×, "
              f"ask p50 {growth['ask_p50_all_over_bundled']}×.", "", "## Skipped files", ""]
    skipped = sizes["all"]["build"]["skipped"]
    lines += [f"- `{item['file']}`: {item['reason']}" for item in skipped] or ["None."]
    return "\n".join(lines) + "\n"


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "query":
        questions = json.loads(Path(sys.argv[3]).read_text(encoding="utf-8"))
        print(json.dumps(query(Path(sys.argv[2]), questions)))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path(os.environ.get("POLICYQA_SCALE_CORPUS", SCALE_CORPUS)))
    parser.add_argument("--middle", type=int, default=100, help="documents in the middle size")
    args = parser.parse_args()
    if not args.corpus.is_dir() or not any(args.corpus.iterdir()):
        print(f"bench-scale needs the scale corpus: {args.corpus} is missing or empty. It is the 486 documents of "
              "../shared/corpus-scale/ (not in the repository); give another folder with --corpus or "
              "POLICYQA_SCALE_CORPUS.", file=sys.stderr)
        raise SystemExit(2)
    report = run(args.corpus, args.middle)
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / "bench-scale.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    (REPORTS / "bench-scale.md").write_text(markdown(report), encoding="utf-8")
    print(markdown(report))


if __name__ == "__main__":
    main()
