"""The corpus walk on hostile trees (issue 11, C): symlink loops, links out of the corpus,
files linked under two names, names that are not UTF-8, and cancelling a walk."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from seeds import SEED_CORPUS, SEED_IDS

from briefing.core.corpus import (
    CorpusScan,
    article_id,
    iter_article_files,
    real_path,
    safe_name,
    scan_corpus,
)

SEED_FILES = sorted(f"{i}.txt" for i in SEED_IDS)


def scan(root: Path, seconds: float = 20, **options) -> CorpusScan:
    """scan_corpus, failing the test (not hanging it) if the walk does not end in time."""
    out: list[CorpusScan] = []
    stop = threading.Event()
    walker = threading.Thread(
        target=lambda: out.append(scan_corpus(root, cancelled=stop.is_set, **options)),
        daemon=True,
    )
    walker.start()
    walker.join(seconds)
    stop.set()  # a runaway walk that still looks at its callback ends here
    assert out, f"the walk of {root} did not end within {seconds} s"
    return out[0]


def rels(result: CorpusScan) -> list[str]:
    return [f.rel for f in result.files]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    shutil.copytree(SEED_CORPUS, root)
    return root


def test_two_symlink_loops_are_walked_once_with_one_warning_per_link(corpus: Path) -> None:
    (corpus / "a").symlink_to(".")
    (corpus / "b").symlink_to(".")
    (corpus / "sub").mkdir()
    (corpus / "sub" / "up").symlink_to("..")
    (corpus / "sub" / "story.txt").write_text("A story in a subfolder.\n")
    result = scan(corpus)
    assert rels(result) == [*SEED_FILES, "sub/story.txt"]
    assert len(result.warnings) == 3
    for link, warning in zip(("a", "b", "sub/up"), result.warnings, strict=True):
        assert warning.startswith(f"{link}: links to the corpus folder itself")
        assert "skipped" in warning and "\n" not in warning


def test_a_loop_between_two_subfolders_is_cut_once(corpus: Path) -> None:
    (corpus / "x").mkdir()
    (corpus / "y").mkdir()
    (corpus / "x" / "to_y").symlink_to("../y")
    (corpus / "y" / "to_x").symlink_to("../x")
    (corpus / "y" / "deep.md").write_text("# Deep\n\nText.\n")
    result = scan(corpus)
    assert rels(result) == [*SEED_FILES, "y/deep.md"]
    assert [w.split(":")[0] for w in result.warnings] == ["x/to_y", "y/to_x"]
    assert "links to y/" in result.warnings[0]


def test_a_link_chain_that_loops_is_a_broken_link(corpus: Path) -> None:
    (corpus / "p.txt").symlink_to("q.txt")
    (corpus / "q.txt").symlink_to("p.txt")
    result = scan(corpus)
    assert rels(result) == SEED_FILES
    assert [w.split(":")[0] for w in result.warnings] == ["p.txt", "q.txt"]
    assert all("broken link" in w for w in result.warnings)


def test_real_names_win_over_links_and_a_file_is_read_once(corpus: Path) -> None:
    first = SEED_FILES[0]
    (corpus / "aaa_alias.txt").symlink_to(first)  # sorts first, but the real name wins
    (corpus / "world").mkdir()
    (corpus / "world" / "w.txt").write_text("World news.\n")
    (corpus / "alias_of_world").symlink_to("world")
    result = scan(corpus)
    assert rels(result) == [*SEED_FILES, "world/w.txt"]
    assert result.warnings == [
        f"aaa_alias.txt: links to {first}, already read; skipped (read once)",
        "alias_of_world: links to world/, already read (a loop or a second way in); skipped",
    ]


def test_links_to_a_hidden_folder_are_read_under_the_first_link(corpus: Path) -> None:
    store = corpus / ".store"
    store.mkdir()
    (store / "kept.txt").write_text("Kept in a hidden folder.\n")
    (corpus / "one.txt").symlink_to(".store/kept.txt")
    (corpus / "two.txt").symlink_to(".store/kept.txt")
    (corpus / "shelf").symlink_to(".store")
    result = scan(corpus)
    assert rels(result) == [*SEED_FILES, "one.txt", "shelf/kept.txt"]
    assert result.warnings == ["two.txt: links to one.txt, already read; skipped (read once)"]


def test_links_out_of_the_corpus_are_skipped_unless_asked(corpus: Path, tmp_path: Path) -> None:
    private = tmp_path / "private"
    private.mkdir()
    (private / "diary.txt").write_text("My private notes.\n")
    (private / "back").symlink_to(corpus)  # and from there, back into the corpus
    secret = tmp_path / "secret.txt"
    secret.write_text("A secret outside the corpus.\n")
    (corpus / "passwd.txt").symlink_to("/etc/passwd")
    (corpus / "secret.txt").symlink_to(secret)
    (corpus / "notes").symlink_to(private)

    result = scan(corpus)
    assert rels(result) == SEED_FILES
    assert [w.split(":")[0] for w in result.warnings] == ["notes", "passwd.txt", "secret.txt"]
    assert all("links outside the corpus" in w for w in result.warnings)
    assert f"(to {private})" in result.warnings[0]

    followed = scan(corpus, follow_links_outside=True)
    expected = [*SEED_FILES, "notes/diary.txt", "secret.txt"]
    if (corpus / "passwd.txt").is_file():
        expected.insert(len(SEED_FILES), "passwd.txt")
    assert rels(followed) == sorted(expected, key=lambda r: r.split("/"))
    assert followed.warnings == [
        "notes/back: links to the corpus folder itself, already read (a loop or a second way "
        "in); skipped"
    ]


def test_a_link_inside_the_corpus_that_leaves_it_through_dots_is_caught(corpus: Path) -> None:
    (corpus / "sub").mkdir()
    (corpus / "sub" / "up.txt").symlink_to("../../outside.txt")
    (corpus.parent / "outside.txt").write_text("Beside the corpus, not in it.\n")
    result = scan(corpus)
    assert rels(result) == SEED_FILES
    assert result.warnings[0].startswith("sub/up.txt: links outside the corpus")


def test_special_files_and_links_to_them_are_not_articles(corpus: Path) -> None:
    os.mkfifo(corpus / "pipe.txt")  # reading it would block the walk forever
    (corpus / "zero.txt").symlink_to("/dev/zero")
    assert rels(scan(corpus)) == SEED_FILES
    assert rels(scan(corpus, follow_links_outside=True)) == SEED_FILES


# Root reads any folder through its capabilities (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
# as root (CI), the walk runs in a child without them (util-linux's setpriv), where a folder
# of mode 000 is as unreadable as it is to anyone else.
WALK_WITHOUT_OVERRIDE = """
import json, sys
from briefing.core.corpus import scan_corpus
found = scan_corpus(sys.argv[1])
print(json.dumps({"rels": [f.rel for f in found.files], "warnings": found.warnings}))
"""


def scan_unprivileged(root: Path) -> tuple[list[str], list[str]]:
    """The walk's (relative paths, warnings) as a user without root's overrides sees them."""
    if os.geteuid() != 0:
        result = scan(root)
        return sorted(f.rel for f in result.files), result.warnings
    setpriv = shutil.which("setpriv")
    assert setpriv, "setpriv (util-linux) is needed to test an unreadable folder as root"
    dropped = "-dac_override,-dac_read_search"
    done = subprocess.run(
        [setpriv, f"--inh-caps={dropped}", f"--bounding-set={dropped}"]
        + [sys.executable, "-c", WALK_WITHOUT_OVERRIDE, str(root)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    found = json.loads(done.stdout)
    return sorted(found["rels"]), found["warnings"]


def test_an_unreadable_folder_is_one_warning(corpus: Path) -> None:
    locked = corpus / "locked"
    locked.mkdir()
    (locked / "x.txt").write_text("x")
    locked.chmod(0)
    try:
        files, warnings = scan_unprivileged(corpus)
    finally:
        locked.chmod(0o755)
    assert files == SEED_FILES
    assert len(warnings) == 1 and warnings[0].startswith("locked: cannot read")


def test_names_that_are_not_utf8_get_percent_encoded_safe_names(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    root.mkdir()
    raw = os.fsencode(root)
    os.mkdir(raw + b"/caf\xe9")
    for name in (b"caf\xe9.txt", b"100%\xff.md", b"caf\xe9/cr\xe8me.txt", b"50%.txt"):
        with open(raw + b"/" + name, "wb") as handle:
            handle.write(b"Some text.\n")
    result = scan(root)
    # Sorted folder by folder, as names sort: "caf%E9" (a folder) before "caf%E9.txt".
    assert rels(result) == ["100%25%FF.md", "50%.txt", "caf%E9/cr%E8me.txt", "caf%E9.txt"]
    for found in result.files:
        assert found.rel.encode("utf-8")  # storable and printable
        assert os.fsencode(real_path(root, found.rel)) == os.fsencode(found.path)
        assert real_path(root, found.rel).is_file()
    ids = [article_id(root / f.rel, root) for f in result.files]
    assert ids == ["100%25%FF", "50%", "caf%E9/cr%E8me", "caf%E9"]
    assert [os.fsencode(p) for p in iter_article_files(root)] == [
        os.fsencode(f.path) for f in result.files
    ]


def test_safe_name_leaves_utf8_alone() -> None:
    assert safe_name("Rodríguez 100%.txt") == "Rodríguez 100%.txt"
    assert safe_name(os.fsdecode(b"caf\xe9 100%.txt")) == "caf%E9 100%25.txt"


def test_a_cancelled_walk_stops_at_once_and_says_so(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    for i in range(300):
        folder = root / f"f{i:03d}"
        folder.mkdir(parents=True)
        (folder / "a.txt").write_text("a")
    calls = 0

    def cancelled() -> bool:
        nonlocal calls
        calls += 1
        return calls > 10

    started = time.monotonic()
    result = scan_corpus(root, cancelled=cancelled)
    assert result.cancelled
    assert len(result.files) < 20
    assert time.monotonic() - started < 1
    assert not scan_corpus(root).cancelled
