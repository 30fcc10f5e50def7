"""Source texts → documents, clause trees with citations, and facts (targets, assignments)."""
