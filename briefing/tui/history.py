"""What `u` undoes: the annotation changes made in this session, newest last."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Change:
    """One undoable change: the article it touched, what it was, and how to take it back."""

    article_id: str
    label: str  # "Highlight deleted", shown when it is undone
    undo: Callable[[], object]


class UndoHistory:
    """Shared by every reader and the annotations view, so `u` undoes the last change
    wherever it was made."""

    def __init__(self) -> None:
        self._changes: list[Change] = []

    def __len__(self) -> int:
        return len(self._changes)

    def push(self, change: Change) -> None:
        self._changes.append(change)

    def pop(self) -> Change | None:
        return self._changes.pop() if self._changes else None
