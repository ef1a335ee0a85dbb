"""A save changes only the nodes it changed (issue 11, item 4): a colleague's comments, keys
added by hand, their order, quoting and indentation survive `briefing tag`, a new note or a
new highlight; characters beyond U+FFFF are written as themselves, multi-line notes as
literal blocks."""

from __future__ import annotations

import contextlib
import difflib
import os
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.core.annotations import (
    AnnotationStore,
    ArticleAnnotations,
    Highlight,
    TextQuote,
    UnknownHighlight,
    yaml_edit,
)
from briefing.core.annotations.yaml_form import from_yaml, to_yaml

ARTICLE = "002_1f6b0f63a8b626fd"
H1 = "4adf08d6-1a3c-4609-a5d1-437232843610"
H2 = "9b1f3c2e-0000-4000-8000-000000000002"
HAND = f"""\
# Reviewed by Bob, 2025-03-02: keep the Reuters quote.
# Ask him before deleting anything here.
schema: 1
article: {ARTICLE}
reviewer: Bob   # hand-added, stays where it is
read: false
starred: true
tags:
- cuba   # the main thread
- 'on'
note: ''
overrides: {{}}
highlights:
- id: {H1}
  created: 2025-03-01T10:00:01Z
  modified: 2025-03-01T10:00:01Z
  author: Ana Rodríguez
  color: key-fact
  # why this matters: the ministries named
  note: |-
    Two lines
    of note
  priority: high
  tags: []
  target:
    exact: Homeland Security and Justice
    prefix: 'the ministries of '
    suffix: ', which'
    start: 10
    end: 39
    content_hash: sha256:abc
- id: {H2}
  created: 2025-03-01T10:00:02Z
  modified: 2025-03-01T10:00:02Z
  author: Bob
  color: claim
  note: second   # Bob's
  tags: [a, b]
  target:
    exact: combat human and drug trafficking
    prefix: ''
    suffix: ''
    start: 100
    end: 133
    content_hash: sha256:abc
"""


class Clock:
    def __init__(self) -> None:
        self.t = 0

    def __call__(self) -> str:
        self.t += 1
        return f"2025-04-01T00:00:{self.t:02d}Z"


@pytest.fixture
def store(tmp_path: Path) -> AnnotationStore:
    s = AnnotationStore(tmp_path / "annotations", author="Zoë", clock=Clock())
    path = s.path_for(ARTICLE)
    path.parent.mkdir(parents=True)
    path.write_text(HAND, encoding="utf-8")
    return s


def changes(before: str, after: str) -> list[str]:
    """The changed lines, as a unified diff without context shows them."""
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), n=0, lineterm="")
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]


def text(store: AnnotationStore) -> str:
    return store.path_for(ARTICLE).read_text(encoding="utf-8")


def test_tagging_changes_only_the_tag_line(store: AnnotationStore) -> None:
    store.add_article_tags(ARTICLE, ["newtag"])
    assert changes(HAND, text(store)) == ["+- newtag"]
    assert store.load(ARTICLE).tags == ["cuba", "on", "newtag"]


def test_a_new_note_changes_the_note_and_modified_lines(store: AnnotationStore) -> None:
    store.set_note(ARTICLE, H1, "Tone check 👍\nSecond line")
    assert changes(HAND, text(store)) == [
        "-  modified: 2025-03-01T10:00:01Z",
        "+  modified: 2025-04-01T00:00:01Z",
        "-    Two lines",
        "-    of note",
        "+    Tone check 👍",
        "+    Second line",
    ]
    store.set_note(ARTICLE, H2, "one line")
    (line,) = [ln for ln in text(store).splitlines() if "one line" in ln]
    assert line.startswith("  note: one line ") and line.endswith("# Bob's")  # comment kept


def test_highlight_tags_in_flow_style_stay_in_flow_style(store: AnnotationStore) -> None:
    store.add_highlight_tags(ARTICLE, H2, ["c"])
    assert changes(HAND, text(store)) == [
        "-  modified: 2025-03-01T10:00:02Z",
        "+  modified: 2025-04-01T00:00:01Z",
        "-  tags: [a, b]",
        "+  tags: [a, b, c]",
    ]


def test_a_new_highlight_is_inserted_in_place_and_nothing_else_moves(
    store: AnnotationStore,
) -> None:
    new = store.add_highlight(ARTICLE, TextQuote("words", "", "", 50, 55, "h"), note="n")
    lines = changes(HAND, text(store))
    assert all(line.startswith("+") for line in lines)
    assert lines[0] == f"+- id: {new.id}"
    body = text(store)
    assert body.index(H1) < body.index(new.id) < body.index(H2)  # by position in the text
    assert store.load(ARTICLE).get(new.id) == new


