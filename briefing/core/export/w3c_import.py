"""Importing W3C Web Annotation JSON: reading an annotation file and merging it into the store.

Accepts an AnnotationCollection (its embedded pages, chained by ``next``), an
AnnotationPage or a lone Annotation, written by briefing (:mod:`briefing.core.export.w3c`, which
also sets out the choices made in the format) or another tool. Importing validates the whole
file before changing anything; an annotation that is well formed but cannot be used here (an
article this corpus lacks, no quote to anchor) is skipped with a reason rather than failing
the file. Merging never resurrects a local tombstone with an older copy (see
:meth:`ArticleAnnotations.merge`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote

from briefing.core.annotations import (
    AnchorStatus,
    AnnotationStore,
    Highlight,
    TextQuote,
    quote_at,
    reanchor,
    text_problem,
)
from briefing.core.config import DEFAULT_LABELS
from briefing.core.corpus import Article, clean_tags
from briefing.core.errors import EXIT_USAGE, UserError
from briefing.core.export.collect import ArticleLookup
from briefing.core.export.model import ARTICLE_IRI
from briefing.core.export.w3c import ANNO_CONTEXT, highlight_id_of

_CONTEXTS = {ANNO_CONTEXT, "https://www.w3.org/ns/anno.jsonld"}
# Pages followed at most when importing a collection whose pages are chained by "next".
_MAX_PAGES = 10_000


class ImportFileError(UserError):
    """An import file that cannot be read or is not W3C annotation JSON; one line. The file
    is one the user named: fixing the command (another file) is theirs, so exit 2."""

    def __init__(self, name: str, message: str) -> None:
        self.name = name
        self.message = message
        super().__init__(f"{name}: {message}")


class ImportTextError(ImportFileError, UserError):
    """An import file holding text that cannot be stored as UTF-8 (a JSON lone surrogate
    such as ``"\\ud800"``). Valid JSON, so an :class:`ImportFileError`; but, like text
    refused by the store, input to correct: exit 2, as a :class:`UserError`."""

    exit_code = EXIT_USAGE


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

    def summary(self) -> str:
        text = (
            f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.orphaned} orphaned"
        )
        return text + (f", {len(self.skipped)} skipped" if self.skipped else "")


class _Invalid(Exception):
    """The file's shape is wrong; the message says where and how."""


@dataclass(frozen=True)
class IncomingAnnotation:
    """One annotation read from the file, before it is matched to a local article."""

    id: str
    created: str
    modified: str
    author: str
    note: str
    tags: list[str]
    color: str
    source: str
    article_ids: tuple[str, ...]  # candidates: from the source IRI, then from the path
    exact: str
    prefix: str
    suffix: str
    start: int | None
    end: int | None


def _is_type(obj: dict[str, Any], name: str) -> bool:
    kind = obj.get("type")
    return kind == name or (isinstance(kind, list) and name in kind)


def _text(obj: dict[str, Any], key: str, where: str) -> str | None:
    value = obj.get(key)
    if value is not None and not isinstance(value, str):
        raise _Invalid(f"{where}.{key} should be a string")
    return value


def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _pages(doc: dict[str, Any]) -> list[tuple[str, list[Any]]]:
    """(where, items) of every page of a collection or page; a lone annotation is a page."""
    if _is_type(doc, "Annotation"):
        return [("the annotation", [doc])]
    if _is_type(doc, "AnnotationPage"):
        page: Any = doc
    elif _is_type(doc, "AnnotationCollection"):
        page = doc.get("first")
        if page is None:
            return []
    else:
        raise _Invalid(
            "type should be AnnotationCollection, AnnotationPage or Annotation, "
            f"not {doc.get('type')!r}"
        )
    pages: list[tuple[str, list[Any]]] = []
    while page is not None:
        where = f"page {len(pages) + 1}"
        if isinstance(page, str):
            raise _Invalid(f"{where} is a link ({page}); only embedded pages can be imported")
        if not isinstance(page, dict):
            raise _Invalid(f"{where} should be an AnnotationPage object")
        items = page.get("items")
        if not isinstance(items, list):
            raise _Invalid(f"{where} has no items list")
        pages.append((where, items))
        page = page.get("next")
        if len(pages) > _MAX_PAGES:
            raise _Invalid(f"more than {_MAX_PAGES} pages")
    return pages


def _body(item: dict[str, Any], where: str) -> tuple[str, list[str], str]:
    """(note, tags, colour) from the bodies: commenting (or unspecified) bodies are the
    note, tagging ones tags, the first classifying one the colour."""
    notes, tags, colors = [], [], []
    if (value := _text(item, "bodyValue", where)) is not None:
        notes.append(value)
    for i, body in enumerate(_list(item.get("body"))):
        if isinstance(body, str):
            continue  # an external resource (an IRI): nothing of ours to keep
        here = f"{where}.body[{i}]"
        if not isinstance(body, dict):
            raise _Invalid(f"{here} should be an object")
        value = _text(body, "value", here)
        if value is None:
            continue  # not a TextualBody
        purpose = body.get("purpose")
        if purpose == "tagging":
            tags.append(value)
        elif purpose == "classifying":
            colors.append(value)
        else:
            notes.append(value)
    color = next((c.strip() for c in colors if c.strip()), DEFAULT_LABELS[0])
    return "\n\n".join(n for n in notes if n), clean_tags(tags), color


