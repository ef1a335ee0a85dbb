"""The annotations store: YAML round trips, hand edits, bad files, safe writes, merges,
concurrent and killed writers, and a property test over random sequences of edits."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.core.annotations import (
    AnnotationError,
    AnnotationFileError,
    AnnotationStore,
    AnnotationWriteError,
    ArticleAnnotations,
    Highlight,
    InvalidAnnotation,
    TextQuote,
    UnknownHighlight,
    clean_tags,
    default_author,
)
from briefing.core.annotations import author as author_module
from briefing.core.annotations import store as annotations_module
from briefing.core.annotations.yaml_form import from_yaml, to_yaml
from briefing.core.config import DEFAULT_LABELS

REPO = Path(annotations_module.__file__).resolve().parents[3]
ARTICLE = "002_1f6b0f63a8b626fd"
NOTE = (
    "Line one: a claim\n  indented 'single' and \"double\" quotes\n# not a comment\n- not a list\n"
)


def quote(start: int = 0, exact: str = "the quoted words", **kw: object) -> TextQuote:
    fields: dict[str, object] = {
        "exact": exact,
        "prefix": "some text before ",
        "suffix": " and after it",
        "start": start,
        "end": start + len(exact),
        "content_hash": "sha256:abc123",
    }
    return TextQuote(**(fields | kw))  # type: ignore[arg-type]


class FakeClock:
    """Whole seconds from a fixed moment, one step per call."""

    def __init__(self) -> None:
        self.t = 0

    def __call__(self) -> str:
        self.t += 1
        return f"2025-03-01T10:{self.t // 60 % 60:02d}:{self.t % 60:02d}Z"


@pytest.fixture
def store(tmp_path: Path) -> AnnotationStore:
    return AnnotationStore(tmp_path / "annotations", author="Ana Rodríguez", clock=FakeClock())


def one_line(error: Exception) -> str:
    text = str(error)
    assert "\n" not in text and text
    return text


# --- round trips and layout ----------------------------------------------------------------


def test_every_field_round_trips(store: AnnotationStore) -> None:
    hl = store.add_highlight(
        ARTICLE,
        quote(10, "Rodríguez said “no” — 東京"),
        color="contradiction",
        note=NOTE,
        tags=["économie", "key: value", "économie"],
    )
    other = store.add_highlight(ARTICLE, quote(2, "first"), note="plain")
    gone = store.add_highlight(ARTICLE, quote(50, "gone"))
    store.delete_highlight(ARTICLE, gone.id)
    store.set_article_tags(ARTICLE, ["politics", "2010"])
    store.set_article_note(ARTICLE, "Article note:\nsecond line with 'quotes'")
    store.set_overrides(ARTICLE, title="Corrected: “title”", date="2010-02-18", source="Le Monde")
    store.set_flags(ARTICLE, read=True, starred=True)

    ann = AnnotationStore(store.root).load(ARTICLE)
    assert ann.article_id == ARTICLE
    assert ann.tags == ["politics", "2010"]
    assert ann.note == "Article note:\nsecond line with 'quotes'"
    assert ann.overrides == {
        "title": "Corrected: “title”",
        "date": "2010-02-18",
        "source": "Le Monde",
    }
    assert ann.read and ann.starred
    assert [h.id for h in ann.highlights] == [other.id, hl.id, gone.id]  # by start offset
    assert [h.id for h in ann.live_highlights] == [other.id, hl.id]
    got = ann.get(hl.id)
    assert got == hl
    assert got.note == NOTE and got.tags == ["économie", "key: value"]
    assert got.author == "Ana Rodríguez" and got.color == "contradiction"
    assert got.target == quote(10, "Rodríguez said “no” — 東京")
    assert ann.get(gone.id).deleted

    text = store.path_for(ARTICLE).read_text("utf-8")
    assert text.startswith("schema: 1\n")
    assert "Rodríguez said “no” — 東京" in text  # unicode as itself
    assert "  note: |\n    Line one: a claim\n" in text  # literal block
    assert "created: 2025-03-01T10:00:01Z\n" in text  # unquoted timestamp
    assert "date: 2010-02-18\n" in text
    assert "'2010'" in text  # a tag that looks like a number stays text
    assert "deleted: true" in text
    assert yaml.safe_load(text)["highlights"][0]["target"]["start"] == 2


def test_file_is_stable_and_only_rewritten_on_change(store: AnnotationStore) -> None:
    hl = store.add_highlight(ARTICLE, quote(), note=NOTE)
    path = store.path_for(ARTICLE)
    before = path.read_bytes()
    assert to_yaml(store.load(ARTICLE)).encode() == before
    mtime = path.stat().st_mtime_ns
    time.sleep(0.01)
    assert store.set_note(ARTICLE, hl.id, NOTE) == hl  # same note: no new modified time
    store.set_flags(ARTICLE)
    assert path.read_bytes() == before and path.stat().st_mtime_ns == mtime


def test_nothing_is_created_for_an_unannotated_article(store: AnnotationStore) -> None:
    assert store.load("never/seen") == ArticleAnnotations("never/seen")
    store.update("never/seen", lambda ann: None)
    assert not store.path_for("never/seen").exists()
    assert store.article_ids() == []


def test_nested_ids_mirror_folders_and_lock_files_stay_hidden(store: AnnotationStore) -> None:
    store.add_highlight("2010/feb/004_abc", quote())
    store.set_flags(ARTICLE, starred=True)
    assert store.path_for("2010/feb/004_abc") == store.root / "2010" / "feb" / "004_abc.yaml"
    assert store.path_for("2010/feb/004_abc").is_file()
    (store.root / "2010" / ".004_abc.yaml.tmp").write_text("half a file")
    assert store.article_ids() == ["002_1f6b0f63a8b626fd", "2010/feb/004_abc"]
    assert (store.root / ".locks" / ".gitignore").read_text().strip().endswith("*")
    assert not list(store.root.glob("*.lock"))


def test_articles_whose_ids_differ_by_a_dot_have_their_own_locks(store: AnnotationStore) -> None:
    store.lock_timeout = 0.3

    def nested(ann: ArticleAnnotations) -> None:
        store.set_flags("004", read=True)  # would time out if it shared the lock of "004.v2"
        ann.read = True

    store.update("004.v2", nested)
    assert store.load("004").read and store.load("004.v2").read
    assert store.article_ids() == ["004", "004.v2"]


@pytest.mark.parametrize("bad", ["", "../x", "/etc/x", "a//b", ".hidden", "a/./b", "a\\b"])
def test_bad_article_ids_are_refused(store: AnnotationStore, bad: str) -> None:
    with pytest.raises(InvalidAnnotation):
        store.path_for(bad)


def test_hand_edited_file_is_picked_up_and_unknown_keys_kept(store: AnnotationStore) -> None:
    path = store.path_for("sub/003")
    path.parent.mkdir(parents=True)
    path.write_text(
        "# edited by hand\n"
        "tags: economy\n"
        "overrides:\n  date: 2010-02-18\n  title: 1984\n"
        "reviewer: Bob\n"
        "highlights:\n"
        "- id: hand-1\n"
        "  created: 2024-05-06 07:08:09\n"
        "  note: yes it is\n"
        "  priority: high\n"
        "  target: {exact: quoted, start: 4, end: 10}\n",
        "utf-8",
    )
    ann = store.load("sub/003")
    assert ann.tags == ["economy"]
    assert ann.overrides == {"date": "2010-02-18", "title": "1984"}
    (hl,) = ann.highlights
    assert hl.id == "hand-1" and hl.note == "yes it is" and hl.color == DEFAULT_LABELS[0]
    assert hl.created == hl.modified == "2024-05-06T07:08:09Z"
    assert hl.target.prefix == "" and hl.target.content_hash == ""

    store.set_note("sub/003", "hand-1", "changed")
    doc = yaml.safe_load(path.read_text("utf-8"))
    assert doc["reviewer"] == "Bob" and doc["highlights"][0]["priority"] == "high"
    assert doc["highlights"][0]["note"] == "changed"
    # only what changed: no schema line added, the comment and the key order kept
    assert "schema" not in doc and list(doc) == ["tags", "overrides", "reviewer", "highlights"]
    assert path.read_text("utf-8").startswith("# edited by hand\n")

    path.write_text(path.read_text("utf-8").replace("note: changed", "note: edited again"))
    assert store.load("sub/003").highlights[0].note == "edited again"  # same store, new bytes


def test_loaded_annotations_are_private_copies(store: AnnotationStore) -> None:
    store.add_highlight(ARTICLE, quote(), tags=["a"])
    first = store.load(ARTICLE)
    first.tags.append("leak")
    first.highlights[0].tags.append("leak")
    first.highlights.clear()
    again = store.load(ARTICLE)
    assert again.tags == [] and again.highlights[0].tags == ["a"]


# --- files that cannot be used, saves that cannot happen -----------------------------------


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("highlights: [unclosed\n", "not valid YAML"),
        ("- just\n- a list\n", "top level"),
        ("highlights: 5\n", "highlights"),
        ("highlights:\n- id: x\n  target: {exact: q, start: one, end: 3}\n", "start"),
        ("highlights:\n- target: {exact: q, start: 1, end: 3}\n", "no id"),
        ("read: maybe\n", "read"),
        ("schema: 7\n", "newer briefing"),
        (b"note: \xff\xfe\n", "UTF-8"),
    ],
)
def test_bad_file_is_reported_in_one_line_and_never_overwritten(
    store: AnnotationStore, content: str | bytes, says: str
) -> None:
    path = store.path_for(ARTICLE)
    path.parent.mkdir(parents=True)
    raw = content if isinstance(content, bytes) else content.encode()
    path.write_bytes(raw)
    with pytest.raises(AnnotationFileError) as caught:
        store.load(ARTICLE)
    message = one_line(caught.value)
    assert str(path) in message and says in message
    assert caught.value.path == path
    with pytest.raises(AnnotationFileError):
        store.add_highlight(ARTICLE, quote())
    with pytest.raises(AnnotationFileError):
        store.set_flags(ARTICLE, read=True)
    assert path.read_bytes() == raw
    assert store.all_tags() == Counter()
    loaded, errors = store.load_all()
    assert loaded == {} and [e.path for e in errors] == [path]


def test_failed_replace_keeps_the_old_file(store: AnnotationStore, monkeypatch) -> None:
    store.add_highlight(ARTICLE, quote(), note="kept")
    path = store.path_for(ARTICLE)
    before = path.read_bytes()

    def refuse(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(AnnotationWriteError) as caught:
        store.add_highlight(ARTICLE, quote(5))
    assert isinstance(caught.value, AnnotationError)
    assert "Permission denied" in one_line(caught.value) and str(path) in str(caught.value)
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_unwritable_root_gives_one_line_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the annotations folder should be")
    store = AnnotationStore(blocker / "annotations", author="a")
    with pytest.raises(AnnotationWriteError) as caught:
        store.add_highlight(ARTICLE, quote())
    assert "writable" in one_line(caught.value)
    assert blocker.read_text().startswith("a file")


def test_lock_held_elsewhere_times_out_with_a_clear_error(store: AnnotationStore) -> None:
    store.set_flags(ARTICLE, read=True)
    store.lock_timeout = 0.2
    hold = (
        "import fcntl, sys, time; f = open(sys.argv[1], 'a'); fcntl.flock(f, fcntl.LOCK_EX);"
        "print('held', flush=True); time.sleep(10)"
    )
    lock = store.root / ".locks" / f"{ARTICLE}.lock"
    holder = subprocess.Popen(
        [sys.executable, "-c", hold, str(lock)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(AnnotationWriteError, match="locked"):
            store.set_flags(ARTICLE, starred=True)
    finally:
        holder.kill()
        holder.wait()
    assert not store.load(ARTICLE).starred
    store.set_flags(ARTICLE, starred=True)  # the kernel freed the lock with its holder
    assert store.load(ARTICLE).starred


# --- editing operations ----------------------------------------------------------------------


def test_delete_leaves_a_tombstone_and_restore_undoes_it(store: AnnotationStore) -> None:
    hl = store.add_highlight(ARTICLE, quote(), note="keep me", tags=["x"], color="claim")
    dead = store.delete_highlight(ARTICLE, hl.id)
    assert dead.deleted and dead.modified > hl.modified
    ann = store.load(ARTICLE)
    assert ann.live_highlights == [] and ann.get(hl.id).deleted
    with pytest.raises(UnknownHighlight):
        store.set_note(ARTICLE, hl.id, "too late")
    assert store.delete_highlight(ARTICLE, hl.id) == dead  # twice is harmless
    back = store.restore_highlight(ARTICLE, hl.id)
    assert not back.deleted and back.modified > dead.modified
    assert replace(back, modified=hl.modified) == hl
    assert store.load(ARTICLE).live_highlights == [back]
    assert store.all_tags() == Counter({"x": 1})


def test_highlight_edits(store: AnnotationStore) -> None:
    hl = store.add_highlight(ARTICLE, quote(), tags="solo")
    assert hl.tags == ["solo"] and hl.color == "key-fact" and len(hl.id) == 36
    assert store.set_color(ARTICLE, hl.id, " question ").color == "question"
    assert store.set_highlight_tags(ARTICLE, hl.id, ["a", " b ", "", "a"]).tags == ["a", "b"]
    assert store.add_highlight_tags(ARTICLE, hl.id, ["b", "c"]).tags == ["a", "b", "c"]
    moved = store.retarget_highlight(ARTICLE, hl.id, quote(99, "elsewhere"))
    assert moved.target.start == 99 and moved.created == hl.created
    with pytest.raises(InvalidAnnotation):
        store.set_color(ARTICLE, hl.id, "  ")
    with pytest.raises(UnknownHighlight):
        store.set_note(ARTICLE, "no-such-id", "x")
    assert store.load(ARTICLE).get(hl.id) == moved


def test_article_level_edits(store: AnnotationStore) -> None:
    assert store.set_article_tags(ARTICLE, ["b", "a", "b"]) == ["b", "a"]
    assert store.add_article_tags(ARTICLE, ["a", "c"]) == ["b", "a", "c"]
    assert store.set_overrides(ARTICLE, title="T", date="2010-02-18") == {
        "title": "T",
        "date": "2010-02-18",
    }
    assert store.set_overrides(ARTICLE, source="S", title="") == {
        "date": "2010-02-18",
        "source": "S",
    }
    for bad in ["18/02/2010", "2010-2-18", "2010-02-30", "soon"]:
        with pytest.raises(InvalidAnnotation, match="YYYY-MM-DD"):
            store.set_overrides(ARTICLE, date=bad)
    store.set_flags(ARTICLE, read=True)
    store.set_flags(ARTICLE, starred=True)
    store.set_flags(ARTICLE, read=False)
    ann = store.load(ARTICLE)
    assert (ann.read, ann.starred, ann.overrides["date"]) == (False, True, "2010-02-18")


def test_all_tags_counts_articles_and_live_highlights(store: AnnotationStore) -> None:
    store.set_article_tags("a", ["econ", "war"])
    store.set_article_tags("b/c", ["econ"])
    store.add_highlight("a", quote(), tags=["econ", "quote"])
    dead = store.add_highlight("a", quote(3), tags=["dead"])
    store.delete_highlight("a", dead.id)
    assert store.all_tags() == Counter({"econ": 3, "war": 1, "quote": 1})


def test_clean_tags() -> None:
    assert clean_tags([" a ", "", "b", "a", "  "]) == ["a", "b"]
    assert clean_tags("one tag") == ["one tag"]


def test_mutate_that_raises_writes_nothing(store: AnnotationStore) -> None:
    store.set_article_note(ARTICLE, "before")
    before = store.path_for(ARTICLE).read_bytes()

    def broken(ann: ArticleAnnotations) -> None:
        ann.note = "half done"
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        store.update(ARTICLE, broken)
    assert store.path_for(ARTICLE).read_bytes() == before


# --- merging ---------------------------------------------------------------------------------


def test_merge_rules(store: AnnotationStore) -> None:
    base = Highlight.new(quote(), author="them", note="v1", now="2025-01-01T00:00:00Z")
    assert store.merge_highlight(ARTICLE, base) == "added"
    assert store.merge_highlight(ARTICLE, base) == "unchanged"
    newer = replace(base, note="v2", modified="2025-01-02T00:00:00Z")
    assert store.merge_highlight(ARTICLE, newer) == "updated"
    assert store.merge_highlight(ARTICLE, base) == "unchanged"  # older loses
    assert store.load(ARTICLE).get(base.id).note == "v2"
    same_time = replace(newer, note="v2 elsewhere")
    assert store.merge_highlight(ARTICLE, same_time) == "unchanged"  # tie: local stays

    tomb = replace(newer, deleted=True, modified="2025-01-03T00:00:00Z")
    assert store.merge_highlight(ARTICLE, tomb) == "updated"
    assert store.merge_highlight(ARTICLE, newer) == "unchanged"  # no resurrection
    assert store.load(ARTICLE).live_highlights == []
    revived = replace(newer, note="restored later", modified="2025-01-04T00:00:00Z")
    assert store.merge_highlight(ARTICLE, revived) == "updated"  # a later restore wins
    assert store.load(ARTICLE).live_highlights == [revived]

    tie = Highlight.new(quote(7), author="me", now="2025-01-05T00:00:00Z")
    store.merge_highlight(ARTICLE, tie)
    assert (
        store.merge_highlight(ARTICLE, replace(tie, deleted=True)) == "updated"
    )  # tie: delete wins

    unseen_tomb = replace(Highlight.new(quote(9), author="them"), deleted=True)
    assert store.merge_highlight(ARTICLE, unseen_tomb) == "added"
    assert store.merge_highlight(ARTICLE, replace(unseen_tomb, deleted=False)) == "unchanged"


# --- author ---------------------------------------------------------------------------------


def test_author_from_git_then_login(tmp_path: Path, monkeypatch) -> None:
    gitconfig = tmp_path / "gitconfig"
    gitconfig.write_text("[user]\n\tname = Grace Hopper\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(gitconfig))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    assert default_author(tmp_path) == "Grace Hopper"
    assert AnnotationStore(tmp_path).add_highlight("a", quote()).author == "Grace Hopper"
    assert AnnotationStore(tmp_path, author="Config Name").author == "Config Name"
    monkeypatch.setenv("PATH", str(tmp_path / "no-git-here"))
    monkeypatch.setattr(author_module.getpass, "getuser", lambda: "login")
    assert default_author(tmp_path) == "login"


def test_core_does_not_import_textual() -> None:
    code = "import sys, briefing.core.annotations.store; print(sorted({'textual', 'rich'} & set(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


# --- several processes -------------------------------------------------------------------------

WRITER = """
import sys
from pathlib import Path
from briefing.core.annotations import TextQuote
from briefing.core.annotations import AnnotationStore

