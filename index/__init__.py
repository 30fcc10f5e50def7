"""Vietnamese analysis, passages, embeddings and hybrid search over Chroma and BM25."""
