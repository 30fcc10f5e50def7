"""Passages as llama-index nodes, and a retriever whose results are computed elsewhere."""

from __future__ import annotations

from concurrent.futures import Future

from llama_index.core.retrievers import BaseRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode

from index.passages import Passage


def passage_node(passage: Passage) -> TextNode:
    """The node every retriever returns for a passage (fusion merges nodes by their hash)."""
    return TextNode(id_=passage.id, text=passage.embed_text,
                    metadata={"document": passage.document, "clause_id": passage.clause_id},
                    excluded_embed_metadata_keys=["document", "clause_id"],
                    excluded_llm_metadata_keys=["document", "clause_id"])


class FutureRetriever(BaseRetriever):
    """Results another thread is computing, so fusion can wait for them as for any retriever."""

    def __init__(self, future: Future) -> None:
        self._future = future
        super().__init__()

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        return self._future.result()
