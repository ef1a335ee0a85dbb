"""YAML that people read, diff and edit by hand.

Written in block style, keys in the order given, unicode as itself, multi-line strings as
literal blocks (``|``), timestamps and dates unquoted, and no line folding (a one-word edit
is a one-line diff). Read with a safe loader only: these files come from other people.
"""

from __future__ import annotations

from typing import Any

import yaml

# libyaml's parser and emitter are ~10x faster than PyYAML's pure-Python ones. CSafeLoader
# builds objects with the same SafeConstructor as yaml.safe_load: plain data, nothing else.
_BaseDumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Characters YAML normalises or cannot keep inside a literal block.
_NOT_IN_BLOCK = frozenset("\r\x85\u2028\u2029\ufeff")


class Timestamp(str):
    """A string to write as a plain YAML timestamp or date (``2025-01-02T03:04:05Z``).

    ``yaml.safe_load`` reads such a value back as a ``datetime`` or ``date``, not a string.
    """


class _Dumper(_BaseDumper):  # type: ignore[valid-type, misc]
    pass


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    # Only ask for a literal block; the emitter itself falls back to quotes when a block
    # cannot hold the string exactly (trailing spaces on a line, control characters...).
    if "\n" in data and _NOT_IN_BLOCK.isdisjoint(data):
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|")
    return dumper.represent_str(data)


def _represent_timestamp(dumper: yaml.SafeDumper, data: Timestamp) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", str(data))


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(Timestamp, _represent_timestamp)


def dump(data: Any) -> str:
    """Serialise *data* (dicts, lists, str, int, bool, None, :class:`Timestamp`) readably."""
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=2**31 - 1,  # never fold long lines
    )


def load(text: str) -> Any:
    """Parse YAML safely, as ``yaml.safe_load`` does (plain data only, never arbitrary
    objects), with libyaml when available. Raises ``yaml.YAMLError``."""
    return yaml.load(text, Loader=_SafeLoader)  # noqa: S506 - a safe loader
