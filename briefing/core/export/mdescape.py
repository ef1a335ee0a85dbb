"""Plain text as Markdown that renders as that text, in CommonMark and GitHub's flavour.

Article text and notes are plain text: a quote starting with "#", a price in "$", a stray
"*" or "<b>" must show as typed, not as a heading, maths, emphasis or HTML. Escaping is
minimal (backslashes before what could mean something) so the Markdown stays readable.
"""

from __future__ import annotations

import re

# Escaped anywhere: emphasis, code, links, HTML, GFM strikethrough, tables and math ($ is
# common in news and GitHub renders $...$ as LaTeX).
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<~|$])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
# Escaped at the start of a line: headings, quotes, list markers, setext underlines.
_LINE_START = re.compile(r"^([#>+=-])")
_ORDERED = re.compile(r"^(\d+)([.)])")


def md_escape(text: str, *, heading: bool = False) -> str:
    """One line of plain text as Markdown that renders as that text (CommonMark, GFM)."""
    text = _INLINE_SPECIAL.sub(r"\\\1", text.strip())
    text = _ENTITY.sub(r"\\&", text)
    if heading:  # a trailing run of '#' would close the heading
        return text.replace("#", r"\#")
    text = _LINE_START.sub(r"\\\1", text)
    return _ORDERED.sub(r"\1\\\2", text)


def md_lines(text: str) -> list[str]:
    """Plain text, possibly several lines, as Markdown lines: every line escaped, line breaks
    kept as hard breaks (a trailing backslash), blank lines kept as paragraph breaks."""
    lines = [md_escape(line) for line in text.strip("\n").split("\n")]
    return [
        line + "\\" if line and i + 1 < len(lines) and lines[i + 1] else line
        for i, line in enumerate(lines)
    ]


def md_code(text: str) -> str:
    """*text* as an inline code span, fenced with more backticks than it holds."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"
