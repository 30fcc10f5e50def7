"""The evaluation report: eval/reports/latest.{md,json} and a bar chart per category (PNG).

The Markdown reads in a browser or on a code host: the overall figures, a table per category,
the chart, then every failure with the question, what was expected, what came back, and the
top passages.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

METRICS = ("answer_accuracy", "citation_accuracy", "quote_faithfulness", "recall@1", "recall@5", "recall@10",
           "mrr@10", "abstention_precision", "abstention_recall")
THRESHOLDS = Path(__file__).resolve().parent / "thresholds.json"


def thresholds() -> dict[str, float]:
    return json.loads(THRESHOLDS.read_text(encoding="utf-8"))


def gate(report: dict[str, Any], bars: dict[str, float]) -> list[str]:
    """The thresholds the overall figures miss (an absent figure counts as missing)."""
    overall = report["overall"]
    return [f"{name} {overall.get(name)} < {bar}" for name, bar in bars.items()
            if overall.get(name) is None or overall[name] < bar]


def _cell(value: Any) -> str:
    return "–" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)


def chart(report: dict[str, Any], path: Path) -> None:
    """Answer accuracy (abstention for unanswerable questions) and recall@5 per category, as grouped bars."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    categories = list(report["by_category"])
    found = report["by_category"]
    accuracy = [(found[c]["answer_accuracy"] if found[c].get("answer_accuracy") is not None
                 else found[c].get("abstention_recall")) or 0 for c in categories]
    recall = [report["by_category"][c].get("recall@5") or 0 for c in categories]
    figure, axes = plt.subplots(figsize=(8, 3.6), dpi=100)
    positions = range(len(categories))
    axes.bar([p - 0.2 for p in positions], accuracy, width=0.4, label="answer accuracy (abstained, if unanswerable)")
    axes.bar([p + 0.2 for p in positions], recall, width=0.4, label="recall@5")
    axes.set_xticks(list(positions), categories, rotation=15)
    axes.set_ylim(0, 1.05)
    axes.axhline(0.9, color="grey", linewidth=0.8, linestyle="--")
    axes.legend(loc="lower right")
    axes.set_title("policyqa evaluation by category")
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)


def markdown(report: dict[str, Any], title: str, chart_name: str) -> str:
    overall = report["overall"]
    lines = [f"# {title}", "", f"{report['questions']} questions.", "",
             "| metric | value |", "|---|---:|"]
    lines += [f"| {m} | {_cell(overall.get(m))} |" for m in METRICS]
    lines += [f"| latency p50 | {overall.get('p50_ms')} ms |", f"| latency p95 | {overall.get('p95_ms')} ms |", "",
              "## By category", "", f"![by category]({chart_name})", "",
              "| category | n | " + " | ".join(METRICS) + " |", "|---|---:|" + "---:|" * len(METRICS)]
    for category, found in report["by_category"].items():
        lines.append(f"| {category} | {found['questions']} | " + " | ".join(_cell(found.get(m)) for m in METRICS) + " |")
    if report.get("abstention_curve"):
        lines += ["", "## Abstention: precision and recall by confidence bar", "",
                  "Refusing every answer whose confidence is below the bar (the fitted bar is in "
                  "assistant/abstention.json).", "", "| bar | refusals | precision | recall |", "|---:|---:|---:|---:|"]
        lines += [f"| {r['threshold']:.2f} | {r['refusals']} | {_cell(r['abstention_precision'])} | "
                  f"{_cell(r['abstention_recall'])} |" for r in report["abstention_curve"]]
    lines += ["", f"## Failures ({len(report['failures'])})", ""]
    for failure in report["failures"]:
        lines += [f"### {failure['id']} ({failure['category']})", "", f"**Question:** {failure['question']}", "",
                  f"**Expected:** {failure['expected']} (must contain: {', '.join(failure['must_contain']) or '—'})",
                  "", f"**Got:** {failure['got']}" + (" *(abstained)*" if failure["abstained"] else ""), "",
                  "**Top passages:**", ""]
        lines += [f"{n}. {top}" for n, top in enumerate(failure["top"], 1)]
        lines.append("")
    return "\n".join(lines) + "\n"


def write(report: dict[str, Any], directory: Path, title: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    chart(report, directory / "latest.png")
    (directory / "latest.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    path = directory / "latest.md"
    path.write_text(markdown(report, title, "latest.png"), encoding="utf-8")
    return path
