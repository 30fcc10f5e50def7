"""Hybrid retrieval: BM25 and dense candidates fused by llama-index's QueryFusionRetriever."""

from __future__ import annotations

from enum import Enum

from llama_index.core import Settings as LlamaSettings
from llama_index.core.llms import MockLLM
from llama_index.core.retrievers import BaseRetriever, QueryFusionRetriever
from llama_index.core.retrievers.fusion_retriever import FUSION_MODES
from llama_index.core.schema import NodeWithScore, QueryBundle


class FusionMode(str, Enum):
    RRF = "rrf"  # reciprocal rank: only ranks count, robust to score scales
    WEIGHTED = "weighted"  # min-max normalised scores, weighted per retriever

    @property
    def llama_mode(self) -> FUSION_MODES:
        return FUSION_MODES.RECIPROCAL_RANK if self is FusionMode.RRF else FUSION_MODES.RELATIVE_SCORE


class HybridRetriever(BaseRetriever):
    """Fuses its retrievers' candidates for the one question (no LLM query rewriting)."""

    def __init__(self, retrievers: list[BaseRetriever], weights: list[float], mode: FusionMode,
                 top_n: int = 50) -> None:
        if LlamaSettings._llm is None:  # no LLM rewrites queries; unset, llama-index would resolve OpenAI
            LlamaSettings.llm = MockLLM()
        self._fusion = QueryFusionRetriever(retrievers, mode=mode.llama_mode, similarity_top_k=top_n,
                                            num_queries=1, use_async=False, retriever_weights=weights)
        super().__init__()

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        return self._fusion.retrieve(query_bundle)
