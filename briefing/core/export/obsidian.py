"""The Obsidian form of a briefing: a folder of Markdown notes (:func:`to_obsidian`).

One note per article, named after its title, with YAML front matter (title, source,
date, url, tags, and briefing's id and path) written by PyYAML's safe dumper, the article
note, then each highlight as a callout (``> [!quote] colour``) holding the passage, its
note and its tags, and the corpus file and line it is cited from. An index note, named
after the briefing's title, links every article note (``[[name]]``) and each article note
links back to it. Text from articles and notes is escaped so that it shows as typed, in
CommonMark (:mod:`.mdescape`) and in Obsidian's own syntax (``#tag``, ``==mark==``,
``%%comment%%``, ``^block``). File names are made safe (:func:`note_names`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

import yaml

from briefing.core.display import plural
from briefing.core.export.mdescape import md_code, md_escape
from briefing.core.export.model import ArticleRef, Briefing, ExportEntry

#: A note name's longest UTF-8 form, in bytes: the ".md" and a " (99)" still fit the
#: 255-byte limit of common file systems with room to spare.
MAX_NAME_BYTES = 120
# Characters no note name may hold: path separators, what Windows refuses, and what
# Obsidian reads as link syntax inside [[...]] (# heading, ^ block, | alias, [ ]).
_UNSAFE_NAME = re.compile(r'[/\\:*?"<>|#^\[\]]')
_RESERVED = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    *(f"COM{i}" for i in range(10)),
    *(f"LPT{i}" for i in range(10)),
}
# Escaped besides what CommonMark needs: Obsidian tags, highlights, comments, block ids.
_OBSIDIAN_SPECIAL = "#=%^"


def _safe_name(text: str) -> str:
    text = "".join(" " if unicodedata.category(c).startswith("C") else c for c in text)
    text = " ".join(_UNSAFE_NAME.sub(" ", unicodedata.normalize("NFC", text)).split())
    text = text.strip(" .")  # no hidden files, no "..", no trailing dot (Windows drops it)
    while len(text.encode("utf-8")) > MAX_NAME_BYTES:
        text = text[:-1]
    text = text.rstrip(" .")
    return "" if text.upper().split(".")[0] in _RESERVED else text


def note_names(titles: Iterable[tuple[str, str]], taken: Iterable[str] = ()) -> dict[str, str]:
    """A file name (without ``.md``) for each (key, title): no path separators, control
    or link characters, no leading dot, at most :data:`MAX_NAME_BYTES` bytes, unique
    without regard to case (``Title (2)``), none of *taken*. A title with nothing usable
    gives ``Article``."""
    used = {name.casefold() for name in taken}
    names: dict[str, str] = {}
    for key, title in titles:
        base = _safe_name(title) or "Article"
        name, n = base, 1
        while name.casefold() in used:
            n += 1
            name = f"{base} ({n})"
        used.add(name.casefold())
        names[key] = name
    return names


def obsidian_escape(text: str) -> str:
    """One line of plain text as Markdown that shows as typed in Obsidian too."""
    out, escaped = [], False
    for char in md_escape(text):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in _OBSIDIAN_SPECIAL:
            out.append("\\")
        out.append(char)
    return "".join(out)


def _lines(text: str) -> list[str]:
    """Several lines of plain text escaped for Obsidian, line breaks kept as hard breaks
    and blank lines as paragraph breaks (as :func:`~.mdescape.md_lines` does)."""
    lines = [obsidian_escape(line) for line in text.strip("\n").split("\n")]
    return [
        line + "\\" if line and i + 1 < len(lines) and lines[i + 1] else line
        for i, line in enumerate(lines)
    ]


def _front_matter(data: dict[str, Any]) -> list[str]:
    # Metadata is one line each: a value with a line "---" in it must not end the block.
    clean = {
        k: [" ".join(t.split()) for t in v] if isinstance(v, list) else " ".join(str(v).split())
        for k, v in data.items()
        if v
    }
    text = yaml.safe_dump(clean, allow_unicode=True, sort_keys=False, width=2**16)
    return ["---", *text.rstrip("\n").split("\n"), "---", ""]


def _callout(e: ExportEntry) -> list[str]:
    h = e.highlight
    kind = "quote" if not e.orphaned else "warning"
    title = obsidian_escape(h.color) + (" · not found in the current text" if e.orphaned else "")
    body = _lines(e.quote)
    if h.note.strip():
        note = _lines(h.note)
        body += ["", f"**Note:** {note[0]}", *note[1:]]
    if h.tags:
        body += ["", "Tags: " + ", ".join(obsidian_escape(t) for t in h.tags)]
    where = e.article.cited_path + (f":{e.line}" if e.line else "")
    body += ["", md_code(where)]
    return [f"> [!{kind}] {title}", *(f"> {line}" if line else ">" for line in body), ""]


def _article_note(a: ArticleRef, entries: list[ExportEntry], index: str) -> str:
    out = _front_matter(
        {
            "title": a.title,
            "source": a.source,
            "date": a.date,
            "url": a.url,
            "tags": list(a.tags),
            "briefing-id": a.id,
            "path": a.cited_path,
        }
    )
    out += [f"Part of [[{index}]]", "", f"# {obsidian_escape(a.title)}", ""]
    if a.note.strip():
        out += [
            "> [!note] Article note",
            *(f"> {line}" if line else ">" for line in _lines(a.note)),
            "",
        ]
    for e in entries:
        out += _callout(e)
    return "\n".join(out).rstrip("\n") + "\n"


def to_obsidian(briefing: Briefing, title: str = "Briefing") -> dict[str, str]:
    """The briefing as Obsidian notes: file name (``<name>.md``, no folders) → text.
    The index note is named after *title*; article notes after their titles."""
    index = note_names([("", title or "Briefing")])[""]
    names = note_names(((a.id, a.title) for a in briefing.articles), taken=[index])
    by_article: dict[str, list[ExportEntry]] = {}
    for e in briefing.entries:
        by_article.setdefault(e.article.id, []).append(e)
    files = {
        f"{names[a.id]}.md": _article_note(a, by_article.get(a.id, []), index)
        for a in briefing.articles
    }
    lines = _front_matter({"title": title, "tags": ["briefing"]})
    lines += [f"# {obsidian_escape(title)}", ""]
    if describe := briefing.filters.describe():
        lines += [f"Filter: {obsidian_escape(describe)}", ""]
    for a in briefing.articles:
        n = len(by_article.get(a.id, []))
        meta = [obsidian_escape(x) for x in (a.source, a.date) if x]
        meta.append(plural(n, "highlight"))
        lines.append(f"- [[{names[a.id]}]] · " + " · ".join(meta))
    if not briefing.articles:
        lines.append("No highlights match.")
    files[f"{index}.md"] = "\n".join(lines).rstrip("\n") + "\n"
    return files
