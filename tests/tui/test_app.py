"""Pilot tests of the reading app: each key does what the help says, on the seed corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.core.index import CorpusIndex
from briefing.core.paths import state_file
from briefing.core.state import CorpusState
from briefing.tui.app import BriefingApp
from briefing.tui.article_list import ArticleList
from briefing.tui.help import HelpScreen
from briefing.tui.panes import ReaderPane
from briefing.tui.reader import Reader

SIZE = (120, 40)
RODRIGUEZ_IDS = {
    "001_8031e908e71e3b1e",
    "002_1f6b0f63a8b626fd",
    "003_6feb70dea2efb894",
    "004_3568823fae90f6fc",
}


async def started(app: BriefingApp, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


def listed_ids(app: BriefingApp) -> list[str]:
    return [row.info.id for row in app.query_one(ArticleList).rows]


def status(app: BriefingApp) -> str:
    return str(app.query_one("#list-status").render())


async def search(pilot, text: str) -> None:
    await pilot.press("slash", *text, "enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_library_shows_every_article_on_start(seed_corpus: Path):
    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        assert len(listed_ids(app)) == 5
        assert isinstance(app.focused, ArticleList)
        assert "5 articles" in status(app)


async def test_library_sorts_by_date_title_source(seed_corpus: Path):
    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        ids = listed_ids(app)
        assert ids[:2] == ["001_8031e908e71e3b1e", "000_2e4ab08a31a0e250"]  # newest first
        await pilot.press("o")
        titles = [r.info.title for r in app.query_one(ArticleList).rows]
        assert titles == sorted(titles, key=str.casefold)
        await pilot.press("o")
        sources = [r.info.source for r in app.query_one(ArticleList).rows]
        assert sources[:3] == ["Global Research", "Inditop.com/EFE", "Latin america News"]
        assert sources[3:] == [None, None]


async def test_library_opens_at_once_from_existing_index(seed_corpus: Path, index_dir: Path):
    index = CorpusIndex.open(seed_corpus, index_dir)
    index.update()
    index.close()
    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        # Before the background update finishes, the library is already there.
        assert len(listed_ids(app)) == 5
        await started(app, pilot)


async def test_search_shows_hits_with_snippets(seed_corpus: Path):
    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        await search(pilot, "Rodriguez")
        assert set(listed_ids(app)) == RODRIGUEZ_IDS
        rows = app.query_one(ArticleList).rows
        for row in rows:
            marked = row.snippet.marked()
            assert "**Rodriguez**" in marked or "**Rodríguez**" in marked
        assert "4 hits" in status(app)
        assert isinstance(app.focused, ArticleList)


async def test_bad_query_is_one_line_and_keeps_the_list(seed_corpus: Path):
    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        await search(pilot, '"unclosed')
        assert "Unclosed quote" in status(app)
        assert "\n" not in status(app).strip()
        assert len(listed_ids(app)) == 5


async def test_no_hits_says_so(seed_corpus: Path):
    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        await search(pilot, "zzzqqqxx")
        assert listed_ids(app) == []
        assert "No articles match" in status(app)


async def test_escape_returns_to_library(seed_corpus: Path):
    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        await search(pilot, "Havana syndrome")
        assert len(listed_ids(app)) == 2
        await pilot.press("escape")
        assert len(listed_ids(app)) == 5


async def test_enter_opens_with_hits_and_n_moves_between_them(seed_corpus: Path):
    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        await search(pilot, "Cuba")
        await pilot.press("enter")
        await pilot.pause()
        reader = app.query_one("#pane-a", ReaderPane).reader
        assert app.focused is reader
        text = reader.article.text
        assert len(reader.hits) > 2
        assert all(text[s:e].lower().startswith("cuba") for s, e in reader.hits)
        assert reader.offset == reader.hits[0][0]
        await pilot.press("n")
        assert reader.offset == reader.hits[1][0]
        await pilot.press("n")
        assert reader.offset == reader.hits[2][0]
        await pilot.press("N")
        assert reader.offset == reader.hits[1][0]
        await pilot.press("N", "N")
        assert reader.offset == reader.hits[-1][0]  # wraps around


async def test_hits_are_painted_in_the_reader(seed_corpus: Path):
    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        await search(pilot, "Rodriguez")
        await pilot.press("enter")
        await pilot.pause()
        reader = app.query_one("#pane-a", ReaderPane).reader
        start, end = reader.hits[0]
        row, col = reader.lines.location(start)
        line = reader.get_line(row)
        hit_style = reader.get_component_rich_style("reader--hit", partial=True)
        styled = [span for span in line.spans if span.style == hit_style]
        assert any(s.start == col and s.end == col + (end - start) for s in styled)


async def test_reader_keys_move_the_cursor(seed_corpus: Path):
    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        reader = app.query_one("#pane-a", ReaderPane).reader
        assert reader.offset == 0
        await pilot.press("j")
        assert reader.cursor_location[0] >= 0 and reader.offset > 0
        await pilot.press("G")
        assert reader.cursor_location[0] == reader.document.line_count - 1
        await pilot.press("g")
        assert reader.offset == 0
        await pilot.press("space")
        assert reader.offset > 0
        await pilot.press("b")
        assert reader.offset == 0


async def test_side_by_side_tab_and_close(seed_corpus: Path):
    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        pane_a = app.query_one("#pane-a", ReaderPane)
        pane_b = app.query_one("#pane-b", ReaderPane)
        first = pane_a.article.id
        await pilot.press("escape")  # back to the list
        assert isinstance(app.focused, ArticleList)
        await pilot.press("down", "s")
        await pilot.pause()
        assert pane_b.display and pane_b.article is not None
        assert pane_b.article.id != first
        assert app.focused is pane_b.reader
        await pilot.press("tab")
        assert isinstance(app.focused, ArticleList)
        await pilot.press("tab")
        assert app.focused is pane_a.reader
        await pilot.press("shift+tab")
        assert isinstance(app.focused, ArticleList)
        await pilot.press("tab", "x")
        await pilot.pause()
        # Closing the first reader moves the second into its place.
        assert pane_a.article is not None and pane_a.article.id != first
        assert not pane_b.display


async def test_compare_marks_shared_passages_in_both(seed_corpus: Path):
    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        await search(pilot, "committed blockade")
        assert set(listed_ids(app)) == {"002_1f6b0f63a8b626fd", "003_6feb70dea2efb894"}
        await pilot.press("enter", "escape", "down", "s")
        await pilot.pause()
        pane_a = app.query_one("#pane-a", ReaderPane)
        pane_b = app.query_one("#pane-b", ReaderPane)
        await pilot.press("c")
        await pilot.pause()
        a, b = pane_a.reader, pane_b.reader
        assert a.compare and b.compare
        assert len(a.shared) >= 2 and len(a.shared) == len(b.shared)
        quotes_a = [a.article.text[s:e] for s, e in a.shared]
        quotes_b = [b.article.text[s:e] for s, e in b.shared]
        assert any("We are committed to" in q for q in quotes_a)
        assert any("We are committed to" in q for q in quotes_b)
        # n in compare mode steps through shared passages and shows the pair in the other pane.
        await pilot.press("n")
        await pilot.pause()
        index = b.shared.index(b._current) if b._current else -1
        assert b.offset == b.shared[index][0]
        await pilot.press("c")
        assert not a.compare and a.shared == []


async def test_one_shared_passage_is_said_in_the_singular(tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shared = "The harbour authority confirmed the new ferry schedule for the island today."
    (corpus / "a.txt").write_text(f"Ferry news\n\n{shared} Crowds gathered early.\n", "utf-8")
    (corpus / "b.txt").write_text(f"Island report\n\nRain fell all week. {shared}\n", "utf-8")
    app = BriefingApp(corpus)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await started(app, pilot)
        await pilot.press("enter", "escape", "down", "s", "c")
        await pilot.pause()
        messages = [n.message for n in app._notifications]
    assert "1 shared passage marked · n / N step through it." in messages, messages


async def test_compare_needs_two_readers(seed_corpus: Path):
    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        await pilot.press("enter", "c")
        await pilot.pause()
        assert not app.query_one("#pane-a", ReaderPane).reader.compare


async def test_related_lists_similar_articles(seed_corpus: Path):
    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        opened = app.query_one("#pane-a", ReaderPane).article.id
        await pilot.press("r")
        await pilot.pause()
        ids = listed_ids(app)
        assert ids and opened not in ids
        assert isinstance(app.focused, ArticleList)
        await pilot.press("s")
        await pilot.pause()
        assert app.query_one("#pane-b", ReaderPane).article.id == ids[0]


async def test_help_lists_the_focused_panes_keys(seed_corpus: Path):
    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        await pilot.press("enter", "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        descriptions = {d for _, d, _ in app.screen.rows}
        assert {"Next hit", "Close", "Compare", "Search", "Quit", "Related"} <= descriptions
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_every_binding_has_an_id():
    from briefing.tui.find_box import FindBox
    from briefing.tui.help import HelpScreen as Help
    from briefing.tui.readers import Readers
    from briefing.tui.search_box import SearchBox

    for cls in (BriefingApp, ArticleList, Reader, ReaderPane, Readers, Help, SearchBox, FindBox):
        for binding in cls.BINDINGS:
            assert binding.id, f"{cls.__name__} binding {binding.key} has no id"


async def test_unknown_binding_ids_in_config_are_named(seed_corpus: Path, isolated_dirs):
    config = Path(isolated_dirs["BRIEFING_CONFIG"]) / "config.yaml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('keys:\n  quit: "ctrl+q"\n  serch: "f"\n', "utf-8")
    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await started(app, pilot)
        messages = [n.message for n in app._notifications]
        assert any("'serch'" in m and "no key binding" in m for m in messages), messages
        assert not any("'quit'" in m for m in messages)


async def test_two_actions_given_one_key_in_config_are_named(seed_corpus: Path, isolated_dirs):
    """Textual keeps one of two bindings that share a key and drops the other silently:
    the app says which two, in one line, once for each such key."""
    config = Path(isolated_dirs["BRIEFING_CONFIG"]) / "config.yaml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(
        'keys:\n  annotate.note: "h"\n  search: "/,ctrl+f"\n  export.save: "escape"\n', "utf-8"
    )
    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await started(app, pilot)
        messages = [n.message for n in app._notifications]
    clashes = [m for m in messages if "is bound to both" in m]
    assert len(clashes) == 2, messages
    assert any("h is bound to both 'annotate.highlight' and 'annotate.note'" in m for m in clashes)
    assert any("'export.cancel' and 'export.save' in the export dialog" in m for m in clashes)
    assert all("\n" not in m for m in clashes)


def test_keys_the_defaults_share_on_purpose_are_not_reported():
    from briefing.tui.keymap import keymap_warnings

    assert keymap_warnings({}) == []
    assert keymap_warnings({"quit": "ctrl+q", "help.close": "escape,q,?"}) == []
    # A key taken from the app by a pane is said too: search would be out of reach there.
    assert keymap_warnings({"reader.find": "/"}) == [
        "config.yaml: slash is bound to both 'reader.find' and 'search' in the reader; "
        "give one of them another key"
    ]


async def test_every_binding_id_is_known_to_the_keymap_check():
    from briefing.tui.keymap import binding_ids

    ids = binding_ids()
    assert {"quit", "search", "annotate.highlight", "reader.compare", "export.save"} <= ids


async def test_keys_can_be_remapped_from_config(seed_corpus: Path, isolated_dirs):
    config = Path(isolated_dirs["BRIEFING_CONFIG"]) / "config.yaml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('keys:\n  quit: "ctrl+q"\n  search: "f"\n', "utf-8")
    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        await pilot.press("f", *"Havana", "enter")
        await pilot.pause()
        assert len(listed_ids(app)) >= 2
        await pilot.press("q")  # no longer quits
        assert app.is_running
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_value == 0


async def test_reading_position_is_remembered_across_launches(seed_corpus: Path):
    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        await pilot.press("enter", "j", "j", "j")
        reader = app.query_one("#pane-a", ReaderPane).reader
        article_id, offset = reader.article.id, reader.offset
        assert offset > 0
        await pilot.press("q")
    assert CorpusState(state_file(seed_corpus)).position(article_id) == offset
    again = BriefingApp(seed_corpus)
    async with again.run_test(size=SIZE) as pilot:
        await started(again, pilot)
        again.query_one(ArticleList).select_id(article_id)
        await pilot.press("enter")
        await pilot.pause()
        assert again.query_one("#pane-a", ReaderPane).reader.offset == offset


async def test_markup_in_articles_is_shown_literally(tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "markup.txt").write_text(
        "Markup test\n\n[bold]not bold[/] and [click here](#) and [/] alone.\n", "utf-8"
    )
    app = BriefingApp(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        reader = app.query_one("#pane-a", ReaderPane).reader
        assert "[bold]not bold[/]" in reader.text
        assert "[/] alone" in reader.text


async def test_empty_corpus_and_missing_folder_explain_themselves(tmp_path: Path):
    empty = tmp_path / "empty"
    empty.mkdir()
    app = BriefingApp(empty)
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        assert "No articles" in status(app)
        await pilot.press("slash", *"x", "enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.press("enter", "s", "c", "r", "question_mark")
        await pilot.pause()
    app = BriefingApp(tmp_path / "missing")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "No corpus folder" in status(app)
        await pilot.press("slash", *"x", "enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.press("r", "enter")
        await pilot.pause()


async def test_changed_files_are_indexed_in_the_background(seed_corpus: Path):
    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
    (seed_corpus / "new.txt").write_text("A new article\n\nAbout zanzibarite exports.\n", "utf-8")
    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        assert len(listed_ids(app)) == 6
        await search(pilot, "zanzibarite")
        assert listed_ids(app) == ["new"]


@pytest.mark.parametrize("key", ["ctrl+p"])
async def test_command_palette_lists_actions(seed_corpus: Path, key: str):
    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        await pilot.press(key)
        await pilot.pause()
        await pilot.press(*"Related")
        await pilot.pause(0.5)
        from textual.command import CommandPalette

        assert isinstance(app.screen, CommandPalette)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert "articles like" in status(app)


async def test_markup_in_queries_ids_titles_and_tags_never_crashes(tmp_path: Path):
    """Queries, file names, titles, tags and notes reach notifications, the status line,
    border titles and tables: none of them may be read as markup ("[/]" would raise)."""
    from briefing.core.annotations import AnnotationStore, quote_at

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "odd[b].txt").write_text("[/] Breaking [bold]news\n\nBody with [/] in it.\n", "utf-8")
    app = BriefingApp(corpus)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await started(app, pilot)
        article = app.workspace.indexed_article("odd[b]")
        store = AnnotationStore(tmp_path / "annotations")
        store.add_highlight(
            article.id, quote_at(article.text, 0, 9, article.content_hash), tags=["[/]"], note="[/]"
        )
        for query in ('"[/]', "[/]", "[bold]", "title:[/]", "zzz[/]"):
            await search(pilot, query)
            assert status(app)
        await pilot.press("escape")
        await pilot.press("enter")
        await pilot.pause()
        pane = app.query_one("#pane-a", ReaderPane)
        assert pane.article.title == "[/] Breaking [bold]news"
        assert "[/]" in str(pane.query_one(".reader-note").render())
        await pilot.press("x", "A")
        await pilot.pause()
        await pilot.press("escape", "question_mark")
        await pilot.pause()


async def test_find_in_the_article_marks_matches_and_n_walks_them(seed_corpus: Path):
    from pilot_helpers import open_article

    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_article(app, pilot)
        text = pane.article.text
        await pilot.press("f", *"CUBA", "enter")
        await pilot.pause()
        reader = pane.reader
        expected = [(i, i + 4) for i in range(len(text)) if text[i : i + 4].casefold() == "cuba"]
        assert reader.hits == expected and len(expected) >= 2
        assert reader.offset == expected[0][0]
        await pilot.press("n")
        assert reader.offset == expected[1][0]
        await pilot.press("f", *"rodriguez", "enter")  # accents ignored
        await pilot.pause()
        assert reader.hits and text[reader.hits[0][0] : reader.hits[0][1]] == "Rodríguez"
        assert app.query_one("#list-status").render()  # no corpus search ran
        assert "hits for" not in str(app.query_one("#list-status").render())


async def test_a_new_search_marks_its_hits_in_open_readers(seed_corpus: Path):
    from pilot_helpers import open_article

    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_article(app, pilot)
        assert pane.reader.hits == []
        await pilot.press("slash", *"Havana", "enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        text = pane.article.text
        assert pane.reader.hits and all(text[s:e] == "Havana" for s, e in pane.reader.hits)


async def test_up_and_down_in_the_search_box_walk_earlier_queries(seed_corpus: Path):
    from briefing.tui.search_box import SearchBox

    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        for query in ("Havana", "Cuba NOT Biden", "Havana"):
            await pilot.press("slash", *query, "enter")
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
        box = app.query_one(SearchBox)
        await pilot.press("slash", *"draft", "up")
        assert box.value == "Havana"
        await pilot.press("up")
        assert box.value == "Cuba NOT Biden"
        await pilot.press("down", "down")
        assert box.value == "draft"
        await pilot.press("escape")
    again = BriefingApp(seed_corpus)  # kept per corpus across launches
    async with again.run_test(size=SIZE) as pilot:
        await started(again, pilot)
        await pilot.press("slash", "up")
        assert again.query_one(SearchBox).value == "Havana"


async def test_go_to_opens_an_article_by_words_of_its_title_or_its_id(seed_corpus: Path):
    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        await pilot.press("ctrl+g", *"enforcement restart")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        pane = app.query_one("#pane-a", ReaderPane)
        assert pane.article is not None and pane.article.id == "001_8031e908e71e3b1e"
        await pilot.press("ctrl+g", *"004_35")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert pane.article.id == "004_3568823fae90f6fc"


async def test_every_hit_is_reachable_a_page_at_a_time(tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(450):
        (corpus / f"a{n:03}.txt").write_text(f"Report {n}\n\nThe harbour reopened, day {n}.\n")
    app = BriefingApp(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        await pilot.press("slash", *"harbour", "enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert "450 hits, showing 1–200 · ] next page" in status(app)
        assert len(listed_ids(app)) == 200
        await pilot.press("right_square_bracket")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert "showing 201–400" in status(app) and len(listed_ids(app)) == 200
        await pilot.press("right_square_bracket", "right_square_bracket")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert "showing 401–450" in status(app) and "next page" not in status(app)
        seen = set(listed_ids(app))
        await pilot.press("left_square_bracket")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert "showing 201–400" in status(app) and not seen & set(listed_ids(app))


async def test_help_scrolls_with_the_readers_keys_and_names_the_labels(seed_corpus: Path):
    from pilot_helpers import open_article

    app = BriefingApp(seed_corpus)
    async with app.run_test(size=(100, 24)) as pilot:
        await open_article(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HelpScreen)
        rows = {d: keys for keys, d, _ in screen.rows}
        assert rows["Colour: key-fact"] == "1" and rows["Colour: follow-up"] == "5"
        assert not any(d.startswith("Colour 6") or d == "Colour: 6" for d in rows)
        assert "ctrl+c" in {k for k, _, _ in screen.rows}
        body = screen.query_one("#help-body")
        assert body.max_scroll_y > 0  # it does not fit at 24 lines
        await pilot.press("j")
        assert body.scroll_y == 1
        await pilot.press("pagedown", "G")
        await pilot.pause()
        assert body.scroll_y == body.max_scroll_y
        await pilot.press("g")
        assert body.scroll_y == 0


async def test_a_colour_key_without_a_label_says_so(seed_corpus: Path):
    from pilot_helpers import open_article

    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_article(app, pilot)
        await pilot.press("h", "7")
        await pilot.pause()
        assert any(
            "No label 7" in n.message and "5 follow-up" in n.message for n in app._notifications
        )


async def test_the_palette_lists_each_of_our_actions_once(seed_corpus: Path):
    from pilot_helpers import open_article

    from briefing.tui.commands import ActionCommands

    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await open_article(app, pilot)
        provider = ActionCommands(app.screen)
        labels = [label for label, _, _ in provider._commands()]
        assert len(labels) == len(set(labels))
        assert not [x for x in labels if x.startswith(("Scroll", "Page Right", "Page Left"))]
        downs = [x for x in labels if x.startswith("Down ")]
        assert len(downs) == 1 and "j" in downs[0], downs


async def test_the_chosen_theme_is_the_theme_next_time(seed_corpus: Path, isolated_dirs):
    config = Path(isolated_dirs["BRIEFING_CONFIG"]) / "config.yaml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("# my settings\nauthor: Ana\nkeys:\n  quit: q\n", "utf-8")
    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        app.theme = "textual-light"
        await pilot.pause()
    assert config.read_text("utf-8") == (
        '# my settings\nauthor: Ana\nkeys:\n  quit: q\ntheme: "textual-light"\n'
    )
    again = BriefingApp(seed_corpus)
    async with again.run_test(size=SIZE) as pilot:
        await started(again, pilot)
        assert again.theme == "textual-light"
        again.theme = "nord"
        await pilot.pause()
    assert config.read_text("utf-8").endswith('  quit: q\ntheme: "nord"\n')


async def test_list_rows_keep_dates_whole_and_snippets_show_their_hit(tmp_path: Path):
    from rich.text import Text as RichText

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    long_source = "The Very Long Name Of A Global Research Institute"
    for n in range(60):  # enough rows for a scrollbar
        (corpus / f"a{n:02}.md").write_text(
            f"---\ntitle: A rather long title for article number {n} about many things\n"
            f"source: {long_source}\ndate: 2023-01-{n % 28 + 1:02}\n---\n"
            + "Filler words that say nothing much at all. " * 8
            + "The harbour reopened.\n",
            "utf-8",
        )
    app = BriefingApp(corpus)
    async with app.run_test(size=(90, 24)) as pilot:
        await started(app, pilot)
        listing = app.query_one(ArticleList)
        row = listing._row_text(listing.rows[0]).plain
        assert row.rstrip().endswith(listing.rows[0].info.date)
        assert len(row) <= listing.scrollable_content_region.width
        await pilot.press("slash", *"harbour", "enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        line: RichText = listing._snippet_text(listing.rows[0])
        assert "harbour" in line.plain.lower()
        assert len(line.plain) <= listing.scrollable_content_region.width
        hit = listing.get_component_rich_style("article-list--hit", partial=True)
        assert any(span.style == hit for span in line.spans)


async def test_saved_searches_show_what_is_new_since_the_last_visit(seed_corpus: Path):
    from briefing.tui.saved_searches import SavedSearchesScreen

    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        await pilot.press("slash", *"migrants OR migration", "enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("S", *"Migration", "enter")
        await pilot.pause()
        await pilot.press("W")
        await pilot.pause()
        assert isinstance(app.screen, SavedSearchesScreen)
        await pilot.press("enter")  # nothing new: the search was saved while seen
        await pilot.pause()
        assert not any(r.new for r in app.query_one(ArticleList).rows)
    for n in (1, 2):
        (seed_corpus / f"new{n}.txt").write_text(
            f"Migrants at the border {n}\n\nNew arrivals of migrants were counted again.\n"
        )
    again = BriefingApp(seed_corpus)
    async with again.run_test(size=SIZE) as pilot:
        await started(again, pilot)
        await pilot.press("W")
        await pilot.pause()
        from textual.widgets import DataTable

        table = again.screen.query_one(DataTable)
        assert table.get_row_at(0)[1] == "2"  # two new since the last visit
        await pilot.press("enter")
        await pilot.pause()
        rows = again.query_one(ArticleList).rows
        assert sorted(r.info.id for r in rows if r.new) == ["new1", "new2"]
        assert rows[0].new and "2 new" in status(again)


async def test_read_and_star_from_the_list_and_the_reader(seed_corpus: Path):
    import yaml

    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        listing = app.query_one(ArticleList)
        first = listing.current.info.id
        await pilot.press("asterisk")
        await pilot.pause()
        assert "★" in listing._row_text(listing.current).plain
        await pilot.press("enter", "R")
        await pilot.pause()
        assert listing.flags[first] == (True, True)
        await pilot.press("asterisk")  # in the reader: unstar
        await pilot.pause()
        assert listing.flags[first] == (True, False)
    data = yaml.safe_load((seed_corpus.parent / "annotations" / f"{first}.yaml").read_text())
    assert (data["read"], data["starred"]) == (True, False)
