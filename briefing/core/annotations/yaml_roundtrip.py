"""The ruamel.yaml side of :mod:`briefing.core.annotations.yaml_edit`: edit a hand-edited
annotations file node by node. Imported only when a file needs it (importing ruamel.yaml
costs 15-35 ms, paid by every command otherwise)."""

from __future__ import annotations

import difflib
import io
import re
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from briefing.core.annotations.model import ArticleAnnotations, Highlight
from briefing.core.annotations.yaml_edit import CannotEdit
from briefing.core.annotations.yaml_form import (
    _HIGHLIGHT_KEYS,
    _OVERRIDE_KEYS,
    _TOP_KEYS,
    head_doc,
    highlight_doc,
    highlight_yaml,
)
from briefing.core.annotations.yamlio import dump

# Where briefing puts each key it writes: new keys go after those that precede them here.
_ORDER: dict[str, tuple[str, ...]] = {
    "": _TOP_KEYS,
    "overrides": _OVERRIDE_KEYS,
    "highlight": _HIGHLIGHT_KEYS,
    "target": ("exact", "prefix", "suffix", "start", "end", "content_hash"),
}


# The document of each text we wrote, for the next save of it in this process (the app
# saves one article again and again): reading is ~60 % of a round trip's time.
_DOCS: dict[str, tuple[YAML, CommentedMap]] = {}
_DOCS_MAX = 8


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


def edit(text: str, before: ArticleAnnotations, after: ArticleAnnotations) -> str:
    """*text* (which parsed as *before*) changed where *after* differs; :class:`CannotEdit`
    when ruamel.yaml cannot read it or it is not a mapping."""
    try:
        return _edit(text, before, after)
    except YAMLError:
        raise CannotEdit from None


def forget(text: str) -> None:
    """Drop the cached document of *text* (an edit that did not read back as meant)."""
    _DOCS.pop(text, None)


def _edit(text: str, before: ArticleAnnotations, after: ArticleAnnotations) -> str:
    cached = _DOCS.pop(text, None)  # popped: a failed edit must not leave it half-changed
    y, doc = cached if cached is not None else (_yaml(text), None)
    if doc is None:
        doc = y.load(text)
    if not isinstance(doc, CommentedMap):
        raise CannotEdit
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
        raise CannotEdit
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
