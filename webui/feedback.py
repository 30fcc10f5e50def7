"""Feedback on answers, appended as JSON lines under POLICYQA_HOME/feedback/.

The current file is `feedback.jsonl`; past `ROTATE_BYTES` it is renamed with the time and a new
one is started, so no file grows without end and nothing is lost. Past `MAX_TOTAL_BYTES` in all,
feedback is refused with a clear message (an operator exports and archives the old files).
"""

from __future__ import annotations

import csv
import fcntl
import json
import re
import threading
import time
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from webui.spreadsheet import spreadsheet_safe

RATINGS = ("correct", "wrong")
MAX_COMMENT = 2000
MAX_TEXT = 20_000
ROTATE_BYTES = 10 * 1024 * 1024
MAX_TOTAL_BYTES = 200 * 1024 * 1024
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
_lock = threading.Lock()


class FeedbackError(RuntimeError):
    """Feedback could not be stored; the message is safe to show and says why."""


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
        self.comment = _CONTROL.sub("", self.comment)[:MAX_COMMENT]
        self.question = self.question[:MAX_TEXT]
        self.answer = self.answer[:MAX_TEXT]
        self.citations = [str(c)[:1000] for c in self.citations[:50]]
        self.time = self.time or time.strftime("%Y-%m-%dT%H:%M:%S%z")


def feedback_path(home: Path) -> Path:
    return home / "feedback" / "feedback.jsonl"


def feedback_files(home: Path) -> list[Path]:
    """The rotated files, oldest first, then the current one."""
    directory = home / "feedback"
    rotated = sorted(directory.glob("feedback-*.jsonl")) if directory.exists() else []
    current = feedback_path(home)
    return rotated + ([current] if current.exists() else [])


def append(home: Path, feedback: Feedback) -> None:
    """One line per feedback; a file lock keeps lines whole when several workers write.
    A FeedbackError when the store is full or cannot be written."""
    path = feedback_path(home)
    line = json.dumps(asdict(feedback), ensure_ascii=False) + "\n"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with _lock, path.open("a", encoding="utf-8") as f:
            fcntl.flock(f, fcntl.LOCK_EX)
            try:
                if sum(p.stat().st_size for p in feedback_files(home)) + len(line) > MAX_TOTAL_BYTES:
                    raise FeedbackError("Kho phản hồi đã đầy; quản trị viên cần xuất và lưu trữ phản hồi cũ "
                                        "(policyqa feedback --export).")
                if f.tell() + len(line) > ROTATE_BYTES and f.tell() > 0:
                    path.rename(path.with_name(f"feedback-{time.strftime('%Y%m%dT%H%M%S')}-{time.time_ns()}.jsonl"))
                    with path.open("a", encoding="utf-8") as fresh:
                        fresh.write(line)
                else:
                    f.write(line)
                    f.flush()
            finally:
                fcntl.flock(f, fcntl.LOCK_UN)
    except OSError as error:
        raise FeedbackError(f"Không ghi được phản hồi lúc này ({error.strerror or error}).") from None


def read_all(home: Path) -> list[dict[str, Any]]:
    """Every stored feedback, oldest first; a line cut short by a crash is skipped."""
    items = []
    for path in feedback_files(home):
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
                row = {**item, "citations": "\n".join(item.get("citations", []))}
                writer.writerow({k: spreadsheet_safe(v) for k, v in row.items()})
    else:
        path.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), encoding="utf-8")
