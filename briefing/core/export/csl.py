"""Citations of a briefing's articles as CSL-JSON, for Zotero and other reference managers.

One ``article-newspaper`` item per article that carries highlights in the export, in
export order, with the analyst's corrections applied: ``id`` (the article id), ``title``,
``container-title`` (the source), ``author`` (the byline as one literal name: bylines
such as "By Ana Rodríguez and Staff" do not split into given and family names reliably),
``issued`` (``date-parts`` of the article's date) and ``URL``. Fields the article lacks
are left out, as the CSL schema (https://citationstyles.org, csl-data.json) allows.
"""

from __future__ import annotations

import json
from typing import Any

from briefing.core.corpus import parse_iso_date
from briefing.core.export.model import ArticleRef, Briefing


def _item(a: ArticleRef) -> dict[str, Any]:
    item: dict[str, Any] = {"id": a.id, "type": "article-newspaper", "title": a.title}
    if a.source:
        item["container-title"] = a.source
    if a.byline:
        item["author"] = [{"literal": a.byline}]
    if a.date and (day := parse_iso_date(a.date)) is not None:
        item["issued"] = {"date-parts": [[day.year, day.month, day.day]]}
    if a.url:
        item["URL"] = a.url
    return item


def to_csl(briefing: Briefing) -> list[dict[str, Any]]:
    """The CSL-JSON items (JSON-ready dicts) of the articles with highlights."""
    cited = {e.article.id for e in briefing.entries}
    return [_item(a) for a in briefing.articles if a.id in cited]


def to_csl_json(briefing: Briefing) -> str:
    """:func:`to_csl` as indented UTF-8 JSON text (a JSON array, non-ASCII kept as is)."""
    return json.dumps(to_csl(briefing), ensure_ascii=False, indent=2) + "\n"
