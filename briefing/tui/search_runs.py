"""What the library pane needs to run searches off the event loop and say what they found.

A search ran on the event loop until issue 14: at 100k articles a prefix took over a
second there, and the 200 listed hits' snippets another ~100 ms, so the keys typed
meanwhile waited. Now the pane (``LibraryPane.run_search``) says "Searching…" and hands
the query to a thread worker, which searches and makes the snippets of the first
screenful (:func:`first_screen`); the other rows' snippets are made when they are
first drawn, and a phrase's total, when it has to be counted, follows in the status line.
Each search has a serial number: the results of one overtaken by a newer search (or by
leaving the results) are dropped, never shown over the newer ones. Here: the list modes
and the status lines, as plain functions.
"""

from __future__ import annotations

from enum import Enum

from briefing.core.display import plural
from briefing.core.index import SearchResults
from briefing.core.workspace import Workspace

PAGE = 200  # results listed at once; ] and [ turn the page
FIRST_SCREEN = 30  # rows whose snippets the worker makes before the list is shown


class ListMode(Enum):
    """What the library pane's article list shows."""

    LIBRARY = "library"  # every article, sorted (`o`)
    RESULTS = "results"  # a search's hits, ranked
    RELATED = "related"  # articles like one article, ranked


def first_screen(workspace: Workspace, text: str, page: int) -> SearchResults:
    """The hits of *text* up to page *page*, the first screenful's snippets made (in the
    worker's thread, off the event loop). Raises what Workspace.search raises."""
    results = workspace.search(text, limit=(page + 1) * PAGE)
    for hit in results.hits[page * PAGE : page * PAGE + FIRST_SCREEN]:
        _ = hit.snippet
    return results


def count_line(results: SearchResults, text: str, page: int, listed: int) -> str:
    """The status line of listed results: how many, which page, how the query was read."""
    if callable(results.counted):  # a phrase's total, being counted
        shown = f"{plural(len(results.hits), 'hit')} so far (counting)"
    else:
        total = max(results.total, len(results.hits))
        shown = plural(total, "hit")
        if total > PAGE:
            first, last = page * PAGE + 1, page * PAGE + listed
            more = " · ] next page" if last < total else ""
            back = " · [ previous" if page else ""
            shown += f", showing {first}–{last}{more}{back}"
    notes = "".join(f" · {note}" for note in results.notes)  # a capped prefix
    if results.pending:
        searchable = results.articles - results.pending
        notes += f" · so far: {searchable:,} of {results.articles:,} searchable"
    return f"{shown} for {text}{notes} · enter open · s beside · esc library"


def awaiting_line(
    progress: tuple[int, int, str] | None, results: SearchResults | None, text: str
) -> str:
    """Nothing searchable matches yet: how far indexing is, never "No articles match"
    (the words may be in what is not indexed yet)."""
    if progress is not None and progress[2] == "indexing":
        done, total, _ = progress
        where = f"Indexing {done:,} of {total:,}"
    elif results is not None and results.articles:
        searchable = results.articles - results.pending
        where = (
            f"The index is being built ({searchable:,} of {results.articles:,} articles searchable)"
        )
    else:
        where = "The index is being built"
    return f"{where}: the search for {text} runs when it is done."
