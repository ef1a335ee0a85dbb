"""YAML that people read, diff and edit by hand.

Written in block style, keys in the order given, unicode as itself, multi-line strings as
literal blocks (``|``), timestamps and dates unquoted, and no line folding (a one-word edit
is a one-line diff). Read with a safe loader only: these files come from other people.
"""

from __future__ import annotations

from typing import Any

import yaml

# libyaml's emitter is ~10x faster than PyYAML's pure-Python one. Reading stays with
# yaml.safe_load, the house rule for files that come from other people; the store caches
# what it parsed by the file's bytes, so a save after our own save does not parse again.
_BaseDumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

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
    """Parse YAML with ``yaml.safe_load`` (plain data only). Raises ``yaml.YAMLError``."""
    return yaml.safe_load(text)
