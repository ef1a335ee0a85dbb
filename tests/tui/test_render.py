"""Render tests: the main screens as text, against golden files, plus the colours of marks.

Text goldens rather than SVG snapshots: they diff readably in review and do not change
with Textual's SVG output. Regenerate with BRIEFING_UPDATE_GOLDEN=1 after a deliberate
change, and read the diff.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from briefing.tui.app import BriefingApp
from briefing.tui.article_list import ArticleList
from briefing.tui.panes import ReaderPane

GOLDEN = Path(__file__).parent / "golden"
SIZE = (120, 40)


def screen_text(app: BriefingApp) -> str:
    app.clear_notifications()
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text.rstrip() for strip in strips) + "\n"


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / f"{name}.txt"
    if os.environ.get("BRIEFING_UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, "utf-8")
    assert path.exists(), f"no golden {path.name}: run with BRIEFING_UPDATE_GOLDEN=1"
    assert text == path.read_text("utf-8")


def assert_whole_footer_keys(app: BriefingApp, text: str) -> None:
    """Every key in the screen's last line (the footer) shows its whole label: a key that
    does not fit is dropped, never cut ("h Highli"), whichever screen is on top."""
    labels = {"palette"} | {
        binding.description
        for screen in app.screen_stack
        for _node, binding, _enabled, _tooltip in screen.active_bindings.values()
    }
    footer = text.splitlines()[-1].replace("▏", "  ")
    for chunk in re.split(r" {2,}", footer.strip()):
        key, _, label = chunk.partition(" ")
        assert label in labels, f"footer key {chunk!r} is cut or unknown: {footer!r}"


async def settle(app: BriefingApp, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


@pytest.fixture
def app(seed_corpus: Path) -> BriefingApp:
    return BriefingApp(seed_corpus)


async def test_library(app: BriefingApp):
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        check_golden("library", screen_text(app))


async def test_search_results(app: BriefingApp):
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"Rodriguez", "enter")
        await pilot.app.workers.wait_for_complete()
        await settle(app, pilot)
        check_golden("results", screen_text(app))


async def test_reader_with_hits(app: BriefingApp):
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"Havana", "enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.press("enter")
        await settle(app, pilot)
        check_golden("reader_hits", screen_text(app))
        reader = app.query_one("#pane-a", ReaderPane).reader
        # The hit is painted on screen: its characters carry the hit background.
        hit = reader.get_component_rich_style("reader--hit", partial=True)
        start, end = reader.hits[0]
        on_screen = reader.wrapped_document.location_to_offset(reader.lines.location(start))
        strip = reader.render_line(on_screen.y - int(reader.scroll_offset.y))
        painted = "".join(
            seg.text for seg in strip if seg.style and seg.style.bgcolor == hit.bgcolor
        )
        # The cursor sits on the hit's first character and paints it in its own colour.
        assert reader.article.text[start + 1 : end] in painted


async def test_side_by_side_compare(app: BriefingApp):
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.query_one(ArticleList).select_id("002_1f6b0f63a8b626fd")
        await pilot.press("enter", "escape", "down", "s", "c")
        await settle(app, pilot)
        text = screen_text(app)
        check_golden("compare", text)
        assert "Under Biden" in text and "Meeting between" in text
        # Colours are not in the text: check that each pane paints its shared passages.
        for pane_id in ("#pane-a", "#pane-b"):
            reader = app.query_one(pane_id, ReaderPane).reader
            shared = reader.get_component_rich_style("reader--shared", partial=True)
            start, _ = reader.shared[0]
            row, col = reader.lines.location(start)
            assert any(
                span.style == shared and span.start <= col < span.end
                for span in reader.get_line(row).spans
            )


async def test_help(app: BriefingApp):
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("enter", "question_mark")
        await settle(app, pilot)
        check_golden("help_reader", screen_text(app))


@pytest.mark.parametrize("size", [(80, 24), (200, 50)], ids=["80x24", "200x50"])
async def test_screens_at_small_and_large_sizes(app: BriefingApp, size: tuple[int, int]):
    """The library, a reader, two readers and help at 80x24 and 200x50."""
    name = f"{size[0]}x{size[1]}"
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        check_golden(f"library_{name}", library := screen_text(app))
        assert_whole_footer_keys(app, library)
        app.query_one(ArticleList).select_id("002_1f6b0f63a8b626fd")
        await pilot.press("enter")
        await settle(app, pilot)
        reader_screen = screen_text(app)
        check_golden(f"reader_{name}", reader_screen)
        assert_whole_footer_keys(app, reader_screen)
        assert "? Help  q Quit" in reader_screen.splitlines()[-1]
        if size == (200, 50):  # the reading measure stays near 100 characters
            assert app.query_one("#pane-a", ReaderPane).size.width <= 110
        await pilot.press("escape", "down", "s")
        await settle(app, pilot)
        check_golden(f"side_by_side_{name}", side := screen_text(app))
        assert_whole_footer_keys(app, side)
        await pilot.press("question_mark")
        await settle(app, pilot)
        check_golden(f"help_{name}", help_screen := screen_text(app))
        assert_whole_footer_keys(app, help_screen)


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_the_footer_shows_whole_keys_only(app: BriefingApp, size: tuple[int, int]):
    """A narrow footer drops keys that do not fit rather than cutting one mid-word; `?` and
    `q` stay."""
    from textual.widgets._footer import FooterKey

    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")  # a reader: the longest footer
        await settle(app, pilot)
        footer = app.query_one("KeyFooter")
        keys = list(footer.query(FooterKey))
        palette = [k for k in keys if k.has_class("-command-palette")]
        edge = footer.region.right - sum(k.outer_size.width for k in palette)
        shown = [k for k in keys if k.display and k not in palette]
        assert [k.action for k in shown[:2]] == ["help", "quit"]
        assert all(k.region.right <= edge for k in shown), [
            (k.description, k.region) for k in shown if k.region.right > edge
        ]
        assert len(shown) < len(keys) - len(palette)  # something was dropped at this width
        last = screen_text(app).splitlines()[-1]
        assert "Help" in last and "Quit" in last
