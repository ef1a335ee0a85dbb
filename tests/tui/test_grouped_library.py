"""Pilot tests of copies grouped in the list: the wire story's four variants in the seed
corpus show as one row, "+3 copies", that `z` opens and folds and `Z` ungroups."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import wire_story
from seeds import SEED_CORPUS

from briefing.tui.app import BriefingApp
from briefing.tui.article_list import ArticleList
from briefing.tui.panes import ReaderPane

SIZE = (120, 40)
A, B, C, D = wire_story.VARIANT_IDS


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """The seed articles and the wire story in four variants, with an unrelated story."""
    shutil.copytree(SEED_CORPUS, tmp_path / "corpus")
    wire_story.write_corpus(tmp_path / "corpus")
    return tmp_path / "corpus"


async def started(app: BriefingApp, pilot) -> ArticleList:
    await app.workers.wait_for_complete()
    await pilot.pause()
    return app.query_one(ArticleList)


def ids(listed: ArticleList) -> list[str]:
    return [row.info.id for row in listed.rows]


def status(app: BriefingApp) -> str:
    return str(app.query_one("#list-status").render())


def shown(listed: ArticleList) -> str:
    """The list as the screen shows it, one line a row."""
    return "\n".join(listed.render_line(y).text for y in range(listed.size.height))


async def test_library_shows_the_wire_story_once_with_its_copies_counted(corpus: Path):
    app = BriefingApp(corpus)
    async with app.run_test(size=SIZE) as pilot:
        listed = await started(app, pilot)
        wire = [i for i in ids(listed) if i in wire_story.VARIANT_IDS]
        assert wire == [A]  # undated all four: the smallest id heads them
        assert listed.rows[ids(listed).index(A)].copies == 3
        assert "+3 copies" in shown(listed)
        assert wire_story.UNRELATED_ID in ids(listed)
        # The status counts articles, not rows, and says how to ungroup.
        assert "10 articles" in status(app)
        assert "copies grouped (Z)" in status(app)


async def test_z_shows_the_copies_under_the_head_and_folds_them(corpus: Path):
    app = BriefingApp(corpus)
    async with app.run_test(size=SIZE) as pilot:
        listed = await started(app, pilot)
        listed.select_id(A)
        await pilot.press("z")
        at = ids(listed).index(A)
        assert ids(listed)[at : at + 4] == [A, B, C, D]
        assert [r.copy_of for r in listed.rows[at + 1 : at + 4]] == [A, A, A]
        assert listed.cursor == at
        assert "↳ Selmar dockers strike over bonus cuts" in shown(listed)
        # Folding from a copy puts the cursor back on the head.
        await pilot.press("down", "down", "z")
        assert [i for i in ids(listed) if i in wire_story.VARIANT_IDS] == [A]
        assert listed.current is not None and listed.current.info.id == A


async def test_Z_lists_every_copy_and_groups_them_again_for_the_session(corpus: Path):
    app = BriefingApp(corpus)
    async with app.run_test(size=SIZE) as pilot:
        listed = await started(app, pilot)
        listed.select_id(C)  # folded into A: the cursor goes to the head
        assert listed.current is not None and listed.current.info.id == A
        await pilot.press("Z")
        assert len(listed.rows) == 10
        assert "+3 copies" not in shown(listed)
        assert "copies not grouped (Z)" in status(app)
        assert listed.current is not None and listed.current.info.id == A
        # Kept for the session: a search lists every copy too.
        await pilot.press("slash", *"Selmar", "enter")
        await pilot.pause()
        assert sorted(ids(listed)) == sorted(wire_story.VARIANT_IDS)
        await pilot.press("Z")
        assert len(listed.rows) == 1


async def test_a_search_ranks_the_cluster_once_and_enter_opens_its_head(corpus: Path):
    app = BriefingApp(corpus)
    async with app.run_test(size=SIZE) as pilot:
        listed = await started(app, pilot)
        await pilot.press("slash", *"Selmar", "enter")
        await pilot.pause()
        assert len(listed.rows) == 1
        head = listed.rows[0]
        assert head.copies == 3 and head.info.id in wire_story.VARIANT_IDS
        assert "+3 copies" in shown(listed)
        await pilot.press("enter")
        await pilot.pause()
        pane = app.query_one("#pane-a", ReaderPane)
        assert pane.article is not None and pane.article.id == head.info.id


async def test_sorting_keeps_the_cluster_grouped_and_the_cursor_on_it(corpus: Path):
    app = BriefingApp(corpus)
    async with app.run_test(size=SIZE) as pilot:
        listed = await started(app, pilot)
        listed.select_id(A)
        for _ in range(3):  # title, source, date again
            await pilot.press("o")
            assert [i for i in ids(listed) if i in wire_story.VARIANT_IDS] == [A]
            assert listed.current is not None and listed.current.info.id == A
        await pilot.press("R")  # read flags still follow the row under the cursor
        await pilot.pause()
        assert listed.flags.get(A, (False, False))[0] is True


async def test_z_and_Z_are_in_the_help_and_the_palette(corpus: Path):
    from briefing.tui.commands import ActionCommands
    from briefing.tui.help import HelpScreen

    app = BriefingApp(corpus)
    async with app.run_test(size=SIZE) as pilot:
        listed = await started(app, pilot)
        commands = {label: run for label, run, _ in ActionCommands(app.screen)._commands()}
        assert "Show copies (z)" in commands
        await commands["Group copies (Z)"]()
        assert not listed.grouped
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        ids_shown = [binding_id for _, _, binding_id in app.screen.rows]
        assert {"list.copies", "list.group"} <= set(ids_shown)
