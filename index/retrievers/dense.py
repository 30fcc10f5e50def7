"""Dense retrieval: the question's vector against passage vectors in Chroma.

Chroma is asked for ids and distances only; the nodes come from memory. Fetching and
rebuilding 50 llama-index nodes from Chroma's metadata cost 6 ms a question (measured), more
than the search itself.
"""

from __future__ import annotations

from typing import Any

from llama_index.core.retrievers import BaseRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode

from index.retrievers.nodes import scored


class DenseRetriever(BaseRetriever):
    """Takes the question's vector in the bundle (`QueryBundle.embedding`): the searcher embeds it
    with its own embedder, not through llama-index's embedding wrapper, whose span and events cost
    0.7 ms a question."""

    def __init__(self, collection: Any, nodes: dict[str, TextNode], top_n: int = 50,
                 documents: set[str] | None = None) -> None:
        self._collection = collection
        self._nodes = nodes
        self.top_n = top_n
        self.documents = documents
        super().__init__()

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        vector = query_bundle.embedding
        if vector is None:
            raise ValueError("DenseRetriever needs the question's embedding in the QueryBundle")
        where = {"document": {"$in": sorted(self.documents)}} if self.documents else None
        found = self._collection.query(query_embeddings=[vector], n_results=min(self.top_n, len(self._nodes)),
                                       where=where, include=["distances"])
        return [scored(self._nodes[i], 1.0 - d)
                for i, d in zip(found["ids"][0], found["distances"][0]) if i in self._nodes]
