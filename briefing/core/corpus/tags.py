"""Tags: the one rule for tags from front matter, the app and the command line.

A tag keeps the spelling it was first written with ("Talks"), and tags are compared without
regard to case everywhere (filters, grouping, counts, the index), so "talks" and "Talks" are
one tag and a list never holds both.
"""

from __future__ import annotations

from collections.abc import Iterable


def tag_key(tag: str) -> str:
    """What two tags are compared by: case-folded, white space collapsed."""
    return " ".join(tag.split()).casefold()


def clean_tags(tags: Iterable[str] | str) -> list[str]:
    """Tags with white space collapsed, empties dropped and case-insensitive duplicates
    removed, in first-seen order and spelling. A lone string is one tag."""
    if isinstance(tags, str):  # one tag, not its characters
        tags = [tags]
    seen: dict[str, str] = {}
    for tag in tags:
        text = " ".join(str(tag).split())
        if text:
            seen.setdefault(tag_key(text), text)
    return list(seen.values())
