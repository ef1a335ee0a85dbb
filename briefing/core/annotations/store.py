"""Highlights, notes and tags on articles: the model and the YAML store.

One YAML file per annotated article, ``<root>/<article id>.yaml`` (ids with ``/`` mirror
subfolders), readable and editable by hand. Every change goes through
:meth:`AnnotationStore.update`: lock, re-read from disk, change, write atomically. The
re-read under the lock is what lets two windows, or the app and a CLI call, edit one
article without losing each other's work.

The model is in :mod:`briefing.core.annotations.model` (re-exported here), its YAML form in
:mod:`briefing.core.annotations.yaml_form`. Lock files live in ``<root>/.locks/`` (one per
article, mirroring the ids), a hidden folder holding its own ``.gitignore``: they never
clutter the YAML folder nor ``git status``. Temp files of saves live there too, beside
their lock: a save killed mid-write once left ``.<id>.yaml.tmp`` beside the YAML, where
``git status`` showed it and ``git add -A`` committed half a file. Stale ones (no process
holds their lock) are removed when a store opens, old-style ones beside the YAML included.
"""

from __future__ import annotations

import errno
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from briefing.core import atomic
from briefing.core.annotations.anchoring import TextQuote
from briefing.core.annotations.author import default_author
from briefing.core.annotations.model import (
    DEFAULT_LABELS,
    NO_DATE,
    AnnotationFileError,
    AnnotationWriteError,
    ArticleAnnotations,
    Highlight,
    InvalidAnnotation,
    MergeOutcome,
    UnknownHighlight,
    check_storable,
    clean_label,
    clean_tags,
    utc_now,
)
from briefing.core.annotations.temp_files import LOCK_SUFFIX as _LOCK
from briefing.core.annotations.temp_files import remove_stale_temp_files, temp_path_beside
from briefing.core.annotations.yaml_edit import save_text
from briefing.core.annotations.yaml_form import FIX_BY_HAND as _FIX
from briefing.core.annotations.yaml_form import from_yaml
from briefing.core.corpus import parse_iso_date
from briefing.core.progress import Progress, reporting

T = TypeVar("T")

# Above this an annotations file is named in a warning, once per process: a 20 MB file
# (51k highlights) cost 47-70 s per command before issue 14, and even now every command
# that reads one costs seconds. A few thousand highlights with notes is ~1 MB.
LARGE_FILE_BYTES = 5_000_000


def _check_date(value: str) -> str:
    if parse_iso_date(value) is None:
        raise InvalidAnnotation(f"invalid date {value.strip()!r}: use YYYY-MM-DD, e.g. 2010-02-18")
    return value.strip()


