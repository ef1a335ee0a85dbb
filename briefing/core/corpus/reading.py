"""Articles: reading corpus files into clean text with metadata and stable ids.

An article's id is its path relative to the corpus without the extension ("world/001"), so
annotations keyed by it survive re-indexing and moving the corpus folder. The corpus is the
user's data and is only ever read.

Reading goes: normalise, front matter, markdown stripped line by line, metadata from the
head, cleaning rules, the title line; each step that removes a line records it in the
:class:`CleaningReport`, with its line number in the file.
"""

from __future__ import annotations

from pathlib import Path

from briefing.core.corpus.article import Article, article_id, content_hash
from briefing.core.corpus.cleaning import (
    CleaningRules,
    clean_lines,
    join_paragraphs,
    load_rules,
    strip_markdown,
)
from briefing.core.corpus.frontmatter import apply_front_matter, split_front_matter
from briefing.core.corpus.metadata import (
    Metadata,
    extract_head,
    first_sentence_title,
    title_line_index,
)
from briefing.core.corpus.report import CleaningReport, NumberedLine, RemovedLine
from briefing.core.corpus.tags import clean_tags
from briefing.core.corpus.textio import UnreadableFile, decode, normalise


def parse_article(
    raw: str, *, article_id: str, path: Path, rules: CleaningRules, warnings: tuple[str, ...] = ()
) -> Article:
    """Build an Article from decoded file text. Front matter wins over heuristics."""
    return parse_article_report(
        raw, article_id=article_id, path=path, rules=rules, warnings=warnings
    )[0]


def parse_article_report(
    raw: str, *, article_id: str, path: Path, rules: CleaningRules, warnings: tuple[str, ...] = ()
) -> tuple[Article, CleaningReport]:
    """(the Article from decoded file text, every line its clean text leaves out and why).

    Line numbers in the report count lines of *raw* once line ends are normalised.
    """
    text = normalise(raw)
    front = split_front_matter(text, path.name)
    meta = Metadata()
    apply_front_matter(front.data, meta)

    raw_lines = front.body.split("\n")
    first = front.lines + 1
    lines: list[NumberedLine] = [
        (first + i, strip_markdown(line)) for i, line in enumerate(raw_lines)
    ]
    # Headings are found before markdown is stripped, since "# Title" is the surest title.
    heading_title = _heading_title(raw_lines)
    lines, removed = extract_head(lines, meta)
    lines, dropped = clean_lines(lines, rules)
    removed += dropped

    title_at: int | None = None
    if heading_title is not None and meta.title is None:
        meta.title = heading_title
        title_at = next((i for i, (_, ln) in enumerate(lines) if ln.strip() == heading_title), None)
    elif meta.title is None:
        title_at = title_line_index([line for _, line in lines])
        if title_at is not None:
            meta.title = lines[title_at][1].strip()
    if title_at is not None:
        number, line = lines.pop(title_at)
        removed.append(RemovedLine(number, line.strip(), "metadata", metadata="title"))

    clean = join_paragraphs(line for _, line in lines)
    title = meta.title or first_sentence_title(clean) or path.stem
    article = Article(
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
        warnings=warnings + front.warnings,
    )
    return article, CleaningReport(tuple(sorted(removed, key=lambda r: r.line)))


def _heading_title(raw_lines: list[str]) -> str | None:
    """The text of a first-level '# Heading' among the first non-blank lines, if any."""
    for line in [ln for ln in raw_lines if ln.strip()][:3]:
        if line.startswith("# "):
            return strip_markdown(line).strip() or None
    return None


def read_article(path: Path, root: Path, rules: CleaningRules | None = None) -> Article:
    """Read and clean one corpus file. Raises UnreadableFile (one-line message) if it can't."""
    return read_article_report(path, root, rules)[0]


def read_article_report(
    path: Path, root: Path, rules: CleaningRules | None = None
) -> tuple[Article, CleaningReport]:
    """(:func:`read_article`, the lines its clean text leaves out and why). Raises
    UnreadableFile (one-line message) when the file cannot be read or is not text."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        rel = path.relative_to(root).as_posix()
        raise UnreadableFile(f"{rel}: cannot read ({exc.strerror or exc})") from exc
    return _from_bytes(data, path, root, rules)


def article_from_bytes(
    data: bytes, path: Path, root: Path, rules: CleaningRules | None = None
) -> Article:
    """An Article from the bytes of the file at `path`. Raises UnreadableFile."""
    return _from_bytes(data, path, root, rules)[0]


def _from_bytes(
    data: bytes, path: Path, root: Path, rules: CleaningRules | None
) -> tuple[Article, CleaningReport]:
    rel = path.relative_to(root).as_posix()
    if not data.strip():
        raise UnreadableFile(f"{rel}: empty file, skipped")
    decoded = decode(data, rel)
    return parse_article_report(
        decoded.text,
        article_id=article_id(path, root),
        path=path,
        rules=rules or load_rules(),
        warnings=decoded.warnings,
    )
