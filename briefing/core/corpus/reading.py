"""Articles: reading corpus files into clean text with metadata and stable ids.

An article's id is its path relative to the corpus without the extension ("world/001"), so
annotations keyed by it survive re-indexing and moving the corpus folder; an entry of a
feed adds its key ("feeds/world/grain-deal-extended"). The corpus is the user's data and
is only ever read.

A reader per format (:mod:`.formats`) turns the file's bytes into text and metadata; then
every format alike goes: normalise, front matter (text files only), markdown stripped line
by line (text files only), metadata from the head, cleaning rules, the title line; each step
that removes a line records it in the :class:`CleaningReport`, with its line number: in the
file for a text file, in the extracted text for any other format.
"""

from __future__ import annotations

from bisect import bisect_left
from pathlib import Path

from briefing.core.corpus.article import Article, article_id, content_hash
from briefing.core.corpus.cleaning import (
    CleaningRules,
    clean_lines,
    join_numbered,
    load_rules,
    strip_markdown,
)
from briefing.core.corpus.formats import Extracted, ExtractionCache, extract
from briefing.core.corpus.frontmatter import apply_front_matter, split_front_matter
from briefing.core.corpus.metadata import (
    Metadata,
    extract_head,
    first_sentence_title,
    title_line_index,
)
from briefing.core.corpus.report import CleaningReport, NumberedLine, RemovedLine
from briefing.core.corpus.tags import clean_tags
from briefing.core.corpus.textio import UnreadableFile, normalise


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
    extracted = Extracted("text", raw, warnings=warnings)
    return parse_extracted(extracted, article_id=article_id, path=path, rules=rules)


def parse_extracted(
    extracted: Extracted, *, article_id: str, path: Path, rules: CleaningRules
) -> tuple[Article, CleaningReport]:
    """(the Article a reader's output gives, every line its clean text leaves out and why).

    The reader's metadata comes first; the head of the text fills what it left empty. A
    first line that repeats the title a reader found is taken out as metadata. Page
    starts (``Article.pages``) are offsets (code points) into the clean text.
    """
    text = normalise(extracted.text)
    meta = Metadata(
        title=extracted.title,
        source=extracted.source,
        date=extracted.date,
        byline=extracted.byline,
        url=extracted.url,
    )
    warnings = extracted.warnings
    is_text = extracted.format == "text"
    if is_text:
        front = split_front_matter(text, path.name)
        apply_front_matter(front.data, meta)
        body, first, warnings = front.body, front.lines + 1, warnings + front.warnings
    else:  # front matter and markdown are conventions of text files, not of pages or PDFs
        body, first = text, 1
    raw_lines = body.split("\n")
    lines: list[NumberedLine] = [
        (first + i, strip_markdown(line) if is_text else line) for i, line in enumerate(raw_lines)
    ]
    removed = _title_repeated(lines, meta.title)
    # Headings are found before markdown is stripped, since "# Title" is the surest title.
    heading_title = _heading_title(raw_lines) if is_text else None
    lines, head = extract_head(lines, meta)
    lines, dropped = clean_lines(lines, rules)
    removed += head + dropped

    title_at: int | None = None
    if heading_title is not None and meta.title is None:
        meta.title = heading_title
        title_at = next((i for i, (_, ln) in enumerate(lines) if ln.strip() == heading_title), None)
    elif meta.title is None:
        # pypdf gives no blank line after a title: a PDF's short first line is one anyway.
        alone = extracted.format != "pdf"
        title_at = title_line_index([line for _, line in lines], alone=alone)
        if title_at is not None:
            meta.title = lines[title_at][1].strip()
    if title_at is not None:
        number, line = lines.pop(title_at)
        removed.append(RemovedLine(number, line.strip(), "metadata", metadata="title"))

    clean, starts = join_numbered(lines)
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
        warnings=warnings,
        format=extracted.format,
        pages=_page_offsets(extracted.page_lines, starts, len(clean)),
    )
    return article, CleaningReport(tuple(sorted(removed, key=lambda r: r.line)))


def _title_repeated(lines: list[NumberedLine], title: str | None) -> list[RemovedLine]:
    """Take out the first non-blank line when it only repeats *title* (a page's <h1>, a
    document's Title paragraph), which the header shows already."""
    if not title:
        return []
    for index, (number, line) in enumerate(lines):
        if line.strip():
            if " ".join(line.split()).casefold() == " ".join(title.split()).casefold():
                del lines[index]
                return [RemovedLine(number, line.strip(), "metadata", metadata="title")]
            return []
    return []


def _page_offsets(
    page_lines: tuple[int, ...], starts: list[tuple[int, int]], end: int
) -> tuple[int, ...]:
    """Where each page starts in the clean text: the offset of its first line kept (a page
    whose lines were all cleaned away starts where the next kept line does)."""
    numbers = [number for number, _ in starts]
    offsets = []
    for line in page_lines:
        at = bisect_left(numbers, line)
        offsets.append(starts[at][1] if at < len(starts) else end)
    return tuple(offsets)


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
    path: Path,
    root: Path,
    rules: CleaningRules | None = None,
    *,
    article_id: str | None = None,
    cache: ExtractionCache | None = None,
) -> tuple[Article, CleaningReport]:
    """(:func:`read_article`, the lines its clean text leaves out and why). *article_id*
    picks one article of a file that holds several (a feed's entry; default: the first).
    Raises UnreadableFile (one-line message) when the file cannot be read, is not text, or
    holds no article with that id."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        rel = path.relative_to(root).as_posix()
        raise UnreadableFile(rel, f"cannot read ({exc.strerror or exc})") from exc
    reports = _from_bytes(data, path, root, rules, cache)
    if article_id is None:
        return reports[0]
    for found in reports:
        if found[0].id == article_id:
            return found
    raise UnreadableFile(path.relative_to(root).as_posix(), f"no longer holds {article_id}")


def article_from_bytes(
    data: bytes,
    path: Path,
    root: Path,
    rules: CleaningRules | None = None,
    cache: ExtractionCache | None = None,
) -> Article:
    """The (first) Article from the bytes of the file at `path`. Raises UnreadableFile."""
    return _from_bytes(data, path, root, rules, cache)[0][0]


def articles_from_bytes(
    data: bytes,
    path: Path,
    root: Path,
    rules: CleaningRules | None = None,
    cache: ExtractionCache | None = None,
) -> list[Article]:
    """Every Article the file at `path` (under the corpus `root`) holds, given its bytes:
    one, or one per entry of a feed, in file order. *cache*: where extracted text is kept
    by content hash (formats other than text). Raises UnreadableFile."""
    return [article for article, _ in _from_bytes(data, path, root, rules, cache)]


def _from_bytes(
    data: bytes,
    path: Path,
    root: Path,
    rules: CleaningRules | None,
    cache: ExtractionCache | None,
) -> list[tuple[Article, CleaningReport]]:
    rel = path.relative_to(root).as_posix()
    rules = rules or load_rules()
    base = article_id(path, root)
    return [
        parse_extracted(
            item,
            article_id=base if item.entry is None else f"{base}/{item.entry}",
            path=path,
            rules=rules,
        )
        for item in extract(data, rel, cache)
    ]
