"""The readers: one article, or two side by side, and compare mode (`c`) across them.

A container of two :class:`ReaderPane`; it decides which pane an article opens in, moves
the second reader into the first place when the first closes, and in compare mode marks the
passages the two articles share and steps through them together.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal

from briefing.core.annotations import AnnotatedArticle
from briefing.core.display import plural
from briefing.core.index import SharedPassage, shared_passages, unshared_passages
from briefing.core.workspace import Workspace
from briefing.tui.article_pane import ArticlePane
from briefing.tui.history import UndoHistory
from briefing.tui.messages import ReadersChanged
from briefing.tui.panes import ReaderPane
from briefing.tui.reader import Reader, Span


class Readers(Horizontal):
    """The main reader and the one beside it."""

    BINDINGS = [Binding("c", "compare", "Compare", id="reader.compare")]

    def __init__(
        self, workspace: Workspace | None, history: UndoHistory, *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.workspace = workspace
        self.history = history
        self.passages: list[SharedPassage] = []

    def compose(self) -> ComposeResult:
        yield ReaderPane(self.workspace, self.history, id="pane-a")
        yield ReaderPane(self.workspace, self.history, id="pane-b")

    def on_mount(self) -> None:
        # A class, not an inline style, so the narrow layout's CSS can still hide it.
        self.add_class("-empty")
        for pane in self.panes:
            pane.display = False

    @property
    def panes(self) -> tuple[ReaderPane, ReaderPane]:
        return self.query_one("#pane-a", ReaderPane), self.query_one("#pane-b", ReaderPane)

    @property
    def open_count(self) -> int:
        return sum(p.article is not None for p in self.panes)

    def showing(self, article_id: str) -> list[ReaderPane]:
        """The panes that show *article_id*."""
        return [p for p in self.panes if p.article is not None and p.article.id == article_id]

    def open(
        self, annotated: AnnotatedArticle, hits: list[Span], offset: int, beside: bool = False
    ) -> ReaderPane:
        """Show an article: beside the first one when asked and there is one, else in the
        first place. Returns the pane, its reader focused."""
        pane_a, pane_b = self.panes
        if beside and self.screen.has_class("-narrow"):
            self.notify("Side by side needs 100 columns or more: opened here.", timeout=3)
            beside = False
        pane = pane_b if beside and pane_a.article is not None else pane_a
        self.remove_class("-empty")
        pane.remember_position()
        self.end_compare()
        pane.show(annotated, hits, offset)
        pane.reader.focus()
        self.post_message(ReadersChanged(self.open_count))
        return pane

    def close(self, pane: ReaderPane) -> None:
        pane.remember_position()
        if self.workspace is not None:
            self.workspace.state.save()
        self.end_compare()
        pane_a, pane_b = self.panes
        if pane is pane_a and pane_b.annotated is not None:
            # The second reader moves into the first place rather than leaving a gap.
            pane_a.show(pane_b.annotated, pane_b.reader.hits, pane_b.reader.offset)
            pane = pane_b
        pane.clear()
        self.set_class(pane_a.article is None, "-empty")
        if pane_a.article is not None:
            pane_a.reader.focus()
        self.post_message(ReadersChanged(self.open_count))

    def remember_positions(self) -> None:
        for pane in self.panes:
            pane.remember_position()

    def on_article_pane_close_requested(self, event: ArticlePane.CloseRequested) -> None:
        assert isinstance(event.pane, ReaderPane)
        self.close(event.pane)

    # -- compare mode -------------------------------------------------------------------------
    def action_compare(self) -> None:
        pane_a, pane_b = self.panes
        if pane_a.article is None or pane_b.article is None:
            self.notify(
                "Compare needs two articles side by side: select one and press s.", timeout=4
            )
            return
        if pane_a.reader.compare:
            self.end_compare()
            self.notify("Compare mode off.", timeout=2)
            return
        text_a, text_b = pane_a.article.text, pane_b.article.text
        self.passages = shared_passages(text_a, text_b)
        # What each lacks is asked both ways: a sentence of B is B's own when nothing in A
        # matches it, which pairing A's sentences with their best match in B does not say.
        pane_a.reader.compare = pane_b.reader.compare = True
        pane_a.reader.set_shared(
            [p.a for p in self.passages], unshared_passages(text_a, text_b, self.passages)
        )
        pane_b.reader.set_shared([p.b for p in self.passages], unshared_passages(text_b, text_a))
        for pane in (pane_a, pane_b):
            pane.add_class("-compare")
        if self.passages:
            self.notify(
                f"{plural(len(self.passages), 'shared passage')} marked · n / N step through "
                f"{'it' if len(self.passages) == 1 else 'them'}.",
                timeout=4,
            )
        else:
            self.notify("These two articles share no passages.", timeout=4)

    def end_compare(self) -> None:
        self.passages = []
        for pane in self.panes:
            if pane.reader.compare:
                pane.reader.compare = False
                pane.reader.set_shared([])
            pane.remove_class("-compare")

    def on_reader_stepped(self, event: Reader.Stepped) -> None:
        """In compare mode, stepping in one reader shows the matching passage in the other."""
        if not event.reader.compare:
            return
        pane_a, pane_b = self.panes
        mine = "a" if event.reader is pane_a.reader else "b"
        other = pane_b.reader if mine == "a" else pane_a.reader
        for passage in self.passages:
            if getattr(passage, mine) == event.span:
                other.focus_span(passage.b if mine == "a" else passage.a)
                return
