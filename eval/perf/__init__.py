"""Performance: benchmarks of ingestion, index builds, search, ask, start-up, imports and the server under load (`make bench`)."""
