"""Fusion as pure functions: the same arithmetic as llama-index's QueryFusionRetriever."""

import pytest
from llama_index.core.retrievers import QueryFusionRetriever
from llama_index.core.retrievers.fusion_retriever import FUSION_MODES
from llama_index.core.llms import MockLLM
from llama_index.core.schema import NodeWithScore, TextNode

from index.retrievers.hybrid import reciprocal_rank_fusion, relative_score_fusion


def found(*pairs):
    return [NodeWithScore(node=TextNode(id_=i, text=i), score=s) for i, s in pairs]


BM25 = [("a", 12.0), ("b", 6.0), ("c", 3.0)]
DENSE = [("b", 0.91), ("d", 0.88), ("a", 0.80)]


def test_weighted_fusion_scales_each_retriever_then_weights():
    fused = relative_score_fusion([found(*BM25), found(*DENSE)], [0.6, 0.4])
    assert fused["a"] == pytest.approx(0.6 * 1.0 + 0.4 * 0.0)
    assert fused["b"] == pytest.approx(0.6 * (6 - 3) / 9 + 0.4 * 1.0)
    assert max(fused, key=fused.get) == "a"
    assert relative_score_fusion([found(*BM25), []], [0.6, 0.4])["a"] == pytest.approx(0.6)


def test_reciprocal_rank_fusion_counts_ranks_only():
    fused = reciprocal_rank_fusion([found(*BM25), found(*DENSE)])
    assert fused["b"] == pytest.approx(1 / 61 + 1 / 60)
    assert fused["d"] == pytest.approx(1 / 61)
    assert max(fused, key=fused.get) == "b"


@pytest.mark.parametrize("mode", [FUSION_MODES.RELATIVE_SCORE, FUSION_MODES.RECIPROCAL_RANK])
def test_same_ranking_as_llama_index(mode):
    fusion = QueryFusionRetriever([], llm=MockLLM(), mode=mode, num_queries=1, retriever_weights=[0.6, 0.4])
    results = {("q", 0): found(*BM25), ("q", 1): found(*DENSE)}
    if mode is FUSION_MODES.RELATIVE_SCORE:
        theirs = fusion._relative_score_fusion(results)
        ours = relative_score_fusion([found(*BM25), found(*DENSE)], [0.6, 0.4])
    else:
        theirs = fusion._reciprocal_rerank_fusion(results)
        ours = reciprocal_rank_fusion([found(*BM25), found(*DENSE)])
    assert [n.node.node_id for n in theirs] == sorted(ours, key=ours.get, reverse=True)
    assert [n.score for n in theirs] == pytest.approx(sorted(ours.values(), reverse=True))
