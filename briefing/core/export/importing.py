"""Importing annotations: recognising the kind of file, matching, merging into the store.

:func:`read_import` recognises the file (W3C Web Annotation JSON, Hypothesis's API or
client export JSON, a Readwise CSV) and reads it whole through that kind's reader, every
field checked and every string held to UTF-8, before anything else happens.
:func:`plan_import` matches each item to a local article (:class:`ArticleMatcher`: by
id, then web address, then title), re-anchors highlights by our rules (``reanchor``) and
loads every annotations file it will touch, so that a local file that does not parse stops
the import before any change. :meth:`ImportPlan.apply` then merges, one locked update per
article. What is not imported (no such article here, a reply, a differing article note) is
reported, and :meth:`ImportPlan.leftovers_text` gives it back in the file's own kind to be
kept in a file: the workspace decides where.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from briefing.core.annotations import (
    AnchorStatus,
    AnnotationStore,
    ArticleAnnotations,
    Highlight,
    MergeOutcome,
    TextQuote,
    clean_tags,
    quote_at,
    reanchor,
)
from briefing.core.corpus import Article
from briefing.core.export.collect import ArticleLookup
from briefing.core.export.hypothesis_import import is_hypothesis, read_hypothesis
from briefing.core.export.import_model import (
    BadText,
    ImportFile,
    ImportFileError,
    ImportReport,
    ImportTextError,
    IncomingArticleData,
    IncomingHighlight,
    Invalid,
    check_unique,
)
from briefing.core.export.matching import ArticleMatcher
from briefing.core.export.readwise_import import is_readwise, read_readwise
from briefing.core.export.w3c import ANNO_CONTEXT
from briefing.core.export.w3c_import import is_w3c, read_w3c
from briefing.core.progress import Progress, reporting

_KINDS = "W3C annotation JSON, a Hypothesis API or client export, or a Readwise CSV"


def read_import(data: bytes | str | dict[str, Any] | list[Any], name: str) -> ImportFile:
    """The file (bytes, text or parsed JSON) read whole, of whichever kind it is.

    Raises :class:`ImportFileError` (one line naming *name* and the field) when it is not
    UTF-8, not a kind briefing imports or not well formed; :class:`ImportTextError` when
    a string in it cannot be stored as UTF-8 (a JSON lone surrogate)."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            raise ImportFileError(name, f"not UTF-8 text (byte {e.start})") from None
    try:
        if isinstance(data, str) and not data.lstrip().startswith(("{", "[")):
            if not is_readwise(data):
                raise ImportFileError(name, f"not a file briefing imports: give {_KINDS}")
            read = read_readwise(data)
        else:
            doc = _json(data, name) if isinstance(data, str) else data
            if is_w3c(doc):
                read = read_w3c(doc)
            elif is_hypothesis(doc):
                read = read_hypothesis(doc)
            elif not isinstance(doc, dict):
                raise ImportFileError(
                    name, f"expected a JSON object (a W3C AnnotationCollection) or {_KINDS}"
                )
            else:
                raise ImportFileError(
                    name,
                    f"not W3C Web Annotation JSON (its @context should include {ANNO_CONTEXT})"
                    " nor a Hypothesis export (no rows or annotations list)",
                )
        check_unique(read.items)
    except BadText as e:
        raise ImportTextError(name, f"{e}; nothing was imported") from None
    except Invalid as e:
        raise ImportFileError(name, str(e)) from None
    return read


