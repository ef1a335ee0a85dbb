"""Pilot tests of annotating from the keyboard: every key writes the YAML it promises."""

from __future__ import annotations

from pathlib import Path

import yaml
from pilot_helpers import ID_002, SIZE, open_article

from briefing.core.annotations import AnnotationStore
from briefing.tui.app import BriefingApp
from briefing.tui.article_list import ArticleList
from briefing.tui.editors import MetadataEditor, NoteEditor, TagEditor
from briefing.tui.panes import ReaderPane
from briefing.tui.reader import HIGHLIGHT_CLASSES

FIRST_SENTENCE_002 = (
    "Authorities from the United States and Cuba have established cooperation in the area "
    "of international security to increase efforts to combat human and drug trafficking."
)


def annotations_dir(corpus: Path) -> Path:
    return corpus.parent / "annotations"


def stored(corpus: Path) -> dict:
    path = annotations_dir(corpus) / f"{ID_002}.yaml"
    return yaml.safe_load(path.read_text("utf-8"))


async def test_h_highlights_sentence_then_note_and_tag_are_stored(seed_corpus: Path):
    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_article(app, pilot)
        await pilot.press("h")
        await pilot.pause()
        assert len(pane.reader.placed) == 1
        assert pane.reader.placed[0].quote == FIRST_SENTENCE_002
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)
        await pilot.press(*"Check: who, exactly?", "enter", *"Second line.", "ctrl+s")
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, TagEditor)
        await pilot.press(*"cooperation, crime", "enter")
        await pilot.pause()
        await pilot.press("q")
    data = stored(seed_corpus)
    (highlight,) = data["highlights"]
    assert highlight["target"]["exact"] == FIRST_SENTENCE_002
    assert highlight["note"] == "Check: who, exactly?\nSecond line."
    assert highlight["tags"] == ["cooperation", "crime"]
    assert highlight["color"] == "key-fact"

    again = BriefingApp(seed_corpus)
    async with again.run_test(size=SIZE) as pilot:
        pane = await open_article(again, pilot)
        (placed,) = pane.reader.placed
        assert placed.highlight.note.startswith("Check")
        assert str(pane.query_one(".reader-note").render()).startswith(
            "key-fact · exact · #cooperation"
        )


async def test_v_selection_by_word_and_sentence_becomes_a_highlight(seed_corpus: Path):
    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_article(app, pilot)
        await pilot.press("v", "w", "w")
        assert pane.reader.selected_span == (0, len("Authorities from"))
        await pilot.press("b")  # back a word while selecting, not page up
        assert pane.reader.selected_span == (0, len("Authorities "))  # to the word start, as vi
        await pilot.press("right_parenthesis")
        assert pane.reader.selected_span == (0, len(FIRST_SENTENCE_002))
        await pilot.press("h")
        await pilot.pause()
        assert [p.quote for p in pane.reader.placed] == [FIRST_SENTENCE_002]
        assert not pane.reader.selecting


async def test_shift_arrows_select_too(seed_corpus: Path):
    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_article(app, pilot)
        await pilot.press(*["shift+right"] * 11, "h")
        await pilot.pause()
        assert [p.quote for p in pane.reader.placed] == ["Authorities"]


async def test_colours_delete_undo_and_jumps(seed_corpus: Path):
    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_article(app, pilot)
        reader = pane.reader
        await pilot.press("h", "right_parenthesis", "right_parenthesis", "h")
        await pilot.pause()
        starts = [p.start for p in reader.placed]
        assert len(starts) == 2
        await pilot.press("3")
        await pilot.pause()
        under = reader.highlight_at(reader.offset)
        assert under.highlight.color == "contradiction"
        # The colour is painted with the third highlight class.
        row, col = reader.lines.location(under.start)
        style = reader.get_component_rich_style(HIGHLIGHT_CLASSES[2], partial=True)
        assert any(s.style == style and s.start <= col < s.end for s in reader.get_line(row).spans)
        await pilot.press("left_square_bracket")
        assert reader.offset == starts[0]
        await pilot.press("right_square_bracket")
        assert reader.offset == starts[1]
        await pilot.press("d")
        await pilot.pause()
        assert len(reader.placed) == 1
        data = stored(seed_corpus)
        assert sum(1 for h in data["highlights"] if h.get("deleted")) == 1
        await pilot.press("u")
        await pilot.pause()
        assert len(reader.placed) == 2


