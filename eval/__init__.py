"""Answer quality: question sets, metrics, the runner, the report and its gate. Benchmarks: `eval.perf`."""
