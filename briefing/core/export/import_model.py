"""What an import file holds once read, whatever its kind: :class:`ImportFile`.

Each reader (:mod:`.w3c_import`, :mod:`.hypothesis_import`, :mod:`.readwise_import`) turns
a file into :class:`IncomingHighlight` and :class:`IncomingArticleData` items, each naming
its article by an :class:`ArticleKey` (ids, web address, title) and keeping the raw item
it came from, so that whatever is not imported can be written back out in the file's own
form (:attr:`ImportFile.write_leftovers`) rather than dropped. Merging is
:mod:`.importing`'s.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from briefing.core.annotations import text_problem
from briefing.core.errors import UserError


class ImportFileError(UserError):
    """An import file that cannot be read or is not of a kind briefing imports; one line
    naming the file and, where there is one, the field at fault. A file the user gave
    that must be fixed (or another chosen): exit 2."""

    def __init__(self, name: str, message: str) -> None:
        self.name = name
        self.message = message
        super().__init__(f"{name}: {message}")


class ImportTextError(ImportFileError):
    """An import file holding text that cannot be stored as UTF-8 (a JSON lone surrogate
    such as ``"\\ud800"``), refused by name like text the store refuses."""


class Invalid(Exception):
    """The file's shape is wrong; the message says where and how (readers raise it, and
    :func:`read_checked` turns it into an :class:`ImportFileError` naming the file)."""


class BadText(Invalid):
    """Text that cannot be written as UTF-8, at the place the message names."""


def check_text(item: Any, where: str) -> None:
    """:class:`BadText` naming the first string in *item* that cannot be UTF-8."""
    if (bad := bad_text(item, where)) is not None:
        raise BadText(bad)


@dataclass(frozen=True)
class ArticleKey:
    """How an incoming item names its article, tried in this order: *ids* (from our
    ``urn:briefing:article:`` IRIs and corpus paths), *url*, *title*."""

    ids: tuple[str, ...] = ()
    url: str | None = None
    title: str | None = None
    #: The target's own name for it (a W3C ``source``), shown in messages.
    source: str | None = None

    def shown(self) -> str:
        """The key as a person would recognise it, for messages."""
        titled = f"titled {self.title!r}" if self.title else ""
        return self.source or self.url or titled or next(iter(self.ids), "(unnamed)")


@dataclass(frozen=True)
class IncomingHighlight:
    """One highlight read from the file, before it is matched to a local article."""

    id: str
    created: str
    modified: str
    author: str
    note: str
    tags: list[str]
    color: str
    article: ArticleKey
    exact: str
    prefix: str
    suffix: str
    start: int | None  # a position hint (TextPositionSelector); None when not given
    end: int | None
    #: The content hash the position refers to ("" when unknown).
    content_hash: str = ""
    #: Index of the raw item it came from in :attr:`ImportFile.raw`.
    raw: int = 0


ArticleDataKind = Literal["tags", "note", "corrections"]


@dataclass(frozen=True)
class IncomingArticleData:
    """What someone wrote about an article itself: its tags, note or corrections."""

    id: str
    kind: ArticleDataKind
    article: ArticleKey
    tags: tuple[str, ...] = ()
    note: str = ""
    corrections: tuple[tuple[str, str], ...] = ()
    raw: int = 0


Incoming = IncomingHighlight | IncomingArticleData


@dataclass
class ImportFile:
    """A file read whole and checked: *items* to import, *skipped* (raw index, reason)
    for items well formed but of no use here (a reply, a page note), *raw* the file's
    items as they came, and *write_leftovers*, which writes some of them (by index) back in
    the file's own kind, so what is not imported can be imported later."""

    kind: str
    items: list[Incoming]
    skipped: list[tuple[int, str]]
    raw: Sequence[Any]
    write_leftovers: Callable[[list[int]], str]
    #: The file name suffix of the kind (".json", ".csv"), for the leftovers file.
    suffix: str = ".json"


@dataclass
class ImportReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    #: Of the annotations merged, how many could not be placed in the local text (they are
    #: kept as orphans, and also counted as added, updated or unchanged).
    orphaned: int = 0
    #: One line per annotation left out, with the reason.
    skipped: list[str] = field(default_factory=list)
    #: One line per article note or correction kept as it was because theirs differs.
    conflicts: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = (
            f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.orphaned} orphaned"
        )
        if self.skipped:
            text += f", {len(self.skipped)} skipped"
        if self.conflicts:
            text += f", {len(self.conflicts)} kept yours"
        return text


def bad_text(item: Any, where: str) -> str | None:
    """The first string in *item* (walked to any depth) that cannot be written as UTF-8:
    its place and why; None when there is none."""
    # First without naming places: that was half the cost of reading 100k annotations.
    plain: list[Any] = [item]
    while plain:
        value = plain.pop()
        if isinstance(value, str):
            if text_problem(value) is not None:
                break
        elif isinstance(value, dict):
            plain.extend(value.values())
        elif isinstance(value, list):
            plain.extend(value)
    else:
        return None
    stack = [(item, where)]
    while stack:  # a loop, not recursion: json.loads nests deeper than Python recurses
        value, here = stack.pop()
        if isinstance(value, str):
            if (problem := text_problem(value)) is not None:
                return f"{here} {problem}"
        elif isinstance(value, dict):
            stack.extend((v, f"{here}.{k}") for k, v in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend((v, f"{here}[{i}]") for i, v in reversed(list(enumerate(value))))
    return None


def check_unique(items: list[Incoming]) -> None:
    """:class:`Invalid` when two highlights share an id (which would merge as one)."""
    seen: set[str] = set()
    for item in items:
        if isinstance(item, IncomingHighlight):
            if item.id in seen:
                raise Invalid(f"annotation {item.id} appears twice")
            seen.add(item.id)
