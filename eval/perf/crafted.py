"""Crafted questions of the allowed length against usual ones: no question may cost more than 5× the median.

Each crafted question fills the length limit with what could make a stage superlinear: syllables
with many accented readings (restoration), many distinct words and no diacritics (BM25 over many
terms), years and document names (mentions), numbers and percentages (the embedder's tokens),
agency names and list words (the answerer's rules).
`python -m eval.perf.crafted OURS_HOME` prints one JSON object.
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import time
from pathlib import Path

from eval.perf.systems import all_questions
from policyqa.settings import Settings, prepare_runtime

ROUNDS = 3
LIMIT_RATIO = 5.0


def crafted_questions(limit: int, vocabulary: list[str]) -> dict[str, str]:
    from ingest.identify import ascii_fold

    def fill(unit: str) -> str:
        return (unit * (limit // len(unit) + 1))[:limit].strip()

    rng = random.Random(7)
    words = " ".join(rng.sample(vocabulary, min(len(vocabulary), 200)))[:limit]
    return {
        "one syllable with many readings": fill("doi "),
        "many distinct words": words,
        "many distinct words, no diacritics": ascii_fold(words),
        "years": fill("năm 2025 2026 2030 "),
        "document names": fill("Quyết định 1033 dự thảo Chiến lược kế hoạch 2025 báo cáo 2022 "),
        "percentages": fill("30% 40% 50,5% "),
        "numbers": " ".join(str(rng.randint(1, 99999)) for _ in range(limit // 3))[:limit],
        "agency names": fill("Bộ Công an Bộ Tài chính UBND cấp tỉnh "),
        "a list question repeated": fill("liệt kê những nhiệm vụ Bộ Công an chủ trì "),
    }


def main() -> None:
    prepare_runtime()
    from assistant.assistant import Assistant
    from index.embedders import load_embedder
    from webui.service import open_searcher

    settings = Settings(home=Path(sys.argv[1]))
    searcher = open_searcher(settings, load_embedder(settings.embedder))
    assistant = Assistant(searcher)
    vocabulary = sorted({w for p in searcher.passages[:400] for w in p.text.split() if w.isalpha()})
    crafted = crafted_questions(settings.max_question_chars, vocabulary)
    usual = all_questions()
    assistant.ask("khởi động")

    def cost(question: str) -> float:
        started = time.perf_counter()
        assistant.ask(question)
        return (time.perf_counter() - started) * 1000

    median = statistics.median(cost(q) for q in usual)
    found = {name: round(min(cost(q) for _ in range(ROUNDS)), 1) for name, q in crafted.items()}
    worst = max(found.values())
    print(json.dumps({"usual_median_ms": round(median, 1), "questions": len(usual), "crafted_ms": found,
                      "worst_ratio": round(worst / median, 2), "limit_ratio": LIMIT_RATIO,
                      "max_question_chars": settings.max_question_chars}, ensure_ascii=False))


if __name__ == "__main__":
    main()
