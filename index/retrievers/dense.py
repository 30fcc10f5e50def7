"""Dense retrieval: our embedder's query vector against passage vectors in Chroma, via llama-index."""

from __future__ import annotations

from llama_index.core import VectorStoreIndex
from llama_index.core.retrievers import BaseRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle
from llama_index.core.vector_stores import FilterOperator, MetadataFilter, MetadataFilters


class DenseRetriever(BaseRetriever):
    def __init__(self, index: VectorStoreIndex, top_n: int = 50, documents: set[str] | None = None) -> None:
        self._index = index
        self.top_n = top_n
        self.documents = documents
        super().__init__()

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        filters = None
        if self.documents:
            filters = MetadataFilters(filters=[MetadataFilter(key="document", value=sorted(self.documents),
                                                              operator=FilterOperator.IN)])
        retriever = self._index.as_retriever(similarity_top_k=self.top_n, filters=filters)
        return retriever.retrieve(query_bundle)
