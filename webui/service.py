"""The assistant the server answers with, swapped for a new one when a re-ingest completes.

A request takes whichever assistant is current. At most every `CHECK_SECONDS` a request looks
at index/CURRENT; when it names a new build, that build is opened in a background thread
while the old assistant keeps answering, and the swap happens only once it is ready.
"""

from __future__ import annotations

import logging
import threading
import time

from assistant.assistant import Assistant
from assistant.llm import load_llm
from index.embedders import Embedder, load_embedder
from index.retrievers.hybrid import FusionMode
from index.search import Searcher
from index.store import current_index
from policyqa.settings import Settings

log = logging.getLogger(__name__)

CHECK_SECONDS = 1.0
WARM_UP = "Tỷ trọng kinh tế số trong GDP đến năm 2030?"


def open_searcher(settings: Settings, embedder: Embedder | None = None) -> Searcher:
    """The searcher the settings describe (raises StoreError / EmbedderError naming the fix)."""
    return Searcher.open(settings.home, embedder or load_embedder(settings.embedder), FusionMode(settings.fusion),
                         settings.max_question_chars)


def open_assistant(settings: Settings, embedder: Embedder | None = None) -> Assistant:
    """The assistant the settings describe; an LLMError when POLICYQA_LLM cannot be used."""
    llm = load_llm(settings.llm, settings.llm_api_key, settings.llm_timeout) if settings.llm else None
    return Assistant(open_searcher(settings, embedder), llm, settings.top_k, settings.answer_cache)


class AssistantService:
    def __init__(self, settings: Settings, assistant: Assistant) -> None:
        self.settings = settings
        self._assistant = assistant
        self._checked = time.monotonic()
        self._loading = False
        self._failed: str | None = None  # a build that could not be opened is not tried again
        self._lock = threading.Lock()

    @classmethod
    def open(cls, settings: Settings) -> "AssistantService":
        """Raises StoreError / EmbedderError / LLMError with a message that says what to run."""
        assistant = open_assistant(settings)
        assistant.searcher.search(WARM_UP)  # the first search loads the segmenter's model; no user should wait
        return cls(settings, assistant)

    @property
    def assistant(self) -> Assistant:
        self._maybe_reload()
        return self._assistant

    @property
    def index_version(self) -> str:
        return self._assistant.searcher.manifest["version"]

    def _maybe_reload(self) -> None:
        now = time.monotonic()
        if now - self._checked < CHECK_SECONDS or self._loading:
            return
        with self._lock:
            if now - self._checked < CHECK_SECONDS or self._loading:
                return
            self._checked = now
            current = current_index(self.settings.home)
            if current is None or current in (self.index_version, self._failed):
                return
            self._loading = True
        threading.Thread(target=self._reload, args=(current,), daemon=True, name="reload-index").start()

    def _reload(self, version: str) -> None:
        try:
            searcher = open_searcher(self.settings, self._assistant.searcher.embedder)
            self._assistant = Assistant(searcher, self._assistant.llm, self.settings.top_k,
                                        self.settings.answer_cache)
            log.info("now answering from index %s", searcher.manifest["version"])
        except Exception:  # a build that cannot be opened: keep answering from the one we have
            self._failed = version
            log.exception("could not open index %s; still answering from %s", version, self.index_version)
        finally:
            self._loading = False
