"""An article: a corpus file's clean text with its metadata and a stable id.

An article's id is its path relative to the corpus without the extension ("world/001"), so
annotations keyed by it survive re-indexing and moving the corpus folder; each entry of a
feed adds its own key ("feeds/world/grain-deal-extended"). Offsets into
``Article.text`` (code points) are what every highlight, hit and selection counts in.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Article:
    id: str
    path: Path
    title: str
    source: str | None
    date: str | None  # ISO YYYY-MM-DD, or None when the text does not say
    byline: str | None
    place: str | None
    url: str | None
    tags: tuple[str, ...]
    text: str  # the clean text the reader shows; offsets everywhere index into this
    content_hash: str  # of `text`: anchoring trusts stored offsets while it is unchanged
    warnings: tuple[str, ...] = ()
    # What the file was ("text", "html", "pdf", "email", "feed", "docx"): a citation names
    # a text file's line, a PDF's page, a feed's entry.
    format: str = "text"
    pages: tuple[int, ...] = ()  # a PDF's page starts: offsets into `text`, the first 0

    @property
    def entry(self) -> str | None:
        """A feed entry's key (the last part of its id), else None."""
        return self.id.rpartition("/")[2] if self.format == "feed" else None


def article_id(path: Path, root: Path) -> str:
    """The id of the file at `path` in the corpus at `root`: relative, '/'-separated, no suffix."""
    return path.relative_to(root).with_suffix("").as_posix()


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]
