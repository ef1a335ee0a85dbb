"""YAML that people read, diff and edit by hand.

Written in block style, keys in the order given, unicode as itself, multi-line strings as
literal blocks (``|``), timestamps and dates unquoted, and no line folding (a one-word edit
is a one-line diff). Read with a safe loader only, and without anchors or aliases: these
files come from other people.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import yaml
from yaml.composer import Composer, ComposerError
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

# libyaml's emitter is ~10x faster than PyYAML's pure-Python one. The store caches what it
# parsed by the file's bytes, so a save after our own save does not parse again.
_BaseDumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


# --- reading ---------------------------------------------------------------------------


class AliasRefused(ComposerError):
    """An anchor (``&a``) or alias (``*a``): annotation files may hold neither.

    A 485-byte file of nine nested aliases stands for 9**9 strings: it parsed fine (the
    parsed tree shares its nodes), and then every save that copied or printed the tree
    took 24-45 s and up to 6 GB. briefing never writes an anchor, so one in a file was
    put there by hand or by someone else's tool.
    """

    def __init__(self, what: str, name: str, mark: Any) -> None:
        self.what, self.name = what, name
        super().__init__(None, None, f"{what} {name}", mark)


class _NoAliases(Composer):
    """PyYAML's composer, refusing any node with an anchor and any alias before it is
    followed (so nothing is ever built from one)."""

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        event = self.peek_event()  # type: ignore[attr-defined]
        if isinstance(event, AliasEvent):
            raise AliasRefused("alias", f"*{event.anchor}", event.start_mark)
        if getattr(event, "anchor", None) is not None:
            raise AliasRefused("anchor", f"&{event.anchor}", event.start_mark)
        return super().compose_node(parent, index)


_STR, _MAP, _SEQ, _INT, _BOOL, _NULL, _TIMESTAMP = (
    f"tag:yaml.org,2002:{t}" for t in ("str", "map", "seq", "int", "bool", "null", "timestamp")
)
# Scalars whose safe constructor is a plain function of the node's text.
_SCALARS = frozenset(
    f"tag:yaml.org,2002:{t}" for t in ("int", "bool", "null", "float", "timestamp")
)
# How plain scalars resolved, by their text (keys, labels, authors recur in every highlight).
_RESOLVED: dict[str, str] = {}
_RESOLVED_MAX, _RESOLVED_LONGEST = 50_000, 64


class _Unusual(Exception):
    """A node the quick construction leaves to PyYAML's own (merge keys, sets, tags...)."""


class _QuickResolve:
    """PyYAML's resolution of untagged scalars, quicker: a scalar quoted or in a block is
    text at once (no implicit types, no path resolvers), a plain one's tag is remembered by
    its text. Loading resolves every scalar once, dumping twice (to tell whether it may
    stand plain), and a file of 51k highlights has 1.5 million of them."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is ScalarNode:
            if not implicit[0]:  # quoted or a block: no implicit type (and no path resolvers)
                return _STR
            tag = _RESOLVED.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)  # type: ignore[misc]
                if len(value) <= _RESOLVED_LONGEST:
                    if len(_RESOLVED) >= _RESOLVED_MAX:
                        _RESOLVED.clear()
                    _RESOLVED[value] = tag
            return tag
        return super().resolve(kind, value, implicit)  # type: ignore[misc]


class _QuickData(_QuickResolve):
    """PyYAML's safe resolution and construction, quicker for what annotation files hold.

    A 27 MB file of 51k highlights took 48 s to load with CSafeLoader on our 2-core
    machine (issue 14): libyaml parses it in C, but every scalar is then resolved (a regex
    per text) and constructed in Python, through bookkeeping meant for aliases and
    recursive nodes that these files, refused any anchor, cannot have. Here scalars are
    resolved by :class:`_QuickResolve`, and maps, lists, text, numbers, flags, nulls and
    times are built by one small function.
    Anything else (a merge key, a set, a tag of its own, very deep nesting, a key that is
    a list) builds the whole document the usual way, so the result is always what
    SafeConstructor makes of it.
    """

    def get_single_data(self) -> Any:
        node = self.get_single_node()  # type: ignore[attr-defined]
        if node is None:
            return None
        try:
            return self._quick(node, 0)
        except _Unusual:
            return self.construct_document(node)  # type: ignore[attr-defined]

    def _quick(self, node: Node, depth: int) -> Any:
        tag, kind = node.tag, type(node)
        if kind is ScalarNode and tag == _STR:
            return node.value
        if depth > 100:  # PyYAML's constructor unwinds deep nesting without recursion
            raise _Unusual
        if kind is MappingNode and tag == _MAP:
            out = {}
            for key_node, value_node in node.value:
                key = self._quick(key_node, depth + 1)
                if isinstance(key, dict | list):  # unhashable: PyYAML's error
                    raise _Unusual
                out[key] = self._quick(value_node, depth + 1)
            return out
        if kind is SequenceNode and tag == _SEQ:
            return [self._quick(item, depth + 1) for item in node.value]
        if kind is ScalarNode and tag in _SCALARS:
            return self.yaml_constructors[tag](self, node)  # type: ignore[attr-defined]
        raise _Unusual


class _CheckedLoader(_QuickData, _NoAliases, yaml.SafeLoader):
    """Pure Python: PyYAML's safe loader, refusing anchors and aliases."""


