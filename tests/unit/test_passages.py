"""Passages: a clause with its context, split only when too long for the window."""

from index.passages import build_passages, context_of, split_text


def test_short_text_is_one_part():
    assert split_text("Một câu. Hai câu.", lambda t: True) == ["Một câu. Hai câu."]


def test_long_text_splits_at_sentences_with_overlap():
    text = " ".join(f"Câu số {i} nói về kinh tế số." for i in range(1, 21))
    parts = split_text(text, lambda t: len(t.split()) <= 40)
    assert len(parts) > 1
    assert all(len(p.split()) <= 40 for p in parts)
    for before, after in zip(parts, parts[1:]):
        last_sentence = before.rsplit(". ", 1)[-1]
        assert after.startswith(last_sentence)  # a quote across the split is whole in one part
    joined = " ".join(parts)
    assert all(f"Câu số {i} " in joined for i in range(1, 21))


def test_every_clause_with_text_is_covered_and_ids_are_unique(parsed):
    from ingest.store import Corpus

    docs = list(parsed.values())
    corpus = Corpus("v", None, [d.document for d in docs], [c for d in docs for c in d.clauses],
                    [t for d in docs for t in d.targets], [a for d in docs for a in d.assignments], {})
    passages = build_passages(corpus, lambda t: len(t.split()) <= 300)
    assert len({p.id for p in passages}) == len(passages)
    assert {p.clause_id for p in passages} == {c.id for c in corpus.clauses if c.text.strip()}
    long_clause = max(corpus.clauses, key=lambda c: len(c.text))
    parts = [p for p in passages if p.clause_id == long_clause.id]
    assert len(parts) > 1 and all(p.citation == long_clause.citation for p in parts)
    row = next(p for p in passages if p.clause_id == "qd-1033-2026:pl1.m1.nhom1.r1")
    assert row.fields["target"]["value"].startswith("30%") or "30%" in row.text
    assert row.context.startswith("Quyết định 1033/QĐ-TTg › Phụ lục I")


def test_context_names_an_unnumbered_document_by_title(parsed):
    plan = parsed["du-thao-ke-hoach-cds-2025"]
    clause = next(c for c in plan.clauses if len(c.breadcrumb) > 2)
    assert "Kế hoạch chuyển đổi số năm 2025" in context_of(clause, plan.document)


def test_context_does_not_repeat_a_title_the_label_already_has(parsed):
    report = parsed["bao-cao-chien-luoc-kts-xhs-2022"]
    context = context_of(report.clauses[0], report.document)
    assert context.lower().count("kết quả thực hiện chiến lược") == 1


def test_a_documents_own_abbreviations_are_defined_only_where_the_letters_spell_them():
    from index.passages import _glossary, abbreviations
    defined = abbreviations(["Hỗ trợ doanh nghiệp nhỏ và vừa (DNNVV), hợp tác xã (HTX), hộ kinh doanh (HKD).",
                             "Theo kế hoạch này (KH) và Quyết định (QĐ-TTg)."])
    assert defined == {"DNNVV": "doanh nghiệp nhỏ và vừa", "HTX": "hợp tác xã", "HKD": "hộ kinh doanh"}
    assert _glossary("Có ≥ 60% DNNVV, HTX trên địa bàn", defined) == \
        "DNNVV: doanh nghiệp nhỏ và vừa; HTX: hợp tác xã"


def test_an_item_under_a_long_lead_in_carries_the_sentence_that_announces_it(parsed):
    strategy = parsed["du-thao-chien-luoc-kts-xhs-2025"]
    by_id = {c.id: c for c in strategy.clauses}
    item = next(c for c in strategy.clauses if c.text.startswith("- Kinh tế số nền tảng bao gồm"))
    context = context_of(item, strategy.document, by_id[item.parent])
    assert context.endswith("› Kinh tế số bao gồm ba thành phần:")
    short = next(c for c in strategy.clauses if c.parent and len(by_id[c.parent].text) < 100)
    assert context_of(short, strategy.document, by_id[short.parent]) == context_of(short, strategy.document)
