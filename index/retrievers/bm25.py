"""BM25 (bm25s) over terms our analyser produced, as a llama-index retriever.

bm25s ignores a `tokenizer=` argument, so it is given analysed token lists on both sides.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from llama_index.core.retrievers import BaseRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode

from index.retrievers.nodes import scored


def load_bm25(directory: Path) -> Any:
    import bm25s

    return bm25s.BM25.load(str(directory), show_progress=False)


class BM25Retriever(BaseRetriever):
    """Cheap to create per search: the loaded index (`load_bm25`) and the nodes are shared, read-only.

    `nodes` are in index order; `mask` (1 keep, 0 drop, per node) filters by document.
    """

    def __init__(self, bm25: Any, nodes: list[TextNode], analyzer: Callable[[str], list[str]],
                 top_n: int = 50, mask: np.ndarray | None = None) -> None:
        self._bm25 = bm25
        self._nodes = nodes
        self._analyzer = analyzer
        self.top_n = top_n
        self._mask = mask
        super().__init__()

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        vocabulary = self._bm25.vocab_dict
        terms = [t for t in self._analyzer(query_bundle.query_str) if t in vocabulary]
        if not terms:
            return []
        k = min(self.top_n, len(self._nodes))
        indices, scores = self._bm25.retrieve([terms], k=k, show_progress=False, weight_mask=self._mask, n_threads=1)
        return [scored(self._nodes[i], float(s)) for i, s in zip(indices[0], scores[0]) if s > 0]