def _checked_c_loader() -> type | None:
    """libyaml's parser under PyYAML's composer (which checks every event) and safe
    constructor: ~6x faster than :class:`_CheckedLoader` on a 200-highlight file, ~1.4x
    slower than CSafeLoader, whose composer, in C, follows aliases without asking us."""
    try:
        from yaml._yaml import CParser
    except ImportError:  # PyYAML built without libyaml
        return None

    class _CheckedCLoader(
        _QuickData, _NoAliases, CParser, yaml.constructor.SafeConstructor, yaml.resolver.Resolver
    ):
        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)
            Composer.__init__(self)

    return _CheckedCLoader


class _FastLoader(_QuickData, getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's CSafeLoader (~8x PyYAML's own), its scalars resolved and built quickly."""


#: For text that holds no anchor and no alias (see :func:`load`): the fastest safe loader
#: there is, whose composer (in C) would follow an alias without asking us.
FAST_LOADER: type = _FastLoader
#: For any other text: a safe loader that refuses anchors and aliases.
CHECKED_LOADER: type = _checked_c_loader() or _CheckedLoader

# Characters YAML normalises or cannot keep inside a literal block.
_NOT_IN_BLOCK = frozenset("\r\x85\u2028\u2029\ufeff")


# --- writing ---------------------------------------------------------------------------


class Timestamp(str):
    """A string to write as a plain YAML timestamp or date (``2025-01-02T03:04:05Z``).

    ``yaml.safe_load`` reads such a value back as a ``datetime`` or ``date``, not a string.
    """


def _str_node(data: str, default_style: str | None) -> ScalarNode:
    # Only ask for a literal block; the emitter itself falls back to quotes when a block
    # cannot hold the string exactly (trailing spaces on a line, control characters...).
    if _NOT_IN_BLOCK.isdisjoint(data):
        return ScalarNode(_STR, data, style="|" if "\n" in data else default_style)
    # Double quotes, where each is escaped: PyYAML's own emitter writes a lone NEL (\x85)
    # bare, and it reads back as a space.
    return ScalarNode(_STR, data, style='"')


class _QuickRepresent:
    """PyYAML's safe representer, quicker for plain data: the nodes it would make for
    dicts, lists, text, whole numbers, flags, None and :class:`Timestamp`, made directly
    (anything else goes to PyYAML's own). The generic dispatch was most of the ~0.4 ms a
    highlight's dump took, and an import of 100k highlights dumps each once."""

    def represent_data(self, data: Any) -> Node:
        kind = type(data)
        if kind is str:
            return _str_node(data, self.default_style)  # type: ignore[attr-defined]
        if kind is Timestamp:
            return ScalarNode(_TIMESTAMP, str(data), style=self.default_style)  # type: ignore[attr-defined]
        if kind is int:
            return ScalarNode(_INT, str(data), style=self.default_style)  # type: ignore[attr-defined]
        if kind is bool:
            return ScalarNode(_BOOL, "true" if data else "false", style=self.default_style)  # type: ignore[attr-defined]
        if data is None:
            return ScalarNode(_NULL, "null", style=self.default_style)  # type: ignore[attr-defined]
        if (kind is dict and not self.sort_keys) or kind is list:  # type: ignore[attr-defined]
            return self._collection(data)
        return super().represent_data(data)  # type: ignore[misc]

    def _collection(self, data: dict | list) -> Node:
        # The same object twice is an alias, as PyYAML makes it (briefing's data has none).
        seen = self.represented_objects.get(id(data))  # type: ignore[attr-defined]
        if seen is not None:
            return seen
        self.object_keeper.append(data)  # type: ignore[attr-defined]
        items: list[Any] = []
        node: Node
        if isinstance(data, dict):
            node = MappingNode(_MAP, items)
            self.represented_objects[id(data)] = node  # type: ignore[attr-defined]
            for key, value in data.items():
                items.append((self.represent_data(key), self.represent_data(value)))
            nodes = [n for pair in items for n in pair]
        else:
            node = SequenceNode(_SEQ, items)
            self.represented_objects[id(data)] = node  # type: ignore[attr-defined]
            items += [self.represent_data(item) for item in data]
            nodes = items
        style = self.default_flow_style  # type: ignore[attr-defined]
        if style is None:  # flow style only when every item is a plain scalar
            style = all(isinstance(n, ScalarNode) and not n.style for n in nodes)
        node.flow_style = style
        return node


class _Dumper(_QuickResolve, _QuickRepresent, _BaseDumper):  # type: ignore[valid-type, misc]
    pass


class _PythonDumper(_QuickResolve, _QuickRepresent, yaml.SafeDumper):
    """PyYAML's own emitter: for text libyaml would escape (see :func:`dump`)."""


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    """A str subclass (the quick path takes str itself): as :func:`_str_node`."""
    return _str_node(data, dumper.default_style)


def _represent_timestamp(dumper: yaml.SafeDumper, data: Timestamp) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", str(data))


for _dumper in (_Dumper, _PythonDumper):
    _dumper.add_representer(str, _represent_str)
    _dumper.add_representer(Timestamp, _represent_timestamp)


def dump(data: Any, *, python: bool | None = None) -> str:
    """Serialise *data* (dicts, lists, str, int, bool, None, :class:`Timestamp`) readably.

    *python*: use PyYAML's pure-Python emitter (True) or libyaml's (False); by default
    libyaml's, unless :func:`needs_python_emitter` says its output escaped something.
    """
    if python is None:
        text = _dump(data, _Dumper)
        return _dump(data, _PythonDumper) if needs_python_emitter(text) else text
    return _dump(data, _PythonDumper if python else _Dumper)


def needs_python_emitter(libyaml_text: str) -> bool:
    """True when libyaml's output escaped a character beyond U+FFFF.

    libyaml counts those unprintable, so "Tone check 👍" came out as a double-quoted
    ``"Tone check \\U0001F44D\\nSecond line"`` instead of itself in a ``|`` block.
    PyYAML's own emitter writes them as they are, ~6x slower: used only for such text
    (a literal backslash-U in a note picks it too, harmlessly).
    """
    return "\\U" in libyaml_text


def _dump(data: Any, dumper: type) -> str:
    return yaml.dump(
        data,
        Dumper=dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=2**31 - 1,  # never fold long lines
    )


# Where an anchor (&a) or alias (*a) could stand: "&" or "*" after the start, white space
# or punctuation, and before a character that may begin an anchor's name (not white space,
# not a flow indicator: the name is never empty). A node starts only there: after a line
# break or blank, a flow "[", "{", ",", or a ":" or "?" in flow context, never straight
# after a letter or digit. So "R&D", "AT&T", "3*4", " & " and " * " are text without
# asking, and a file full of them keeps the fast loader. (libyaml's names are letters,
# digits, "_" and "-"; YAML 1.2 allows more, so any other character counts too.)
_ALNUM = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_NOT_A_NAME = frozenset(",[]{}")


def _may_hold_anchor(text: str) -> bool:
    """True if an anchor or alias may stand in *text* (see above). Each "&" and "*" found
    with str.find: a regex for the same took 0.6-0.9 s over a 27 MB file."""
    for mark in "&*":
        at = text.find(mark)
        while at >= 0:
            after = text[at + 1 : at + 2]
            if (
                (at == 0 or text[at - 1] not in _ALNUM)
                and after
                and not after.isspace()
                and after not in _NOT_A_NAME
            ):
                return True
            at = text.find(mark, at + 1)
    return False


def load(text: str) -> Any:
    """Parse YAML safely (plain data only), refusing anchors and aliases.

    Raises ``yaml.YAMLError``: :class:`AliasRefused` for an anchor or alias. A document
    nested too deeply for the parser raises ``yaml.YAMLError`` (libyaml stops at 1000
    levels) or ``RecursionError`` (PyYAML's composer recurses once per level).
    """
    # No escape makes an anchor or alias: text without the pattern holds neither, and
    # goes to the loader that could not refuse one. Any other text is checked event by
    # event (a "*word*" in a note costs that file ~1.4x, not an error).
    loader = CHECKED_LOADER if _may_hold_anchor(text) else FAST_LOADER
    return _parse(text, loader)


@contextmanager
def paused_gc() -> Iterator[None]:
    """The cyclic garbage collector off for the block (and back on after, if it was).

    Reading a big file makes millions of small objects, none of them garbage, and the
    collector walked them all again and again: loading 51k highlights took twice as long
    with it on. Threads that pause it together leave it on when the first one is done.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _parse(text: str, loader_class: Any) -> Any:
    """One document through *loader_class* (one of our safe loaders: plain data only),
    as ``yaml.load`` does it, without naming the general loader at any call site."""
    loader = loader_class(text)
    try:
        with paused_gc():
            return loader.get_single_data()
    finally:
        loader.dispose()
