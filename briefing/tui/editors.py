"""Small modal editors: a note, tags with completion, an article's metadata.

Each is given a `save` function that stores the value and returns None, or returns a
one-line reason it could not; the editor then stays open with the reason shown, so nothing
typed is lost to a bad date or a file another window has locked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, Label, TextArea

from briefing.core.annotations import clean_tags
from briefing.core.corpus import parse_iso_date
from briefing.core.display import for_terminal, one_line

V = TypeVar("V")
# A line of a dialog (class dialog-line) is cut by the dialog's width, with an ellipsis;
# this only bounds what is handed to it. A cut to a fixed 74 went unmarked at 80 columns.
LINE = 1000
Save = Callable[[V], "str | None"]


class Editor(ModalScreen[bool], Generic[V]):
    """A dialog that closes only once `save` accepted its value (dismisses True), or on
    escape (dismisses False)."""

    def __init__(self, save: Save):
        super().__init__()
        self.save = save

    def submit(self, value: V) -> None:
        problem = self.save(value)
        if problem:
            self.query_one(".dialog-error", Label).update(problem)
        else:
            self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)


class NoteEditor(Editor[str]):
    """A multi-line note. ctrl+s saves; escape cancels, but asks first (a second escape)
    when what was typed would be lost."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save note", id="note.save"),
        Binding("escape", "cancel", "Cancel", id="note.cancel"),
    ]

    def __init__(self, title: str, note: str, save: Save):
        super().__init__(save)
        self.title_text = title
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(for_terminal(self.title_text), classes="dialog-title", markup=False)
            # A note from someone else's file is shown (and, if saved, kept) with any
            # control characters as visible symbols: never sent to the terminal.
            yield TextArea(
                for_terminal(self.note), id="note-text", soft_wrap=True, tab_behavior="focus"
            )
            yield Label("", classes="dialog-error", markup=False)
            yield Label("ctrl+s save · esc cancel", classes="dialog-help")

    def on_mount(self) -> None:
        editor = self.query_one("#note-text", TextArea)
        editor.focus()
        editor.move_cursor(editor.document.end)

    def action_save(self) -> None:
        self.submit(self.query_one("#note-text", TextArea).text.strip())

    def action_cancel(self) -> None:
        typed = self.query_one("#note-text", TextArea).text.strip()
        error = self.query_one(".dialog-error", Label)
        if typed != for_terminal(self.note).strip() and not error.has_class("-discard"):
            error.add_class("-discard")
            error.update("The note has unsaved changes: esc again discards them, ctrl+s saves.")
            return
        self.dismiss(False)


class TagSuggester(Suggester):
    """Completes the last comma-separated tag being typed from tags already in use."""

    def __init__(self, tags: list[str]):
        super().__init__(use_cache=False, case_sensitive=False)
        self.tags = tags

    async def get_suggestion(self, value: str) -> str | None:
        head, _, last = value.rpartition(",")
        last = last.lstrip()
        if not last:
            return None
        for tag in self.tags:
            if tag.lower().startswith(last.lower()) and tag.lower() != last.lower():
                prefix = f"{head}, " if head else ""
                return prefix + tag
        return None


def parse_tags(value: str) -> list[str]:
    return clean_tags(value.split(","))


class TagEditor(Editor[list[str]]):
    """Comma-separated tags; right arrow accepts a completion, enter saves."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="tags.cancel")]

    def __init__(
        self,
        title: str,
        tags: list[str],
        known: list[str],
        save: Save,
        from_file: list[str] | None = None,
    ):
        """*tags*: the editable tags (kept in the annotations); *from_file*: the article's
        own tags from its front matter, shown read-only (the corpus is never written)."""
        super().__init__(save)
        self.title_text = title
        self.tags = tags
        self.known = known
        self.from_file = from_file or []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(for_terminal(self.title_text), classes="dialog-title", markup=False)
            yield Input(
                for_terminal(", ".join(self.tags)),
                placeholder="tags, comma separated",
                suggester=TagSuggester(self.known),
                id="tags-input",
            )
            if self.from_file:
                fixed = ", ".join(self.from_file)
                yield Label(
                    one_line(f"From the article's file (read-only): {fixed}", LINE),
                    classes="dialog-help dialog-line",
                    markup=False,
                )
            known = ", ".join(self.known) or "none yet"
            yield Label(
                one_line(f"in use: {known}", LINE), classes="dialog-help dialog-line", markup=False
            )
            yield Label("", classes="dialog-error", markup=False)
            yield Label("enter save · → complete · esc cancel", classes="dialog-help")

    def on_mount(self) -> None:
        self.query_one("#tags-input", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit(parse_tags(event.value))


@dataclass(frozen=True)
class MetadataEdit:
    title: str
    date: str
    source: str


class MetadataEditor(Editor[MetadataEdit]):
    """Corrections to an article's title, date and source; stored as annotations."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="meta.cancel"),
        Binding("ctrl+s", "save", "Save", id="meta.save"),
    ]

    def __init__(self, title: str, date: str, source: str, save: Save):
        super().__init__(save)
        self.values = MetadataEdit(title, date, source)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(
                "Correct the article's metadata (the corpus file is not changed)",
                classes="dialog-title",
            )
            yield Label("Title")
            yield Input(for_terminal(self.values.title), id="meta-title")
            yield Label("Date (YYYY-MM-DD; empty: the article has no date)")
            yield Input(for_terminal(self.values.date), id="meta-date", placeholder="YYYY-MM-DD")
            yield Label("Source")
            yield Input(for_terminal(self.values.source), id="meta-source")
            yield Label("", id="meta-error", classes="dialog-error", markup=False)
            yield Label("enter / ctrl+s save · tab next field · esc cancel", classes="dialog-help")

    def on_mount(self) -> None:
        self.query_one("#meta-title", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        date = self.query_one("#meta-date", Input).value.strip()
        if date and parse_iso_date(date) is None:
            self.query_one("#meta-error", Label).update(
                f"{date!r} is not a date: use YYYY-MM-DD, a day that exists."
            )
            return
        self.submit(
            MetadataEdit(
                self.query_one("#meta-title", Input).value.strip(),
                date,
                self.query_one("#meta-source", Input).value.strip(),
            )
        )
