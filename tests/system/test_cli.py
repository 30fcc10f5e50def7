"""The commands users type, run as processes: help, ingest, show, a missing store explained."""

import json

from tests.conftest import run_cli


def test_cli_help_lists_every_command(tmp_path):
    out = run_cli("--help", home=tmp_path).stdout
    for command in ("ingest", "show", "documents"):
        assert command in out


def test_cli_ingest_json_and_show(tmp_path):
    result = run_cli("ingest", "--json", "--no-index", home=tmp_path)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert len(summary["documents"]) == 5 and summary["coverage"] >= 0.99
    assert {"id", "number", "type", "title", "date", "draft", "clauses"} <= set(summary["documents"][0])
    assert summary["targets"] >= 60 and summary["assignments"] >= 400
    shown = run_cli("show", "qd-1033-2026:d1.m2.k2.a.g1", home=tmp_path)
    assert shown.returncode == 0
    assert shown.stdout.splitlines()[0] == "gạch đầu dòng thứ 1 điểm a khoản 2 Mục II Điều 1 Quyết định số 1033/QĐ-TTg"
    assert "Tỷ trọng giá trị tăng thêm của kinh tế số trong GDP đạt khoảng 30%" in shown.stdout
    missing = run_cli("show", "qd-1033-2026:nope", home=tmp_path)
    assert missing.returncode == 1 and "no clause" in missing.stderr


def test_cli_show_without_store_explains(tmp_path):
    result = run_cli("show", "qd-1033-2026:d1", home=tmp_path / "empty")
    assert result.returncode == 1 and "run `policyqa ingest` first" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_wrong_setting_is_one_clear_message_at_start(tmp_path):
    for name, value in (("POLICYQA_TOP_K", "abc"), ("POLICYQA_FUSION", "best")):
        result = run_cli("search", "kinh tế số", home=tmp_path, **{name: value})
        assert result.returncode == 2
        assert result.stderr.strip().splitlines() == [result.stderr.strip()], result.stderr
        assert result.stderr.startswith(f"error: {name}={value!r}") and "Traceback" not in result.stderr


def test_the_scale_benchmark_without_its_corpus_says_what_it_needs(tmp_path):
    import subprocess
    import sys

    from tests.conftest import PROJECT

    done = subprocess.run([sys.executable, "-m", "eval.perf.scale", "--corpus", str(tmp_path / "absent")],
                          cwd=PROJECT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "bench-scale needs the scale corpus" in done.stderr and "corpus-scale" in done.stderr
