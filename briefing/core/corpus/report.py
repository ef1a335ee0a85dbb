"""What reading an article took out of its text, line by line, and why.

Cleaning must never be silently wrong: a sentence it drops can be neither searched nor
highlighted, so every line of a file that is not in ``Article.text`` is accounted for here,
with the rule (file and pattern) that dropped it or the metadata it became, and its line
number in the file, for ``briefing show ID --removed``. Blank lines and markdown syntax
(``#``, ``**``, link targets) are not listed: they carry no words.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from briefing.core.corpus.rules import Rule

Reason = Literal["drop_lines", "cut_from", "metadata"]
NumberedLine = tuple[int, str]  # (1-based line number in the file, the line)


@dataclass(frozen=True)
class RemovedLine:
    """One line (or, for a leading ``date YYYY-MM-DD``, the start of one) not shown.

    *line*: 1-based line number in the file, counted as export counts them (after line
    ends are normalised). *text*: what it said, markdown stripped. *reason*:
    ``"drop_lines"`` (a cruft line; *rules* are the rules that matched, one per sentence of
    a line made of several boilerplate sentences), ``"cut_from"`` (the article ended at
    the marker on line *cut_at*; *rules* is the marker's rule) or ``"metadata"`` (shown in
    the header instead; *metadata* says as what: "title", "byline", "date"...).
    """

    line: int
    text: str
    reason: Reason
    rules: tuple[Rule, ...] = ()
    metadata: str | None = None
    cut_at: int | None = None


@dataclass(frozen=True)
class CleaningReport:
    """Every line reading took out of an article's text, in file order."""

    removed: tuple[RemovedLine, ...] = ()

    def __len__(self) -> int:
        return len(self.removed)

    def __iter__(self) -> Iterator[RemovedLine]:
        return iter(self.removed)
