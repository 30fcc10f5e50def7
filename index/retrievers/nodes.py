"""Passages as llama-index nodes."""

from __future__ import annotations

from llama_index.core.schema import NodeWithScore, TextNode

from index.passages import Passage


def passage_node(passage: Passage) -> TextNode:
    """The node every retriever returns for a passage (fusion merges nodes by their hash)."""
    return TextNode(id_=passage.id, text=passage.embed_text,
                    metadata={"document": passage.document, "clause_id": passage.clause_id},
                    excluded_embed_metadata_keys=["document", "clause_id"],
                    excluded_llm_metadata_keys=["document", "clause_id"])


def scored(node: TextNode, score: float) -> NodeWithScore:
    """A retriever's result, unvalidated: the node is one of ours, built once by `passage_node`.
    pydantic's validation of the ~160 results of a question cost 2 ms (measured)."""
    return NodeWithScore.model_construct(node=node, score=score)
