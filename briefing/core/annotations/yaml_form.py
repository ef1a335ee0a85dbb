"""The YAML form of an annotations file (schema 1): :func:`to_yaml` and :func:`from_yaml`.

Reading is tolerant of hand edits: missing keys get defaults, unknown keys are kept and
written back; only a wrong shape is an error. The model itself is in
:mod:`briefing.core.annotations.model`.
"""

from __future__ import annotations

import itertools
import re
import threading
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import yaml

from briefing.core.annotations import yamlio
from briefing.core.annotations.anchoring import TextQuote
from briefing.core.annotations.model import (
    DEFAULT_LABELS,
    AnnotationFileError,
    ArticleAnnotations,
    Highlight,
    InvalidText,
    check_storable,
    clean_tags,
    utc_stamp,
)

SCHEMA_VERSION = 1

_STAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")


# --- writing ---------------------------------------------------------------------------

_TOP_KEYS = ("schema", "article", "read", "starred", "tags", "note", "overrides", "highlights")
_HIGHLIGHT_KEYS = (
    "id",
    "deleted",
    "created",
    "modified",
    "author",
    "color",
    "note",
    "tags",
    "target",
)
_OVERRIDE_KEYS = ("title", "date", "source")


def _stamp_out(value: str) -> str:
    """Canonical stamps are written unquoted (YAML timestamps); anything else as text."""
    try:
        canonical = (
            bool(_STAMP.fullmatch(value)) and utc_stamp(datetime.fromisoformat(value)) == value
        )
    except ValueError:
        canonical = False
    return yamlio.Timestamp(value) if canonical else value


def _date_out(value: str) -> str:
    try:
        canonical = date.fromisoformat(value).isoformat() == value
    except ValueError:
        canonical = False
    return yamlio.Timestamp(value) if canonical else value


def highlight_doc(h: Highlight) -> dict[str, Any]:
    """The keys briefing writes for one highlight, as plain data, in file order."""
    doc: dict[str, Any] = {"id": h.id}
    if h.deleted:
        doc["deleted"] = True
    t = h.target
    doc |= {
        "created": _stamp_out(h.created),
        "modified": _stamp_out(h.modified),
        "author": h.author,
        "color": h.color,
        "note": h.note,
        "tags": list(h.tags),
        "target": {
            "exact": t.exact,
            "prefix": t.prefix,
            "suffix": t.suffix,
            "start": t.start,
            "end": t.end,
            "content_hash": t.content_hash,
        },
    }
    return doc | {k: v for k, v in h.extra.items() if k not in _HIGHLIGHT_KEYS}


def head_doc(ann: ArticleAnnotations) -> dict[str, Any]:
    """The top-level keys briefing writes for *ann*, as plain data, in file order."""
    overrides = {k: ann.overrides[k] for k in _OVERRIDE_KEYS if k in ann.overrides}
    overrides |= {k: v for k, v in ann.overrides.items() if k not in overrides}
    if "date" in overrides:
        overrides["date"] = _date_out(overrides["date"])
    return {
        "schema": SCHEMA_VERSION,
        "article": ann.article_id,
        "read": ann.read,
        "starred": ann.starred,
        "tags": list(ann.tags),
        "note": ann.note,
        "overrides": overrides,
    }


def to_yaml(ann: ArticleAnnotations) -> str:
    """The YAML text of *ann*: stable key order, highlights sorted by position."""
    head = head_doc(ann)
    highlights = sorted(ann.highlights, key=Highlight.sort_key)
    tail = {k: v for k, v in ann.extra.items() if k not in _TOP_KEYS}
    text = _pieced(head, highlights, tail, python=False)
    # One emitter for the whole file, so it stays equal to one dump of the document
    if yamlio.needs_python_emitter(text):
        text = _pieced(head, highlights, tail, python=True)
    return text