async def test_article_tags_and_metadata_corrections(seed_corpus: Path):
    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_article(app, pilot)
        await pilot.press("T")
        await pilot.pause()
        await pilot.press(*"cuba-us", "enter")
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, MetadataEditor)
        await pilot.press("tab", *"2023-01-20", "tab", *"Prensa", "ctrl+s")
        await pilot.pause()
        header = str(pane.query_one(".reader-header").render())
        assert "2023-01-20" in header and "Prensa" in header and "#cuba-us" in header
        await app.workers.wait_for_complete()
        await pilot.pause()
        row = next(r for r in app.query_one(ArticleList).rows if r.info.id == ID_002)
        assert row.info.date == "2023-01-20" and row.info.source == "Prensa"
    data = stored(seed_corpus)
    assert data["tags"] == ["cuba-us"]
    assert str(data["overrides"]["date"]) == "2023-01-20"
    assert data["overrides"]["source"] == "Prensa"
    assert "title" not in data["overrides"]  # unchanged fields are not overridden


async def test_bad_metadata_date_is_refused_in_the_dialog(seed_corpus: Path):
    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await open_article(app, pilot)
        await pilot.press("m", "tab", *"Feb 18", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MetadataEditor)
        assert "not a date" in str(app.screen.query_one("#meta-error").render())
        await pilot.press("escape")
    assert not (annotations_dir(seed_corpus) / f"{ID_002}.yaml").exists()


async def test_corrupt_annotation_file_is_read_only_and_untouched(seed_corpus: Path):
    folder = annotations_dir(seed_corpus)
    folder.mkdir()
    broken = folder / f"{ID_002}.yaml"
    broken.write_bytes(b"schema: 1\nhighlights: [unclosed\n")
    before = broken.read_bytes()
    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_article(app, pilot)
        assert "read-only" in str(pane.query_one(".reader-note").render())
        await pilot.press("h", "T")
        await pilot.pause()
        assert not isinstance(app.screen, TagEditor)
    assert broken.read_bytes() == before


async def test_annotations_made_elsewhere_show_on_open(seed_corpus: Path):
    from briefing.core.annotations import quote_at
    from briefing.core.index import CorpusIndex

    index = CorpusIndex.open(seed_corpus, Path(__import__("os").environ["BRIEFING_INDEX"]))
    index.update()
    article = index.article(ID_002)
    index.close()
    start = article.text.index("Bruno Rodríguez")
    target = quote_at(article.text, start, start + len("Bruno Rodríguez"), article.content_hash)
    AnnotationStore(annotations_dir(seed_corpus)).add_highlight(ID_002, target, color="question")
    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_article(app, pilot)
        (placed,) = pane.reader.placed
        assert (placed.start, placed.quote, placed.highlight.color) == (
            start,
            "Bruno Rodríguez",
            "question",
        )


def _seed_highlights(corpus: Path) -> tuple[str, str]:
    """Two highlights on 002: one placed (tagged 'crime'), one whose passage is gone."""
    import os

    from briefing.core.annotations import TextQuote, quote_at
    from briefing.core.index import CorpusIndex

    index = CorpusIndex.open(corpus, Path(os.environ["BRIEFING_INDEX"]))
    index.update()
    article = index.article(ID_002)
    index.close()
    store = AnnotationStore(annotations_dir(corpus))
    start = article.text.index("Bruno Rodríguez")
    placed = store.add_highlight(
        ID_002,
        quote_at(article.text, start, start + len("Bruno Rodríguez"), article.content_hash),
        tags=["crime"],
        note="the minister",
    )
    gone = TextQuote(
        exact="A sentence that was removed from the article long ago.",
        prefix="nothing like it ",
        suffix=" anywhere",
        start=10,
        end=64,
        content_hash="old",
    )
    orphan = store.add_highlight(ID_002, gone, color="question")
    return placed.id, orphan.id


