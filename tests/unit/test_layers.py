"""The layers import only downwards: ingest < index < assistant < webui, eval < policyqa (the commands).

Every import counts, those inside functions too. `policyqa.settings` imports nothing of the
project, so webui and eval may take a Settings from it; ingest, index and assistant take plain
arguments instead.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import PROJECT

RANK = {"ingest": 0, "index": 1, "assistant": 2, "webui": 3, "eval": 3, "policyqa": 4}
LEAF = "policyqa.settings"


def imports_of(path: Path) -> set[str]:
    """The project modules a file imports, anywhere in it."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return {name for name in found if name.split(".")[0] in RANK}


def modules(package: str) -> list[Path]:
    return sorted((PROJECT / package).rglob("*.py"))


@pytest.mark.parametrize("package", sorted(RANK))
def test_no_module_imports_a_layer_above_its_own(package):
    upward = []
    for path in modules(package):
        for name in imports_of(path):
            if name == LEAF:
                if RANK[package] < RANK["webui"]:
                    upward.append(f"{path.relative_to(PROJECT)} imports {name} (take plain arguments instead)")
            elif RANK[name.split(".")[0]] > RANK[package]:
                upward.append(f"{path.relative_to(PROJECT)} imports {name}")
    assert not upward, "\n".join(upward)


def test_settings_import_nothing_of_the_project():
    assert imports_of(PROJECT / "policyqa" / "settings.py") == set()


def test_the_checker_sees_imports_inside_functions(tmp_path):
    source = tmp_path / "m.py"
    source.write_text("def f():\n    from webui.app import create_app\n    import eval.report\n", encoding="utf-8")
    assert imports_of(source) == {"webui.app", "eval.report"}
