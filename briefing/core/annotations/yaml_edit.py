"""Saving over an annotations file: a save changes only the nodes it changed.

A file briefing wrote itself, unedited since, is rewritten whole by :func:`to_yaml`: that
text is equal to the file but for what changed, and costs ~1 ms warm. A file someone
edited by hand (a colleague's header comment, an inline comment, keys moved or added,
other quoting) is edited instead with ruamel.yaml's round trip, which keeps comments, key
order and quoting of every node it is not asked to change. The round trip is pure Python:
~0.5 s to read and ~0.35 s to write a 200-highlight file on our 2-core machine, against
~50 ms for libyaml cold, so it runs only for the files that need it.

Every edited text is read back with briefing's own loader and must equal the model it
was meant to hold; if it does not (or ruamel cannot read the file), the file is written
by :func:`to_yaml` instead: comments lost rather than data.
"""

from __future__ import annotations

import difflib
import io
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError as RuamelError

from briefing.core.annotations.model import AnnotationFileError, ArticleAnnotations, Highlight
from briefing.core.annotations.yaml_form import (
    from_yaml,
    head_doc,
    highlight_doc,
    highlight_yaml,
    to_yaml,
)
from briefing.core.annotations.yamlio import dump

_TOP_ORDER = ("schema", "article", "read", "starred", "tags", "note", "overrides", "highlights")
_ORDER: dict[str, tuple[str, ...]] = {
    "": _TOP_ORDER,
    "overrides": ("title", "date", "source"),
    "highlight": (
        "id",
        "deleted",
        "created",
        "modified",
        "author",
        "color",
        "note",
        "tags",
        "target",
    ),
    "target": ("exact", "prefix", "suffix", "start", "end", "content_hash"),
}


class _CannotEdit(Exception):
    """The file cannot be edited node by node; it is written whole instead."""


def save_text(
    old: bytes | None, before: ArticleAnnotations | None, after: ArticleAnnotations
) -> str:
    """The text to save for *after*, over the file *old* that parsed as *before*.

    *old* None (no file yet): :func:`to_yaml`. *old* as briefing writes *before*: the same.
    Otherwise *old* with only the nodes that differ between *before* and *after* changed.
    Never raises for a file ruamel.yaml cannot edit: that one is written whole.
    """
    new = to_yaml(after)
    if old is None or before is None or to_yaml(before).encode("utf-8") == old:
        return new
    try:
        edited = _edit(old.decode("utf-8"), before, after)
        back = from_yaml(edited.encode("utf-8"), after.article_id, Path("edited"))
    except (_CannotEdit, RuamelError, AnnotationFileError, UnicodeError, RecursionError):
        return new
    if _same(back, after):
        return edited
    _DOCS.pop(edited, None)
    return new


def _same(read: ArticleAnnotations, meant: ArticleAnnotations) -> bool:
    """*read* holds what *meant* does, hand-added keys included (``==`` leaves ``extra``
    out); highlight order aside, which the loader sorts."""
    ordered = sorted(meant.highlights, key=Highlight.sort_key)
    return (
        read == replace(meant, highlights=ordered)
        and read.extra == meant.extra
        and all(a.extra == b.extra for a, b in zip(read.highlights, ordered, strict=True))
    )


def _yaml(text: str) -> YAML:
    y = YAML(typ="rt")
    y.preserve_quotes = True  # 'on', '2010': quoted for our YAML 1.1 reader, kept so
    y.width = 2**31 - 1  # never fold long lines, as yamlio does
    y.allow_duplicate_keys = True  # PyYAML read such a file: keep what it read
    mapping, offset = _indentation(text)
    y.indent(mapping=mapping, sequence=offset + 2, offset=offset)
    return y


def _indentation(text: str) -> tuple[int, int]:
    """(mapping indent, offset of a block sequence's dash under its key) the file uses;
    ruamel.yaml writes one style for the whole file, so it must be the file's own."""
    mapping = offset = None
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    for parent, child in zip(lines, lines[1:], strict=False):
        if not re.fullmatch(r"\s*[^\s#][^#]*:\s*(#.*)?", parent) or parent.lstrip().startswith("-"):
            continue
        step = (len(child) - len(child.lstrip())) - (len(parent) - len(parent.lstrip()))
        if child.lstrip().startswith("- ") and offset is None and step >= 0:
            offset = step
        elif not child.lstrip().startswith("-") and mapping is None and step > 0:
            mapping = step
    return mapping or 2, offset or 0


# The document of each text we wrote, for the next save of it in this process (the app
# saves one article again and again): reading is ~60 % of a round trip's time.
_DOCS: dict[str, tuple[YAML, CommentedMap]] = {}
_DOCS_MAX = 8