def _author(item: dict[str, Any], where: str) -> str:
    creators = _list(item.get("creator"))
    if not creators:
        return ""
    first = creators[0]
    if isinstance(first, str):
        return first
    if not isinstance(first, dict):
        raise _Invalid(f"{where}.creator should be an object with a name")
    return _text(first, "name", f"{where}.creator") or _text(first, "nickname", where) or ""


def _position(selector: dict[str, Any], where: str) -> tuple[int, int]:
    start, end = selector.get("start"), selector.get("end")
    for key, value in (("start", start), ("end", end)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise _Invalid(f"{where}.{key} should be a whole number, 0 or more")
    assert isinstance(start, int) and isinstance(end, int)  # checked just above
    if start > end:
        raise _Invalid(f"{where} starts after it ends")
    return start, end


def _bad_text(item: Any, where: str) -> str | None:
    """The first string in *item* (walked to any depth) that cannot be written as UTF-8:
    its place and why; None when there is none."""
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


def _read_annotation(item: Any, where: str) -> IncomingAnnotation | str:
    """The annotation, or the reason it is skipped; :class:`_Invalid` when malformed."""
    if not isinstance(item, dict):
        raise _Invalid(f"{where} should be an object")
    if not _is_type(item, "Annotation"):
        raise _Invalid(f"{where} should have type Annotation")
    iri = _text(item, "id", where)
    if not iri or not highlight_id_of(iri).strip():
        raise _Invalid(f"{where} has no id")
    created = _text(item, "created", where) or _text(item, "modified", where) or ""
    modified = _text(item, "modified", where) or created
    author = _author(item, where)
    note, tags, color = _body(item, where)
    if "target" not in item:
        raise _Invalid(f"{where} has no target")
    targets = _list(item["target"])
    if len(targets) != 1:
        return f"{iri}: has {len(targets)} targets; only single-target annotations are imported"
    target = targets[0]
    if isinstance(target, str):
        return f"{iri}: targets a whole document, not a passage"
    if not isinstance(target, dict):
        raise _Invalid(f"{where}.target should be an object or an IRI")
    source = _text(target, "source", f"{where}.target")
    path = _text(target, "briefing:path", f"{where}.target")
    if not source:
        raise _Invalid(f"{where}.target has no source")
    quote: dict[str, Any] | None = None
    position: tuple[int, int] | None = None
    for i, selector in enumerate(_list(target.get("selector"))):
        here = f"{where}.target.selector[{i}]"
        if not isinstance(selector, dict):
            raise _Invalid(f"{here} should be an object")
        if _is_type(selector, "TextQuoteSelector") and quote is None:
            if not isinstance(selector.get("exact"), str):
                raise _Invalid(f"{here} (TextQuoteSelector) needs exact text")
            for key in ("prefix", "suffix"):
                _text(selector, key, here)
            quote = selector
        elif _is_type(selector, "TextPositionSelector") and position is None:
            position = _position(selector, here)
    if quote is None or not quote["exact"].strip():
        return f"{iri}: no TextQuoteSelector with text, so it cannot be anchored"
    candidates = []
    if source.startswith(ARTICLE_IRI):
        candidates.append(unquote(source[len(ARTICLE_IRI) :]))
    if path:
        candidates.append(PurePosixPath(path).with_suffix("").as_posix())
    return IncomingAnnotation(
        id=highlight_id_of(iri),
        created=created,
        modified=modified,
        author=author,
        note=note,
        tags=tags,
        color=color,
        source=source,
        article_ids=tuple(dict.fromkeys(candidates)),
        exact=quote["exact"],
        prefix=quote.get("prefix") or "",
        suffix=quote.get("suffix") or "",
        start=position[0] if position else None,
        end=position[1] if position else None,
    )


def _parse(data: bytes | str | dict[str, Any], name: str) -> dict[str, Any]:
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            raise ImportFileError(name, f"not UTF-8 text (byte {e.start})") from None
    if isinstance(data, str):
        try:
            data = json.loads(data)
        except json.JSONDecodeError as e:
            raise ImportFileError(
                name, f"not valid JSON ({e.msg} at line {e.lineno}, column {e.colno})"
            ) from None
        except RecursionError:
            raise ImportFileError(name, "not valid JSON (nested too deeply)") from None
    if not isinstance(data, dict):
        raise ImportFileError(name, "expected a JSON object (a W3C AnnotationCollection)")
    contexts = _list(data.get("@context"))
    if not any(isinstance(c, str) and c in _CONTEXTS for c in contexts):
        raise ImportFileError(
            name, f"not W3C Web Annotation JSON: its @context should include {ANNO_CONTEXT}"
        )
    return data


def read_annotations(
    data: bytes | str | dict[str, Any], name: str = "the import file"
) -> tuple[list[IncomingAnnotation], list[str]]:
    """(annotations, skip reasons) of an import file; :class:`ImportFileError` if invalid,
    :class:`ImportTextError` if any string of an annotation cannot be written as UTF-8."""
    doc = _parse(data, name)
    incoming: list[IncomingAnnotation] = []
    skipped: list[str] = []
    seen: set[str] = set()
    try:
        for where_page, items in _pages(doc):
            for i, item in enumerate(items):
                where = f"{where_page} items[{i}]"
                if (bad := _bad_text(item, where)) is not None:
                    raise ImportTextError(name, f"{bad}; nothing was imported")
                read = _read_annotation(item, where)
                if isinstance(read, str):
                    skipped.append(read)
                    continue
                if read.id in seen:
                    raise _Invalid(f"annotation {read.id} appears twice")
                seen.add(read.id)
                incoming.append(read)
    except _Invalid as e:
        raise ImportFileError(name, str(e)) from None
    return incoming, skipped


def _place(incoming: IncomingAnnotation, article: Article) -> tuple[TextQuote, bool]:
    """The target to store for *incoming* in the local *article*, and whether it is an
    orphan (then its quote is kept as it came, to be re-attached by hand)."""
    start = incoming.start if incoming.start is not None else 0
    end = incoming.end if incoming.end is not None else start + len(incoming.exact)
    theirs = TextQuote(incoming.exact, incoming.prefix, incoming.suffix, start, end, "")
    anchor = reanchor(theirs, article.text, article.content_hash)
    if anchor.status is AnchorStatus.ORPHANED or anchor.start is None or anchor.end is None:
        return theirs, True
    return quote_at(article.text, anchor.start, anchor.end, article.content_hash), False


def import_w3c_json(
    data: bytes | str | dict[str, Any],
    index: ArticleLookup,
    store: AnnotationStore,
    *,
    name: str = "the import file",
) -> ImportReport:
    """Merge a W3C annotation file (bytes, text or parsed JSON) into *store*.

    The whole file is validated (text that cannot be UTF-8 included), every target matched to a local article (by the id in its
    ``urn:briefing:article:`` source, else by its ``briefing:path``) and re-anchored by its
    quote, and every annotations file it touches loaded, before anything is written: an
    invalid file raises :class:`ImportFileError` (one line, naming *name*) and a local file
    that does not parse raises :class:`AnnotationFileError`, with nothing changed. Then the
    highlights are merged by id, one locked update per article (:meth:`ArticleAnnotations.merge`: newer
    ``modified`` wins, tombstones are not resurrected by older copies), so importing a file
    twice changes nothing the second time. An article this corpus lacks is skipped with a
    reason. A save that fails (:class:`AnnotationWriteError`) leaves the articles merged
    before it merged, and the rest untouched.
    """
    incoming, skipped = read_annotations(data, name)
    report = ImportReport(skipped=list(skipped))
    articles: dict[str, Article | None] = {}
    plan: dict[str, list[tuple[Highlight, bool]]] = {}
    for item in incoming:
        article = None
        for aid in item.article_ids:
            if aid not in articles:
                articles[aid] = index.article(aid)
            if (article := articles[aid]) is not None:
                break
        if article is None:
            report.skipped.append(f"{item.id}: its article {item.source} is not in this corpus")
            continue
        target, orphaned = _place(item, article)
        highlight = Highlight(
            id=item.id,
            created=item.created,
            modified=item.modified,
            author=item.author,
            color=item.color,
            note=item.note,
            tags=item.tags,
            target=target,
        )
        plan.setdefault(article.id, []).append((highlight, orphaned))
    for article_id in plan:
        store.load(article_id)  # a local file that does not parse: fail before any change
    for article_id, merges in plan.items():
        # One locked read-merge-write per article, not per highlight: 500 highlights took
        # ~50 s one by one, ~0.1 s so.
        outcomes = store.merge_highlights(article_id, [h for h, _ in merges])
        for outcome, (_, orphaned) in zip(outcomes, merges, strict=True):
            setattr(report, outcome, getattr(report, outcome) + 1)
            report.orphaned += orphaned
    return report


def import_w3c_file(path: Path, index: ArticleLookup, store: AnnotationStore) -> ImportReport:
    """:func:`import_w3c_json` on the file at *path*; unreadable → :class:`ImportFileError`."""
    try:
        raw = Path(path).read_bytes()
    except OSError as e:
        raise ImportFileError(str(path), f"cannot read ({e.strerror or e})") from None
    return import_w3c_json(raw, index, store, name=str(path))
