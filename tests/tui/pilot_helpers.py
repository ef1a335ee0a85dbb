"""What the Pilot tests share: the terminal size and opening an article by id."""

from __future__ import annotations

from briefing.tui.app import BriefingApp
from briefing.tui.article_list import ArticleList
from briefing.tui.panes import ReaderPane

SIZE = (120, 40)
ID_002 = "002_1f6b0f63a8b626fd"


async def open_article(app: BriefingApp, pilot, article_id: str = ID_002) -> ReaderPane:
    """Wait for the start-up indexing, select `article_id` in the library, press enter."""
    await app.workers.wait_for_complete()
    await pilot.pause()
    app.query_one(ArticleList).select_id(article_id)
    await pilot.press("enter")
    await pilot.pause()
    return app.query_one("#pane-a", ReaderPane)