def _edit(text: str, before: ArticleAnnotations, after: ArticleAnnotations) -> str:
    if "\t" in text:  # tab-indented flow content, which ruamel re-indents
        raise _CannotEdit
    cached = _DOCS.pop(text, None)  # popped: a failed edit must not leave it half-changed
    y, doc = cached if cached is not None else (_yaml(text), None)
    if doc is None:
        doc = y.load(text)
    if not isinstance(doc, CommentedMap):
        raise _CannotEdit
    old_head, new_head = head_doc(before), head_doc(after)
    fresh: dict[str, Any] = {}
    for key in ("read", "starred", "tags", "note", "overrides"):
        if old_head[key] != new_head[key]:
            fresh = fresh or y.load(dump(new_head))
            _update(doc, key, old_head[key], new_head[key], fresh[key], "")
    _edit_highlights(y, doc, before, after)
    out = io.StringIO()
    y.dump(doc, out)
    if len(_DOCS) >= _DOCS_MAX:
        _DOCS.clear()
    _DOCS[out.getvalue()] = (y, doc)
    return out.getvalue()


def _edit_highlights(
    y: YAML, doc: CommentedMap, before: ArticleAnnotations, after: ArticleAnnotations
) -> None:
    old = {h.id: h for h in before.highlights}
    new = {h.id: h for h in after.highlights}
    if old == new:
        return
    items = doc.get("highlights")
    if not isinstance(items, CommentedSeq) or not items:  # none yet, or `highlights: []`
        whole = "highlights:\n" + "".join(highlight_yaml(h) for h in after.highlights)
        _put(doc, "highlights", y.load(whole)["highlights"], "")
        return
    ids = [str(item.get("id")) if isinstance(item, CommentedMap) else None for item in items]
    if sorted(map(str, ids)) != sorted(old):  # ids read otherwise than the loader read them
        raise _CannotEdit
    for i in reversed(range(len(items))):
        if ids[i] not in new:
            del items[i]
            del ids[i]
    for i, hid in enumerate(ids):
        was, now = highlight_doc(old[str(hid)]), highlight_doc(new[str(hid)])
        if was != now:
            item = y.load(highlight_yaml(new[str(hid)]))[0]
            for key in dict.fromkeys([*was, *now]):
                _update(items[i], key, was.get(key), now.get(key), item.get(key), "highlight")
    for h in sorted((h for h in after.highlights if h.id not in old), key=Highlight.sort_key):
        at = next((i for i, o in enumerate(ids) if new[str(o)].sort_key() > h.sort_key()), None)
        at = len(ids) if at is None else at
        items.insert(at, y.load(highlight_yaml(h))[0])
        ids.insert(at, h.id)


def _update(node: CommentedMap, key: str, was: Any, now: Any, fresh: Any, where: str) -> None:
    """Make ``node[key]`` hold *now* (plain data; *fresh* is the same as ruamel read it
    from briefing's own dump, styles and all), touching nothing that did not change."""
    if was == now:
        return
    if now is None:
        node.pop(key, None)
        return
    current = node.get(key)
    if key not in node or current is None:
        _put(node, key, fresh, where)
        return
    if isinstance(current, CommentedMap) and isinstance(now, dict) and isinstance(was, dict):
        for sub in dict.fromkeys([*current, *now]):
            if sub in was or sub in now:
                _update(current, sub, was.get(sub), now.get(sub), fresh.get(sub), key)
        return
    if isinstance(current, CommentedSeq) and isinstance(now, list) and current:
        _sync_list(current, now, fresh)
        return
    node[key] = fresh


def _put(node: CommentedMap, key: str, fresh: Any, where: str) -> None:
    """Set ``node[key]``; a new key goes after the keys briefing writes before it."""
    if key in node:
        node[key] = fresh
        return
    order = _ORDER.get(where, ())
    rank = order.index(key) if key in order else len(order)
    at = max((i + 1 for i, k in enumerate(node) if k in order[:rank]), default=0)
    node.insert(at if key in order else len(node), key, fresh)


def _sync_list(current: CommentedSeq, now: list[Any], fresh: CommentedSeq) -> None:
    """Edit *current* into *now* by the fewest inserts and deletes (a tag added is one
    line), matching items as text, as the loader reads tags."""
    have = [str(v).strip() for v in current]
    want = [str(v).strip() for v in now]
    ops = difflib.SequenceMatcher(a=have, b=want, autojunk=False).get_opcodes()
    for op, i1, i2, j1, j2 in reversed(ops):
        if op == "equal":
            continue
        for i in reversed(range(i1, i2)):
            del current[i]
        for k, j in enumerate(range(j1, j2)):
            current.insert(i1 + k, fresh[j])
