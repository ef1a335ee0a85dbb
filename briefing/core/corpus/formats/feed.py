"""RSS and Atom feeds: each entry its own article, through feedparser.

One file, many articles: each entry's article id is the feed's id, a slash, and the
entry's key (``feeds/world/grain-deal-extended``), so annotations stay with the entry
while the feed file is re-saved with entries added and dropped. The key comes from what
is most stable about an entry: the last part of its guid or link when that has words in
it, else its title, else its place in the feed. Two entries with the same key both get a
short hash of their guid (or title) added, so neither depends on the other's order.

feedparser is given the bytes, never a name or URL (a string would be fetched or opened),
and it reads no external entities.
"""

from __future__ import annotations

import hashlib
import io
import re
import time
from collections import Counter
from urllib.parse import urlsplit

from briefing.core.corpus.formats.base import Extracted, Skip, clean_field, iso_day
from briefing.core.corpus.formats.html import fragment_text

MAX_ENTRIES = 5000
_KEY_MAX = 60
_NOT_A_KEY = frozenset(("index", "default", "article", "story", "post", "item", "entry", "feed"))
_NON_WORD = re.compile(r"[^\w]+")
_PARTS = re.compile(r"[/:,=]")
_EXTENSION = re.compile(r"\.\w{2,5}$")
# A key must hold a word: not a number, nor the hex of a urn:uuid.
_WORDY = re.compile(r"[^\W\d_]{3,}")
_HEX = re.compile(r"[0-9a-f-]{8,}")


def read_feed(data: bytes, name: str) -> list[Extracted]:
    """One article per entry of an RSS or Atom feed. Raises Skip for a file that is not a
    feed, or a feed with no entries."""
    import feedparser  # here: only the reading process needs it

    parsed = feedparser.parse(io.BytesIO(data), resolve_relative_uris=False, sanitize_html=True)
    entries = parsed.entries
    if not entries:
        if parsed.get("version"):
            raise Skip("a feed with no entries")
        why = type(parsed.get("bozo_exception")).__name__ if parsed.get("bozo") else "no feed"
        raise Skip(f"not an RSS or Atom feed ({why})")
    warnings = []
    if len(entries) > MAX_ENTRIES:
        warnings.append(f"{name}: only the first {MAX_ENTRIES} of {len(entries)} entries read")
        entries = entries[:MAX_ENTRIES]
    source = clean_field(parsed.feed.get("title"))
    keys = _keys(entries)
    articles = []
    for entry, key in zip(entries, keys, strict=True):
        title = clean_field(entry.get("title"))
        text = _text(entry) or title or ""
        articles.append(
            Extracted(
                "feed",
                text,
                title=title,
                byline=clean_field(entry.get("author")),
                date=_date(entry),
                source=source,
                url=clean_field(entry.get("link"), 2000),
                entry=key,
            )
        )
    if articles:
        articles[0] = _with_warnings(articles[0], tuple(warnings))
    return articles


def _with_warnings(article: Extracted, warnings: tuple[str, ...]) -> Extracted:
    from dataclasses import replace

    return replace(article, warnings=article.warnings + warnings)


def _text(entry: dict) -> str:
    """The entry's fullest text: its longest content, else its summary; HTML as text."""
    candidates = [c for c in entry.get("content") or [] if c.get("value")]
    if entry.get("summary"):
        candidates.append(
            {
                "value": entry["summary"],
                "type": entry.get("summary_detail", {}).get("type", "text/html"),
            }
        )
    if not candidates:
        return ""
    best = max(candidates, key=lambda c: len(c["value"]))
    value = best["value"]
    if "html" in (best.get("type") or "text/html"):
        return fragment_text(value)
    return value


def _date(entry: dict) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        stamp = entry.get(key)
        if isinstance(stamp, time.struct_time):
            return iso_day(f"{stamp.tm_year:04d}-{stamp.tm_mon:02d}-{stamp.tm_mday:02d}")
    return None


def slug(text: str) -> str:
    """*text* as an id part: lower case, words joined by hyphens, at most 60 characters."""
    words = _NON_WORD.sub(" ", text.casefold().replace("_", " ")).split()
    out = "-".join(words)[:_KEY_MAX].rstrip("-")
    return out


def _base_key(entry: dict, index: int) -> str:
    for field in ("id", "link"):
        value = entry.get(field)
        if isinstance(value, str) and value.strip():
            # The last part of a URL's path, a tag URI or a URN: "floods-close-river-port"
            # of ".../2023/05/floods-close-river-port.html", "dredging" of "tag:x,2023:dredging".
            parts = [p for p in _PARTS.split(urlsplit(value.strip()).path or value) if p]
            last = slug(_EXTENSION.sub("", parts[-1])) if parts else ""
            if _WORDY.search(last) and not _HEX.fullmatch(last) and last not in _NOT_A_KEY:
                return last
    title = entry.get("title")
    if isinstance(title, str) and slug(title):
        return slug(title)
    return f"entry-{index + 1}"


def _keys(entries: list) -> list[str]:
    base = [_base_key(entry, i) for i, entry in enumerate(entries)]
    counts = Counter(base)
    keys = []
    for i, (entry, key) in enumerate(zip(entries, base, strict=True)):
        if counts[key] > 1:
            ident = entry.get("id") or entry.get("link") or entry.get("title") or str(i)
            key = f"{key}-{hashlib.blake2b(str(ident).encode(), digest_size=3).hexdigest()}"
        keys.append(key)
    # Still equal (two entries alike in every field): their place in the feed tells them apart.
    seen: Counter[str] = Counter()
    for i, key in enumerate(keys):
        seen[key] += 1
        if seen[key] > 1:
            keys[i] = f"{key}-{seen[key]}"
    return keys
