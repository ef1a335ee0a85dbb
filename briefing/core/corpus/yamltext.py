"""YAML read as text: every scalar a string, no anchors, aliases or tags.

PyYAML reads YAML 1.1, where plain scalars silently become other things: ``title: No`` is
``False``, ``tags: [GB, NO, SE]`` holds ``False`` (Norway), ``title: 12:30`` is the
sexagesimal integer 750 and ``date: 2023-01-05`` a ``datetime.date``. Front matter and
cleaning rules are text that people wrote, so here a scalar is the string as written, and
only the null forms (empty, ``~``, ``null``) mean "no value". Callers parse dates and numbers
themselves.

Front matter comes with the corpus and is untrusted: besides safe loading, anchors and
aliases are refused (a few lines of aliases expand into gigabytes: "billion laughs"), and
so are explicit tags (``!!int``, ``!!binary``...), which exist only to make non-strings.
"""

from __future__ import annotations

import yaml

_NULL = "tag:yaml.org,2002:null"
# Tags a parser gives to plain collections and strings; anything else was written as a tag.
_PLAIN_TAGS = {
    None,
    "!",
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}


class RefusedYaml(yaml.MarkedYAMLError):
    """Valid YAML that we do not read: an anchor, an alias or an explicit tag."""


class _TextLoader(yaml.SafeLoader):
    def compose_node(self, parent, index):  # PyYAML is untyped: no annotations to match
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise RefusedYaml(
                problem="uses YAML anchors or aliases, which are not read",
                problem_mark=event.start_mark,
            )
        if getattr(event, "tag", None) not in _PLAIN_TAGS:
            raise RefusedYaml(
                problem=f"uses the YAML tag {event.tag}, which is not read",
                problem_mark=event.start_mark,
            )
        return super().compose_node(parent, index)


# Only the null resolver is kept: every other plain scalar resolves to a string.
_TextLoader.yaml_implicit_resolvers = {
    first: kept
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    if (kept := [(tag, regexp) for tag, regexp in resolvers if tag == _NULL])
}


def load_text_yaml(source: str) -> object:
    """The YAML document in *source* as dicts, lists, strings and None.

    Raises ``yaml.YAMLError`` for text that is not YAML, and :class:`RefusedYaml` (one of
    them) for anchors, aliases or explicit tags.
    """
    loader = _TextLoader(source)  # a SafeLoader subclass: plain types only
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()