def _pieced(
    head: dict[str, Any], highlights: list[Highlight], tail: dict[str, Any], *, python: bool
) -> str:
    # A block sequence is the concatenation of its items' dumps, so each highlight is
    # dumped once and reused: PyYAML's representer is most of a save's time, and a save
    # changes one highlight of many. Tests hold this to a plain dump of the whole document.
    parts: list[tuple[str, Any]] = [
        (yamlio.dump(head, python=python), head),
        ("highlights:\n" if highlights else "highlights: []\n", None),
    ]
    parts += [(_highlight_yaml(h, python), h) for h in highlights]
    _trim_pieces(keep=len(highlights))
    if tail:
        parts.append((yamlio.dump(tail, python=python), tail))
    if not any(piece.endswith(_END) for piece, _ in parts[:-1]):
        return "".join(piece for piece, _ in parts)
    return _joined_at_end(parts, python)


# The document-end marker a dump ends with after a scalar kept with its trailing newlines
# (`|+`: a quote that ends a paragraph, a note ending in a blank line).
_END = "\n...\n"
_KEPT = "kept\n\n"  # a string dumped as such a scalar


def _joined_at_end(parts: list[tuple[str, Any]], python: bool) -> str:
    """The pieces as one dump of the whole document writes them: the marker never mid-file
    (it would end the document there), and at the end only where that dump puts one.

    PyYAML's emitter writes it when the document's last scalar was kept (any indicator
    after one forgets it); libyaml's when its last block scalar was (only a block scalar's
    header forgets it). Such files were once dumped whole, uncached, at every save: 232
    quotes of the 51k in issue 14's file ended a paragraph.
    """
    text = "".join(piece[:-4] if piece.endswith(_END) else piece for piece, _ in parts)
    ends = parts[-1][0].endswith(_END)
    if not python:
        for piece, data in reversed(parts):
            ends = piece.endswith(_END)
            # A piece without "|" or ">" has no block scalar, and leaves the answer to
            # the pieces before it.
            if ends or (("|" in piece or ">" in piece) and _has_block(data)):
                break
    return text + "...\n" if ends else text


def _has_block(data: Any) -> bool:
    """True when libyaml dumps *data* (a highlight, or plain data) with a block scalar in
    it, told by whether one kept scalar before it still owes the marker after it."""
    if isinstance(data, Highlight):
        data = highlight_doc(data)
    return not yamlio.dump([_KEPT, data], python=False).endswith(_END)


# Each highlight's dump, least recently used first. A save dumps the file before and after
# the change (yaml_edit.save_text), so the cache holds at least one whole file: smaller than
# the file, it dumped all 51k highlights of one twice per save (issue 14).
_HIGHLIGHT_YAML: dict[tuple, str] = {}
_HIGHLIGHT_YAML_MAX = 20_000
_HIGHLIGHT_YAML_LOCK = threading.Lock()  # the app saves from worker threads


def _trim_pieces(keep: int) -> None:
    """Drop the least recently used dumps beyond _HIGHLIGHT_YAML_MAX, or beyond twice
    *keep* (the highlights of the file just dumped, and as many besides) if that is more."""
    with _HIGHLIGHT_YAML_LOCK:
        excess = len(_HIGHLIGHT_YAML) - max(_HIGHLIGHT_YAML_MAX, 2 * keep)
        for key in list(itertools.islice(_HIGHLIGHT_YAML, max(0, excess))):
            del _HIGHLIGHT_YAML[key]


def highlight_yaml(h: Highlight) -> str:
    """One highlight as an item of the ``highlights`` block sequence (``- id: ...``)."""
    text = _highlight_yaml(h, python=False)
    return _highlight_yaml(h, True) if yamlio.needs_python_emitter(text) else text