def test_delete_restore_flags_and_overrides(store: AnnotationStore) -> None:
    store.delete_highlight(ARTICLE, H2)
    assert changes(HAND, text(store)) == [
        "+  deleted: true",
        "-  modified: 2025-03-01T10:00:02Z",
        "+  modified: 2025-04-01T00:00:01Z",
    ]
    store.restore_highlight(ARTICLE, H2)
    assert changes(HAND, text(store)) == [
        "-  modified: 2025-03-01T10:00:02Z",
        "+  modified: 2025-04-01T00:00:02Z",
    ]
    store.set_flags(ARTICLE, read=True)
    store.set_overrides(ARTICLE, date="2010-02-18")
    assert changes(HAND, text(store))[:4] == [
        "-read: false",
        "+read: true",
        "-overrides: {}",
        "+overrides:",
    ]
    assert "  date: 2010-02-18" in text(store)
    assert text(store).startswith("# Reviewed by Bob")
    assert "reviewer: Bob   # hand-added, stays where it is\nread: true\n" in text(store)


def test_hand_written_file_without_our_keys_gets_only_what_changed(tmp_path: Path) -> None:
    store = AnnotationStore(tmp_path, author="a", clock=Clock())
    hand = "# my notes\nnote: see the minister's speech   # TODO\nreviewer: Bob\n"
    store.path_for("x").write_text(hand)
    store.add_article_tags("x", ["cuba"])
    assert changes(hand, text_of(store, "x")) == ["+tags:", "+- cuba"]
    store.add_highlight("x", TextQuote("q", "", "", 1, 2, "h"))
    body = text_of(store, "x")
    assert body.startswith(hand.splitlines()[0]) and "# TODO" in body
    assert yaml.safe_load(body)["highlights"][0]["target"]["exact"] == "q"


def text_of(store: AnnotationStore, article_id: str) -> str:
    return store.path_for(article_id).read_text(encoding="utf-8")


def test_the_files_own_indentation_is_kept(tmp_path: Path) -> None:
    store = AnnotationStore(tmp_path, author="a", clock=Clock())
    hand = "# indented lists\ntags:\n  - a\n  - b\nnote: x\n"
    store.path_for("x").write_text(hand)
    store.add_article_tags("x", ["c"])
    assert changes(hand, text_of(store, "x")) == ["+  - c"]


def test_files_briefing_wrote_take_the_fast_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = AnnotationStore(tmp_path, author="a", clock=Clock())
    store.add_highlight("x", TextQuote("q", "", "", 1, 2, "h"), note="two\nlines 👍")

    def no_round_trip(*args: object) -> str:
        raise AssertionError("ruamel.yaml used for a file briefing wrote")

    monkeypatch.setattr(yaml_edit, "_edit", no_round_trip)
    store.add_article_tags("x", ["t"])
    store.add_highlight("x", TextQuote("r", "", "", 3, 4, "h"))
    fresh = AnnotationStore(tmp_path, author="a")  # a cold store: the check is by bytes
    fresh.set_flags("x", read=True)
    assert to_yaml(fresh.load("x")).encode() == store.path_for("x").read_bytes()


