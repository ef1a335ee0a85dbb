"""Dialogs keep what was typed until it can be saved; app keys stay out of modal screens."""

from __future__ import annotations

from pathlib import Path

import pytest
from pilot_helpers import SIZE, open_article

from briefing.core.annotations import AnnotationWriteError
from briefing.tui.app import BriefingApp
from briefing.tui.editors import MetadataEditor, NoteEditor
from briefing.tui.export_dialog import ExportDialog


def error_text(screen) -> str:
    return str(screen.query_one(".dialog-error").render())


async def test_impossible_date_keeps_the_metadata_dialog_and_what_was_typed(seed_corpus: Path):
    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await open_article(app, pilot)
        await pilot.press("m", "home", *"Fixed title ", "tab", *"2023-02-30", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MetadataEditor)
        assert "not a date" in error_text(app.screen)
        assert app.screen.query_one("#meta-title").value.startswith("Fixed title Under Biden")


async def test_a_failed_save_keeps_the_note_editor_open(seed_corpus: Path, monkeypatch):
    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await open_article(app, pilot)
        await pilot.press("h")
        await pilot.pause()

        def locked(*args, **kwargs):
            raise AnnotationWriteError(Path("x.yaml"), "another briefing process kept it locked")

        monkeypatch.setattr(app.workspace.store, "set_note", locked)
        await pilot.press("a", *"Precious words", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)
        assert "locked" in error_text(app.screen)
        assert "Precious words" in app.screen.query_one("#note-text").text


async def test_a_with_no_highlight_writes_the_article_note(seed_corpus: Path):
    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_article(app, pilot)
        await pilot.press("a")
        await pilot.pause()
        assert "Note on the article" in str(app.screen.query_one(".dialog-title").render())
        await pilot.press(*"Pairs with 003.", "ctrl+s")
        await pilot.pause()
        assert pane.annotations.note == "Pairs with 003."
        assert "article note · Pairs with 003." in str(pane.query_one(".reader-note").render())


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("#export-since", "2023-1-1", "invalid date"),
        ("#export-articles", "nope", "No article with id 'nope'"),
    ],
)
async def test_export_problems_show_in_the_dialog(
    seed_corpus: Path, tmp_path, field, value, problem
):
    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        dialog.query_one("#export-path").value = str(tmp_path / "out.md")
        dialog.query_one(field).value = value
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)
        assert problem in error_text(app.screen)
    assert not (tmp_path / "out.md").exists()


async def test_export_never_writes_into_the_corpus_and_asks_before_replacing(
    seed_corpus: Path, tmp_path: Path
):
    target = seed_corpus / "000_2e4ab08a31a0e250.txt"
    before = target.read_bytes()
    existing = tmp_path / "old.md"
    existing.write_text("keep me", "utf-8")
    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("e")
        await pilot.pause()
        path = app.screen.query_one("#export-path")
        path.value = str(target)
        await pilot.press("ctrl+s", "ctrl+s")
        await pilot.pause()
        assert "inside the corpus" in error_text(app.screen)
        path.value = str(existing)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "exists" in error_text(app.screen)
        assert existing.read_text("utf-8") == "keep me"
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, ExportDialog)
    assert target.read_bytes() == before
    assert existing.read_text("utf-8").startswith("# Briefing")


async def test_app_keys_do_not_act_under_the_annotations_view(seed_corpus: Path):
    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("A")
        await app.workers.wait_for_complete()
        await pilot.pause()
        view = app.screen
        await pilot.press("r", "A", "e")
        await pilot.pause()
        assert app.screen is view
        await pilot.press("escape")
        await pilot.pause()
        assert "5 articles" in str(app.query_one("#list-status").render())


async def test_colour_keys_follow_the_configured_labels(seed_corpus: Path, isolated_dirs):
    config = Path(isolated_dirs["BRIEFING_CONFIG"]) / "config.yaml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("labels: [a, b, c, d, e, f, g]\n", "utf-8")
    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_article(app, pilot)
        await pilot.press("h", "7")
        await pilot.pause()
        assert pane.reader.placed[0].highlight.color == "g"


async def test_sorting_updates_the_status_line(seed_corpus: Path):
    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("o")
        assert "sorted by title" in str(app.query_one("#list-status").render())


async def test_bad_cleaning_rules_are_one_line_in_the_app(seed_corpus: Path):
    rules = seed_corpus / ".briefing" / "cleaning.yaml"
    rules.parent.mkdir()
    rules.write_text("drop_lines:\n  - 'Share on (Facebook'\n", "utf-8")
    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        status = str(app.query_one("#list-status").render())
        assert "bad pattern" in status and "cleaning.yaml" in status
        await pilot.press("slash", *"x", "enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.press("A", "e", "r")
        await pilot.pause()


async def test_escape_in_the_note_editor_asks_before_losing_what_was_typed(seed_corpus: Path):
    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await open_article(app, pilot)
        await pilot.press("h", "a", *"Precious words", "escape")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)
        assert "esc again discards" in error_text(app.screen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, NoteEditor)
        await pilot.press("a", "escape")  # nothing typed: escape just closes
        await pilot.pause()
        assert not isinstance(app.screen, NoteEditor)


