"""Search: a question in, ranked passages out.

The question is analysed once (aliases expanded, diacritics restored when typed without,
documents and years it names found), passed to BM25, dense and (for diacritic-free
questions) folded-BM25 retrievers, fused, then re-ranked: passages of a document the
question names come first, and passages mentioning a year it names move up.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from enum import Enum
from functools import cached_property
from itertools import zip_longest
from pathlib import Path
from typing import Any

import numpy as np
from llama_index.core.schema import NodeWithScore, QueryBundle

from index.diacritics import Restorer
from index.embedders import Embedder
from index.mentions import DocumentCues, Mentions, cues_of, find_mentions
from index.passages import Passage
from index.retrievers.bm25 import BM25Retriever, load_bm25
from index.retrievers.dense import DenseRetriever
from index.retrievers.nodes import passage_node
from index.retrievers.hybrid import FusionMode, fuse
from index.store import chroma_client, read_manifest, read_passages
from index.language import language_of, vietnamese_cues
from index.vietnamese import analyze, analyze_folded, fold, has_words, normalize
from ingest.store import Corpus, StoreError
from ingest.store import load as load_corpus

CANDIDATES = 50  # per retriever, before fusion
YEAR_BOOST = 0.25  # relative score gain for a passage that mentions a year the question names
# Fusion weights (BM25, dense, folded BM25); measured on the dev questions. English questions lean on
# the dense retriever, which reads across the languages; BM25 still meets numbers and acronyms.
WEIGHTS = (0.6, 0.4, 0.3)
ENGLISH_WEIGHTS = (0.25, 0.75, 0.0)
MAX_QUESTION_CHARS = 500  # the default of POLICYQA_MAX_QUESTION_CHARS
MIN_SEARCH_WORDS = 3
DENSE_TOKENS = 64  # of 845 questions written by users, the longest has 56 tokens, the median 29


class RetrieverKind(str, Enum):
    HYBRID = "hybrid"
    BM25 = "bm25"
    DENSE = "dense"


@dataclass(frozen=True)
class Hit:
    passage: Passage
    score: float  # fused
    rank: int
    lexical: float = 0.0  # the BM25 score (0 when BM25 did not find it)
    dense: float = 0.0  # the cosine similarity to the question (0 when the dense retriever did not find it)

    def to_dict(self) -> dict[str, Any]:
        p = self.passage
        return {"rank": self.rank, "score": round(self.score, 6), "passage_id": p.id, "clause_id": p.clause_id,
                "citation": p.citation, "document": p.document, "context": p.context, "text": p.text}


@dataclass(frozen=True)
class PreparedQuery:
    original: str
    text: str  # normalized, aliases expanded, diacritics restored (Vietnamese); for English, with the glossary's words
    restored: bool
    mentions: Mentions
    language: str = "vi"  # "vi" or "en" (index.language)

    @property
    def search_text(self) -> str:
        """What BM25 looks for: the question without the words naming a document (the document
        is boosted instead), unless too little would be left."""
        stripped = self.mentions.without_names(self.text)
        return stripped if len(re.findall(r"\w+", stripped)) >= MIN_SEARCH_WORDS else self.text


class Searcher:
    """Opens the current index once; `search` is then cheap and read-only."""

    def __init__(self, directory: Path, manifest: dict[str, Any], corpus: Corpus, embedder: Embedder,
                 chroma_url: str | None, fusion: FusionMode = FusionMode.WEIGHTED,
                 max_question_chars: int = MAX_QUESTION_CHARS) -> None:
        if embedder.name != manifest["embedder"]:
            raise StoreError(f"the index was built with {manifest['embedder']}, but the configured embedder is "
                             f"{embedder.name}; run `policyqa index` to rebuild it")
        self.directory = directory
        self.manifest = manifest
        self.corpus = corpus
        self.embedder = embedder
        self.fusion = fusion
        self.max_question_chars = max_question_chars
        self.passages = read_passages(directory)
        self.restorer = Restorer.learn(normalize(f"{p.context} {p.text}") for p in self.passages)
        self.cues: list[DocumentCues] = [cues_of(d, normalize) for d in corpus.documents]
        self._bm25 = load_bm25(directory / "bm25")
        self._folded = load_bm25(directory / "bm25_folded")
        self._nodes = [passage_node(p) for p in self.passages]
        self._node_by_id = {n.node_id: n for n in self._nodes}
        self._documents = np.array([p.document for p in self.passages])
        self._chroma_url = chroma_url

    @classmethod
    def open(cls, home: Path, embedder: Embedder, fusion: FusionMode = FusionMode.WEIGHTED,
             max_question_chars: int = MAX_QUESTION_CHARS) -> "Searcher":
        """The current index under `home`, checked whole (passages, both BM25 indexes, the Chroma
        collection), so a damaged build is reported here, with the command that fixes it, and not
        by a failed question."""
        directory, manifest = read_manifest(home)
        try:
            corpus = load_corpus(home, manifest["corpus_version"])  # the corpus this index was built from
            searcher = cls(directory, manifest, corpus, embedder, manifest.get("chroma_url"), fusion,
                           max_question_chars)
            stored = searcher._collection.count()
        except StoreError:
            raise
        except Exception as error:  # bm25s, Chroma and json each fail in their own way on a damaged build
            where = f"the Chroma server at {manifest.get('chroma_url')}" if manifest.get("chroma_url") else directory
            if not manifest.get("chroma_url") and not os.access(directory / "chroma", os.W_OK):
                raise StoreError(f"the index in {directory} cannot be opened: the store is read-only for this user, "
                                 "and the local Chroma store must write to its directory to open it; make "
                                 "POLICYQA_HOME writable (or serve the index from a Chroma server, "
                                 "POLICYQA_CHROMA_URL)") from None
            raise StoreError(f"the index in {where} cannot be read ({type(error).__name__}: {error}); "
                             "run `policyqa index` to rebuild it") from None
        if stored != len(searcher.passages):
            raise StoreError(f"the index in {directory} is incomplete ({stored} of {len(searcher.passages)} "
                             "passages in Chroma); run `policyqa index` to rebuild it")
        return searcher

    @cached_property
    def _collection(self):
        return chroma_client(self.directory / "chroma", self._chroma_url).get_collection(self.manifest["collection"])

    def check(self, question: str) -> str:
        """The question stripped, or a ValueError saying why it cannot be asked."""
        question = question.strip()
        if any("\ud800" <= c <= "\udfff" for c in question):
            raise ValueError("the question contains an invalid character (a lone UTF-16 surrogate)")
        if not has_words(question):
            raise ValueError("the question is empty (it has no letters or digits)")
        if len(question) > self.max_question_chars:
            raise ValueError(f"the question is longer than {self.max_question_chars} characters")
        return question

    def prepare(self, question: str, checked: bool = False) -> PreparedQuery:
        """`checked`: the caller checked the user's own words already (a follow-up resolved against
        the history may be longer than the limit the user was held to)."""
        question = question.strip() if checked else self.check(question)
        normalized = normalize(question)
        language = language_of(question.lower(), self._syllables)  # the user's words, not their expansions
        if language == "en":  # no tone marks to restore; the glossary's Vietnamese beside the English
            text = f"{normalized} {normalize(vietnamese_cues(question))}".strip()
            return PreparedQuery(question, text, False, find_mentions(text, self.cues), "en")
        text = self.restorer.restore(normalized)  # marks restored, or the syllables typed wrong put right
        restored = text != normalized or self.restorer.needs_restoring(normalized)
        return PreparedQuery(question, text, restored, find_mentions(text, self.cues))

    def knows(self, term: str) -> bool:
        """The corpus writes this BM25 term ("kinh_tế_số", "gdp", "1033")."""
        return term in self._bm25.vocab_dict

    @cached_property
    def _syllables(self) -> set[str]:
        """Every syllable the corpus writes, folded: what a Vietnamese word typed without marks can be."""
        return {fold(s) for s in self.restorer.unigrams}

    def search(self, question: str, k: int = 10, retriever: RetrieverKind = RetrieverKind.HYBRID,
               documents: list[str] | None = None, years: list[str] | None = None, boost: bool = True,
               prepared: PreparedQuery | None = None) -> list[Hit]:
        """The k best passages; `documents` and `years` (passages that mention one) filter them.

        `prepared` is this question already through `prepare` (the assistant needs it too)."""
        query = prepared if prepared is not None and prepared.original == question.strip() else self.prepare(question)
        # BM25 without the words naming a document (they would match every clause that repeats the
        # title); the embedder keeps the whole question. Measured on dev: MRR@10 0.935 against 0.929.
        lexical_bundle = QueryBundle(query.search_text)
        dense_text = self._dense_text(query.text)
        only = set(documents) if documents else None
        mask = np.isin(self._documents, list(only)).astype(np.float32) if only else None
        pool = CANDIDATES * 4 if years else CANDIDATES  # a year filter drops most candidates
        lexical = [BM25Retriever(self._bm25, self._nodes, analyze, pool, mask)]
        if query.restored:
            lexical.append(BM25Retriever(self._folded, self._nodes, analyze_folded, pool, mask))
        bm25_weight, dense_weight, folded_weight = WEIGHTS if query.language == "vi" else ENGLISH_WEIGHTS
        lexical_weights = [bm25_weight] + ([folded_weight] if query.restored else [])
        if retriever is RetrieverKind.BM25:
            results, weights = [r.retrieve(lexical_bundle) for r in lexical], lexical_weights
        else:
            # BM25 runs in this thread too, after the embedding: beside ONNX Runtime's two threads a
            # worker thread only slowed both (measured: search p50 24 ms against 28 ms).
            dense_bundle = QueryBundle(dense_text, embedding=self.embedder.embed_queries([dense_text])[0].tolist())
            found_dense = DenseRetriever(self._collection, self._node_by_id, pool, only).retrieve(dense_bundle)
            if retriever is RetrieverKind.DENSE:
                results, weights = [found_dense], [1.0]
            else:
                results, weights = [found_dense, *(r.retrieve(lexical_bundle) for r in lexical)], [dense_weight, *lexical_weights]
        fused = fuse(results, weights, self.fusion, pool)
        lexical_found = results[1] if retriever is RetrieverKind.HYBRID else results[0] if retriever is RetrieverKind.BM25 else []
        dense_found = [] if retriever is RetrieverKind.BM25 else results[0]
        lexical_scores = {n.node.node_id: n.score or 0.0 for n in lexical_found}
        dense_scores = {n.node.node_id: n.score or 0.0 for n in dense_found}
        ranked = self._rerank(fused, query.mentions) if boost else [(n.node.node_id, n.score or 0.0) for n in fused]
        by_id = self._passages_by_id
        if years:
            ranked = [(i, s) for i, s in ranked if any(y in by_id[i].embed_text for y in years)]
        return [Hit(by_id[node_id], score, rank, lexical_scores.get(node_id, 0.0), dense_scores.get(node_id, 0.0))
                for rank, (node_id, score) in enumerate(ranked[:k], 1)]

    def _dense_text(self, text: str) -> str:
        """What the embedder reads: the words that fit in DENSE_TOKENS tokens. Embedding time grows
        with the tokens (a 500-character question of numbers is ~300 tokens, eight times a usual
        one), and a question has said what it asks long before that."""
        if self.embedder.count_tokens(text) <= DENSE_TOKENS:
            return text
        words = text.split()
        low, high = 1, len(words)
        while low < high:  # the most words that fit
            middle = (low + high + 1) // 2
            if self.embedder.count_tokens(" ".join(words[:middle])) <= DENSE_TOKENS:
                low = middle
            else:
                high = middle - 1
        return " ".join(words[:low])

    @cached_property
    def _passages_by_id(self) -> dict[str, Passage]:
        return {p.id: p for p in self.passages}

    def _rerank(self, fused: list[NodeWithScore], mentions: Mentions) -> list[tuple[str, float]]:
        """Named documents first (taking turns when several are named, as a comparison needs
        both); a year the question names lifts the passages that mention it."""
        by_id = self._passages_by_id
        scored = []
        for node in fused:
            passage = by_id[node.node.node_id]
            score = node.score or 0.0
            if mentions.years and any(y in passage.embed_text for y in mentions.years):
                score *= 1 + YEAR_BOOST
            scored.append((score, passage))
        scored.sort(key=lambda item: item[0], reverse=True)
        named = [[(p.id, s) for s, p in scored if p.document == doc] for doc in mentions.documents]
        turns = [item for group in zip_longest(*named) for item in group if item]
        return turns + [(p.id, s) for s, p in scored if p.document not in mentions.documents]