def _highlight_yaml(h: Highlight, python: bool) -> str:
    if h.extra:
        # Keys added by hand are someone else's tree: it is never repr()'d, hashed or
        # copied (repr of a tree sharing its nodes is exponential). Such highlights are
        # rare, so they are dumped afresh rather than cached.
        return yamlio.dump([highlight_doc(h)], python=python)
    key = (
        h.id,
        h.created,
        h.modified,
        h.author,
        h.color,
        h.note,
        tuple(h.tags),
        h.target,
        h.deleted,
        python,
    )
    with _HIGHLIGHT_YAML_LOCK:
        text = _HIGHLIGHT_YAML.pop(key, None)  # and put back last: most recently used
    if text is None:
        text = yamlio.dump([highlight_doc(h)], python=python)
    with _HIGHLIGHT_YAML_LOCK:
        _HIGHLIGHT_YAML[key] = text
    return text


# --- reading ---------------------------------------------------------------------------

#: What a user can do about a file that is refused (ends every such error).
FIX_BY_HAND = "fix it by hand or restore it from git; it will not be overwritten until then"
_FIX = FIX_BY_HAND


class _Shape(Exception):
    """A value of the wrong kind; the message names where."""


def _text(value: Any, where: str) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise _Shape(f"{where} should be text (put it in quotes)")


