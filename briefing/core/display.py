"""Text for people to read on a terminal: shortening (and, later, making outside text safe).

Both front ends show titles, quotes, notes and ids that come from other people's files;
what they do to such text before showing it lives here, once.
"""

from __future__ import annotations


def one_line(text: str, width: int) -> str:
    """`text` on one line (white space collapsed), cut with an ellipsis to `width`."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def plural(n: int, word: str, many: str | None = None) -> str:
    """``1 hit``, ``2 hits``; *many* for irregular plurals (``1 copy``, ``2 copies``)."""
    return f"{n} {word}" if n == 1 else f"{n} {many or word + 's'}"
