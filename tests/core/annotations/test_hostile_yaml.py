"""Annotation files from hostile hands (issue 11, item 3): anchors and aliases are refused
(a 485-byte alias bomb made every save take 24-45 s and up to 6 GB), deep nesting and
exhausted memory are one-line file errors, and the file is never overwritten."""

from __future__ import annotations

import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from briefing.core.annotations import (
    AnnotationFileError,
    AnnotationStore,
    ArticleAnnotations,
    TextQuote,
    yamlio,
)
from briefing.core.annotations import store as store_module
from briefing.core.annotations.yaml_form import from_yaml

ARTICLE = "002_1f6b0f63a8b626fd"
KEPT = "The talks followed the historic reestablishment of diplomatic relations between the two countries."


def alias_bomb() -> bytes:
    """The issue's file: a highlight whose unknown key holds nine levels of nine aliases."""
    levels = "abcdefghi"
    parts = ["a: &a [" + ", ".join(["lol"] * 9) + "]"]
    for prev, name in zip(levels, levels[1:], strict=False):
        parts.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    return (
        "schema: 1\n"
        "highlights:\n"
        "- id: bomb\n"
        "  target: {exact: quoted, start: 4, end: 10}\n"
        "  x-extra: {" + ", ".join(parts) + "}\n"
    ).encode()


@pytest.fixture
def store(tmp_path: Path) -> AnnotationStore:
    return AnnotationStore(tmp_path / "annotations", author="me")


@pytest.fixture(params=["libyaml", "python"])
def loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test with the C-backed checked loader and with PyYAML's pure-Python one."""
    if request.param == "python":
        monkeypatch.setattr(yamlio, "CHECKED_LOADER", yamlio._CheckedLoader)
        monkeypatch.setattr(yamlio, "FAST_LOADER", yaml.SafeLoader)
    return str(request.param)


def write(store: AnnotationStore, raw: bytes) -> Path:
    path = store.path_for(ARTICLE)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw)
    return path


def quote() -> TextQuote:
    return TextQuote("words", "", "", 0, 5, "h")


def test_the_alias_bomb_is_refused_at_once_and_never_overwritten(
    store: AnnotationStore, loader: str
) -> None:
    raw = alias_bomb()
    assert 400 < len(raw) < 600  # the was 485 bytes
    path = write(store, raw)
    started = time.monotonic()
    with pytest.raises(AnnotationFileError) as caught:
        store.add_highlight(ARTICLE, quote(), note="the new highlight")
    assert time.monotonic() - started < 3
    message = str(caught.value)
    assert "\n" not in message and str(path) in message
    assert "anchor (&a at line 5)" in message and "may not" in message
    assert caught.value.path == path
    assert path.read_bytes() == raw
    with pytest.raises(AnnotationFileError):
        store.load(ARTICLE)
    assert [e.path for e in store.load_all()[1]] == [path]


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("note: &n a note\n", "anchor (&n at line 1)"),
        ("tags: [a]\nnote: *n\n", "alias (*n at line 2)"),  # an alias to nothing: refused too
        ("x: &a [1]\ny: *a\n", "anchor (&a at line 1)"),
        ("base: &b {k: v}\nmore:\n  <<: *b\n", "anchor (&b at line 1)"),
        ("highlights:\n- &h {id: x, target: {exact: q, start: 1, end: 3}}\n", "anchor (&h"),
        ("x: !!str &a text\n", "anchor (&a"),
    ],
)
def test_any_anchor_or_alias_is_refused(
    store: AnnotationStore, loader: str, text: str, says: str
) -> None:
    path = write(store, text.encode())
    with pytest.raises(AnnotationFileError, match=r"\(") as caught:
        store.load(ARTICLE)
    assert says in str(caught.value) and "\n" not in str(caught.value)
    with pytest.raises(AnnotationFileError):
        store.set_flags(ARTICLE, read=True)
    assert path.read_bytes() == text.encode()


def test_ampersands_and_stars_in_text_are_only_text(store: AnnotationStore, loader: str) -> None:
    write(
        store,
        b"note: R&D costs 3 * 4 & more\n"
        b"tags: ['&a', '*b', \"&c *d\"]\n"
        b"highlights:\n"
        b"- id: x\n"
        b"  note: |\n"
        b"    &anchor-like *alias-like\n"
        b"  target: {exact: '*', start: 1, end: 2}\n",
    )
    ann = store.load(ARTICLE)
    assert ann.note == "R&D costs 3 * 4 & more"
    assert ann.tags == ["&a", "*b", "&c *d"]
    assert ann.highlights[0].note == "&anchor-like *alias-like\n"
    store.set_flags(ARTICLE, starred=True)  # and it saves
    assert AnnotationStore(store.root).load(ARTICLE).starred


