"""Feedback on answers, appended as JSON lines under POLICYQA_HOME/feedback/."""

from __future__ import annotations

import csv
import fcntl
import json
import threading
import time
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

RATINGS = ("correct", "wrong")
MAX_COMMENT = 2000
MAX_TEXT = 20_000
_lock = threading.Lock()


@dataclass
class Feedback:
    rating: str  # "correct" | "wrong"
    question: str
    answer: str
    citations: list[str] = field(default_factory=list)  # "[1] điểm a khoản 2 … (clause id)"
    comment: str = ""
    page: str = "public"  # "public" | "officials" | "api"
    user: str = ""
    time: str = ""

    def __post_init__(self) -> None:
        if self.rating not in RATINGS:
            raise ValueError(f"rating must be one of {', '.join(RATINGS)}")
        self.comment = self.comment[:MAX_COMMENT]
        self.question = self.question[:MAX_TEXT]
        self.answer = self.answer[:MAX_TEXT]
        self.citations = [str(c)[:1000] for c in self.citations[:50]]
        self.time = self.time or time.strftime("%Y-%m-%dT%H:%M:%S%z")


def feedback_path(home: Path) -> Path:
    return home / "feedback" / "feedback.jsonl"


def append(home: Path, feedback: Feedback) -> None:
    """One line per feedback; a file lock keeps lines whole when several workers write."""
    path = feedback_path(home)
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(asdict(feedback), ensure_ascii=False) + "\n"
    with _lock, path.open("a", encoding="utf-8") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        f.write(line)
        f.flush()
        fcntl.flock(f, fcntl.LOCK_UN)


def read_all(home: Path) -> list[dict[str, Any]]:
    """Every stored feedback; a line cut short by a crash is skipped."""
    path = feedback_path(home)
    if not path.exists():
        return []
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            items.append(json.loads(line))
        except ValueError:
            continue
    return items


def export(items: list[dict[str, Any]], path: Path) -> None:
    """CSV when the name ends in .csv, JSON lines otherwise."""
    if path.suffix.lower() == ".csv":
        with path.open("w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=[f.name for f in fields(Feedback)], extrasaction="ignore")
            writer.writeheader()
            for item in items:
                writer.writerow({**item, "citations": "\n".join(item.get("citations", []))})
    else:
        path.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), encoding="utf-8")
