"""The floor plan holds: front ends use front doors, rooms import downward, modules stay small.

The layering itself is import-linter's contracts in pyproject.toml (run here, so `make
test` catches a broken one); this file adds what import-linter cannot say.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "briefing"
FRONT_DOORS = {
    "briefing.core.workspace",
    "briefing.core.corpus",
    "briefing.core.index",
    "briefing.core.annotations",
    "briefing.core.export",
    "briefing.core.errors",
    "briefing.core.display",
    "briefing.core.progress",
}
FRONT_ENDS = sorted([*PACKAGE.glob("tui/*.py"), *PACKAGE.glob("cli/*.py")])


def core_imports(path: Path) -> list[str]:
    """Every briefing.core module *path* imports (module-level or inside functions)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
            if node.module == "briefing.core":
                names = [f"briefing.core.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        found += [n for n in names if n.startswith("briefing.core")]
    return found


def test_front_ends_are_found():
    names = {p.name for p in FRONT_ENDS}
    assert {"app.py", "panes.py", "__init__.py", "reading.py"} <= names


@pytest.mark.parametrize("path", FRONT_ENDS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_front_ends_import_only_the_workspace_and_front_doors(path: Path):
    wrong = [m for m in core_imports(path) if m not in FRONT_DOORS]
    assert not wrong, f"{path.name} reaches past a front door: {wrong}"


def test_the_check_sees_a_reach_past_a_front_door(tmp_path: Path):
    probe = tmp_path / "probe.py"
    probe.write_text(
        "from briefing.core.index.catalog import Catalog\nimport briefing.core.paths\n"
    )
    assert [m for m in core_imports(probe) if m not in FRONT_DOORS] == [
        "briefing.core.index.catalog",
        "briefing.core.paths",
    ]


def test_import_contracts_are_kept():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run(
        [str(lint_imports), "--no-cache"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=PACKAGE.parent,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "2 kept, 0 broken" in done.stdout


def test_no_module_is_a_warehouse():
    big = {
        str(p.relative_to(PACKAGE)): n
        for p in PACKAGE.rglob("*.py")
        if (n := len(p.read_text("utf-8").splitlines())) > 430
    }
    assert not big, f"split these (one idea per module): {big}"


def test_tui_has_no_mixins_and_no_calls_into_the_app_by_name():
    for path in PACKAGE.glob("tui/*.py"):
        text = path.read_text("utf-8")
        tree = ast.parse(text)
        mixins = [
            n.name for n in ast.walk(tree) if isinstance(n, ast.ClassDef) and "Mixin" in n.name
        ]
        assert not mixins, f"{path.name}: {mixins}"
        assert "type: ignore[attr-defined]" not in text, path.name


def test_test_files_have_unique_names():
    """pytest imports test modules by their file name (rootdir-relative packages are not
    used here): two test_x.py in different folders stop the whole run at collection."""
    from collections import Counter

    tests = Path(__file__).resolve().parents[1]
    names = Counter(path.name for path in tests.rglob("test_*.py"))
    assert [name for name, count in names.items() if count > 1] == []