@pytest.mark.parametrize("depth", [80, 600, 5000])
def test_deep_nesting_is_a_file_error(store: AnnotationStore, loader: str, depth: int) -> None:
    raw = ("x-deep: " + "[" * depth + "]" * depth + "\n").encode()
    path = write(store, raw)
    with pytest.raises(AnnotationFileError) as caught:
        store.set_flags(ARTICLE, read=True)
    assert "\n" not in str(caught.value) and str(path) in str(caught.value)
    assert "deep" in str(caught.value) or "depth" in str(caught.value)
    assert path.read_bytes() == raw


def test_nesting_within_bounds_is_kept(store: AnnotationStore) -> None:
    raw = b"x-deep: " + b"[" * 20 + b"1" + b"]" * 20 + b"\n"
    write(store, raw)
    store.set_flags(ARTICLE, read=True)
    assert (
        yaml.safe_load(store.path_for(ARTICLE).read_bytes())["x-deep"]
        == yaml.safe_load(raw)["x-deep"]
    )


@pytest.mark.parametrize("error", [MemoryError, RecursionError])
def test_memory_and_recursion_errors_become_file_errors(
    store: AnnotationStore, monkeypatch: pytest.MonkeyPatch, error: type[BaseException]
) -> None:
    store.set_article_note(ARTICLE, "before")
    path = store.path_for(ARTICLE)
    raw = path.read_bytes()

    def explode(*args: object) -> None:
        raise error()

    monkeypatch.setattr(store_module, "save_text", explode)
    with pytest.raises(AnnotationFileError, match="too large or nested too deeply") as caught:
        store.set_article_note(ARTICLE, "after")
    assert "\n" not in str(caught.value)
    assert path.read_bytes() == raw

    path.write_bytes(raw + b"# touched\n")  # new bytes: parsed afresh, not from the cache
    monkeypatch.setattr(store_module, "from_yaml", explode)
    with pytest.raises(AnnotationFileError, match="too large or nested too deeply"):
        store.load(ARTICLE)


def test_hand_added_trees_are_shared_not_copied(store: AnnotationStore) -> None:
    write(
        store,
        b"reviewer: {name: Bob, notes: [a, b]}\n"
        b"highlights:\n- id: x\n  x-extra: {k: [1, 2]}\n  target: {exact: q, start: 1, end: 2}\n",
    )
    ann = store.load(ARTICLE)
    copy = ann.copy()
    assert copy.extra is ann.extra
    assert copy.highlights[0].extra is ann.highlights[0].extra
    copy.highlights[0].tags.append("mine")
    assert ann.highlights[0].tags == []  # what briefing does change is still private


def test_from_yaml_refuses_aliases_even_when_called_directly() -> None:
    with pytest.raises(AnnotationFileError, match="anchor"):
        from_yaml(alias_bomb(), ARTICLE, Path("x.yaml"))
    assert from_yaml(b"note: plain\n", ARTICLE, Path("x.yaml")) == ArticleAnnotations(
        ARTICLE, note="plain"
    )


def _limit_memory() -> None:  # in the child: 2 GB, so a regression fails instead of swapping
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))


def test_the_real_command_answers_within_seconds(seed_corpus: Path, tmp_path: Path) -> None:
    annotations = tmp_path / "annotations"
    annotations.mkdir()
    path = annotations / f"{ARTICLE}.yaml"
    path.write_bytes(alias_bomb())
    command = [sys.executable, "-m", "briefing", "--corpus", str(seed_corpus)]
    command += ["--annotations", str(annotations)]
    subprocess.run([*command, "index"], capture_output=True, timeout=120, check=True)
    started = time.monotonic()
    done = subprocess.run(
        [*command, "annotate", ARTICLE, "--quote", KEPT],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=_limit_memory,
    )
    assert time.monotonic() - started < 10  # interpreter start and an index check included
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 1 and len(lines) == 1 and "Traceback" not in done.stderr
    assert str(path) in lines[0] and "anchor" in lines[0]
    assert path.read_bytes() == alias_bomb()
