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


def describe_bindings(active: dict) -> list[tuple[str, str, str]]:
    """(keys, description, binding id) for each active binding, keys of one action merged.

    Only bindings with an id are listed: ours. The TextArea under the reader brings its
    editing keys (cut, paste, delete...), which do nothing in a read-only reader.
    """
    by_action: dict[tuple[int, str], list] = {}
    for key, active_binding in active.items():
        binding: Binding = active_binding.binding
        if not binding.description or not binding.id:
            continue
        by_action.setdefault((id(active_binding.node), binding.action), []).append((key, binding))
    rows = []
    for entries in by_action.values():
        keys = ", ".join(_key_label(key) for key, _ in entries)
        binding = entries[0][1]
        rows.append((keys, binding.description, binding.id or ""))
    return rows


def _key_label(key: str) -> str:
    names = {"slash": "/", "space": "space", "escape": "esc", "enter": "enter"}
    if key in names:
        return names[key]
    char = key_to_character(key)
    return char if char and char.isprintable() else key


class HelpScreen(ModalScreen[None]):
    """A modal list of keys; any of escape, q, ? closes it."""

    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close help", id="help.close"),
    ]

    @classmethod
    def for_focus(cls, focused: Widget | None, active: dict) -> HelpScreen:
        """The help for whatever has focus: its bindings and those above it."""
        # Imported here: the reader and list modules import nothing of help, and help is
        # opened seldom.
        from briefing.tui.article_list import ArticleList
        from briefing.tui.reader import Reader

        where = {Reader: "Reader", ArticleList: "Article list", Input: "Search box"}
        name = next((label for c, label in where.items() if isinstance(focused, c)), "briefing")
        rows = describe_bindings(active)
        extra = [
            ("tab, shift+tab", "Move between the list and the readers", ""),
            ("ctrl+p", "Command palette: every action", ""),
        ]
        if isinstance(focused, Reader):
            extra[:0] = [
                ("↑ ↓ ← →, pgup pgdn", "Move the cursor", ""),
                ("shift+arrows", "Select text", ""),
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