def _json(text: str, name: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise ImportFileError(
            name, f"not valid JSON ({e.msg} at line {e.lineno}, column {e.colno})"
        ) from None
    except RecursionError:
        raise ImportFileError(name, "not valid JSON (nested too deeply)") from None


def _place(incoming: IncomingHighlight, article: Article) -> tuple[TextQuote, bool]:
    """The target to store for *incoming* in the local *article*, and whether it is an
    orphan (then its quote is kept as it came, to be re-attached by hand)."""
    start = incoming.start if incoming.start is not None else 0
    end = incoming.end if incoming.end is not None else start + len(incoming.exact)
    theirs = TextQuote(
        incoming.exact, incoming.prefix, incoming.suffix, start, end, incoming.content_hash
    )
    anchor = reanchor(theirs, article.text, article.content_hash)
    if anchor.status is AnchorStatus.ORPHANED or anchor.start is None or anchor.end is None:
        return theirs, True
    return quote_at(article.text, anchor.start, anchor.end, article.content_hash), False


def merge_article_data(
    ann: ArticleAnnotations, data: IncomingArticleData
) -> tuple[MergeOutcome, str | None]:
    """Merge someone's tags, note or corrections of an article into *ann*.

    The YAML keeps no time for these, so nothing the analyst wrote is ever replaced:
    tags are added to the article's; a note or a correction is taken where the article has
    none, and where it has a different one, kept as it is and the difference returned as
    one line (the second item). So importing a file twice changes nothing the second time.
    """
    if data.kind == "tags":
        merged = clean_tags([*ann.tags, *data.tags])
        if merged == ann.tags:
            return "unchanged", None
        outcome: MergeOutcome = "updated" if ann.tags else "added"
        ann.tags = merged
        return outcome, None
    if data.kind == "note":
        if ann.note == data.note:
            return "unchanged", None
        if not ann.note:
            ann.note = data.note
            return "added", None
        return "unchanged", f"{ann.article_id}: kept your article note; theirs differs"
    had, differs = bool(ann.overrides), []
    changed = False
    for key, value in data.corrections:
        if not value or ann.overrides.get(key) == value:
            continue
        if ann.overrides.get(key):
            differs.append(key)
        else:
            ann.overrides[key] = value
            changed = True
    outcome = ("updated" if had else "added") if changed else "unchanged"
    if differs:
        what = ", ".join(differs)
        return outcome, f"{ann.article_id}: kept your corrected {what}; theirs differs"
    return outcome, None


@dataclass
class ImportPlan:
    """What an import will do, worked out before anything is written."""

    file: ImportFile
    highlights: dict[str, list[tuple[Highlight, bool]]] = field(default_factory=dict)
    article_data: dict[str, list[IncomingArticleData]] = field(default_factory=dict)
    #: Raw items (indices into ``file.raw``) not imported, to be kept in a file.
    leftovers: list[int] = field(default_factory=list)
    report: ImportReport = field(default_factory=ImportReport)

    def leftovers_text(self) -> str | None:
        """What was not imported, in the file's own kind (importable later); None when
        everything was."""
        return self.file.write_leftovers(sorted(set(self.leftovers))) if self.leftovers else None

    def apply(self, store: AnnotationStore, progress: Progress | None = None) -> ImportReport:
        """Merge into *store*, one locked read-merge-write per article: highlights by id
        (:meth:`ArticleAnnotations.merge_all`: newer ``modified`` wins, tombstones are not
        resurrected by older copies), article data by :func:`merge_article_data`. A save
        that fails (:class:`AnnotationWriteError`) leaves the articles merged before it
        merged, and the rest untouched. *progress* gets (done, total, "merging"), done
        counting articles."""
        report = self.report
        articles = list(dict.fromkeys([*self.highlights, *self.article_data]))
        for article_id in reporting(articles, progress, "merging"):
            merges = self.highlights.get(article_id, [])
            data = self.article_data.get(article_id, [])

            def mutate(
                ann: ArticleAnnotations,
                merges: list[tuple[Highlight, bool]] = merges,
                data: list[IncomingArticleData] = data,
            ) -> list[tuple[MergeOutcome, str | None, bool]]:
                # One dict by id for the whole batch (ArticleAnnotations.merge_all).
                outcomes = ann.merge_all(h for h, _ in merges)
                done = [(o, None, m[1]) for o, m in zip(outcomes, merges, strict=True)]
                return done + [(*merge_article_data(ann, d), False) for d in data]

            # One update per article, not per highlight: 500 highlights took ~50 s one
            # by one, ~0.1 s so.
            for outcome, conflict, orphaned in store.update(article_id, mutate):
                setattr(report, outcome, getattr(report, outcome) + 1)
                report.orphaned += orphaned
                if conflict:
                    report.conflicts.append(conflict)
        return report


def plan_import(file: ImportFile, lookup: ArticleLookup, store: AnnotationStore) -> ImportPlan:
    """Match, place and check everything in *file* against the corpus and the store;
    writes nothing. Raises :class:`AnnotationFileError` when an annotations file the
    import would change does not parse."""
    plan = ImportPlan(file)
    for index, reason in file.skipped:
        plan.report.skipped.append(reason)
        plan.leftovers.append(index)
    matcher = ArticleMatcher(lookup)
    matched = [matcher.match(item.article) for item in file.items]
    # A highlight that names no article here may still quote one: a title corrected
    # since it was exported, a title another tool wrote otherwise.
    lost = [
        (i, item)
        for i, (item, found) in enumerate(zip(file.items, matched, strict=True))
        if isinstance(item, IncomingHighlight)
        and isinstance(found, str)
        and "none was chosen" not in found
    ]
    hits = matcher.match_quotes([item.exact for _, item in lost])
    for (i, _), hit in zip(lost, hits, strict=True):
        if hit is not None:
            matched[i] = hit
    for item, found in zip(file.items, matched, strict=True):
        if isinstance(found, str):
            plan.report.skipped.append(f"{item.id}: {found}")
            plan.leftovers.append(item.raw)
        elif isinstance(item, IncomingArticleData):
            plan.article_data.setdefault(found.id, []).append(item)
        else:
            target, orphaned = _place(item, found)
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
            plan.highlights.setdefault(found.id, []).append((highlight, orphaned))
    for article_id, data in plan.article_data.items():
        ann = store.load(article_id)  # a local file that does not parse: fail before any change
        for d in data:  # what would be kept as it is: theirs goes to the leftovers
            if merge_article_data(ann, d)[1] is not None:
                plan.leftovers.append(d.raw)
    for article_id in plan.highlights:
        store.load(article_id)
    return plan


def import_data(
    data: bytes | str | dict[str, Any] | list[Any],
    lookup: ArticleLookup,
    store: AnnotationStore,
    *,
    name: str = "the import file",
) -> ImportReport:
    """Read, plan and apply an import in one go (nothing is kept of what is not imported
    but the report's lines: :meth:`Workspace.import_file` also keeps the leftovers)."""
    return plan_import(read_import(data, name), lookup, store).apply(store)


def read_import_file(path: Path) -> ImportFile:
    """:func:`read_import` on the file at *path*; unreadable → :class:`ImportFileError`."""
    try:
        raw = Path(path).read_bytes()
    except OSError as e:
        raise ImportFileError(str(path), f"cannot read ({e.strerror or e})") from None
    return read_import(raw, str(path))


def leftovers_path(path: Path, file: ImportFile) -> Path:
    """Where the leftovers of importing *path* go by default: beside it, ``x.unmatched.json``."""
    path = Path(path)
    return path.with_name(f"{path.stem}.unmatched{file.suffix}")


# The W3C entry points of before, kept for callers and tests that name the format.
def import_w3c_json(
    data: bytes | str | dict[str, Any],
    index: ArticleLookup,
    store: AnnotationStore,
    *,
    name: str = "the import file",
) -> ImportReport:
    """:func:`import_data` (which recognises W3C JSON among the other kinds)."""
    return import_data(data, index, store, name=name)


def import_w3c_file(path: Path, index: ArticleLookup, store: AnnotationStore) -> ImportReport:
    """:func:`import_data` on the file at *path*; unreadable → :class:`ImportFileError`."""
    return plan_import(read_import_file(path), index, store).apply(store)


class _Outputs(Protocol):
    def write(self, path: Path, output: str, *, replace: bool = True) -> None: ...


def import_file(
    path: Path,
    lookup: ArticleLookup,
    store: AnnotationStore,
    outputs: _Outputs,
    leftovers: Path | None = None,
    *,
    replace: bool = False,
    progress: Progress | None = None,
) -> tuple[ImportReport, Path | None]:
    """Merge a W3C JSON, Hypothesis JSON or Readwise CSV file into *store*; returns the
    report and where what was not imported was kept (None: nothing was left).

    All is read, checked, matched and placed before anything is written. What is not
    imported is written first, in the file's own kind, to *leftovers* (default: beside
    *path*, ``<name>.unmatched.json``) through *outputs* (the workspace's
    ``OutputRules``: an existing file is replaced only with *replace*, or when it holds
    that very text); then the rest is merged, reporting to *progress* (see
    :meth:`ImportPlan.apply`). Raises ``ImportFileError`` (a UserError) for a bad file."""
    plan = plan_import(read_import_file(path), lookup, store)
    kept = None
    if (text := plan.leftovers_text()) is not None:
        kept = Path(leftovers) if leftovers is not None else leftovers_path(path, plan.file)
        try:
            same = kept.read_bytes() == text.encode("utf-8")  # the same import again
        except OSError:
            same = False
        if not same:
            outputs.write(kept, text, replace=replace)
    return plan.apply(store, progress), kept
