"""User configuration: key bindings, highlight labels, author name, theme.

A YAML file in the user config folder, for example:

    author: Ana Analyst
    theme: textual-light     # the app writes this line when you pick a theme
    labels: [key fact, claim, contradiction, question, follow-up]
    keys:            # binding id -> keys, as Textual writes them
      search: "/,ctrl+f"
      quit: "q"
    follow_links_outside: false   # read what symlinks in the corpus lead to outside it
    copies:          # when two articles count as copies of one story (core.index.copies)
      threshold: 0.7      # share of the shorter one's shingles the other must hold
      shingle_words: 5    # words in a shingle
      min_words: 30       # articles shorter than this are never called copies
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from briefing.core.atomic import write_atomic
from briefing.core.errors import Failure

#: Colour labels in key order (``1``-``5``). Annotation files may hold any label string.
DEFAULT_LABELS: tuple[str, ...] = ("key-fact", "claim", "contradiction", "question", "follow-up")


class ConfigError(Failure):
    """The config file is unusable; the message is one line. Defaults apply meanwhile."""


@dataclass(frozen=True)
class CopySettings:
    """When two articles are copies of one story (see ``briefing.core.index.copies``).

    *threshold*: the containment, 0-1, two articles' shingle sets must reach (shared
    shingles over the smaller set's size). 0.7 on the BBC corpus (docs/benchmarks.md) keeps
    a wire story with a paragraph rewritten (0.72) and leaves out follow-up stories that
    re-use a few paragraphs (0.6 and below). *shingle_words*: words per shingle; five is
    long enough that stock phrases ("the prime minister said on") rarely make two
    stories meet. *min_words*: shorter articles are left out of matching: a few lines
    ("Source link", a caption) are contained in too much.
    """

    threshold: float = 0.7
    shingle_words: int = 5
    min_words: int = 30


@dataclass(frozen=True)
class Config:
    author: str | None = None
    labels: tuple[str, ...] = DEFAULT_LABELS
    keys: dict[str, str] = field(default_factory=dict)
    theme: str | None = None
    follow_links_outside: bool = False
    copies: CopySettings = field(default_factory=CopySettings)


def load_config(path: Path) -> Config:
    """Read the config at `path`; a missing file gives the defaults. Raises ConfigError."""
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        return Config()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the config ({exc}); using defaults") from exc
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML; fix it or remove it (defaults in use)") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping (author, labels, keys); defaults in use")
    author = data.get("author")
    labels = data.get("labels") or DEFAULT_LABELS
    keys = data.get("keys") or {}
    if not isinstance(labels, list | tuple) or not all(isinstance(x, str) for x in labels):
        raise ConfigError(f"{path}: 'labels' must be a list of names; defaults in use")
    if not isinstance(keys, dict):
        raise ConfigError(f"{path}: 'keys' must map binding ids to keys; defaults in use")
    theme = data.get("theme")
    follow = data.get("follow_links_outside", False)
    if not isinstance(follow, bool):
        raise ConfigError(f"{path}: 'follow_links_outside' must be true or false; defaults in use")
    return Config(
        author=str(author) if author else None,
        labels=tuple(labels)[:9],
        keys={str(k): str(v) for k, v in keys.items()},
        theme=str(theme) if isinstance(theme, str) and theme.strip() else None,
        follow_links_outside=follow,
        copies=_copy_settings(path, data.get("copies")),
    )


def _copy_settings(path: Path, data: object) -> CopySettings:
    """The ``copies:`` mapping as :class:`CopySettings` (defaults for keys left out).
    Raises ConfigError naming the key at fault."""
    if data is None:
        return CopySettings()
    if not isinstance(data, dict):
        raise ConfigError(
            f"{path}: 'copies' must map threshold, shingle_words, min_words; defaults in use"
        )
    unknown = sorted(set(map(str, data)) - {"threshold", "shingle_words", "min_words"})
    if unknown:
        raise ConfigError(f"{path}: 'copies' has no setting {unknown[0]!r}; defaults in use")
    default = CopySettings()
    threshold = data.get("threshold", default.threshold)
    # bool is an int to Python: "threshold: yes" must not pass as 1.
    if isinstance(threshold, bool) or not isinstance(threshold, int | float):
        threshold = -1.0
    if not 0 < threshold <= 1:
        raise ConfigError(
            f"{path}: 'copies.threshold' must be a number above 0, at most 1; defaults in use"
        )
    counts = {}
    for key, low in (("shingle_words", 1), ("min_words", 0)):
        value = data.get(key, getattr(default, key))
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise ConfigError(
                f"{path}: 'copies.{key}' must be a whole number of at least {low}; defaults in use"
            )
        counts[key] = value
    return CopySettings(float(threshold), counts["shingle_words"], counts["min_words"])


def save_theme(path: Path, theme: str) -> None:
    """Set ``theme:`` in the config file at *path*, changing that one line (or adding it,
    or creating the file): the user's comments and other settings stay as they are.
    Raises :class:`Failure` (one line, naming the file) when it cannot be written."""
    try:
        _write_theme(path, theme)
    except OSError as exc:
        raise Failure(f"Cannot save the theme in {path}: {exc.strerror or exc}") from exc


def _write_theme(path: Path, theme: str) -> None:
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        text = ""
    line = f"theme: {json.dumps(theme)}"  # a JSON string is a YAML double-quoted scalar
    pattern = re.compile(r"^theme[ \t]*:.*$", re.MULTILINE)
    if pattern.search(text):
        text = pattern.sub(lambda _: line, text, count=1)
    else:
        text = text + ("" if not text or text.endswith("\n") else "\n") + line + "\n"
    write_atomic(path, text.encode("utf-8"))
