"""Find in the open article (`f`): a line under the reader; matches are marked and `n` /
`N` walk them. No corpus search runs."""

from __future__ import annotations

from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input


class FindBox(Input):
    """The find line of one reader pane; hidden until `f`."""

    BINDINGS = [Binding("escape", "close", "Close find", id="find.close")]

    class Closed(Message):
        """The find line was closed (escape); focus goes back to the reader."""

    def __init__(self, **kwargs) -> None:  # noqa: ANN003 - Input's
        super().__init__(placeholder="Find in this article (case and accents ignored)", **kwargs)

    def on_mount(self) -> None:
        self.display = False

    def open(self) -> None:
        self.display = True
        self.focus()

    def action_close(self) -> None:
        self.display = False
        self.post_message(self.Closed())
