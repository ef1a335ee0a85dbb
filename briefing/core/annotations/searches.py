"""Saved searches: standing topics a team shares, in ``annotations/.briefing/searches.yaml``.

The file is shared through git like the annotations around it: human-readable, one entry
per search, written atomically under a lock, read safely (no aliases). It sits in a
hidden folder because every other ``.yaml`` there is an article's annotations (an article
could be called "searches"). What each analyst has already seen of a search is personal
and lives in the state folder (:class:`~briefing.core.state.CorpusState`), never here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from briefing.core import atomic
from briefing.core.annotations.model import AnnotationFileError
from briefing.core.annotations.yamlio import load as load_yaml
from briefing.core.errors import UserError
from briefing.core.state import CorpusState

FILE_NAME = "searches.yaml"
_HEADER = "# Saved searches of this corpus, shared with the annotations (briefing searches).\n"


@dataclass(frozen=True)
class SavedSearch:
    name: str
    query: str


class SavedSearches:
    """The saved searches in *folder*/searches.yaml (the annotations folder)."""

    def __init__(self, folder: Path, lock_timeout: float = 10.0) -> None:
        self.path = Path(folder) / ".briefing" / FILE_NAME
        self.lock_timeout = lock_timeout

    def load(self) -> list[SavedSearch]:
        """Every saved search, in file order; none when there is no file. Raises
        AnnotationFileError (one line, naming the file) for a file of the wrong shape."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise AnnotationFileError(self.path, f"cannot read ({exc.strerror})") from None
        try:
            data = load_yaml(raw.decode("utf-8"))
        except (UnicodeDecodeError, yaml.YAMLError, ValueError) as exc:
            why = getattr(exc, "problem", None) or type(exc).__name__
            raise AnnotationFileError(self.path, f"not valid YAML ({why})") from None
        items = (data or {}).get("searches") if isinstance(data, dict | None) else None
        if data is not None and not isinstance(items, list | None):
            raise AnnotationFileError(self.path, "'searches' should be a list")
        found = []
        for i, item in enumerate(items or []):
            if not isinstance(item, dict) or not all(
                isinstance(item.get(k), str) and item.get(k, "").strip() for k in ("name", "query")
            ):
                raise AnnotationFileError(self.path, f"searches[{i}] needs a name and a query")
            found.append(SavedSearch(item["name"].strip(), item["query"].strip()))
        return found

    def get(self, name: str) -> SavedSearch:
        """The search called *name* (case ignored); UserError naming the known ones."""
        for search in self.load():
            if search.name.casefold() == name.strip().casefold():
                return search
        known = ", ".join(s.name for s in self.load()) or "none yet"
        raise UserError(f"No saved search {name!r} (saved: {known}).")

    def add(self, name: str, query: str) -> SavedSearch:
        """Save *query* as *name*, replacing a search of that name; returns it."""
        name, query = " ".join(name.split()), query.strip()
        if not name or not query:
            raise UserError("A saved search needs a name and a query.")
        new = SavedSearch(name, query)

        def change(searches: list[SavedSearch]) -> list[SavedSearch]:
            kept = [s for s in searches if s.name.casefold() != name.casefold()]
            return [*kept, new]

        self._update(change)
        return new

    def remove(self, name: str) -> None:
        """Forget the search called *name*; UserError when there is none."""
        self.get(name)
        self._update(lambda searches: [s for s in searches if s.name.casefold() != name.casefold()])

    def _update(self, change) -> None:  # noqa: ANN001 - list -> list
        lock = self.path.parent.parent / ".locks" / (".briefing-" + FILE_NAME + ".lock")
        try:
            if not (lock.parent / ".gitignore").exists():  # lock files stay out of git
                atomic.make_dirs(lock.parent)
                (lock.parent / ".gitignore").write_text("# briefing's lock files\n*\n")
            with atomic.exclusive_lock(lock, self.lock_timeout):
                searches = change(self.load())
                body = yaml.safe_dump(
                    {"searches": [{"name": s.name, "query": s.query} for s in searches]},
                    allow_unicode=True,
                    sort_keys=False,
                    width=2**31 - 1,
                )
                atomic.write_atomic(self.path, (_HEADER + body).encode("utf-8"))
        except OSError as exc:
            raise AnnotationFileError(
                self.path, f"cannot save ({exc.strerror or exc}); check the folder"
            ) from None


def new_since_visit(state: CorpusState, name: str, ids: set[str], *, visit: bool) -> set[str]:
    """Of the ids the saved search *name* lists now, those new since this analyst's last
    visit (all on a first visit). With *visit* the visit is recorded in *state* (and
    saved): what is listed now is not new next time."""
    seen = state.seen(name)
    new = ids if seen is None else ids - seen
    if visit:
        state.set_seen(name, (seen or set()) | ids)
        state.save()
    return new


def run_saved(
    search: SavedSearch,
    run: Callable[..., Any],
    state: CorpusState,
    limit: int | None,
    visit: bool,
) -> tuple[SavedSearch, Any, set[str]]:
    """(*search*, its results by *run* (the workspace's search: ``run(query, limit=...)``),
    the ids new since this analyst's last visit). With *visit* the visit is recorded:
    what is listed now is not new next time. Saving a search records a visit (the analyst
    has just seen its hits)."""
    results = run(search.query, limit=limit)
    ids = {hit.id for hit in results.hits}
    return search, results, new_since_visit(state, search.name, ids, visit=visit)
