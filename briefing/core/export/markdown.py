"""The Markdown form of a briefing: :func:`to_markdown`.

A :class:`~briefing.core.export.Briefing` comes from :func:`~briefing.core.export.collect`;
:func:`~briefing.core.export.render` picks the form. Nothing here writes a file.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Literal

from briefing.core.annotations import AnchorStatus
from briefing.core.corpus import tag_key
from briefing.core.display import plural
from briefing.core.export.mdescape import md_code, md_escape, md_lines
from briefing.core.export.model import ArticleRef, Briefing, ExportEntry

# --- Markdown ---------------------------------------------------------------------------


def _citation(e: ExportEntry) -> str:
    a = e.article
    parts = [f"*{md_escape(a.title)}*"]
    parts += [md_escape(x) for x in (a.source, a.date) if x]
    where = a.cited_path + (f":{e.line}" if e.line else "")
    place = f", {md_escape(e.locator)}" if e.locator else ""
    tail = " · not found in the current text" if e.orphaned else ""
    if e.status is AnchorStatus.FUZZY:
        tail = " · re-anchored (the text changed)"
    url = f" · {_link(a.url)}" if a.url else ""
    return f"— {', '.join(parts)} · {md_code(where)}{place}{url}{tail}"


def _link(url: str) -> str:
    """A web address as an autolink when it is one a reader can follow safely (http or
    https, nothing that could end the link); otherwise as code, shown but not linked."""
    if re.fullmatch(r"https?://[^\s<>`\\\x00-\x1f\x7f]+", url):
        return f"<{url}>"
    return md_code(url)


def _highlight_block(e: ExportEntry) -> list[str]:
    h = e.highlight
    out = [f"> {line}" if line else ">" for line in md_lines(e.quote)]
    if h.note.strip():
        note = md_lines(h.note)
        out += ["", f"**Note:** {note[0]}", *note[1:]]
    details = []
    if h.tags:
        details.append("Tags: " + ", ".join(md_escape(t) for t in h.tags))
    if inherited := e.tags[len(h.tags) :]:  # its article's, which apply to it too
        details.append("Article tags: " + ", ".join(md_escape(t) for t in inherited))
    details.append(f"Colour: {md_escape(h.color)}")
    out += ["", " · ".join(details) + "\\", _citation(e), ""]
    return out


def _article_heading(a: ArticleRef, level: str) -> list[str]:
    meta = [md_escape(x) for x in (a.source, a.date) if x] + [md_code(a.cited_path)]
    if a.tags:
        meta.append("Tags: " + ", ".join(md_escape(t) for t in a.tags))
    out = [f"{level} {md_escape(a.title, heading=True)}", "", " · ".join(meta), ""]
    if a.note.strip():
        note = md_lines(a.note)
        out += [f"**Article note:** {note[0]}", *note[1:], ""]
    return out


def _stamp(now: datetime | str | None) -> str:
    if isinstance(now, str):
        return now
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def to_markdown(
    briefing: Briefing,
    group_by: Literal["tag", "article"] = "tag",
    title: str = "Briefing",
    now: datetime | str | None = None,
) -> str:
    """The briefing as a Markdown document.

    A title, the export time and counts; then the placed highlights grouped by tag (one
    section per tag, sorted, tags compared without regard to case; a highlight is filed
    under its own tags and its article's, and under each of several; those with none under
    "Untagged"; then the article-level notes) or by article (in export order, each with its
    note); then the orphaned highlights in a section of their own. Each highlight is a
    blockquote, then its note, tags and colour, and a citation with the corpus file and
    line (or a PDF's page, a feed's entry; and the article's web address when it has one).
    Text from articles and notes is escaped so it renders literally.
    """
    if group_by not in ("tag", "article"):
        raise ValueError(f"group_by must be 'tag' or 'article', not {group_by!r}")
    placed = [e for e in briefing.entries if not e.orphaned]
    orphans = [e for e in briefing.entries if e.orphaned]
    counts = [
        plural(len(briefing.entries), "highlight"),
        plural(len(briefing.articles), "article"),
        f"{len(orphans)} orphaned",
    ]
    out = [
        f"# {md_escape(title, heading=True)}",
        "",
        f"Exported {_stamp(now)} · " + ", ".join(counts),
    ]
    if describe := briefing.filters.describe():
        out[-1] += "\\"
        out.append(f"Filter: {md_escape(describe)}")
    out.append("")
    if not briefing.entries and not briefing.articles:
        out += ["No highlights match.", ""]

    if group_by == "tag":
        sections: dict[str, tuple[str, list[ExportEntry]]] = {}  # by tag_key: (as written, ...)
        for e in placed:
            for tag in e.tags or ("",):
                sections.setdefault(tag_key(tag), (tag, []))[1].append(e)
        for key in sorted(sections, key=lambda k: (k == "", k)):
            tag, entries = sections[key]
            out += [f"## {md_escape(tag, heading=True) if tag else 'Untagged'}", ""]
            for e in entries:
                out += _highlight_block(e)
        noted = [a for a in briefing.articles if a.note.strip()]
        if noted:
            out += ["## Article notes", ""]
            for a in noted:
                out += _article_heading(a, "###")
    else:
        by_article: dict[str, list[ExportEntry]] = {}
        for e in placed:
            by_article.setdefault(e.article.id, []).append(e)
        for a in briefing.articles:
            if a.id in by_article or a.note.strip():
                out += _article_heading(a, "##")
                for e in by_article.get(a.id, []):
                    out += _highlight_block(e)

    if orphans:
        out += [
            "## Orphaned highlights",
            "",
            "Not found in the current text of their article; shown as they were highlighted.",
            "",
        ]
        for e in orphans:
            out += _highlight_block(e)
    return "\n".join(out).rstrip("\n") + "\n"
