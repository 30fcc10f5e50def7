"""BM25 (bm25s) over terms our analyser produced, as a llama-index retriever.

bm25s ignores a `tokenizer=` argument, so it is given analysed token lists on both sides.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
from llama_index.core.retrievers import BaseRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle

from index.passages import Passage
from index.retrievers.nodes import passage_node


class BM25Retriever(BaseRetriever):
    def __init__(self, directory: Path, passages: list[Passage], analyzer: Callable[[str], list[str]],
                 top_n: int = 50, documents: set[str] | None = None) -> None:
        import bm25s

        self._bm25 = bm25s.BM25.load(str(directory), show_progress=False)
        self._passages = passages
        self._analyzer = analyzer
        self.top_n = top_n
        self.documents = documents
        super().__init__()

    def _mask(self) -> np.ndarray | None:
        if not self.documents:
            return None
        return np.array([p.document in self.documents for p in self._passages], dtype=np.float32)

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        terms = self._analyzer(query_bundle.query_str)
        vocabulary = self._bm25.vocab_dict
        terms = [t for t in terms if t in vocabulary]
        if not terms:
            return []
        k = min(self.top_n, len(self._passages))
        indices, scores = self._bm25.retrieve([terms], k=k, show_progress=False, weight_mask=self._mask(),
                                              n_threads=1)
        return [NodeWithScore(node=passage_node(self._passages[i]), score=float(s))
                for i, s in zip(indices[0], scores[0]) if s > 0]
