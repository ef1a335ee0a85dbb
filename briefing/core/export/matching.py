"""Finding the local article an imported annotation is about: by id, then web address,
then title, then (for a highlight) the one article holding its quote
(:class:`ArticleMatcher`), with addresses compared as :func:`normalise_url` gives them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from urllib.parse import parse_qsl, urlencode, urlsplit

from briefing.core.corpus import Article
from briefing.core.export.collect import ArticleLookup
from briefing.core.export.import_model import ArticleKey

# Query parameters that say how a reader arrived, not what they read: dropped before
# comparing addresses, so a link shared from a newsletter finds the article.
_TRACKING = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "msclkid",
        "yclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "ref",
        "ref_src",
        "cmpid",
        "ocid",
        "smid",
        "sr_share",
    }
)
_DEFAULT_PORTS = {"http": 80, "https": 443}


def normalise_url(url: str) -> str:
    """*url* in the form addresses are compared in: no scheme (http and https are one
    page), host in lower case without ``www.`` or its default port, no trailing slash, no
    fragment, no tracking parameters (``utm_*``, ``fbclid``...), the others sorted. Text
    that is not a web address is returned stripped, as it is."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:  # a port that is not a number, a broken IPv6 host
        return url
    if parts.scheme.lower() not in _DEFAULT_PORTS or not parts.hostname:
        return url
    host = parts.hostname.lower().removeprefix("www.")
    if port is not None and port != _DEFAULT_PORTS[parts.scheme.lower()]:
        host += f":{port}"
    query = sorted(
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith("utm_") and k.lower() not in _TRACKING
    )
    path = parts.path.rstrip("/")
    return f"//{host}{path}" + (f"?{urlencode(query)}" if query else "")


def normalise_title(title: str) -> str:
    """A title as titles are compared: white space collapsed, case folded."""
    return " ".join(title.split()).casefold()


class ArticleMatcher:
    """Matches :class:`ArticleKey` s to the articles of *lookup*: by id, then web
    address, then title; :meth:`match_quotes` then finds, for what is left, the one
    article whose text holds the quote. Address and title tables are built by reading
    every article once, lazily, keeping ids only (a 100k corpus's texts do not fit)."""

    def __init__(self, lookup: ArticleLookup) -> None:
        self._lookup = lookup
        self._by_id: dict[str, Article | None] = {}
        self._tables: tuple[dict[str, list[str]], dict[str, list[str]]] | None = None

    def _article(self, article_id: str) -> Article | None:
        if article_id not in self._by_id:
            self._by_id[article_id] = self._lookup.article(article_id)
        return self._by_id[article_id]

    def _each(self) -> Iterator[Article]:
        for info in self._lookup.articles():
            article = self._by_id.get(info.id) or self._lookup.article(info.id)
            if article is not None:
                yield article

    def _url_title_tables(self) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
        if self._tables is None:
            by_url: dict[str, list[str]] = defaultdict(list)
            by_title: dict[str, list[str]] = defaultdict(list)
            for article in self._each():
                if article.url:
                    by_url[normalise_url(article.url)].append(article.id)
                by_title[normalise_title(article.title)].append(article.id)
            self._tables = by_url, by_title
        return self._tables

    def match(self, key: ArticleKey) -> Article | str:
        """The article *key* names, or why there is none (one clause)."""
        for article_id in key.ids:
            if (found := self._article(article_id)) is not None:
                return found
        if not key.url and not key.title:
            return f"its article {key.shown()} is not in this corpus"
        by_url, by_title = self._url_title_tables()
        for what, table, value in (
            ("address", by_url, key.url and normalise_url(key.url)),
            ("title", by_title, key.title and normalise_title(key.title)),
        ):
            ids = table.get(value, []) if value else []
            if len(ids) == 1 and (found := self._article(ids[0])) is not None:
                return found
            if len(ids) > 1:
                shown = ", ".join(ids[:3])
                return f"its {what} matches {len(ids)} articles ({shown}); none was chosen"
        return f"its article {key.shown()} is not in this corpus"

    def match_quotes(self, quotes: list[str]) -> list[Article | None]:
        """For each quote, the one article whose clean text holds it word for word (None
        when none does, or several: a quote is evidence only when it is unique). For
        what names no known article (a title corrected since, another tool's title):
        one pass over the corpus for all of them."""
        found: list[list[str]] = [[] for _ in quotes]
        if quotes:
            for article in self._each():
                for i, quote in enumerate(quotes):
                    if len(found[i]) < 2 and quote in article.text:
                        found[i].append(article.id)
        return [self._article(ids[0]) if len(ids) == 1 else None for ids in found]
