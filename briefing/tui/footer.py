"""The footer: the focused pane's keys, with `?` and `q` first, and only the keys that fit
whole. Textual's footer cuts at its right edge, mid-word ("h Highli"); a narrow terminal
here drops the keys that do not fit instead, so `?` (which lists them all) and `q` always
show, and what shows is never half a word."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

FIRST = ("help", "quit")


class KeyFooter(Footer):
    def compose(self) -> ComposeResult:
        widgets = list(super().compose())
        # Footer keys carry their action; labels of key groups do not.
        first = [w for w in widgets if getattr(w, "action", None) in FIRST]
        first.sort(key=lambda w: FIRST.index(w.action))
        yield from first
        yield from (w for w in widgets if w not in first)

    async def recompose(self) -> None:
        await super().recompose()
        self.call_after_refresh(self.fit)

    def on_resize(self) -> None:
        # Wider again: keys dropped at the old width may fit now.
        self.call_after_refresh(self.recompose)

    def fit(self) -> None:
        """Hide the first key that runs past the right edge (or under the palette key) and
        every key after it: they come in the order of their importance, so a shorter one
        further on must not take the place of the one that did not fit."""
        if not self.is_attached or self.size.width == 0:
            return
        keys = list(self.query(FooterKey))
        palette = [key for key in keys if key.has_class("-command-palette")]
        edge = self.region.right - sum(key.outer_size.width for key in palette)
        past = False
        for key in keys:
            if key in palette or key.action in FIRST:
                continue
            past = past or key.region.right > edge
            if past:
                key.display = False
