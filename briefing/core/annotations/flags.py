"""Read and starred in queries: ``is:read``, ``is:unread``, ``is:starred``, ``is:unstarred``.

The flags are the analyst's annotations, not indexed text: the workspace takes them out of
the query (:func:`split_flags`), runs the rest, and keeps the hits :func:`flagged` allows.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from briefing.core.annotations.store import AnnotationStore

_IS_FLAG = re.compile(r"(?<![\w:])is:(read|unread|starred|unstarred)(?![\w:])", re.IGNORECASE)


def split_flags(query: str) -> tuple[str, list[str]]:
    """(the query without its ``is:`` terms, the flags asked for, lower case); the query
    is ``*`` (every article) when nothing but flags was asked."""
    wanted = [m.group(1).lower() for m in _IS_FLAG.finditer(query)]
    if not wanted:
        return query, []
    return _IS_FLAG.sub(" ", query).strip() or "*", wanted


def flagged(flags: dict[str, tuple[bool, bool]], wanted: list[str]) -> Callable[[str], bool]:
    """A test of an article id against *wanted*, given article id -> (read, starred)."""

    def keep(article_id: str) -> bool:
        read, starred = flags.get(article_id, (False, False))
        have = {"read": read, "unread": not read, "starred": starred, "unstarred": not starred}
        return all(have[w] for w in wanted)

    return keep


def flags_of(store: AnnotationStore) -> dict[str, tuple[bool, bool]]:
    """Article id -> (read, starred) where either is set (unloadable files left out)."""
    loaded, _ = store.load_all()
    return {aid: (ann.read, ann.starred) for aid, ann in loaded.items() if ann.read or ann.starred}


def search_flagged(
    text: str,
    search: Callable[..., Any],
    flags: Callable[[], dict[str, tuple[bool, bool]]],
    *,
    limit: int | None,
    sort: str,
) -> Any:
    """*search* (the backend's: ``search(query, limit=, sort=)`` -> results with ``hits``
    of ``.id`` and ``counted``) for *text*, its ``is:read``-like words answered from *flags*
    (read once): every hit is searched, then filtered, then cut to *limit*."""
    rest, wanted = split_flags(text)
    if not wanted:
        return search(text, limit=limit, sort=sort)
    found = search(rest, limit=None, sort=sort)
    keep = flagged(flags(), wanted)
    hits = [hit for hit in found.hits if keep(hit.id)]
    return replace(found, query=text, hits=hits[:limit] if limit else hits, counted=len(hits))