root, article, name, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
store = AnnotationStore(Path(root), author=name)
print("ready", flush=True)
i = 0
while count < 0 or i < count:
    target = TextQuote(exact=f"{name} {i}", prefix="", suffix="", start=i, end=i + 5, content_hash="h")
    saved = store.add_highlight(article, target, note=f"{name}: note {i}\\nsecond: 'line'")
    print(saved.id, flush=True)
    i += 1
"""


def spawn_writer(root: Path, name: str, count: int) -> subprocess.Popen[str]:
    env = os.environ | {"PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(root), ARTICLE, name, str(count)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )


def test_two_processes_lose_nothing(tmp_path: Path) -> None:
    writers = [spawn_writer(tmp_path, name, 12) for name in ("left", "right")]
    reported = []
    for w in writers:
        out, _ = w.communicate(timeout=60)
        assert w.returncode == 0
        reported += out.split()[1:]
    ann = AnnotationStore(tmp_path).load(ARTICLE)
    assert len(ann.live_highlights) == 24
    assert {h.id for h in ann.highlights} == set(reported)
    assert Counter(h.author for h in ann.highlights) == {"left": 12, "right": 12}


def test_writers_killed_at_random_moments_lose_nothing_saved(tmp_path: Path) -> None:
    rng = random.Random(4)
    writers = [spawn_writer(tmp_path, f"w{i}", -1) for i in range(15)]
    lines: list[list[str]] = [[] for _ in writers]

    def collect(proc: subprocess.Popen[str], into: list[str]) -> None:
        into.extend(proc.stdout)  # one complete line per saved highlight

    readers = [
        threading.Thread(target=collect, args=(w, out))
        for w, out in zip(writers, lines, strict=True)
    ]
    for r in readers:
        r.start()
    order = list(range(len(writers)))
    rng.shuffle(order)
    for i in order:
        deadline = time.monotonic() + 30
        while not lines[i] and time.monotonic() < deadline:  # wait until it has started
            time.sleep(0.005)
        time.sleep(rng.uniform(0.02, 0.2))
        writers[i].send_signal(signal.SIGKILL)
    for w, r in zip(writers, readers, strict=True):
        w.wait()
        r.join()
        assert w.returncode == -signal.SIGKILL

    saved = {
        line.strip() for out in lines for line in out if line.endswith("\n") and line != "ready\n"
    }
    path = AnnotationStore(tmp_path).path_for(ARTICLE)
    assert isinstance(yaml.safe_load(path.read_text("utf-8")), dict)
    ann = AnnotationStore(tmp_path).load(ARTICLE)
    on_disk = {h.id for h in ann.live_highlights}
    assert saved <= on_disk, f"{len(saved - on_disk)} saved highlights lost"
    assert len(saved) >= 15  # the writers did get to work
    assert len(on_disk) == len(ann.highlights)
    assert AnnotationStore(tmp_path).article_ids() == [ARTICLE]


# --- properties ----------------------------------------------------------------------------

texts = st.text(max_size=40)
clean_words = st.text(st.characters(blacklist_categories=["Cs", "Cc", "Z"]), min_size=1, max_size=8)
tag_lists = st.lists(clean_words, max_size=3, unique=True)
labels = st.sampled_from(DEFAULT_LABELS) | clean_words
quotes = st.builds(
    TextQuote,
    exact=texts,
    prefix=texts,
    suffix=texts,
    start=st.integers(0, 10_000),
    end=st.integers(0, 10_000),
    content_hash=st.text(max_size=12),
)
stamps = st.datetimes().map(lambda d: d.isoformat(timespec="seconds") + "Z") | texts.filter(bool)
highlights = st.builds(
    Highlight,
    id=st.uuids().map(str),
    created=stamps,
    modified=stamps,
    author=texts,
    color=labels,
    note=texts,
    tags=tag_lists,
    target=quotes,
    deleted=st.booleans(),
)
overrides = st.fixed_dictionaries(
    {},
    optional={
        "title": texts.map(str.strip).filter(bool),
        "date": st.dates().map(lambda d: d.isoformat()),
        "source": texts.map(str.strip).filter(bool),
    },
)
articles = st.builds(
    ArticleAnnotations,
    article_id=st.just("x/y"),
    tags=tag_lists,
    note=texts,
    overrides=overrides,
    read=st.booleans(),
    starred=st.booleans(),
    highlights=st.lists(highlights, max_size=4, unique_by=lambda h: h.id).map(
        lambda hs: sorted(hs, key=Highlight.sort_key)
    ),
)


@settings(max_examples=150, deadline=None)
@given(articles)
def test_any_annotations_survive_yaml(ann: ArticleAnnotations) -> None:
    text = to_yaml(ann)
    assert from_yaml(text.encode(), "x/y", Path("x/y.yaml")) == ann


OPS = st.one_of(
    st.tuples(st.just("add"), quotes, labels, texts, tag_lists),
    st.tuples(st.just("note"), st.integers(0, 9), texts),
    st.tuples(st.just("color"), st.integers(0, 9), labels),
    st.tuples(st.just("tags"), st.integers(0, 9), tag_lists),
    st.tuples(st.just("more_tags"), st.integers(0, 9), tag_lists),
    st.tuples(st.just("delete"), st.integers(0, 9)),
    st.tuples(st.just("restore"), st.integers(0, 9)),
    st.tuples(st.just("retarget"), st.integers(0, 9), quotes),
    st.tuples(st.just("article_tags"), tag_lists),
    st.tuples(st.just("article_note"), texts),
    st.tuples(
        st.just("overrides"), st.none() | texts, st.none() | st.dates().map(str), st.none() | texts
    ),
    st.tuples(st.just("flags"), st.none() | st.booleans(), st.none() | st.booleans()),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(OPS, max_size=12))
def test_random_edit_sequences_reload_as_modelled(ops: list[tuple]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = AnnotationStore(Path(tmp), author="prop", clock=FakeClock())
        model = ArticleAnnotations(ARTICLE)  # built by hand, not by the store
        ids: list[str] = []
        for op, *args in ops:
            if op == "add":
                target, color, note, tags = args
                hl = store.add_highlight(ARTICLE, target, color=color, note=note, tags=tags)
                ids.append(hl.id)
                model.highlights.append(hl)
                continue
            if op in ("article_tags", "article_note", "overrides", "flags"):
                apply_article_op(store, model, op, args)
                continue
            if not ids:
                continue
            hl_id, arg = ids[args[0] % len(ids)], (args[1] if len(args) > 1 else None)
            old = model.get(hl_id)
            if old.deleted and op not in ("delete", "restore"):
                with pytest.raises(UnknownHighlight):
                    HIGHLIGHT_OPS[op](store)(ARTICLE, hl_id, arg)
                continue
            method = HIGHLIGHT_OPS[op](store)
            got = method(ARTICLE, hl_id) if arg is None else method(ARTICLE, hl_id, arg)
            expected = replace(old, **expected_change(op, arg, old))
            assert replace(got, modified=old.modified) == expected
            assert (got.modified > old.modified) == (expected != old)  # touched only if changed
            model.put(got)
        model.highlights.sort(key=Highlight.sort_key)
        loaded = store.load(ARTICLE)
        assert loaded == model
        path = store.path_for(ARTICLE)
        if path.exists():  # the file is a fixed point of load + save
            assert to_yaml(loaded).encode() == path.read_bytes()


HIGHLIGHT_OPS = {
    "note": lambda s: s.set_note,
    "color": lambda s: s.set_color,
    "tags": lambda s: s.set_highlight_tags,
    "more_tags": lambda s: s.add_highlight_tags,
    "delete": lambda s: s.delete_highlight,
    "restore": lambda s: s.restore_highlight,
    "retarget": lambda s: s.retarget_highlight,
}


def expected_change(op: str, arg: object, old: Highlight) -> dict[str, object]:
    if op == "color":
        return {"color": arg.strip()}
    if op == "more_tags":
        return {"tags": list(dict.fromkeys([*old.tags, *arg]))}
    if op in ("delete", "restore"):
        return {"deleted": op == "delete"}
    return {{"note": "note", "tags": "tags", "retarget": "target"}[op]: arg}


def apply_article_op(
    store: AnnotationStore, model: ArticleAnnotations, op: str, args: list
) -> None:
    if op == "article_tags":
        store.set_article_tags(ARTICLE, args[0])
        model.tags = list(args[0])
    elif op == "article_note":
        store.set_article_note(ARTICLE, args[0])
        model.note = args[0]
    elif op == "overrides":
        store.set_overrides(ARTICLE, *args)
        for key, value in zip(("title", "date", "source"), args, strict=True):
            if value is not None and value.strip():
                model.overrides[key] = value.strip()
            elif value is not None:
                model.overrides.pop(key, None)
    else:
        store.set_flags(ARTICLE, *args)
        model.read = model.read if args[0] is None else args[0]
        model.starred = model.starred if args[1] is None else args[1]


def test_what_a_save_caches_equals_what_a_fresh_read_parses(tmp_path: Path) -> None:
    """Saves skip re-parsing their own bytes; the cached model must be the parsed one."""
    from briefing.core.annotations import quote_at

    text = "One sentence here. Another one there. A third, with a comma."
    store = AnnotationStore(tmp_path / "ann", author="a")
    later = store.add_highlight("x", quote_at(text, 19, 37, "h"), note="two\nlines", tags=["t"])
    store.add_highlight("x", quote_at(text, 0, 18, "h"), color="claim")
    store.set_overrides("x", date="2010-02-18", title="T")
    store.delete_highlight("x", later.id)
    store.set_article_tags("x", ["b", "a"])
    assert store.load("x") == AnnotationStore(tmp_path / "ann", author="a").load("x")


@settings(max_examples=150, deadline=None)
@given(articles, st.dictionaries(st.sampled_from(["zeta", "x-extra"]), texts, max_size=2))
def test_pieced_yaml_equals_one_dump_of_the_document(ann: ArticleAnnotations, extra) -> None:
    """to_yaml dumps highlights one by one (and caches them); the file must be byte-identical
    to one dump of the whole document."""
    from briefing.core.annotations import yamlio
    from briefing.core.annotations.yaml_form import _OVERRIDE_KEYS, _date_out, highlight_doc

    ann.extra = extra
    overrides = {k: ann.overrides[k] for k in _OVERRIDE_KEYS if k in ann.overrides}
    if "date" in overrides:
        overrides["date"] = _date_out(overrides["date"])
    whole = {
        "schema": 1,
        "article": ann.article_id,
        "read": ann.read,
        "starred": ann.starred,
        "tags": list(ann.tags),
        "note": ann.note,
        "overrides": overrides,
        "highlights": [highlight_doc(h) for h in sorted(ann.highlights, key=Highlight.sort_key)],
    } | extra
    assert to_yaml(ann) == yamlio.dump(whole)
    assert to_yaml(ann) == yamlio.dump(whole)  # and again, from the cache
