"""Finding the local article an imported annotation is about: by id, then web address,
then title (:class:`ArticleMatcher`), with addresses compared as :func:`normalise_url`
gives them."""

from __future__ import annotations

from collections import defaultdict
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
    """Matches :class:`ArticleKey` s to the articles of *lookup*. Looking up by address
    or title reads every article once (lazily, on the first key that needs it)."""

    def __init__(self, lookup: ArticleLookup) -> None:
        self._lookup = lookup
        self._by_id: dict[str, Article | None] = {}
        self._by_url: dict[str, list[Article]] | None = None
        self._by_title: dict[str, list[Article]] = {}

    def _article(self, article_id: str) -> Article | None:
        if article_id not in self._by_id:
            self._by_id[article_id] = self._lookup.article(article_id)
        return self._by_id[article_id]

    def _tables(self) -> tuple[dict[str, list[Article]], dict[str, list[Article]]]:
        if self._by_url is None:
            by_url: dict[str, list[Article]] = defaultdict(list)
            by_title: dict[str, list[Article]] = defaultdict(list)
            for info in self._lookup.articles():
                article = self._article(info.id)
                if article is None:
                    continue
                if article.url:
                    by_url[normalise_url(article.url)].append(article)
                by_title[normalise_title(article.title)].append(article)
            self._by_url, self._by_title = by_url, by_title
        return self._by_url, self._by_title

    def match(self, key: ArticleKey) -> Article | str:
        """The article *key* names, or why there is none (one clause)."""
        for article_id in key.ids:
            if (found := self._article(article_id)) is not None:
                return found
        if not key.url and not key.title:
            return f"its article {key.shown()} is not in this corpus"
        by_url, by_title = self._tables()
        for what, table, value in (
            ("address", by_url, key.url and normalise_url(key.url)),
            ("title", by_title, key.title and normalise_title(key.title)),
        ):
            found_all = table.get(value, []) if value else []
            if len(found_all) == 1:
                return found_all[0]
            if len(found_all) > 1:
                ids = ", ".join(a.id for a in found_all[:3])
                return f"its {what} matches {len(found_all)} articles ({ids}); none was chosen"
        return f"its article {key.shown()} is not in this corpus"
