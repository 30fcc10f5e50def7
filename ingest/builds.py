"""Immutable builds under a directory with a CURRENT pointer: the corpus and the index both use them.

    <root>/<version>/     one complete build (it has its manifest.json)
    <root>/CURRENT        the version in use, replaced with an atomic rename
    <root>/.<anything>    a temporary build or pointer that a killed writer left behind

A build is written into a temporary directory, synced, renamed into place, and only then named
by CURRENT. An interrupted writer therefore leaves the previous build in use, and a reader that
resolved CURRENT keeps a complete build. One writer at a time holds `writer_lock`.
"""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

MANIFEST = "manifest.json"


@contextmanager
def writer_lock(home: Path) -> Iterator[None]:
    """One writer at a time (two ingests would race on CURRENT); readers never wait.

    The lock is an flock, so a writer killed mid-way releases it with its process."""
    home.mkdir(parents=True, exist_ok=True)
    with (home / ".writer.lock").open("w") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def remove_leftovers(directory: Path) -> None:
    """Temporary builds and pointers (".<name>") a killed writer left; call with the writer lock held."""
    if not directory.exists():
        return
    for path in directory.iterdir():
        if path.name.startswith("."):
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)


def current_build(root: Path) -> str | None:
    """The version `root/CURRENT` names, if that build is complete (has its manifest)."""
    pointer = root / "CURRENT"
    if not pointer.exists():
        return None
    version = pointer.read_text(encoding="utf-8").strip()
    return version if (root / version / MANIFEST).exists() else None


def is_complete(root: Path, version: str) -> bool:
    return (root / version / MANIFEST).exists()


def fsync_tree(directory: Path) -> None:
    for path in directory.rglob("*"):
        if path.is_file():
            with path.open("rb") as f:
                os.fsync(f.fileno())


def set_current(root: Path, version: str) -> None:
    fd, tmp_name = tempfile.mkstemp(prefix=".CURRENT-", dir=root)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(version + "\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp_name, root / "CURRENT")


def publish_build(root: Path, version: str, write: Callable[[Path], None]) -> Path:
    """`write(tmp)` fills a temporary directory, which must end with its manifest.json; the directory is
    then synced, renamed to `root/version` and made current. A failure (or an interrupt) removes
    the temporary directory and leaves CURRENT as it was. A version already complete is only made
    current. Call with the writer lock held."""
    root.mkdir(parents=True, exist_ok=True)
    final = root / version
    if not is_complete(root, version):
        tmp = Path(tempfile.mkdtemp(prefix=f".{version}-", dir=root))
        try:
            write(tmp)
            if not (tmp / MANIFEST).exists():
                raise RuntimeError(f"a build of {version} was written without its {MANIFEST}")
            fsync_tree(tmp)
            if final.exists():
                shutil.rmtree(final)  # a half-written leftover without manifest
            os.rename(tmp, final)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    set_current(root, version)
    return final


def write_problem(home: Path, error: OSError) -> str:
    """One sentence on why the store could not be written and what to do; CURRENT is never touched
    before a build is complete, so the previous corpus and index stay in use."""
    where = error.filename or home
    if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return (f"cannot write to {where}: the store POLICYQA_HOME={home} is read-only for this user "
                f"({error.strerror}); make it writable, or set POLICYQA_HOME to a writable directory. "
                "The previous corpus and index are unchanged.")
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return (f"no space left to write {where} ({error.strerror}); free some space on that disk (a rebuild "
                "needs about twice the index's size) and run the command again. The previous corpus and index "
                "are unchanged.")
    return f"cannot write to {where} ({error.strerror or error}); the previous corpus and index are unchanged."

