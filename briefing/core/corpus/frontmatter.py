"""YAML front matter: the metadata block some articles open with, between ``---`` lines.

Front matter wins over what the heuristics read in the text. Its text fields keep the text
exactly as written (``title: No`` is the title "No", not false; see :mod:`.yamltext`), the
date is parsed here, and tags keep their spelling (:func:`.tags.clean_tags`). A block that
is not a mapping of plain YAML is not front matter: the file is read as text, with a
warning naming it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from briefing.core.corpus.metadata import Metadata, parse_date_text
from briefing.core.corpus.tags import clean_tags
from briefing.core.corpus.yamltext import RefusedYaml, load_text_yaml

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.DOTALL)


@dataclass(frozen=True)
class FrontMatter:
    """A file's front matter block, read (empty when there is none or it is refused)."""

    data: dict[str, object]  # keys case-folded; values strings, lists, mappings or None
    body: str  # the text after the block (all of it when there is no usable block)
    lines: int  # how many lines of the file the block took (0 without one)
    warnings: tuple[str, ...] = ()


def split_front_matter(text: str, name: str) -> FrontMatter:
    """The front matter of normalised *text* and the rest of it. *name* labels warnings."""
    m = _FRONT_MATTER.match(text)
    if not m:
        return FrontMatter({}, text, 0)
    try:
        data = load_text_yaml(m.group(1) or "")
    except RefusedYaml as exc:
        return FrontMatter({}, text, 0, (f"{name}: front matter {exc.problem}; read as text",))
    except yaml.YAMLError:
        return FrontMatter({}, text, 0, (f"{name}: front matter is not valid YAML; read as text",))
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return FrontMatter({}, text, 0, (f"{name}: front matter is not a mapping; read as text",))
    keyed = {str(key).casefold(): value for key, value in data.items() if key is not None}
    return FrontMatter(keyed, text[m.end() :], text[: m.end()].count("\n"))


def _text(value: object) -> str | None:
    """A text field: white space collapsed; a list of strings (two authors) joined by
    commas; anything else (a mapping) is not text and gives None."""
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        value = ", ".join(" ".join(v.split()) for v in value if v.strip())
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None


def _tags(value: object) -> list[str]:
    """Tags from a list, or from a string: split at commas when it has any ("human
    rights, migration"), else at white space ("cuba talks"), as static site generators do."""
    if isinstance(value, str):
        value = value.split(",") if "," in value else value.split()
    if not isinstance(value, list):
        return []
    return clean_tags(v for v in value if isinstance(v, str))


def apply_front_matter(data: dict[str, object], meta: Metadata) -> None:
    """Fill *meta* from front matter *data* (as :func:`split_front_matter` gives it).
    A date that is not a real day in a known form is ignored, never guessed at."""
    meta.title = _text(data.get("title"))
    meta.source = _text(data.get("source"))
    meta.byline = _text(data.get("author")) or _text(data.get("byline"))
    meta.url = _text(data.get("url"))
    meta.place = _text(data.get("place"))
    date = _text(data.get("date"))
    meta.date = parse_date_text(date) if date else None
    meta.tags = _tags(data.get("tags"))
