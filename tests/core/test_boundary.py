"""The core is pure Python: importing any core module must not pull in Textual or Rich."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

import briefing.core

CORE_MODULES = sorted(
    info.name for info in pkgutil.walk_packages(briefing.core.__path__, "briefing.core.")
)
UI_PACKAGES = ("textual", "rich")

PROBE = """
import importlib, json, sys
importlib.import_module(sys.argv[1])
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})))
"""


def _loaded_top_level(module: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, module], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return set(json.loads(result.stdout))


@pytest.fixture(scope="module")
def loaded() -> dict[str, set[str]]:
    """Top-level packages in sys.modules after importing each core module in a fresh
    interpreter (in parallel: it is mostly interpreter start-up)."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        return dict(zip(CORE_MODULES, pool.map(_loaded_top_level, CORE_MODULES), strict=True))


def test_core_modules_are_found():
    for expected in ("corpus", "index", "index.search", "corpus.cleaning", "workspace", "paths"):
        assert f"briefing.core.{expected}" in CORE_MODULES


@pytest.mark.parametrize("module", CORE_MODULES)
def test_core_module_imports_no_ui(loaded, module):
    assert not set(UI_PACKAGES) & loaded[module]
    assert module.split(".")[0] in loaded[module]  # the probe did import it


def test_cli_imports_no_ui_until_the_app_opens():
    modules = _loaded_top_level("briefing.cli")
    assert not set(UI_PACKAGES) & modules