async def test_annotations_view_filters_and_jumps(seed_corpus: Path):
    from textual.widgets import DataTable

    from briefing.tui.annotations_view import AnnotationsScreen

    placed_id, orphan_id = _seed_highlights(seed_corpus)
    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("A")
        await app.workers.wait_for_complete()  # the view is read in a worker, then pushed
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AnnotationsScreen)
        assert [e.highlight.id for e in screen.shown] == [placed_id]
        assert [e.highlight.id for e in screen.orphans] == [orphan_id]
        tags = screen.query_one("#tag-table", DataTable)
        assert tags.row_count == 1
        await pilot.press("slash", *"tag:nothing")
        assert screen.shown == [] and screen.orphans == []
        await pilot.press(*["backspace"] * len("tag:nothing"), *"minister", "enter")
        await pilot.pause()
        assert [e.highlight.id for e in screen.shown] == [placed_id]
        await pilot.press("enter")
        await pilot.pause()
        reader = app.query_one("#pane-a", ReaderPane).reader
        assert reader.article.id == ID_002
        assert reader.article.text[reader.offset :].startswith("Bruno Rodríguez")


async def test_orphan_can_be_reattached_or_deleted(seed_corpus: Path):
    from textual.widgets import DataTable

    _, orphan_id = _seed_highlights(seed_corpus)
    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("A")
        await pilot.pause()
        app.screen.query_one("#orphan-table", DataTable).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.query_one("#pane-a", ReaderPane).reattach == orphan_id
        reader = app.query_one("#pane-a", ReaderPane).reader
        reader.go_to(0)
        await pilot.press("v", "w", "h")
        await pilot.pause()
        assert app.query_one("#pane-a", ReaderPane).reattach is None
        moved = next(p for p in reader.placed if p.id == orphan_id)
        assert (moved.start, moved.quote, moved.status.value) == (0, "Authorities", "exact")
    data = stored(seed_corpus)
    assert (
        next(h for h in data["highlights"] if h["id"] == orphan_id)["target"]["exact"]
        == "Authorities"
    )


async def test_orphan_delete_keeps_a_tombstone(seed_corpus: Path):
    from textual.widgets import DataTable

    _, orphan_id = _seed_highlights(seed_corpus)
    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("A")
        await pilot.pause()
        app.screen.query_one("#orphan-table", DataTable).focus()
        await pilot.press("d")
        await pilot.pause()
        assert app.screen.orphans == []
    data = stored(seed_corpus)
    assert next(h for h in data["highlights"] if h["id"] == orphan_id)["deleted"] is True


