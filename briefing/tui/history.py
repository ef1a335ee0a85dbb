"""Undo and redo for annotation changes made in this session: `u` and `ctrl+r`.

Every change the app makes to an annotation file (a highlight made, deleted, re-attached;
a colour, note or tags changed; an article's tags, note or metadata corrected) is pushed
here with how to take it back and how to do it again. Each step goes through the store
like any change (lock, re-read, write), so undoing never overwrites what another window
saved meanwhile to other highlights.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Change:
    """One change: the article it touched, what it was ("colour set to claim"), and the
    two store calls that take it back and make it again."""

    article_id: str
    label: str
    undo: Callable[[], object]
    redo: Callable[[], object]


class UndoHistory:
    """Shared by every reader and the annotations view, so `u` undoes the last change
    wherever it was made. A new change forgets what was undone before it."""

    def __init__(self) -> None:
        self._done: list[Change] = []
        self._undone: list[Change] = []

    def __len__(self) -> int:
        return len(self._done)

    @property
    def can_redo(self) -> bool:
        return bool(self._undone)

    def push(self, change: Change) -> None:
        self._done.append(change)
        self._undone.clear()

    def undo(self) -> Change | None:
        """Take back the last change; None when there is none. The store's error (an
        AnnotationError) propagates, and the change stays to be undone later."""
        if not self._done:
            return None
        change = self._done[-1]
        change.undo()
        self._undone.append(self._done.pop())
        return change

    def redo(self) -> Change | None:
        """Make the last undone change again; None when there is none."""
        if not self._undone:
            return None
        change = self._undone[-1]
        change.redo()
        self._done.append(self._undone.pop())
        return change
