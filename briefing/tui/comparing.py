"""Compare mode (`c`): the passages two side-by-side articles share, stepped through together."""

from __future__ import annotations

from briefing.core.index.compare import SharedPassage, shared_passages
from briefing.tui.panes import ReaderPane
from briefing.tui.reader import Reader


class ComparingMixin:
    """Mixed into BriefingApp: needs `panes`, `query` and `notify`."""

    _passages: list[SharedPassage]
    panes: tuple[ReaderPane, ReaderPane]

    def action_compare(self) -> None:
        pane_a, pane_b = self.panes
        if pane_a.article is None or pane_b.article is None:
            self.notify(
                "Compare needs two articles side by side: select one and press s.", timeout=4
            )
            return
        if pane_a.reader.compare:
            self._end_compare()
            self.notify("Compare mode off.", timeout=2)
            return
        passages = shared_passages(pane_a.article.text, pane_b.article.text)
        self._passages = passages
        pane_a.reader.compare = pane_b.reader.compare = True
        pane_a.reader.set_shared([p.a for p in passages])
        pane_b.reader.set_shared([p.b for p in passages])
        for pane in (pane_a, pane_b):
            pane.add_class("-compare")
        if passages:
            self.notify(
                f"{len(passages)} shared passages marked · n / N step through them.", timeout=4
            )
        else:
            self.notify("These two articles share no passages.", timeout=4)

    def _end_compare(self) -> None:
        self._passages = []
        for pane in self.query(ReaderPane):
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
        for passage in self._passages:
            if getattr(passage, mine) == event.span:
                other.focus_span(passage.b if mine == "a" else passage.a)
                return
