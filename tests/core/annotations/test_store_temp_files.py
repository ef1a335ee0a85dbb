"""The store's temp files (issue 11, item 12): a save killed mid-write leaves nothing that
`git status` shows, and stale temp files go when a store opens, unless a save holds them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from seeds import REPO

from briefing.core import atomic
from briefing.core.annotations import AnnotationStore, TextQuote

ARTICLE = "2010/feb/004_abc"

# Saves once, then starts a second save and is killed (SIGKILL) just before the rename:
# the temp file is whole on disk, the YAML still the old one.
KILLED_SAVE = """
import os, signal, sys
from pathlib import Path
from briefing.core.annotations import AnnotationStore, TextQuote

store = AnnotationStore(Path(sys.argv[1]), author="test")
quote = TextQuote(exact="text", prefix="", suffix="", start=0, end=4, content_hash="h")
store.add_highlight(sys.argv[2], quote, note="first")
os.replace = lambda src, dst: os.kill(os.getpid(), signal.SIGKILL)
store.add_highlight(sys.argv[2], quote, note="second")
"""


def git(*args: str, cwd: Path) -> str:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull}
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    ).stdout


def quote() -> TextQuote:
    return TextQuote(exact="text", prefix="", suffix="", start=0, end=4, content_hash="h")


def temp_files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.tmp"))


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_a_killed_save_leaves_nothing_git_would_see(tmp_path: Path) -> None:
    root = tmp_path / "annotations"
    root.mkdir()
    git("init", "-q", cwd=tmp_path)
    for aid in ("plain", ARTICLE, "caf%E9"):
        killed = subprocess.run(
            [sys.executable, "-c", KILLED_SAVE, str(root), aid],
            env={**os.environ, "PYTHONPATH": str(REPO)},
            capture_output=True,
            timeout=60,
        )
        assert killed.returncode == -9, killed.stderr
        # The killed save left its temp file (the one before it was cleared when this
        # process opened its store), but where git ignores it.
        assert temp_files(root) == [f".locks/{aid}.yaml.tmp"]
    assert git("status", "--porcelain", "--untracked-files=all", cwd=tmp_path).splitlines() == [
        "?? annotations/2010/feb/004_abc.yaml",
        "?? annotations/caf%E9.yaml",
        "?? annotations/plain.yaml",
    ]
    git("add", "-A", cwd=tmp_path)
    committed = git("diff", "--cached", "--name-only", cwd=tmp_path).split()
    assert all(name.endswith(".yaml") for name in committed)

    store = AnnotationStore(root)  # opening the store clears what the killed saves left
    assert temp_files(root) == []
    assert [h.note for h in store.load(ARTICLE).highlights] == ["first"]
    store.set_note(ARTICLE, store.load(ARTICLE).highlights[0].id, "third")
    assert temp_files(root) == []
    status = git("status", "--porcelain", "--untracked-files=all", cwd=tmp_path).splitlines()
    assert [line.split()[-1] for line in status] == [
        "annotations/2010/feb/004_abc.yaml",
        "annotations/caf%E9.yaml",
        "annotations/plain.yaml",
    ]


def test_stale_temp_files_go_when_the_store_opens_old_style_ones_too(tmp_path: Path) -> None:
    store = AnnotationStore(tmp_path, author="t")
    store.add_highlight(ARTICLE, quote())
    old_style = tmp_path / "2010" / "feb" / ".004_abc.yaml.tmp"  # beside the YAML, as before
    old_style.write_text("half a fi")
    new_style = store._temp_path("plain")
    new_style.write_text("half a fi")
    users = tmp_path / "notes.yaml.tmp"  # not hidden, not in .locks: not the store's
    users.write_text("mine")
    AnnotationStore(tmp_path)
    assert not old_style.exists() and not new_style.exists()
    assert users.exists()


def test_a_temp_file_whose_save_is_under_way_is_left_alone(tmp_path: Path) -> None:
    store = AnnotationStore(tmp_path, author="t")
    temp = store._temp_path(ARTICLE)
    with atomic.exclusive_lock(store._lock_path(ARTICLE)):  # another process is saving
        temp.parent.mkdir(parents=True, exist_ok=True)
        temp.write_text("being written")
        AnnotationStore(tmp_path)
        assert temp.exists()
    AnnotationStore(tmp_path)
    assert not temp.exists()


def test_saves_write_no_temp_file_beside_the_yaml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []
    real_replace = os.replace

    def recording(src, dst) -> None:
        seen.append(Path(src).relative_to(tmp_path).as_posix())
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", recording)
    store = AnnotationStore(tmp_path, author="t")
    store.add_highlight(ARTICLE, quote())
    store.add_highlight("caf%E9", quote())
    assert seen == [".locks/2010/feb/004_abc.yaml.tmp", ".locks/caf%E9.yaml.tmp"]
    assert store.article_ids() == [ARTICLE, "caf%E9"]


def test_a_yaml_folder_on_another_filesystem_still_saves(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_replace = os.replace

    def cross_device(src, dst) -> None:
        if ".locks" in str(src):
            raise OSError(18, "Invalid cross-device link")  # EXDEV
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", cross_device)
    store = AnnotationStore(tmp_path, author="t")
    store.add_highlight(ARTICLE, quote(), note="kept")
    assert [h.note for h in store.load(ARTICLE).highlights] == ["kept"]
    assert temp_files(tmp_path) == []
