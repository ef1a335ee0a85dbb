"""Shared fixtures: every test owns its corpus, index, state and config, all under tmp.

Nothing a test does may write under the repository or the user's home: the autouse
`isolated_dirs` fixture points every place briefing writes to (and the XDG folders
platformdirs falls back on) at a fresh temporary folder.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from seeds import SEED_CORPUS

from briefing.core.index import CorpusIndex


@pytest.fixture(autouse=True)
def isolated_dirs(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    """Index, cache, state and config in a per-test temporary folder (env vars, inherited
    by subprocesses). Kept apart from `tmp_path` so tests can list tmp_path freely."""
    root = tmp_path_factory.mktemp("briefing-env")
    dirs = {
        "BRIEFING_INDEX": root / "index",
        "BRIEFING_CACHE": root / "cache",
        "BRIEFING_STATE": root / "state",
        "BRIEFING_CONFIG": root / "config",
    }
    for name, path in dirs.items():
        monkeypatch.setenv(name, str(path))
    # Belt and braces: anything that asks platformdirs directly still lands in tmp.
    for name in ("XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME"):
        monkeypatch.setenv(name, str(root / "xdg" / name.lower()))
    return dirs


@pytest.fixture
def index_dir(isolated_dirs: dict[str, Path]) -> Path:
    """The index folder the isolation fixture points BRIEFING_INDEX at."""
    return isolated_dirs["BRIEFING_INDEX"]


@pytest.fixture
def seed_corpus(tmp_path: Path) -> Path:
    """A private copy of the five seed articles at tmp_path/corpus."""
    target = tmp_path / "corpus"
    shutil.copytree(SEED_CORPUS, target)
    return target


# Bytes that are unmistakably not text: a PNG header and NULs.
BINARY_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
LATIN1_TEXT = (
    "Le café de Müller\n\n"
    "Hans Müller opened the café in Havana in 1998. “It was a good year,” he said.\n"
)
MARKUP_TEXT = (
    "[bold]Markup[/] survives here\n\n"
    "[bold]Breaking:[/] \x1b[31mred alert\x1b[0m in [italic]the capital[/]. "
    "Keep [/] and [link=x]links[/link] literally.\x07\x1b]0;window title\x07\n"
    "\x1b[1;32mGreen\x1b[0m text with a bell\x07 and a DEL\x7f char.\n"
)
CRLF_BYTES = b"Windows line ends\r\n\r\nFirst line of the body.\r\nSecond line of it.\r\n"
FRONT_MATTER_TEXT = """\
---
title: The Title From Front Matter
source: Front Matter Wire
date: 2023-02-01
url: https://example.org/story
tags: [migration, Havana]
---
Site icon Heuristic Source

date 2020-01-01 The body of an article whose front matter wins over what the heuristics see.

A second paragraph about remittances.
"""
NESTED_MD_TEXT = """\
# A Nested Markdown Heading

Text of the **nested** article about [governance](https://example.org) reforms.
"""


@pytest.fixture
def messy_corpus(tmp_path: Path) -> Path:
    """A corpus of hard cases: binary, cp1252, empty, markup+ANSI, CRLF, front matter,
    and a Markdown file in a subfolder. Ids are the file stems ('sub/nested' for the last)."""
    root = tmp_path / "messy"
    (root / "sub").mkdir(parents=True)
    (root / "binary.txt").write_bytes(BINARY_BYTES)
    (root / "latin1.txt").write_bytes(LATIN1_TEXT.encode("cp1252"))
    (root / "empty.txt").write_bytes(b"")
    (root / "markup.txt").write_text(MARKUP_TEXT, encoding="utf-8")
    (root / "crlf.txt").write_bytes(CRLF_BYTES)
    (root / "frontmatter.md").write_text(FRONT_MATTER_TEXT, encoding="utf-8")
    (root / "sub" / "nested.md").write_text(NESTED_MD_TEXT, encoding="utf-8")
    return root


@pytest.fixture
def make_index(index_dir: Path) -> Iterator[Callable[..., CorpusIndex]]:
    """Open (and by default update) a CorpusIndex for a corpus; closed at teardown.

    `make_index(corpus, location=None, update=True)`; the location defaults to the
    isolated BRIEFING_INDEX folder.
    """
    opened: list[CorpusIndex] = []

    def make(corpus: Path, location: Path | None = None, update: bool = True) -> CorpusIndex:
        index = CorpusIndex.open(corpus, location or index_dir)
        opened.append(index)
        if update:
            index.update()
        return index

    yield make
    for index in opened:
        index.close()
