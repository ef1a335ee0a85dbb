"""The rules the Workspace owns, through the real command: nothing is written inside the
corpus (not through a symlink nor `..` either), nor into the annotations folder; plus the
command's own front matter (--version, python -m briefing, paths)."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from seeds import S002, SEED_CORPUS

from briefing import __version__
from briefing.core.errors import UserError
from briefing.core.workspace import Workspace, is_inside


def briefing(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "briefing", *args],
        cwd=cwd,
        env=dict(os.environ),
        capture_output=True,
        text=True,
        timeout=60,
    )


def digests(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """A folder with corpus/ (the seeds, one highlighted, a subfolder) and link -> corpus."""
    shutil.copytree(SEED_CORPUS, tmp_path / "corpus")
    (tmp_path / "corpus" / "sub").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "corpus", target_is_directory=True)
    done = briefing("annotate", S002, "--quote", "Authorities", "--occurrence", "1", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    return tmp_path


@pytest.mark.parametrize(
    "target",
    ["corpus/x.md", "corpus/sub/x.md", "link/x.md", "corpus/../corpus/x.md", "annotations/x.json"],
)
def test_export_never_writes_into_the_corpus_or_annotations(work: Path, target: str):
    before = {name: digests(work / name) for name in ("corpus", "annotations")}
    done = briefing("export", "-o", target, cwd=work)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    assert "inside the" in lines[0] and "write somewhere else" in lines[0]
    assert {name: digests(work / name) for name in ("corpus", "annotations")} == before
    assert done.stdout == ""


def test_export_beside_the_corpus_still_works(work: Path):
    done = briefing("export", "-o", "briefing.md", cwd=work)
    assert done.returncode == 0, done.stderr
    assert (work / "briefing.md").read_text("utf-8").startswith("# Briefing")


def test_workspace_refuses_annotations_or_index_inside_the_corpus(tmp_path: Path):
    shutil.copytree(SEED_CORPUS, tmp_path / "corpus")
    for option in ("annotations", "index"):
        with pytest.raises(UserError, match=f"The {option} folder .* is inside the corpus"):
            Workspace(tmp_path / "corpus", **{option: tmp_path / "corpus" / ".x"})
    assert sorted(p.name for p in (tmp_path / "corpus").iterdir()) == sorted(
        p.name for p in SEED_CORPUS.iterdir()
    )


def test_is_inside_resolves_links_and_dots(tmp_path: Path):
    (tmp_path / "corpus").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "corpus")
    assert is_inside(tmp_path / "link" / "a" / "b.md", tmp_path / "corpus")
    assert is_inside(tmp_path / "elsewhere" / ".." / "corpus" / "x", tmp_path / "corpus")
    assert not is_inside(tmp_path / "corpus-2" / "x", tmp_path / "corpus")


def test_version_from_the_command_and_python_m(tmp_path: Path):
    done = briefing("--version", cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.strip() == f"briefing {__version__}"
    script = Path(sys.executable).with_name("briefing")
    real = subprocess.run([str(script), "--version"], capture_output=True, text=True, timeout=60)
    assert real.returncode == 0 and real.stdout.strip() == f"briefing {__version__}"


def test_paths_names_every_place_and_needs_no_corpus(tmp_path: Path, isolated_dirs):
    done = briefing("--corpus", "missing", "paths", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = dict(line.split(None, 1) for line in done.stdout.splitlines() if line[:1] != " ")
    text = done.stdout
    for name in ("corpus", "annotations", "exports", "index", "state", "config"):
        assert name in lines or f"\n{name}" in text
    assert lines["exports"].strip() == str(tmp_path / "exports")  # beside the annotations
    assert str(isolated_dirs["BRIEFING_INDEX"]) in text
    assert str(Path(isolated_dirs["BRIEFING_CONFIG"]) / "config.yaml") in text
    assert str(tmp_path / "missing" / ".briefing" / "cleaning.yaml") in text
    assert not (tmp_path / "missing").exists()
    assert not Path(isolated_dirs["BRIEFING_INDEX"]).exists()