async def test_export_dialog_writes_the_chosen_format_with_the_filter_preselected(
    seed_corpus: Path, tmp_path: Path
):
    from textual.widgets import Input, RadioSet

    from briefing.tui.export_dialog import ExportDialog

    _seed_highlights(seed_corpus)
    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("slash", *"tag:crime", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        assert dialog.query_one("#export-tags", Input).value == "crime"
        formats = dialog.query_one("#export-format", RadioSet)
        formats.focus()
        await pilot.press("right", "enter")  # the second choice: csv
        await pilot.pause()
        path = dialog.query_one("#export-path", Input)
        assert path.value.endswith(".csv")
        path.value = str(tmp_path / "out.csv")
        await pilot.press("ctrl+s")
        await pilot.pause()
    written = (tmp_path / "out.csv").read_text("utf-8")
    # the dialog writes the default: a BOM first, so spreadsheets read UTF-8
    assert written.startswith("\ufeffarticle_id,title,source,date,quote,note,tags")
    assert "Bruno Rodríguez" in written and "the minister" in written


async def test_a_failed_highlight_save_keeps_the_selection_for_the_retry(
    seed_corpus: Path, monkeypatch
):
    """Select five words, the save fails (say the folder is read-only), the toast says so;
    the selection is still there, so pressing h again highlights those five words."""
    from briefing.core.annotations import AnnotationWriteError

    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        pane = await open_article(app, pilot)
        pane.reader.go_to(0)
        store = app.workspace.store
        real = store.add_highlight

        def refuse(*args, **kwargs):
            raise AnnotationWriteError(Path("annotations/x.yaml"), "Read-only file system")

        monkeypatch.setattr(store, "add_highlight", refuse)
        await pilot.press("v", "w", "w", "w", "w", "w", "h")
        await pilot.pause()
        assert any("Read-only" in n.message for n in app._notifications)
        assert pane.reader.placed == []
        assert pane.reader.selected_span == (0, len("Authorities from the United States"))
        monkeypatch.setattr(store, "add_highlight", real)
        await pilot.press("h")
        await pilot.pause()
        (placed,) = pane.reader.placed
        assert placed.quote == "Authorities from the United States"
        assert pane.reader.selected_span is None


async def test_every_annotation_change_undoes_and_redoes(seed_corpus: Path):
    """h, a colour, a note, tags, article tags, a metadata correction, a deletion: `u`
    takes each back in turn, newest first, and ctrl+r makes it again."""

    def state() -> tuple:
        path = annotations_dir(seed_corpus) / f"{ID_002}.yaml"
        if not path.exists():
            return ((), (), None)
        data = yaml.safe_load(path.read_text("utf-8"))
        live = [h for h in data["highlights"] if not h.get("deleted")]
        hl = [(h["color"], h["note"], tuple(h["tags"])) for h in live]
        return (tuple(hl), tuple(data["tags"]), (data.get("overrides") or {}).get("title"))

    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await open_article(app, pilot)
        states = [state()]
        steps = [
            ("h",),
            ("2",),
            ("a", *"Check it", "ctrl+s"),
            ("t", *"crime", "enter"),
            ("T", *"cuba", "enter"),
            ("m", "ctrl+u", *"A better title", "ctrl+s"),
            ("d",),
        ]
        for keys in steps:
            await pilot.press(*keys)
            await pilot.pause()
            await app.workers.wait_for_complete()
            states.append(state())
        assert len(set(states)) == len(states), states  # each step changed the file
        assert states[-1][0] == () and states[-2][0] == (("claim", "Check it", ("crime",)),)
        for expected in reversed(states[:-1]):
            await pilot.press("u")
            await pilot.pause()
            assert state() == expected
        await pilot.press("u")
        await pilot.pause()
        for expected in states[1:4]:
            await pilot.press("ctrl+r")
            await pilot.pause()
            assert state() == expected


async def test_the_reader_says_when_highlights_are_orphaned_and_O_lists_them(seed_corpus: Path):
    from briefing.tui.annotations_view import AnnotationsScreen

    _, orphan_id = _seed_highlights(seed_corpus)
    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_article(app, pilot)
        header = str(pane.query_one(".reader-header").render())
        assert "1 orphaned highlight" in header and "O lists it" in header
        await pilot.press("O")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AnnotationsScreen)
        assert [e.highlight.id for e in screen.orphans] == [orphan_id]
        assert screen.shown == []  # the filter names this article's orphans only
        # The orphans' table has the focus: 1 re-attaches at once, nothing to select first.
        assert app.focused is screen.query_one("#orphan-table")
        await pilot.press("1")
        await pilot.pause()
        assert screen.orphans == []
        status = {h["id"]: h for h in stored(seed_corpus)["highlights"]}[orphan_id]
        assert status["target"]["content_hash"] != "old"


