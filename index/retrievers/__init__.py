"""Retrieval strategies, one per module: BM25 over analysed terms, dense over Chroma, and their fusion."""
