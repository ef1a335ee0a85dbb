"""The reader pane: the article header over the Reader, a note line, and the pane's keys."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from briefing.core.annotations.store import ArticleAnnotations
from briefing.core.corpus.reading import Article
from briefing.tui.reader import Reader, Span


def header_text(article: Article) -> Text:
    """Title, then source · date · byline · place, then tags; never parsed as markup."""
    text = Text(article.title, style="bold", end="")
    meta = [
        article.source,
        article.date or "no date",
        f"by {article.byline}" if article.byline else None,
        article.place,
    ]
    text.append("\n" + " · ".join(m for m in meta if m), style="dim")
    if article.tags:
        text.append("\n" + "  ".join(f"#{t}" for t in article.tags), style="italic")
    return text


class ReaderPane(Vertical):
    """One open article. Two of these sit side by side when sources are compared.

    The annotation keys live here (not on the Reader) so they show in the footer and help
    only while a reader has focus, and run app actions that reach the store.
    """

    BINDINGS = [
        Binding("h", "app.highlight", "Highlight", id="annotate.highlight"),
        Binding("a", "app.note", "Note", id="annotate.note"),
        Binding("t", "app.tag", "Tag", id="annotate.tag"),
        Binding("T", "app.article_tags", "Article tags", show=False, id="annotate.article_tags"),
        Binding("d", "app.delete_highlight", "Delete", show=False, id="annotate.delete"),
        Binding("u", "app.undo", "Undo delete", show=False, id="annotate.undo"),
        Binding("m", "app.metadata", "Fix metadata", show=False, id="annotate.metadata"),
        *(
            Binding(str(n), f"app.color({n})", f"Colour {n}", show=False, id=f"annotate.color_{n}")
            for n in range(1, 10)
        ),
        Binding("x", "close", "Close", id="reader.close"),
        Binding("c", "app.compare", "Compare", id="reader.compare"),
    ]

    def __init__(self, *, id: str | None = None):
        super().__init__(id=id)
        self.annotations: ArticleAnnotations | None = None

    def compose(self) -> ComposeResult:
        yield Static("", classes="reader-header")
        yield Reader(id=f"{self.id}-text")
        yield Static("", classes="reader-note")

    @property
    def reader(self) -> Reader:
        return self.query_one(Reader)

    @property
    def article(self) -> Article | None:
        return self.reader.article

    def show(self, article: Article, hits: list[Span], offset: int) -> None:
        self.display = True
        self.annotations = None
        self.set_header(article)
        self.border_title = Text(article.id)  # a Text is not parsed as markup
        self.reader.show_article(article, hits, offset)

    def set_header(self, article: Article) -> None:
        self.query_one(".reader-header", Static).update(header_text(article))

    def set_note_line(self, text: str) -> None:
        note = self.query_one(".reader-note", Static)
        note.update(Text(text))
        note.display = bool(text)

    def action_close(self) -> None:
        self.app.close_pane(self)  # type: ignore[attr-defined]