async def test_orphan_triage_offers_candidates_and_1_reattaches(seed_corpus: Path):
    from textual.widgets import DataTable

    _, orphan_id = _seed_highlights(seed_corpus)
    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("A")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        screen.query_one("#orphan-table", DataTable).focus()
        await pilot.pause()
        assert screen.candidates and screen.query_one("#candidate-table", DataTable).row_count
        best = screen.candidates[0]
        await pilot.press("1")
        await pilot.pause()
        assert screen.orphans == []
    data = stored(seed_corpus)
    moved = next(h for h in data["highlights"] if h["id"] == orphan_id)
    assert (moved["target"]["start"], moved["target"]["end"]) == (best.start, best.end)


async def test_the_annotations_view_gives_the_quote_the_room_at_80_columns(seed_corpus: Path):
    """At 80x24 the quote fills what the article's column leaves: the tag table and the
    secondary columns give way, and the row under the cursor shows its note, tags, colour
    and status under the table. At 200 columns every column is back."""
    from test_render import check_golden, screen_text

    from briefing.core.annotations import quote_at

    _seed_highlights(seed_corpus)
    app = BriefingApp(seed_corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        article = app.workspace.article(ID_002).article
        start = article.text.index(FIRST_SENTENCE_002)
        app.workspace.store.add_highlight(
            ID_002,
            quote_at(article.text, start, start + len(FIRST_SENTENCE_002), article.content_hash),
            note="a note that would be cut",
            tags=["security"],
        )
        await pilot.press("A")
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = screen_text(app)
        check_golden("annotations_80x24", text)
        row = next(line for line in text.splitlines() if "Authorities" in line)
        assert FIRST_SENTENCE_002[:55] in row  # the quote, not 16 characters of it
        assert "Highlights" not in text  # the tag table gave its columns away
        assert "note: a note that would be cut · #security · key-fact · exact" in text
        await pilot.press("down")
        await pilot.pause()
        assert "note: the minister · #crime" in screen_text(app)
        await pilot.resize_terminal(200, 50)
        await pilot.pause()
        await pilot.pause()
        wide = screen_text(app)
        assert "Highlights" in wide and "Articles" in wide and "Status" in wide
        assert "a note that would be cut" in wide and "note: a note" not in wide
        assert FIRST_SENTENCE_002[:55] in wide


async def test_the_reader_header_keeps_every_line_in_sight_at_80_columns(seed_corpus: Path):
    """A long title is cut to one row (…) at 80 columns: the source and date, the tags and
    the orphans' warning under it stay on screen (three rows had room for the title only)."""
    from test_render import screen_text

    _seed_highlights(seed_corpus)  # an orphan on 002
    store = AnnotationStore(annotations_dir(seed_corpus))
    store.set_overrides(ID_002, title="A corrected title " * 8)
    store.add_article_tags(ID_002, ["cuba", "crime"])
    app = BriefingApp(seed_corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_article(app, pilot)
        lines = screen_text(app).splitlines()[:6]
    assert lines[1].rstrip(" │").endswith("…")
    assert "no date" in lines[2]
    assert "#cuba" in lines[3]
    assert "1 orphaned highlight" in lines[4]


async def test_the_note_under_the_cursor_is_on_screen_at_80x24(seed_corpus: Path):
    """The note line shows the highlight's colour and status and its note (two rows at 80
    columns showed the status alone), and a toast does not cover it."""
    app = BriefingApp(seed_corpus)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_article(app, pilot)
        await pilot.press("h", "a", *"Check this against the State Department note.", "ctrl+s")
        await pilot.pause()
        app.notify("A long notice " * 12, timeout=30)
        await pilot.pause()
        await pilot.pause()
        rows = [strip.text for strip in app.screen._compositor.render_strips()]
    assert "A long notice" in "".join(rows)  # the toast is up
    at = next(i for i, row in enumerate(rows) if "key-fact · exact" in row)
    assert "Check this against the State Department note." in rows[at + 1]
