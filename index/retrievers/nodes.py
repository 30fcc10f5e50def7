"""Passages as llama-index nodes."""

from __future__ import annotations

from llama_index.core.schema import TextNode

from index.passages import Passage


def passage_node(passage: Passage) -> TextNode:
    """The node both retrievers return for a passage (same text and metadata, so fusion merges them)."""
    return TextNode(id_=passage.id, text=passage.embed_text,
                    metadata={"document": passage.document, "clause_id": passage.clause_id},
                    excluded_embed_metadata_keys=["document", "clause_id"],
                    excluded_llm_metadata_keys=["document", "clause_id"])
