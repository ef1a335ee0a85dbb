"""What an annotations file holds: highlights, an article's annotations, and their errors.

Kept apart from the store (:mod:`briefing.core.annotations.store`, which re-exports all of this)
and from the YAML form (:mod:`briefing.core.annotations.yaml_form`) so each file holds one idea.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from briefing.core.annotations.anchoring import TextQuote
from briefing.core.config import DEFAULT_LABELS
from briefing.core.corpus import clean_tags
from briefing.core.errors import BriefingError, Failure, UserError


class AnnotationError(BriefingError):
    """Base of every annotation error; ``str()`` is one line fit to show a user."""


class AnnotationFileError(AnnotationError, Failure):
    """An annotations file that cannot be read or does not have the expected shape."""

    def __init__(self, path: Path, message: str) -> None:
        self.path = path
        self.message = message
        super().__init__(f"{path}: {message}")


class AnnotationWriteError(AnnotationError, Failure):
    """Saving failed (read-only folder, disk full, lock held too long); the file is intact."""

    def __init__(self, path: Path, message: str) -> None:
        self.path = path
        self.message = message
        super().__init__(f"cannot save {path}: {message}")


class UnknownHighlight(AnnotationError, Failure, LookupError):
    """No live highlight with that id (maybe deleted in another window)."""


class InvalidAnnotation(AnnotationError, UserError, ValueError):
    """A bad value given to the store: article id, date, label."""


def text_problem(value: str) -> str | None:
    """Why *value* cannot be written as UTF-8 (one clause naming the character), or None.

    Python hands a program bytes that are not UTF-8 as lone surrogates: a latin-1 terminal's
    ``caf\\xe9`` arrives as ``"caf\\udce9"``, and JSON may spell ``"\\ud800"`` outright.
    """
    if value.isascii():
        return None
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as e:
        # shown with the bad character (and line breaks) escaped: one line, printable
        shown = "".join(c if c.isprintable() else ascii(c)[1:-1] for c in value[:60])
        bad = ascii(value[e.start])[1:-1]
        return (
            f'"{shown}" is not valid text ({bad} at character {e.start + 1} is a byte '
            "that was not UTF-8, or half a surrogate pair)"
        )
    return None


class InvalidText(InvalidAnnotation):
    """Text that cannot be written as UTF-8; *detail* names the field and the character."""

    def __init__(self, detail: str) -> None:
        self.detail = detail
        super().__init__(f"{detail}; give it as UTF-8 text")


def check_text(value: str, what: str) -> None:
    """Raise :class:`InvalidText` (one line naming *what*) unless *value* can be written
    as UTF-8."""
    if isinstance(value, str) and (problem := text_problem(value)) is not None:
        raise InvalidText(f"{what}: {problem}")


def check_storable(ann: ArticleAnnotations) -> None:
    """Raise :class:`InvalidText` naming the first field of *ann* that cannot be
    written as UTF-8, so the store never starts a file it cannot finish. Hand-added keys
    (``extra``) are not walked: they were read from a UTF-8 file."""
    check_text(ann.article_id, "the article id")
    for tag in ann.tags:
        check_text(tag, "an article tag")
    check_text(ann.note, "the article note")
    for key, value in ann.overrides.items():
        check_text(key, "a metadata correction")
        check_text(value, f"the corrected {key}")
    for h in ann.highlights:
        check_highlight(h)


def check_highlight(h: Highlight) -> None:
    """:func:`check_storable` for one highlight: its id, times, author, colour, note,
    tags and target."""
    where = f"highlight {h.id[:8]}"
    t = h.target
    for what, value in (
        ("id", h.id),
        ("created time", h.created),
        ("modified time", h.modified),
        ("author", h.author),
        ("colour label", h.color),
        ("note", h.note),
        ("quote", t.exact),
        ("quote prefix", t.prefix),
        ("quote suffix", t.suffix),
        ("content hash", t.content_hash),
    ):
        check_text(value, f"the {what} of {where}" if what != "id" else "a highlight id")
    for tag in h.tags:
        check_text(tag, f"a tag of {where}")


def utc_now() -> str:
    """The current time as ISO-8601 UTC to the second: ``2025-01-02T03:04:05Z``."""
    return utc_stamp(datetime.now(UTC))


def utc_stamp(moment: datetime) -> str:
    """An aware *moment* as ISO-8601 UTC to the second, as :func:`utc_now` writes it."""
    # isoformat, unlike strftime("%Y"), pads years before 1000 to four digits
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def clean_label(color: str) -> str:
    """A colour label stripped; raises :class:`InvalidAnnotation` when empty."""
    if not isinstance(color, str) or not color.strip():
        raise InvalidAnnotation(f"invalid colour label {color!r}: give a name such as 'claim'")
    return color.strip()


MergeOutcome = Literal["added", "updated", "unchanged"]

#: The date correction meaning "this article has no date" (its own date was wrong).
NO_DATE = "none"


def time_key(stamp: str) -> datetime:
    """A timestamp as an aware datetime for comparison; unreadable ones sort first."""
    try:
        parsed = datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        return datetime.min.replace(tzinfo=UTC)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


@dataclass(frozen=True)
class Highlight:
    """One highlighted passage. A deleted one stays as a whole tombstone (``deleted=True``)
    so that a merge cannot resurrect it and a restore can undo the deletion."""

    id: str
    created: str
    modified: str
    author: str
    color: str
    note: str
    tags: list[str]
    target: TextQuote
    deleted: bool = False
    #: Keys someone added by hand that this version does not know: kept on save, as read
    #: (shared between copies, never changed, copied or repr()'d).
    extra: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def new(
        cls,
        target: TextQuote,
        *,
        author: str,
        color: str = DEFAULT_LABELS[0],
        note: str = "",
        tags: Iterable[str] = (),
        now: str | None = None,
    ) -> Highlight:
        """A fresh highlight with a new uuid4 id, created and modified *now*."""
        now = now or utc_now()
        return cls(
            id=str(uuid.uuid4()),
            created=now,
            modified=now,
            author=author,
            color=clean_label(color),
            note=note,
            tags=clean_tags(tags),
            target=target,
        )

    def sort_key(self) -> tuple[int, str, str]:
        """Order in files: by start offset, then creation time, then id."""
        return (self.target.start, self.created, self.id)


@dataclass
class ArticleAnnotations:
    """Everything annotated on one article. Mutable: :meth:`AnnotationStore.update` hands
    one to a callback to change."""

    article_id: str
    tags: list[str] = field(default_factory=list)
    note: str = ""
    #: Metadata corrections: any of ``title``, ``date`` (YYYY-MM-DD), ``source``.
    overrides: dict[str, str] = field(default_factory=dict)
    read: bool = False
    starred: bool = False
    #: All highlights, tombstones included, in file order; see :attr:`live_highlights`.
    highlights: list[Highlight] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def live_highlights(self) -> list[Highlight]:
        """The highlights that are not deleted."""
        return [h for h in self.highlights if not h.deleted]

    def get(self, highlight_id: str) -> Highlight | None:
        """The highlight (live or tombstone) with this id, if any."""
        return next((h for h in self.highlights if h.id == highlight_id), None)

    def put(self, highlight: Highlight) -> None:
        """Replace the highlight with the same id, or add it."""
        for i, old in enumerate(self.highlights):
            if old.id == highlight.id:
                self.highlights[i] = highlight
                return
        self.highlights.append(highlight)

    def merge(self, incoming: Highlight) -> MergeOutcome:
        """Merge a highlight from elsewhere by id: unknown → added (tombstones too, so they
        keep blocking later merges); known → the later ``modified`` wins, on a tie a
        deletion wins, otherwise the local one stays. An older live copy never resurrects
        a local tombstone."""
        return self.merge_all([incoming])[0]

    def merge_all(self, incoming: Iterable[Highlight]) -> list[MergeOutcome]:
        """:meth:`merge` for each of *incoming* in turn, with one outcome each.

        The highlights are looked up in a dict by id built once: a scan of the list per
        incoming highlight made an import of 100k annotations take 278 s (issue 14).
        """
        # The first highlight with an id is the one get() and put() see.
        at: dict[str, int] = {}
        for n, h in enumerate(self.highlights):
            at.setdefault(h.id, n)
        outcomes: list[MergeOutcome] = []
        for h in incoming:
            found = at.get(h.id)
            if found is None:
                at[h.id] = len(self.highlights)
                self.highlights.append(h)
                outcomes.append("added")
            elif _wins(h, self.highlights[found]):
                self.highlights[found] = h
                outcomes.append("updated")
            else:
                outcomes.append("unchanged")
        return outcomes

    def copy(self) -> ArticleAnnotations:
        """A copy sharing nothing mutable with this one but the ``extra`` trees.

        Those (keys added by hand, kept and written back as read) are shared, never
        deep-copied: nothing in briefing changes them, and a tree from someone else's file
        may be large or deep (deepcopy recurses per level).
        """
        return replace(
            self,
            tags=list(self.tags),
            overrides=dict(self.overrides),
            highlights=[replace(h, tags=list(h.tags)) for h in self.highlights],
        )

    def is_empty(self) -> bool:
        """True when there is nothing worth a file."""
        return not (self.tags or self.note or self.overrides or self.read or self.starred) and not (
            self.highlights or self.extra
        )


def _wins(incoming: Highlight, local: Highlight) -> bool:
    """True when *incoming* replaces *local* (the same id) in a merge: it was modified
    later, or at the same time and deleted where the local one is not."""
    if local == incoming:
        return False
    theirs, ours = time_key(incoming.modified), time_key(local.modified)
    return theirs > ours or (theirs == ours and incoming.deleted and not local.deleted)
