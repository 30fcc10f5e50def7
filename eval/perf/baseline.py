"""The plain baseline our retrieval is measured against.

What a first llama-index prototype would do: each source file as one Document, chunked by
`SentenceSplitter(chunk_size=512)`, embedded with the same embedder, stored in Chroma, top-k
by vector similarity. No Vietnamese analysis, no clause structure, no BM25. Its "answer" is
its top chunk, returned as is (no answerer, no citation).
"""

from __future__ import annotations

from pathlib import Path

from llama_index.core import Document, StorageContext, VectorStoreIndex
from llama_index.core.node_parser import SentenceSplitter
from llama_index.vector_stores.chroma import ChromaVectorStore

from index.embedders import Embedder, LlamaIndexEmbedding
from index.store import chroma_client
from ingest.clean import nfc

CHUNK_SIZE = 512


class Baseline:
    def __init__(self, index: VectorStoreIndex, chunks: int) -> None:
        self.index = index
        self.chunks = chunks

    @classmethod
    def build(cls, corpus_dir: Path, store_dir: Path, embedder: Embedder) -> "Baseline":
        documents = [Document(text=nfc(path.read_text(encoding="utf-8")), metadata={"file": path.name})
                     for path in sorted(corpus_dir.glob("*.txt"))]
        nodes = SentenceSplitter(chunk_size=CHUNK_SIZE).get_nodes_from_documents(documents)
        collection = chroma_client(store_dir, None).get_or_create_collection("baseline")
        storage = StorageContext.from_defaults(vector_store=ChromaVectorStore(chroma_collection=collection))
        return cls(VectorStoreIndex(nodes, storage_context=storage, embed_model=LlamaIndexEmbedding(embedder)),
                   len(nodes))

    @classmethod
    def open(cls, store_dir: Path, embedder: Embedder) -> "Baseline":
        collection = chroma_client(store_dir, None).get_collection("baseline")
        index = VectorStoreIndex.from_vector_store(ChromaVectorStore(chroma_collection=collection),
                                                   embed_model=LlamaIndexEmbedding(embedder))
        return cls(index, collection.count())

    def search(self, question: str, k: int = 10) -> list[str]:
        """The texts of the top-k chunks."""
        return [hit.node.get_content() for hit in self.index.as_retriever(similarity_top_k=k).retrieve(question)]

    def ask(self, question: str) -> str:
        """The baseline's answer: the text of its top chunk."""
        return next(iter(self.search(question, k=1)), "")
