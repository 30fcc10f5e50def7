"""`policyqa doctor`: is everything a server needs in place, and if not, what fixes it."""

from __future__ import annotations

import math
import shutil
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from policyqa.settings import Settings

MIN_FREE_BYTES = 1_000_000_000  # a rebuild writes a second copy of the index next to the first


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def check_store(settings: Settings) -> Check:
    from ingest.store import StoreError, load

    try:
        corpus = load(settings.home)
    except StoreError as error:
        return Check("store", False, str(error))
    return Check("store", True, f"corpus {corpus.version}: {len(corpus.documents)} documents, "
                                f"{len(corpus.clauses)} clauses, {len(corpus.targets)} targets, "
                                f"{len(corpus.assignments)} assignments")


def check_model(settings: Settings):
    """The configured embedder loads and gives a finite, unit-length vector; returns (Check, embedder)."""
    from index.embedders import EmbedderError, load_embedder

    try:
        embedder = load_embedder(settings.embedder)
        started = time.perf_counter()
        vector = embedder.embed_queries(["Tỷ trọng kinh tế số trong GDP năm 2030?"])[0]
        elapsed = (time.perf_counter() - started) * 1000
    except (EmbedderError, OSError, ValueError, RuntimeError) as error:
        return Check("model", False, f"{settings.embedder} does not load ({error}); see POLICYQA_EMBEDDER"), None
    norm = math.sqrt(sum(float(x) ** 2 for x in vector))
    if not math.isfinite(norm) or abs(norm - 1) > 0.01:
        return Check("model", False, f"{embedder.name} gives a vector of norm {norm:.3f}, not 1"), None
    return Check("model", True, f"{embedder.name}: {len(vector)} dimensions, a question in {elapsed:.0f} ms"), embedder


def check_index(settings: Settings, embedder) -> Check:
    from ingest.store import StoreError, current_version
    from webui.service import open_searcher

    if embedder is None:
        return Check("index", False, "not checked: the model does not load")
    try:
        searcher = open_searcher(settings, embedder)
        hits = searcher.search("kinh tế số", k=1)
    except (StoreError, ValueError) as error:
        return Check("index", False, str(error))
    if not hits:
        return Check("index", False, "a search found nothing; run `policyqa index` to rebuild the index")
    if searcher.manifest["corpus_version"] != current_version(settings.home):
        return Check("index", False, "the index was built from an older corpus; run `policyqa index`")
    return Check("index", True, f"index {searcher.manifest['version']}: {len(searcher.passages)} passages, "
                                f"Chroma {'server ' + searcher.manifest['chroma_url'] if searcher.manifest.get('chroma_url') else 'local'}")


def check_users(settings: Settings) -> Check:
    from webui.auth import UsersError, load_users

    if not settings.officials_users:
        return Check("logins", True, "POLICYQA_OFFICIALS_USERS unset: the officials' page is served on loopback only")
    try:
        users = load_users(settings.officials_users)
    except UsersError as error:
        return Check("logins", False, str(error))
    return Check("logins", True, f"{len(users)} officials in {settings.officials_users}")


def check_writable(settings: Settings) -> Check:
    """Ingest, index, feedback and the local Chroma store all write under POLICYQA_HOME."""
    home = settings.home
    existing = next((p for p in [home, *home.parents] if p.exists()), Path(home.anchor))
    try:
        with tempfile.NamedTemporaryFile(dir=existing, prefix=".doctor-"):
            pass
    except OSError as error:
        return Check("writable", False, f"POLICYQA_HOME={home} is read-only for this user ({error.strerror}): "
                                        "ingest, index and feedback cannot write, and the local Chroma store cannot "
                                        "open; make it writable or set POLICYQA_HOME to a writable directory")
    return Check("writable", True, f"{existing} is writable")


def check_disk(settings: Settings) -> Check:
    existing = next((p for p in [settings.home, *settings.home.parents] if p.exists()), settings.home.anchor)
    free = shutil.disk_usage(existing).free
    if free < MIN_FREE_BYTES:
        return Check("disk", False, f"{free / 1e9:.2f} GB free under {settings.home}; a re-ingest needs about 1 GB")
    return Check("disk", True, f"{free / 1e9:.1f} GB free under {settings.home}")


def run_checks(settings: Settings) -> list[Check]:
    model, embedder = check_model(settings)
    return [check_store(settings), model, check_index(settings, embedder), check_users(settings),
            check_writable(settings), check_disk(settings)]
