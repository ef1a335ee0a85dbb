"""The footer: the focused pane's keys, with `?` and `q` first so that a narrow terminal,
which cuts the footer at its right edge, still shows how to get help and how to leave."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer

FIRST = ("help", "quit")


class KeyFooter(Footer):
    def compose(self) -> ComposeResult:
        widgets = list(super().compose())
        # Footer keys carry their action; labels of key groups do not.
        first = [w for w in widgets if getattr(w, "action", None) in FIRST]
        first.sort(key=lambda w: FIRST.index(w.action))
        yield from first
        yield from (w for w in widgets if w not in first)
