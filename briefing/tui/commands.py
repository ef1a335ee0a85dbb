"""The palettes: every action of the focused pane and the app (ctrl+p), and every article
by title or id (ctrl+g, go to)."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from briefing.core.corpus import fold_for_find
from briefing.core.display import for_terminal
from briefing.tui.help import key_label
from briefing.tui.messages import OpenArticleRequested

GOTO_SHOWN = 50  # articles listed at most: the best of them are what a person reads


class ActionCommands(Provider):
    """One command per active binding, run on the widget that owns it."""

    def _commands(self):
        """(label, run, help) once per action of ours (a binding with an id): its keys
        together ("Down (down, j)" was two entries), Textual's own scrolling keys left out."""
        screen = self.screen  # the screen under the palette
        by_action: dict[tuple[int, str], list] = {}
        for key, active in screen.active_bindings.items():
            binding = active.binding
            if not binding.description or not binding.id:
                continue
            by_action.setdefault((id(active.node), binding.action), []).append((key, active))
        for entries in by_action.values():
            binding, node = entries[0][1].binding, entries[0][1].node
            keys = ", ".join(key_label(key) for key, _ in entries)
            label = f"{binding.description} ({keys})"
            yield label, partial(self._run, node, binding.action), binding.description

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


class ArticleCommands(Provider):
    """Go to an article: its title or id, words in any order, case and accents ignored."""

    async def startup(self) -> None:
        workspace = getattr(self.app, "workspace", None)
        infos = workspace.articles() if workspace is not None else []
        # Folded once: at 100k articles, a pass over these strings takes tens of ms.
        self._items = [(info, fold_for_find(f"{info.title} {info.id}")) for info in infos]

    def _hits(self, query: str) -> list:
        words = fold_for_find(query).split()
        found = [info for info, hay in self._items if all(w in hay for w in words)]
        return found[:GOTO_SHOWN]

    def _open(self, article_id: str) -> None:
        self.app.post_message(OpenArticleRequested(article_id))

    async def discover(self) -> Hits:
        for info, _ in self._items[:GOTO_SHOWN]:
            label = for_terminal(info.title)
            yield DiscoveryHit(label, partial(self._open, info.id), help=for_terminal(info.id))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for info in self._hits(query):
            label = for_terminal(info.title)
            score = max(matcher.match(label), matcher.match(info.id), 0.01)
            yield Hit(score, matcher.highlight(label), partial(self._open, info.id), help=info.id)