async def test_the_tag_editor_shows_the_files_own_tags_read_only(messy_corpus: Path):
    from briefing.tui.editors import TagEditor

    app = BriefingApp(messy_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await open_article(app, pilot, "frontmatter")
        await pilot.press("T")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, TagEditor)
        labels = " ".join(str(w.render()) for w in app.screen.query(".dialog-help"))
        assert "From the article's file (read-only): migration, Havana" in labels
        await pilot.press(*"mine", "enter")
        await pilot.pause()
        header = str(app.query_one("#pane-a").query_one(".reader-header").render())
        assert "#migration" in header and "#Havana" in header and "#mine" in header


async def test_an_emptied_date_clears_a_wrong_date_and_undo_brings_it_back(seed_corpus: Path):
    import yaml

    dated = "000_2e4ab08a31a0e250"  # its own date: 2023-01-14
    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_article(app, pilot, dated)
        assert pane.article.date == "2023-01-14"
        await pilot.press("m")
        await pilot.pause()
        app.screen.query_one("#meta-date").value = ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pane.annotated.article.date is None
        assert "no date" in str(pane.query_one(".reader-header").render())
        path = seed_corpus.parent / "annotations" / f"{dated}.yaml"
        assert yaml.safe_load(path.read_text("utf-8"))["overrides"] == {"date": "none"}
        await pilot.press("u")
        await pilot.pause()
        assert pane.annotated.article.date == "2023-01-14"


def fully_visible(app: BriefingApp, widget) -> bool:
    """Whether every cell of *widget* is on screen, not clipped by a scrolled container."""
    shown = app.screen._compositor.visible_widgets
    if widget not in shown:
        return False
    region, clip = shown[widget]
    return clip.contains_region(region)


@pytest.mark.parametrize("size", [(80, 24), (80, 16)], ids=["80x24", "80x16"])
async def test_every_export_field_can_be_reached_and_seen_in_a_small_terminal(
    seed_corpus: Path, size
):
    """The export dialog fits 80x24 (a golden of it); any smaller, it scrolls so that the
    field with the focus is always in sight, and its problem line too."""
    from test_render import check_golden, screen_text

    app = BriefingApp(seed_corpus)
    async with app.run_test(size=size) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        dialog.query_one("#export-path").value = "exports/briefing.md"
        await pilot.pause()
        if size == (80, 24):
            check_golden("export_80x24", screen_text(app))
        seen = []
        for _ in range(7):  # path, then round: format, group, since, tags, articles, path
            assert fully_visible(app, app.focused), (app.focused, screen_text(app))
            seen.append(app.focused.id)
            await pilot.press("tab")
            await pilot.pause()
        assert {"export-format", "export-group", "export-since", "export-tags"} <= set(seen)
        assert {"export-articles", "export-path"} <= set(seen)
        dialog.query_one("#export-error").update("x" * 150)  # a long problem: two lines
        await pilot.pause()
        assert fully_visible(app, dialog.query_one("#export-error"))


async def test_the_default_export_goes_to_exports_beside_the_annotations(
    seed_corpus: Path, tmp_path: Path, monkeypatch
):
    """Not the current folder (`make run` in a clone wrote exports among the repository's
    files): `exports/` beside the annotations folder, made on the first export."""
    from datetime import date

    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("e")
        await pilot.pause()
        expected = seed_corpus.parent / "exports" / f"briefing-{date.today().isoformat()}.md"
        assert app.screen.query_one("#export-path").value == str(expected)
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, ExportDialog)
    assert expected.read_text("utf-8").startswith("# Briefing")
    assert list(elsewhere.iterdir()) == []


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_the_tags_in_use_line_is_cut_with_an_ellipsis(seed_corpus: Path, size):
    from test_render import screen_text

    from briefing.core.annotations import AnnotationStore

    tags = [f"a-rather-long-tag-{n}" for n in range(12)]
    AnnotationStore(seed_corpus.parent / "annotations").add_article_tags(
        "001_8031e908e71e3b1e", tags
    )
    app = BriefingApp(seed_corpus)
    async with app.run_test(size=size) as pilot:
        await open_article(app, pilot)
        await pilot.press("T")
        await app.workers.wait_for_complete()
        await pilot.pause()
        lines = screen_text(app).splitlines()
    (at,) = [i for i, line in enumerate(lines) if "in use:" in line]
    shown = lines[at].split("in use:")[1].rstrip(" │")
    assert shown.endswith("…"), lines[at]
    assert "a-rather-long-tag" not in lines[at + 1]  # one line, not wrapped onto the next


async def test_the_exists_message_is_shown_whole_at_80x24(seed_corpus: Path, tmp_path: Path):
    from test_render import screen_text

    existing = tmp_path / "a-folder-with-a-long-name" / "another-long-folder" / "briefing.md"
    existing.parent.mkdir(parents=True)
    existing.write_text("keep me", "utf-8")
    app = BriefingApp(seed_corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#export-path").value = str(existing)
        await pilot.press("ctrl+s")
        await pilot.pause()
        rows = [line.strip(" │") for line in screen_text(app).splitlines()]
    message = f"{existing} exists: ctrl+s again to write over it, or change the name."
    # Wrapped over lines (inside the path, too), but all there.
    assert message.replace(" ", "") in "".join(rows).replace(" ", "")
