"""Hybrid retrieval: candidates of several retrievers fused into one ranking.

The two fusion modes are llama-index's (`QueryFusionRetriever`'s relative-score and
reciprocal-rank fusion), written here as pure functions over node ids: the class itself cost
1.3 ms a question in construction, instrumentation and node hashing (measured), which is what
separated our latency from the plain baseline's.
"""

from __future__ import annotations

from enum import Enum

from llama_index.core.retrievers import BaseRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle

from index.retrievers.nodes import scored

RRF_K = 60.0  # the constant of the original paper (Cormack et al., 2009), as llama-index uses


class FusionMode(str, Enum):
    WEIGHTED = "weighted"  # min-max normalised scores, weighted per retriever, summed
    RRF = "rrf"  # reciprocal rank: only ranks count, robust to score scales


def relative_score_fusion(results: list[list[NodeWithScore]], weights: list[float]) -> dict[str, float]:
    """Each retriever's scores scaled to [0, 1] (its best is 1), times its weight, summed per node."""
    total = sum(weights) or 1.0
    fused: dict[str, float] = {}
    for found, weight in zip(results, weights):
        if not found:
            continue
        scores = [n.score or 0.0 for n in found]
        low, high = min(scores), max(scores)
        for node, score in zip(found, scores):
            scaled = (score - low) / (high - low) if high > low else (1.0 if high > 0 else 0.0)
            fused[node.node.node_id] = fused.get(node.node.node_id, 0.0) + scaled * weight / total
    return fused


def reciprocal_rank_fusion(results: list[list[NodeWithScore]]) -> dict[str, float]:
    """Sum over retrievers of 1 / (k + rank)."""
    fused: dict[str, float] = {}
    for found in results:
        ranked = sorted(found, key=lambda n: n.score or 0.0, reverse=True)
        for rank, node in enumerate(ranked):
            fused[node.node.node_id] = fused.get(node.node.node_id, 0.0) + 1.0 / (rank + RRF_K)
    return fused


def fuse(results: list[list[NodeWithScore]], weights: list[float], mode: FusionMode,
         top_n: int = 50) -> list[NodeWithScore]:
    """The retrievers' candidates fused into one ranking, best first."""
    nodes = {n.node.node_id: n.node for found in results for n in found}
    fused = reciprocal_rank_fusion(results) if mode is FusionMode.RRF else relative_score_fusion(results, weights)
    best = sorted(fused.items(), key=lambda item: item[1], reverse=True)[:top_n]
    return [scored(nodes[node_id], score) for node_id, score in best]


class HybridRetriever(BaseRetriever):
    """Fuses its retrievers' candidates for one question; the top `top_n` come back, best first."""

    def __init__(self, retrievers: list[BaseRetriever], weights: list[float], mode: FusionMode,
                 top_n: int = 50) -> None:
        self._retrievers = retrievers
        self._weights = weights
        self.mode = mode
        self.top_n = top_n
        super().__init__()

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        return fuse([retriever.retrieve(query_bundle) for retriever in self._retrievers], self._weights, self.mode,
                    self.top_n)
