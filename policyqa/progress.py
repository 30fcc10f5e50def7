"""Progress of long commands: a bar on a terminal, log lines in words elsewhere.

Each item counts for `weight(item)` units (a batch of 32 passages counts 32), so the bar and the
rate are in passages or files, not in batches. Off a terminal a line is logged at most every
LOG_SECONDS (and at the end): "embed: 320 of 1,563 passages (20%), 19.5 passages/s, about 1 min 4 s left".
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

LOG_SECONDS = 5.0
log = logging.getLogger("policyqa")


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds} s" if seconds else f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min"


def progress_line(step: str, done: int, total: int, unit: str, seconds: float) -> str:
    rate = done / seconds if seconds > 0 else 0.0
    left = f", about {_duration((total - done) / rate)} left" if rate and done < total else ""
    share = f" ({done / total:.0%})" if total else ""
    return f"{step}: {done:,} of {total:,} {unit}{share}, {rate:.1f} {unit}/s{left}"


def progress(step: str, unit: str, weight: Callable[[Any], int] = lambda _: 1,
             label: Callable[[Any], str] | None = None, terminal: bool | None = None):
    """A wrapper for iterables that reports as it goes (see the module docstring)."""

    def wrap(iterable: Iterable[Any]) -> Iterator[Any]:
        items = list(iterable)
        total = sum(weight(item) for item in items)
        if sys.stderr.isatty() if terminal is None else terminal:
            from tqdm import tqdm

            with tqdm(total=total, desc=step, unit=f" {unit}", file=sys.stderr, dynamic_ncols=True) as bar:
                for item in items:
                    if label:
                        bar.set_postfix_str(label(item)[:40])
                    yield item
                    bar.update(weight(item))
            return
        started = time.monotonic()
        last = started
        done = 0
        for item in items:
            yield item
            done += weight(item)
            now = time.monotonic()
            if now - last >= LOG_SECONDS or done == total:
                log.info(progress_line(step, done, total, unit, now - started))
                last = now

    return wrap
