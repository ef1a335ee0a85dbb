"""The reader pane: the article header over the Reader, plus the keys that act on a pane."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from briefing.core.corpus import Article
from briefing.tui.reader import Reader, Span


def header_text(article: Article, extra_tags: tuple[str, ...] = ()) -> Text:
    """Title, then source · date · byline · place, then tags; never parsed as markup."""
    text = Text(article.title, style="bold", end="")
    meta = [
        article.source,
        article.date or "no date",
        f"by {article.byline}" if article.byline else None,
        article.place,
    ]
    text.append("\n" + " · ".join(m for m in meta if m), style="dim")
    tags = tuple(dict.fromkeys(article.tags + extra_tags))
    if tags:
        text.append("\n" + "  ".join(f"#{t}" for t in tags), style="italic")
    return text


class ReaderPane(Vertical):
    """One open article. Two of these sit side by side when sources are compared."""

    BINDINGS = [
        Binding("x", "close", "Close", id="reader.close"),
        Binding("c", "app.compare", "Compare", id="reader.compare"),
    ]

    def compose(self) -> ComposeResult:
        yield Static("", classes="reader-header")
        yield Reader(id=f"{self.id}-text")

    @property
    def reader(self) -> Reader:
        return self.query_one(Reader)

    @property
    def article(self) -> Article | None:
        return self.reader.article

    def show(self, article: Article, hits: list[Span], offset: int) -> None:
        self.display = True
        self.query_one(".reader-header", Static).update(header_text(article))
        self.border_title = article.id
        self.reader.show_article(article, hits, offset)

    def action_close(self) -> None:
        self.app.close_pane(self)  # type: ignore[attr-defined]