def test_an_edit_that_does_not_read_back_as_meant_falls_back_to_a_full_write(
    store: AnnotationStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(yaml_edit, "_edit", lambda *args: HAND)  # "forgets" the change
    store.add_article_tags(ARTICLE, ["newtag"])
    assert store.load(ARTICLE).tags == ["cuba", "on", "newtag"]
    assert text(store) == to_yaml(store.load(ARTICLE))  # comments lost, not the tag


def test_a_file_ruamel_refuses_is_written_whole(tmp_path: Path) -> None:
    store = AnnotationStore(tmp_path, author="a", clock=Clock())
    hand = "# duplicate keys: PyYAML keeps the last\nnote: first\nnote: second\n"
    store.path_for("x").write_text(hand)
    store.add_article_tags("x", ["t"])
    ann = store.load("x")
    assert (ann.note, ann.tags) == ("second", ["t"])


def test_non_bmp_characters_and_blocks_through_the_command(seed_corpus: Path) -> None:
    from briefing.cli import main

    kept = "The talks followed the historic reestablishment of diplomatic relations"
    args = ["--corpus", str(seed_corpus), "annotate", ARTICLE, "--quote", kept]
    assert main([*args, "--note", "Tone check 👍\nSecond line"]) == 0
    written = (seed_corpus.parent / "annotations" / f"{ARTICLE}.yaml").read_text("utf-8")
    assert "  note: |-\n    Tone check 👍\n    Second line\n" in written
    assert "\\U0001F44D" not in written


def test_git_diff_after_briefing_tag_shows_only_the_tag_line(seed_corpus: Path) -> None:
    repo = seed_corpus.parent
    folder = repo / "annotations"
    folder.mkdir()
    (folder / f"{ARTICLE}.yaml").write_text(HAND, encoding="utf-8")
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    env |= {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x", "GIT_COMMITTER_NAME": "t"}
    env |= {"GIT_COMMITTER_EMAIL": "t@x"}

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return done.stdout

    git("init", "-q")
    git("add", "annotations")
    git("commit", "-qm", "a colleague's annotations")
    from briefing.cli import main

    assert main(["--corpus", str(seed_corpus), "tag", ARTICLE, "newtag"]) == 0
    diff = git("diff", "--unified=0", "--no-color", "annotations")
    changed = [ln for ln in diff.splitlines() if ln[:1] in "+-" and ln[:3] not in ("+++", "---")]
    assert changed == ["+- newtag"]


# --- properties ------------------------------------------------------------------------------

OPS = st.lists(
    st.one_of(
        st.tuples(st.just("tag"), st.sampled_from(["x", "y", "on", "2010", "a b"])),
        st.tuples(st.just("note"), st.sampled_from([H1, H2]), st.text(max_size=20)),
        st.tuples(st.just("htags"), st.sampled_from([H1, H2]), st.lists(st.sampled_from("abc"))),
        st.tuples(st.just("delete"), st.sampled_from([H1, H2])),
        st.tuples(st.just("restore"), st.sampled_from([H1, H2])),
        st.tuples(st.just("add"), st.integers(0, 200), st.text(max_size=10)),
        st.tuples(st.just("title"), st.text(max_size=10)),
        st.tuples(st.just("flags"), st.booleans(), st.booleans()),
    ),
    max_size=6,
)


def apply(store: AnnotationStore, op: str, args: list) -> None:
    if op == "tag":
        store.add_article_tags(ARTICLE, [args[0]])
    elif op == "note":
        store.set_note(ARTICLE, args[0], args[1])
    elif op == "htags":
        store.set_highlight_tags(ARTICLE, args[0], args[1])
    elif op in ("delete", "restore"):
        getattr(store, f"{op}_highlight")(ARTICLE, args[0])
    elif op == "add":
        store.add_highlight(ARTICLE, TextQuote("w", "", "", args[0], args[0] + 1, ""))
    elif op == "title":
        store.set_overrides(ARTICLE, title=args[0])
    else:
        store.set_flags(ARTICLE, read=args[0], starred=args[1])


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(OPS)
def test_random_edits_of_a_commented_file_keep_comments_and_read_back(ops: list) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = AnnotationStore(Path(tmp), author="p", clock=Clock())
        store.path_for(ARTICLE).write_text(HAND, encoding="utf-8")
        for op, *args in ops:
            with contextlib.suppress(UnknownHighlight):  # an edit of a deleted highlight
                apply(store, op, args)
        model = store.load(ARTICLE)
        raw = store.path_for(ARTICLE).read_bytes()
        assert from_yaml(raw, ARTICLE, Path("x")) == model
        assert AnnotationStore(Path(tmp)).load(ARTICLE) == model
        body = raw.decode()
        for comment in ("# Reviewed by Bob", "# the main thread", "# why this matters"):
            assert comment in body
        assert body.index("reviewer: Bob") < body.index("highlights:")
        assert all(h.extra == {"priority": "high"} for h in model.highlights if h.id == H1)


def test_save_text_of_equal_models_is_the_file_itself(tmp_path: Path) -> None:
    before = from_yaml(HAND.encode(), ARTICLE, Path("x"))
    after = replace(before, highlights=list(before.highlights))
    assert yaml_edit.save_text(HAND.encode(), before, after) == HAND
    assert yaml_edit.save_text(None, None, after) == to_yaml(after)
    assert isinstance(after, ArticleAnnotations) and isinstance(after.highlights[0], Highlight)


def test_a_windows_colleagues_line_ends_are_kept(store: AnnotationStore) -> None:
    path = store.path_for(ARTICLE)
    crlf = HAND.replace("\n", "\r\n").encode()
    path.write_bytes(crlf)
    store.add_article_tags(ARTICLE, ["newtag"])
    after = path.read_bytes()
    assert after.count(b"\n") == after.count(b"\r\n")
    assert changes(HAND, after.decode().replace("\r\n", "\n")) == ["+- newtag"]
