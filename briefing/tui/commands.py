"""Command palette (ctrl+p): every action of the focused pane and the app, searchable."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


class ActionCommands(Provider):
    """One command per active binding, run on the widget that owns it."""

    def _commands(self):
        screen = self.screen  # the screen under the palette
        for key, active in screen.active_bindings.items():
            binding = active.binding
            if not binding.description or binding.action == "command_palette":
                continue
            label = f"{binding.description} ({key})"
            yield label, partial(self._run, active.node, binding.action), binding.id or ""

    async def _run(self, node, action: str) -> None:  # noqa: ANN001 - any DOM node
        await self.app.run_action(action, node)

    async def discover(self) -> Hits:
        for label, run, help_text in self._commands():
            yield DiscoveryHit(label, run, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, run, help_text in self._commands():
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, matcher.highlight(label), run, help=help_text)
