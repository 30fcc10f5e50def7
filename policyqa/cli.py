"""The `policyqa` command. Each subcommand imports what it needs only when it runs."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from ingest.builds import write_problem
from policyqa.progress import progress
from policyqa.settings import DEFAULT_CORPUS, PROJECT_DIR, Settings, SettingsError, prepare_runtime


def _file_label(item) -> str:
    return str(item[0] if isinstance(item, tuple) else item)


def _build_index(settings: Settings) -> dict | None:
    """Index the current corpus; prints the error and returns None when that is impossible."""
    from index.embedders import EmbedderError, load_embedder
    from index.store import build_index
    from ingest.store import StoreError, load

    try:
        corpus = load(settings.home)
        embedder = load_embedder(settings.embedder)
        result = build_index(corpus, settings.home, embedder, settings.chroma_url,
                             progress=progress("embed", "passages", weight=len))
    except (StoreError, EmbedderError) as error:
        print(f"error: {error}", file=sys.stderr)
        return None
    except OSError as error:
        print(f"error: {write_problem(settings.home, error)}", file=sys.stderr)
        return None
    return result.summary()


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    from ingest.build import ingest
    from ingest.pipeline import IngestError

    paths = [Path(p) for p in args.paths] or [DEFAULT_CORPUS]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        print(f"error: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    try:
        result = ingest(paths, settings.home, add=args.add, progress=progress("parse", "files", label=_file_label))
    except IngestError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"error: {write_problem(settings.home, error)}", file=sys.stderr)
        return 1
    return _finish_ingest(args, settings, result)


def _finish_ingest(args: argparse.Namespace, settings: Settings, result) -> int:
    """Index the new corpus and print what it holds (with --report, what was made of each document)."""
    from ingest.report import format_report

    summary = result.summary()
    for message in result.errors:
        print(f"warning: {message}", file=sys.stderr)
    if not args.no_index:
        summary["index"] = _build_index(settings)
        if summary["index"] is None:
            return 1
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=1))
        return 0
    state = "updated" if result.changed else "unchanged"
    print(f"corpus {result.version} ({state}) in {settings.home}")
    for d in summary["documents"]:
        if getattr(args, "report", False):
            print(format_report(d))
            continue
        flag = " [dự thảo]" if d["draft"] else ""
        print(f"  {d['id']}: {d['type']} {d['number'] or ''} {d['title'][:70]}{flag} "
              f"- {d['clauses']} clauses, {d['targets']} targets, {d['assignments']} assignments")
    print(f"{summary['clauses']} clauses, {summary['targets']} targets, {summary['assignments']} assignments, "
          f"coverage {summary['coverage']:.3f}")
    for item in summary["skipped"]:
        print(f"skipped {item['file']}: {item['reason']}")
    if summary.get("index"):
        _print_index(summary["index"])
    return 0


def cmd_remove(args: argparse.Namespace, settings: Settings) -> int:
    from ingest.build import remove
    from ingest.pipeline import IngestError
    from ingest.store import StoreError

    try:
        result = remove(args.ids, settings.home, progress=progress("parse", "files", label=_file_label))
    except (IngestError, StoreError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"error: {write_problem(settings.home, error)}", file=sys.stderr)
        return 1
    return _finish_ingest(args, settings, result)


def _print_index(summary: dict) -> None:
    state = "updated" if summary["changed"] else "unchanged"
    print(f"index {summary['version']} ({state}): {summary['passages']} passages, "
          f"{summary['embedded']} embedded, {summary['seconds']} s")


def cmd_index(args: argparse.Namespace, settings: Settings) -> int:
    summary = _build_index(settings)
    if summary is None:
        return 1
    if args.json:
        print(json.dumps(summary, indent=1))
    else:
        _print_index(summary)
    return 0


def open_searcher(settings: Settings):
    """The searcher over the current index, or None after printing why there is none."""
    from index.embedders import EmbedderError
    from ingest.store import StoreError
    from webui.service import open_searcher as open_configured

    try:
        return open_configured(settings)
    except (StoreError, EmbedderError) as error:
        print(f"error: {error}", file=sys.stderr)
        return None


def cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    from index.search import RetrieverKind

    searcher = open_searcher(settings)
    if searcher is None:
        return 1
    documents = _documents(args.documents, searcher)
    if documents is False:
        return 2
    try:
        years = [y.strip() for y in args.years.split(",") if y.strip()] if args.years else None
        hits = searcher.search(args.question, k=args.k or settings.top_k, retriever=RetrieverKind(args.retriever),
                               documents=documents, years=years)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps([h.to_dict() for h in hits], ensure_ascii=False, indent=1))
        return 0
    for hit in hits:
        print(f"{hit.rank:>2}. [{hit.score:.4f}] {hit.passage.clause_id}\n    {hit.passage.citation}\n"
              f"    {hit.passage.text[:300]}")
    return 0


def _load(settings: Settings):
    from ingest.store import StoreError, load

    try:
        return load(settings.home)
    except StoreError as error:
        print(f"error: {error}", file=sys.stderr)
        return None


def cmd_show(args: argparse.Namespace, settings: Settings) -> int:
    corpus = _load(settings)
    if corpus is None:
        return 1
    clause = corpus.clause(args.clause_id)
    if clause is None:
        print(f"error: no clause {args.clause_id!r}; ids look like qd-1033-2026:d1.m2.k2.a.g1", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(clause.to_dict(), ensure_ascii=False, indent=1))
        return 0
    print(clause.citation)
    print(" › ".join(clause.breadcrumb))
    print()
    print(clause.original)
    for fact in [t for t in corpus.targets if t.clause_id == clause.id]:
        print(f"\n[chỉ tiêu] {fact.value} ({fact.year or 'không rõ năm'}) "
              + (f"chủ trì đo lường: {', '.join(a.name for a in fact.lead)}" if fact.lead else ""))
    for fact in [a for a in corpus.assignments if a.clause_id == clause.id]:
        print(f"\n[nhiệm vụ] chủ trì: {', '.join(a.name for a in fact.lead) or '-'}; "
              f"phối hợp: {', '.join(a.name for a in fact.coordinating) or '-'}; thời gian: {fact.time_frame or '-'}")
    return 0


def cmd_documents(args: argparse.Namespace, settings: Settings) -> int:
    corpus = _load(settings)
    if corpus is None:
        return 1
    if args.json:
        print(json.dumps([d.to_dict() for d in corpus.documents], ensure_ascii=False, indent=1))
        return 0
    for d in corpus.documents:
        print(f"{d.id}\t{d.status}\t{d.date or '-'}\t{d.short_name}")
    return 0


def _documents(value: str | None, searcher) -> list[str] | None | bool:
    """The ids of `--documents`; False (after saying which) when one is not in the corpus."""
    documents = [d.strip() for d in value.split(",") if d.strip()] if value else None
    unknown = [d for d in documents or [] if searcher.corpus.document(d) is None]
    if unknown:
        print(f"error: unknown document(s) {', '.join(unknown)}; see `policyqa documents`", file=sys.stderr)
        return False
    return documents


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.llm import LLMError, load_llm
    from assistant.assistant import Assistant
    from index.search import RetrieverKind

    try:
        llm = load_llm(settings.llm, settings.llm_api_key, settings.llm_timeout) if settings.llm else None
    except LLMError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    searcher = open_searcher(settings)
    if searcher is None:
        return 1
    assistant = Assistant(searcher, llm, settings.top_k, settings.answer_cache)
    documents = _documents(args.documents, searcher)
    if documents is False:
        return 2
    retriever = RetrieverKind(args.retriever)
    if args.jsonl:
        for line in sys.stdin:
            if line.strip():
                print(json.dumps(_answer_line(assistant, line, documents, retriever), ensure_ascii=False), flush=True)
        return 0
    if not args.question:
        print("error: give a question, or --jsonl to read JSON lines from stdin", file=sys.stderr)
        return 2
    try:
        answer = assistant.ask(args.question, documents=documents, retriever=retriever)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False, indent=1))
        return 0
    print(answer.answer)
    for citation in answer.citations:
        print(f"\n[{citation.marker}] {citation.citation}\n    “{citation.quote}”")
    for note in answer.notes:
        print(f"\nLưu ý ({note.kind}): {note.text} Nguồn: {note.source}")
    if answer.abstained:
        for hit in answer.related:
            print(f"\n- có thể liên quan: {hit.passage.citation}\n    {hit.passage.text[:200]}")
    return 0


def _answer_line(assistant, line: str, documents, retriever) -> dict:
    """One JSON line in, one out: the answer with `id` and `question`, or `id` and `error`."""
    try:
        item = json.loads(line)
    except ValueError as error:
        return {"id": None, "error": f"not JSON: {error}"}
    if not isinstance(item, dict):
        return {"id": None, "error": "a line must be a JSON object with `id` and `question`"}
    question = item.get("question")
    if not isinstance(question, str) or not question.strip():
        return {"id": item.get("id"), "error": "the line has no question"}
    history = item.get("history") or []
    if not isinstance(history, list) or not all(
            isinstance(h, str) or isinstance(h, dict) and isinstance(h.get("content"), str) for h in history):
        return {"id": item.get("id"), "error": "history must be a list of questions or {role, content} messages"}
    try:
        answer = assistant.ask(question, documents=documents, history=history, retriever=retriever)
    except ValueError as error:
        return {"id": item.get("id"), "error": str(error)}
    return {"id": item.get("id"), "question": question, **answer.to_dict()}


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    from eval.questions import without_diacritics
    from eval.runner import format_retrieval, load_questions, retrieval_report
    from index.search import RetrieverKind

    try:
        questions = load_questions([Path(f) for f in args.questions] if args.questions else None, args.split)
    except (OSError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.strip_diacritics:
        questions = without_diacritics(questions)
    if not args.retrieval_only:
        return _eval_answers(args, settings, questions)
    searcher = open_searcher(settings)
    if searcher is None:
        return 1
    kinds = [RetrieverKind(args.retriever)] if args.retriever else list(RetrieverKind)
    report = retrieval_report(searcher, questions, kinds)
    print(json.dumps(report, ensure_ascii=False, indent=1) if args.json else format_retrieval(report))
    return 0


def _eval_answers(args: argparse.Namespace, settings: Settings, questions) -> int:
    """The whole evaluation through `policyqa ask --jsonl`; writes eval/reports/latest.*; --gate checks the bars."""
    from eval.report import gate, thresholds, write
    from eval.runner import answer_report, ask_all
    from index.search import RetrieverKind

    corpus = _load(settings)
    if corpus is None:
        return 1
    sources = corpus.verbatim_sources()
    try:
        answers = ask_all(questions, RetrieverKind(args.retriever or "hybrid"), settings.home)
    except RuntimeError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    report = answer_report(questions, answers, sources)
    name = ", ".join(args.questions) if args.questions else f"{args.split} split"
    path = write(report, Path(args.reports), f"policyqa evaluation: {name}, {args.retriever or 'hybrid'} retriever")
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        overall = report["overall"]
        print("  ".join(f"{k} {v}" for k, v in overall.items()))
        print(f"report: {path}")
    missed = gate(report, thresholds()) if args.gate else []
    for miss in missed:
        print(f"gate: {miss}", file=sys.stderr)
    return 1 if missed else 0


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.llm import LLMError
    from index.embedders import EmbedderError
    from ingest.store import StoreError
    from webui.auth import UsersError
    from webui.server import ServeError, serve

    try:
        serve(settings, args.host, args.port, args.workers)
    except (ServeError, StoreError, EmbedderError, LLMError, UsersError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


def cmd_doctor(args: argparse.Namespace, settings: Settings) -> int:
    from policyqa.doctor import run_checks

    checks = run_checks(settings)
    if args.json:
        print(json.dumps([c.to_dict() for c in checks], ensure_ascii=False, indent=1))
    else:
        for check in checks:
            print(f"{'ok  ' if check.ok else 'FAIL'} {check.name}: {check.detail}")
    return 0 if all(c.ok for c in checks) else 1


def cmd_hash_password(args: argparse.Namespace, settings: Settings) -> int:
    """Reads the password from the terminal (twice), or one line from stdin when piped."""
    import getpass

    from webui.auth import hash_password

    if sys.stdin.isatty():
        password = getpass.getpass("Mật khẩu: ")
        if getpass.getpass("Nhập lại: ") != password:
            print("error: the two passwords differ", file=sys.stderr)
            return 2
    else:
        password = sys.stdin.readline().rstrip("\n")
    try:
        print(hash_password(password))
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


def cmd_feedback(args: argparse.Namespace, settings: Settings) -> int:
    from webui.feedback import export, feedback_path, read_all

    items = read_all(settings.home)
    if args.export:
        export(items, Path(args.export))
        print(f"{len(items)} feedback entries written to {args.export}", file=sys.stderr)
        return 0
    wrong = sum(1 for i in items if i.get("rating") == "wrong")
    print(f"{len(items)} feedback entries in {feedback_path(settings.home)}: {len(items) - wrong} correct, {wrong} wrong")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policyqa",
        description="Hỏi đáp có trích dẫn điều khoản về các quyết định kinh tế số, xã hội số và chuyển đổi số.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="detailed logging on stderr")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("ingest", help="parse decisions into the store (default: the bundled data/decisions/)")
    p.add_argument("paths", nargs="*", help="files or folders; replaces the corpus unless --add")
    p.add_argument("--add", action="store_true",
                   help="add these files to the current corpus (a new version of a document in it replaces it)")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.add_argument("--no-index", action="store_true", help="parse only; do not update the search index")
    p.add_argument("--report", action="store_true",
                   help="per document: identity, counts, plain-paragraph share, largest clause, what was inferred")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("remove", help="take documents out of the corpus (ids from `policyqa documents`)")
    p.add_argument("ids", nargs="+", metavar="ID")
    p.add_argument("--json", action="store_true")
    p.add_argument("--no-index", action="store_true")
    p.add_argument("--report", action="store_true")
    p.set_defaults(func=cmd_remove)

    p = sub.add_parser("index", help="rebuild the search index from the current corpus")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_index)

    p = sub.add_parser("search", help="ranked passages for a question")
    p.add_argument("question")
    p.add_argument("--json", action="store_true")
    p.add_argument("-k", type=int, help="passages to return (default POLICYQA_TOP_K, 10)")
    p.add_argument("--retriever", choices=["hybrid", "bm25", "dense"], default="hybrid")
    p.add_argument("--documents", help="comma-separated document ids to search in")
    p.add_argument("--years", help="comma-separated years: only passages that mention one")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("ask", help="a grounded answer with clause citations")
    p.add_argument("question", nargs="?")
    p.add_argument("--json", action="store_true", help="print the Answer as one JSON object")
    p.add_argument("--jsonl", action="store_true",
                   help="read JSON lines ({id, question, history?}) from stdin, write one answer line per input line")
    p.add_argument("--documents", help="comma-separated document ids to answer from")
    p.add_argument("--retriever", choices=["hybrid", "bm25", "dense"], default="hybrid")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("eval", help="evaluate on a question set (eval/questions/)")
    p.add_argument("--questions", nargs="+", metavar="FILE", help="question files (default: the --split file)")
    p.add_argument("--split", choices=["dev", "test"], default="dev")
    p.add_argument("--retrieval-only", action="store_true", help="recall@k and MRR of search only")
    p.add_argument("--gate", action="store_true", help="exit 1 when a figure misses eval/thresholds.json")
    p.add_argument("--reports", default=str(PROJECT_DIR / "eval" / "reports"), help="where latest.md/json/png go")
    p.add_argument("--strip-diacritics", action="store_true",
                   help="ask every question without its diacritics (as typed without a Vietnamese keyboard)")
    p.add_argument("--retriever", choices=["hybrid", "bm25", "dense"],
                   help="one retriever (default: all three side by side)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("show", help="print a clause with its citation and breadcrumb")
    p.add_argument("clause_id")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("serve", help="the web server: citizens' page /, officials' chat /can-bo/, JSON API /api/")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=7860)
    p.add_argument("--workers", type=int, default=1,
                   help="worker processes (each loads the model; share an index with POLICYQA_CHROMA_URL)")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("doctor", help="check the store, the index, the model and the logins; say what fixes them")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_doctor)

    p = sub.add_parser("hash-password", help="a password hash for a POLICYQA_OFFICIALS_USERS line (user:hash)")
    p.set_defaults(func=cmd_hash_password)

    p = sub.add_parser("feedback", help="count the feedback on answers, or --export it for review")
    p.add_argument("--export", metavar="FILE", help="write every entry: CSV when FILE ends in .csv, JSON lines otherwise")
    p.set_defaults(func=cmd_feedback)

    p = sub.add_parser("documents", help="list the ingested documents")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_documents)
    return parser


def main(argv: list[str] | None = None) -> int:
    prepare_runtime()
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO, stream=sys.stderr,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        settings = Settings.from_env()
    except SettingsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return args.func(args, settings)


if __name__ == "__main__":
    sys.exit(main())
