"""The index over hostile corpus trees (issue 11, C): a name that is not UTF-8 keeps the
corpus usable end to end (index, search, read, annotate, reindex); links are followed only
as the workspace says; a cancelled update writes nothing."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from briefing.core.index import CorpusIndex
from briefing.core.index.update_lock import update_lock
from briefing.core.workspace import Workspace

CAFE = b"Le caf\xc3\xa9 de Paris\n\nA story about espresso and croissants in Havana.\n"


@pytest.fixture
def small(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "alpha.txt").write_text("Alpha Report\n\nThe alpha delegation met in Havana.\n")
    (root / "bravo.txt").write_text("Bravo Report\n\nBravo officials discussed security.\n")
    return root


def write_raw(root: Path, name: bytes, data: bytes) -> bytes:
    path = os.fsencode(root) + b"/" + name
    with open(path, "wb") as handle:
        handle.write(data)
    return path


def hits(index: CorpusIndex, query: str) -> set[str]:
    from briefing.core.index import Searcher

    return {h.id for h in Searcher(index).search(query, limit=100).hits}


def test_a_file_name_that_is_not_utf8_is_indexed_under_a_safe_id(small: Path, make_index):
    raw = write_raw(small, b"caf\xe9.txt", CAFE)
    index = make_index(small)
    assert [i.id for i in index.articles()] == ["alpha", "bravo", "caf%E9"]
    assert hits(index, "espresso") == {"caf%E9"}
    article = index.article("caf%E9")
    assert article is not None and article.title == "Le café de Paris"
    assert article.path == small / "caf%E9.txt"  # the safe name: printable, storable

    with open(raw, "ab") as handle:  # a change to the file is seen, by a full update...
        handle.write(b"\nMore about cortado.\n")
    st = os.stat(raw)
    os.utime(raw, ns=(st.st_atime_ns, st.st_mtime_ns + 10**10))
    report = index.update(only=["caf%E9"])  # ...and by one that looks at it alone
    assert (report.changed, report.deleted) == (1, 0)
    assert hits(index, "cortado") == {"caf%E9"}
    os.unlink(raw)
    assert index.update().deleted == 1
    assert [i.id for i in index.articles()] == ["alpha", "bravo"]


def test_a_percent_encoded_id_round_trips_through_the_annotations(small: Path, tmp_path: Path):
    write_raw(small, b"caf\xe9.txt", CAFE)
    os.mkdir(os.fsencode(small) + b"/r\xe9gion")
    write_raw(small, b"r\xe9gion/nord.md", b"# Nord\n\nNews from the north about fishing.\n")
    workspace = Workspace(small, annotations=tmp_path / "annotations")
    try:
        workspace.update()
        for aid, quote in (("caf%E9", "espresso"), ("r%E9gion/nord", "fishing")):
            workspace.highlight_quote(aid, quote, note=f"noted {quote}", tags=["food"])
            assert workspace.store.path_for(aid).is_file()
        assert (tmp_path / "annotations" / "caf%E9.yaml").is_file()
        assert (tmp_path / "annotations" / "r%E9gion" / "nord.yaml").is_file()
        assert workspace.store.article_ids() == ["caf%E9", "r%E9gion/nord"]
        workspace.update()
        assert {h.id for h in workspace.search("noted").hits} == {"caf%E9", "r%E9gion/nord"}
        shown = workspace.article("caf%E9")
        assert shown is not None and [p.highlight.note for p in shown.highlights] == [
            "noted espresso"
        ]
        _, text = workspace.export("markdown")
        assert "noted espresso" in text and "caf%E9.txt" in text
    finally:
        workspace.close()


def test_two_files_with_one_id_keep_the_first_and_say_so(small: Path, make_index):
    (small / "alpha.md").write_text("# Alpha in Markdown\n\nA second alpha.\n")
    index = make_index(small, update=False)
    report = index.update()
    assert report.added == 2
    assert report.warnings == ["alpha.txt: same id as alpha.md (alpha); skipped"]


def test_links_out_of_the_corpus_follow_the_workspace_option(small: Path, tmp_path: Path):
    outside = tmp_path / "private.txt"
    outside.write_text("Private Notes\n\nThe password is swordfish.\n")
    (small / "private.txt").symlink_to(outside)
    (small / "passwd.txt").symlink_to("/etc/passwd")

    def opened(**options) -> Workspace:
        return Workspace(small, annotations=tmp_path / "ann", index=tmp_path / "ix", **options)

    workspace = opened()
    try:
        report = workspace.update()
        assert [i.id for i in workspace.articles()] == ["alpha", "bravo"]
        assert sorted(w.split(":")[0] for w in report.warnings) == ["passwd.txt", "private.txt"]
        assert workspace.search("swordfish").hits == []
    finally:
        workspace.close()

    workspace = opened(follow_links_outside=True)
    try:
        assert workspace.follow_links_outside
        workspace.update()
        assert "private" in [i.id for i in workspace.articles()]
        assert [h.id for h in workspace.search("swordfish").hits] == ["private"]
    finally:
        workspace.close()

    workspace = opened()  # the option off again: what it let in goes
    try:
        assert workspace.update().deleted >= 1
        assert "private" not in [i.id for i in workspace.articles()]
    finally:
        workspace.close()


def test_an_update_of_one_article_does_not_follow_it_out_of_the_corpus(
    small: Path, tmp_path: Path, make_index
):
    index = make_index(small)
    outside = tmp_path / "elsewhere.txt"
    outside.write_text("Elsewhere\n\nText that must stay out of the index: zanzibar.\n")
    (small / "alpha.txt").unlink()
    (small / "alpha.txt").symlink_to(outside)  # swapped for a link after it was indexed
    report = index.update(only=["alpha"])
    assert report.deleted == 1 and hits(index, "zanzibar") == set()


def test_a_cancelled_walk_writes_and_deletes_nothing(small: Path, make_index):
    index = make_index(small)
    (small / "alpha.txt").unlink()
    (small / "charlie.txt").write_text("Charlie\n\nNew text.\n")
    calls = 0

    def cancelled() -> bool:
        nonlocal calls
        calls += 1
        return calls > 1  # lets the lock through, then stops the walk

    report = index.update(cancelled=cancelled)
    assert report.touched == 0
    assert [i.id for i in index.articles()] == ["alpha", "bravo"]  # nothing deleted either
    assert index.update().touched == 2


def test_a_cancelled_update_does_not_wait_for_another_updater(small: Path, make_index):
    index = make_index(small, update=False)
    stop = threading.Event()
    done = threading.Event()
    with update_lock(index.location / "update.lock"):  # another updater is at work

        def update() -> None:
            index.update(cancelled=stop.is_set)
            done.set()

        threading.Thread(target=update, daemon=True).start()
        time.sleep(0.3)
        assert not done.is_set()  # it waits...
        stop.set()
        assert done.wait(2), "a cancelled update kept waiting for the lock"
    assert index.articles() == []


def test_the_config_can_follow_links_outside_and_the_workspace_option_wins(
    small: Path, tmp_path: Path, isolated_dirs: dict[str, Path]
) -> None:
    outside = tmp_path / "shared.txt"
    outside.write_text("Shared\n\nA text kept outside: albatross.\n")
    (small / "shared.txt").symlink_to(outside)
    config = isolated_dirs["BRIEFING_CONFIG"] / "config.yaml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("follow_links_outside: true\n")
    for option, expected in ((None, ["shared"]), (False, [])):
        workspace = Workspace(small, annotations=tmp_path / "ann", follow_links_outside=option)
        try:
            workspace.update()
            assert [h.id for h in workspace.search("albatross").hits] == expected
        finally:
            workspace.close()
    config.write_text("follow_links_outside: perhaps\n")
    workspace = Workspace(small, annotations=tmp_path / "ann")
    try:
        assert not workspace.follow_links_outside
        assert workspace.config_warning and "follow_links_outside" in workspace.config_warning
    finally:
        workspace.close()
