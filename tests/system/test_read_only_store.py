"""A store the user cannot write: every command says why in one line, nothing is half-written.

As root, permission bits do not bind, so the commands run as `nobody` (setpriv); as any other
user the store is simply made read-only.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.conftest import CORPUS, PROJECT


def _as_other_user(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] if os.geteuid() == 0 else []
    return subprocess.run(prefix + command, capture_output=True, text=True, timeout=300, cwd=PROJECT,
                          env={**os.environ, "HOME": "/tmp", **env})


@pytest.fixture
def read_only_home(index_home):
    if os.geteuid() == 0 and not shutil.which("setpriv"):
        pytest.fail("the read-only tests need setpriv (util-linux) when run as root")
    parent = Path(tempfile.mkdtemp(prefix="policyqa-read-only-"))  # pytest's own tmp is private to its user
    parent.chmod(0o755)
    home = parent / "home"
    shutil.copytree(index_home, home, ignore=shutil.ignore_patterns("reports", "screenshots", "feedback"))
    for path in [home, *home.rglob("*")]:
        mode = path.stat().st_mode
        path.chmod((mode | stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH | (stat.S_IXOTH if path.is_dir() else 0))
                   & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    yield home
    for path in [home, *home.rglob("*")]:
        path.chmod(path.stat().st_mode | stat.S_IWUSR)
    shutil.rmtree(parent)


def test_ingest_on_a_read_only_store_says_why_in_one_line(read_only_home):
    before = (read_only_home / "corpus" / "CURRENT").read_text()
    result = _as_other_user([sys.executable, "-m", "policyqa.cli", "ingest", str(CORPUS)],
                            {"POLICYQA_HOME": str(read_only_home)})
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    [line] = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert "read-only" in line and "POLICYQA_HOME" in line
    assert (read_only_home / "corpus" / "CURRENT").read_text() == before


def test_doctor_names_the_read_only_store(read_only_home):
    result = _as_other_user([sys.executable, "-m", "policyqa.cli", "doctor"], {"POLICYQA_HOME": str(read_only_home)})
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    assert any(line.startswith("FAIL writable") and "read-only" in line for line in lines), result.stdout
    index = next(line for line in lines if " index:" in line)
    assert "read-only" in index or index.startswith("ok"), index
    assert "run `policyqa index`" not in result.stdout
