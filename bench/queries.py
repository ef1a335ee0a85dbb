"""The six benchmark queries, written for each engine.

Our index takes Whoosh syntax; SQLite FTS5 its MATCH syntax plus SQL; ripgrep a regular
expression over the raw files. Where an engine cannot say the same thing, the nearest
equivalent is used and the `note` says what differs.
"""

from __future__ import annotations

import string
from dataclasses import dataclass

DATE_FROM, DATE_TO = "2022-01-01", "2023-12-31"


def edit1_variants(word: str, prefix: int = 1) -> list[str]:
    """Words within one edit (delete, swap, replace, insert) of `word`, keeping its first
    `prefix` letters: what Whoosh's `word~` (maxdist 1, prefixlength 1) matches."""
    head, tail = word[:prefix], word[prefix:]
    letters = string.ascii_lowercase
    splits = [(tail[:i], tail[i:]) for i in range(len(tail) + 1)]
    out = {word}
    out.update(a + b[1:] for a, b in splits if b)
    out.update(a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1)
    out.update(a + c + b[1:] for a, b in splits if b for c in letters)
    out.update(a + c + b for a, b in splits for c in letters)
    return sorted(head + v for v in out if head + v)


@dataclass(frozen=True)
class BenchQuery:
    """One query in each engine's language."""

    name: str
    ours: str
    fts_match: str
    rg_args: tuple[str, ...]  # arguments before the corpus folder
    rg_pipe: str | None = None  # shell pipeline, "{dir}" for the corpus folder
    fts_date: bool = False  # also filter date BETWEEN DATE_FROM AND DATE_TO
    note: str = ""


FUZZY_WORD = "governmnt"
_FUZZY = edit1_variants(FUZZY_WORD)

QUERIES = [
    BenchQuery("term", "government", "government", ("-w", "government")),
    BenchQuery(
        "two-term AND",
        "cuba AND migration",
        "cuba AND migration",
        (),
        rg_pipe="rg --no-config -l -0 -i -w cuba {dir} | xargs -0 -r rg --no-config -c -i -w migration",
        note="rg: files with `cuba`, piped to a second rg for `migration`",
    ),
    BenchQuery("phrase", '"human rights"', '"human rights"', (r"human\s+rights",)),
    BenchQuery("prefix", "govern*", "govern*", (r"\bgovern\w*",)),
    BenchQuery(
        "fuzzy",
        f"{FUZZY_WORD}~",
        " OR ".join(f'"{v}"' for v in _FUZZY),
        ("-w", "|".join(_FUZZY)),
        note=(
            f"FTS5 has no fuzzy operator: the {len(_FUZZY)} spellings within one edit of "
            f"`{FUZZY_WORD}` with its first letter kept are OR-ed in one MATCH, each stemmed by "
            "FTS5; rg gets the same spellings as one alternation. Ours keeps no letter (Whoosh's "
            "`~` with prefixlength 0: `xovernment~` finds government), so it compares more words "
            "than the two stand-ins are given"
        ),
    ),
    BenchQuery(
        "field+date",
        f"title:cuba date:[{DATE_FROM} TO {DATE_TO}]",
        "title : cuba",
        ("-w", "cuba"),
        fts_date=True,
        note=(
            "FTS5: `title : cuba` with the date in an UNINDEXED column filtered by SQL; "
            "rg cannot see fields or dates: it scans for `cuba` anywhere (a superset)"
        ),
    ),
]

# A word no article contains, for the "one changed file searchable" measure.
NEW_WORD = "zquorblatix"
