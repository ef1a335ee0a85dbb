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

    _composed: tuple | None = None  # what the keys shown were made from

    async def recompose(self) -> None:
        # Textual recomposes the footer on every change of bindings (each focus change,
        # a dozen at start-up) and we on every resize: ~5 ms each on the event loop, before
        # the first screen too. Only a change in what it would show is worth one.
        shown = self._what_is_shown()
        if shown == self._composed:
            return
        self._composed = shown
        await super().recompose()
        self.call_after_refresh(self.fit)

    def _what_is_shown(self) -> tuple | None:
        """Everything compose() reads: the shown bindings, their state, and the width."""
        if not self.is_attached or not self._bindings_ready:
            return None
        app = self.app
        return (
            self.size.width,
            self.compact,
            self.show_command_palette and app.ENABLE_COMMAND_PALETTE,
            tuple(
                (key, binding.action, binding.description, binding.group, enabled, tooltip)
                + (app.get_key_display(binding),)
                for key, (_node, binding, enabled, tooltip) in self.screen.active_bindings.items()
                if binding.show or key == app.COMMAND_PALETTE_BINDING
            ),
        )

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