def _int(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Shape(f"{where} should be a whole number")
    return value


def _flag(value: Any, where: str) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        raise _Shape(f"{where} should be true or false")
    return value


def _tags(value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return clean_tags([value])
    if not isinstance(value, list):
        raise _Shape(f"{where} should be a list of tags")
    return clean_tags(_text(v, f"{where}[{i}]") for i, v in enumerate(value))


def _mapping(value: Any, where: str) -> dict[Any, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _Shape(f"{where} should be a mapping of keys to values")
    return value


def _stamp_in(value: Any, where: str) -> str:
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        try:
            return utc_stamp(aware.astimezone(UTC))
        except OverflowError:  # year 1 or 9999 shifted out of range by its offset
            return value.isoformat()
    if isinstance(value, date):
        return f"{value.isoformat()}T00:00:00Z"
    return _text(value, where)


def _highlight_in(raw: Any, where: str) -> Highlight:
    doc = _mapping(raw, where)
    hl_id = _text(doc.get("id"), f"{where}.id")
    if not hl_id:
        raise _Shape(f"{where} has no id")
    target = _mapping(doc.get("target"), f"{where}.target")
    if "exact" not in target or "start" not in target or "end" not in target:
        raise _Shape(f"{where}.target needs exact, start and end")
    try:
        quote = TextQuote(
            exact=_text(target["exact"], f"{where}.target.exact"),
            prefix=_text(target.get("prefix"), f"{where}.target.prefix"),
            suffix=_text(target.get("suffix"), f"{where}.target.suffix"),
            start=_int(target["start"], f"{where}.target.start"),
            end=_int(target["end"], f"{where}.target.end"),
            content_hash=_text(target.get("content_hash"), f"{where}.target.content_hash"),
        )
    except (TypeError, ValueError) as e:  # whatever TextQuote itself refuses
        raise _Shape(f"{where}.target: {e}") from None
    created = _stamp_in(doc.get("created"), f"{where}.created")
    return Highlight(
        id=hl_id,
        created=created,
        modified=_stamp_in(doc.get("modified"), f"{where}.modified") or created,
        author=_text(doc.get("author"), f"{where}.author"),
        color=_text(doc.get("color"), f"{where}.color").strip() or DEFAULT_LABELS[0],
        note=_text(doc.get("note"), f"{where}.note"),
        tags=_tags(doc.get("tags"), f"{where}.tags"),
        target=quote,
        deleted=_flag(doc.get("deleted"), f"{where}.deleted"),
        extra={k: v for k, v in doc.items() if k not in _HIGHLIGHT_KEYS},
    )


def _article_in(doc: Any, article_id: str) -> ArticleAnnotations:
    doc = _mapping(doc, "the top level")
    overrides = {
        str(k): _text(v, f"overrides.{k}")
        for k, v in _mapping(doc.get("overrides"), "overrides").items()
    }
    highlights = doc.get("highlights") or []
    if not isinstance(highlights, list):
        raise _Shape("highlights should be a list")
    return ArticleAnnotations(
        article_id=article_id,
        tags=_tags(doc.get("tags"), "tags"),
        note=_text(doc.get("note"), "note"),
        overrides={k: v for k, v in overrides.items() if v},
        read=_flag(doc.get("read"), "read"),
        starred=_flag(doc.get("starred"), "starred"),
        highlights=sorted(
            (_highlight_in(h, f"highlights[{i}]") for i, h in enumerate(highlights)),
            key=Highlight.sort_key,
        ),
        extra={k: v for k, v in doc.items() if k not in _TOP_KEYS},
    )


# Hand-added values nested deeper than this are refused: the emitter recurses per level
# (~3 frames each), so a tree libyaml reads (it stops at 1000 levels) could not be saved.
_MAX_DEPTH = 64


def _check_depth(ann: ArticleAnnotations) -> None:
    """Raise :class:`_Shape` when a hand-added value is nested deeper than _MAX_DEPTH.
    Known keys need no walk: their shapes are checked (a tag that is a list is refused)."""
    stack: list[tuple[Any, int]] = [(ann.extra, 1)]
    stack += [(h.extra, 2) for h in ann.highlights if h.extra]
    while stack:
        value, depth = stack.pop()
        if depth > _MAX_DEPTH:
            raise _Shape(f"a hand-added value is nested more than {_MAX_DEPTH} levels deep")
        if isinstance(value, dict):
            stack += [(v, depth + 1) for v in value.values()]
        elif isinstance(value, list):
            stack += [(v, depth + 1) for v in value]


def from_yaml(raw: bytes, article_id: str, path: Path) -> ArticleAnnotations:
    """Parse an annotations file; :class:`AnnotationFileError` (one line) if it can't be:
    not UTF-8, not YAML, an anchor or alias (refused, never followed), nested too deeply,
    the wrong shape, text that cannot be UTF-8, or a newer schema."""
    with yamlio.paused_gc():  # millions of objects, none garbage: see paused_gc
        return _from_yaml(raw, article_id, path)


def _from_yaml(raw: bytes, article_id: str, path: Path) -> ArticleAnnotations:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise AnnotationFileError(path, f"not UTF-8 text (byte {e.start}); {_FIX}") from None
    try:
        doc = yamlio.load(text)
    except yamlio.AliasRefused as e:
        line = e.problem_mark.line + 1 if e.problem_mark is not None else "?"
        raise AnnotationFileError(
            path,
            f"has a YAML {e.what} ({e.name} at line {line}), which annotation files may not "
            f"use: write the value out in full; {_FIX}",
        ) from None
    except RecursionError:
        raise AnnotationFileError(path, f"nested too deeply to read; {_FIX}") from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        at = f" at line {mark.line + 1}" if mark is not None else ""
        raise AnnotationFileError(path, f"not valid YAML ({problem}{at}); {_FIX}") from None
    if isinstance(doc, dict) and "schema" in doc:
        schema = doc["schema"]
        if isinstance(schema, int) and not isinstance(schema, bool) and schema > SCHEMA_VERSION:
            raise AnnotationFileError(
                path, f"written by a newer briefing (schema {schema}); upgrade briefing to edit it"
            )
    try:
        ann = _article_in(doc, article_id)
        _check_depth(ann)
    except _Shape as e:
        raise AnnotationFileError(path, f"{e}; {_FIX}") from None
    # A "\ud800" escape: libyaml refuses it, PyYAML's own reader lets it through. Only an
    # escape makes one (the text decoded as UTF-8), so a file without any is not walked.
    try:
        if "\\u" in text or "\\U" in text:
            check_storable(replace(ann, article_id=""))
    except InvalidText as e:
        raise AnnotationFileError(path, f"{e.detail}; {_FIX}") from None
    return ann
