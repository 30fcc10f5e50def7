"""Answers to repeated questions (the example questions, a popular citizen question) kept for reuse.

The key is what the answer depends on: the question as the searcher normalises it, after a
follow-up is resolved against its history, the documents it is limited to, and the retriever.
One cache belongs to one assistant, that is to one index build: a re-ingest brings a new
assistant and an empty cache. The oldest entry goes when the cache is full.
"""

from __future__ import annotations

import copy
import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any


class AnswerCache:
    def __init__(self, size: int) -> None:
        self.size = size
        self.hits = 0
        self.misses = 0
        self._entries: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Any | None:
        """A copy of the answer kept under `key` (callers may change what they get), or None."""
        if self.size <= 0:
            return None
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
        return copy.deepcopy(found)

    def put(self, key: Hashable, answer: Any) -> None:
        if self.size <= 0:
            return
        kept = copy.deepcopy(answer)
        with self._lock:
            self._entries[key] = kept
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)
