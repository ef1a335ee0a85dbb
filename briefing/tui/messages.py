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
    """How far the running index update is; each replaces the one before. *stage*:
    "reading" (files into the catalog: the library can list them) or "indexing"."""

    def __init__(self, done: int, total: int, stage: str = "indexing") -> None:
        super().__init__()
        self.done = done
        self.total = total
        self.stage = stage


class IndexUpdated(Message):
    """An index update finished (posted from its worker thread). *announce*: the user
    asked for it ("Reload corpus"): say what changed even if nothing did; *quiet*: say
    nothing of it (a first build)."""

    def __init__(self, report: UpdateReport, announce: bool = False, quiet: bool = False) -> None:
        super().__init__()
        self.report = report
        self.announce = announce
        self.quiet = quiet


class CorpusChanged(Message):
    """The folder watch saw files change (posted from its thread): corpus *paths*
    (relative; files or folders) and the *articles* whose annotation files changed."""

    def __init__(self, paths: frozenset[str], articles: frozenset[str]) -> None:
        super().__init__()
        self.paths = paths
        self.articles = articles


class WatchFailed(Message):
    """The folder watch could not start or stopped; `reason` is one line."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class RepairNeeded(Message):
    """A search found the index damaged: rebuild it (`notice` says so, one line), then
    search again."""

    def __init__(self, notice: str) -> None:
        super().__init__()
        self.notice = notice


class IndexFailed(Message):
    """An index update could not run; `reason` is one line."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason
