"""Helpers of the interoperability tests (fixtures in conftest.py): a corpus where every seed article is annotated every way an analyst can: highlights
(with notes, tags, colours; one orphan), article tags, an article note and metadata
corrections; plus an article with a web address in its front matter. Fixed ids, times
and author, so exports are reproducible. Used by the interoperability tests."""

from __future__ import annotations

from pathlib import Path

from seeds import S000, S001, S002, S003, S004

from briefing.core.annotations import Highlight, TextQuote
from briefing.core.annotations import quote_at as _quote_at
from briefing.core.corpus import Article

AUTHOR = "Zoë Ødegård"
WEB = "web/cuba-talks"
WEB_URL = "https://www.example.org/news/cuba-talks/"
WEB_TEXT = f"""\
---
title: Cuba and the US talk again
source: Example News
author: Ana Rodríguez
date: 2023-01-20
url: {WEB_URL}
tags: [cuba]
---
Officials from Cuba and the United States met in Havana on Thursday.

The talks covered migration, law enforcement and the embargo. The talks ended late.
"""


def hid(n: int) -> str:
    return f"00000000-0000-4000-8000-{n:012d}"


def highlight(
    article: Article, n: int, needle: str, *, note: str = "", tags=(), color: str = "key-fact"
) -> Highlight:
    start = article.text.index(needle)
    stamp = f"2025-03-{n:02d}T09:00:00Z"
    return Highlight(
        id=hid(n),
        created=stamp,
        modified=stamp,
        author=AUTHOR,
        color=color,
        note=note,
        tags=list(tags),
        target=_quote_at(article.text, start, start + len(needle), article.content_hash),
    )


# Per article: highlights (needle, note, tags, colour), article tags, note, corrections.
PLAN: dict[str, tuple[list[tuple[str, str, tuple[str, ...], str]], list[str], str, dict]] = {
    S000: (
        [
            (
                "The US declared to send a delegation to Cuba",
                'Commas, "quotes"\nand 👍',
                ("cuba", "diplomacy"),
                "claim",
            ),
            ("'Havana syndrome.'", "", (), "question"),
        ],
        ["Havana", "law enforcement"],
        "First report.\n\n# not a heading\n---\nstill the note",
        {"title": "US to send delegation to Cuba", "source": "Wire"},
    ),
    S001: (
        [
            (
                "Reuters cites a source as saying",
                "=1+1 is a note, not a formula",
                ("talks",),
                "key-fact",
            )
        ],
        ["law-enforcement"],
        "Leans on Reuters.",
        {"date": "2023-01-13"},
    ),
    S002: (
        [
            ("Bruno Rodríguez", "The minister", ("Cuba",), "follow-up"),
            ("Homeland Security and Justice", "", ("crime",), "key-fact"),
        ],
        [],
        "",
        {"source": "Brasil de Fato"},
    ),
    S003: ([("climate of respect", "", (), "claim")], ["cuba"], "", {}),
    S004: (
        [],
        ["migration", "Obama era"],
        "Older talks, for context.",
        {"title": "Obama-era talks"},
    ),
    WEB: ([("The talks ended late.", "", ("talks",), "key-fact")], [], "", {}),
}
ORPHAN = TextQuote(
    "A sentence that was removed from the article.", "before ", " after", 10, 56, "old"
)


def yaml_files(folder: Path) -> dict[str, bytes]:
    """Every annotations file under *folder* (locks aside), by path."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*.yaml"))
        if ".locks" not in p.parts
    }
