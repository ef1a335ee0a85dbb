"""Articles: reading corpus files into clean text with metadata and stable ids.

An article's id is its path relative to the corpus without the extension ("world/001"), so
annotations keyed by it survive re-indexing and moving the corpus folder. The corpus is the
user's data and is only ever read.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import yaml

from briefing.core.corpus.article import Article, article_id, content_hash
from briefing.core.corpus.cleaning import (
    CleaningRules,
    clean_lines,
    join_paragraphs,
    load_rules,
    strip_markdown,
)
from briefing.core.corpus.metadata import (
    Metadata,
    extract_head,
    first_sentence_title,
    title_line_index,
)
from briefing.core.corpus.tags import clean_tags
from briefing.core.corpus.textio import UnreadableFile, decode, normalise

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.DOTALL)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _front_matter(text: str, name: str) -> tuple[dict, str, list[str]]:
    """(front matter mapping, the rest of the text, warnings)."""
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, text, []
    try:
        data = yaml.safe_load(m.group(1) or "") or {}
    except yaml.YAMLError:
        return {}, text, [f"{name}: front matter is not valid YAML; read as text"]
    if not isinstance(data, dict):
        return {}, text, [f"{name}: front matter is not a mapping; read as text"]
    return data, text[m.end() :], []


def _as_iso_date(value: object) -> str | None:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and _ISO_DATE.match(value.strip()):
        try:
            return date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            return None
    return None


def _as_tags(value: object) -> list[str]:
    if isinstance(value, str):
        value = [t for t in re.split(r"[,\s]+", value) if t]
    if not isinstance(value, list):
        return []
    return clean_tags(str(t) for t in value)


def _apply_front_matter(data: dict, meta: Metadata) -> None:
    def text_of(key: str) -> str | None:
        value = data.get(key)
        return " ".join(str(value).split()) if value not in (None, "") else None

    meta.title = text_of("title")
    meta.source = text_of("source")
    meta.byline = text_of("author") or text_of("byline")
    meta.url = text_of("url")
    meta.date = _as_iso_date(data.get("date"))
    meta.tags = _as_tags(data.get("tags"))


def parse_article(
    raw: str, *, article_id: str, path: Path, rules: CleaningRules, warnings: tuple[str, ...] = ()
) -> Article:
    """Build an Article from decoded file text. Front matter wins over heuristics."""
    name = path.name
    text = normalise(raw)
    data, body, fm_warnings = _front_matter(text, name)
    meta = Metadata()
    _apply_front_matter(data, meta)

    lines = [strip_markdown(line) for line in body.split("\n")]
    # Headings are found before markdown is stripped, since "# Title" is the surest title.
    raw_lines = body.split("\n")
    heading_title = _heading_title(raw_lines)
    lines = extract_head(lines, meta)
    lines = clean_lines(lines, rules)

    if heading_title is not None and meta.title is None:
        meta.title = heading_title
        lines = _remove_first(lines, heading_title)
    elif meta.title is None:
        index = title_line_index(lines)
        if index is not None:
            meta.title = lines[index].strip()
            del lines[index]
    clean = join_paragraphs(lines)
    title = meta.title or first_sentence_title(clean) or path.stem
    return Article(
        id=article_id,
        path=path,
        title=title,
        source=meta.source,
        date=meta.date,
        byline=meta.byline,
        place=meta.place,
        url=meta.url,
        tags=tuple(clean_tags(meta.tags)),
        text=clean,
        content_hash=content_hash(clean),
        warnings=warnings + tuple(fm_warnings),
    )


def _heading_title(raw_lines: list[str]) -> str | None:
    """The text of a first-level '# Heading' among the first non-blank lines, if any."""
    for line in [ln for ln in raw_lines if ln.strip()][:3]:
        if line.startswith("# "):
            return strip_markdown(line).strip() or None
    return None


def _remove_first(lines: list[str], text: str) -> list[str]:
    for index, line in enumerate(lines):
        if line.strip() == text:
            return lines[:index] + lines[index + 1 :]
    return lines


def read_article(path: Path, root: Path, rules: CleaningRules | None = None) -> Article:
    """Read and clean one corpus file. Raises UnreadableFile (one-line message) if it can't."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        rel = path.relative_to(root).as_posix()
        raise UnreadableFile(f"{rel}: cannot read ({exc.strerror or exc})") from exc
    return article_from_bytes(data, path, root, rules)


def article_from_bytes(
    data: bytes, path: Path, root: Path, rules: CleaningRules | None = None
) -> Article:
    """An Article from the bytes of the file at `path`. Raises UnreadableFile."""
    rel = path.relative_to(root).as_posix()
    if not data.strip():
        raise UnreadableFile(f"{rel}: empty file, skipped")
    decoded = decode(data, rel)
    return parse_article(
        decoded.text,
        article_id=article_id(path, root),
        path=path,
        rules=rules or load_rules(),
        warnings=decoded.warnings,
    )