class AnnotationStore:
    """The YAML files under *root*, one per annotated article.

    *author* is recorded on new highlights; when ``None`` it is looked up once, lazily
    (:func:`default_author`). *clock* gives timestamps (tests pass a fake one).
    """

    def __init__(
        self,
        root: Path,
        author: str | None = None,
        *,
        lock_timeout: float = 10.0,
        clock: Callable[[], str] = utc_now,
    ) -> None:
        self.root = Path(root)
        self._author = author
        self.lock_timeout = lock_timeout
        self._clock = clock
        # Parsed files by article id, keyed on their exact bytes: parsing is most of the cost
        # of a load (PyYAML), and all_tags() rereads every file each time it is asked.
        self._parsed: dict[str, tuple[bytes, ArticleAnnotations]] = {}
        #: One-line warnings about the files read (one that is very large), each given
        #: once to *on_warning* as well when it is set: the CLI prints them, the app
        #: shows them (from any thread).
        self.warnings: list[str] = []
        self.on_warning: Callable[[str], None] | None = None
        remove_stale_temp_files(self.root, self._lock_path)

    @property
    def author(self) -> str:
        if self._author is None:
            self._author = default_author(self.root)
        return self._author

    # --- files -----------------------------------------------------------------------

    def path_for(self, article_id: str) -> Path:
        """Where the annotations of *article_id* live (whether or not the file exists)."""
        parts = article_id.split("/")
        if not article_id or "\\" in article_id or "\0" in article_id:
            raise InvalidAnnotation(f"invalid article id {article_id!r}")
        if any(not p or p.startswith(".") for p in parts):  # no escape, no hidden files
            raise InvalidAnnotation(f"invalid article id {article_id!r}")
        return self.root.joinpath(*parts[:-1], parts[-1] + ".yaml")

    def _lock_path(self, article_id: str) -> Path:
        locks = self.root / ".locks"
        if not (locks / ".gitignore").exists():
            atomic.make_dirs(locks)
            (locks / ".gitignore").write_text(
                "# lock and temp files of briefing's annotation store\n*\n"
            )
        lock = locks.joinpath(*article_id.split("/"))
        return lock.with_name(lock.name + _LOCK)  # not with_suffix: "a.b" and "a" differ

    def _temp_path(self, article_id: str) -> Path:
        """Where a save of *article_id* is written before it replaces the YAML: beside its
        lock, so git ignores it, and inside *root*, so ``os.replace`` stays on one
        filesystem."""
        return temp_path_beside(self._lock_path(article_id))

    def _read(self, article_id: str, path: Path) -> tuple[ArticleAnnotations, bytes | None]:
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            self._parsed.pop(article_id, None)
            return ArticleAnnotations(article_id), None
        except OSError as e:
            raise AnnotationFileError(
                path, f"cannot read ({e.strerror}); check its permissions"
            ) from None
        cached = self._parsed.get(article_id)
        if cached is None or cached[0] != raw:
            if len(raw) > LARGE_FILE_BYTES:
                self._warn_large(path, len(raw))
            try:
                cached = (raw, from_yaml(raw, article_id, path))
            except (MemoryError, RecursionError):
                # Whatever a hostile file makes of the parser, it is a bad file, not a crash
                raise AnnotationFileError(
                    path, f"too large or nested too deeply to read; {_FIX}"
                ) from None
            self._parsed[article_id] = cached
        return cached[1].copy(), raw

    def _warn_large(self, path: Path, size: int) -> None:
        message = (
            f"{path} holds {size / 1e6:.0f} MB of annotations, which makes every command that "
            "reads it slow: delete the highlights you no longer need, or undo an import "
            "that added too many"
        )
        if message not in self.warnings:
            self.warnings.append(message)
            if self.on_warning is not None:
                self.on_warning(message)

    def load(self, article_id: str) -> ArticleAnnotations:
        """The annotations of *article_id*; an empty one when it has none.

        Raises :class:`AnnotationFileError` when the file does not parse or has the wrong shape.
        """
        return self._read(article_id, self.path_for(article_id))[0]

    def update(self, article_id: str, mutate: Callable[[ArticleAnnotations], T]) -> T:
        """Change an article's annotations safely and return what *mutate* returned.

        Under an exclusive lock: read the file afresh, apply *mutate*, write atomically (only
        if the bytes changed). A file that does not parse raises :class:`AnnotationFileError`
        and is never overwritten; a failed save raises :class:`AnnotationWriteError` and
        leaves the old file whole. If *mutate* raises, nothing is written.
        """
        path = self.path_for(article_id)
        try:
            with atomic.exclusive_lock(self._lock_path(article_id), self.lock_timeout):
                ann, old = self._read(article_id, path)
                before = self._parsed[article_id][1] if old is not None else None
                result = mutate(ann)
                ann.article_id = article_id
                if old is None and ann.is_empty():
                    return result
                # Before a byte is written: text that cannot be UTF-8 (a latin-1 terminal's
                # bytes, a JSON lone surrogate) is refused by name, not by a traceback from
                # the YAML emitter.
                check_storable(ann)
                try:  # only the nodes that changed, comments and hand edits kept
                    new = save_text(old, before, ann).encode("utf-8")
                except (MemoryError, RecursionError):
                    raise AnnotationFileError(
                        path, f"too large or nested too deeply to write back; {_FIX}"
                    ) from None
                except UnicodeEncodeError:  # in a hand-added key, read by PyYAML's own reader
                    raise AnnotationFileError(
                        path, f"holds text that is not UTF-8; {_FIX}"
                    ) from None
                if new != old:
                    self._write(article_id, path, new)
                    # What we wrote is what the next read will find: remember it parsed, so
                    # a save after our own save does not parse the file again (~30 ms for
                    # 200 highlights with libyaml, most of a cold save).
                    ann.highlights.sort(key=Highlight.sort_key)
                    self._parsed[article_id] = (new, ann.copy())
        except atomic.LockTimeout:
            raise AnnotationWriteError(
                path, "another briefing process kept it locked; try again"
            ) from None
        except OSError as e:
            why = e.strerror or type(e).__name__
            raise AnnotationWriteError(path, f"{why}; check that the folder is writable") from None
        return result

    def _write(self, article_id: str, path: Path, data: bytes) -> None:
        try:
            atomic.write_atomic(path, data, temp=self._temp_path(article_id))
        except OSError as e:
            if e.errno != errno.EXDEV:
                raise
            # The YAML's folder is on another filesystem (a linked subfolder): the temp file
            # must then sit beside the YAML itself.
            atomic.write_atomic(path, data)

    def article_ids(self) -> list[str]:
        """Ids of all articles with an annotations file, sorted."""
        if not self.root.is_dir():
            return []
        ids = []
        for path in self.root.rglob("*.yaml"):
            rel = path.relative_to(self.root).parts
            if not any(p.startswith(".") for p in rel) and path.is_file():
                ids.append("/".join(rel)[: -len(".yaml")])
        return sorted(ids)

    def load_all(
        self, progress: Progress | None = None
    ) -> tuple[dict[str, ArticleAnnotations], list[AnnotationFileError]]:
        """Every annotations file: those that load, and the errors of those that don't.
        *progress* gets (done, total, "loading"), done counting files."""
        loaded: dict[str, ArticleAnnotations] = {}
        errors: list[AnnotationFileError] = []
        for article_id in reporting(self.article_ids(), progress, "loading"):
            try:
                loaded[article_id] = self.load(article_id)
            except AnnotationFileError as e:
                errors.append(e)
        return loaded, errors

    def all_tags(self) -> Counter[str]:
        """How often each tag is used, on articles and live highlights (for completion)."""
        counts: Counter[str] = Counter()
        for ann in self.load_all()[0].values():
            counts.update(ann.tags)
            for h in ann.live_highlights:
                counts.update(h.tags)
        return counts

    # --- highlights --------------------------------------------------------------------

    def add_highlight(
        self,
        article_id: str,
        target: TextQuote,
        color: str = DEFAULT_LABELS[0],
        note: str = "",
        tags: Iterable[str] = (),
    ) -> Highlight:
        """Highlight *target* and return the new :class:`Highlight`."""
        highlight = Highlight.new(
            target, author=self.author, color=color, note=note, tags=tags, now=self._clock()
        )

        def mutate(ann: ArticleAnnotations) -> Highlight:
            ann.highlights.append(highlight)
            return highlight

        return self.update(article_id, mutate)

    def _edit(
        self,
        article_id: str,
        highlight_id: str,
        change: Callable[[Highlight], dict[str, object]],
        deleted_ok: bool = False,
    ) -> Highlight:
        def mutate(ann: ArticleAnnotations) -> Highlight:
            old = ann.get(highlight_id)
            if old is None or (old.deleted and not deleted_ok):
                raise UnknownHighlight(
                    f"no highlight {highlight_id} on {article_id} (deleted elsewhere?); reload it"
                )
            new = replace(old, **change(old))  # type: ignore[arg-type]
            if new == old:  # nothing changed: keep the time, skip the write
                return old
            new = replace(new, modified=self._clock())
            ann.put(new)
            return new

        return self.update(article_id, mutate)

    def set_note(self, article_id: str, highlight_id: str, note: str) -> Highlight:
        """Replace a highlight's note (``""`` clears it)."""
        return self._edit(article_id, highlight_id, lambda h: {"note": note})

    def set_color(self, article_id: str, highlight_id: str, color: str) -> Highlight:
        """Set a highlight's colour label (any non-empty string)."""
        label = clean_label(color)
        return self._edit(article_id, highlight_id, lambda h: {"color": label})

    def set_highlight_tags(
        self, article_id: str, highlight_id: str, tags: Iterable[str]
    ) -> Highlight:
        """Replace a highlight's tags."""
        new = clean_tags(tags)
        return self._edit(article_id, highlight_id, lambda h: {"tags": new})

    def add_highlight_tags(
        self, article_id: str, highlight_id: str, tags: Iterable[str]
    ) -> Highlight:
        """Add tags to a highlight, keeping those it has."""
        new = clean_tags(tags)
        return self._edit(article_id, highlight_id, lambda h: {"tags": clean_tags([*h.tags, *new])})

    def delete_highlight(self, article_id: str, highlight_id: str) -> Highlight:
        """Turn a highlight into a tombstone (undo with :meth:`restore_highlight`)."""
        return self._edit(article_id, highlight_id, lambda h: {"deleted": True}, deleted_ok=True)

    def restore_highlight(self, article_id: str, highlight_id: str) -> Highlight:
        """Bring a deleted highlight back as it was."""
        return self._edit(article_id, highlight_id, lambda h: {"deleted": False}, deleted_ok=True)

    def retarget_highlight(
        self, article_id: str, highlight_id: str, target: TextQuote
    ) -> Highlight:
        """Attach a highlight (say, an orphan) to a new passage; note, tags, colour stay."""
        return self._edit(article_id, highlight_id, lambda h: {"target": target})

    def merge_highlight(self, article_id: str, incoming: Highlight) -> MergeOutcome:
        """Merge a highlight from elsewhere (an import) by id.

        Unknown id: added (tombstones too, so they keep blocking later merges). Known id:
        the later ``modified`` wins; on a tie a deletion wins, otherwise the local one stays.
        So an older live copy never resurrects a local tombstone.
        """

        return self.update(article_id, lambda ann: ann.merge(incoming))

    def merge_highlights(
        self, article_id: str, incoming: Iterable[Highlight]
    ) -> list[MergeOutcome]:
        """:meth:`merge_highlight` for many highlights of one article in one locked update
        (an update parses and writes the whole file: one update per highlight is quadratic)."""
        batch = list(incoming)
        return self.update(article_id, lambda ann: ann.merge_all(batch))

    # --- the article -------------------------------------------------------------------

    def set_article_tags(self, article_id: str, tags: Iterable[str]) -> list[str]:
        """Replace the article's tags; returns them cleaned."""
        new = clean_tags(tags)

        def mutate(ann: ArticleAnnotations) -> list[str]:
            ann.tags = list(new)
            return list(new)

        return self.update(article_id, mutate)

    def add_article_tags(self, article_id: str, tags: Iterable[str]) -> list[str]:
        """Add tags to the article, keeping those it has; returns all its tags."""
        new = clean_tags(tags)

        def mutate(ann: ArticleAnnotations) -> list[str]:
            ann.tags = clean_tags([*ann.tags, *new])
            return list(ann.tags)

        return self.update(article_id, mutate)

    def set_article_note(self, article_id: str, note: str) -> None:
        """Replace the article's note (``""`` clears it)."""

        def mutate(ann: ArticleAnnotations) -> None:
            ann.note = note

        self.update(article_id, mutate)

    def set_overrides(
        self,
        article_id: str,
        title: str | None = None,
        date: str | None = None,
        source: str | None = None,
    ) -> dict[str, str]:
        """Correct the article's metadata. ``None`` leaves a field as it is, ``""`` removes
        the correction. *date* must be YYYY-MM-DD, or ``NO_DATE`` ("none") for an article
        whose own date is wrong and has none to put in its place. Returns all overrides
        now in force."""
        given = {"title": title, "date": date, "source": source}
        if date and date.strip() != NO_DATE:
            given["date"] = _check_date(date)

        def mutate(ann: ArticleAnnotations) -> dict[str, str]:
            for key, value in given.items():
                if value is None:
                    continue
                if value.strip():
                    ann.overrides[key] = value.strip()
                else:
                    ann.overrides.pop(key, None)
            return dict(ann.overrides)

        return self.update(article_id, mutate)

    def set_flags(
        self, article_id: str, read: bool | None = None, starred: bool | None = None
    ) -> None:
        """Set the read and/or starred flags; ``None`` leaves one as it is."""

        def mutate(ann: ArticleAnnotations) -> None:
            if read is not None:
                ann.read = bool(read)
            if starred is not None:
                ann.starred = bool(starred)

        self.update(article_id, mutate)
