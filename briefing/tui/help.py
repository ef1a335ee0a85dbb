"""The help screen (`?`): the keys of the focused pane, read from the live bindings.

Generated, never hand-written, so it cannot drift from what the keys really do, and it
shows a user's remapped keys.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.keys import key_to_character
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Static


def describe_bindings(
    active: dict, labels: tuple[str, ...] | None = None
) -> list[tuple[str, str, str]]:
    """(keys, description, binding id) for each active binding, keys of one action merged.

    Only bindings with an id are listed: ours. The TextArea under the reader brings its
    editing keys (cut, paste, delete...), which do nothing in a read-only reader. With
    *labels*, the colour keys say their label ("1  Colour: key-fact") and keys beyond the
    configured labels are left out.
    """
    by_action: dict[tuple[int, str], list] = {}
    for key, active_binding in active.items():
        binding: Binding = active_binding.binding
        if not binding.description or not binding.id:
            continue
        by_action.setdefault((id(active_binding.node), binding.action), []).append((key, binding))
    rows = []
    for entries in by_action.values():
        keys = ", ".join(key_label(key) for key, _ in entries)
        binding = entries[0][1]
        description = binding.description
        if labels is not None and (n := colour_number(binding.id or "")):
            if n > len(labels):
                continue
            description = f"Colour: {labels[n - 1]}"
        rows.append((keys, description, binding.id or ""))
    return rows


def colour_number(binding_id: str) -> int | None:
    """N for the binding id ``annotate.color_N``, else None."""
    head, _, number = binding_id.rpartition("_")
    return int(number) if head == "annotate.color" and number.isdigit() else None


def key_label(key: str) -> str:
    """A key as people write it: / for slash, esc for escape, G for shift+g."""
    names = {"slash": "/", "space": "space", "escape": "esc", "enter": "enter"}
    if key in names:
        return names[key]
    char = key_to_character(key)
    return char if char and char.isprintable() else key


class HelpScreen(ModalScreen[None]):
    """A modal list of keys; any of escape, q, ? closes it; it scrolls with the reader's
    keys (j k, arrows, space b, pgdn pgup, g G, home end)."""

    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close help", id="help.close"),
        Binding("j,down", "scroll(1)", "Down", show=False, id="help.down"),
        Binding("k,up", "scroll(-1)", "Up", show=False, id="help.up"),
        Binding("space,pagedown", "page(1)", "Page down", show=False, id="help.page_down"),
        Binding("b,pageup", "page(-1)", "Page up", show=False, id="help.page_up"),
        Binding("g,home", "edge(0)", "Top", show=False, id="help.top"),
        Binding("G,end", "edge(1)", "Bottom", show=False, id="help.bottom"),
    ]

    def _body(self) -> VerticalScroll:
        return self.query_one("#help-body", VerticalScroll)

    def action_scroll(self, lines: int) -> None:
        self._body().scroll_relative(y=lines, animate=False)

    def action_page(self, direction: int) -> None:
        body = self._body()
        body.scroll_relative(y=direction * max(1, body.size.height - 1), animate=False)

    def action_edge(self, bottom: int) -> None:
        body = self._body()
        (body.scroll_end if bottom else body.scroll_home)(animate=False)

    @classmethod
    def for_focus(
        cls, focused: Widget | None, active: dict, labels: tuple[str, ...] | None = None
    ) -> HelpScreen:
        """The help for whatever has focus: its bindings and those above it."""
        # Imported here: the reader and list modules import nothing of help, and help is
        # opened seldom.
        from briefing.tui.article_list import ArticleList
        from briefing.tui.reader import Reader

        where = {Reader: "Reader", ArticleList: "Article list", Input: "Search box"}
        name = next((label for c, label in where.items() if isinstance(focused, c)), "briefing")
        rows = describe_bindings(active, labels)
        extra = [
            ("tab, shift+tab", "Move between the list and the readers", ""),
            ("ctrl+p", "Command palette: every action", ""),
        ]
        if isinstance(focused, Reader):
            extra[:0] = [
                ("↑ ↓ ← →, pgup pgdn", "Move the cursor", ""),
                ("shift+arrows", "Select text", ""),
                ("ctrl+c", "Copy the selection", ""),
            ]
        return cls(f"Keys: {name}", rows + extra)

    def __init__(self, title: str, rows: list[tuple[str, str, str]]):
        super().__init__()
        self.title_text = title
        self.rows = rows

    def compose(self) -> ComposeResult:
        table = Text()
        table.append(f"{self.title_text}\n\n", style="bold")
        width = max((len(k) for k, _, _ in self.rows), default=4) + 2
        for keys, description, binding_id in self.rows:
            table.append(keys.ljust(width), style="bold")
            table.append(description)
            if binding_id:
                table.append(f"  ({binding_id})", style="dim")
            table.append("\n")
        table.append(
            "\nRemap any key by its id in config.yaml (keys: {id: key}); "
            "ctrl+p searches every action.",
            style="dim",
        )
        with VerticalScroll(id="help-body"):
            yield Static(table, id="help-text")
