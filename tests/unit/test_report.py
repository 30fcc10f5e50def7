"""The quality gate: it reads its bars from eval/thresholds.json and names what a report misses."""

from eval.report import gate, thresholds


def test_the_bars_live_in_the_thresholds_file():
    bars = thresholds()
    assert {"answer_accuracy", "recall@5", "quote_faithfulness", "abstention_recall"} <= set(bars)
    assert all(0 < bar <= 1 for bar in bars.values())


def test_gate_names_what_it_misses():
    report = {"overall": {"answer_accuracy": 0.85, "recall@5": 0.99, "quote_faithfulness": 1.0}}
    missed = gate(report, {"answer_accuracy": 0.9, "recall@5": 0.95, "abstention_recall": 1.0})
    assert missed == ["answer_accuracy 0.85 < 0.9", "abstention_recall None < 1.0"]
