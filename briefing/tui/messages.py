"""Messages widgets post to the app (and their containers) instead of calling them by name.

Each says what happened, not what to do about it; whoever holds the state decides.
"""

from __future__ import annotations

from textual.message import Message

from briefing.core.index import UpdateReport


class AnnotationsChanged(Message):
    """The annotations of an article were saved: re-place them wherever it is shown, and
    bring its index entry up to date (notes and tags are searchable)."""

    def __init__(self, article_id: str) -> None:
        super().__init__()
        self.article_id = article_id


class AnnotationsRequested(Message):
    """Open the annotations view (`A`) with this filter typed in ("article:ID ...")."""

    def __init__(self, query: str) -> None:
        super().__init__()
        self.query = query


class OpenArticleRequested(Message):
    """Open this article in the main reader (the go-to palette's choice)."""

    def __init__(self, article_id: str) -> None:
        super().__init__()
        self.article_id = article_id


class FlagsChangeRequested(Message):
    """Mark an article read / unread or starred / not (None leaves a flag as it is)."""

    def __init__(
        self, article_id: str, *, read: bool | None = None, starred: bool | None = None
    ) -> None:
        super().__init__()
        self.article_id = article_id
        self.read = read
        self.starred = starred


class BackRequested(Message):
    """`escape` with nothing left to cancel where it was pressed: go back one level."""


class ReadersChanged(Message):
    """A reader opened or closed; `open` is how many articles are shown now."""

    def __init__(self, open: int) -> None:
        super().__init__()
        self.open = open


class IndexProgress(Message):
    """How far the running index update is; each replaces the one before."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total


class IndexUpdated(Message):
    """An index update finished (posted from its worker thread)."""

    def __init__(self, report: UpdateReport) -> None:
        super().__init__()
        self.report = report


class IndexFailed(Message):
    """An index update could not run; `reason` is one line."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason
